"""A progress line for long builds: shown only on a terminal, and only once a build has taken a second."""
from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    """Say which stage a build is in, on one line of the terminal that is rewritten in place."""

    def __init__(self, stream: TextIO | None = None, delay: float = 1.0):
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty()
        self.started = time.monotonic()
        self.delay = delay
        self.shown = False

    def stage(self, text: str) -> None:
        """Show the stage the build has reached, once it has run for longer than the delay."""
        if self.enabled and time.monotonic() - self.started >= self.delay:
            self.stream.write(f"\r\033[K{text}…")
            self.stream.flush()
            self.shown = True

    def done(self) -> None:
        """Clear the progress line before the final message."""
        if self.shown:
            self.stream.write("\r\033[K")
            self.stream.flush()
