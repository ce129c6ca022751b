"""Production-shaped synthetic extracts of HDIR's innreise register.

>>> import datetime as dt
>>> frame = generate_extract(100, seed=1, reference_date=dt.date(2021, 3, 31))
>>> frame.width, frame.height
(55, 100)

Every test of the wash uses these as input; no real person's data is ever involved. See
:mod:`washer.generate.extract` for how rows are built and :mod:`washer.generate.output` for
the file formats.
"""

from washer.generate.extract import (
    FIRST_REFERENCE_DATE,
    LAST_REFERENCE_DATE,
    MAX_ROWS,
    check_arguments,
    generate_extract,
)
from washer.generate.output import FORMATS, format_of, write_extract

__all__ = [
    "FIRST_REFERENCE_DATE",
    "FORMATS",
    "LAST_REFERENCE_DATE",
    "MAX_ROWS",
    "check_arguments",
    "format_of",
    "generate_extract",
    "write_extract",
]
