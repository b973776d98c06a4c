"""Load an invalid fixture (tests/fixtures/invalid/<check-id>.json) into a small corpus on disk.

The format is described in tests/fixtures/invalid/README.md. In short, a fixture names only
what makes it invalid; everything else is filled in *correctly* here, so a fixture trips
exactly one check.
"""
from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path
from typing import Any

from swn import vocab
from swn.store import dumps_json

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "invalid"

# Values for required, non-nullable attributes a fixture may leave out.
_FIELD_DEFAULTS = {"is_count": True, "modifier": "exact", "polarity": "FAVOR", "holder": "author"}


def fixture_paths() -> list[Path]:
    return sorted(FIXTURES.glob("*.json"))


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _complete_span(doc_id: str, layer: str, n: int, span: dict, text: str) -> dict:
    spec = vocab.LAYERS[layer]
    out = {"id": span.get("id", f"{doc_id}#{spec.id_prefix}{n}"), "start": span["start"], "end": span["end"]}
    out["text"] = span["text"] if "text" in span else text[span["start"]:span["end"]]
    for f in spec.fields:
        if f.name in span:
            out[f.name] = span[f.name]
        elif f.nullable:
            out[f.name] = None
        elif f.name in _FIELD_DEFAULTS:
            out[f.name] = _FIELD_DEFAULTS[f.name]
    out.update({k: v for k, v in span.items() if k not in out})  # unknown keys kept (schema fixtures)
    return out


def complete_annotations(doc_id: str, partial: dict, text: str) -> dict:
    """A full annotation file from a fixture's partial one (see the README for the defaults)."""
    out: dict[str, Any] = {"doc_id": partial.get("doc_id", doc_id)}
    for layer in vocab.LAYER_NAMES:
        if layer in partial:
            out[layer] = [_complete_span(doc_id, layer, n, s, text) for n, s in enumerate(partial[layer], start=1)]
        elif layer == "structure" and text.strip():
            start = len(text) - len(text.lstrip())
            end = len(text.rstrip())
            out[layer] = [{"id": f"{doc_id}#z1", "start": start, "end": end, "text": text[start:end],
                           "zone": "body"}]
        else:
            out[layer] = []
    out["doc_stance"] = partial.get("doc_stance", {t: "NONE" for t in vocab.STANCE_TARGETS})
    return out


def metadata_record(doc_id: str, text: str | None) -> dict:
    raw = (text or "").encode("utf-8")
    return {
        "id": doc_id, "source_file": f"{doc_id}.txt", "title": None,
        "outlet": {"name": "Fixture News", "provenance": "stated", "evidence": "a fixture"},
        "author": None,
        "dct": {"value": "2017-12-12", "provenance": "inferred", "evidence": "a fixture"},
        "event": {"id": next(iter(vocab.EVENTS)), "description": "a fixture"},
        "language": "en", "n_chars": len(text or ""), "sha256": hashlib.sha256(raw).hexdigest(),
        "rights": "test fixture",
    }


def _referenced_entities(gold: dict) -> list[tuple[str, str]]:
    """(entity id, type) of every id the gold references; the type is its mentions' label (ORG
    for a holder never mentioned), so a filled-in registry is consistent with the gold."""
    types: dict[str, str] = {}
    for ann in gold.values():
        if not isinstance(ann, dict):
            continue
        for s in ann.get("entities", []):
            if isinstance(s.get("entity_id"), str):
                label = s.get("label")
                types.setdefault(s["entity_id"], label if label in vocab.ENTITY_LABELS else "ORG")
        for s in ann.get("stance", []):
            if isinstance(s.get("holder"), str) and s["holder"] not in vocab.HOLDER_SPECIALS:
                types.setdefault(s["holder"], "ORG")
    return sorted(types.items())


def registry_entry(entity_id: str, entity_type: str = "ORG") -> dict:
    return {"id": entity_id, "name": entity_id.replace("_", " ").title(), "type": entity_type, "aliases": [],
            "wikidata": None}


def _write(path: Path, content: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        path.write_bytes(content.encode("utf-8"))
    elif isinstance(content, dict) and set(content) == {"base64"}:
        path.write_bytes(base64.b64decode(content["base64"]))
    else:
        path.write_bytes(dumps_json(content).encode("utf-8"))


def materialise(fixture: dict, root: Path) -> list[Path]:
    """Write the fixture's corpus under ``root``; return the paths to validate."""
    texts: dict[str, str] = fixture.get("texts", {})
    gold: dict[str, Any] = fixture.get("gold", {})
    for doc_id, text in texts.items():
        _write(root / "corpus" / "raw" / f"{doc_id}.txt", text)
    overrides = fixture.get("metadata", {})
    records = []
    for doc_id in [*texts, *(k for k in overrides if k not in texts)]:
        rec = metadata_record(doc_id, texts.get(doc_id))
        rec.update(overrides.get(doc_id, {}))
        records.append(rec)
    _write(root / "corpus" / "metadata.jsonl", "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records))
    for doc_id, partial in gold.items():
        content = partial if isinstance(partial, str) else complete_annotations(doc_id, partial, texts.get(doc_id, ""))
        _write(root / "annotations" / "gold" / f"{doc_id}.json", content)
    registry = fixture.get("registry")
    if registry is None:
        registry = [registry_entry(e, t) for e, t in _referenced_entities(gold)]
    _write(root / "annotations" / "entities.json", {"entities": registry})
    for rel_path, content in fixture.get("files", {}).items():
        p = root / rel_path
        if content is None:
            p.unlink(missing_ok=True)
        else:
            _write(p, content)
    return [root / t for t in fixture.get("validate", ["."])]
