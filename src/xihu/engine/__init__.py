"""Xihu's participatory-budgeting counting engine (pure Python + numpy, no Django).

Modules: :mod:`~xihu.engine.model` (projects, instances, ballot profiles),
:mod:`~xihu.engine.ballots` (validity of one ballot), :mod:`~xihu.engine.tally` (counting),
:mod:`~xihu.engine.rules` (greedy, greedy-stop, Equal Shares, Phragmén),
:mod:`~xihu.engine.pabulib` (``.pb`` files), :mod:`~xihu.engine.replay` (replaying a file's own
rule) and :mod:`~xihu.engine.cli` (``xihu pb ...``). See ``docs/engine.md``.
"""
