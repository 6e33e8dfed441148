"""One long-lived ``zhengming annotate --stream`` process, spoken to in lines.

The binary's streaming mode answers every input line with exactly one output
line, in order, and flushes each answer as soon as it is ready. This module
keeps that conversation honest from the Python side:

* the pipe is kept full without deadlocking: a writer thread feeds standard
  input while the caller reads standard output, and a bounded queue of
  records in flight (the window) holds the writer back, so memory stays
  bounded whatever the size of the input;
* standard error is drained on a thread of its own (a process blocked on a
  full stderr pipe would hang the conversation) and its last lines are kept
  for error messages;
* a process that dies is an exception (`ProcessError`, or `RulePackError`
  when it exited with status 2 over a broken pack), never a hang: its
  standard output ends, and the reader notices.

Nothing here knows about JSON beyond the start-up probe: callers send and
receive bytes, one record per line.
"""

from __future__ import annotations

import collections
import itertools
import json
import os
import queue
import subprocess
import threading
from typing import Any, Callable, Deque, Generator, Iterable, List, Mapping, Sequence, Tuple, TypeVar

from .errors import ProcessError, RulePackError

__all__ = ["StreamingProcess", "PROBE_ID"]

#: The id of the empty record sent at start-up to learn that the rules loaded.
PROBE_ID = "zhengming-ready"
_PROBE = json.dumps({"id": PROBE_ID, "text": ""}).encode() + b"\n"
#: Exit statuses after which the answers received are still good: 0, and 1
#: (some records were rejected; each got an error record in its place).
_GOOD_EXITS = (0, 1)

Context = TypeVar("Context")


class _End:
    """Queued by the writer after its last record (``error`` if it failed)."""

    def __init__(self, error: BaseException | None = None) -> None:
        self.error = error


class StreamingProcess:
    """A running ``zhengming`` child in streaming mode.

    The constructor starts ``argv`` and sends one empty probe record: it
    returns once the process has answered it, that is once the rule packs
    have loaded, and raises `RulePackError` with the diagnostics if they did
    not. Use `pipe` to exchange records and `close` (or ``with``) to end.

    Not thread-safe: one conversation at a time (`Annotator` holds a lock).
    """

    def __init__(self, argv: Sequence[str], env: Mapping[str, str] | None = None,
                 cwd: str | os.PathLike[str] | None = None, stderr_lines: int = 200) -> None:
        self.argv = list(argv)
        self._stderr: Deque[str] = collections.deque(maxlen=stderr_lines)
        self._broken: ProcessError | None = None
        self._failure_lock = threading.Lock()
        self._process = subprocess.Popen(
            self.argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            env=None if env is None else dict(env), cwd=cwd)
        self._stderr_thread = threading.Thread(target=self._drain_stderr, name="zhengming-stderr", daemon=True)
        self._stderr_thread.start()
        self._probe()

    # -- the conversation -------------------------------------------------

    def pipe(self, items: Iterable[Context], encode: Callable[[Context], bytes],
             window: int = 512, chunk: int = 1) -> Generator[Tuple[bytes, Context], None, None]:
        """Sends ``encode(item)`` for each item and yields ``(answer, item)``.

        ``encode`` returns one record as a JSON line without its line break;
        it runs on the writer thread, as does iterating ``items``. At most
        ``window`` records are in flight. Answers come in input order. An
        exception raised by ``items`` or ``encode`` is re-raised here once the
        records before it have been answered. Closing the iterator early
        (``break``) stops the writer and reads the answers still in flight,
        so the process can be used again.

        ``chunk`` > 1 writes that many records in one system call (and hands
        them over in one queue entry), which matters when records are small
        and many, as in a Spark partition. The writer then waits for a whole
        chunk (or the end of ``items``) before writing: right for data that
        is all there, wrong for a live source whose next record may take
        long to arrive, which should keep the default 1.
        """
        self._check_usable()
        if window < 1 or chunk < 1:
            raise ValueError("window and chunk must be at least 1")
        chunk = min(chunk, window)
        in_flight: "queue.Queue[Any]" = queue.Queue(maxsize=max(1, window // chunk))
        stop = threading.Event()
        writer = threading.Thread(target=self._write_all, args=(items, encode, in_flight, stop, chunk),
                                  name="zhengming-writer", daemon=True)
        writer.start()
        finished = False
        try:
            while True:
                entry = in_flight.get()
                if isinstance(entry, _End):
                    finished = True
                    if entry.error is not None:
                        raise entry.error
                    return
                for item in entry:
                    yield self._read_answer(), item
        finally:
            if not finished:
                self._abandon(in_flight, stop)
            writer.join()

    def exchange(self, line: bytes) -> bytes:
        """Sends one record line and returns its answer (no threads)."""
        self._check_usable()
        self._write(line + b"\n")
        return self._read_answer()

    def close(self, timeout: float = 60.0) -> int:
        """Ends the input, waits for the process and returns its exit status.

        Raises `ProcessError` for an exit status other than 0 or 1 (1 means
        some records were rejected, which their answers already said).
        Calling it again returns the same status.
        """
        if self._process.returncode is None:
            try:
                self._process.stdin.close()  # type: ignore[union-attr]
            except OSError:
                pass
            try:
                self._process.wait(timeout)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
                raise ProcessError(f"zhengming did not exit within {timeout} s of the end of its input; killed it",
                                   self._process.returncode, self.stderr_tail)
            self._stderr_thread.join(5)
            self._process.stdout.close()  # type: ignore[union-attr]
            if self._broken is None and self._process.returncode not in _GOOD_EXITS:
                raise self._failure(f"zhengming exited with status {self._process.returncode}")
        return self._process.returncode

    def kill(self) -> None:
        """Ends the process at once (a client that must stop now)."""
        if self._process.returncode is None:
            self._process.kill()
            self._process.wait()

    @property
    def pid(self) -> int:
        return self._process.pid

    @property
    def stderr_tail(self) -> List[str]:
        """The last lines the process wrote on standard error."""
        return list(self._stderr)

    @property
    def running(self) -> bool:
        return self._process.poll() is None

    # -- internals --------------------------------------------------------

    def _probe(self) -> None:
        self._write(_PROBE)
        answer = self._read_answer()
        try:
            parsed = json.loads(answer)
        except ValueError:
            parsed = None
        if not isinstance(parsed, dict) or parsed.get("id") != PROBE_ID or "spans" not in parsed:
            self.kill()
            raise ProcessError(f"{self.argv[0]} answered the start-up probe with {answer[:200]!r}; "
                               "is it a zhengming binary with `annotate --stream`?", self._process.returncode,
                               self.stderr_tail)

    def _write_all(self, items: Iterable[Context], encode: Callable[[Context], bytes],
                   in_flight: "queue.Queue[Any]", stop: threading.Event, chunk: int) -> None:
        error: BaseException | None = None
        source = iter(items)
        try:
            while not stop.is_set() and error is None:
                batch: List[Context] = []
                lines: List[bytes] = []
                try:
                    for item in itertools.islice(source, chunk):
                        lines.append(encode(item) + b"\n")
                        batch.append(item)
                except BaseException as caught:  # after the records before it
                    error = caught
                if not batch:
                    break
                in_flight.put(batch)
                self._write(b"".join(lines))
        except BaseException as caught:  # re-raised on the reading side
            error = caught
        in_flight.put(_End(None if stop.is_set() else error))

    def _write(self, data: bytes) -> None:
        stdin = self._process.stdin
        try:
            stdin.write(data)  # type: ignore[union-attr]
            stdin.flush()  # type: ignore[union-attr]
        except (BrokenPipeError, ValueError, OSError) as error:
            # The process is gone; the reader will see the end of its output
            # and say why.
            raise self._failure("zhengming stopped reading its input") from error

    def _read_answer(self) -> bytes:
        line = self._process.stdout.readline()  # type: ignore[union-attr]
        if not line.endswith(b"\n"):
            raise self._failure("zhengming exited before answering every record")
        return line[:-1]

    def _abandon(self, in_flight: "queue.Queue[Any]", stop: threading.Event) -> None:
        """Stops the writer and reads the answers still owed, in sync again."""
        stop.set()
        while True:
            entry = in_flight.get()
            if isinstance(entry, _End):
                return
            for _ in entry:
                if self._broken is not None:
                    break  # nothing more will come; just let the writer end
                try:
                    self._read_answer()
                except ProcessError:
                    break

    def _failure(self, message: str) -> ProcessError:
        """The error for a process that ended or stopped answering (made
        once: the reader and the writer may both notice)."""
        with self._failure_lock:
            if self._broken is None:
                self._broken = self._describe_end(message)
            return self._broken

    def _describe_end(self, message: str) -> ProcessError:
        try:
            self._process.wait(10)
        except subprocess.TimeoutExpired:
            self.kill()
        self._stderr_thread.join(5)
        status = self._process.returncode
        error: ProcessError
        if status == 2:
            error = RulePackError(status, self.stderr_tail)
        else:
            how = f"killed by signal {-status}" if status is not None and status < 0 else f"exit status {status}"
            error = ProcessError(f"{message} ({how}; command: {' '.join(self.argv)})", status, self.stderr_tail)
        return error

    def _check_usable(self) -> None:
        if self._broken is not None:
            raise self._broken
        if self._process.returncode is not None or self._process.stdin.closed:  # type: ignore[union-attr]
            raise ProcessError("this annotator is closed", self._process.returncode, self.stderr_tail)

    def _drain_stderr(self) -> None:
        for raw in self._process.stderr:  # type: ignore[union-attr]
            self._stderr.append(raw.decode("utf-8", "replace").rstrip("\n"))
        self._process.stderr.close()  # type: ignore[union-attr]

    def __enter__(self) -> "StreamingProcess":
        return self

    def __exit__(self, *exc: object) -> None:
        if exc[0] is None:
            self.close()
        else:
            self.kill()
