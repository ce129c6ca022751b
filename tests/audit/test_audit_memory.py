"""The audit frees the originals' cells before it reads the washed output (see _settle): what it
finds must be exactly what it finds when it keeps them, whatever the files hold."""

from __future__ import annotations

import polars as pl
import pytest
from audit_planting import KINDS, original_value, plant, spellings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from washer.audit import AuditOptions, audit_frames
from washer.audit._tables import Table
from washer.categories import DEFAULT_CATEGORIES, QUASI_IDENTIFIERS, Category

_COLUMNS = sorted(DEFAULT_CATEGORIES)


def _audit(
    extract: pl.DataFrame,
    washed: pl.DataFrame,
    categories: dict[str, Category],
    qis: tuple[str, ...],
) -> dict[str, object]:
    options = AuditOptions(quasi_identifiers=qis, max_share_below_k=0.5, max_tvd=0.01)
    lazy = [extract.lazy()]  # collected by the audit, as the gate hands over its frames
    return audit_frames(lazy, [washed], categories=categories, options=options).to_dict()


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    gone=st.sets(st.sampled_from(_COLUMNS), max_size=4),
    recategorised=st.dictionaries(
        st.sampled_from(_COLUMNS), st.sampled_from(list(Category)), max_size=3
    ),
    qis=st.lists(st.sampled_from(QUASI_IDENTIFIERS), unique=True, max_size=3),
    kind=st.sampled_from(KINDS),
    target=st.sampled_from(["a_hotel_name", "p_last_name", "a_travel_method_extra"]),
    row=st.integers(0, 239),
)
def test_freeing_the_originals_cells_changes_no_finding(
    extract: pl.DataFrame,
    washed: pl.DataFrame,
    monkeypatch: pytest.MonkeyPatch,
    gone: set[str],
    recategorised: dict[str, Category],
    qis: list[str],
    kind: str,
    target: str,
    row: int,
) -> None:
    categories = {**DEFAULT_CATEGORIES, **recategorised}
    cell = spellings(kind, original_value(extract, kind, row))[row % 3]
    leaky = plant(washed, target, row, cell).drop(gone - {target})
    freed = _audit(extract, leaky, categories, tuple(qis))
    with monkeypatch.context() as patched:
        patched.setattr(Table, "drop_cells", lambda *_args, **_kw: None)
        kept = _audit(extract, leaky, categories, tuple(qis))
    assert freed == kept


def test_the_originals_cells_are_freed_once_settled(
    extract: pl.DataFrame, washed: pl.DataFrame, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[Table] = []
    original_drop = Table.drop_cells

    def spy(self: Table, *args: object, **kwargs: object) -> None:
        original_drop(self, *args, **kwargs)  # type: ignore[arg-type]
        seen.append(self)

    monkeypatch.setattr(Table, "drop_cells", spy)
    audit_frames([extract], [washed])
    (table,) = seen
    assert table.columns == tuple(extract.columns)  # the file's columns, as reported
    assert table.frame.columns == ["p_first_name", "p_last_name"]  # read as text later
