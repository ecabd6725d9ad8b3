"""``python -m kehoach`` is the ``kehoach`` command."""

import sys

from .cli import main

sys.exit(main())
