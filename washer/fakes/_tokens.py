"""Cutting free text into tokens that can be replaced one by one and joined back unchanged.

One regex splits a text into e-mails, phone numbers, 11-digit identity numbers, words (letter
runs, including two-character mojibake of accented letters), numbers (digit runs) and
everything in between, in that order of priority. A word glued from words where a lower-case
letter meets a capital ("PerHansen") is cut there into adjacent words. Joining the tokens
gives back the text byte for byte.
"""

from __future__ import annotations

import re

import numpy as np
import numpy.typing as npt
import polars as pl

from washer.fakes._bytes import ValueBytes
from washer.fakes._fold import mojibake_pairs

Bools = npt.NDArray[np.bool_]

# "(at)", "[at]" or "{at}" (any case) written for "@" and "(dot)" for ".", to fool address
# harvesters; people also space the "@" out ("ola @ firma.no").
AT_WORD = r"[(\[{] ?[Aa][Tt] ?[)\]}]"
DOT_WORD = r"[(\[{] ?[Dd][Oo][Tt] ?[)\]}]"
_LABEL_SEP = rf"(?:\.| ?{DOT_WORD} ?)"
EMAIL = "|".join(
    [
        r"[\w.%+\-]+@[\w\-]+(?:\.[\w\-]+)+",
        # spelled out: the last label starts with a letter, so "kl @ 12.30" stays text
        rf"[\w.%+\-]+ ?(?:@|{AT_WORD}) ?[\w\-]+(?:{_LABEL_SEP}[\w\-]+)*{_LABEL_SEP}[A-Za-z][\w\-]*",
    ]
)
# Where a text may hold an e-mail (an "@" or its spelled-out form).
HAS_AT = f"@|{AT_WORD}"
# Phones: with +47/0047; other +cc/00cc (7-15 digits), also with the trunk zero in
# brackets (+46 (0)70 ...) or the code in brackets ((+47) 912...); 47 and 8 digits without
# +; Norwegian national numbers in their usual groupings (never dd.mm.yyyy dates); and
# other countries' national numbers with their trunk zero (070-123 45 67: 9 or 10 digits,
# so never an 11-digit identity number).
# Between two groups of digits: one dot or dash (also a typographic dash or the minus
# sign), or any whitespace (a no-break space from a word processor, two spaces, a line break).
DIGIT_GAP = r"(?:[.\-\u2010-\u2015\u2212]|\s+)"
_SEP = DIGIT_GAP
_OPT = _SEP + "?"
# Another country's national number with its trunk zero (070-123 45 67): 9 or 10 digits.
TRUNK_PHONE = r"0[1-9](?:(?:[\-/\u2010-\u2015]|\s+)?[0-9]){7,8}"
# Norway's eight digits with a slash (912/34567, 9123/4567) or the first three in brackets
# ((912) 34 567). A case number or a date reads like the slashed ones (2021/1234), so those are
# replaced only as a number of the row or the run (:data:`GUARDED_PHONE`).
SLASHED_PHONE = r"[2-9][0-9]{2}/[0-9]{5}|[2-9][0-9]{3}/[0-9]{4}"
BRACKETED_PHONE = rf"\([2-9][0-9]{{2}}\)\s*[0-9](?:{_OPT}[0-9]){{4}}"
GUARDED_PHONE = rf"^(?:{SLASHED_PHONE})$"
PHONE = "|".join(
    [
        SLASHED_PHONE + r"\b",
        BRACKETED_PHONE + r"\b",
        # Norway's eight digits, so a number written after it is not read as part of it
        rf"(?:\+|00)47\s*\(0\)\s*[0-9](?:{_OPT}[0-9]){{7}}\b",
        rf"(?:\+|00)[1-9][0-9]{{0,2}}\s*\(0\)\s*[0-9](?:{_OPT}[0-9]){{5,13}}\b",
        rf"\(\+47\)\s*[0-9](?:{_OPT}[0-9]){{7}}\b",
        rf"\(\+[1-9][0-9]{{0,2}}\)\s*[0-9](?:{_OPT}[0-9]){{5,13}}\b",
        rf"(?:\+|00)47{_OPT}[0-9](?:{_OPT}[0-9]){{7}}\b",
        rf"(?:\+|00)[1-9](?:{_OPT}[0-9]){{6,14}}\b",
        r"47[0-9]{8}\b",
        r"[2-9][0-9]{7}\b",
        rf"[2-9][0-9]{{2}}{_SEP}[0-9]{{2}}{_SEP}[0-9]{{3}}\b",
        rf"[2-9][0-9](?:{_SEP}[0-9]{{2}}){{3}}\b",
        r"[2-9][0-9]{3}\s+[0-9]{4}\b",
    ]
)
# Tried only where no identity number starts: the regex has no lookahead, and these would
# otherwise take the first 9 or 10 digits of a spaced one (028179 675 00).
LATE_PHONE = "|".join(
    [
        r"[2-9][0-9]\s+[0-9]{3}\s+[0-9]{3}\b",
        TRUNK_PHONE + r"\b",
        # Norway's eight digits in any other grouping by spaces (912 34567, 91 23 4567);
        # spaces only, so no date (21.03.2021, 2021-03-21) reads as one.
        r"[2-9](?:\s*[0-9]){7}\b",
    ]
)
# ASCII word boundaries: a Unicode \b forces the regex engine off its fast DFA (20x slower).
PHONE = PHONE.replace(r"\b", r"(?-u:\b)")
LATE_PHONE = LATE_PHONE.replace(r"\b", r"(?-u:\b)")
# fnr, D-, H- and FH-numbers: 11 digits, whole or as 6+5, dd.mm.yy+5 (or +3+2), or spaced
# anywhere; or dd.mm.yyyy+5 (or dd/mm/yyyy).
IDENTITY = "|".join(
    [
        # the date with its year in full (01.01.1980-36735): 13 digits, the century no part
        # of the number (washer.fakes._detect.id_digits)
        rf"[0-9]{{2}}[./][0-9]{{2}}[./](?:18|19|20)[0-9]{{2}}{_OPT}[0-9]{{5}}\b",
        # 150885 45610, 150885/45610
        rf"[0-9]{{6}}(?:{_SEP}|\s*/\s*)?[0-9]{{5}}\b",
        rf"[0-9]{{2}}\.[0-9]{{2}}\.[0-9]{{2}}{_OPT}[0-9]{{3}}{_OPT}[0-9]{{2}}\b",
        r"[0-9](?:\s*[0-9]){10}\b",
    ]
).replace(r"\b", r"(?-u:\b)")
_MOJI = "|".join(re.escape(p) for p in mojibake_pairs())
_LETTERS = rf"(?:{_MOJI}|[\p{{L}}\p{{M}}])+"
# A "?" or U+FFFD between letters is a letter lost to a wrong encoding ("J?rgulf"): one word.
DAMAGED = "?\ufffd"
WORD = rf"{_LETTERS}(?:[{DAMAGED}]+{_LETTERS})*"
NUMBER = r"[0-9]+"
# Not "(", which may open a phone number ("(912) 34 567", "(+47) 912 34 567"); a "(" that
# does not is a token of its own.
OTHER = r"[^\p{L}\p{M}0-9+@(]+"
# TOKEN for a text without HAS_AT, where no e-mail can match: the same tokens, and the regex
# runs in two thirds of the time (most texts have no "@").
TOKEN_WITHOUT_EMAIL = f"{PHONE}|{IDENTITY}|{LATE_PHONE}|{NUMBER}|{WORD}|{OTHER}|(?s:.)"
TOKEN = f"{EMAIL}|{TOKEN_WITHOUT_EMAIL}"

# Characters that show nothing but cut a word or number in two when text is pasted from a web
# page, a word processor or a chat app (soft hyphen, zero-width space, direction marks and
# embeddings, word joiner, BOM). The scrub reads text without them. Zero-width (non-)joiners
# are left alone: scripts and emoji need them.
INVISIBLE = r"[\x{00AD}\x{200B}\x{200E}\x{200F}\x{202A}-\x{202E}\x{2060}\x{2066}-\x{2069}\x{FEFF}]"


def visible(text: pl.Expr) -> pl.Expr:
    """``text`` without :data:`INVISIBLE` characters."""
    return text.str.replace_all(INVISIBLE, "")


# A lower-case letter (with its accents) right before an upper-case one, inside a word:
# where a name is glued to another ("PerHansen"), read as two words.
GLUE = r"\p{Ll}\p{M}*\p{Lu}"
GLUE_CUT = r"(\p{Ll}\p{M}*)(\p{Lu})"
_MARK = "\x00"  # never in a word token

# Token kinds (the ``kind`` column, UInt8)
EMAIL_KIND, PHONE_KIND, ID_KIND, WORD_KIND, NUMBER_KIND, OTHER_KIND = 1, 2, 3, 4, 5, 6

# Separators that may sit inside a multi-word name, address or employer ("Anne-Marie",
# "O'Brien", "Storgata 12 B", "Storgata 12, 0150 Oslo", "Bygg & Anlegg AS").
JOINABLE = "^[\\s,./&'`\u2019\u00b4\\-\u2010\u2011\u2013\u2014]*$"


def email_address(token: pl.Expr) -> pl.Expr:
    """The address an e-mail token spells, lowercased ("Ola(at)Firma(dot)no" -> ola@firma.no)."""
    return (
        token.str.to_lowercase()
        .str.replace_all(AT_WORD, "@")
        .str.replace_all(DOT_WORD, ".")
        .str.replace_all(r"\s+", "")
    )


def tokenize(frame: pl.DataFrame) -> pl.DataFrame:
    """Columns ``gid``, ``text`` -> one row per token: ``i`` (order), ``gid``, ``tok``, ``kind``.

    Rows keep text order, so grouping by ``gid`` in ``i`` order rebuilds each text.
    """
    mail = frame["text"].str.contains(HAS_AT).fill_null(False)
    lists = frame.select(pl.col("gid"), _token_lists(frame["text"], mail).alias("tok"))
    tokens = lists.explode("tok").filter(pl.col("tok").is_not_null())
    # Few texts have a glued word: only their tokens are looked at.
    glued = frame["text"].str.contains(GLUE).fill_null(False).to_numpy()
    if glued.any():
        per_text = lists["tok"].list.len().fill_null(0).to_numpy()
        tokens = _unglued(tokens, np.repeat(glued, per_text))
    tokens = tokens.with_row_index("i")
    tok = tokens["tok"]
    word, digit, opening = leading_kinds(tok)
    kind = np.where(word, WORD_KIND, np.where(digit, NUMBER_KIND, OTHER_KIND)).astype(np.uint8)
    # Only tokens with an "@" (or "(at)"), or of 7+ characters starting with a digit, "+"
    # or "(", can be more.
    nbytes = tok.str.len_bytes().to_numpy()
    at = np.zeros(tokens.height, dtype=np.bool_)
    if mail.any():  # (a token holds an "@" only where its text does)
        at = tok.str.contains(HAS_AT).to_numpy() & (nbytes > 1)
    kind[at] = EMAIL_KIND
    numeric = (digit | opening) & (nbytes >= 7)
    idx = np.flatnonzero(numeric & ~at)
    if len(idx):
        sub = tok.gather(idx)
        phone = sub.str.contains(f"^(?:{PHONE}|{LATE_PHONE})$").to_numpy()
        identity = ~phone & sub.str.contains(f"^(?:{IDENTITY})$").to_numpy()
        kind[idx[phone]] = PHONE_KIND
        kind[idx[identity]] = ID_KIND
    return tokens.with_columns(pl.Series("kind", kind, dtype=pl.UInt8))


def leading_kinds(tokens: pl.Series) -> tuple[Bools, Bools, Bools]:
    """Per token (not null): it starts with a letter or mark (``^[\\p{L}\\p{M}]``), with an
    ASCII digit, with ``+`` or ``(``. Read from each token's first byte (an ASCII byte is
    its first character; only ASCII letters are letters among those), so the letter regex
    runs only on the tokens that start with another character."""
    first = ValueBytes(tokens).at(0)
    digit = (first >= ord("0")) & (first <= ord("9"))
    word = ((first >= ord("A")) & (first <= ord("Z"))) | ((first >= ord("a")) & (first <= ord("z")))
    wide = np.flatnonzero(first >= 0x80)
    if len(wide):
        word[wide] = tokens.gather(wide).str.contains(r"^[\p{L}\p{M}]").to_numpy()
    opening = (first == ord("+")) | (first == ord("("))
    return word, digit, opening


def _token_lists(texts: pl.Series, mail: pl.Series) -> pl.Series:
    """``texts.str.extract_all(TOKEN)``, with :data:`TOKEN_WITHOUT_EMAIL` on the texts
    without :data:`HAS_AT` (``mail`` False: an e-mail needs an "@" or its spelled-out
    form)."""
    if mail.all():
        return texts.str.extract_all(TOKEN)
    if not mail.any():
        return texts.str.extract_all(TOKEN_WITHOUT_EMAIL)
    plain, at = (~mail).arg_true(), mail.arg_true()
    parts = pl.concat(
        [
            texts.gather(plain).str.extract_all(TOKEN_WITHOUT_EMAIL),
            texts.gather(at).str.extract_all(TOKEN),
        ]
    )
    # each text's list back in its place
    place = np.empty(len(texts), dtype=np.int64)
    place[np.concatenate([plain.to_numpy(), at.to_numpy()])] = np.arange(len(texts))
    return parts.gather(place)


def _unglued(tokens: pl.DataFrame, maybe: npt.NDArray[np.bool_]) -> pl.DataFrame:
    """``tokens`` (``gid``, ``tok``) with each word glued from words ("PerHansen", "ÅseØvrebø")
    cut into them, cut where a lower-case letter meets an upper-case one; the parts are
    adjacent word tokens. Only tokens where ``maybe`` is set are looked at. Words with a
    mojibake pair are left whole (a pair may hold such a meeting)."""
    tok = tokens["tok"]
    at = np.flatnonzero(maybe)
    at = at[tok.gather(at).str.contains(GLUE).to_numpy()]
    if len(at):
        sub = tok.gather(at)
        word = sub.str.contains(f"^(?:{WORD})$") & ~sub.str.contains(_MOJI)
        at = at[word.to_numpy()]
    if len(at) == 0:
        return tokens
    parts = tok.gather(at).str.replace_all(GLUE_CUT, f"${{1}}{_MARK}${{2}}").str.split(_MARK)
    count = np.ones(tokens.height, dtype=np.int64)
    count[at] = parts.list.len().to_numpy()
    row = np.repeat(np.arange(tokens.height), count)
    cut = np.zeros(tokens.height, dtype=np.bool_)
    cut[at] = True
    out = tokens[row]
    return out.with_columns(out["tok"].scatter(np.flatnonzero(cut[row]), parts.explode()))
