#!/usr/bin/env python3
"""Build the programme brochure site: `python build.py [build|check|serve] [--today YYYY-MM-DD] …`."""
import os
import sys

from prospectus.cli import main

if __name__ == "__main__":
    status = main()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)  # not sys.exit: tearing down every object a large build made takes longer than the OS does
