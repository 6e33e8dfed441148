"""Zhengming on Apache Spark: one annotating process per partition.

    >>> from pyspark.sql import SparkSession
    >>> from zhengming.spark import annotate_dataframe
    >>> spark = SparkSession.builder.master("local[2]").getOrCreate()
    >>> df = spark.read.json("news.jsonl")                 # columns id, text, …
    >>> annotated = annotate_dataframe(df)                 # + spans, posts, error
    >>> annotated.selectExpr("id", "explode(spans) AS s").groupBy("s.label").count().show()

Each partition starts **one** ``zhengming annotate --stream`` process
(``mapPartitions``) and streams its records through it, so the rule packs
are loaded once per partition, never per record. The binary and the rule
packs reach the executors through ``SparkContext.addFile`` (``ship=True``,
the default: the driver's binary, its default pack and every ``rules``
directory are shipped with the job) or are paths that exist on every node
(``ship=False``).

Failures follow Spark's model: a record the annotator rejects (no text, not
JSON) becomes a row with an ``error`` field and the job goes on; a process
that crashes raises `ProcessError` in the task, which fails it, and Spark
retries the task (``spark.task.maxFailures``; in local mode the second
number of ``local[N,F]``).

As a command, the same job over JSONL files::

    python -m zhengming.spark INPUT.jsonl OUTPUT_DIR [--partitions N] [--master local[2]]

writes JSONL part files holding the same records, byte for byte, as one
``zhengming annotate INPUT.jsonl --format jsonl`` run (in another order).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import stat
import subprocess
import sys
import time
import dataclasses
from dataclasses import dataclass
from typing import Any, Dict, Iterable, Iterator, List, Optional, Sequence, Tuple

from .annotator import Annotator
from .binary import find_binary
from .process import StreamingProcess

__all__ = [
    "ExecutorSetup",
    "prepare",
    "annotate_dataframe",
    "annotate_rdd",
    "annotate_jsonl",
    "span_type",
    "post_type",
    "main",
]

#: Records in flight per partition: enough to keep the process's batches full.
DEFAULT_WINDOW = 1024
#: Records written per system call: a partition's records are all there, so
#: waiting for a chunk costs nothing, and one write per record would.
DEFAULT_CHUNK = 64


# -- what the executors need ----------------------------------------------------


@dataclass(frozen=True)
class ExecutorSetup:
    """How an executor starts its annotating process; small and picklable.

    Paths are either absolute paths that exist on every node or, when
    ``shipped``, names of files added with ``SparkContext.addFile`` that
    ``SparkFiles.get`` resolves on the executor. Made by `prepare`.
    """

    binary: str
    rules: Tuple[str, ...] = ()
    default_pack: Optional[str] = None
    default_rules: bool = True
    shipped: bool = False
    jobs: int = 1
    nested: bool = False
    window: int = DEFAULT_WINDOW
    chunk: int = DEFAULT_CHUNK
    extra_args: Tuple[str, ...] = ()

    def _path(self, name: str) -> str:
        if not self.shipped:
            return name
        from pyspark import SparkFiles

        return SparkFiles.get(name)

    def command(self) -> List[str]:
        binary = self._path(self.binary)
        if self.shipped:
            mode = os.stat(binary).st_mode
            if not mode & stat.S_IXUSR:
                os.chmod(binary, mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
        return Annotator.command(binary, rules=[self._path(pack) for pack in self.rules],
                                 default_rules=self.default_rules, nested=self.nested, jobs=self.jobs,
                                 extra_args=self.extra_args)

    def environment(self) -> Dict[str, str]:
        env = dict(os.environ)
        if self.default_rules and self.default_pack is not None:
            env["ZHENGMING_RULES"] = self._path(self.default_pack)
        return env

    def start(self) -> StreamingProcess:
        """Starts the partition's process (rules loaded once, here)."""
        return StreamingProcess(self.command(), env=self.environment())


def prepare(sc: Any, binary: Optional[str] = None, rules: Sequence[str] = (), default_rules: bool = True,
            ship: bool = True, jobs: int = 1, nested: bool = False, window: int = DEFAULT_WINDOW,
            extra_args: Sequence[str] = ()) -> ExecutorSetup:
    """Finds the binary and the packs on the driver and, with ``ship``, adds
    them to the job (``sc.addFile``): the binary, the default pack it loads
    (``zhengming rules path``) and every ``rules`` directory, so that
    executors need nothing installed but the binary's shared libraries (ICU;
    and the Swift runtime unless it was built with ``--static-swift-stdlib``).
    Without ``ship`` the paths are used as given on every executor.

    ``jobs`` is the number of workers of each partition's process: Spark
    runs one task per core already, so 1 is right unless executors have
    more cores than tasks.
    """
    if isinstance(rules, (str, os.PathLike)):
        rules = [rules]
    binary_path = find_binary(binary)
    options = ExecutorSetup(binary=binary_path, default_rules=default_rules, jobs=jobs, nested=nested,
                            window=window, extra_args=tuple(extra_args))
    if not ship:
        # Paths as given: a relative one (`./zhengming` from `--files`, a
        # `Rules` from `--archives`) is resolved in each executor's working
        # directory, not the driver's. The binary finds its default pack
        # itself there (./Rules, $ZHENGMING_RULES, or beside the binary).
        given = os.fspath(binary) if binary is not None else binary_path
        return dataclasses.replace(options, binary=given, rules=tuple(os.fspath(pack) for pack in rules))
    packs = [os.path.abspath(os.fspath(pack)) for pack in rules]
    default_pack = _default_pack(binary_path) if default_rules else None
    binary_name = _add_file(sc, binary_path, recursive=False)
    default_name = _add_file(sc, default_pack, recursive=True) if default_pack is not None else None
    pack_names = tuple(_add_file(sc, pack, recursive=True) for pack in packs)
    return dataclasses.replace(options, binary=binary_name, rules=pack_names, default_pack=default_name,
                               shipped=True)


def _default_pack(binary: str) -> Optional[str]:
    """The default pack the binary would load, as ``zhengming rules path`` says."""
    result = subprocess.run([binary, "rules", "path"], capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"{binary} rules path: {result.stderr.strip() or result.returncode}")
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    return lines[0] if lines else None


def _add_file(sc: Any, path: str, recursive: bool) -> str:
    """Adds ``path`` to the job once and returns its SparkFiles name."""
    name = os.path.basename(os.path.normpath(path))
    registry: Dict[str, str] = sc.__dict__.setdefault("_zhengming_files", {})
    if name in registry:
        if registry[name] != path:
            raise ValueError(f"two files to ship share the name {name!r} ({registry[name]} and {path}); "
                             "rename one of the packs")
        return name
    sc.addFile(path, recursive=recursive)
    registry[name] = path
    return name


# -- one partition ----------------------------------------------------------------


def _annotate_partition(setup: ExecutorSetup, items: Iterator[Any], encode: Any) -> Iterator[Tuple[bytes, Any]]:
    """Streams one partition through one process; a crash fails the task."""
    process = setup.start()
    try:
        yield from process.pipe(items, encode=encode, window=setup.window, chunk=setup.chunk)
    except BaseException:
        process.kill()
        raise
    process.close()


def _as_record(item: Any) -> Dict[str, Any]:
    """An RDD element as a record: a dict as is, a text, or a ``Row``."""
    if isinstance(item, dict):
        return item
    if isinstance(item, str):
        return {"text": item}
    if hasattr(item, "asDict"):
        return dict(item.asDict(recursive=True))
    return dict(item)


def _record_line(record: Dict[str, Any]) -> bytes:
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode("utf-8")


def annotate_rdd(rdd: Any, binary: Optional[str] = None, rules: Sequence[str] = (), default_rules: bool = True,
                 ship: bool = True, jobs: int = 1, nested: bool = False, setup: Optional[ExecutorSetup] = None) -> Any:
    """Annotates an RDD of records (dicts or ``Row``s with ``text`` and
    ``id``; or texts).

    Returns an RDD of the binary's records as dicts, partition by partition
    in the same order (``id`` and every other field kept); a rejected
    record becomes ``{"id": …, "error": …, "origin": …}``. Records without
    ``id`` come back with ``id`` ``None`` (the binary's line numbers would
    be per partition): give records ids.
    """
    setup = setup or prepare(rdd.context, binary, rules, default_rules, ship, jobs, nested)

    def partition(items: Iterator[Any]) -> Iterator[Dict[str, Any]]:
        records = (_as_record(item) for item in items)
        for answer, record in _annotate_partition(setup, records, _record_line):
            result = json.loads(answer)
            if "id" not in record:
                result["id"] = None
            yield result

    return rdd.mapPartitions(partition)


# -- DataFrames ---------------------------------------------------------------------


def _mention_type() -> Any:
    from pyspark.sql.types import IntegerType, StringType, StructField, StructType

    return StructType([StructField("start", IntegerType()), StructField("end", IntegerType()),
                       StructField("text", StringType())])


def span_type() -> Any:
    """``struct<start, end, label, text, rule, attrs: map<string,string>>``."""
    from pyspark.sql.types import IntegerType, MapType, StringType, StructField, StructType

    return StructType([
        StructField("start", IntegerType(), False), StructField("end", IntegerType(), False),
        StructField("label", StringType(), False), StructField("text", StringType()),
        StructField("rule", StringType()), StructField("attrs", MapType(StringType(), StringType())),
    ])


def post_type() -> Any:
    """A person–post record (the binary's ``posts``): the official, organ
    and title mentions (``start``, ``end``, ``text``; ``organ`` null for a
    fused title), ``post``, ``status``, ``rule``, and when the text gives
    them ``place`` (the LOC qualifying a fused title), ``cue`` (the word
    that set the status, such as 原) and ``resolved`` (the organ an
    elliptical one stands for)."""
    from pyspark.sql.types import StringType, StructField, StructType

    mention = _mention_type()
    return StructType([
        StructField("official", mention), StructField("organ", mention), StructField("title", mention),
        StructField("post", StringType()), StructField("status", StringType()), StructField("rule", StringType()),
        StructField("place", mention), StructField("cue", mention), StructField("resolved", StringType()),
    ])


def _mention_row(value: Any) -> Optional[Tuple[Any, Any, Any]]:
    if value is None:
        return None
    if isinstance(value, dict):
        return (value.get("start"), value.get("end"), value.get("text"))
    return (None, None, str(value))


def _span_rows(spans: Optional[List[Dict[str, Any]]]) -> List[Tuple[Any, ...]]:
    return [(s["start"], s["end"], s["label"], s.get("text"), s.get("rule"), s.get("attrs")) for s in spans or []]


def _post_rows(posts: Optional[List[Dict[str, Any]]]) -> List[Tuple[Any, ...]]:
    return [(_mention_row(p.get("official")), _mention_row(p.get("organ")), _mention_row(p.get("title")),
             p.get("post"), p.get("status"), p.get("rule"), _mention_row(p.get("place")), _mention_row(p.get("cue")),
             _text(p.get("resolved"))) for p in posts or []]


def _text(value: Any) -> Optional[str]:
    if value is None or isinstance(value, str):
        return value
    return str(value.get("text")) if isinstance(value, dict) else str(value)


def annotate_dataframe(df: Any, text_col: str = "text", id_col: Optional[str] = "id", rules: Sequence[str] = (),
                       binary: Optional[str] = None, default_rules: bool = True, ship: bool = True, jobs: int = 1,
                       nested: bool = False, setup: Optional[ExecutorSetup] = None) -> Any:
    """Annotates the ``text_col`` of a DataFrame; returns it with new columns.

    Every column of ``df`` is kept, and added are ``spans`` (array of
    `span_type`: the flat layer), ``posts`` (array of `post_type`; empty
    when the pack makes none), ``nested`` with ``nested=True``, and
    ``error``: null, or why the binary rejected the row (for example a null
    text), in which case ``spans`` and ``posts`` are null. ``id_col`` (when the DataFrame has it) is sent as the record's
    id, so it appears in messages; rows keep their own values either way.
    """
    from pyspark.sql.types import ArrayType, StringType, StructField, StructType

    added = ["spans", "posts", "error"] + (["nested"] if nested else [])
    clash = [name for name in added if name in df.columns]
    if clash:
        raise ValueError(f"the DataFrame already has column(s) {clash}; rename them before annotating")
    if text_col not in df.columns:
        raise ValueError(f"no column {text_col!r} in {df.columns}")
    text_index = df.columns.index(text_col)
    id_index = df.columns.index(id_col) if id_col and id_col in df.columns else None
    setup = setup or prepare(df.sparkSession.sparkContext, binary, rules, default_rules, ship, jobs, nested)

    def encode(row: Any) -> bytes:
        record: Dict[str, Any] = {}
        if id_index is not None:
            record["id"] = _json_value(row[id_index])
        record["text"] = row[text_index]
        return json.dumps(record, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode("utf-8")

    def partition(rows: Iterator[Any]) -> Iterator[Tuple[Any, ...]]:
        for answer, row in _annotate_partition(setup, rows, encode):
            result = json.loads(answer)
            extra: Tuple[Any, ...]
            if "spans" not in result:  # rejected: nothing was annotated, which is not "no mentions"
                extra = (None, None, result.get("error") or "rejected") + ((None,) if nested else ())
            else:
                extra = (_span_rows(result.get("spans")), _post_rows(result.get("posts")), None)
                if nested:
                    extra += (_span_rows(result.get("nested")),)
            yield tuple(row) + extra

    fields = list(df.schema.fields) + [
        StructField("spans", ArrayType(span_type(), False)), StructField("posts", ArrayType(post_type(), False)),
        StructField("error", StringType())]
    if nested:
        fields.append(StructField("nested", ArrayType(span_type(), False)))
    return df.sparkSession.createDataFrame(df.rdd.mapPartitions(partition), StructType(fields), verifySchema=False)


def _json_value(value: Any) -> Any:
    """An id as JSON can carry it (dates and decimals become strings)."""
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


# -- JSONL files, byte for byte ----------------------------------------------------------

#: A line whose first key is ``id`` (the common case: no parsing needed).
_LEADING_ID = re.compile(rb'^[ \t\r]*\{[ \t\r]*"id"[ \t\r]*:')
_BLANK = re.compile(rb"^[ \t\r]*$")
_BOM = b"\xef\xbb\xbf"


def _quote(text: str) -> str:
    """A JSON string literal exactly as the binary writes one (so that an id
    given here is the bytes the binary would have made itself)."""
    out = ['"']
    for char in text:
        if char in '"\\':
            out.append("\\" + char)
        elif char == "\n":
            out.append("\\n")
        elif char == "\r":
            out.append("\\r")
        elif char == "\t":
            out.append("\\t")
        elif ord(char) < 0x20:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    out.append('"')
    return "".join(out)


def _has_top_level_id(line: bytes) -> bool:
    if _LEADING_ID.match(line):
        return True
    if b'"id"' not in line:
        return False
    try:
        value = json.loads(line)
    except ValueError:
        return True  # not JSON: the binary rejects it whatever its id
    return isinstance(value, dict) and "id" in value


def _with_line_id(line: bytes, origin: str) -> bytes:
    """The line with ``"id":"origin"`` first, as the binary names records
    that have none (``path:line``), or unchanged if it has one."""
    if _has_top_level_id(line):
        return line
    brace = line.find(b"{")
    if brace < 0 or line[:brace].strip():
        return line
    rest = line[brace + 1:]
    separator = b"" if rest.lstrip().startswith(b"}") else b","
    return b'{"id":' + _quote(origin).encode("utf-8") + separator + rest


def annotate_jsonl(lines: Any, source: str, setup: ExecutorSetup, as_bytes: bool = False) -> Any:
    """Annotates an RDD of JSONL lines (``sc.textFile``; str, or bytes with
    ``use_unicode=False``) as one ``zhengming annotate SOURCE --format
    jsonl`` run would, and returns the RDD of its output lines (bytes with
    ``as_bytes``: what ``saveAsTextFile`` writes without re-encoding).

    Lines are passed to the binary as they are, so every record's output is
    the binary's own bytes. Records without id get ``SOURCE:LINE``, as the
    binary names them, which needs each line's number in the whole input
    (`zipWithIndex`: one extra pass over the input); blank lines are skipped
    as the binary skips them; a rejected line becomes the binary's error
    record with ``origin`` ``SOURCE:LINE``.
    """

    def partition(numbered: Iterator[Tuple[Any, int]]) -> Iterator[Any]:
        def lines_to_send() -> Iterator[Tuple[bytes, int]]:
            for line, index in numbered:
                if isinstance(line, str):
                    line = line.encode("utf-8")
                if index == 0 and line.startswith(_BOM):
                    line = line[len(_BOM):]
                if _BLANK.match(line):
                    continue
                yield _with_line_id(line, f"{source}:{index + 1}"), index

        for answer, (_, index) in _annotate_partition(setup, lines_to_send(), lambda item: item[0]):
            if answer.startswith(b'{"id":') and b'"error":' in answer and b'"spans":' not in answer:
                rejected = json.loads(answer)
                rejected["origin"] = f"{source}:{index + 1}"
                answer = json.dumps(rejected, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
            yield answer if as_bytes else answer.decode("utf-8")

    return lines.zipWithIndex().mapPartitions(partition)


# -- the command ------------------------------------------------------------------------------


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m zhengming.spark",
        description="Annotate JSONL with Zhengming on Spark: one process per partition; JSONL part files out, "
                    "the same records as one `zhengming annotate INPUT --format jsonl` run.")
    parser.add_argument("input", help="JSONL input (a path or URL Spark reads: file, directory, glob, hdfs://…)")
    parser.add_argument("output", help="output directory (must not exist); part-* files of JSONL")
    parser.add_argument("--partitions", type=int, default=None, help="minimum number of partitions of the input")
    parser.add_argument("--master", default=None, help="Spark master (default: spark-submit's, else local[*])")
    parser.add_argument("--binary", default=None, help="the zhengming binary (default: $ZHENGMING_BIN, then PATH)")
    parser.add_argument("--rules", action="append", default=[], metavar="DIR",
                        help="a rule pack on top of the default pack (repeatable)")
    parser.add_argument("--no-default-rules", action="store_true", help="do not load the default pack")
    parser.add_argument("--nested", action="store_true", help="add the nested layer")
    parser.add_argument("--jobs-per-partition", type=int, default=1, help="workers of each process (default 1)")
    parser.add_argument("--no-ship", action="store_true",
                        help="do not ship the binary and packs: their paths exist on every node")
    return parser


def _session(master: Optional[str]) -> Any:
    """The Spark session: ``master`` if given, else the one spark-submit
    set, else ``local[*]``."""
    from pyspark import SparkConf, SparkContext
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName("zhengming")
    if master:
        return builder.master(master).getOrCreate()
    SparkContext._ensure_initialized()  # so that SparkConf sees spark-submit's settings
    if not SparkConf().contains("spark.master"):
        builder = builder.master("local[*]")
    return builder.getOrCreate()


def main(argv: Optional[Sequence[str]] = None) -> int:
    """``python -m zhengming.spark``; returns the exit status."""
    arguments = _parser().parse_args(argv)
    if os.path.exists(arguments.output):
        print(f"zhengming.spark: {arguments.output} exists; choose a new output directory", file=sys.stderr)
        return 2
    spark = _session(arguments.master)
    try:
        sc = spark.sparkContext
        setup = prepare(sc, arguments.binary, arguments.rules, not arguments.no_default_rules,
                        ship=not arguments.no_ship, jobs=arguments.jobs_per_partition, nested=arguments.nested)
        lines = sc.textFile(arguments.input, minPartitions=arguments.partitions, use_unicode=False)
        started = time.perf_counter()
        annotate_jsonl(lines, arguments.input, setup, as_bytes=True).saveAsTextFile(arguments.output)
        seconds = time.perf_counter() - started
        print(f"zhengming.spark: {arguments.input} -> {arguments.output} in {seconds:.1f} s "
              f"({lines.getNumPartitions()} partitions)", file=sys.stderr)
    finally:
        spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
