"""Small hand-made corpora for the viewer tests: a *hostile* document whose text, attributes,
metadata and registry carry markup, quotes, ``&`` and line separators, and a pass pair."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from swn.model import (AnnotationSet, Entity, Provenanced, Quantity, RegistryEntry, StanceEvidence, SubSpan,
                       Timex, Zone)
from swn.store import write_annotations, write_json, write_jsonl
from tests.strategies import metadata_for

HOSTILE_ID = "hostile-2017-12-12"
PLAIN_ID = "plain-2016-03-14"
# Every string that would run if it reached the page unescaped sets this global.
MARKER = "__swnPwned"

HOSTILE_TEXT = (
    "Putin & \"Assad\" <script>window.__swnPwned=1</script> met in Hmeymim\u00a0on Monday.\n"
    "\n"
    "They said 11 Russian warships \U0001F1F7\U0001F1FA left 'Tartus' </div><img src=x onerror=\"window.__swnPwned=2\">"
    "\u2028 & more \U0001D518.\n"
)
PLAIN_TEXT = "Russia\u00a0said on Monday that 465,000 troops would leave Syria.\n\n\nPutin agreed.\n"


def _span(text: str, needle: str, nth: int = 0) -> tuple[int, int, str]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    return start, start + len(needle), needle


def _range(text: str, first: str, last: str) -> tuple[int, int, str]:
    s = text.index(first)
    e = text.index(last, s) + len(last)
    return s, e, text[s:e]


def hostile_annotations() -> AnnotationSet:
    t, d = HOSTILE_TEXT, HOSTILE_ID

    def sp(needle, nth=0):
        s, e, x = _span(t, needle, nth)
        return {"start": s, "end": e, "text": x}

    entities = (
        Entity(id=f"{d}#e1", **sp("Putin"), label="PERSON", entity_id="putin"),
        Entity(id=f"{d}#e2", **sp("<script>window.__swnPwned=1</script>"), label="ORG", entity_id="script_org"),
        Entity(id=f"{d}#e3", **sp("Hmeymim"), label="FAC", entity_id="hmeymim"),
        Entity(id=f"{d}#e4", **sp("Russian"), label="NORP", entity_id="russia"),
        Entity(id=f"{d}#e5", **sp("Tartus"), label="GPE", entity_id="tartus"),
    )
    temporal = (Timex(id=f"{d}#t1", **sp("Monday"), type="DATE",
                      value="2017-12-11\"><script>window.__swnPwned=3</script>", mod=None),)
    ms, me, mt = _span(t, "Russian warships")
    quantities = (Quantity(id=f"{d}#q1", **sp("11"), value=11, value_high=None,
                           unit="</script><script>window.__swnPwned=4</script>", is_count=True, modifier="exact",
                           measured_entity=SubSpan(start=ms, end=me, text=mt)),)
    s1, e1, x1 = _range(t, "They", "more \U0001D518.")
    s2, e2, x2 = _range(t, "Putin", "Monday.")
    s3, e3, x3 = _range(t, "met", "warships")  # crosses the zone boundary and both other stance spans
    stance = (
        StanceEvidence(id=f"{d}#s1", start=s1, end=e1, text=x1, target="russian_withdrawal", polarity="AGAINST",
                       holder="unnamed", holder_text="\"><img src=x onerror=window.__swnPwned=5>&amp; they"),
        StanceEvidence(id=f"{d}#s2", start=s2, end=e2, text=x2, target="assad_government", polarity="FAVOR",
                       holder="putin", holder_text=None),
        StanceEvidence(id=f"{d}#s3", start=s3, end=e3, text=x3, target="peace_process", polarity="FAVOR",
                       holder="author", holder_text=None),
    )
    z1 = _range(t, "Putin", "Monday.")
    z2 = _range(t, "They", "more \U0001D518.")
    structure = (Zone(id=f"{d}#z1", start=z1[0], end=z1[1], text=z1[2], zone="title"),
                 Zone(id=f"{d}#z2", start=z2[0], end=z2[1], text=z2[2], zone="body"))
    return AnnotationSet(doc_id=d, entities=entities, temporal=temporal, quantities=quantities, stance=stance,
                         structure=structure, doc_stance={"russian_withdrawal": "AGAINST", "peace_process": "NONE"})


def plain_annotations() -> AnnotationSet:
    t, d = PLAIN_TEXT, PLAIN_ID

    def sp(needle, nth=0):
        s, e, x = _span(t, needle, nth)
        return {"start": s, "end": e, "text": x}

    body = _range(t, "Russia", "Putin agreed.")
    return AnnotationSet(
        doc_id=d,
        entities=(Entity(id=f"{d}#e1", **sp("Russia"), label="GPE", entity_id="russia"),
                  Entity(id=f"{d}#e2", **sp("Syria"), label="GPE", entity_id="syria"),
                  Entity(id=f"{d}#e3", **sp("Putin"), label="PERSON", entity_id="putin")),
        temporal=(Timex(id=f"{d}#t1", **sp("Monday"), type="DATE", value="2016-03-14"),),
        quantities=(Quantity(id=f"{d}#q1", **sp("465,000"), value=465000, value_high=None, unit=None, is_count=True,
                             modifier="exact", measured_entity=None),),
        stance=(),
        structure=(Zone(id=f"{d}#z1", start=body[0], end=body[1], text=body[2], zone="body"),),
        doc_stance={},
    )


REGISTRY = (
    RegistryEntry(id="putin", name="Vladimir \"Vova\" Putin <b>&amp;</b>", type="PERSON", aliases=("Putin",),
                  wikidata="Q7747", note="<script>window.__swnPwned=6</script>"),
    RegistryEntry(id="russia", name="Russia", type="GPE"),
    RegistryEntry(id="hmeymim", name="Hmeymim air base", type="FAC", aliases=("Hmeimim", "Khmeimim")),
    RegistryEntry(id="tartus", name="Tartus", type="GPE"),
    RegistryEntry(id="script_org", name="</script>", type="ORG"),
    RegistryEntry(id="syria", name="Syria", type="GPE"),
)


def write_fixture_corpus(root: Path) -> Path:
    """Two documents (hostile, plain) with gold, metadata and registry, in the repository layout."""
    root = Path(root)
    hostile_meta = replace(
        metadata_for(HOSTILE_ID, HOSTILE_TEXT, title=(0, HOSTILE_TEXT.index("\n"))),
        outlet=Provenanced(value="<i>Outlet</i> & \"Co\"", provenance="stated", evidence="'<script>'"),
        author="O'Brien <script>window.__swnPwned=7</script>")
    metas = [hostile_meta, metadata_for(PLAIN_ID, PLAIN_TEXT)]
    for doc_id, text, ann in ((HOSTILE_ID, HOSTILE_TEXT, hostile_annotations()),
                              (PLAIN_ID, PLAIN_TEXT, plain_annotations())):
        raw = root / "corpus" / "raw" / f"{doc_id}.txt"
        raw.parent.mkdir(parents=True, exist_ok=True)
        raw.write_bytes(text.encode("utf-8"))
        write_annotations(root / "annotations" / "gold" / f"{doc_id}.json", ann)
    write_jsonl(root / "corpus" / "metadata.jsonl", [m.to_dict() for m in metas])
    write_json(root / "annotations" / "entities.json", {"entities": [e.to_dict() for e in REGISTRY]})
    return root


def expected_counts(ann: AnnotationSet) -> dict[str, int]:
    return {layer: len(ann.layer(layer)) for layer in ("entities", "temporal", "quantities", "stance", "structure")
            if ann.layer(layer)}
