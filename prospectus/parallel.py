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


class HelperStopped(HelperFailed):
    """A forked helper was stopped from outside (by a signal, such as the system's when it runs out of memory)
    or could not leave its result: no bug of ours, and nothing it made can be used."""


def _failure(value: object) -> HelperFailed:
    """Return the error for a helper that gave no result: `value` is what _gather said of it."""
    return value if isinstance(value, HelperStopped) else HelperFailed(value)


def default_jobs() -> int:
    """Return how many processes to use: one per processor core this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def _gather_all(helpers: list[tuple[int, int, int] | None]) -> list[tuple[bool, object]]:
    """Gather every helper's result; each is reaped, whatever happens while another is gathered."""
    gathered: list[tuple[bool, object]] = []
    try:
        for helper in helpers:
            gathered.append(_gather(*helper) if helper else (True, None))
    finally:
        for helper in helpers[len(gathered) + 1:]:  # left when gathering one raised (Ctrl-C)
            if helper:
                with contextlib.suppress(BaseException):
                    _gather(*helper)
    return gathered


class Later(Generic[R]):
    """The result of work begun in a forked helper, or done at once."""

    def __init__(self, func: Callable[[], R], fork: bool):
        self.helper = None
        if fork and hasattr(os, "fork"):
            with contextlib.suppress(OSError):  # no process to spare (EAGAIN, ENOMEM): the work is done here
                self.helper = _fork(lambda _: func(), [None])
        self.value: list[R] = [] if self.helper else [func()]
        self.failed: HelperFailed | None = None

    def ready(self) -> bool:
        """Say whether the work is done (a helper starts writing its result only when it has finished)."""
        return self.helper is None or bool(select.select([self.helper[1]], [], [], 0)[0])

    def result(self) -> R:
        """Wait for the work to finish and return what it made; raise HelperFailed for a bug of ours (HelperStopped
        if the helper was stopped from outside), each time it is asked."""
        if self.failed is not None:
            raise self.failed
        if not self.value:
            helper, self.helper = self.helper, None  # collected here, whatever happens: never stopped later
            assert helper is not None
            ok, value = _gather(*helper)
            if not ok:
                self.failed = _failure(value)
                raise self.failed
            self.value = value  # type: ignore[assignment]  # the helper's list of one result
        return self.value[0]

    def cancel(self) -> None:
        """Stop the helper if it is still at work (the build stopped before it needed the result); it stops as
        an exception would stop it, so that a file it was writing is not left half-written (see _fork)."""
        if self.helper is not None:
            (pid, reader, kept), self.helper = self.helper, None
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)
            os.close(reader)
            _OPEN.discard(reader)
            if kept >= 0:
                os.close(kept)
                _OPEN.discard(kept)
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


def _gather(pid: int, reader: int, kept: int) -> tuple[bool, object]:
    """Read a helper's result and reap it (whatever happens while reading); a helper that did not end well
    (killed, or unable to leave its result) gives no result, whatever it left."""
    data, status = b"", -1
    try:
        with os.fdopen(reader, "rb") as pipe:
            data = pipe.read()  # the result, or nothing until the helper ends if it left it in `kept`
    finally:
        _OPEN.discard(reader)
        with contextlib.suppress(ChildProcessError):
            status = os.waitpid(pid, 0)[1]
        if kept >= 0:
            _OPEN.discard(kept)
            with os.fdopen(kept, "rb") as file:
                if not data and status == 0:
                    file.seek(0)  # the helper wrote through the same open file: it is at the end
                    data = file.read()
    if status != 0:
        code = os.waitstatus_to_exitcode(status) if status > 0 else 0
        return False, HelperStopped(f"a helper process was stopped by signal {-code}" if code < 0
                                    else "a helper process ran out of memory" if code == OUT_OF_MEMORY else NO_RESULT)
    return pickle.loads(data) if data else (False, HelperStopped(NO_RESULT))


NO_RESULT = "a helper process ended without leaving its result"


_OPEN: set[int] = set()  # the parent's ends of helpers' pipes and result files, until each is gathered


def _memory_file() -> int:
    """Return a file in memory to leave a result in (Linux), or -1 where there is none."""
    try:
        return os.memfd_create("prospectus-result", getattr(os, "MFD_CLOEXEC", 0))
    except (AttributeError, OSError):
        return -1


class _Stopped(BaseException):
    """SIGTERM in a helper (Later.cancel, or from outside): unwind as an exception would, then end as stopped."""


def _stopped(signum: int, frame: object) -> None:
    raise _Stopped


OUT_OF_MEMORY = 3  # how a helper whose work ran out of memory ends (no result, and no bug of ours)


def _fork(func: Callable[[T], R], chunk: Sequence[T]) -> tuple[int, int, int]:
    """Start a helper process computing `func` over `chunk`; return its pid, the pipe its result comes in (or
    that ends when it does) and the file in memory it leaves its result in (-1 if none).

    A helper leaves its result in memory and ends, rather than wait until the parent is ready to read it through
    the pipe: its own memory (a fork's copies of the pages it touched) is given back at once."""
    kept = _memory_file()
    reader, writer = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        for fd in (reader, writer, kept):
            if fd >= 0:
                os.close(fd)
        raise
    if pid:
        os.close(writer)
        _OPEN.update(fd for fd in (reader, kept) if fd >= 0)
        return pid, reader, kept
    status = 1
    try:  # the helper never leaves this block but by os._exit: it must not run on in the parent's code
        signal.signal(signal.SIGTERM, _stopped)  # Later.cancel: unwind (cache.write_atomically tidies up)
        os.close(reader)
        for fd in _OPEN:  # other helpers' results: held here, they would outlive their reading
            with contextlib.suppress(OSError):
                os.close(fd)
        _OPEN.clear()
        try:
            try:
                outcome: tuple[bool, object] = (True, [func(item) for item in chunk])
            except (_Stopped, MemoryError):
                raise
            except BaseException:  # noqa: BLE001 - report any failure to the parent, which raises it
                outcome = (False, traceback.format_exc())
            status = _leave(outcome, kept, writer)
        except _Stopped:  # unwound (cache.write_atomically tidied up): now end as the signal would have ended it
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            os.kill(os.getpid(), signal.SIGTERM)
            raise  # (only if the signal did not end it: to os._exit below, with no result)
        except MemoryError:
            status = OUT_OF_MEMORY
            raise  # to os._exit below, with this status and no result
    finally:
        os._exit(status)


def _leave(outcome: tuple[bool, object], kept: int, writer: int) -> int:
    """Leave a helper's outcome for the parent, in its file in memory (pickled into it as it goes, a frame at a
    time, not whole into memory first), or through the pipe where there is none; return the helper's exit
    status: 0 once it is all there, 1 if there was no memory left for it (no result rather than half of one).
    An outcome that cannot be pickled (a bug of ours) is left as a failure."""
    try:
        if kept < 0:
            view = memoryview(pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL))
            while view:
                view = view[os.write(writer, view):]
        else:
            with open(kept, "wb", closefd=False) as file:
                pickle.dump(outcome, file, protocol=pickle.HIGHEST_PROTOCOL)
        return 0
    except OSError:
        _emptied(kept)
        return 1
    except (MemoryError, _Stopped):
        _emptied(kept)
        raise
    except BaseException:  # noqa: BLE001 - it could not be pickled: a bug of ours, reported as any other
        _emptied(kept)
        return _leave((False, traceback.format_exc()), kept, writer) if outcome[0] else 1


def _emptied(kept: int) -> None:
    """Empty a helper's file in memory of what it left half-written (nothing to do where there is none)."""
    if kept >= 0:
        os.ftruncate(kept, 0)
        os.lseek(kept, 0, os.SEEK_SET)
