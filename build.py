#!/usr/bin/env python3
"""Build the programme brochure site: `python build.py [build|check|serve] [--today YYYY-MM-DD] …`."""
import sys

from prospectus.cli import main

if __name__ == "__main__":
    sys.exit(main())
