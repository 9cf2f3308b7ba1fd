import sys

from frictionaudit.cli import main

sys.exit(main())
