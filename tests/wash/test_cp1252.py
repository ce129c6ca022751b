"""The numpy Windows-1252 encoder gives the codec's bytes, folds included."""

from __future__ import annotations

import hashlib
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from washer.io import cp1252
from washer.io.cp1252 import FOLD_ERRORS, Utf8ToCp1252, utf8_to_cp1252
from washer.io.formats import CsvDialect
from washer.io.writers import ChunkWriter

# Letters of the extracts (Norwegian, Polish, Lithuanian), cp1252's own C1-range letters
# (€, Š, …), the C1 controls it lacks, combining marks, ligatures and fractions (folds of
# no or several bytes), and characters outside the BMP.
_LIKELY = list(
    "abcæøåÆØÅéüßąćęłńóśźżĄĆĘŁŃÓŚŹŻšžėūįųŠŽ€"
    + bytes(range(0x80, 0xA0)).decode("cp1252", errors="ignore")
    + "\x80\x81\x8d\x8f\x90\x9d\x9f\u00a0\u0301\u030a\u0327ﬁﬀ½¼\u2044\ufdfaǄ\u0131ħŧđ"
    + '😀👍🏽\U0001d400\U00020000 ;"\r\n,'
)
_TEXT = st.text(
    st.one_of(
        st.sampled_from(_LIKELY),
        st.characters(min_codepoint=0x80, max_codepoint=0x24F),
        st.characters(blacklist_categories=("Cs",)),
    ),
    max_size=60,
)


@settings(max_examples=400)
@given(_TEXT)
def test_fast_encoder_gives_the_codecs_bytes(text: str) -> None:
    assert utf8_to_cp1252(text.encode("utf-8")) == text.encode("cp1252", errors=FOLD_ERRORS)


@settings(max_examples=200)
@given(_TEXT, st.integers(1, 9))
def test_small_blocks_give_the_same_bytes(text: str, block: int) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(cp1252, "BLOCK", block)
        got = utf8_to_cp1252(text.encode("utf-8"))
    assert got == text.encode("cp1252", errors=FOLD_ERRORS)


@settings(max_examples=200)
@given(_TEXT, st.data())
def test_a_stream_cut_anywhere_gives_the_same_bytes(text: str, data: st.DataObject) -> None:
    utf8 = text.encode("utf-8")
    cut = data.draw(st.integers(0, len(utf8)))
    converter = Utf8ToCp1252()
    got = converter.convert(utf8[:cut]) + converter.convert(utf8[cut:]) + converter.finish()
    assert got == text.encode("cp1252", errors=FOLD_ERRORS)


def test_ascii_passes_through_unchanged() -> None:
    data = b"a;b\r\n1;2\r\n" * 1000
    assert utf8_to_cp1252(data) == data


def test_chunk_writer_writes_and_hashes_windows_1252(tmp_path: Path) -> None:
    names = ["Łukasz Wąsik", "Jørgen ﬁsk ½", "Ærlig € \u0301", "x;y", None]
    chunks = [pl.DataFrame({"a": names, "b": list(reversed(names))})] * 3
    dialect = CsvDialect("cp1252", False, ";", "\r\n")
    writer = ChunkWriter(tmp_path / "x.csv", "csv", dialect)
    for chunk in chunks:
        writer.write(chunk)
    writer.close()
    options = {"separator": ";", "line_terminator": "\r\n"}
    text = pl.concat(chunks).write_csv(None, **options)  # type: ignore[call-overload]
    written = (tmp_path / "x.csv").read_bytes()
    assert written == text.encode("cp1252", errors=FOLD_ERRORS)
    assert writer.sha256 == hashlib.sha256(written).hexdigest()
