"""washer: turn production HDIR innreise extracts into safe, realistic test data.

The library does the work; :mod:`washer.cli` is a thin click layer over it.
"""

# First: the allocator settings must be in place before anything loads polars.
from washer import _allocator  # noqa: F401  # isort: skip
from washer._version import __version__
from washer.errors import (
    AuditFailure,
    InputError,
    KeyFileError,
    OutputError,
    RuleError,
    WasherError,
)
from washer.keys import Key
from washer.schema import INNREISER_FIELDS

__all__ = [
    "INNREISER_FIELDS",
    "AuditFailure",
    "InputError",
    "Key",
    "KeyFileError",
    "OutputError",
    "RuleError",
    "WasherError",
    "__version__",
]
