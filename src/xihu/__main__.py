import sys

from xihu.cli import main

sys.exit(main())
