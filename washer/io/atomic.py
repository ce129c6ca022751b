"""Publish outputs all at once: write under a private temporary name, rename at the end.

A :class:`Staging` directory is made next to the output directory (same file system, so the
final renames are atomic). Outputs are written there, checked, then moved into place with
:func:`os.replace`; the manifest goes last, so a manifest always describes complete files.
Whatever happens, the staging directory is removed: nothing half-written is left behind.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from types import TracebackType

from washer.errors import OutputError


class Staging:
    """A private temporary directory next to ``out_dir`` (use as a context manager)."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir
        parent = out_dir.absolute().parent
        if out_dir.exists() and not out_dir.is_dir():
            raise OutputError(f"{out_dir} exists and is not a directory")
        if not parent.is_dir():
            raise OutputError(f"the parent directory of {out_dir} does not exist")
        try:
            self.root = Path(tempfile.mkdtemp(prefix=".washer-tmp-", dir=parent))
        except OSError as exc:
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


__all__ = ["Staging"]
