"""Finding the ``zhengming`` executable.

The package drives the Swift binary and never reimplements it, so the first
thing any entry point does is find it: ``binary=`` when given, else the
``ZHENGMING_BIN`` environment variable, else ``zhengming`` on ``PATH``.
"""

from __future__ import annotations

import os
import shutil
from typing import Mapping

from .errors import BinaryNotFoundError

__all__ = ["find_binary", "ENVIRONMENT_VARIABLE"]

#: The environment variable naming the binary when ``binary=`` is not given.
ENVIRONMENT_VARIABLE = "ZHENGMING_BIN"


def find_binary(binary: str | os.PathLike[str] | None = None, environ: Mapping[str, str] | None = None) -> str:
    """The absolute path of the ``zhengming`` executable.

    Looks at ``binary`` (a path, or a bare name looked up on ``PATH``), then
    ``$ZHENGMING_BIN``, then ``PATH``; the first that is given decides, so a
    wrong ``binary=`` is an error rather than silently falling back to
    another binary. Raises `BinaryNotFoundError` saying how to build it.
    """
    environ = os.environ if environ is None else environ
    if binary is not None:
        return _resolve(os.fspath(binary), "binary=", environ)
    explicit = environ.get(ENVIRONMENT_VARIABLE)
    if explicit:
        return _resolve(explicit, f"${ENVIRONMENT_VARIABLE}", environ)
    found = shutil.which("zhengming", path=environ.get("PATH", os.defpath))
    if found is None:
        raise BinaryNotFoundError([f"${ENVIRONMENT_VARIABLE} (not set)", "zhengming on PATH"])
    return os.path.abspath(found)


def _resolve(candidate: str, source: str, environ: Mapping[str, str]) -> str:
    if os.sep not in candidate:
        found = shutil.which(candidate, path=environ.get("PATH", os.defpath))
        if found is not None:
            return os.path.abspath(found)
    elif os.path.isfile(candidate) and os.access(candidate, os.X_OK):
        return os.path.abspath(candidate)
    raise BinaryNotFoundError([f"{candidate} (from {source})"])
