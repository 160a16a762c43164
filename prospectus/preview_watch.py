"""An event-driven file watcher for livereload (on watchfiles): a save rebuilds at once, not on the next poll."""
from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from livereload.watcher import Watcher


class ChangeWatcher(Watcher):
    """Watch folders with the operating system's file events; rebuild, then tell browsers to reload."""

    def __init__(self, folders: Iterable[Path], rebuild: Callable[[list[str]], None], reload: Callable[[], None]):
        super().__init__()
        self.folders = [f for f in folders if f.is_dir()]
        self.rebuild = rebuild
        self.reload = reload
        self.stop_event = threading.Event()
        self.thread: threading.Thread | None = None

    def start(self, callback: Callable[[], Any]) -> bool:
        """Start watching in a background thread; tell livereload not to poll."""
        from tornado.ioloop import IOLoop
        loop = IOLoop.current()
        self.thread = threading.Thread(target=self._run, args=(loop,), name="prospectus-watch", daemon=True)
        self.thread.start()
        return True

    def examine(self) -> tuple[str | None, None]:
        return None, None

    def _run(self, loop: Any) -> None:
        import watchfiles
        for changes in watchfiles.watch(*self.folders, stop_event=self.stop_event, step=10, debounce=400,
                                        raise_interrupt=False):
            paths = sorted({path for _, path in changes if not _is_noise(path)})
            if not paths:
                continue
            self.rebuild(paths)
            loop.add_callback(self.reload)

    def stop(self) -> None:
        self.stop_event.set()


def _is_noise(path: str) -> bool:
    name = Path(path).name
    return name.startswith(".") or name.endswith(("~", ".swp", ".swx", ".tmp")) or name.startswith("#")
