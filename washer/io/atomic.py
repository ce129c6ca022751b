"""Publish outputs all at once: write under a private temporary name, rename at the end.

A :class:`Staging` directory is made next to the output directory (same file system, so the
final renames are atomic). Outputs are written there, checked, then moved into place with
:func:`os.replace`; the manifest goes last, so a manifest always describes complete files.
Whatever the error (Ctrl-C and SIGTERM included, see :mod:`washer.cli._errors`), the staging
directory is removed: nothing half-written is left behind.

A process killed outright (out of memory, ``kill -9``) cannot remove it, and it may hold a
working copy of an input (a transcoded Windows-1252 CSV). So each staging directory names its
owner (host, process-id namespace and process id), and the next :class:`Staging` next to it
removes those whose owner here is gone (:attr:`Staging.swept`).
"""

from __future__ import annotations

import os
import shutil
import socket
import tempfile
from pathlib import Path
from types import TracebackType

from washer.errors import OutputError

PREFIX = ".washer-tmp-"
_OWNER = "owner"


def _where() -> str:
    """This host and process-id namespace: a pid means this process only there (containers
    that share a directory may share a host name, not a pid namespace)."""
    try:
        namespace = os.readlink("/proc/self/ns/pid")
    except OSError:  # not Linux
        namespace = "-"
    return f"{socket.gethostname()} {namespace}"


def _owner() -> str:
    return f"{_where()} {os.getpid()}\n"


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:  # somebody else's process: alive
        return False
    return False


def _abandoned(directory: Path) -> bool:
    """Whether ``directory`` is a staging directory whose wash on this host has died (one
    with no owner, or another host's, is left alone)."""
    try:
        where, _, pid = (directory / _OWNER).read_text(encoding="utf-8").strip().rpartition(" ")
        return where == _where() and _gone(int(pid))
    except (OSError, ValueError):
        return False


def sweep_abandoned(parent: Path) -> list[Path]:
    """Remove the staging directories in ``parent`` left by washes that died; returns them."""
    swept = []
    for directory in sorted(parent.glob(PREFIX + "*")):
        if directory.is_dir() and _abandoned(directory):
            shutil.rmtree(directory, ignore_errors=True)
            swept.append(directory)
    return swept


class Staging:
    """A private temporary directory next to ``out_dir`` (use as a context manager)."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir
        parent = out_dir.absolute().parent
        if out_dir.exists() and not out_dir.is_dir():
            raise OutputError(f"{out_dir} exists and is not a directory")
        if not parent.is_dir():
            raise OutputError(f"the parent directory of {out_dir} does not exist")
        self.swept = sweep_abandoned(parent)
        try:
            self.root = Path(tempfile.mkdtemp(prefix=PREFIX, dir=parent))
        except OSError as exc:
            raise OutputError(f"cannot write next to {out_dir}: {exc.strerror}") from None
        try:
            (self.root / _OWNER).write_text(_owner(), encoding="utf-8")
        except OSError as exc:
            self.close()
            raise OutputError(f"cannot write next to {out_dir}: {exc.strerror}") from None
        self.files = self.root / "out"
        self.work = self.root / "work"
        self.files.mkdir()
        self.work.mkdir()

    def path(self, name: str) -> Path:
        """Where the output called ``name`` is written before it is published."""
        return self.files / name

    def publish(self, names: list[str]) -> list[Path]:
        """Move the staged files into ``out_dir``, in order; returns the final paths."""
        try:
            self.out_dir.mkdir(parents=False, exist_ok=True)
            finals = []
            for name in names:
                final = self.out_dir / name
                os.replace(self.files / name, final)
                finals.append(final)
        except OSError as exc:
            raise OutputError(f"cannot write to {self.out_dir}: {exc.strerror}") from None
        return finals

    def close(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> Staging:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


__all__ = ["Staging", "sweep_abandoned"]
