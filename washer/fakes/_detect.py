"""Replacing e-mail, phone and identity-number tokens: own fake, known fake, else fallback."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import numpy.typing as npt
import polars as pl

from washer.fakes._distinct import on_distinct
from washer.fakes._scrub_tables import KnownValues, known_fakes
from washer.fakes._splice import replace_last_digits
from washer.fakes._tokens import (
    EMAIL_KIND,
    GUARDED_PHONE,
    ID_KIND,
    PHONE_KIND,
    email_address,
)
from washer.fakes.phones import fake_phones, normalize_phone, phone_parts

Mapper = Callable[[pl.Series], pl.Series]


def replace_detected(
    tokens: pl.DataFrame,
    own: pl.DataFrame | None,
    known: KnownValues,
    id_mapper: Mapper,
    phone_key: bytes,
    email_fallback: Mapper,
    new: pl.Series,
    changed: npt.NDArray[np.bool_],
) -> None:
    """Write the fakes of e-mail, phone and identity tokens into ``new`` (and mark ``changed``)."""
    kind = tokens["kind"].to_numpy()
    idx = np.flatnonzero((kind == EMAIL_KIND) | (kind == PHONE_KIND) | (kind == ID_KIND))
    if len(idx) == 0:
        return
    det = tokens[idx]
    tok = pl.col("tok")
    det = det.with_columns(
        pl.when(pl.col("kind") == EMAIL_KIND)
        .then(pl.lit("E:") + email_address(tok))
        .when(pl.col("kind") == ID_KIND)
        .then(pl.lit("I:") + id_digits(tok))
        .alias("key")
    )
    phones = det["kind"] == PHONE_KIND
    if phones.any():
        # Each phone token read once: its normalised number (its key) and national digits
        # (for writing a fake in its layout); null for the other tokens.
        det = det.with_columns(_phone_parts(det["tok"], phones))
        # A number no phone parser reads (a national number with its trunk zero, as
        # 070-123 45 67) may be another value of the row or run (a passport): its digit
        # runs are then its key, as for such values (washer.fakes._textkeys).
        norm = pl.lit("P:") + pl.col(_NORMALISED)
        runs = pl.lit("T:") + tok.str.extract_all("[0-9]+").list.join(" ")
        det = det.with_columns(
            pl.when(phones).then(pl.coalesce(norm, runs)).otherwise(pl.col("key")).alias("key")
        )
    fake = pl.lit(None, dtype=pl.String)
    if own is not None:
        own_fakes = own.select("gid", "key", pl.col("fake").alias("own"))
        det = det.join(own_fakes, on=["gid", "key"], how="left", maintain_order="left")
        fake = pl.col("own")
    det = det.with_columns(known_fakes(det["key"], known.sorted_keys).alias("run"))
    result = det.select(pl.coalesce(fake, pl.col("run"))).to_series()
    if phones.any():
        _phones_in_layout(det, result)
        _national_in_layout(det, result, known.sorted_keys)
    _ids_in_layout(det, result)
    missing = result.is_null()
    for kind_code, fallback in (
        (EMAIL_KIND, lambda t: email_fallback(pl.select(email_address(pl.lit(t))).to_series())),
        (PHONE_KIND, lambda t: fake_phones(t, phone_key)),
        (ID_KIND, lambda t: ids_in_layout(t, id_mapper)),
    ):
        wanted = missing & (det["kind"] == kind_code)
        if kind_code == PHONE_KIND:
            # a slashed number no phone of the row or run is may be a case number (2021/1234)
            wanted &= ~det["tok"].str.contains(GUARDED_PHONE)
        todo = np.flatnonzero(wanted.to_numpy())
        if len(todo):
            values = det["tok"].gather(todo)
            result.scatter(todo, checked(on_distinct(values, fallback), len(values)))
    done = result.is_not_null().to_numpy()
    new.scatter(idx[done], result.filter(pl.Series(done)))
    changed[idx[done]] = True


_NORMALISED = "normalised"
_NATIONAL = "national"


def _phone_parts(tokens: pl.Series, phones: pl.Series) -> list[pl.Series]:
    """:func:`phone_parts` of the ``phones`` among ``tokens`` (null for the others)."""
    at = phones.arg_true()
    parts = phone_parts(tokens.gather(at))
    empty = pl.repeat(None, len(tokens), dtype=pl.String, eager=True)
    return [empty.scatter(at, parts[name]).alias(name) for name in (_NORMALISED, _NATIONAL)]


def _phones_in_layout(det: pl.DataFrame, result: pl.Series) -> None:
    """Phone tokens given a known fake: its national digits written into the token's own
    layout (``912 34 567`` -> ``430 59 047`` where the fake is ``+4743059047``), when the
    fake is a number of the same country and length (in place, in ``result``)."""
    todo = np.flatnonzero((result.is_not_null() & (det["kind"] == PHONE_KIND)).to_numpy())
    if len(todo) == 0:
        return
    tokens = det["tok"].gather(todo)
    frame = pl.DataFrame(
        {
            "mine": det[_NORMALISED].gather(todo),
            "theirs": normalize_phone(result.gather(todo)),
            "n": det[_NATIONAL].gather(todo).str.len_bytes().cast(pl.Int64),
        }
    )
    # the country code: all but the last n characters of the normalised number
    code = pl.col("mine").str.len_bytes().cast(pl.Int64) - pl.col("n")
    same = (pl.col("mine").str.len_bytes() == pl.col("theirs").str.len_bytes()) & (
        pl.col("mine").str.slice(0, code) == pl.col("theirs").str.slice(0, code)
    )
    frame = frame.with_columns(same.fill_null(False).alias("same"), code.alias("code"))
    hit = np.flatnonzero(frame["same"].to_numpy())
    if len(hit):
        found = frame[hit]
        counts = found["n"].to_numpy()
        national = found.select(pl.col("theirs").str.slice(pl.col("code")).cast(pl.UInt64))
        values = national.to_series().to_numpy()
        result.scatter(todo[hit], replace_last_digits(tokens.gather(hit), counts, values))


def _national_in_layout(det: pl.DataFrame, result: pl.Series, known: pl.DataFrame) -> None:
    """Phone tokens still without a fake whose digits, read as one number, are known (a
    foreign number written nationally, ``070-123 45 67``): that fake's digits written into
    the token's layout (in place, in ``result``)."""
    todo = np.flatnonzero((result.is_null() & (det["kind"] == PHONE_KIND)).to_numpy())
    if len(todo) == 0:
        return
    digits = det["tok"].gather(todo).str.replace_all("[^0-9]+", "")
    fake = known_fakes("T:" + digits, known)
    ok = (fake.str.len_bytes() == digits.str.len_bytes()) & fake.str.contains("^[0-9]+$")
    hit = np.flatnonzero(ok.fill_null(False).to_numpy())
    if len(hit):
        tokens = det["tok"].gather(todo[hit])
        counts = digits.gather(hit).str.len_bytes().cast(pl.Int64).to_numpy()
        values = fake.gather(hit).cast(pl.UInt64).to_numpy()
        result.scatter(todo[hit], replace_last_digits(tokens, counts, values))


_DATED = 13  # digits of an id written with its date's year in full


def id_digits(tokens: pl.Expr) -> pl.Expr:
    """The 11 digits of an id token: its digits, less the century of a date written with
    its year in full (``01.01.1980-36735`` -> ``01018036735``)."""
    digits = tokens.str.replace_all("[^0-9]+", "")
    dated = digits.str.len_bytes() == _DATED
    return pl.when(dated).then(digits.str.slice(0, 4) + digits.str.slice(6)).otherwise(digits)


def _in_layout(tokens: pl.Series, fakes: pl.Series) -> pl.Series:
    """Each 11-digit fake written into its token's layout (``"150885 45610"`` keeps its
    space; ``"01.01.1980-36735"`` its date's century); nulls where a fake is not 11 digits."""
    frame = pl.DataFrame({"tok": tokens, "fake": fakes})
    digits = pl.col("tok").str.replace_all("[^0-9]+", "")
    dated = digits.str.len_bytes() == _DATED
    century = digits.str.slice(4, 2)
    fake = pl.col("fake")
    written = (
        pl.when(dated).then(fake.str.slice(0, 4) + century + fake.str.slice(4)).otherwise(fake)
    )
    frame = frame.select(
        "tok",
        pl.when(fake.str.contains("^[0-9]{11}$")).then(written).alias("w"),
        pl.when(dated).then(_DATED).otherwise(11).cast(pl.Int64).alias("n"),
    )
    out = pl.repeat(None, len(tokens), dtype=pl.String, eager=True).alias(tokens.name)
    idx = np.flatnonzero(frame["w"].is_not_null().to_numpy())
    if len(idx):
        values = frame["w"].gather(idx).cast(pl.UInt64).to_numpy()
        counts = frame["n"].gather(idx).to_numpy()
        out.scatter(idx, replace_last_digits(tokens.gather(idx), counts, values))
    return out


def _ids_in_layout(det: pl.DataFrame, result: pl.Series) -> None:
    """Id tokens that got a fake of 11 digits (the row's own, or the run's): the fake written
    into the token's layout (``150885 45610``, ``15.08.1985-45610``, century kept), as the
    other ids of the text are (in place, in ``result``)."""
    todo = np.flatnonzero(
        (result.str.contains("^[0-9]{11}$") & (det["kind"] == ID_KIND)).fill_null(False).to_numpy()
    )
    if len(todo):
        result.scatter(todo, _in_layout(det["tok"].gather(todo), result.gather(todo)))


def ids_in_layout(tokens: pl.Series, id_mapper: Mapper) -> pl.Series:
    """``id_mapper`` on the 11 digits of each token. An 11-digit fake is written into the
    token's layout (``"150885 45610"`` keeps its space); any other fake is used as it is; null
    keeps the token."""
    digits = tokens.to_frame("t").select(id_digits(pl.col("t"))).to_series()
    fakes = checked(id_mapper(digits), len(digits))
    return _in_layout(tokens, fakes).fill_null(fakes).alias(fakes.name)


def checked(result: pl.Series, n: int) -> pl.Series:
    """A mapper's result as strings, after checking it has one value per input."""
    if len(result) != n:
        raise ValueError("a scrub mapper must return one value per input value")
    return result.cast(pl.String)
