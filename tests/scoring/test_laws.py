"""Laws of the scorer (issue 6 point 3), as hypothesis properties."""
from __future__ import annotations

import random
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from swn import vocab
from swn.scoring.counts import MODES, merge_all
from swn.scoring.score import count, report, score
from tests.scoring.generators import SCORED, gold_and_predictions

LAYERS = SCORED + ("structure", "doc_stance")


def _metric_values(node, path=()):
    """Every (path, value) of a precision/recall/f1/accuracy/f_avg in a report."""
    if isinstance(node, dict):
        for k, v in node.items():
            if k in ("documents", "ci") and path and path[-1] != "layers":
                if k == "documents":
                    yield from _metric_values(v, path + (k,))
                continue
            yield from _metric_values(v, path + (k,))
    elif isinstance(node, float) and path and any(path[-1].endswith(s) for s in
                                                   ("precision", "recall", "f1", "accuracy", "f_avg")):
        yield path, node


@settings(max_examples=40)
@given(gold_and_predictions())
def test_gold_against_itself_is_perfect_everywhere(data):
    _, gold, _ = data
    r = score(gold, gold, layers=LAYERS, bootstrap=20, seed=3)
    values = list(_metric_values(r["layers"]))
    assert values and all(v == 1.0 for _, v in values), [p for p, v in values if v != 1.0]
    for layer in LAYERS[:-1]:
        for mode in MODES:
            s = r["layers"][layer]["overall"][mode]
            assert s["incorrect"] == s["partial"] == s["missed"] == s["spurious"] == 0
            # an interval only where every resample has something to find (docs/scoring.md)
            with_spans = [bool(a.layer(layer)) for a in gold.values()]
            ci = r["layers"][layer]["ci"]["overall"][mode]["f1"]
            if all(with_spans):
                assert ci == [1.0, 1.0]
            elif not any(with_spans):
                assert ci is None
            else:
                assert ci in ([1.0, 1.0], None)


def _pr_pairs(r):
    for layer in SCORED:
        lr = r["layers"][layer]
        for mode in MODES:
            yield (layer, "overall", mode), lr["overall"][mode]
            for label, modes in lr["per_label"].items():
                yield (layer, label, mode), modes[mode]
        for kind in ("exact", "overlap"):
            yield (layer, kind), {"precision": lr["any_label"][f"span_precision_{kind}"],
                                  "recall": lr["any_label"][f"span_recall_{kind}"]}
    ds = r["layers"]["doc_stance"]
    for c in ("favor", "against"):
        yield ("doc_stance", c), {"precision": ds[f"{c}_precision"], "recall": ds[f"{c}_recall"]}


@settings(max_examples=40)
@given(gold_and_predictions())
def test_swapping_gold_and_predictions_swaps_precision_and_recall(data):
    _, gold, pred = data
    forward = dict(_pr_pairs(score(gold, pred, layers=LAYERS)))
    backward = dict(_pr_pairs(score(pred, gold, layers=LAYERS)))
    assert forward.keys() == backward.keys()
    for key, f in forward.items():
        b = backward[key]
        assert (f["precision"], f["recall"]) == (b["recall"], b["precision"]), key


@settings(max_examples=40)
@given(gold_and_predictions(), st.randoms(use_true_random=False))
def test_independent_of_span_and_document_order(data, rnd):
    _, gold, pred = data

    def shuffled(anns):
        items = list(anns.items())
        rnd.shuffle(items)
        out = {}
        for doc_id, ann in items:
            for layer in vocab.LAYER_NAMES:
                spans = list(ann.layer(layer))
                rnd.shuffle(spans)
                ann = ann.with_layer(layer, spans)
            out[doc_id] = ann
        return out

    assert score(gold, pred, layers=LAYERS, bootstrap=10, seed=1) == \
        score(shuffled(gold), shuffled(pred), layers=LAYERS, bootstrap=10, seed=1)


@settings(max_examples=40)
@given(gold_and_predictions(min_docs=2), st.randoms(use_true_random=False))
def test_counts_are_mergeable_over_disjoint_document_sets(data, rnd):
    _, gold, pred = data
    docs = sorted(gold)
    rnd.shuffle(docs)
    cut = rnd.randrange(1, len(docs))
    a, b = docs[:cut], docs[cut:]
    whole = count(gold, pred, layers=LAYERS)
    parts = [count(gold, pred, layers=LAYERS, docs=a), count(gold, pred, layers=LAYERS, docs=b)]
    assert merge_all(parts) == whole == merge_all(parts[::-1])
    assert report(merge_all(parts)) == report(whole)
    assert whole.merge(type(whole).empty()) == whole


@settings(max_examples=10)
@given(gold_and_predictions(min_docs=3, max_docs=6))
def test_map_reduce_on_a_local_dask_scheduler_over_parquet_partitions(tmp_path_factory, data):
    import dask
    import dask.dataframe as dd
    import pandas as pd

    from swn.model import AnnotationSet
    from swn.scoring.counts import Counts
    _, gold, pred = data
    folder = tmp_path_factory.mktemp("parquet")
    frame = pd.DataFrame({"doc_id": sorted(gold),
                          "gold": [__import__("json").dumps(gold[d].to_dict()) for d in sorted(gold)],
                          "pred": [__import__("json").dumps(pred[d].to_dict()) for d in sorted(gold)]})
    dd.from_pandas(frame, npartitions=3).to_parquet(str(folder), write_index=False)

    def count_partition(part) -> Counts:
        import json
        g = {r.doc_id: AnnotationSet.from_dict(json.loads(r.gold)) for r in part.itertuples()}
        p = {r.doc_id: AnnotationSet.from_dict(json.loads(r.pred)) for r in part.itertuples()}
        return count(g, p, layers=LAYERS)

    parts = dd.read_parquet(str(folder)).to_delayed()
    assert len(parts) > 1
    total = dask.delayed(merge_all)([dask.delayed(count_partition)(p) for p in parts])
    merged = total.compute(scheduler="threads")
    assert report(merged) == report(count(gold, pred, layers=LAYERS))
