"""CI entry point: build the help center described by mkdocs.yml (see `--help`)."""

import sys

from kb.cli.build import run

if __name__ == "__main__":
    sys.exit(run(sys.argv[1:]))
