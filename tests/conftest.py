"""Hypothesis settings for the whole suite.

Under CI (``CI`` set) the examples are derandomized: a commit's run is the same every time, so
CI cannot turn red by chance; developers' runs keep exploring new examples.
"""

import os

from hypothesis import settings

settings.register_profile(
    "washer", deadline=None, max_examples=60, derandomize=bool(os.environ.get("CI"))
)
settings.load_profile("washer")
