"""The line handling of ``python -m zhengming.spark``: a record without id
gets the id the binary would give it (``path:line``), byte for byte."""

from __future__ import annotations

import json
import subprocess

import pytest

from zhengming.spark import _quote, _with_line_id


@pytest.mark.parametrize("line, expected", [
    (b'{"text":"x"}', b'{"id":"in.jsonl:3","text":"x"}'),
    (b'{ "text" : "x" }', b'{"id":"in.jsonl:3", "text" : "x" }'),
    (b'{}', b'{"id":"in.jsonl:3"}'),
    (b'{"text":"id","meta":{"id":2}}', b'{"id":"in.jsonl:3","text":"id","meta":{"id":2}}'),
    (b' { "id" : 1, "text":"x"}', b' { "id" : 1, "text":"x"}'),
    (b'{"meta":{"x":1},"id":3,"text":"x"}', b'{"meta":{"x":1},"id":3,"text":"x"}'),
    (b'not json', b'not json'),
    (b'[1, 2]', b'[1, 2]'),
])
def test_an_id_is_added_only_where_the_record_has_none(line, expected):
    assert _with_line_id(line, "in.jsonl:3") == expected


@pytest.mark.parametrize("path", ["in.jsonl", "dir with space/新闻.jsonl", 'quote"back\\slash\ttab.jsonl'])
def test_the_added_id_is_the_one_the_binary_gives(binary, tmp_path, path):
    source = tmp_path / path
    source.parent.mkdir(parents=True, exist_ok=True)
    source.write_text('{"id":"first","text":"甲"}\n{"text":"乙","n":1}\n', encoding="utf-8")
    result = subprocess.run([binary, "annotate", str(source), "--format", "jsonl", "--quiet"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    from_file = result.stdout.splitlines()[1]
    assert json.loads(from_file)["id"] == f"{source}:2"
    # The line with the id added, on standard input, comes out as the file's
    # own record did.
    line = _with_line_id('{"text":"乙","n":1}'.encode(), f"{source}:2")
    piped = subprocess.run([binary, "annotate", "--input", "jsonl", "--format", "jsonl", "--quiet"],
                           input=line + b"\n", capture_output=True)
    assert piped.stdout.decode().rstrip("\n") == from_file
