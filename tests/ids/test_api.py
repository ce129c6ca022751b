"""The public API of washer.ids is explicit and complete."""

from __future__ import annotations

import importlib
import pkgutil

import washer.ids
from washer.testing import strategies


def test_all_is_sorted_and_importable() -> None:
    for module in (washer.ids, strategies):
        names = module.__all__
        assert names == sorted(names, key=lambda n: (not n.isupper(), not n[0].isupper(), n))
        for name in names:
            assert getattr(module, name) is not None


def test_every_public_name_is_exported() -> None:
    # Every submodule imported, as other tests may have done (the result must not depend
    # on which tests ran first in this process).
    for module in pkgutil.iter_modules(washer.ids.__path__):
        importlib.import_module(f"washer.ids.{module.name}")
    # pytest's assertion rewriting adds aliases (``@py_builtins``) that are not washer's.
    public = {n for n in vars(washer.ids) if not n.startswith(("_", "@")) and n != "annotations"}
    modules_used_internally = {"classify", "fake", "feistel", "placeholder"}
    assert public - modules_used_internally <= set(washer.ids.__all__)
