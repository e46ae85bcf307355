"""Entry point of `python -m townlet_train`."""

import sys

from .cli import main

sys.exit(main())
