"""Work shared across processor cores: the main process forks helpers that inherit everything built so far.

Forking (rather than a pool that pickles its work) means the Jinja environment, the site model and the page
plan are shared as they are; only each helper's results travel back, through a pipe. Results come back in
the order of the items, so the output does not depend on how the work was split.
"""
from __future__ import annotations

import contextlib
import os
import pickle
import select
import signal
import traceback
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")


class HelperFailed(RuntimeError):
    """A forked helper hit a bug of ours; carries its traceback."""


def default_jobs() -> int:
    """Return how many processes to use: one per processor core this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


MIN_PER_JOB = 32  # fewer items than this per process are not worth a fork


def fork_map(func: Callable[[T], R], items: Sequence[T], jobs: int) -> list[R]:
    """Return [func(item) for item in items], computed by up to `jobs` processes where fork is available.

    Process k takes every jobs-th item from the k-th, so that a list whose costly items come together (people's
    files, then programmes' folders; a programme's pages, then the catalogue's) is shared out evenly.
    """
    jobs = min(jobs, len(items) // MIN_PER_JOB)
    if jobs <= 1 or not hasattr(os, "fork"):
        return [func(item) for item in items]
    helpers: list[tuple[int, int] | None] = []
    for k in range(1, jobs):
        try:
            helpers.append(_fork(func, items[k::jobs]))
        except OSError:  # no process to spare (EAGAIN, ENOMEM): this share is done here
            helpers.append(None)
    try:
        shares = [[func(item) for item in items[k::jobs]] if k == 0 or helpers[k - 1] is None else []
                  for k in range(jobs)]
    finally:
        gathered = [_gather(*helper) if helper else (True, None) for helper in helpers]  # always reaped
    for k, (ok, value) in enumerate(gathered, 1):
        if not ok:
            raise HelperFailed(value)
        if helpers[k - 1] is not None:
            shares[k] = value  # type: ignore[assignment]
    results: list[R] = [None] * len(items)  # type: ignore[list-item]
    for k, share in enumerate(shares):
        results[k::jobs] = share
    return results


class Later(Generic[R]):
    """The result of work begun in a forked helper, or done at once."""

    def __init__(self, func: Callable[[], R], fork: bool):
        self.helper = None
        if fork and hasattr(os, "fork"):
            with contextlib.suppress(OSError):  # no process to spare (EAGAIN, ENOMEM): the work is done here
                self.helper = _fork(lambda _: func(), [None])
        self.value: list[R] = [] if self.helper else [func()]

    def ready(self) -> bool:
        """Say whether the work is done (a helper starts writing its result only when it has finished)."""
        return self.helper is None or bool(select.select([self.helper[1]], [], [], 0)[0])

    def result(self) -> R:
        """Wait for the work to finish and return what it made; raise HelperFailed for a bug of ours."""
        if not self.value:
            helper, self.helper = self.helper, None  # collected here, whatever happens: never stopped later
            assert helper is not None
            ok, value = _gather(*helper)
            if not ok:
                raise HelperFailed(value)
            self.value = value  # type: ignore[assignment]  # the helper's list of one result
        return self.value[0]

    def cancel(self) -> None:
        """Stop the helper if it is still at work (the build stopped before it needed the result); it stops as
        an exception would stop it, so that a file it was writing is not left half-written (see _fork)."""
        if self.helper is not None:
            (pid, reader), self.helper = self.helper, None
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)
            os.close(reader)
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)


@contextmanager
def meanwhile(func: Callable[[], R], jobs: int) -> Iterator[Later[R]]:
    """Begin `func` in a forked helper, where there is more than one processor core to use, while the caller
    does other work; the helper is stopped if the caller leaves before asking for its result."""
    later = Later(func, jobs > 1)
    try:
        yield later
    finally:
        later.cancel()


def _gather(pid: int, reader: int) -> tuple[bool, object]:
    """Read a helper's result and reap it (whatever happens while reading)."""
    try:
        with os.fdopen(reader, "rb") as pipe:
            data = pipe.read()
    finally:
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, 0)
    return pickle.loads(data) if data else (False, "the helper process ended without a result")


def _stopped(signum: int, frame: object) -> None:
    raise SystemExit(1)


def _fork(func: Callable[[T], R], chunk: Sequence[T]) -> tuple[int, int]:
    """Start a helper process computing `func` over `chunk`; return its pid and the pipe its result comes in."""
    reader, writer = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(reader)
        os.close(writer)
        raise
    if pid:
        os.close(writer)
        return pid, reader
    status = 1
    try:  # the helper never leaves this block but by os._exit: it must not run on in the parent's code
        signal.signal(signal.SIGTERM, _stopped)  # Later.cancel: unwind (cache.write_atomically tidies up)
        os.close(reader)
        try:
            payload = pickle.dumps((True, [func(item) for item in chunk]), protocol=pickle.HIGHEST_PROTOCOL)
        except BaseException:  # noqa: BLE001 - report any failure to the parent, which raises it
            payload = pickle.dumps((False, traceback.format_exc()))
        with os.fdopen(writer, "wb") as pipe:
            pipe.write(payload)
        status = 0
    finally:
        os._exit(status)
