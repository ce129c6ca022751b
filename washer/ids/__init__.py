"""Norwegian identity numbers: one module per kind, classification, and keyed fakes.

Kind modules (python-stdnum's interface, see :class:`IdModule`, plus ``generate``):
:mod:`~washer.ids.fnr`, :mod:`~washer.ids.dnr`, :mod:`~washer.ids.hnr`,
:mod:`~washer.ids.synthetic`, :mod:`~washer.ids.fh`, :mod:`~washer.ids.orgnr`,
:mod:`~washer.ids.passport`. :func:`classify` / :func:`classify_series` tell the kinds apart;
:class:`FakeIdMapper` maps values to keyed fakes of the same kind.
"""

from __future__ import annotations

from washer.ids import dnr, fh, fnr, hnr, orgnr, passport, synthetic
from washer.ids._base import (
    DatedIdModule,
    Gender,
    IdModule,
    InvalidChecksum,
    InvalidComponent,
    InvalidFormat,
    InvalidLength,
    ValidationError,
)
from washer.ids._checksum import is_valid_2032, is_valid_classic
from washer.ids.classify import IdKind, classify, classify_series
from washer.ids.fake import FakeIdMapper, Style

KIND_MODULES: dict[str, IdModule] = {
    "dnr": dnr,
    "fh": fh,
    "fnr": fnr,
    "hnr": hnr,
    "orgnr": orgnr,
    "passport": passport,
    "synthetic": synthetic,
}
"""Every kind module by name (the sweep test runs each against :class:`IdModule`)."""

__all__ = [
    "KIND_MODULES",
    "DatedIdModule",
    "FakeIdMapper",
    "Gender",
    "IdKind",
    "IdModule",
    "InvalidChecksum",
    "InvalidComponent",
    "InvalidFormat",
    "InvalidLength",
    "Style",
    "ValidationError",
    "classify",
    "classify_series",
    "dnr",
    "fh",
    "fnr",
    "hnr",
    "is_valid_2032",
    "is_valid_classic",
    "orgnr",
    "passport",
    "synthetic",
]
