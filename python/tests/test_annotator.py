"""`zhengming.Annotator` against the real binary: offsets equal to the
command line's JSONL, one long-lived process, errors as exceptions."""

from __future__ import annotations

import json
import os
import signal
import stat
import threading
from pathlib import Path

import pytest

from conftest import BROKEN_PACK, MINISTRY_PACK, REPOSITORY, cli_jsonl, write_pack
from zhengming import Annotator, BinaryNotFoundError, ProcessError, RecordError, RulePackError, find_binary


def finishes(body, seconds: float = 120):
    """Runs ``body`` on a thread and fails the test if it does not finish
    (a hang is a failure, not a stuck CI run)."""
    outcome: dict = {}

    def run():
        try:
            outcome["value"] = body()
        except BaseException as error:  # handed to the test below
            outcome["error"] = error

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"did not finish within {seconds} s"
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("value")


@pytest.fixture(scope="module")
def annotator(binary):
    with Annotator(binary=binary) as annotator:
        yield annotator


def test_seeds_round_trip_with_the_offsets_of_the_command_line(binary, seeds, annotator):
    expected = {Path(record["id"]).name: record
                for record in cli_jsonl(binary, *sorted(str(REPOSITORY / "Corpus" / name) for name in seeds))}
    for name, text in seeds.items():
        record = annotator.annotate({"id": name, "text": text})
        assert record["id"] == name
        assert record["text"] == text == expected[name]["text"]
        assert record["spans"] == expected[name]["spans"]
        assert len(record["spans"]) > 50, "the default pack finds the seeds' mentions"
        for span in record["spans"]:
            assert text[span["start"]:span["end"]] == span["text"]


def test_pipe_gives_the_records_of_one_command_line_run(binary, seeds, shared_records):
    records = [{"id": name, "text": text, "source": {"file": name}} for name, text in seeds.items()]
    records += shared_records
    records += [{"text": "湖南省委书记杜家毫出席会议。"}, {"text": "省长唐一军"}]
    stdin = "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records)
    expected = cli_jsonl(binary, "--input", "jsonl", "--nested", stdin=stdin)
    with Annotator(binary=binary, nested=True) as annotator:
        got = finishes(lambda: list(annotator.pipe(records, batch_size=7)))
    assert got == expected
    assert [record["id"] for record in got[-2:]] == [str(len(records) - 1), str(len(records))]


def test_one_long_lived_process_answers_one_record_at_a_time(binary):
    with Annotator(binary=binary, default_rules=False, rules=[REPOSITORY / "Rules"]) as annotator:
        pid = annotator._process.pid
        texts = ["辽宁省委书记陈求发主持会议。", "中央第六巡视组组长王荣军", "省长唐一军", "无"]
        for number, text in enumerate(texts, 1):
            # annotate() returns only once the answer arrived: a process that
            # buffered its output would hang here, and `finishes` fails.
            record = finishes(lambda: annotator.annotate(text), seconds=60)
            assert record["id"] == str(number) and record["text"] == text
            assert annotator._process.pid == pid
            assert annotator._process.running
        assert [span["text"] for span in annotator.annotate(texts[0])["spans"]] == ["辽宁省委", "书记", "陈求发"]


def test_a_large_batch_streams_without_deadlock(binary):
    # 4.4 MB in, more out: far larger than the pipes' buffers, all of it in
    # flight at once. (Without rules: the pipes are what is tested.)
    text = "会前，中央第六巡视组组长王荣军主持召开与辽宁省委书记陈求发的见面沟通会。" * 40
    records = ({"id": f"r{index}", "text": text} for index in range(1000))
    with Annotator(binary=binary, default_rules=False, tokens=True, jobs=2) as annotator:
        ids = finishes(lambda: [record["id"] for record in annotator.pipe(records, batch_size=100_000)], seconds=300)
    assert ids == [f"r{index}" for index in range(1000)]


def test_rejected_records_raise_or_come_back_in_their_place(binary):
    with Annotator(binary=binary, default_rules=False) as annotator:
        with pytest.raises(RecordError) as caught:
            annotator.annotate({"id": "no-text", "title": "x"})
        assert caught.value.record["id"] == "no-text"
        assert "text" in caught.value.record["error"]
        assert annotator.annotate("第一。")["text"] == "第一。", "still usable after a rejection"

        items = [{"id": "a", "text": "甲"}, {"id": "b"}, {"id": "c", "text": "丙"}]
        got = list(annotator.pipe(items, errors="return"))
        assert [record["id"] for record in got] == ["a", "b", "c"]
        assert "error" in got[1] and "spans" not in got[1] and got[1]["origin"] == "record 4"

        with pytest.raises(RecordError):
            list(annotator.pipe(items * 50, batch_size=20))
        assert annotator.annotate({"id": "after", "text": "乙"})["id"] == "after", "in sync after the raise"


def test_leaving_a_pipe_early_keeps_the_process_in_sync(binary):
    with Annotator(binary=binary, default_rules=False) as annotator:
        for record in annotator.pipe(({"id": index, "text": "文"} for index in range(5000)), batch_size=500):
            if record["id"] == 10:
                break
        assert annotator.annotate({"id": "next", "text": "下"})["id"] == "next"


def test_a_call_inside_a_pipe_loop_is_an_error_not_a_deadlock(binary):
    with Annotator(binary=binary, default_rules=False) as annotator:
        def loop():
            for record in annotator.pipe(["甲", "乙", "丙"]):
                with pytest.raises(RuntimeError, match="second Annotator"):
                    annotator.annotate("丁")
            return annotator.annotate("戊")["text"]

        assert finishes(loop, seconds=60) == "戊"


def test_options_reach_the_binary(binary, tmp_path):
    pack = write_pack(tmp_path / "ministries", MINISTRY_PACK)
    with Annotator(binary=binary, rules=[pack], default_rules=False, pinyin="numeric") as annotator:
        record = annotator.annotate("外交部部长王毅表示")
    assert [(span["text"], span["label"]) for span in record["spans"]] == [("外交部", "MINISTRY"), ("王毅", "MINISTER")]
    assert [token["pinyin"] for token in record["tokens"]][:1] == ["wai4 jiao1 bu4"]
    assert Annotator.command("zm", tokens=True) [-2:] == ["--tokens", "--no-pinyin"]


def test_a_missing_binary_says_how_to_build_it(tmp_path):
    with pytest.raises(BinaryNotFoundError) as caught:
        Annotator(binary=tmp_path / "no-such-zhengming")
    assert "swift build" in str(caught.value) and "no-such-zhengming" in str(caught.value)
    with pytest.raises(BinaryNotFoundError) as caught:
        find_binary(environ={"PATH": str(tmp_path)})
    assert "ZHENGMING_BIN" in str(caught.value) and "swift build -c release" in str(caught.value)


def test_the_binary_is_found_from_the_environment_then_path(binary, tmp_path):
    assert find_binary(environ={"ZHENGMING_BIN": binary, "PATH": ""}) == os.path.abspath(binary)
    link = tmp_path / "zhengming"
    link.symlink_to(os.path.abspath(binary))
    assert find_binary(environ={"PATH": str(tmp_path)}) == str(link)


def test_a_broken_rule_pack_is_an_exception_with_its_diagnostics(binary, tmp_path):
    pack = write_pack(tmp_path / "broken", BROKEN_PACK)
    with pytest.raises(RulePackError) as caught:
        Annotator(binary=binary, rules=[pack])
    diagnostics = caught.value.diagnostics
    assert any(line.startswith(f"{pack / 'r.yaml'}:5:15: error[Z020") for line in diagnostics), diagnostics
    assert any(line.startswith(f"{pack / 'r.yaml'}:6:5: error[Z010") for line in diagnostics), diagnostics
    assert caught.value.returncode == 2
    assert "r.yaml:5:15" in str(caught.value)


def test_a_process_that_dies_is_an_exception_not_a_hang(binary):
    annotator = Annotator(binary=binary, default_rules=False)
    os.kill(annotator._process.pid, signal.SIGKILL)
    with pytest.raises(ProcessError) as caught:
        finishes(lambda: annotator.annotate("文"), seconds=60)
    assert caught.value.returncode == -signal.SIGKILL
    with pytest.raises(ProcessError):
        annotator.annotate("文")

    annotator = Annotator(binary=binary, default_rules=False)

    def kill_midway():
        for record in annotator.pipe(({"id": index, "text": "文" * 200} for index in range(100_000)), batch_size=64):
            if record["id"] == 100:
                os.kill(annotator._process.pid, signal.SIGKILL)

    with pytest.raises(ProcessError):
        finishes(kill_midway, seconds=120)


def test_a_binary_that_is_not_zhengming_is_refused(tmp_path):
    echo = tmp_path / "echo-zhengming"
    echo.write_text("#!/bin/sh\nexec cat\n")
    echo.chmod(echo.stat().st_mode | stat.S_IXUSR)
    with pytest.raises(ProcessError) as caught:
        Annotator(binary=echo)
    assert "probe" in str(caught.value)
