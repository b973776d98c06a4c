"""Structure-aware fuzzing of every reader of SWN, on mutations of the repository's real files.

A *reader* takes the bytes of one file, puts them where they belong in a private copy of the
corpus, and runs what reads that file (the typed reader and the validator on it). Each input
ends one of three ways:

* ``accepted``: read without error;
* ``rejected``: an :class:`SWNError` (counted as located when it names the file and a record
  or field);
* ``uncaught``: any other exception, or an ``internal-error`` incident of the validator.

Mutations (:data:`MUTATIONS`) are the kinds an independent campaign used: wrong JSON types,
missing and extra keys, huge and non-finite numbers, NUL, escaped lone surrogates, BOM, deep
nesting, long strings, ids with ``..``, ``/`` and absolute paths, duplicate keys, truncation,
random bytes. ``tests/test_fuzz.py`` runs a few hundred per reader in CI through Hypothesis
(:func:`mutations`); ``scripts/fuzz`` runs 10,000 per reader with :func:`campaign`.

    python -m tests.fuzz [--n 10000] [--seed 0] [--reader NAME ...]
"""
from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

REPO = Path(__file__).resolve().parents[1]

# ---------------------------------------------------------------- mutations of parsed JSON

_ODD_IDS = ["..", "../../etc/passwd", "/etc/passwd", "a/b", "", " ", "\u0000", "x" * 300, "CON", "a\nb", "é"]
_ODD_VALUES: list[Any] = [None, True, False, 0, -1, 1.5, 10 ** 400, "", "x", [], {}, [1, "a"], {"a": None},
                          "\u0000", 2 ** 63, -0.0, 1e308]


def _odd(rng: random.Random) -> Any:
    """A fresh copy of an odd value (a shared list inserted twice would let a later mutation
    build a cycle)."""
    import copy

    return copy.deepcopy(rng.choice(_ODD_VALUES))


def _nodes(value: Any) -> list[tuple]:
    """Every path inside a parsed JSON value (keys and indexes), without recursion."""
    out, stack = [], [((), value)]
    while stack:
        path, v = stack.pop()
        out.append(path)
        if isinstance(v, dict):
            stack += [(path + (k,), x) for k, x in v.items()]
        elif isinstance(v, list):
            stack += [(path + (i,), x) for i, x in enumerate(v)]
    return out


def _get(value: Any, path: tuple) -> Any:
    for p in path:
        value = value[p]
    return value


def _set(value: Any, path: tuple, new: Any) -> Any:
    if not path:
        return new
    _get(value, path[:-1])[path[-1]] = new
    return value


def _pick(rng: random.Random, value: Any, want: Callable[[Any], bool] = lambda v: True) -> tuple | None:
    paths = [p for p in _nodes(value) if want(_get(value, p))]
    return rng.choice(paths) if paths else None


def wrong_type(rng, v):
    p = _pick(rng, v)
    return _set(v, p, _odd(rng))


def missing_key(rng, v):
    p = _pick(rng, v, lambda x: isinstance(x, dict) and x)
    if p is not None:
        d = _get(v, p)
        del d[rng.choice(list(d))]
    return v


def extra_key(rng, v):
    p = _pick(rng, v, lambda x: isinstance(x, dict))
    if p is not None:
        _get(v, p)[rng.choice(["extra", "id", "label", "__proto__", "score", "doc_id"])] = _odd(rng)
    return v


def odd_number(rng, v):
    p = _pick(rng, v, lambda x: isinstance(x, (int, float)) and not isinstance(x, bool))
    new = rng.choice([10 ** 400, -(10 ** 400), 2 ** 64, -1, 0, 1e308, 1.5, -0.0, 10 ** 20])
    return _set(v, p, new) if p is not None else wrong_type(rng, v)


def odd_id(rng, v):
    p = _pick(rng, v, lambda x: isinstance(x, str))
    return _set(v, p, rng.choice(_ODD_IDS)) if p is not None else wrong_type(rng, v)


def long_string(rng, v):
    p = _pick(rng, v, lambda x: isinstance(x, str))
    n = rng.choice([1000, 100_000, 400_000])
    return _set(v, p, "x" * n) if p is not None else wrong_type(rng, v)


def nul_in_string(rng, v):
    p = _pick(rng, v, lambda x: isinstance(x, str))
    if p is None:
        return wrong_type(rng, v)
    s = _get(v, p)
    i = rng.randint(0, len(s))
    return _set(v, p, s[:i] + "\u0000" + s[i:])


def swap_lists(rng, v):
    """A list where an object is expected and the other way round."""
    p = _pick(rng, v, lambda x: isinstance(x, (list, dict)))
    if p is None:
        return wrong_type(rng, v)
    x = _get(v, p)
    return _set(v, p, list(x.values()) if isinstance(x, dict) else {str(i): e for i, e in enumerate(x)})


STRUCTURED = [wrong_type, missing_key, extra_key, odd_number, odd_id, long_string, nul_in_string, swap_lists]


# ---------------------------------------------------------------- mutations of text and bytes

def _dump(value: Any, jsonl: bool, multiline: bool) -> str:
    if jsonl and isinstance(value, list):
        return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in value)
    # indent is written by the pure-Python encoder: only for files stored indented (small ones)
    return json.dumps(value, ensure_ascii=False, indent=1 if multiline else None)


def duplicate_key(rng, text: str) -> str:
    import re

    keys = list(re.finditer(r'"([A-Za-z_]+)": ', text))
    if not keys:
        return text + "{"
    m = rng.choice(keys)
    return text[:m.start()] + f'"{m[1]}": {rng.choice(["null", "1", json.dumps("ORG")])}, ' + text[m.start():]


def surrogate(rng, text: str) -> str:
    i = [k for k, c in enumerate(text) if c == '"']
    if not i:
        return '"\\ud800"'
    k = rng.choice(i) + 1
    return text[:k] + rng.choice(["\\ud800", "\\udfff", "\\ud83d", "\\ud800\\ud800"]) + text[k:]


def non_finite(rng, text: str) -> str:
    import re

    nums = list(re.finditer(r"(?<=[:\[, ])-?\d+(\.\d+)?", text))
    word = rng.choice(["NaN", "Infinity", "-Infinity", "1e999", "-1e400", "1" + "0" * 400])
    if not nums:
        return text.replace("null", word, 1)
    m = rng.choice(nums)
    return text[:m.start()] + word + text[m.end():]


def line_breaks(rng, text: str) -> str:
    sep = rng.choice(["\r", "\r\n", "\u2028", "\u0085", "\n\n", ""])
    return text.replace("\n", sep)


def deep(rng, text: str) -> str:
    """A value wrapped in many arrays or objects (as text: no recursion needed to write it)."""
    import re

    values = list(re.finditer(r'(?<=[:\[, ])(null|true|false|-?\d+|"[^"\\]*")', text))
    n = rng.choice([10, 63, 64, 65, 70, 1200, 5000])
    opener, closer = ("[", "]") if rng.random() < 0.5 else ('{"a": ', "}")
    if not values:
        return opener * n + text + closer * n
    m = rng.choice(values)
    return text[:m.start()] + opener * n + m[0] + closer * n + text[m.end():]


TEXTUAL = [duplicate_key, surrogate, non_finite, line_breaks, deep]


def bom(rng, data: bytes) -> bytes:
    return b"\xef\xbb\xbf" + data


def truncate(rng, data: bytes) -> bytes:
    return data[:rng.randint(0, max(0, len(data) - 1))]


def random_bytes(rng, data: bytes) -> bytes:
    b = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        i = rng.randint(0, max(0, len(b) - 1))
        if b and rng.random() < 0.5:
            b[i] = rng.randint(0, 255)
        else:
            b[i:i] = bytes([rng.randint(0, 255)])
    return bytes(b)


BINARY = [bom, truncate, random_bytes]

MUTATIONS = [f.__name__ for f in STRUCTURED + TEXTUAL + BINARY]
READERS = ("annotations", "metadata", "registry", "manifest", "predictions", "ls-export", "decisions")


def mutate(rng: random.Random, sample: bytes, jsonl: bool, kind: str | None = None) -> tuple[str, bytes]:
    """``(mutation name, mutated bytes)`` of one real file; ``kind`` forces a mutation."""
    kind = kind or rng.choice(MUTATIONS)
    fn = {f.__name__: f for f in STRUCTURED + TEXTUAL + BINARY}[kind]
    if fn in BINARY:
        return kind, fn(rng, sample)
    text = sample.decode("utf-8")
    if fn in TEXTUAL:
        return kind, fn(rng, text).encode("utf-8", "surrogatepass")
    value = [json.loads(line) for line in text.splitlines() if line.strip()] if jsonl else json.loads(text)
    for _ in range(rng.choice([1, 1, 1, 2, 3])):
        value = fn(rng, value)
    return kind, _dump(value, jsonl, "\n" in text.strip()).encode("utf-8", "surrogatepass")


# ---------------------------------------------------------------- readers

@dataclass
class Reader:
    """One reader: its real sample files, where a mutant goes, and what reads it."""

    name: str
    samples: list[bytes]
    target: Path
    run: Callable[[Path], Any]
    jsonl: bool = False
    restore: bytes | None = None


def _copy_corpus(dst: Path) -> Path:
    for rel in ("corpus/raw", "annotations/gold"):
        shutil.copytree(REPO / rel, dst / rel)
    for rel in ("corpus/metadata.jsonl", "annotations/entities.json", "corpus/MANIFEST.json", "VERSION"):
        (dst / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / rel, dst / rel)
    return dst


def _validated(path: Path) -> None:
    """Run the validator on ``path``: an internal-error incident is a crash it caught for us."""
    from swn.validate import validate

    bugs = [i for i in validate([path]) if i.check == "internal-error"]
    if bugs:
        raise AssertionError(str(bugs[0]))


def make_readers(workdir: Path) -> dict[str, Reader]:
    """Every reader, each with a private copy of the corpus under ``workdir``."""
    from swn import store
    from swn.adjudicate import adjudicate_round, resolve_file
    from swn.labelstudio.importer import convert_export, read_export
    from swn.release.manifest import read_manifest
    from swn.scoring.predictions import prediction_record, read_predictions
    from swn.vocab import LAYER_NAMES

    readers: dict[str, Reader] = {}

    def root(name: str) -> Path:
        return _copy_corpus(workdir / name)

    r = root("annotations")
    gold = sorted((r / "annotations" / "gold").glob("*.json"))
    target = gold[0]

    def read_annotation(p: Path) -> None:
        store.load_corpus(r)  # reads every gold file with its text, as every command does
        _validated(p)
    readers["annotations"] = Reader("annotations", [target.read_bytes()], target, read_annotation)

    r_meta = root("metadata")
    readers["metadata"] = Reader("metadata", [(r_meta / "corpus" / "metadata.jsonl").read_bytes()],
                                 r_meta / "corpus" / "metadata.jsonl",
                                 lambda p: (store.read_metadata(p), _validated(p)), jsonl=True)

    r_reg = root("registry")
    readers["registry"] = Reader("registry", [(r_reg / "annotations" / "entities.json").read_bytes()],
                                 r_reg / "annotations" / "entities.json",
                                 lambda p: (store.read_registry(p), _validated(p)))

    r_man = root("manifest")
    readers["manifest"] = Reader("manifest", [(r_man / "corpus" / "MANIFEST.json").read_bytes()],
                                 r_man / "corpus" / "MANIFEST.json",
                                 lambda p: (read_manifest(r_man), _validated(p)))

    r_pred = root("predictions")
    docs = store.load_corpus(r_pred)
    texts = {d.id: d.text for d in docs}
    pred = r_pred / "pred.jsonl"
    pred_bytes = "".join(json.dumps(prediction_record(d.annotations, LAYER_NAMES, True), ensure_ascii=False) + "\n"
                         for d in docs[:2]).encode("utf-8")
    readers["predictions"] = Reader("predictions", [pred_bytes], pred,
                                    lambda p: read_predictions(p, texts, root=r_pred), jsonl=True)

    r_ls = root("labelstudio")
    from swn.labelstudio.importer import gold_state
    from tests.labelstudio.exports import ALICE, BOB, simulated_export

    docs_ls = {d.id: d for d in store.load_corpus(r_ls, annotations="none")}
    bundle = simulated_export(r_ls, (ALICE, BOB))
    for project in bundle["projects"]:
        project["tasks"] = project["tasks"][:1]  # one document per annotator keeps each input fast
    export_path = r_ls / "export.json"
    gold_sha = gold_state(r_ls, docs_ls)

    def read_ls(p: Path) -> None:
        parsed, sha = read_export(p)
        convert_export(parsed, docs_ls, 1, file=str(p), export_sha256=sha, gold_sha256=gold_sha)
    readers["ls-export"] = Reader("ls-export", [json.dumps(bundle, ensure_ascii=False).encode("utf-8")],
                                  export_path, read_ls)

    r_dec = root("decisions")
    from dataclasses import replace as dc_replace

    first = store.load_corpus(r_dec)[0]
    ann = first.annotations
    variant = ann.with_layer("entities", [dc_replace(e, label="ORG" if e.label != "ORG" else "GPE")
                                          for e in ann.entities[:3]] + list(ann.entities[4:]))
    for who, a in (("ann", ann), ("bob", variant)):
        store.write_annotations(r_dec / "annotations" / "rounds" / "1" / who / f"{first.id}.json", a)
    adj, _ = adjudicate_round(1, root=r_dec)
    corpus_docs = {d.id: d for d in store.load_corpus(r_dec)}
    registry = store.read_registry(r_dec / "annotations" / "entities.json")
    choices = ["ann", "bob", "gold", "drop"]
    samples = []
    for k in range(4):
        decisions = {}
        for i, c in enumerate(adj.conflicts):
            pick = choices[(i + k) % len(choices)]
            if c.layer != "doc_stance" and k == 3 and c.options.get("bob") and len(c.options["bob"]) == 1:
                decisions[c.id] = {"from": "bob", "label": "LOC"}
            else:
                decisions[c.id] = pick if c.layer != "doc_stance" or pick != "gold" else {"value": "NONE"}
        samples.append(json.dumps(decisions, ensure_ascii=False, indent=1).encode("utf-8"))
    dec_path = r_dec / "decisions.json"
    readers["decisions"] = Reader("decisions", samples, dec_path,
                                  lambda p: resolve_file(adj, p, corpus_docs, r_dec, registry))
    for reader in readers.values():
        if reader.target.exists():
            reader.restore = reader.target.read_bytes()
    return readers


# ---------------------------------------------------------------- running

@dataclass
class Tally:
    tried: int = 0
    rejected_located: int = 0
    rejected_unlocated: int = 0
    accepted: int = 0
    uncaught: int = 0
    kinds: Counter = field(default_factory=Counter)
    examples: list[str] = field(default_factory=list)


def outcome(reader: Reader, data: bytes) -> tuple[str, str]:
    """``(accepted | rejected-located | rejected-unlocated | uncaught, detail)`` of one input."""
    from swn.errors import SWNError

    reader.target.write_bytes(data)
    try:
        reader.run(reader.target)
    except SWNError as e:
        located = e.file not in (None, "-") and (e.record not in (None, "-") or e.field not in (None, "-"))
        try:
            str(e).encode("utf-8")
        except UnicodeEncodeError:
            return "uncaught", f"message cannot be printed: {e!r}"
        return ("rejected-located" if located else "rejected-unlocated"), str(e)[:200]
    except RecursionError as e:
        return "uncaught", f"RecursionError: {e}"
    except MemoryError:
        return "uncaught", "MemoryError"
    except Exception as e:  # noqa: BLE001 — counting crashes is the point
        import traceback

        return "uncaught", f"{type(e).__name__}: {str(e)[:200]} @ {traceback.extract_tb(e.__traceback__)[-1]}"
    finally:
        if reader.restore is not None:
            reader.target.write_bytes(reader.restore)
    return "accepted", ""


def campaign(n: int, seed: int = 0, names: list[str] | None = None, out=sys.stdout) -> dict[str, Tally]:
    """``n`` mutants per reader; prints one line per reader and returns the tallies."""
    tallies: dict[str, Tally] = {}
    with tempfile.TemporaryDirectory(prefix="swn-fuzz-") as tmp:
        readers = make_readers(Path(tmp))
        print(f"{'reader':12} {'tried':>7} {'rejected+loc':>13} {'rejected-loc':>13} {'accepted':>9} "
              f"{'uncaught':>9}  seconds", file=out)
        for name, reader in readers.items():
            if names and name not in names:
                continue
            rng = random.Random(f"{seed}:{name}")
            t, start = Tally(), time.monotonic()
            for _ in range(n):
                kind, data = mutate(rng, rng.choice(reader.samples), reader.jsonl)
                result, detail = outcome(reader, data)
                t.tried += 1
                if result == "accepted":
                    t.accepted += 1
                elif result == "rejected-located":
                    t.rejected_located += 1
                elif result == "rejected-unlocated":
                    t.rejected_unlocated += 1
                    if len(t.examples) < 5:
                        t.examples.append(f"unlocated ({kind}): {detail}")
                else:
                    t.uncaught += 1
                    t.kinds[kind] += 1
                    if len(t.examples) < 10:
                        t.examples.append(f"UNCAUGHT ({kind}): {detail}")
            tallies[name] = t
            print(f"{name:12} {t.tried:7} {t.rejected_located:13} {t.rejected_unlocated:13} {t.accepted:9} "
                  f"{t.uncaught:9}  {time.monotonic() - start:7.1f}", file=out, flush=True)
            for ex in t.examples:
                print(f"    {ex}", file=out)
    return tallies


def _limit_memory(gb: float) -> None:
    """Cap this process's address space: a reader that allocates without bound raises MemoryError
    (counted as uncaught, with the mutation) instead of starving the machine."""
    import resource

    limit = int(gb * (1 << 30))
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=10_000, help="mutants per reader (default 10000)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--reader", action="append", help="only this reader (repeatable)")
    ap.add_argument("--memory-gb", type=float, default=3.0,
                    help="address-space limit of this process (a reader that blows up fails alone; default 3)")
    args = ap.parse_args(argv)
    _limit_memory(args.memory_gb)
    tallies = campaign(args.n, args.seed, args.reader)
    return 1 if any(t.uncaught for t in tallies.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
