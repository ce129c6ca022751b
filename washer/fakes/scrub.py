"""Scrubbing free text: every identifying value in it replaced by the same fake as elsewhere.

``scrub_text`` cuts each text into tokens (:mod:`washer.fakes._tokens`) and replaces:

1. the row's *own* values (its names, id, phone, e-mail, address: ``own`` pairs of original and
   fake columns), matched whatever their case, accents or layout, by the row's own fakes;
2. values *known* from the whole run (``known`` tables of original -> fake, e.g. every original
   name of the run), the longest match first;
3. whatever still looks like an e-mail, a phone number or an 11-digit identity number: e-mails
   by ``email_fallback``, phones by :func:`fake_phones` (value-based, so the same number gets the
   same fake as in the phone columns), identity numbers by ``id_mapper`` (kept where it returns
   null).

Words only match whole words (``Ola`` is not replaced inside ``Olav``). Texts that contain no
digit, no ``@`` and no probe of a known or own value are not tokenised at all, and every text
without a match comes back byte for byte.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import numpy.typing as npt
import polars as pl

from washer.fakes._charmatrix import from_matrix, to_matrix, write_last_digits
from washer.fakes._distinct import on_distinct
from washer.fakes._fold import fold
from washer.fakes._ngram import find_sequences
from washer.fakes._textkeys import value_keys
from washer.fakes._tokens import EMAIL_KIND, ID_KIND, NUMBER_KIND, PHONE_KIND, WORD_KIND, tokenize
from washer.fakes.phones import fake_phones, normalize_phone

Mapper = Callable[[pl.Series], pl.Series]
Pairs = list[tuple[pl.Series, pl.Series]]


def scrub_text(
    texts: pl.Series,
    *,
    own: Pairs,
    known: Pairs,
    id_mapper: Mapper,
    phone_key: bytes,
    email_fallback: Mapper,
) -> pl.Series:
    """``texts`` with identifying values replaced (see the module docstring); nulls stay null.

    ``own``: (original, fake) column pairs aligned with ``texts``. ``known``: (original, fake)
    pairs of any length. ``id_mapper``: 11-digit strings -> fake (or null to keep).
    ``email_fallback``: lowercased e-mails -> fakes. ``phone_key``: the key of the phone fakes.
    """
    s = texts.cast(pl.String)
    n = len(s)
    known_keys = _known_table(known)
    folded = on_distinct(s, fold)
    has_detectable = s.str.contains("[0-9@]").fill_null(False)
    probes = known_keys.filter(pl.col("ntok") > 0)["probe"].unique()
    if len(probes):
        has_detectable = has_detectable | folded.str.contains_any(probes.implode()).fill_null(False)
    own_keys = _own_table(own, n)
    own_rows = _own_candidates(own_keys, s, folded)
    is_own = np.zeros(n, dtype=np.bool_)
    is_own[own_rows] = True
    out = s.clone()
    if len(own_rows):
        frame = pl.DataFrame({"gid": own_rows, "text": s.gather(own_rows)})
        own_keys = own_keys.filter(pl.col("gid").is_in(pl.Series(own_rows).implode()))
        done = _scrub_frame(frame, own_keys, known_keys, id_mapper, phone_key, email_fallback)
        out.scatter(done["gid"].to_numpy(), done["text"])
    others = np.flatnonzero(has_detectable.to_numpy() & ~is_own & s.is_not_null().to_numpy())
    if len(others):
        values = s.gather(others)
        distinct = values.unique()
        frame = pl.DataFrame({"gid": np.arange(len(distinct)), "text": distinct})
        done = _scrub_frame(frame, None, known_keys, id_mapper, phone_key, email_fallback)
        if done.height:
            table = pl.DataFrame(
                {"text": distinct.gather(done["gid"].to_numpy()), "new": done["text"]}
            )
            joined = pl.DataFrame({"text": values}).join(
                table, on="text", how="left", maintain_order="left"
            )
            changed = joined["new"].is_not_null().to_numpy()
            out.scatter(others[changed], joined["new"].filter(pl.Series(changed)))
    return out.alias(texts.name)


def _known_table(known: Pairs) -> pl.DataFrame:
    """``key``, ``ntok``, ``probe``, ``fake`` for the run-wide pairs; first pair wins a key."""
    frames = [
        pl.DataFrame({"orig": o.cast(pl.String), "fake": f.cast(pl.String)}) for o, f in known
    ]
    schema = {"key": pl.String, "ntok": pl.Int32, "probe": pl.String, "fake": pl.String}
    if not frames:
        return pl.DataFrame(schema=schema)
    pairs = pl.concat(frames).drop_nulls().unique(subset="orig", keep="first", maintain_order=True)
    keys = value_keys(pairs["orig"])
    table = pairs.join(keys, on="orig", how="inner", maintain_order="left")
    return table.unique(subset="key", keep="first", maintain_order=True).select(list(schema))


def _own_table(own: Pairs, n: int) -> pl.DataFrame:
    """``gid`` (row), ``key``, ``ntok``, ``probe``, ``on_digits``, ``fake`` of the own pairs."""
    frames = []
    for orig, fake in own:
        if len(orig) != n or len(fake) != n:
            raise ValueError("own columns must have the length of the texts")
        frames.append(
            pl.DataFrame(
                {"gid": np.arange(n), "orig": orig.cast(pl.String), "fake": fake.cast(pl.String)}
            ).drop_nulls()
        )
    schema = {
        "gid": pl.Int64,
        "key": pl.String,
        "ntok": pl.Int32,
        "probe": pl.String,
        "on_digits": pl.Boolean,
        "fake": pl.String,
    }
    if not frames:
        return pl.DataFrame(schema=schema)
    pairs = pl.concat(frames)
    keys = value_keys(pairs["orig"])
    table = pairs.join(keys, on="orig", how="inner", maintain_order="left")
    table = table.unique(subset=["gid", "key"], keep="first", maintain_order=True)
    return table.select(list(schema))


def _own_candidates(
    own_keys: pl.DataFrame, s: pl.Series, folded: pl.Series
) -> npt.NDArray[np.int64]:
    """Rows whose text contains the probe of one of their own values."""
    if own_keys.height == 0:
        return np.zeros(0, dtype=np.int64)
    rows = own_keys["gid"].to_numpy()
    text = s.gather(rows)
    digits = text.str.replace_all("[^0-9]", "")
    frame = own_keys.select("probe", "on_digits").with_columns(
        folded=folded.gather(rows), digits=digits
    )
    hit = frame.select(
        pl.when(pl.col("on_digits"))
        .then(pl.col("digits").str.contains(pl.col("probe"), literal=True))
        .otherwise(pl.col("folded").str.contains(pl.col("probe"), literal=True))
        .fill_null(False)
    ).to_series()
    return np.unique(rows[hit.to_numpy()])


def _scrub_frame(
    frame: pl.DataFrame,
    own: pl.DataFrame | None,
    known: pl.DataFrame,
    id_mapper: Mapper,
    phone_key: bytes,
    email_fallback: Mapper,
) -> pl.DataFrame:
    """``gid``, ``text`` -> ``gid``, ``text`` of the texts that changed."""
    tokens = tokenize(frame)
    if tokens.height == 0:
        return pl.DataFrame(schema={"gid": pl.Int64, "text": pl.String})
    new = tokens["tok"].clone()
    changed = np.zeros(tokens.height, dtype=np.bool_)
    _replace_detected(tokens, own, known, id_mapper, phone_key, email_fallback, new, changed)
    content = tokens["kind"].is_in([WORD_KIND, NUMBER_KIND])
    norm = pl.Series(np.full(tokens.height, "", dtype=object), dtype=pl.String)
    idx = np.flatnonzero(content.to_numpy())
    if len(idx):
        norm.scatter(idx, on_distinct(tokens["tok"].gather(idx), fold))
    matches = find_sequences(tokens, norm, own, known)
    if matches.height:
        first = matches["first"].to_numpy()
        last = matches["last"].to_numpy()
        blank = np.zeros(tokens.height + 1, dtype=np.int64)
        np.add.at(blank, first + 1, 1)
        np.add.at(blank, last + 1, -1)
        blanked = np.flatnonzero(np.cumsum(blank)[:-1] > 0)
        new.scatter(blanked, pl.Series([""] * len(blanked), dtype=pl.String))
        new.scatter(first, matches["fake"])
        changed[first] = True
        changed[blanked] = True
    gids = tokens["gid"].to_numpy()
    touched = np.unique(gids[changed])
    if len(touched) == 0:
        return pl.DataFrame(schema={"gid": pl.Int64, "text": pl.String})
    sel = np.isin(gids, touched)
    rebuilt = (
        pl.DataFrame({"gid": gids[sel], "tok": new.filter(pl.Series(sel))})
        .with_columns(pl.col("gid").set_sorted())
        .group_by("gid", maintain_order=True)
        .agg(pl.col("tok"))
    )
    return rebuilt.select(pl.col("gid").cast(pl.Int64), pl.col("tok").list.join("").alias("text"))


def _replace_detected(
    tokens: pl.DataFrame,
    own: pl.DataFrame | None,
    known: pl.DataFrame,
    id_mapper: Mapper,
    phone_key: bytes,
    email_fallback: Mapper,
    new: pl.Series,
    changed: npt.NDArray[np.bool_],
) -> None:
    """E-mail, phone and identity tokens: own fake, else known fake, else the fallback."""
    kind = tokens["kind"]
    idx = np.flatnonzero(kind.is_in([EMAIL_KIND, PHONE_KIND, ID_KIND]).to_numpy())
    if len(idx) == 0:
        return
    det = tokens[idx]
    tok = pl.col("tok")
    digits = tok.str.replace_all("[^0-9]", "")
    det = det.with_columns(
        pl.when(pl.col("kind") == EMAIL_KIND)
        .then(pl.lit("E:") + tok.str.to_lowercase())
        .when(pl.col("kind") == ID_KIND)
        .then(pl.lit("I:") + digits)
        .alias("key"),
        digits.alias("digits"),
    )
    phones = det["kind"] == PHONE_KIND
    if phones.any():
        norm = pl.lit("P:") + pl.lit(normalize_phone(det["tok"]))
        det = det.with_columns(pl.when(phones).then(norm).otherwise(pl.col("key")).alias("key"))
    fake = pl.lit(None, dtype=pl.String)
    if own is not None:
        own_fakes = own.select("gid", "key", pl.col("fake").alias("own"))
        det = det.join(own_fakes, on=["gid", "key"], how="left", maintain_order="left")
        fake = pl.col("own")
    run = known.select("key", pl.col("fake").alias("run"))
    det = det.join(run, on="key", how="left", maintain_order="left")
    det = det.with_columns(pl.coalesce(fake, pl.col("run")).alias("fake"))
    missing = det["fake"].is_null()
    result = det["fake"].clone()
    for kind_code, fallback in (
        (EMAIL_KIND, lambda t: email_fallback(t.str.to_lowercase())),
        (PHONE_KIND, lambda t: fake_phones(t, phone_key)),
        (ID_KIND, lambda t: _ids_in_layout(t, id_mapper)),
    ):
        todo = np.flatnonzero((missing & (det["kind"] == kind_code)).to_numpy())
        if len(todo):
            values = det["tok"].gather(todo)
            result.scatter(todo, _checked(on_distinct(values, fallback), len(values)))
    done = result.is_not_null().to_numpy()
    new.scatter(idx[done], result.filter(pl.Series(done)))
    changed[idx[done]] = True


def _ids_in_layout(tokens: pl.Series, id_mapper: Mapper) -> pl.Series:
    """``id_mapper`` on the 11 digits of each token, written back into the token's layout."""
    digits = tokens.str.replace_all("[^0-9]", "")
    fakes = _checked(id_mapper(digits), len(digits)).cast(pl.String)
    ok = fakes.str.contains("^[0-9]{11}$").fill_null(False).to_numpy()
    out = pl.Series(tokens.name, [None] * len(tokens), dtype=pl.String)
    idx = np.flatnonzero(ok)
    if len(idx):
        m = to_matrix(tokens.gather(idx))
        values = fakes.gather(idx).cast(pl.UInt64).to_numpy()
        out.scatter(idx, from_matrix(write_last_digits(m, np.full(len(idx), 11), values)))
    return out


def _checked(result: pl.Series, n: int) -> pl.Series:
    if len(result) != n:
        raise ValueError("a scrub mapper must return one value per input value")
    return result.cast(pl.String)
