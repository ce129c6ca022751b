"""User-facing errors.

Every error a user can cause derives from :class:`WasherError`; the CLI prints it as one
``Error: <message>`` line and exits non-zero, never with a traceback. Messages name files,
columns, lines and rows: never a key and never an original value.

::

    WasherError
     +-- InputError       an input file is unreadable, empty, ragged or has unknown columns
     +-- RuleError        a rule file is malformed (names file, line and key)
     +-- KeyFileError     the key is missing, unreadable or malformed
     +-- OutputError      the output cannot be written safely
     +-- AuditFailure     the audit found leaks or broken coherence (exit 1, not 2)
"""

from __future__ import annotations


class WasherError(Exception):
    """Base of every error that is the user's to fix; ``exit_code`` is what the CLI returns."""

    exit_code = 2

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class InputError(WasherError):
    """An input file cannot be used as it is."""


class RuleError(WasherError):
    """A rule file is malformed or does not fit the input."""


class KeyFileError(WasherError):
    """The secret key is missing, unreadable or malformed."""


class OutputError(WasherError):
    """The output cannot be written without risking inputs or a half-written result."""


class AuditFailure(WasherError):
    """The audit found something: the data must not be published."""

    exit_code = 1
