"""The leak checker the wash tests rely on finds what it must and nothing else."""

from __future__ import annotations

import polars as pl
import pytest

from ._checks import leaks


@pytest.mark.parametrize(
    ("original", "cell"),
    [
        ("+4794711473", "tlf 947 11 473"),
        ("+4794711473", "0047 94711473"),
        ("+4794711473", "ring 94711473!"),
        ("+905901444499", "ring 5901444499"),
        ("15088545610", "id 150885 456.10"),
        ("Kårizelda", "Hos KÅRIZELDA i kveld"),
        ("Qvistbakken 17", "bor i qvistbakken 17, 0150"),
    ],
)
def test_finds_an_original_in_any_case_or_formatting(original: str, cell: str) -> None:
    assert leaks({original}, pl.DataFrame({"c": [cell]})) == [original]


@pytest.mark.parametrize(
    ("original", "cell"),
    [
        ("+4794711473", "+4754711473"),  # another number ending the same way
        ("+4740506183", "2024-05-06T18:33:40.914Z"),  # digits inside a timestamp
        ("Kari", "Karina"),  # a name inside a longer word
        ("15088545610", "215088545610"),  # inside a longer number
    ],
)
def test_ignores_look_alikes(original: str, cell: str) -> None:
    assert leaks({original}, pl.DataFrame({"c": [cell]})) == []
