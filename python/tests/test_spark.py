"""Zhengming on Spark in local mode: ``local[2,2]`` (two cores, a failed
task tried twice)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPOSITORY, STRICT, cli_jsonl, java_available, require

pyspark = require("pyspark")
if not java_available():
    if STRICT:
        raise RuntimeError("Java is needed for the Spark tests (apt-get install openjdk-17-jre-headless)")
    pytest.skip("no Java for Spark", allow_module_level=True)

from zhengming.spark import annotate_dataframe, annotate_rdd, prepare  # noqa: E402


def spark_conf(builder):
    return (builder.master("local[2,2]").appName("zhengming-tests")
            .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
            .config("spark.sql.shuffle.partitions", "2"))


@pytest.fixture(scope="module")
def spark():
    from pyspark.sql import SparkSession

    session = spark_conf(SparkSession.builder).getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def corpus_lines(seeds, shared_records) -> list:
    """Input lines of every kind the command must carry through unchanged."""
    lines = [json.dumps({"id": name, "text": text, "meta": {"file": name, "n": [1, 2.5]}}, ensure_ascii=False)
             for name, text in seeds.items()]
    lines += [json.dumps(record, ensure_ascii=False) for record in shared_records]
    lines += [
        '{"text": "湖南省委书记杜家毫出席会议。", "source": "no id: named path:line"}',
        '  ',
        '{"id": 7, "text": "中央第六巡視組組長王榮軍（２月２２日）"}',
        '{"id": "no-text", "title": "rejected"}',
        '{"text":"省长唐一军"}',
        '{"id": "a \\"quoted\\" id", "text": "辽宁省委书记陈求发"}',
    ]
    return lines * 3


def test_the_command_writes_the_records_of_one_command_line_run(binary, seeds, shared_records, tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(corpus_lines(seeds, shared_records)) + "\n", encoding="utf-8")
    output = tmp_path / "out"
    environment = dict(os.environ, ZHENGMING_BIN=binary)
    result = subprocess.run([sys.executable, "-m", "zhengming.spark", str(source), str(output), "--partitions", "3",
                             "--master", "local[2]"], capture_output=True, text=True, env=environment, cwd="/")
    assert result.returncode == 0, result.stderr[-3000:]
    written = [line for part in sorted(output.glob("part-*")) for line in part.read_text(encoding="utf-8").splitlines()]
    assert len(list(output.glob("part-*"))) >= 3

    expected = subprocess.run([binary, "annotate", str(source), "--format", "jsonl", "--quiet"],
                              capture_output=True, text=True)
    assert expected.returncode == 1, "the command line rejects the record without text"
    expected_lines = expected.stdout.splitlines()
    good = [line for line in written if '"spans":' in line]
    assert sorted(good) == sorted(expected_lines), "same records, byte for byte, as one annotate run"
    assert len(expected_lines) == 3 * (len(seeds) + len(shared_records) + 4)

    errors = [json.loads(line) for line in written if '"spans":' not in line]
    assert len(errors) == 3
    lines = source.read_text(encoding="utf-8").splitlines()
    for error in errors:
        assert error["id"] == "no-text"
        line_number = int(error["origin"].rsplit(":", 1)[1])
        assert error["origin"] == f"{source}:{line_number}" and '"no-text"' in lines[line_number - 1]
        assert f"{error['origin']}: {error['error']}" in expected.stderr


def test_the_command_refuses_an_existing_output(binary, tmp_path):
    (tmp_path / "out").mkdir()
    result = subprocess.run([sys.executable, "-m", "zhengming.spark", str(tmp_path / "in.jsonl"), str(tmp_path / "out")],
                            capture_output=True, text=True, env=dict(os.environ, ZHENGMING_BIN=binary))
    assert result.returncode == 2 and "exists" in result.stderr


def test_annotate_dataframe_adds_spans_posts_and_errors(spark, binary, seeds):
    rows = [(name, text, index) for index, (name, text) in enumerate(seeds.items())]
    rows += [("null-text", None, 98), ("traditional", "中央第六巡視組組長王榮軍（２月２２日）", 99),
             ("posts", "浙江省副省长王某出席。原市政府副市长李某，省委副书记、省长唐一军", 100)]
    df = spark.createDataFrame(rows, "id string, text string, n int").repartition(2)
    annotated = annotate_dataframe(df, binary=binary)
    assert annotated.columns == ["id", "text", "n", "spans", "posts", "error"]
    span_fields = annotated.schema["spans"].dataType.elementType.fieldNames()
    assert span_fields[:5] == ["start", "end", "label", "text", "rule"]
    got = {row["id"]: row for row in annotated.collect()}
    assert set(got) == {row[0] for row in rows}, "every row, ids kept"

    texts = [(row[0], row[1]) for row in rows if row[1] is not None]
    stdin = "".join(json.dumps({"id": i, "text": t}, ensure_ascii=False) + "\n" for i, t in texts)
    for record in cli_jsonl(binary, "--input", "jsonl", stdin=stdin):
        row = got[record["id"]]
        assert row["error"] is None and row["n"] == dict((r[0], r[2]) for r in rows)[record["id"]]
        assert [(s.start, s.end, s.label, s.text, s.rule) for s in row["spans"]] == [
            (s["start"], s["end"], s["label"], s["text"], s["rule"]) for s in record["spans"]]
        assert [dict(s.attrs or {}) for s in row["spans"]] == [s.get("attrs", {}) for s in record["spans"]]
        assert [(p.official.text, p.post, p.status, p.organ and p.organ.text, p.place and p.place.text,
                 p.cue and p.cue.text, p.resolved) for p in row["posts"]] == [
            (p["official"]["text"], p["post"], p["status"], (p.get("organ") or {}).get("text"),
             (p.get("place") or {}).get("text"), (p.get("cue") or {}).get("text"), p.get("resolved"))
            for p in record.get("posts", [])]
    assert len(got["posts"]["posts"]) >= 3, "the default pack links posts"
    assert got["null-text"]["error"] == 'record has no string field "text"'
    assert got["null-text"]["spans"] is None and got["null-text"]["posts"] is None

    with pytest.raises(ValueError, match="already has column"):
        annotate_dataframe(annotated, binary=binary)


def crashing_binary(directory: Path, binary: str, always: bool) -> Path:
    """A wrapper that logs each annotating process it starts and, the first
    time (or every time), answers the start-up probe, reads one record and
    dies by SIGKILL, as a crashing annotator would. (``mkdir`` is atomic:
    of two partitions starting at once, only one crashes.)"""
    log, marker = directory / "starts.log", directory / "crashed"
    crash_test = "true" if always else f'mkdir "{marker}" 2>/dev/null'
    script = directory / "zhengming"
    script.write_text(f"""#!/bin/sh
if [ "$1" != annotate ]; then exec "{binary}" "$@"; fi
echo $$ >> "{log}"
if {crash_test}; then
    read probe
    echo '{{"id":"zhengming-ready","text":"","spans":[]}}'
    read record
    kill -9 $$
fi
exec "{binary}" "$@"
""")
    script.chmod(0o755)
    return script


def test_one_process_per_partition_and_a_crashed_task_is_retried(spark, binary, tmp_path):
    wrapper = crashing_binary(tmp_path, binary, always=False)
    records = [{"id": index, "text": f"第{index}条：辽宁省委书记陈求发主持会议。"} for index in range(400)]
    rdd = spark.sparkContext.parallelize(records, 4)
    result = annotate_rdd(rdd, binary=str(wrapper), ship=False).collect()
    assert [record["id"] for record in result] == list(range(400))
    assert all([span["text"] for span in record["spans"]][-3:] == ["辽宁省委", "书记", "陈求发"] for record in result)
    starts = (tmp_path / "starts.log").read_text().split()
    assert len(starts) == 4 + 1, "one process per partition, and one more for the retried task"


def test_a_process_that_always_crashes_fails_the_job(spark, binary, tmp_path):
    wrapper = crashing_binary(tmp_path, binary, always=True)
    rdd = spark.sparkContext.parallelize([{"id": 1, "text": "文"}, {"id": 2, "text": "字"}], 1)
    with pytest.raises(Exception) as caught:
        annotate_rdd(rdd, binary=str(wrapper), ship=False).collect()
    assert "ProcessError" in str(caught.value) and "killed by signal 9" in str(caught.value)


def test_shipped_files_reach_the_executors(spark, binary, tmp_path):
    from conftest import MINISTRY_PACK, write_pack

    pack = write_pack(tmp_path / "ministries", MINISTRY_PACK)
    alone = prepare(spark.sparkContext, binary, rules=[str(pack)], default_rules=False, ship=True)
    assert alone.shipped and alone.binary == "zhengming" and alone.rules == ("ministries",)
    default = prepare(spark.sparkContext, binary, ship=True)
    assert default.default_pack == "Rules" and default.rules == ()

    where = spark.sparkContext.parallelize([0], 1).mapPartitions(
        lambda _: [(default.command()[0], default.environment()["ZHENGMING_RULES"], alone.command())]).collect()[0]
    assert os.path.dirname(where[0]) != os.path.dirname(os.path.abspath(binary)), "the shipped copy runs"
    assert where[1] != str(REPOSITORY / "Rules") and os.path.basename(where[1]) == "Rules"
    assert where[2][where[2].index("--rules") + 1] != str(pack)

    rdd = spark.sparkContext.parallelize(["外交部部长王毅表示", "辽宁省委书记陈求发"], 2)
    result = annotate_rdd(rdd, setup=alone).collect()
    assert [(s["text"], s["label"]) for s in result[0]["spans"]] == [("外交部", "MINISTRY"), ("王毅", "MINISTER")]
    assert result[1]["spans"] == []
    result = annotate_rdd(rdd, setup=default).collect()
    assert [s["label"] for s in result[1]["spans"]] == ["ORGAN", "TITLE", "OFFICIAL"], "the shipped default pack"
    assert all(record["id"] is None for record in result)
