"""Fake e-mail addresses on reserved domains only, so no mail can reach anyone.

Every fake ends in ``example.com``, ``example.net``, ``example.org`` (RFC 2606) or a ``.test``
domain (RFC 2606 / RFC 6761). The local part is built from the person's fake names
(``ingrid.nilsen42@example.com``), folded to ASCII.
"""

from __future__ import annotations

import polars as pl

from washer.fakes._distinct import on_distinct
from washer.fakes._draw import below, null_where, stream
from washer.fakes._fold import fold_expr
from washer.fakes._pools import pools
from washer.fakes.keyed import keyed_hash64
from washer.fakes.names import Drawn, first_names, last_names

RESERVED_SUFFIXES = ("example.com", "example.net", "example.org", ".test", ".invalid", ".example")
"""Domains that never deliver mail: these names and any name under them."""


def normalize_email(s: pl.Series) -> pl.Series:
    """Trimmed and lowercased; nulls stay null."""
    return s.cast(pl.String).str.strip_chars().str.to_lowercase()


def _local_part(expr: pl.Expr) -> pl.Expr:
    return fold_expr(expr).str.replace_all("[^a-z0-9]+", "-").str.strip_chars("-")


def _local(names: pl.Series) -> pl.Series:
    """The local-part form of each name, computed once per distinct name."""
    return on_distinct(names.cast(pl.String), _local_form)


def _local_form(names: pl.Series) -> pl.Series:
    """The local-part form of each name (for :meth:`~washer.fakes.names.Drawn.form`)."""
    return pl.select(_local_part(pl.lit(names))).to_series()


def fake_emails(first: pl.Series, last: pl.Series, seeds: pl.Series) -> pl.Series:
    """``"<first>.<last><n>@<reserved domain>"`` per row, ASCII-folded; null where seed is null.

    ``n`` (1-99) and the domain come from the seed. A missing name part is left out
    (``"nilsen7@example.org"``); with neither, the local part is ``"post<n>"``.
    """
    # Names repeat: each distinct one is folded once.
    return _emails(_local(first), _local(last), seeds)


def fake_emails_drawn(first: Drawn, last: Drawn, seeds: pl.Series) -> pl.Series:
    """:func:`fake_emails` of names drawn from the pools: each name of the pools is folded
    once per process, then gathered."""
    return _emails(first.form(_local_form, "email"), last.form(_local_form, "email"), seeds)


def _emails(first: pl.Series, last: pl.Series, seeds: pl.Series) -> pl.Series:
    """:func:`fake_emails` of the names' local-part forms."""
    p = pools()
    u, valid = stream(seeds, "email_number")
    d, _ = stream(seeds, "email_domain")
    number = _NUMBERS.gather(pl.Series(below(u, 99)))  # 1 .. 99, as text
    domain = p.email_domains.gather(pl.Series(below(d, len(p.email_domains))))
    if _written(first) and _written(last):
        # Both parts written (as every name of the pools is): the local part is them joined
        # by a dot, in one concatenation with the rest.
        parts = [first, pl.lit("."), last, number, pl.lit("@"), domain]
        return null_where(pl.select(pl.concat_str(parts)).to_series(), valid, "email")
    # A part holds no ".", so stripping dots drops only the separator of a part that folded
    # to nothing.
    local = pl.select(
        pl.concat_str([first, last], separator=".", ignore_nulls=True)
        .str.strip_chars(".")
        .replace("", "post")
        .fill_null("post")
    ).to_series()
    email = pl.select(pl.concat_str([local, number, pl.lit("@"), domain])).to_series()
    return null_where(email, valid, "email")


_NUMBERS = pl.Series([str(n) for n in range(1, 100)], dtype=pl.String)


def _written(parts: pl.Series) -> bool:
    """Whether every local-part form is there and not empty."""
    return parts.null_count() == 0 and (len(parts) == 0 or bool(parts.str.len_bytes().min()))


def fake_emails_by_value(values: pl.Series, key: bytes) -> pl.Series:
    """A fake e-mail per original e-mail, without knowing whose it is (for free text).

    Seeds are the keyed hash of the normalised address, so the same address always gets the
    same fake; names are drawn from that seed.
    """
    seeds = keyed_hash64(normalize_email(values), key)
    return fake_emails(first_names(seeds, None), last_names(seeds), seeds).alias(values.name)
