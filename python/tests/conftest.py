"""Fixtures of the Python package's tests.

The tests drive the real binary (never a stand-in): ``$ZHENGMING_BIN``, else
the checkout's ``.build/debug/zhengming`` (what ``swift test`` just built),
else ``.build/release/zhengming``. With ``ZHENGMING_TEST_STRICT=1`` (set by
``.ci/run``) a missing spaCy, pyspark or Java fails the run instead of
skipping those tests.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Dict, List

import pytest

REPOSITORY = Path(__file__).resolve().parents[2]
SHARED_CORPUS = REPOSITORY.parent / "shared" / "corpus"
STRICT = os.environ.get("ZHENGMING_TEST_STRICT") == "1"


def require(module: str):
    """Imports ``module``, or skips (fails when strict) without it."""
    if STRICT:
        return __import__(module)
    return pytest.importorskip(module)


@pytest.fixture(scope="session")
def binary() -> str:
    explicit = os.environ.get("ZHENGMING_BIN")
    candidates = [explicit] if explicit else [str(REPOSITORY / ".build" / kind / "zhengming") for kind in ("debug", "release")]
    for candidate in candidates:
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    pytest.fail(f"no zhengming binary at {candidates}: run `swift build` in {REPOSITORY} or set ZHENGMING_BIN")


@pytest.fixture(scope="session")
def seeds() -> Dict[str, str]:
    """The seed documents (Corpus/*.txt), by file name, exactly as on disk."""
    texts = {}
    for path in sorted((REPOSITORY / "Corpus").glob("*.txt")):
        texts[path.name] = path.read_bytes().decode("utf-8-sig")
    assert texts, "no seed documents in Corpus/"
    return texts


@pytest.fixture(scope="session")
def shared_records() -> List[dict]:
    """The records of ../shared/corpus/dev.jsonl and dev2.jsonl (text and id
    only), or an empty list when the shared corpus is absent."""
    records = []
    for name in ("dev.jsonl", "dev2.jsonl"):
        path = SHARED_CORPUS / name
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    record = json.loads(line)
                    records.append({"id": record["id"], "text": record["text"]})
    return records


def cli_jsonl(binary: str, *arguments: str, stdin: str | None = None, cwd: str | None = None) -> List[dict]:
    """Runs ``zhengming annotate … --format jsonl`` and returns its records."""
    result = subprocess.run([binary, "annotate", "--format", "jsonl", "--quiet", *arguments], input=stdin,
                            capture_output=True, text=True, cwd=cwd)
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def write_pack(directory: Path, files: Dict[str, str]) -> Path:
    for relative, contents in files.items():
        path = directory / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(contents, encoding="utf-8")
    return directory


#: A pack with a label of its own, for tests that load a pack alone.
MINISTRY_PACK = {
    "pack.yaml": "name: ministries\nlabels: [MINISTRY, MINISTER]\nphases: [bodies, people]\n",
    "lexicons/ministries.txt": "外交部\n国防部\tkind=defence\n",
    "ministries.yaml": (
        "rules:\n"
        "  - name: ministry.lexicon\n    phase: bodies\n    label: MINISTRY\n    pattern: '{ministries}'\n"
        "  - name: minister.after-ministry\n    phase: people\n    label: MINISTER\n"
        "    pattern: '(?<=@MINISTRY(?:部长))\\p{Han}{2,3}(?=表示|说)'\n"
    ),
}

#: A pack with two errors: an unclosed group (r.yaml:5:15) and an unknown label (r.yaml:6:5).
BROKEN_PACK = {
    "pack.yaml": "labels: [X]\nphases: [a]\n",
    "r.yaml": ("phase: a\nrules:\n  - name: bad\n    label: X\n    pattern: \"(unclosed\"\n"
               "  - name: bad2\n    label: NOPE\n    pattern: \"x\"\n"),
}


def java_available() -> bool:
    return shutil.which("java") is not None
