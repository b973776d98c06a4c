"""Reading an adapter's input file for ``swn predict`` (JSON through the project's one JSON reader)."""
from __future__ import annotations

from typing import Any

from ..errors import SWNError
from ..store import read_json


def read_json_object(path: str) -> dict[str, Any]:
    """A JSON object keyed by doc id (the input of the ``hf``, ``records`` and ``strings`` adapters)."""
    data = read_json(path)
    if not isinstance(data, dict):
        raise SWNError(f"must be a JSON object {{doc_id: ...}}, got {type(data).__name__}", file=str(path),
                       record="-", field="-", check="schema")
    return data
