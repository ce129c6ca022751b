import json
from pathlib import Path

from washer.schema import DATE_FIELDS, DATETIME_FIELDS, INNREISER_FIELDS, load_spec

SHARED_SPEC = Path(__file__).resolve().parents[2] / "shared" / "spec" / "innreise-api-v1.json"


def test_fields_are_the_specs_55_in_order() -> None:
    assert len(INNREISER_FIELDS) == 55
    assert INNREISER_FIELDS[0] == "a_reference_code"
    assert "p_unique_id" in INNREISER_FIELDS
    assert {"a_date", "p_birth_date"} <= DATE_FIELDS
    assert {"a_updated", "p_updated", "p_follow_up_time"} <= DATETIME_FIELDS


def test_shipped_spec_is_the_published_one() -> None:
    if not SHARED_SPEC.exists():  # the package must not need ../shared; the test may use it
        return
    assert load_spec() == json.loads(SHARED_SPEC.read_text(encoding="utf-8"))


def test_every_default_category_names_a_real_field() -> None:
    from washer.categories import DEFAULT_CATEGORIES, QUASI_IDENTIFIERS

    assert set(DEFAULT_CATEGORIES) <= set(INNREISER_FIELDS)
    assert set(QUASI_IDENTIFIERS) <= set(INNREISER_FIELDS)
