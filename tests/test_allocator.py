"""washer asks polars' allocator to keep freed pages for reuse, unless told otherwise."""

from __future__ import annotations

import os
import subprocess
import sys

from washer._allocator import CONF, ENV

_SHOW = "import os; print(os.environ.get({env!r}, ''))"


def _settings_after(imports: str, env: dict[str, str]) -> str:
    code = imports + "; " + _SHOW.format(env=ENV)
    clean = {k: v for k, v in os.environ.items() if k != ENV}
    done = subprocess.run(
        [sys.executable, "-c", code], env={**clean, **env}, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_importing_washer_first_sets_the_allocator_settings_polars_then_applies() -> None:
    settings = _settings_after("import washer, polars", {})
    # polars puts its own defaults first and the caller's after them: ours win.
    assert settings.endswith(CONF)


def test_the_callers_own_allocator_settings_win() -> None:
    assert _settings_after("import washer, polars", {ENV: "dirty_decay_ms:0"}).endswith(
        "dirty_decay_ms:0"
    )
    assert CONF not in _settings_after("import washer", {ENV: "dirty_decay_ms:0"})


def test_nothing_changes_once_polars_is_loaded() -> None:
    assert CONF not in _settings_after("import polars, washer", {})
