"""CoNLL BIO for entities: round trip for what BIO can carry, misaligned entities reported."""
from __future__ import annotations

from hypothesis import given

from swn.formats.conll import TOKEN_PATTERN, from_conll, to_conll, tokenize
from swn.formats.lines import LINE_BREAKS
from swn.model import Entity
from tests.strategies import generated_documents


def _key(e):
    return (e.start, e.end, e.label, e.entity_id)


@given(generated_documents())
def test_round_trip_carries_every_entity_on_token_boundaries(g):
    ents = g.annotations.entities
    text, misaligned = to_conll(g.doc_id, g.text, ents)
    doc_id, back = from_conll(text, g.text)
    assert doc_id == g.doc_id
    carried = [e for e in ents if e not in misaligned]
    assert [_key(e) for e in back] == [_key(e) for e in carried]
    # generated spans cover whole whitespace-separated tokens, so only a line break can lose one
    assert all(any(c in LINE_BREAKS for c in e.text) for e in misaligned)


@given(generated_documents())
def test_tokens_do_not_depend_on_the_annotations_and_carry_offsets(g):
    with_ents, _ = to_conll(g.doc_id, g.text, g.annotations.entities)
    without, _ = to_conll(g.doc_id, g.text, ())
    rows = lambda s: [line.split("\t")[:3] for line in s.split("\n") if line and not line.startswith("# ")]  # noqa: E731
    assert rows(with_ents) == rows(without)
    for token, a, b in rows(with_ents):
        assert g.text[int(a):int(b)] == token


def test_header_states_the_tokenizer_and_misaligned_entities():
    text = "Putin's Russians"
    ents = (Entity(id="d-1#e1", start=0, end=5, text="Putin", label="PERSON", entity_id="putin"),
            Entity(id="d-1#e2", start=8, end=15, text="Russian", label="NORP", entity_id="russia"))
    out, mis = to_conll("d-1", text, ents)
    assert TOKEN_PATTERN in out.splitlines()[1]
    assert mis == [ents[1]] and "# misaligned = d-1#e2" in out
    assert "Putin\t0\t5\tB-PERSON\tputin" in out and "'\t5\t6\tO\t_" in out
    assert [t for t in tokenize(text)] == [(0, 5), (5, 6), (6, 7), (8, 16)]
