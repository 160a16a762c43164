#!/usr/bin/env python3
"""Build the programme brochure site: `python build.py [build|check|serve] [--today YYYY-MM-DD] …`."""
import os
import sys

from prospectus.cli import main

if __name__ == "__main__":
    status = main()
    sys.stdout.flush()
    sys.stderr.flush()
    # Leave without freeing the build's millions of objects one by one (a tenth of a second at a thousand
    # programmes; the CLI holds the last build's result, and with it all the build made, until now): every file
    # is written and closed by now, and nothing is left for Python to do at exit.
    os._exit(status)
