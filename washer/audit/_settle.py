"""The originals' side of the checks, computed before the washed output is read.

A 1,000,000-row extract is about 1.4 GiB of strings in memory, and so is its washed output.
The leak targets need the originals' cells; the row-by-row checks, the risk and the utility
need only the originals' 64-bit codes, normal forms and value counts. :func:`settle_originals`
computes those while the cells are there, then frees the cells (all but the name columns, of
which the name check reads a few rows as text), so that originals and washed output are never
held whole at the same time.
"""

from __future__ import annotations

from collections.abc import Sequence

from washer.audit._persons import person_key
from washer.audit._tables import Categories, Table, code, columns_of
from washer.audit.risk import class_codes
from washer.categories import IDENTIFYING, Category

C = Category


def settle_originals(
    tables: Sequence[Table], categories: Categories, quasi_identifiers: Sequence[str]
) -> None:
    """Cache what the checks after the leak targets ask of the originals; free the rest."""
    for table in tables:
        forms: list[tuple[str, str]] = []  # the row-by-row normal forms read again later
        person_key(table, categories)  # coherence
        for column in columns_of(table, categories, *IDENTIFYING, C.BIRTH_DATE):
            code(table, categories, column)  # own-row leaks, coherence
            if categories[column] is C.PERSON_ID:
                forms.append((column, "id"))  # coherence: the kind of id; risk: the gender
        names = [
            *columns_of(table, categories, C.FIRST_NAME)[:1],
            *columns_of(table, categories, C.LAST_NAME)[:1],
        ]
        for column in names:
            table.first_word(column)  # own-row leaks: names in text
        for column in columns_of(table, categories, C.BIRTH_DATE, C.EVENT_DATE):
            forms.append((column, "date"))  # utility: ages, dates; risk: the birth year
        for column in columns_of(table, categories, C.ATTRIBUTE):
            table.value_counts(column)  # utility: distances
        present = [q for q in quasi_identifiers if q in table.columns]
        forms += [(q, "strip") for q in present if categories.get(q) is C.EVENT_DATE]  # risk
        for column, form in forms:
            table.normal(column, form)
        if present:
            class_codes(table, categories, present)  # risk
        table.drop_cells(keep=names, forms=forms)
