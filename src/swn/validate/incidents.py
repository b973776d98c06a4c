"""What the validator returns: located incidents, never exceptions."""
from __future__ import annotations

from dataclasses import asdict, dataclass

from ..errors import cut_message


@dataclass(frozen=True, order=True)
class Incident:
    """One failed check, located as ``file:record:field``.

    ``record`` names the line of a JSONL file (``line 3``) or the list item of a JSON file
    (``entities[4](doc#e5)``, ``-`` for the whole file); ``field`` is a dotted path inside it.
    """

    file: str
    record: str
    field: str
    check: str
    message: str
    level: int = 1
    severity: str = "error"

    def __post_init__(self) -> None:
        object.__setattr__(self, "message", cut_message(self.message))

    def __str__(self) -> str:
        return f"{self.file}:{self.record}:{self.field}: {self.check}: {self.message}"

    def to_dict(self) -> dict:
        return asdict(self)
