"""The exceptions of the package.

Each says what went wrong in words a user can act on. They mirror the
command line's split between problems that stop a run before it starts (no
binary, a broken rule pack) and problems with one record (`RecordError`),
which a corpus run reports and goes past.
"""

from __future__ import annotations

import re
from typing import Any, Dict, Sequence

__all__ = [
    "ZhengmingError",
    "BinaryNotFoundError",
    "RulePackError",
    "ProcessError",
    "RecordError",
]

#: A rule diagnostic as the binary prints it: ``file:line:column: error[...]``.
DIAGNOSTIC_LINE = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<column>\d+): (?P<message>.+)$")


class ZhengmingError(Exception):
    """Base class of every error this package raises."""


class BinaryNotFoundError(ZhengmingError, FileNotFoundError):
    """The ``zhengming`` executable was not found where it was looked for."""

    def __init__(self, searched: Sequence[str]) -> None:
        self.searched = list(searched)
        super().__init__(
            "the zhengming binary was not found (looked in: "
            + ", ".join(self.searched)
            + "). Build it from the repository with `swift build -c release` "
            "(it is then .build/release/zhengming) and pass binary=PATH, set "
            "ZHENGMING_BIN=PATH, or put it on PATH."
        )


class ProcessError(ZhengmingError, RuntimeError):
    """The annotator process exited or failed while records were in flight.

    ``returncode`` is the exit status (negative: killed by that signal) and
    ``stderr`` the last lines it wrote on standard error.
    """

    def __init__(self, message: str, returncode: int | None = None, stderr: Sequence[str] = ()) -> None:
        self.returncode = returncode
        self.stderr = list(stderr)
        detail = "\n".join(self.stderr[-20:])
        super().__init__(message + (f"\n{detail}" if detail else ""))


class RulePackError(ProcessError, ValueError):
    """A rule pack could not be loaded (the binary exited with status 2).

    ``diagnostics`` holds the binary's ``file:line:column: error[...]`` lines,
    every problem of the pack at once, as ``zhengming rules check`` prints
    them; the message includes them too.
    """

    def __init__(self, returncode: int | None, stderr: Sequence[str]) -> None:
        lines = [line for line in stderr if line.strip()]
        self.diagnostics = [line for line in lines if DIAGNOSTIC_LINE.match(line)]
        summary = "the rule pack could not be loaded"
        if not self.diagnostics and lines:
            summary += ": " + lines[-1]
        super().__init__(summary, returncode, lines)


class RecordError(ZhengmingError, ValueError):
    """One record was rejected by the annotator (for example it has no text).

    ``record`` is the answer the binary gave in the record's place, a dict
    with ``id`` (``None`` when it could not be read), ``error`` and
    ``origin``.
    """

    def __init__(self, record: Dict[str, Any]) -> None:
        self.record = record
        super().__init__(f"record {record.get('id')!r} rejected: {record.get('error')}")
