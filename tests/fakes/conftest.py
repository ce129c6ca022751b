from __future__ import annotations

from hypothesis import settings

# polars' first calls are slow (thread pools, regex compilation): no per-example deadline.
settings.register_profile("fakes", deadline=None, max_examples=60)
settings.load_profile("fakes")
