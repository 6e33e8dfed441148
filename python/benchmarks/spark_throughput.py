"""Spark local[2] against ``zhengming annotate --jobs 2`` on the same JSONL.

    python python/benchmarks/spark_throughput.py [--megabytes 20] [--partitions 2 4] [--rounds 2]

The text is the bundled corpus (Corpus/*.txt) and ../shared/corpus/*.jsonl
repeated to the requested size (ids made unique per round), written to a
temporary directory at run time and removed afterwards: nothing is
committed. Each round times, interleaved, (1) one ``zhengming annotate
INPUT --format jsonl --jobs 2`` process writing to /dev/null, and (2) the
Spark job of ``python -m zhengming.spark`` (read, annotate one process per
partition, write part files) in a warm ``local[2]`` session, for each
partition count. Session start-up is reported apart: it is paid once per
application, not per corpus. The fastest of the rounds is reported, as
``zhengming bench`` does on a shared machine, and every Spark run is
checked to write the same records as the command line.

Wall-clock ratios mean little on a machine that others load (a job of more
processes gets a larger share of a busy CPU), so the CPU time of each run is
reported too: user and system time of every process the run started (the
JVM, the Python workers, the zhengming processes), read from /proc over the
benchmark's process tree. On an idle machine whose cores both runs keep
busy, the two ratios agree.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[2]


def corpus(megabytes: float, path: Path) -> int:
    """Writes the bench JSONL; returns its number of characters of text."""
    base = []
    for text_file in sorted((REPOSITORY / "Corpus").glob("*.txt")):
        base.append((text_file.name, text_file.read_text(encoding="utf-8-sig")))
    shared = REPOSITORY.parent / "shared" / "corpus"
    for jsonl in sorted(shared.glob("*.jsonl")) if shared.exists() else []:
        for line in jsonl.read_text(encoding="utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                base.append((str(record["id"]), record["text"]))
    size, characters, round_number = 0, 0, 0
    with path.open("w", encoding="utf-8") as out:
        while size < megabytes * 1_000_000:
            for identifier, text in base:
                line = json.dumps({"id": f"{identifier}#{round_number}", "text": text}, ensure_ascii=False) + "\n"
                out.write(line)
                size += len(line.encode("utf-8"))
                characters += len(text)
            round_number += 1
    return characters


def tree_cpu_seconds(root: int) -> float:
    """User + system time of ``root``'s descendants, live or reaped (a reaped
    child's time is in its parent's cutime/cstime), from /proc."""
    parents, times = {}, {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry)] = int(fields[1])
        times[int(entry)] = sum(int(value) for value in fields[11:15])  # utime stime cutime cstime
    total, stack = 0, [pid for pid, parent in parents.items() if parent == root]
    while stack:
        pid = stack.pop()
        total += times[pid]
        stack += [child for child, parent in parents.items() if parent == pid]
    own = os.times()
    return total / os.sysconf("SC_CLK_TCK") + own.children_user + own.children_system


def digest(lines) -> str:
    return hashlib.sha256("\n".join(sorted(lines)).encode("utf-8")).hexdigest()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", default=os.environ.get("ZHENGMING_BIN", str(REPOSITORY / ".build/release/zhengming")))
    parser.add_argument("--megabytes", type=float, default=20)
    parser.add_argument("--partitions", type=int, nargs="+", default=[2, 4])
    parser.add_argument("--rounds", type=int, default=2)
    arguments = parser.parse_args()

    from pyspark.sql import SparkSession
    from zhengming.spark import annotate_jsonl, prepare

    work = Path(tempfile.mkdtemp(prefix="zhengming-spark-bench-"))
    try:
        source = work / "bench.jsonl"
        characters = corpus(arguments.megabytes, source)
        print(f"input: {source.stat().st_size / 1e6:.1f} MB of JSONL, {characters / 1e6:.2f} M characters")

        started = time.perf_counter()
        spark = (SparkSession.builder.master("local[2]").appName("zhengming-bench")
                 .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false").getOrCreate())
        spark.sparkContext.setLogLevel("ERROR")
        sc = spark.sparkContext
        setup = prepare(sc, arguments.binary)
        sc.parallelize(range(4), 2).map(lambda x: x).collect()  # start the Python workers
        print(f"Spark session start-up (not in the figures below): {time.perf_counter() - started:.1f} s")

        expected = subprocess.run([arguments.binary, "annotate", str(source), "--format", "jsonl", "--quiet"],
                                  capture_output=True, text=True, check=True).stdout.splitlines()
        expected_digest = digest(expected)
        best = {"cli": float("inf"), **{p: float("inf") for p in arguments.partitions}}
        cpu = dict.fromkeys(best, float("inf"))
        me = os.getpid()
        for round_number in range(arguments.rounds):
            began, cpu_began = time.perf_counter(), tree_cpu_seconds(me)
            subprocess.run([arguments.binary, "annotate", str(source), "--format", "jsonl", "--jobs", "2", "--quiet"],
                           stdout=subprocess.DEVNULL, check=True)
            best["cli"] = min(best["cli"], time.perf_counter() - began)
            cpu["cli"] = min(cpu["cli"], tree_cpu_seconds(me) - cpu_began)
            for partitions in arguments.partitions:
                output = work / f"out-{round_number}-{partitions}"
                began, cpu_began = time.perf_counter(), tree_cpu_seconds(me)
                lines = sc.textFile(str(source), minPartitions=partitions, use_unicode=False)
                annotate_jsonl(lines, str(source), setup, as_bytes=True).saveAsTextFile(str(output))
                best[partitions] = min(best[partitions], time.perf_counter() - began)
                cpu[partitions] = min(cpu[partitions], tree_cpu_seconds(me) - cpu_began)
                written = [line for part in sorted(output.glob("part-*"))
                           for line in part.read_text(encoding="utf-8").splitlines()]
                assert digest(written) == expected_digest, "Spark wrote other records than the command line"
                shutil.rmtree(output)
        spark.stop()

        cli = characters / best["cli"]
        print(f"load average before the report: {os.getloadavg()[0]:.1f}")
        print(f"zhengming annotate --jobs 2: {best['cli']:.2f} s, {cli / 1e6:.2f} M chars/s; CPU {cpu['cli']:.2f} s")
        for partitions in arguments.partitions:
            rate = characters / best[partitions]
            print(f"Spark local[2], {partitions} partitions: {best[partitions]:.2f} s, {rate / 1e6:.2f} M chars/s, "
                  f"{rate / cli:.2f}x of the command line; CPU {cpu[partitions]:.2f} s, "
                  f"{cpu['cli'] / cpu[partitions]:.2f}x")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
