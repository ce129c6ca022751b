"""Tune polars' memory allocator for washing, before polars is loaded.

polars allocates through its own jemalloc, which by default hands every freed block over
8 MiB straight back to the kernel and purges other freed pages after half a second. A wash
frees and reallocates column-sized buffers all the time, so the kernel zeroes and maps the
same memory again and again (about a tenth of the CPU time of a 1,000,000-row wash).
Keeping freed pages ten seconds for reuse cuts that, for a slightly higher peak (see the
README's performance section).

jemalloc reads its settings once, when polars' library loads, so this must run before the
first ``import polars``; it does nothing once polars is loaded, and a setting of the
caller's own (``_RJEM_MALLOC_CONF`` in the environment) wins.
"""

from __future__ import annotations

import os
import sys

ENV = "_RJEM_MALLOC_CONF"
CONF = "oversize_threshold:0,dirty_decay_ms:10000,muzzy_decay_ms:10000"


def tune() -> bool:
    """Ask for :data:`CONF` unless polars is loaded or the caller chose; True if it did."""
    if "polars" in sys.modules or ENV in os.environ:
        return False
    os.environ[ENV] = CONF
    return True


tune()
