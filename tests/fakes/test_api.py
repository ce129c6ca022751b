"""The public API of washer.fakes is explicit, sorted, and has the signatures the wash calls."""

from __future__ import annotations

import inspect
import subprocess
import sys

import washer.fakes


def test_all_is_sorted_and_importable() -> None:
    names = washer.fakes.__all__
    assert names == sorted(names)
    for name in names:
        assert callable(getattr(washer.fakes, name))


def test_every_public_function_of_the_modules_is_exported() -> None:
    # Only washer's own submodules (pytest's assertion rewriting adds aliases of its own).
    modules = {
        name: obj
        for name, obj in vars(washer.fakes).items()
        if inspect.ismodule(obj)
        and not name.startswith("_")
        and obj.__name__.startswith("washer.fakes.")
    }
    assert {"names", "addresses", "scrub"} <= set(modules)
    exported = set(washer.fakes.__all__)
    for module in modules.values():
        for name, obj in vars(module).items():
            if inspect.isfunction(obj) and obj.__module__ == module.__name__:
                assert (
                    name.startswith("_") or name in exported or module.__name__.endswith("keyed")
                ), f"{module.__name__}.{name} is public but not exported"


def test_contract_signatures() -> None:
    """The keyword names the wash pipeline calls with."""
    params = {
        name: list(inspect.signature(getattr(washer.fakes, name)).parameters)
        for name in washer.fakes.__all__
    }
    assert params["scrub_text"] == [
        "texts",
        "own",
        "known",
        "id_mapper",
        "phone_key",
        "email_fallback",
        "fake_rows",
        "view",
    ]
    assert params["first_names"][:2] == ["seeds", "female"]
    assert params["full_names"][:2] == ["seeds", "female"]
    assert params["fake_emails"] == ["first", "last", "seeds"]
    assert params["fake_phones"][:2] == ["s", "key"]
    assert params["normalize_phone"] == ["s", "default_country"]
    assert params["fake_reference_codes"] == ["s", "key"]
    assert params["keyed_hash64"] == ["values", "key"]
    assert params["derive_seeds"] == ["seeds", "salt"]


def test_no_faker_at_run_time() -> None:
    code = (
        "import sys, polars as pl, washer.fakes as f;"
        "s = f.keyed_hash64(pl.Series(['a']), b'k' * 32);"
        "f.full_names(s, None); f.street_addresses(s); f.company_names(s);"
        "print('faker' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
