"""Keyed fake identity numbers: deterministic, injective, irreversible, synthetic by default.

:class:`FakeIdMapper` turns a column of identity values into fakes of the same kind.

* **Deterministic**: every choice comes from the key (keyed BLAKE2b sub-keys per purpose),
  so the same key and value give the same fake on every run and machine.
* **Injective**: fakes come from keyed *permutations*, never from hash-and-retry, so two
  different real numbers never share a fake, however many there are.
* **Irreversible without the key**: the permutations are Feistel networks whose round tables
  and tweaks are keyed BLAKE2b output; another key gives unrelated fakes.
* **Synthetic by default**: fødselsnumre and D-numbers become Skatteetaten's synthetic
  (month + 80) numbers, which no real person has. ``style="realistic"`` gives normal-form
  numbers that pass python-stdnum instead; those may belong to real people.
* **Same kind and coherent**: fnr -> fnr, D -> D, H -> H, FH -> FH, passport -> passport with
  the same letter/digit pattern; the gender digit's parity is kept and the fake's birth date
  is at most 90 days from the original (returned as ``fake_birth_date``).

How each kind is mapped (details in the modules named):

* fnr, D, H with classic check digits: :mod:`washer.ids._buckets` (rank within a 91-day
  bucket, keyed permutation, synthetic candidates of the same bucket). H-numbers have no
  synthetic form (month + 40 + 80 is no month, and +80 fnr fakes would collide with the fnr
  ones), so an H-number's fake is another valid H-number of its bucket: it may be somebody's.
* Numbers valid only under the 2032 rule, real-form numbers without a decodable century,
  synthetic inputs and malformed values: :mod:`washer.ids._fallback`. A malformed value is not
  an identity number, so its fake is only guaranteed distinct within one call: call once with
  every distinct value of a run. Its birth date comes from ``fallback_birth_dates`` (else the
  date the number decodes to, else a fixed window derived from the key), its gender digit from
  the 9th character, else ``fallback_genders`` (``"F"``/``"M"``), else the key.
* FH-numbers, organisation numbers, passports: :mod:`washer.ids._domains`, a keyed single
  cycle over the kind's valid values, so no value maps to itself. These kinds have no synthetic
  form: a fake may be somebody's real number.

Improvements over the plain design, each for a reason:

* Wherever fakes share the space of the originals (realistic style, H-numbers, FH, orgnr,
  passports) the permutation is conjugated from a cyclic shift (``FeistelPermutation.cycle``),
  which rules out fixed points, the one way a permutation could hand back a real number
  unchanged (about one in 20,000 per number in a 91-day bucket: dozens in a million).
* The fallback region skips slots whose number is one of the call's inputs, so a fallback fake
  is never an input value (a 2032-rule input could otherwise come back as itself).
* A bucket is described by its 91 row types instead of 91 x 500 masks (see ``_buckets``),
  which halves the time for a million numbers; the real numbers of every window of one
  kind and gender are then ranked and read back in one pass (``Buckets``), not bucket by
  bucket, which halves it again.
"""

from __future__ import annotations

import datetime
from typing import Literal

import numpy as np
import numpy.typing as npt
import polars as pl

from washer.ids import _dated
from washer.ids._buckets import WINDOW, Bucket, Buckets
from washer.ids._dated import FORMS, Form
from washer.ids._domains import map_fh, map_passports
from washer.ids._fallback import Item, build_items, place
from washer.ids._orgnr_map import map_orgnr_series
from washer.ids._parse import FH_CODE, Parsed
from washer.ids._tables import EPOCH, NO_DATE, IntArray
from washer.ids.classify import (
    EMPTY_CODE,
    KIND_BY_CODE,
    MALFORMED_CODE,
    PASSPORT_CODE,
    classify_codes,
    normalise_series,
)
from washer.ids.feistel import FeistelKey, permute_many
from washer.keys import Key

Style = Literal["synthetic", "realistic"]


_REAL_CODES = (0, 1, 2)  # fnr, dnr, hnr
# the real form a fallback value is placed as, by kind code (synthetic -> its real kind)
_FALLBACK_FORM = {0: _dated.FNR, 1: _dated.DNR, 2: _dated.HNR, 3: _dated.FNR, 4: _dated.DNR}
_NAMES = pl.Series([str(k) for k in KIND_BY_CODE], dtype=pl.String)


def _by_group_and_window(group: IntArray, window: IntArray) -> list[tuple[int, IntArray]]:
    """Each distinct ``group`` (ascending) with its elements by ``window``, equal windows in
    element order: what a stable argsort of each group's windows gives, from one sort of
    distinct 64-bit keys (polars' sort of int64 costs a third of numpy's stable one)."""
    size = len(group)
    if not size:
        return []
    low, wlow = int(group.min()), int(window.min())
    span = int(window.max()) - wlow + 1
    if (int(group.max()) - low + 1) * span * size >= 2**62:  # no such run: keys would overflow
        return [
            (code, sel[np.argsort(window[sel], kind="stable")])
            for code in np.unique(group).tolist()
            for sel in [np.flatnonzero(group == code)]
        ]
    key = ((group - low) * span + (window - wlow)) * size + np.arange(size, dtype=np.int64)
    ordered = pl.Series(key).sort(multithreaded=False).to_numpy()
    rows = ordered % size
    codes = ordered // size // span + low
    cuts = np.flatnonzero(codes[1:] != codes[:-1]) + 1
    starts, ends = np.r_[0, cuts].tolist(), np.r_[cuts, size].tolist()
    return [(int(codes[a]), rows[a:b]) for a, b in zip(starts, ends, strict=True)]


class FakeIdMapper:
    """Fakes for identity values under one key; see the module docstring for the guarantees."""

    def __init__(self, key: Key, *, style: Style = "synthetic") -> None:
        if style not in ("synthetic", "realistic"):
            raise ValueError("style must be 'synthetic' or 'realistic'")
        self._style: Style = style
        self._dated_key = FeistelKey(key.derive(f"washer.ids/dated/{style}"))
        self._fh_key = FeistelKey(key.derive("washer.ids/fh"))
        self._orgnr_key = FeistelKey(key.derive("washer.ids/orgnr"))
        self._passport_key = FeistelKey(key.derive("washer.ids/passport"))
        self._hash_key = key.derive("washer.ids/fallback")
        span_first = (datetime.date(1940, 1, 1) - EPOCH).days // WINDOW + 1
        span_last = (datetime.date(1999, 12, 31) - EPOCH).days // WINDOW - 1
        self._default_window = span_first + int.from_bytes(
            key.derive("washer.ids/default-window", 8), "big"
        ) % (span_last - span_first)

    @property
    def style(self) -> Style:
        return self._style

    def _out_form(self, form: Form) -> Form:
        if self._style == "realistic" or form == _dated.HNR:
            return form
        return _dated.SYNTHETIC_DNR if form == _dated.DNR else _dated.SYNTHETIC_FNR

    def map_person_ids(
        self,
        ids: pl.Series,
        *,
        fallback_birth_dates: pl.Series | None = None,
        fallback_genders: pl.Series | None = None,
    ) -> pl.DataFrame:
        """One row per value of ``ids``, in order: ``kind``, ``fake``, ``fake_birth_date``.

        ``kind`` is the input's :class:`~washer.ids.classify.IdKind`; ``fake`` is null for
        null or empty values; ``fake_birth_date`` (``pl.Date``) is the date the fake encodes
        (null for FH-numbers, passports and empty values). Values are compared normalised, so
        ``"150885 45610"`` and ``"15088545610"`` get the same fake. For a value given several
        times, the first non-null fallback date and gender are used. Fallback dates may be
        ``pl.Date``, ``pl.Datetime`` or ISO strings (others count as missing); fallback genders
        are ``"F"`` or ``"M"`` in either case (others count as missing).
        """
        rows = len(ids)
        for name, extra in (
            ("fallback_birth_dates", fallback_birth_dates),
            ("fallback_genders", fallback_genders),
        ):
            if extra is not None and len(extra) != rows:
                raise ValueError(f"{name} must have as many values as ids")
        frame = pl.DataFrame(
            {
                "norm": normalise_series(ids),
                "fb_date": _as_dates(fallback_birth_dates, rows),
                "fb_gender": (
                    pl.repeat(None, rows, dtype=pl.String, eager=True)
                    if fallback_genders is None
                    else fallback_genders.cast(pl.String).str.strip_chars().str.to_uppercase()
                ),
            }
        )
        norm = frame["norm"]
        fakes = self._fakes(norm.filter(norm.str.len_bytes() > 0).unique(), frame)
        joined = frame.select("norm").join(fakes, on="norm", how="left", maintain_order="left")
        return joined.select(
            pl.col("kind").fill_null(str(KIND_BY_CODE[EMPTY_CODE])),
            pl.col("fake"),
            pl.col("fake_birth_date"),
        )

    def map_distinct(self, norm: pl.Series, birth_dates: pl.Series) -> pl.DataFrame:
        """:meth:`map_person_ids` of values already distinct, normalised (as
        :func:`~washer.ids.classify.normalise_series` leaves them) and non-empty, with each
        value's fallback birth date (``pl.Date``): the same fakes, without normalising,
        de-duplicating and joining back a run's half million ids again."""
        frame = pl.DataFrame(
            {
                "norm": norm,
                "fb_date": birth_dates.cast(pl.Date),
                "fb_gender": pl.repeat(None, len(norm), dtype=pl.String, eager=True),
            }
        )
        return self._fakes(frame["norm"], frame).drop("norm")

    def map_orgnr(self, values: pl.Series) -> pl.Series:
        """A valid fake organisation number for every non-empty value (valid or not)."""
        return map_orgnr_series(values, self._orgnr_key, self._hash_key)

    def _fakes(self, norm: pl.Series, frame: pl.DataFrame) -> pl.DataFrame:
        """Fakes of distinct normalised values; ``frame`` has every row's fallback columns."""
        codes, eleven, parsed = classify_codes(norm)
        size = len(norm)
        fake = np.full(size, -1, dtype=np.int64)
        days = np.full(size, NO_DATE, dtype=np.int64)
        buckets: dict[tuple[Form, Form, int, int], Bucket] = {}

        def bucket(in_form: Form, out_form: Form, parity: int, window: int) -> Bucket:
            key = (in_form, out_form, parity, window)
            if key not in buckets:
                buckets[key] = Bucket(in_form, out_form, parity, window)
            return buckets[key]

        eleven_codes = codes[eleven]
        real = np.isin(eleven_codes, _REAL_CODES) & parsed.classic & (parsed.days != NO_DATE)
        rows = eleven[real]
        fake[rows], days[rows] = self._map_real(_subset(parsed, real))

        fh_rows = eleven[eleven_codes == FH_CODE]
        fake[fh_rows] = map_fh(self._fh_key, parsed.number[eleven_codes == FH_CODE])

        fallback_rows, items = self._fallback_items(norm, frame, codes, eleven, parsed, real)
        if items:
            fake[fallback_rows], days[fallback_rows] = place(items, bucket, parsed.number)

        fake_text = pl.Series(fake).cast(pl.String).str.zfill(11).set(pl.Series(fake < 0), None)
        passports = np.flatnonzero(codes == PASSPORT_CODE)
        if passports.size:
            fake_text = fake_text.scatter(
                passports, map_passports(self._passport_key, norm[passports])
            )
        return pl.DataFrame(
            {
                "norm": norm,
                "kind": _NAMES.gather(codes),
                "fake": fake_text,
                "fake_birth_date": pl.Series(np.where(days == NO_DATE, 0, days))
                .cast(pl.Int32)
                .set(pl.Series(days == NO_DATE), None)
                .cast(pl.Date),
            }
        )

    def _map_real(self, p: Parsed) -> tuple[IntArray, IntArray]:
        """Fakes and their days for real numbers: each bucket's ranks, one batched keyed
        permutation of every bucket, and the permuted ranks read back as numbers."""
        parity = p.iii % 2
        window = p.days // WINDOW
        fake = np.zeros(len(p.number), dtype=np.int64)
        days = np.zeros(len(p.number), dtype=np.int64)
        if not len(p.number):
            return fake, days
        groups = []  # (elements, their window rows, the group's buckets)
        sizes: list[int] = []
        labels: list[bytes] = []
        ranks: list[IntArray] = []
        cyclic: list[bool] = []
        for code, sel in _by_group_and_window(p.form * 2 + parity, window):
            form_code, par = divmod(code, 2)
            form = FORMS[form_code]
            # the group's elements bucket by bucket (window order), for the batched permutation
            ordered = window[sel]
            first = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
            windows = ordered[first]
            counts = np.diff(np.r_[first, len(ordered)])
            row = np.repeat(np.arange(len(windows)), counts)
            buckets = Buckets(form, self._out_form(form), par, windows)
            rank = buckets.rank(row, p.days[sel] - windows[row] * WINDOW, p.iii[sel])
            ranks += np.split(rank, first[1:])
            sizes += buckets.sizes.tolist()
            labels += [f"{form.name}:{par}:{w}".encode("ascii") for w in windows.tolist()]
            cyclic += [buckets.out_form == form] * len(windows)
            groups.append((sel, row, buckets))
        # One batched permutation for all buckets: a wash has thousands of small ones.
        permuted = np.concatenate(
            permute_many(self._dated_key, sizes, labels, ranks, cyclic=cyclic)
        )
        start = 0
        for sel, row, buckets in groups:
            j = permuted[start : start + len(sel)]
            start += len(sel)
            fake[sel], days[sel] = buckets.numbers_at(row, j)
        return fake, days

    def _fallback_items(
        self,
        norm: pl.Series,
        frame: pl.DataFrame,
        codes: IntArray,
        eleven: IntArray,
        parsed: Parsed,
        real: npt.NDArray[np.bool_],
    ) -> tuple[IntArray, list[Item]]:
        """Rows that go to the fallback region, and their items."""
        wanted = np.isin(codes, (*_FALLBACK_FORM, MALFORMED_CODE))
        wanted[eleven[real]] = False
        rows = np.flatnonzero(wanted)
        if not rows.size:
            return rows, []
        at_eleven = np.full(len(codes), -1, dtype=np.int64)
        at_eleven[eleven] = np.arange(len(eleven))
        pos = at_eleven[rows]
        is_eleven = pos >= 0
        # the first non-null fallback date and gender of each value, in row order
        values = norm[rows]
        sub = pl.DataFrame({"norm": values}).join(
            frame.filter(pl.col("norm").is_in(values.implode()))
            .group_by("norm")
            .agg(
                pl.col("fb_date").drop_nulls().first(),
                pl.col("fb_gender").drop_nulls().first(),
            ),
            on="norm",
            how="left",
            maintain_order="left",
        )
        # birth date: the caller's, else the one the number decodes to, else none
        days = sub["fb_date"].cast(pl.Int32).fill_null(-(2**31)).to_numpy().astype(np.int64)
        days[days == -(2**31)] = NO_DATE
        decoded = np.full(len(rows), NO_DATE, dtype=np.int64)
        decoded[is_eleven] = parsed.days[pos[is_eleven]]
        days = np.where(days == NO_DATE, decoded, days)
        # gender: the 9th character when it is a digit, else the caller's, else unknown
        ninth = sub["norm"].str.slice(8, 1).str.to_integer(strict=False).fill_null(-1).to_numpy()
        given = sub["fb_gender"].replace_strict({"F": 0, "M": 1}, default=-1, return_dtype=pl.Int64)
        parity = np.where(ninth >= 0, ninth % 2, given.to_numpy())
        # a malformed value shaped like a D-number (first digit 4-7) gets a D-number's form
        eleven_digits = sub["norm"].str.contains(r"^[0-9]{11}$").fill_null(False).to_numpy()
        leading = sub["norm"].str.slice(0, 1).str.to_integer(strict=False).fill_null(-1)
        first = np.where(eleven_digits, leading.to_numpy(), -1)
        forms = [
            _FALLBACK_FORM.get(int(c), _dated.DNR if 4 <= d <= 7 else _dated.FNR)
            for c, d in zip(codes[rows], first, strict=True)
        ]
        items = build_items(
            sub["norm"].to_list(),
            forms,
            [self._out_form(f) for f in forms],
            parity,
            days,
            secret=self._hash_key,
            default_window=self._default_window,
        )
        return rows, items


def _as_dates(values: pl.Series | None, rows: int) -> pl.Series:
    """Dates from a Date, Datetime or ISO-string column; anything else counts as missing."""
    if values is None:
        return pl.repeat(None, rows, dtype=pl.Date, eager=True)
    if values.dtype == pl.String:
        return values.str.to_date("%Y-%m-%d", strict=False)
    if values.dtype == pl.Date or isinstance(values.dtype, pl.Datetime):
        return values.cast(pl.Date)
    if values.dtype == pl.Null:
        return values.cast(pl.Date)
    raise ValueError("fallback_birth_dates must be dates, datetimes or ISO date strings")


def _subset(p: Parsed, mask: npt.NDArray[np.bool_]) -> Parsed:
    return Parsed(
        number=p.number[mask],
        form=p.form[mask],
        valid=p.valid[mask],
        classic=p.classic[mask],
        iii=p.iii[mask],
        days=p.days[mask],
    )
