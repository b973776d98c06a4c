"""The one error type of SWN: every failure names the file, the record and the field."""
from __future__ import annotations


class SWNError(Exception):
    """A problem with input, located as ``file:record:field``.

    ``check`` is the stable kebab-case id of the rule that failed, when there is one.
    """

    def __init__(self, message: str, *, file: str | None = None, record: str | None = None,
                 field: str | None = None, check: str | None = None) -> None:
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
