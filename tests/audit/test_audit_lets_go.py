"""The audit frees the originals' cells before it reads the washed files: its peak memory is
then the washed data's and the originals' forms, not both files' cells at once."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

import polars as pl
import pytest

import washer.audit._core as core
from washer.audit import audit_paths


def test_audit_paths_lets_go_of_the_original_frames_once_settled(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, extract: pl.DataFrame, washed: pl.DataFrame
) -> None:
    extract.write_csv(tmp_path / "extract.csv")
    (tmp_path / "washed").mkdir()
    washed.write_csv(tmp_path / "washed" / "extract.csv")
    read: list[weakref.ref[pl.DataFrame]] = []
    alive_after_settling: list[bool] = []
    real_read, real_settle = core.read_table, core.settle_originals

    def read_table(path: Path) -> pl.DataFrame:
        frame = real_read(path)
        if path.parent == tmp_path:  # an original
            read.append(weakref.ref(frame))
        return frame

    def settle_originals(*args: object, **kwargs: object) -> None:
        real_settle(*args, **kwargs)  # type: ignore[arg-type]
        gc.collect()
        alive_after_settling.extend(ref() is not None for ref in read)

    monkeypatch.setattr(core, "read_table", read_table)
    monkeypatch.setattr(core, "settle_originals", settle_originals)
    report = audit_paths([tmp_path / "extract.csv"], tmp_path / "washed")
    assert report.files[0].rows == extract.height
    assert alive_after_settling == [False]
