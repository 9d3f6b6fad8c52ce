"""``python -m app``: the GUI without arguments, the CLI with a subcommand."""

import sys

from app.cli import main

if __name__ == "__main__":
    sys.exit(main())
