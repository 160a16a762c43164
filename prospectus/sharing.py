"""Work shared between processes a chunk at a time: each process (this one, and helpers forked for the work or
with time to spare) claims the next chunk when it has finished the last, so that all finish together however
the items' costs vary; results come back in the order of the items, however the work was shared."""
from __future__ import annotations

import contextlib
import os
import sys
import pickle
import select
from collections.abc import Callable, Iterator, Sequence
from typing import Generic, TypeVar, cast

try:  # how many bytes a pipe holds (Linux and most Unix systems)
    import fcntl
    import termios
except ImportError:  # pragma: no cover - no such question on this system: all is claimed
    pass

from .parallel import _OPEN, _failure, _fork, _gather_all  # the forking of helpers, and their reaping

T = TypeVar("T")
R = TypeVar("R")


MIN_PER_JOB = 32  # fewer items than this per process are not worth a fork
CHUNKS_PER_JOB = 96  # the items are claimed a chunk at a time, this many chunks for each process


def fork_map(func: Callable[[T], R], items: Sequence[T], jobs: int) -> list[R]:
    """Return [func(item) for item in items], computed by up to `jobs` processes where fork is available.

    The items are cut into chunks, which each process claims in turn as it finishes the last (see Shared), so
    that the processes finish together however the cost of the items varies, and a process that could not be
    started leaves its share to the others. The results come back in the order of the items.
    """
    jobs = min(jobs, len(items) // MIN_PER_JOB)
    if jobs <= 1 or not hasattr(os, "fork"):
        return [func(item) for item in items]
    shared = Shared(func, items, jobs)
    return shared.results(shared.claimed(jobs - 1))


Claimed = list[tuple[int, list[R]]]  # chunks of work done by one process: each chunk's number and results


class Shared(Generic[T, R]):
    """`func` over `items`, shared by processes that each claim a chunk of the items at a time: this one,
    helpers forked to help (`claimed`), and any helper forked once this is made that calls `claim` when it has
    nothing else to do. Each chunk is done by the process that claims it (see _Claims)."""

    def __init__(self, func: Callable[[T], R], items: Sequence[T], jobs: int):
        self.func, self.items = func, items
        size = max(1, len(items) // (max(1, jobs) * CHUNKS_PER_JOB))
        self.chunks = [range(start, min(start + size, len(items))) for start in range(0, len(items), size)]
        self.claims = _Claims(len(self.chunks))

    def claim(self) -> Claimed[R]:
        """Do each chunk not claimed yet, in this process, until none is left; return what was done."""
        return [(n, [self.func(self.items[i]) for i in self.chunks[n]]) for n in self.claims]

    def claimed(self, helpers: int = 0, handing: Handover | None = None) -> list[Claimed[R]]:
        """Claim chunks in this process and in `helpers` helpers forked for it, until none is left; return what
        each did, once every helper has ended (raise HelperFailed if one failed), and what a helper forked
        earlier handed over through `handing` (see hand_over) by the time it said it was done. A helper hands
        over each chunk as soon as it is done (see Handover), and this process takes them in between its own."""
        forked: list[tuple[int, int, int] | None] = []
        streams: list[Handover] = []
        given = [handing] if handing is not None else []
        try:
            for _ in range(helpers if hasattr(os, "fork") else 0):
                stream = Handover.open()
                try:
                    forked.append(_fork(lambda _, stream=stream: self._handed_over(stream), [None]))
                    if stream is not None:
                        streams.append(stream)
                except OSError:  # no process to spare (EAGAIN, ENOMEM): its chunks are claimed by the others
                    forked.append(None)
                finally:
                    if stream is not None:
                        stream.forked()
            made: Claimed[R] = []
            for n in self.claims:
                made.append((n, [self.func(self.items[i]) for i in self.chunks[n]]))
                for stream in (*streams, *given):
                    stream.take()
            self.claims.close()
            for stream in (*streams, *given):
                stream.take(until_done=True)
        finally:
            self.claims.close()
            gathered = _gather_all(forked)
            for stream in streams:
                stream.close()
        for ok, value in gathered:
            if not ok:
                raise _failure(value)
            if value and cast("list[object]", value)[0] is not None:  # a helper without a stream: all at once
                streams.append(Handover.given(cast("list[Claimed[R]]", value)[0]))
        return [made, *(cast("Claimed[R]", stream.made) for stream in (*streams, *given))]

    def _handed_over(self, stream: Handover | None) -> Claimed[R] | None:
        """Claim chunks (in a helper), handing each over as soon as it is done; without a stream, return them."""
        if stream is None:
            return self.claim()
        self.hand_over(stream)
        return None

    def hand_over(self, stream: Handover, leave: float = 0.0) -> None:
        """Claim chunks (in a helper forked once this was made) until none is left, or until no more than the
        share `leave` of them is left unclaimed, handing each over as soon as it is done; then say so."""
        for n in self.claims.while_more_than(int(leave * len(self.chunks))):
            stream.send((n, [self.func(self.items[i]) for i in self.chunks[n]]))
        stream.send(_DONE)

    def unclaimed(self, made: list[Claimed[R]]) -> bool:
        """Say whether some chunk is not in what the processes that did `made` did (another process claimed it)."""
        return sum(len(part) for part in made) < len(self.chunks)

    def results(self, made: list[Claimed[R]]) -> list[R]:
        """Return the results in the order of the items, from what each process did; a chunk none did (its
        process was stopped before it could leave its result) is done here."""
        self.claims.close()
        done = {n: values for part in made for n, values in part}
        results: list[R] = []
        for n, chunk in enumerate(self.chunks):
            results += done[n] if n in done else [self.func(self.items[i]) for i in chunk]
        return results


class _Claims:
    """The numbers of the chunks of work still to be done, claimed one at a time by the processes sharing the
    work: each number is written to a pipe before any helper is forked, and whichever process reads it does the
    chunk (each read of a pipe takes whole numbers: a pipe gives its bytes to one reader, in order)."""

    SIZE = 4  # bytes for each number

    def __init__(self, count: int):
        self.closed = False
        self.reader, writer = os.pipe()
        try:
            data = memoryview(b"".join(n.to_bytes(self.SIZE, "little") for n in range(count)))
            while data:  # a pipe holds 64 KiB on Linux, some 16,000 numbers: far more than there are chunks
                data = data[os.write(writer, data):]
        finally:
            os.close(writer)  # once every number is read, the next read finds the end

    def __iter__(self) -> Iterator[int]:
        while not self.closed and len(claim := os.read(self.reader, self.SIZE)) == self.SIZE:
            yield int.from_bytes(claim, "little")

    def while_more_than(self, left: int) -> Iterator[int]:
        """Claim chunks while more than `left` are unclaimed (all, where the pipe cannot say how many it holds)."""
        for claim in self:
            yield claim
            if left and self._unclaimed() <= left:
                return

    def _unclaimed(self) -> int:
        try:
            held = fcntl.ioctl(self.reader, termios.FIONREAD, b"\0\0\0\0")
        except (OSError, NameError):
            return 1 << 30
        return int.from_bytes(held, sys.byteorder) // self.SIZE

    def close(self) -> None:
        """Claim no more in this process (a helper forked later no longer holds the pipe open)."""
        if not self.closed:
            self.closed = True
            os.close(self.reader)


_DONE = "done"  # what a helper hands over last: it has no more


class Handover:
    """What a helper hands over as it goes: each piece pickled into a file in memory as soon as it is made, and
    a byte written to a pipe to say so. The process that forked it takes the pieces in between its own work,
    rather than all at the end (where the helper would pickle them all, and then this process unpickle them
    all, each while the other waits). Made before the helper is forked; `forked` once it is."""

    def __init__(self, frames: int):
        self.frames, self.at, self.made, self.done = frames, 0, [], False
        self.reader, self.writer = os.pipe()
        os.set_blocking(self.reader, False)

    @classmethod
    def open(cls) -> Handover | None:
        """Return a new stream, or None where there are no files in memory (the helper hands over at the end)."""
        try:
            return cls(os.memfd_create("prospectus-chunks", getattr(os, "MFD_CLOEXEC", 0)))
        except (AttributeError, OSError):
            return None

    @classmethod
    def given(cls, made: list[object]) -> Handover:
        """Return a stream that was handed everything at once."""
        stream = cls.__new__(cls)
        stream.made, stream.done = made, True
        return stream

    def send(self, piece: object) -> None:
        """Hand a piece over (in the helper)."""
        payload = pickle.dumps(piece, protocol=pickle.HIGHEST_PROTOCOL)
        os.write(self.frames, len(payload).to_bytes(8, "little"))  # (a file takes so few bytes whole)
        data = memoryview(payload)  # (not joined to its length: that would copy it)
        while data:
            data = data[os.write(self.frames, data):]
        os.write(self.writer, b".")

    def forked(self) -> None:
        """In the process that forked the helper: only the helper writes; a helper forked later holds neither."""
        os.close(self.writer)
        _OPEN.update((self.reader, self.frames))

    def take(self, until_done: bool = False) -> None:
        """Take every piece handed over so far (and, `until_done`, until the helper says it has no more, or
        has ended)."""
        while not self.done:
            if until_done:
                select.select([self.reader], [], [])
            try:
                said = os.read(self.reader, 4096)
            except BlockingIOError:
                return
            if not said:  # the helper has ended
                self.done = True
                return
            for _ in said:
                size = int.from_bytes(os.pread(self.frames, 8, self.at), "little")
                payload = os.pread(self.frames, size, self.at + 8)  # all at once, as a file in memory gives it
                while len(payload) < size:  # (copied onto only if it did not)
                    payload += os.pread(self.frames, size - len(payload), self.at + 8 + len(payload))
                self.at += 8 + size
                piece = pickle.loads(payload)
                if piece == _DONE:
                    self.done = True
                else:
                    self.made.append(piece)

    def close(self) -> None:
        for fd in (self.reader, self.frames):
            _OPEN.discard(fd)
            with contextlib.suppress(OSError):
                os.close(fd)
