"""The lookup tables of a scrub: the run's known values and each row's own values."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import polars as pl

from washer.fakes._distinct import on_distinct
from washer.fakes._fold import fold
from washer.fakes._textkeys import value_keys

Pairs = list[tuple[pl.Series, pl.Series]]
Bools = npt.NDArray[np.bool_]

KNOWN_SCHEMA = {"key": pl.String, "ntok": pl.Int32, "probe": pl.String, "fake": pl.String}
OWN_SCHEMA = {"gid": pl.Int64, "key": pl.String, "ntok": pl.Int32, "fake": pl.String}


def known_table(known: Pairs) -> pl.DataFrame:
    """``key``, ``ntok``, ``probe``, ``fake`` for the run-wide pairs; the first pair wins a key."""
    frames = [
        pl.DataFrame({"orig": o.cast(pl.String), "fake": f.cast(pl.String)}) for o, f in known
    ]
    if not frames:
        return pl.DataFrame(schema=KNOWN_SCHEMA)
    pairs = pl.concat(frames).drop_nulls().unique(subset="orig", keep="first", maintain_order=True)
    keys = value_keys(pairs["orig"])
    table = pairs.join(keys, on="orig", how="inner", maintain_order="left")
    return table.unique(subset="key", keep="first", maintain_order=True).select(list(KNOWN_SCHEMA))


def own_table(
    own: Pairs, s: pl.Series, folded: pl.Series, has_digit: Bools, has_at: Bools
) -> pl.DataFrame:
    """``gid`` (row), ``key``, ``ntok``, ``fake`` of the own values that may occur in their row.

    Cheap probes first, one aligned column at a time: a value is kept only where its row's
    folded text contains its first folded word (e-mails: the whole address; numbers: where the
    row's digits contain its last 7 digits), so full keys are computed for few values.
    """
    n = len(s)
    digits = on_distinct(s, lambda t: t.str.replace_all("[^0-9]", ""))
    texts = pl.DataFrame({"folded": folded, "digits": digits})
    has_text = (s.str.len_bytes() > 0).fill_null(False).to_numpy()
    frames = []
    for orig, fake in own:
        if len(orig) != n or len(fake) != n:
            raise ValueError("own columns must have the length of the texts")
        values = orig.cast(pl.String)
        probe = on_distinct(values, _probe)
        hit = texts.with_columns(probe=probe).select(
            pl.when(pl.col("probe").str.starts_with("#"))
            .then(pl.col("digits"))
            .otherwise(pl.col("folded"))
            .str.contains(pl.col("probe").str.slice(1), literal=True)
            .fill_null(False)
        )
        keep = hit.to_series().to_numpy() & has_text & fake.is_not_null().to_numpy()
        email = probe.str.starts_with("@").fill_null(False).to_numpy()
        number = probe.str.starts_with("#").fill_null(False).to_numpy()
        keep &= np.where(email, has_at, np.where(number, has_digit, True))
        idx = np.flatnonzero(keep)
        frames.append(
            pl.DataFrame(
                {"gid": idx, "orig": values.gather(idx), "fake": fake.cast(pl.String).gather(idx)}
            )
        )
    if not frames:
        return pl.DataFrame(schema=OWN_SCHEMA)
    pairs = pl.concat(frames)
    keys = value_keys(pairs["orig"])
    table = pairs.join(
        keys.drop("probe", "on_digits"), on="orig", how="inner", maintain_order="left"
    )
    table = table.unique(subset=["gid", "key"], keep="first", maintain_order=True)
    return table.select(list(OWN_SCHEMA))


def _probe(values: pl.Series) -> pl.Series:
    """A substring of every text that contains the value, after a mark: ``"#"`` + its last 7
    digits for values without letters (looked for among the text's digits), ``"@"`` + the
    folded address for e-mails, ``"w"`` + the first folded word for the rest."""
    present = values.is_not_null().to_numpy()
    numeric = (~values.str.contains(r"[\p{L}@]")).fill_null(False).to_numpy()
    out = pl.repeat(None, len(values), dtype=pl.String, eager=True).alias(values.name)
    idx = np.flatnonzero(numeric)
    if len(idx):
        digits = values.gather(idx).str.replace_all("[^0-9]", "").str.slice(-7)
        out.scatter(idx, pl.select(pl.when(digits != "").then("#" + digits)).to_series())
    idx = np.flatnonzero(present & ~numeric)
    if len(idx):
        folded = fold(values.gather(idx)).str.strip_chars()
        word = folded.str.extract(r"([\p{L}\p{M}]+|[0-9]+|\S+)", 1)
        email = folded.str.contains("@", literal=True)
        probe = pl.select(
            pl.when(email).then(pl.lit("@") + folded).otherwise(pl.lit("w") + word)
        ).to_series()
        out.scatter(idx, probe)
    return out
