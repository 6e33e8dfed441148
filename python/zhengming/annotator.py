"""`Annotator`: Zhengming from Python, one long-lived process per annotator.

    >>> from zhengming import Annotator
    >>> with Annotator() as annotator:
    ...     record = annotator.annotate("辽宁省委书记陈求发主持会议。")
    >>> [(s["start"], s["end"], s["label"]) for s in record["spans"]]
    [(0, 4, 'ORGAN'), (4, 6, 'TITLE'), (6, 9, 'OFFICIAL')]

Records are the binary's JSONL records, decoded: ``text``, ``spans`` (the
flat layer, each with ``start``, ``end``, ``label``, ``text``, ``rule`` and
sometimes ``attrs``), and, when asked for or when the rule pack makes them,
``nested``, ``tokens``/``sentences``, ``relations`` and ``posts``. Offsets
are code points of the text as given, that is Python ``str`` indices:
``text[span["start"]:span["end"]] == span["text"]``.
"""

from __future__ import annotations

import contextlib
import json
import os
import threading
from typing import Any, Dict, Iterable, Iterator, List, Literal, Mapping, Sequence, Tuple, TypeVar, Union, overload

from .binary import find_binary
from .errors import RecordError
from .process import StreamingProcess

__all__ = ["Annotator", "Record"]

#: A decoded JSONL record.
Record = Dict[str, Any]
#: What `Annotator.annotate` takes: a text, or a record with ``text`` (and
#: ``id`` and any other fields, which come back unchanged).
Input = Union[str, Mapping[str, Any]]
Context = TypeVar("Context")

_PINYIN_STYLES = ("marks", "numeric")


class Annotator:
    """Annotates texts and records through one ``zhengming`` process.

    The process (``zhengming annotate --input jsonl --format jsonl
    --stream``) is started once, loads the rule packs once, and then answers
    each record as it arrives; it is never one process per document. The
    constructor returns once the rules have loaded, so a broken pack raises
    `RulePackError` (with every ``file:line:column`` diagnostic) here, and a
    missing binary `BinaryNotFoundError`.

    Args:
        binary: the executable; else ``$ZHENGMING_BIN``, else ``zhengming``
            on ``PATH``.
        rules: rule pack directories loaded on top of the default pack
            (later packs override earlier ones), as ``--rules``.
        default_rules: load the default pack (``Rules/`` of the checkout the
            binary was built in, or ``$ZHENGMING_RULES``).
        pinyin: add ``sentences`` and ``tokens`` with pinyin (``True`` or
            ``"marks"``: ``wáng``; ``"numeric"``: ``wang2``).
        nested: add the ``nested`` layer (every mention any phase accepted,
            overlaps included).
        tokens: add ``sentences`` and ``tokens`` without pinyin.
        jobs: worker threads of the process (default: all cores). One
            process with all cores is faster than several with one each.
        env: the environment of the process (default: this one's).
        cwd: its working directory (where a relative ``rules`` path and
            ``./Rules`` are looked up); default: this one's.
        extra_args: further ``annotate`` options, for example
            ``["--encoding", "GB18030"]``.

    Thread safety: one call at a time; calls from several threads wait for
    each other.
    """

    def __init__(self, binary: str | os.PathLike[str] | None = None, rules: Sequence[str | os.PathLike[str]] = (),
                 default_rules: bool = True, pinyin: Union[bool, str] = False, *, nested: bool = False,
                 tokens: bool = False, jobs: int | None = None, env: Mapping[str, str] | None = None,
                 cwd: str | os.PathLike[str] | None = None, extra_args: Sequence[str] = ()) -> None:
        if isinstance(rules, (str, os.PathLike)):
            rules = [rules]
        self.binary = find_binary(binary, env)
        self.argv = self.command(self.binary, rules=rules, default_rules=default_rules, pinyin=pinyin,
                                 nested=nested, tokens=tokens, jobs=jobs, extra_args=extra_args)
        self._lock = threading.Lock()
        self._owner: int | None = None
        self._count = 0
        self._process: StreamingProcess | None = StreamingProcess(self.argv, env=env, cwd=cwd)

    @staticmethod
    def command(binary: str, *, rules: Sequence[str | os.PathLike[str]] = (), default_rules: bool = True,
                pinyin: Union[bool, str] = False, nested: bool = False, tokens: bool = False,
                jobs: int | None = None, extra_args: Sequence[str] = ()) -> List[str]:
        """The command line of the annotating process for these options."""
        argv = [binary, "annotate", "--input", "jsonl", "--format", "jsonl", "--stream", "--quiet"]
        if not default_rules:
            argv.append("--no-default-rules")
        for pack in rules:
            argv += ["--rules", os.fspath(pack)]
        if nested:
            argv.append("--nested")
        if pinyin:
            style = "marks" if pinyin is True else pinyin
            if style not in _PINYIN_STYLES:
                raise ValueError(f"pinyin must be True, False, 'marks' or 'numeric', not {pinyin!r}")
            argv += ["--tokens", "--pinyin", str(style)]
        elif tokens:
            argv += ["--tokens", "--no-pinyin"]
        if jobs is not None:
            if jobs < 1:
                raise ValueError("jobs must be at least 1")
            argv += ["--jobs", str(jobs)]
        argv += list(extra_args)
        return argv

    # -- annotating ---------------------------------------------------------

    def annotate(self, text_or_record: Input) -> Record:
        """Annotates one text or record and returns its record.

        A record that the binary rejects (no ``text``, say) raises
        `RecordError`; the annotator stays usable.
        """
        with self._exclusive():
            process = self._running()
            number, line = self._encode(text_or_record)
            answer = process.exchange(line)
        return self._decode(answer, number, raise_errors=True)

    @overload
    def pipe(self, records: Iterable[Input], batch_size: int = ..., *, errors: str = ...,
             as_tuples: Literal[False] = ...) -> Iterator[Record]: ...

    @overload
    def pipe(self, records: Iterable[Tuple[Input, Context]], batch_size: int = ..., *, errors: str = ...,
             as_tuples: Literal[True]) -> Iterator[Tuple[Record, Context]]: ...

    def pipe(self, records: Iterable[Any], batch_size: int = 512, *, errors: str = "raise",
             as_tuples: bool = False) -> Iterator[Any]:
        """Annotates a stream of texts or records; yields records in order.

        The records are written to the process on a thread of its own while
        the answers are read here, so the pipe stays full and the process
        uses all its workers; at most ``batch_size`` records are in flight
        (memory is bounded by it, not by the corpus). ``records`` is
        consumed lazily, so a generator over a large file is fine.

        ``errors="raise"`` (the default) raises `RecordError` at a rejected
        record; ``errors="return"`` yields the binary's error record in its
        place (``{"id", "error", "origin"}``) and goes on. With
        ``as_tuples=True`` the items are ``(text_or_record, context)`` pairs
        and ``(record, context)`` pairs are yielded, as ``nlp.pipe`` does.
        """
        if errors not in ("raise", "return"):
            raise ValueError("errors must be 'raise' or 'return'")
        raise_errors = errors == "raise"
        with self._exclusive():
            process = self._running()
            items = ((item, None) for item in records) if not as_tuples else iter(records)
            answers = process.pipe(self._numbered(items), encode=lambda entry: entry[1], window=max(1, batch_size))
            # Closed explicitly: an exception's traceback would keep it alive,
            # and with it answers still in flight that the next call would
            # read as its own.
            with contextlib.closing(answers):
                for answer, (number, _, source, context) in answers:
                    record = self._decode(answer, number, raise_errors)
                    yield (record, context) if as_tuples else record

    def close(self) -> None:
        """Ends the process (waits for it to finish the records in flight)."""
        with self._exclusive():
            process, self._process = self._process, None
        if process is not None:
            process.close()

    @property
    def closed(self) -> bool:
        return self._process is None

    def __enter__(self) -> "Annotator":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __del__(self) -> None:
        process = getattr(self, "_process", None)
        if process is not None:
            try:
                process.close(timeout=5)
            except Exception:
                process.kill()

    def __repr__(self) -> str:
        state = "closed" if self.closed else f"pid {self._process.pid}"  # type: ignore[union-attr]
        return f"Annotator({' '.join(self.argv[1:])!r}, {state})"

    # -- internals ----------------------------------------------------------

    @contextlib.contextmanager
    def _exclusive(self) -> Iterator[None]:
        """One conversation at a time. Other threads wait; the thread that
        holds it (inside a ``for … in pipe()`` loop) gets an error rather
        than a deadlock, since its call would interleave with the pipe's
        records."""
        if self._owner == threading.get_ident():
            raise RuntimeError("this Annotator is inside a pipe() on this thread; "
                               "use a second Annotator for calls within the loop")
        with self._lock:
            self._owner = threading.get_ident()
            try:
                yield
            finally:
                self._owner = None

    def _running(self) -> StreamingProcess:
        if self._process is None:
            raise ValueError("this Annotator is closed")
        return self._process

    def _numbered(self, items: Iterable[Tuple[Input, Any]]) -> Iterator[Any]:
        """Each item as (position, JSON line, input, context); runs on the
        writer thread, so encoding overlaps reading the answers."""
        for source, context in items:
            number, line = self._encode(source)
            yield number, line, source, context

    def _encode(self, source: Input) -> Tuple[Tuple[int, bool], bytes]:
        """The JSON line for one input, with its position among the records
        this annotator was given and whether it lacks an id (the binary
        numbers those by line, off by one for its start-up probe)."""
        self._count += 1
        if isinstance(source, str):
            record: Mapping[str, Any] = {"text": source}
        elif isinstance(source, Mapping):
            record = source
        else:
            raise TypeError(f"expected a text (str) or a record (dict with 'text'), not {type(source).__name__}")
        line = json.dumps(record, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
        return (self._count, "id" not in record), line.encode("utf-8")

    @staticmethod
    def _decode(answer: bytes, position: Tuple[int, bool], raise_errors: bool) -> Record:
        record: Record = json.loads(answer)
        number, numbered = position
        if numbered:
            # As `zhengming annotate --input jsonl` numbers records without id.
            record["id"] = str(number)
        if "error" in record and "spans" not in record:
            record["origin"] = f"record {number}"
            if raise_errors:
                raise RecordError(record)
        return record
