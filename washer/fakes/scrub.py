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

Words only match whole words (``Ola`` is not replaced inside ``Olav``). A word glued from
words where a lower-case letter meets a capital (``PerHansen``) is tried whole first, then its
parts as words (their fakes glued too: ``KariOlsen``). Every text without a match comes back
byte for byte.

Most texts hold nothing to replace, so cheap prefilters pick the texts worth tokenising: a
text is tokenised when it contains the *probe* of one of its row's own values
(:mod:`washer.fakes._probes`), or has an ``@``, or 7 digits or more (every e-mail, phone and
identity number has), or a word of a known value (``KnownValues.probes``). The prefilters only
skip texts that cannot match, so the result is the same as tokenising every text; texts are
grouped first, and a text without own values is scrubbed once however often it occurs.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import polars as pl

from washer.fakes._codes import find_codes
from washer.fakes._detect import Mapper, replace_detected
from washer.fakes._fold import fold
from washer.fakes._ngram import find_sequences
from washer.fakes._scrub_tables import (
    DETECTABLE_DIGITS,
    KnownPairs,
    KnownValues,
    Pairs,
    known_values,
    own_table,
)
from washer.fakes._textkeys import code_table
from washer.fakes._textview import TextView
from washer.fakes._tokens import NUMBER_KIND, OTHER_KIND, WORD_KIND, tokenize

__all__ = ["KnownPairs", "KnownValues", "known_values", "scrub_text"]


def scrub_text(
    texts: pl.Series,
    *,
    own: Pairs,
    known: Pairs | KnownValues,
    id_mapper: Mapper,
    phone_key: bytes,
    email_fallback: Mapper,
    fake_rows: npt.NDArray[np.int64] | None = None,
    view: TextView | None = None,
) -> pl.Series:
    """``texts`` with identifying values replaced (see the module docstring); nulls stay null.

    ``own``: (original, fake) column pairs aligned with ``texts``; with ``fake_rows``, the
    pairs are per row of a table instead and text ``i`` belongs to row ``fake_rows[i]``
    (several texts of one row share its values, and only the values used are gathered).
    ``known``: (original, fake) pairs of any length, or their :func:`known_values`;
    scrubbing many batches against the same pairs, pass a :class:`KnownPairs` (or the
    ``known_values``) so their lookup tables are built once. ``id_mapper``: 11-digit
    strings -> fake (or null to keep). ``email_fallback``: lowercased e-mails -> fakes.
    ``phone_key``: the key of the phone fakes. ``view``: ``TextView.of(texts)``, when the
    caller has it already.

    Invisible characters (:data:`~washer.fakes._tokens.INVISIBLE`: a soft hyphen or
    zero-width space pasted inside a name or number) are read as absent; a text that holds
    one and a value to replace comes back without them, any other unchanged.
    """
    view = TextView.of(texts) if view is None else view
    hidden = view.hidden()
    if not hidden.any():
        return _scrub_visible(view, own, known, id_mapper, phone_key, email_fallback, fake_rows)
    seen = view.visible()
    washed = _scrub_visible(seen, own, known, id_mapper, phone_key, email_fallback, fake_rows)
    keep = pl.Series(hidden) & washed.eq_missing(seen.texts)
    return washed.zip_with(~keep, view.texts).alias(texts.name)


def _scrub_visible(
    view: TextView,
    own: Pairs,
    known: Pairs | KnownValues,
    id_mapper: Mapper,
    phone_key: bytes,
    email_fallback: Mapper,
    fake_rows: npt.NDArray[np.int64] | None,
) -> pl.Series:
    """:func:`scrub_text` of the texts of ``view`` (without invisible characters)."""
    s = view.texts
    n = len(s)
    table = known if isinstance(known, KnownValues) else known_values(known)
    own_keys = own_table(own, view, fake_rows)
    is_own = _among(own_keys["gid"].to_numpy(), n)
    own_rows = np.flatnonzero(is_own)
    # E-mails need an "@", phones and identity numbers 7 digits or more.
    detectable = view.has_at | (view.ndigits >= DETECTABLE_DIGITS)
    rest = np.flatnonzero(~detectable & ~is_own)
    detectable |= view.contains_any(table.probes, rest)
    # an id of few digits written in odd groups ("AB 12 34 56")
    detectable |= view.contains_any(table.code_probes, rest, digits=True)
    out = s.clone()
    if len(own_rows):
        frame = pl.DataFrame({"gid": own_rows, "text": s.gather(own_rows)})
        done = _scrub_frame(frame, own_keys, table, id_mapper, phone_key, email_fallback)
        out.scatter(done["gid"].to_numpy(), done["text"])
    others = np.flatnonzero(detectable & ~is_own)
    if len(others):
        # Texts without own values are scrubbed once per distinct text.
        distinct = np.flatnonzero(_among(view.row_text[others], len(view.distinct)))
        frame = pl.DataFrame({"gid": distinct, "text": view.distinct.gather(distinct)})
        done = _scrub_frame(frame, None, table, id_mapper, phone_key, email_fallback)
        if done.height:
            slot = np.full(len(view.distinct), -1, dtype=np.int64)
            slot[done["gid"].to_numpy()] = np.arange(done.height)
            at = slot[view.row_text[others]]
            changed = at >= 0
            out.scatter(others[changed], done["text"].gather(at[changed]))
    return out.alias(s.name)


def _scrub_frame(
    frame: pl.DataFrame,
    own: pl.DataFrame | None,
    known: KnownValues,
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
    replace_detected(tokens, own, known, id_mapper, phone_key, email_fallback, new, changed)
    kind = tokens["kind"].to_numpy()
    content = np.flatnonzero((kind == WORD_KIND) | (kind == NUMBER_KIND))
    # (folding each word costs less than grouping the words to fold each once)
    words = fold(tokens["tok"].gather(content))
    glued = _glued_after(tokens)
    if glued.any():
        matches = _glued_sequences(tokens, content, words, glued, own, known)
    else:
        matches = find_sequences(tokens, content, words, own, known)
    # Ids written in other groups than their column's, among the tokens left.
    own_codes = None
    if own is not None:
        own_codes = code_table(own, by=["gid"]).rename({"fake": "own"})
    taken = _spanned(matches, tokens.height)
    codes = find_codes(tokens, content, words, taken, own_codes, known.codes)
    matches = pl.concat([matches, codes])
    if matches.height:
        first = matches["first"].to_numpy()
        blanked = np.flatnonzero(_spanned(matches, tokens.height, start=1))
        new.scatter(blanked, pl.repeat("", len(blanked), dtype=pl.String, eager=True))
        new.scatter(first, matches["fake"])
        changed[first] = True
        changed[blanked] = True
    if not changed.any():
        return pl.DataFrame(schema={"gid": pl.Int64, "text": pl.String})
    gids = tokens["gid"].to_numpy()
    sel = _among(gids[changed], gids.max() + 1)[gids]
    rebuilt = (
        pl.DataFrame({"gid": gids[sel], "tok": new.filter(pl.Series(sel))})
        .with_columns(pl.col("gid").set_sorted())
        .group_by("gid", maintain_order=True)
        .agg(pl.col("tok"))
    )
    return rebuilt.select(pl.col("gid").cast(pl.Int64), pl.col("tok").list.join("").alias("text"))


def _glued_after(tokens: pl.DataFrame) -> npt.NDArray[np.bool_]:
    """Per token: a word with the next token a word of its text (a glued word, "PerHansen",
    which the tokenizer cut in parts: only then are two words adjacent)."""
    word = (tokens["kind"] == WORD_KIND).to_numpy()
    gid = tokens["gid"].to_numpy()
    glued = np.zeros(tokens.height, dtype=np.bool_)
    glued[:-1] = word[:-1] & word[1:] & (gid[:-1] == gid[1:])
    return glued


def _glued_sequences(
    tokens: pl.DataFrame,
    content: npt.NDArray[np.int64],
    words: pl.Series,
    glued: npt.NDArray[np.bool_],
    own: pl.DataFrame | None,
    known: KnownValues,
) -> pl.DataFrame:
    """:func:`find_sequences` where some words are glued ("PerHansen"): first with each
    glued word read whole (as before: a value written "McDonald" is found as one), then,
    among the tokens of texts with a glued word that no match took, with its parts read as
    words. A match of parts written without a separator gets its fake without whitespace
    ("PerHansen" -> "KariOlsen")."""
    joined = np.zeros(len(content), dtype=np.bool_)
    inside = content > 0
    joined[inside] = glued[content[inside] - 1]
    start = np.flatnonzero(~joined)
    end = np.append(start[1:] - 1, len(content) - 1)
    whole_words = words.gather(start)
    several = np.flatnonzero(end > start)
    unit = np.cumsum(~joined) - 1
    part_of = np.flatnonzero(end[unit] > start[unit])
    spelled = (
        pl.DataFrame({"u": unit[part_of], "tok": tokens["tok"].gather(content[part_of])})
        .group_by("u", maintain_order=True)
        .agg(pl.col("tok").str.join(""))
    )
    whole_words.scatter(several, fold(spelled["tok"]))
    whole = find_sequences(tokens, content[start], whole_words, own, known, ends=content[end])
    gid = tokens["gid"].to_numpy()
    texts = np.unique(gid[glued])
    free = ~_spanned(whole, tokens.height)[content] & np.isin(gid[content], texts)
    sel = np.flatnonzero(free)
    parts = _sequences_in_texts(tokens, texts, content[sel], words.gather(sel), own, known)
    if parts.height:
        other = np.concatenate([[0], np.cumsum((tokens["kind"] == OTHER_KIND).to_numpy())])
        first, last = parts["first"].to_numpy(), parts["last"].to_numpy()
        tight = pl.Series(other[last + 1] - other[first] == 0)
        fake = pl.select(
            pl.when(tight).then(parts["fake"].str.replace_all(r"\s+", "")).otherwise(parts["fake"])
        ).to_series()
        parts = parts.with_columns(fake.alias("fake"))
    return pl.concat([whole, parts])


def _sequences_in_texts(
    tokens: pl.DataFrame,
    texts: npt.NDArray[np.int64],
    pos: npt.NDArray[np.int64],
    words: pl.Series,
    own: pl.DataFrame | None,
    known: KnownValues,
) -> pl.DataFrame:
    """:func:`find_sequences` of content tokens ``pos`` of the texts (gids) ``texts``, run on
    those texts' tokens and own values only: its cost goes with the tokens it is given, and
    the few texts with a glued word have few."""
    gid = tokens["gid"].to_numpy()
    rows = np.flatnonzero(np.isin(gid, texts))
    if own is not None:
        own = own.filter(pl.col("gid").is_in(pl.Series(texts).implode()))
    found = find_sequences(tokens[rows], np.searchsorted(rows, pos), words, own, known)
    # back to the token indices of all texts
    return found.with_columns(
        pl.Series("first", rows[found["first"].to_numpy()], dtype=pl.Int64),
        pl.Series("last", rows[found["last"].to_numpy()], dtype=pl.Int64),
    )


def _among(values: npt.NDArray[np.int64], size: int) -> npt.NDArray[np.bool_]:
    """Per integer below ``size``: it is one of ``values`` (a mask, where ``np.unique`` would
    sort or hash them; ``np.flatnonzero`` of it is their sorted distinct values)."""
    found = np.zeros(size, dtype=np.bool_)
    found[values] = True
    return found


def _spanned(matches: pl.DataFrame, n: int, *, start: int = 0) -> npt.NDArray[np.bool_]:
    """Per token (of ``n``): inside a match (``start`` 1: after its first token)."""
    mark = np.zeros(n + 1, dtype=np.int64)
    np.add.at(mark, matches["first"].to_numpy() + start, 1)
    np.add.at(mark, matches["last"].to_numpy() + 1, -1)
    return np.cumsum(mark)[:-1] > 0
