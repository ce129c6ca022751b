"""Build ``washer/data/fake_pools.json``, the frozen pools every fake is drawn from.

Run once by a developer (``.venv/bin/python tools/build_pools.py``) and commit the output; washer
never calls Faker at run time, so a new Faker release cannot change anyone's fakes. Names come from
the *lists* in Faker's person providers (generic first and last names, not real people's data);
street roots, company words and towns are written out below. Everything is sorted and
de-duplicated, so the file only changes when this script or Faker's lists change.

First names that are female in one locale and male in another (after folding case and accents)
are dropped from both sides, so a fake first name always tells its gender.
"""

from __future__ import annotations

import importlib
import json
import unicodedata
from collections.abc import Iterable
from pathlib import Path

import faker

OUT = Path(__file__).resolve().parent.parent / "washer" / "data" / "fake_pools.json"


def words(text: str) -> list[str]:
    return text.split()


# Locales of people who register trips to Norway, with rough relative weights.
LOCALES: dict[str, int] = {
    "no_NO": 40,
    "pl_PL": 14,
    "lt_LT": 8,
    "sv_SE": 8,
    "da_DK": 4,
    "de_DE": 4,
    "en_GB": 4,
    "ro_RO": 3,
    "lv_LV": 3,
    "fi_FI": 2,
    "et_EE": 2,
    "en_US": 2,
    "nl_NL": 2,
    "cs_CZ": 1,
    "sk_SK": 1,
    "es_ES": 1,
    "it_IT": 1,
}

STREET_ROOTS = words(
    """
Alm Ask Bakke Bjørke Blåbær Bekke Berg Bjørne Bleike Bonde Borg Bro Brygge Bryn Dal Dronning
Eike Elg Elve Eng Fjell Fjord Fossen Frukt Furu Fyr Gamle Gran Grønn Hage Hamar Hasle Hav Hegg
Heia Hei Holm Humle Hvit Jernbane Kirke Klokker Kløver Kongs Kors Krok Kvern Lerke Lille Lind
Lyng Lønne Løvås Major Marka Meieri Mellom Mølle Myr Møll Nord Ny Ole Orre Ospe Park Post Prest
Rogn Rose Rune Sag Selje Sentrum Sjø Skog Skole Skytter Slott Smed Sol Spurve Stasjons Stein
Stor Strand Sund Svane Søndre Sør Tinde Torg Tårn Tun Ugle Vard Vest Vik Vinter Øst Øvre
"""
)

# Norwegian surnames are mostly farm names: a landscape word and a farm ending (Birkeland,
# Solheim, Nordby). Faker's Norwegian list has only the hundred commonest surnames, which a
# large extract's travellers cover in nearly every pairing with a common first name, so a
# fake full name drawn from them alone would often be some traveller's real name. The
# compounds below widen the Norwegian pool tenfold with names of the same shape.
FARM_ROOTS = words(
    """
Aas Ask Bakke Berg Birke Bjør Bratt Brekke Dal Eike Eng Fjell Foss Fur Gran Haug Hegg Helle
Hol Holm Hov Lind Lunde Mo Myr Nes Nord Rogn Sand Skog Sol Stav Stein Strand Sunde Sør Tveit
Vest Vik Øst
"""
)
FARM_ENDINGS = words(
    """
land stad heim dal vik nes rud by li vold bø seth haug berg lid set tun gard mo eng voll
bakk sæter lie ås
"""
)


def farm_names() -> list[str]:
    """Every root with every ending, written as such names are: no letter three times
    (Foss + stad is Fosstad), no vowel twice across the seam (Bakke + eng is Bakkeng), and
    no ending the root already has (Berg + berg)."""
    names = []
    for root in FARM_ROOTS:
        for ending in FARM_ENDINGS:
            if fold(root).endswith(fold(ending)) or fold(ending).startswith(fold(root)):
                continue
            if root[-1] in "aeiouyæøå" and ending[0] == root[-1]:
                ending = ending[1:]
            name = root + ending
            for letter in set(name):
                name = name.replace(letter * 3, letter * 2)
            names.append(name)
    return names


STREET_SUFFIXES_EXTRA = ["gata", "gate", "veien", "vegen", "vei", "veg", "stien", "plassen"]

COMPANY_WORDS = words(
    """
Anlegg Bakeri Bemanning Betong Bil Bygg Consult Data Drift Eiendom Elektro Entreprenør Fisk
Frakt Gartneri Glass Handel Havbruk Helse Hotell Industri Invest Kjøl Kran Logistikk Maling
Maskin Montasje Mur Mekaniske Offshore Omsorg Regnskap Renhold Rør Service Sjømat Skog Sveis
Snekkeri Stillas Tak Teknikk Transport Trelast Verft Verksted Vvs
"""
)

COMPANY_FORMS = ["AS", "AS", "AS", "AS", "ASA", "ANS", "DA", "Gruppen AS", "og Sønner AS", "SA"]

# (town, lowest postcode, highest postcode): the fake postcode is drawn from the range.
TOWNS: list[tuple[str, int, int]] = [
    ("OSLO", 150, 1295), ("BERGEN", 5003, 5099), ("TRONDHEIM", 7010, 7099),
    ("STAVANGER", 4005, 4099), ("KRISTIANSAND S", 4608, 4639), ("TROMSØ", 9006, 9020),
    ("DRAMMEN", 3011, 3048), ("FREDRIKSTAD", 1601, 1640), ("SANDNES", 4306, 4329),
    ("BODØ", 8003, 8041), ("ÅLESUND", 6002, 6018), ("SANDEFJORD", 3202, 3241),
    ("TØNSBERG", 3103, 3128), ("MOSS", 1511, 1540), ("SARPSBORG", 1701, 1735),
    ("SKIEN", 3702, 3735), ("ARENDAL", 4808, 4838), ("HAUGESUND", 5501, 5538),
    ("LARVIK", 3256, 3270), ("HAMAR", 2301, 2322), ("GJØVIK", 2802, 2827),
    ("LILLEHAMMER", 2602, 2625), ("MOLDE", 6401, 6421), ("HARSTAD", 9402, 9415),
    ("KONGSBERG", 3601, 3618), ("HALDEN", 1751, 1772), ("HORTEN", 3181, 3189),
    ("STEINKJER", 7701, 7717), ("NARVIK", 8502, 8520), ("ALTA", 9501, 9518),
    ("KIRKENES", 9900, 9917), ("HAMMERFEST", 9600, 9616), ("LEVANGER", 7600, 7624),
    ("KONGSVINGER", 2201, 2230), ("ELVERUM", 2401, 2418), ("GRIMSTAD", 4876, 4887),
    ("EGERSUND", 4370, 4379), ("FØRDE", 6800, 6813), ("MO I RANA", 8601, 8624),
    ("JESSHEIM", 2050, 2069), ("LILLESTRØM", 2000, 2027), ("ASKER", 1370, 1397),
    ("SANDVIKA", 1300, 1339), ("SKI", 1400, 1409), ("HØNEFOSS", 3501, 3520),
]  # fmt: skip

# RFC 2606 / RFC 6761: example.com/.net/.org and the .test TLD never deliver mail.
EMAIL_DOMAINS = [
    "example.com", "example.net", "example.org", "epost.test", "mail.test", "post.test",
    "innboks.test", "nett.test",
]  # fmt: skip


def fold(name: str) -> str:
    """Case- and accent-free form, only to compare names (the same folding washer uses)."""
    special = {"ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "đ": "d", "ð": "d", "þ": "th", "ł": "l"}
    out = []
    for ch in name.lower():
        ch = special.get(ch, ch)
        decomposed = unicodedata.normalize("NFKD", ch)
        out.append("".join(c for c in decomposed if not unicodedata.combining(c)))
    return "".join(out)


def clean(names: Iterable[str]) -> list[str]:
    """Latin-script names only, de-duplicated by their folded form, sorted."""
    seen: dict[str, str] = {}
    for raw in names:
        name = unicodedata.normalize("NFC", raw.strip())
        if not name or not all(c.isalpha() or c in "-' " for c in name):
            continue
        if not fold(name).replace("-", "").replace("'", "").replace(" ", "").isascii():
            continue
        seen.setdefault(fold(name), name)
    return sorted(seen.values())


def provider(module: str, locale: str) -> type:
    return importlib.import_module(f"faker.providers.{module}.{locale}").Provider  # type: ignore[no-any-return]


def lithuanian_female_surname(name: str) -> str:
    for ending in ("ius", "as", "is", "ys", "us"):
        if name.endswith(ending):
            return name[: -len(ending)] + "ienė"
    return name


def polish_female_surname(name: str) -> str:
    for male, female in (("ski", "ska"), ("cki", "cka"), ("dzki", "dzka")):
        if name.endswith(male):
            return name[: -len(male)] + female
    return name


def person_lists(locale: str) -> dict[str, list[str]]:
    p = provider("person", locale)
    if locale == "lt_LT":
        firsts = list(p.first_names)
        female = [n for n in firsts if n.endswith(("a", "ė"))]
        male = [n for n in firsts if not n.endswith(("a", "ė"))]
        last = list(p.last_names)
        last_female = [lithuanian_female_surname(n) for n in last]
    elif locale == "pl_PL":
        female, male = list(p.first_names_female), list(p.first_names_male)
        last = list(p.unisex_last_names) + list(p.male_last_names)
        last_female = list(p.unisex_last_names) + [
            polish_female_surname(n) for n in p.male_last_names
        ]
    else:
        female, male = list(p.first_names_female), list(p.first_names_male)
        if hasattr(p, "last_names_male") and hasattr(p, "last_names_female"):
            last, last_female = list(p.last_names_male), list(p.last_names_female)
        else:
            last = list(p.last_names) + (farm_names() if locale == "no_NO" else [])
            last_female = last
    return {"female": female, "male": male, "last": last, "last_female": last_female}


def build() -> dict[str, object]:
    raw = {loc: person_lists(loc) for loc in LOCALES}
    female_all = {fold(n) for lists in raw.values() for n in lists["female"]}
    male_all = {fold(n) for lists in raw.values() for n in lists["male"]}
    ambiguous = female_all & male_all
    locales = []
    for loc, weight in LOCALES.items():
        lists = raw[loc]
        entry = {
            "locale": loc,
            "weight": weight,
            "female": clean(n for n in lists["female"] if fold(n) not in ambiguous),
            "male": clean(n for n in lists["male"] if fold(n) not in ambiguous),
            "last": clean(lists["last"]),
            "last_female": clean(lists["last_female"]),
        }
        for field in ("female", "male", "last", "last_female"):
            if len(entry[field]) < 20:  # type: ignore[arg-type]
                raise SystemExit(f"{loc}: only {len(entry[field])} {field} names")  # type: ignore[arg-type]
        locales.append(entry)
    address = provider("address", "no_NO")
    suffixes = sorted(set(address.street_suffixes) | set(STREET_SUFFIXES_EXTRA))
    return {
        "about": (
            "Frozen pools for washer.fakes, built by tools/build_pools.py from the name lists "
            f"of Faker {faker.VERSION} (generic names, no real people) and hand-written "
            "street, company and town lists. Do not edit by hand."
        ),
        "locales": locales,
        "street_roots": sorted(set(STREET_ROOTS)),
        "street_suffixes": suffixes,
        "company_words": sorted(set(COMPANY_WORDS)),
        "company_forms": COMPANY_FORMS,
        "towns": [list(t) for t in TOWNS],
        "email_domains": EMAIL_DOMAINS,
    }


def main() -> None:
    pools = build()
    OUT.write_text(json.dumps(pools, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    sizes = {
        e["locale"]: {k: len(e[k]) for k in ("female", "male", "last", "last_female")}  # type: ignore[index]
        for e in pools["locales"]  # type: ignore[attr-defined]
    }
    print(f"wrote {OUT}")
    for loc, s in sizes.items():
        print(f"  {loc}: {s}")


if __name__ == "__main__":
    main()
