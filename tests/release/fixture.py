"""A small, realistic release fixture: the five real raw texts with simple rule-made gold.

The gold here is made by string search (every "Putin" is a PERSON, …) so that the release
machinery can be tested before and independently of the real gold; corpus-level tests of
the committed release use the real gold instead.
"""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from swn import vocab
from swn.model import AnnotationSet, Entity, Quantity, StanceEvidence, SubSpan, Timex, Zone
from swn.store import read_metadata, read_raw_text, write_annotations, write_json

REPO = Path(__file__).resolve().parents[2]
# Identity for the commits and tags that swn's own git calls make in a test repository.
GIT_ENV = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org", "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1"}
DOC_FILES = ("VERSION", "README.md", "DATASHEET.md", "CHANGELOG.md", "CITATION.cff")

_ENTITIES = (("Putin", "PERSON", "vladimir_putin"), ("Russia", "GPE", "russia"), ("Syria", "GPE", "syria"),
             ("Geneva", "GPE", "geneva"))


def _spans(text: str, word: str):
    for m in re.finditer(r"(?<!\w)" + re.escape(word) + r"(?!\w)", text):
        yield m.start(), m.end()


def rule_gold(doc_id: str, text: str, dct: str) -> AnnotationSet:
    ents = sorted(((s, e, label, eid) for word, label, eid in _ENTITIES for s, e in _spans(text, word)))
    entities = tuple(Entity(id=f"{doc_id}#e{i}", start=s, end=e, text=text[s:e], label=label, entity_id=eid)
                     for i, (s, e, label, eid) in enumerate(ents, start=1))
    # Not only full dates: a column of nothing but ISO dates is refused by the build (JSON type inference).
    timexes = sorted([*_spans(text, "Monday"), *_spans(text, "year")])
    temporal = tuple(Timex(id=f"{doc_id}#t{i}", start=s, end=e, text=text[s:e],
                           type="DATE" if text[s:e] == "Monday" else "DURATION",
                           value=dct if text[s:e] == "Monday" else "P1Y", mod=None if i % 2 else "APPROX")
                     for i, (s, e) in enumerate(timexes, start=1))
    quantities = []
    for i, m in enumerate(re.finditer(r"(?<![\w,.])\d[\d,]*(?![\w,])", text), start=1):
        after = re.match(r"\s+(\w+)", text[m.end():])
        me = (SubSpan(start=m.end() + after.start(1), end=m.end() + after.end(1), text=after[1])
              if after and i % 2 else None)
        value = int(m[0].replace(",", ""))
        quantities.append(Quantity(id=f"{doc_id}#q{i}", start=m.start(), end=m.end(), text=m[0], value=value,
                                   value_high=None, unit=None, is_count=True,
                                   modifier="exact" if i % 3 else "approximate", measured_entity=me))
    lines = [(m.start(), m.end()) for m in re.finditer(r"\S(?:.*\S)?", text)]
    structure = tuple(Zone(id=f"{doc_id}#z{i}", start=s, end=e, text=text[s:e],
                           zone="title" if i == 1 else "body") for i, (s, e) in enumerate(lines, start=1))
    stance = tuple(StanceEvidence(id=f"{doc_id}#s{i}", start=s, end=e, text=text[s:e],
                                  target=vocab.STANCE_TARGETS[i % len(vocab.STANCE_TARGETS)],
                                  polarity="AGAINST" if i % 2 else "FAVOR",
                                  holder="author" if i % 2 else "unnamed",
                                  holder_text=None if i % 2 else "analysts")
                   for i, (s, e) in enumerate(lines[1:3], start=1))
    return AnnotationSet(doc_id=doc_id, entities=entities, temporal=temporal, quantities=tuple(quantities),
                         stance=stance, structure=structure,
                         doc_stance={t: vocab.DOC_STANCE_VALUES[i % 3] for i, t in enumerate(vocab.STANCE_TARGETS)})


def make_release_repo(root: Path, *, with_docs: bool = True) -> Path:
    """A repository layout under ``root`` with the real texts, rule-made gold and the release docs."""
    root = Path(root)
    shutil.copytree(REPO / "corpus" / "raw", root / "corpus" / "raw")
    shutil.copy2(REPO / "corpus" / "metadata.jsonl", root / "corpus" / "metadata.jsonl")
    (root / "src" / "swn" / "data").mkdir(parents=True)
    shutil.copy2(REPO / "src" / "swn" / "data" / "vocab.json", root / "src" / "swn" / "data" / "vocab.json")
    metas = read_metadata(root / "corpus" / "metadata.jsonl")
    registry = {}
    for m in metas:
        text = read_raw_text(root / "corpus" / "raw" / f"{m.id}.txt")
        gold = rule_gold(m.id, text, m.dct.value)
        write_annotations(root / "annotations" / "gold" / f"{m.id}.json", gold)
        for e in gold.entities:
            registry[e.entity_id] = {"id": e.entity_id, "name": e.text, "type": e.label, "aliases": [],
                                     "wikidata": None}
    write_json(root / "annotations" / "entities.json", {"entities": [registry[k] for k in sorted(registry)]})
    if with_docs:
        for name in DOC_FILES:
            if (REPO / name).is_file():
                shutil.copy2(REPO / name, root / name)
    return root


FIRST_CHANGELOG = "# Changelog\n\n## [Unreleased]\n\n### Added\n\n- The five reports and their gold.\n"


def make_git_repo(root: Path) -> Path:
    """The fixture corpus as a git repository with one commit and no release yet (VERSION 1.0.0)."""
    make_release_repo(root)
    (root / "VERSION").write_text("1.0.0\n")
    (root / "CHANGELOG.md").write_text(FIRST_CHANGELOG)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "sources")
    return root


def git(root: Path, *args: str) -> str:
    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org", "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_SYSTEM": "/dev/null",
           "PATH": "/usr/bin:/bin:/usr/local/bin"}
    return subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, text=True,
                          env=env).stdout
