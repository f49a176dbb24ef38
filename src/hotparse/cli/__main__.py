"""``python -m hotparse.cli``: the ``hotparse`` command."""

import sys

from hotparse.cli import main

if __name__ == "__main__":  # not when a worker process imports this module again
    sys.exit(main())
