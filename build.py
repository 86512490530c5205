#!/usr/bin/env python3
"""Registre's command: `python build.py [build|check|serve|new|import] --help`."""

import sys

from registre.cli import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
