"""The run tables' package: its public names are explicit, and its docstring lists each module."""

import importlib
import pkgutil

import washer.tables


def test_the_public_api_is_explicit_and_importable() -> None:
    assert list(washer.tables.__all__) == sorted(washer.tables.__all__)
    for name in washer.tables.__all__:
        assert getattr(washer.tables, name) is not None


def test_every_module_is_listed_and_importable() -> None:
    doc = washer.tables.__doc__ or ""
    for module in pkgutil.iter_modules(washer.tables.__path__):
        assert f":mod:`~washer.tables.{module.name}`" in doc, module.name
        imported = importlib.import_module(f"washer.tables.{module.name}")
        for name in getattr(imported, "__all__", []):
            assert hasattr(imported, name), (module.name, name)
