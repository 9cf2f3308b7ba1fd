import sys

from frictionaudit.cli import main

if __name__ == "__main__":  # Dask's worker processes import __main__ again
    sys.exit(main())
