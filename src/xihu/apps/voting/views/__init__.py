"""Pages of voting week: the station desk, the tablet, seals, paper entry, the public figures."""
