"""Tune polars' memory allocator for washing, before polars is loaded.

polars allocates through its own jemalloc, which by default hands every freed block over
8 MiB straight back to the kernel and purges other freed pages after half a second. A wash
frees and reallocates column-sized buffers all the time, so the kernel zeroes and maps the
same memory again and again (about a tenth of the CPU time of a 1,000,000-row wash).
Keeping freed pages three seconds for reuse cuts most of that. Ten seconds saved about 3%
more of the wash's time, but kept the wash's freed tables through the audit that follows it
(4.2-4.6 GiB at the peak of an audited million-row wash, against 3.7-3.9 GiB; see the
README's performance section).

jemalloc reads its settings once, when polars' library loads, so this must run before the
first ``import polars``; it does nothing once polars is loaded, and a setting of the
caller's own (``_RJEM_MALLOC_CONF`` in the environment) wins.
"""

from __future__ import annotations

import os
import sys

ENV = "_RJEM_MALLOC_CONF"
CONF = "oversize_threshold:0,dirty_decay_ms:3000,muzzy_decay_ms:3000"


def tune() -> bool:
    """Ask for :data:`CONF` unless polars is loaded or the caller chose; True if it did."""
    if "polars" in sys.modules or ENV in os.environ:
        return False
    os.environ[ENV] = CONF
    return True


tune()
