"""``python -m zfxxgk``: the same as the ``zfxxgk`` command."""

import sys

from ._cli import main

sys.exit(main())
