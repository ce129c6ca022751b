"""Free-text scrub: a row's own identifiers, known values and anything that looks like an
e-mail, phone or identity number are replaced by the same fakes as in the columns."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import polars as pl
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from washer.fakes import fake_phones, normalize_phone, scrub_text
from washer.fakes._fold import mojibake_pairs
from washer.fakes._tokens import _MOJI as MOJI
from washer.fakes._tokens import (
    EMAIL_KIND,
    GLUE,
    HAS_AT,
    TOKEN,
    WORD,
    _token_lists,
    tokenize,
)

from ._helpers import (
    FIRST_NAMES,
    KEY,
    LAST_NAMES,
    PHONE_LAYOUTS,
    digits_of,
    norwegian_phones,
    phone_layouts,
    series,
    words_of,
)


def id_mapper(ids: pl.Series) -> pl.Series:
    """A stand-in for FakeIdMapper: every digit plus one (never the input)."""
    return ids.str.replace_many(list("0123456789"), list("1234567890"))


def email_fallback(emails: pl.Series) -> pl.Series:
    return ("anon." + emails.str.len_chars().cast(pl.String) + "@example.org").alias(emails.name)


def scrub(texts: pl.Series, own: list[tuple[pl.Series, pl.Series]], known=()) -> pl.Series:  # type: ignore[no-untyped-def]
    return scrub_text(
        texts,
        own=own,
        known=list(known),
        id_mapper=id_mapper,
        phone_key=KEY,
        email_fallback=email_fallback,
    )


def has_words(text: str, name: str) -> bool:
    """True when the words of ``name`` occur in ``text`` as consecutive whole words (folded),
    also as parts of glued words."""
    want = words_of(name)
    # a word glued from words ("aKari", "PerHansen") is read whole and as its parts
    for have in (words_of(text), words_of(" ".join(_cut(text)))):
        if any(have[i : i + len(want)] == want for i in range(len(have) - len(want) + 1)):
            return True
    return False


filler = st.text(
    alphabet=st.sampled_from(
        "abcdefghijklmnopqrstuvwxyzæøåéABCDEFGHIJKLMNOPQRSTUVWXYZÆØÅ .,;:!?()-'\n"
    ),
    max_size=40,
)
name = st.one_of(
    st.sampled_from(FIRST_NAMES),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyzæøå", min_size=2, max_size=10).map(str.title),
    # a letter lost to a wrong encoding, as in real extracts: "J?rgulf"
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=4, max_size=10).map(
        lambda n: n[0].upper() + "?" + n[2:]
    ),
)
emails = st.from_regex(r"[a-z][a-z0-9._]{1,10}@[a-z]{2,8}\.(no|com|se)", fullmatch=True)
ids = st.from_regex(r"[0-7][1-9][0-9]{9}", fullmatch=True)


@dataclass
class Person:
    first: str
    last: str
    id: str
    phone: str
    email: str
    fake_first: str
    fake_last: str
    fake_email: str

    @property
    def fake_id(self) -> str:
        return str(id_mapper(series([self.id]))[0])

    @property
    def fake_phone(self) -> str:
        return str(fake_phones(series([self.phone]), KEY)[0])


@st.composite
def persons(draw: st.DrawFn) -> Person:
    first, last = draw(name), draw(st.one_of(name, st.sampled_from(LAST_NAMES)))
    fake_first, fake_last = draw(st.sampled_from(FIRST_NAMES)), draw(st.sampled_from(LAST_NAMES))
    originals = words_of(first) + words_of(last)
    assume(not set(originals) & set(words_of(fake_first) + words_of(fake_last)))
    assume(not set(words_of(first)) & set(words_of(last)))  # else which fake is ambiguous
    fake_email = draw(
        st.from_regex(r"[a-z]{3,8}\.[a-z]{3,8}[0-9]{1,2}@example\.com", fullmatch=True)
    )
    return Person(
        first, last, draw(ids), "+47" + draw(norwegian_phones()), draw(emails),
        fake_first, fake_last, fake_email,
    )  # fmt: skip


KINDS = ("first", "last", "id", "phone", "email")


def planted_form(p: Person, kind: str, variant: int) -> str:
    if kind in ("first", "last"):
        value = getattr(p, kind)
        return [value, value.upper(), value.lower(), value.swapcase()][variant % 4]
    if kind == "id":
        spaced = [f"{p.id[:6]} {p.id[6:]}", f"{p.id[:6]} {p.id[6:9]} {p.id[9:]}"]
        return [p.id, *spaced, f"{p.id[:6]}\u00a0{p.id[6:]}"][variant % 4]
    if kind == "phone":
        layouts = phone_layouts(p.phone[3:])
        return layouts[variant % len(layouts)]
    local, domain = p.email.split("@")
    spelled = [
        f"{local}(at){domain}",
        f"{local} [AT] {domain.replace('.', ' (dot) ')}",
        f"{local} @ {domain}",
    ]
    return [p.email.upper(), p.email, *spelled][variant % 5]


def own_columns(people: list[Person]) -> list[tuple[pl.Series, pl.Series]]:
    def col(attr: str) -> pl.Series:
        return series([getattr(p, attr) for p in people])

    return [
        (col("first"), col("fake_first")),
        (col("last"), col("fake_last")),
        (col("id"), col("fake_id")),
        (col("phone"), col("fake_phone")),
        (col("email"), col("fake_email")),
    ]


@settings(max_examples=80)
@given(data=st.data(), people=st.lists(persons(), min_size=1, max_size=4))
def test_planted_originals_are_replaced_by_the_rows_own_fakes(
    data: st.DataObject, people: list[Person]
) -> None:
    check_planted(data, people)


@pytest.mark.slow
@settings(max_examples=2000)
@given(data=st.data(), people=st.lists(persons(), min_size=1, max_size=4))
def test_planted_originals_many_examples(data: st.DataObject, people: list[Person]) -> None:
    check_planted(data, people)


def in_layout(layout: str, digits: str) -> str:
    """``layout`` with its last ``len(digits)`` digits replaced by ``digits``."""
    out, todo = list(layout), list(digits)
    for i in range(len(out) - 1, -1, -1):
        if todo and out[i].isdigit():
            out[i] = todo.pop()
    return "".join(out)


def check_planted(data: st.DataObject, people: list[Person]) -> None:
    texts, planted = [], []
    for _ in people:
        kinds = data.draw(st.lists(st.sampled_from(KINDS), min_size=1, max_size=3, unique=True))
        parts = [data.draw(filler)]
        forms = {
            kind: planted_form(_, kind, data.draw(st.integers(0, 3 * PHONE_LAYOUTS)))
            for kind in kinds
        }
        for form in forms.values():
            parts += [" ", form, " ", data.draw(filler)]
        texts.append("".join(parts))
        planted.append(forms)
    out = scrub(series(texts), own_columns(people)).to_list()
    for text, p, kinds in zip(out, people, planted, strict=True):
        assert text is not None
        for kind in kinds:
            if kind in ("first", "last"):
                assert not has_words(text, getattr(p, kind))
                assert getattr(p, f"fake_{kind}") in text
            elif kind == "id":
                assert p.id not in digits_of(text)
                # the fake id, written as the text wrote the original (150885 45610)
                assert in_layout(kinds[kind], p.fake_id) in text
            elif kind == "phone":
                assert p.phone[3:] not in digits_of(text)
                # the same fake number, written as the text wrote the original
                assert in_layout(kinds[kind], p.fake_phone[3:]) in text
            else:
                assert kinds[kind].lower() not in text.lower()
                assert p.fake_email in text


no_identifiers = st.text(
    alphabet=st.characters(exclude_characters="0123456789@+", exclude_categories=["Cs"]),
    max_size=60,
)
near_misses = st.sampled_from(["Olav", "karius", "NORDMANNEN", "Bo", "Ola-", "xKari", "Bodø"])


@given(parts=st.lists(st.one_of(no_identifiers, near_misses), max_size=6), data=st.data())
def test_text_without_identifiers_comes_back_byte_for_byte(
    parts: list[str], data: st.DataObject
) -> None:
    text = " ".join(parts)
    known = [
        (series(["Ola", "Kari", "Nordmann", "Ødegård"]), series(["Per", "Eva", "Lie", "Berg"]))
    ]
    assume(not any(has_words(text, w) for w in ("Ola", "Kari", "Nordmann", "Ødegård")))
    person = data.draw(persons())
    assume(not any(has_words(text, w) for w in (person.first, person.last)))
    own = own_columns([person])
    assert scrub(series([text]), own, known).to_list() == [text]


@pytest.mark.parametrize(
    "text",
    [
        "Fly SK4321 fra Gdańsk 12.03.2021 kl 14:30, rom 214, 2 voksne og 1 barn",
        "Reiste 2021-03-12 med buss 1234, sete 12A",
        "Karantenehotell: Thon Hotel Oslo Airport",
        "Møte kl @ 12.30 (at) hotellet, se vedlegg (dot) pdf",
        "",
    ],
)
def test_ordinary_numbers_and_words_stay(text: str) -> None:
    assert scrub(series([text]), [], []).to_list() == [text]


def test_known_values_are_replaced_as_whole_words_longest_first() -> None:
    known = [
        (series(["Kari", "Kari Hansen", "Nordmann"]), series(["Eva", "Ida Lie", "Berg"])),
    ]
    texts = series(["kari hansen og KARI ringte, Karianne ikke", "Nordmann-familien", None])
    out = scrub(texts, [], known).to_list()
    assert out == ["Ida Lie og Eva ringte, Karianne ikke", "Berg-familien", None]


def test_own_values_win_over_known_ones() -> None:
    texts = series(["Ola kom", "Ola kom"])
    own = [(series(["Ola", None]), series(["Jon", None]))]
    known = [(series(["Ola"]), series(["Nils"]))]
    assert scrub(texts, own, known).to_list() == ["Jon kom", "Nils kom"]


def test_multi_word_values_match_across_case_accents_and_punctuation() -> None:
    mojibake = "Bjørn".encode().decode("cp1252")  # UTF-8 read as Windows-1252
    texts = series(["Bor i STORGATA 12 b, ring Anne Marie", f"{mojibake} var her"])
    own = [
        (series(["Storgata 12B", "Bjørn"]), series(["Fjordveien 3", "Ola"])),
        (series(["Anne-Marie", None]), series(["Eva", None])),
    ]
    out = scrub(texts, own).to_list()
    assert out == ["Bor i Fjordveien 3, ring Eva", "Ola var her"]


def test_letters_lost_to_encoding_stay_inside_the_word() -> None:
    texts = series(["navn: J?rgulf Hanz\ufffdther", "hva? Ola"])
    own = [
        (series(["J?rgulf", "Ola"]), series(["Per", "Jon"])),
        (series(["Hanz\ufffdther", None]), series(["Berg", None])),
    ]
    assert scrub(texts, own).to_list() == ["navn: Per Berg", "hva? Jon"]


def test_detected_values_without_an_own_or_known_match_use_the_fallbacks() -> None:
    phone_text = "ring 912 34 567 eller mail Ukjent@Example.NO, id 15088545610"
    out = scrub(series([phone_text]), [])[0]
    fake_phone = fake_phones(series(["912 34 567"]), KEY)[0]
    fake_id = id_mapper(series(["15088545610"]))[0]
    fake_mail = f"anon.{len('ukjent@example.no')}@example.org"
    assert out == f"ring {fake_phone} eller mail {fake_mail}, id {fake_id}"
    # The same phone in a column gets the same fake number.
    column_fake = fake_phones(series(["+4791234567"]), KEY)
    assert normalize_phone(column_fake)[0] == normalize_phone(series([fake_phone]))[0]


def test_id_fakes_keep_the_layout_and_unmapped_ids_stay() -> None:
    text = series(["fnr 150885 45610 og 01019070022 og 151086 950 88"])

    def only_first(ids: pl.Series) -> pl.Series:
        fakes = {"15088545610": "26111593816", "01019070022": None, "15108695088": "X-1"}
        return pl.Series([fakes[i] for i in ids], dtype=pl.String)

    out = scrub_text(
        text, own=[], known=[], id_mapper=only_first, phone_key=KEY, email_fallback=email_fallback
    )
    assert out.to_list() == ["fnr 261115 93816 og 01019070022 og X-1"]


def test_known_phones_emails_and_ids() -> None:
    known = [
        (
            series(["+4791234567", "ola@x.no", "15088545610"]),
            series(["+4799999999", "a@example.com", "X"]),
        )
    ]
    text = series(["91234567 / OLA@X.NO / 150885 45610"])
    # a known phone's fake is written as the text writes the number
    assert scrub(text, [], known).to_list() == ["99999999 / a@example.com / X"]


def test_nulls_and_bad_arguments() -> None:
    assert scrub(series([None, None]), []).to_list() == [None, None]
    with pytest.raises(ValueError, match="length"):
        scrub(series(["a", "b"]), [(series(["a"]), series(["b"]))])

    def wrong_length(ids: pl.Series) -> pl.Series:
        return pl.Series([], dtype=pl.String)

    with pytest.raises(ValueError, match="one value per input"):
        scrub_text(
            series(["15088545610"]), own=[], known=[], id_mapper=wrong_length,
            phone_key=KEY, email_fallback=email_fallback,
        )  # fmt: skip


def test_texts_are_scrubbed_independently_of_batching() -> None:
    people = ["Ola", "Kari", "Ola"]
    fakes = ["Jon", "Eva", "Per"]
    texts = ["Ola ringte 91234567", "Kari og Ola", "hei Ola"]
    whole = scrub(series(texts), [(series(people), series(fakes))]).to_list()
    one_by_one = [
        scrub(series([t]), [(series([p]), series([f]))])[0]
        for t, p, f in zip(texts, people, fakes, strict=True)
    ]
    assert whole == one_by_one
    assert whole[1] == "Eva og Ola"  # another row's name is not this row's own value
    assert re.fullmatch(r"Jon ringte \d{8}", whole[0])


def test_foreign_numbers_with_a_trunk_zero_leave_no_digits_of_the_original() -> None:
    # A Swede writes his number as at home, or with the trunk zero in brackets.
    own = [(series(["+46 70 123 45 67"]), series(["+46 78 242 46 06"]))]
    text = series(["ring 070-123 45 67, 0701234567 eller +46 (0)70 123 45 67"])
    [out] = scrub(text, own).to_list()
    assert out.endswith("eller +46 (0)78 242 46 06")
    assert "1234567" not in digits_of(out)
    # An 11-digit identity number with a leading zero stays one (its fake, not a phone's).
    [ids] = scrub(series(["fnr 028179 675 00"]), []).to_list()
    assert ids == "fnr " + id_mapper(series(["028179 675 00"]))[0]


@pytest.mark.parametrize(
    ("phone", "fake"),
    [
        ("+47 (0)912 34 567", "+47 (0)430 59 047"),
        ("0047 (0) 91234567", "0047 (0) 43059047"),
        ("+47(0)91234567", "+47(0)43059047"),
    ],
)
def test_a_norwegian_phone_with_a_trunk_mark_ends_after_its_eight_digits(
    phone: str, fake: str
) -> None:
    """An id written after it (two spaces apart) stays an id, with its own fake."""
    own = [
        (series(["+4791234567"]), series(["+4743059047"])),
        (series(["15088545610"]), series(["26111593816"])),
    ]
    [out] = scrub(series([f"ring {phone}  150885 45610"]), own).to_list()
    assert out.startswith(f"ring {fake}  ")
    assert digits_of(out.removeprefix(f"ring {fake}  ")) == "26111593816"


@pytest.mark.parametrize("written", ["15.08.85 456 10", "15.08.85-456-10", "15.08.85\u00a045610"])
def test_an_id_with_its_date_dotted_and_its_five_digits_grouped_gets_its_fake(
    written: str,
) -> None:
    [out] = scrub(series([f"fnr {written}."]), []).to_list()
    assert out == f"fnr {id_mapper(series([written]))[0]}."


def test_a_name_glued_to_another_is_read_as_two_words() -> None:
    # the row's own names, another traveller's full name and a surname known alone, glued
    texts = series(["PerHansen ringte", "KariNordmann kom, ÅseØvrebø også", "hei OlaBerg"])
    own = [
        (series(["Per", None, None]), series(["Jon", None, None])),
        (series(["Hansen", None, None]), series(["Dahl", None, None])),
    ]
    known = [
        (
            series(["Kari Nordmann", "Åse", "Øvrebø", "Berg"]),
            series(["Ida Lie", "Eva", "Moe", "Vik"]),
        )
    ]
    out = scrub(texts, own, known).to_list()
    # the fakes keep the glued form
    assert out == ["JonDahl ringte", "IdaLie kom, EvaMoe også", "hei OlaVik"]


def test_a_glued_word_known_whole_is_replaced_whole() -> None:
    known = [(series(["McDonald", "Ronald McDonald"]), series(["Berg", "Per Lie"]))]
    texts = series(["McDonald kom", "Ronald McDonald kom", "MCDONALD og Mcdonald"])
    assert scrub(texts, [], known).to_list() == ["Berg kom", "Per Lie kom", "Berg og Berg"]


def test_a_glued_word_whose_parts_are_no_names_stays_as_written() -> None:
    known = [(series(["Ola", "Mac"]), series(["Jon", "Ida"]))]
    texts = series(["McDonald ringte fra iPhone", "MacBook og PhD"])
    assert scrub(texts, [], known).to_list() == ["McDonald ringte fra iPhone", "IdaBook og PhD"]


def test_names_in_capitals_or_hyphenated_are_read_as_before() -> None:
    # no lower-case letter before a capital: one word, as before
    known = [(series(["Per Hansen", "Hansen"]), series(["Jon Dahl", "Vik"]))]
    texts = series(["PERHANSEN, HANSEN, Per-Hansen, per-hansen, O'Hansen, PER HANSEN"])
    expected = "PERHANSEN, Vik, Jon Dahl, Jon Dahl, O'Vik, Jon Dahl"
    assert scrub(texts, [], known).to_list() == [expected]


def _old_tokens(text: str) -> list[str]:
    """The tokens as cut before glued words were read: the bare regex."""
    return pl.Series([text]).str.extract_all(TOKEN).explode().drop_nulls().to_list()


def _tokens(text: str) -> list[str]:
    return tokenize(pl.DataFrame({"gid": [0], "text": [text]}))["tok"].to_list()


def _has_glue(tokens: list[str]) -> bool:
    return bool(pl.Series(tokens, dtype=pl.String).str.contains(GLUE).any())


def _cut(word: str) -> list[str]:
    """Oracle: ``word`` cut before each capital that follows a lower-case letter (and its
    combining marks)."""
    parts, last = [""], ""
    for ch in word:
        cat = unicodedata.category(ch)
        if cat == "Lu" and last == "Ll":  # (never before the first letter: last is "")
            parts.append("")
        parts[-1] += ch
        if not cat.startswith("M"):
            last = cat
    return parts


def _cut_words(old: list[str]) -> list[str]:
    """The old tokens with each word (without a mojibake pair) cut by :func:`_cut`."""
    s = pl.Series(old, dtype=pl.String)
    word = (s.str.contains(f"^(?:{WORD})$") & ~s.str.contains(MOJI)).to_list()
    return [p for t, w in zip(old, word, strict=True) for p in (_cut(t) if w else [t])]


_MOJIBAKE = [c.encode().decode("cp1252") for c in "øåÅØ"]  # UTF-8 read as Windows-1252
# letters of both cases, accents, a combining mark, mojibake pairs, "?" inside words,
# separators, digits and "@"
_pieces = st.sampled_from(
    [*"abcæøåéABCÆØÅÉ ?'-.@0123\u0301\u030a", *mojibake_pairs()[:40], *_MOJIBAKE]
)


@settings(max_examples=300)
@given(text=st.one_of(st.text(max_size=40), st.lists(_pieces, max_size=20).map("".join)))
def test_text_without_lower_upper_transitions_is_tokenized_as_before(text: str) -> None:
    tokens = _tokens(text)
    assert "".join(tokens) == text  # joins back byte for byte, glued words or not
    old = _old_tokens(text)
    if not _has_glue(old):
        assert tokens == old
    else:  # a glued word is cut into words, nothing else changes
        assert tokens == _cut_words(old)


# e-mails, spelled out or not, phone and identity numbers, beside plain words
_contact_pieces = st.sampled_from(
    [
        *_MOJIBAKE,
        *"aøÅB .,-@(0123456789",
        "ola",
        "Kari",
        "@",
        "(at)",
        "[AT]",
        " { at } ",
        "(dot)",
        "firma.no",
        "+47 ",
        "0047",
        "912 34 567",
        "15088545610",
        "150885 45610",
        "(912) 34567",
    ]
)


@settings(max_examples=200)
@given(
    texts=st.lists(
        st.one_of(
            st.none(), st.text(max_size=30), st.lists(_contact_pieces, max_size=12).map("".join)
        ),
        max_size=8,
    )
)
def test_texts_are_cut_by_the_whole_regex_whichever_regex_is_run(texts: list[str | None]) -> None:
    """Texts without an "@" (or its spelled-out form) are cut by the regex without the
    e-mails: each text's tokens, in its place, are those of the whole regex."""
    s = pl.Series(texts, dtype=pl.String)
    mail = s.str.contains(HAS_AT).fill_null(False)
    assert _token_lists(s, mail).to_list() == s.str.extract_all(TOKEN).to_list()
    # tokens are e-mails where they hold an "@" (or its spelled-out form), in any text
    tokens = tokenize(pl.DataFrame({"gid": range(len(texts)), "text": s}))
    tok = tokens["tok"]
    email = tok.str.contains(HAS_AT) & (tok.str.len_bytes() > 1)
    assert (tokens["kind"] == EMAIL_KIND).to_list() == email.to_list()
