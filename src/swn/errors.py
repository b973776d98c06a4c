"""The one error type of SWN: every failure names the file, the record and the field."""
from __future__ import annotations

from typing import Any

# A message longer than this is cut (a value echoed whole could be megabytes on one line).
MAX_MESSAGE = 400


def cut(value: Any, limit: int = 60) -> str:
    """``repr(value)``, or for a long value its first ``limit`` characters and its length."""
    if isinstance(value, str) and len(value) > limit:
        return f"{value[:limit]!r}… ({len(value)} chars)"
    r = repr(value)
    return r if len(r) <= limit else f"{r[:limit]}… ({len(r)} chars)"


def cut_message(message: str) -> str:
    """``message`` itself, or its beginning and its length when longer than :data:`MAX_MESSAGE`."""
    return message if len(message) <= MAX_MESSAGE else f"{message[:MAX_MESSAGE]}… ({len(message)} chars)"


class SWNError(Exception):
    """A problem with input, located as ``file:record:field``.

    ``check`` is the stable kebab-case id of the rule that failed, when there is one.
    """

    def __init__(self, message: str, *, file: str | None = None, record: str | None = None,
                 field: str | None = None, check: str | None = None) -> None:
        message = cut_message(message)
        super().__init__(message)
        self.message = message
        self.file = file
        self.record = record
        self.field = field
        self.check = check

    @property
    def location(self) -> str:
        return f"{self.file or '-'}:{self.record or '-'}:{self.field or '-'}"

    def __str__(self) -> str:
        check = f" {self.check}:" if self.check else ""
        return f"{self.location}:{check} {self.message}"
