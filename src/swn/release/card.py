"""The dataset card's YAML front matter (Hub metadata, ``configs`` and ``dataset_info``).

The ``configs`` entries carry the release version and a fingerprint of each config's data
file (as the builder parameters ``version`` and ``description``). That is deliberate: with
YAML configs, ``datasets`` keys its cache on the card's metadata and the data-file *patterns*,
not on the files' contents, so a user's warm cache would otherwise return the previous
release's rows after an update (see tests/release/test_hub_loading.py, which reproduces
the trap and checks this defeats it).
"""
from __future__ import annotations

import re
from typing import Any, Mapping, Sequence

import yaml

from .features import CONFIGS, DEFAULT_CONFIG, SPLIT, features

PRETTY_NAME = "SWN — Syria Withdrawal News"

HUB_METADATA: dict[str, Any] = {
    "pretty_name": PRETTY_NAME,
    "language": ["en"],
    "license": "other",
    "license_name": "annotations-cc-by-4.0-texts-copyrighted",
    "license_link": "DATASHEET.md",
    "annotations_creators": ["machine-generated"],
    "language_creators": ["found"],
    "multilinguality": ["monolingual"],
    "source_datasets": ["original"],
    "size_categories": ["n<1K"],
    "task_categories": ["token-classification", "text-classification"],
    "task_ids": ["named-entity-recognition", "multi-class-classification"],
    "tags": ["news", "stance-detection", "temporal-expressions", "timex3", "quantities", "named-entities",
             "document-structure", "syria", "russia"],
}

_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)


def data_path(config: str) -> str:
    return f"corpus/data/{config}.jsonl"


def front_matter(version: str, fingerprints: Mapping[str, str], split_sizes: Mapping[str, tuple[int, int]],
                 file_sizes: Mapping[str, int]) -> dict[str, Any]:
    """The card's metadata. ``fingerprints[config]``: sha256 of the config's data file;
    ``split_sizes[config]``: ``(num_bytes, num_examples)`` of its ``test`` split;
    ``file_sizes[config]``: bytes of its data file."""
    configs = []
    infos = []
    for config in CONFIGS:
        entry: dict[str, Any] = {"config_name": config,
                                 "data_files": [{"split": SPLIT, "path": data_path(config)}]}
        if config == DEFAULT_CONFIG:
            entry["default"] = True
        entry["version"] = version
        entry["description"] = f"SWN {version}, config {config}; data sha256 {fingerprints[config]}"
        configs.append(entry)
        num_bytes, num_examples = split_sizes[config]
        infos.append({"config_name": config, "features": features(config)._to_yaml_list(),
                      "splits": [{"name": SPLIT, "num_bytes": num_bytes, "num_examples": num_examples}],
                      "download_size": file_sizes[config], "dataset_size": num_bytes})
    return {**HUB_METADATA, "configs": configs, "dataset_info": infos}


def dump_front_matter(meta: Mapping[str, Any]) -> str:
    return "---\n" + yaml.safe_dump(dict(meta), sort_keys=False, allow_unicode=True, width=1000) + "---\n"


def set_front_matter(markdown: str, meta: Mapping[str, Any]) -> str:
    """``markdown`` with its front matter replaced (or added) by ``meta``."""
    body = _FRONT_MATTER.sub("", markdown, count=1)
    return dump_front_matter(meta) + body


def read_front_matter(markdown: str) -> dict[str, Any]:
    m = _FRONT_MATTER.match(markdown)
    return yaml.safe_load(m[0][4:-4]) if m else {}


# The JSON loader of ``datasets`` reads a file in blocks of this many bytes (its default chunksize / 32)
# and infers each block's Arrow types before casting them to the declared features.
_JSON_BLOCK_SIZE = max((10 << 20) // 32, 16 << 10)


def as_loaded(config: str, data: bytes):
    """The Arrow table ``datasets`` will produce from a JSON Lines data file of ``config``.

    Its JSON loader infers types before casting to the card's features, and pyarrow infers
    ``timestamp`` for a string column whose values all look like ISO dates — a TIMEX3 value
    "2017-12-11" would come back as "2017-12-11 00:00:00". The build therefore compares this
    table with the intended one (:func:`check_loadable`) and refuses to release a file that
    would not load back exactly.
    """
    import io

    import pyarrow.json as paj
    from datasets.table import table_cast

    if not data.strip():  # a config without rows (a layer nobody annotated yet)
        return features(config).arrow_schema.empty_table()
    import pyarrow as pa

    block_size = _JSON_BLOCK_SIZE
    while True:  # as datasets does: a row longer than a block makes it retry with blocks twice as large
        try:
            table = paj.read_json(io.BytesIO(data), read_options=paj.ReadOptions(block_size=block_size))
            break
        except pa.ArrowInvalid as e:
            if "straddling" not in str(e) or block_size > len(data):
                raise
            block_size *= 2
    return table_cast(table, features(config).arrow_schema)


def intended(config: str, rows: Sequence[Mapping[str, Any]]):
    """The Arrow table ``rows`` should load as, built without JSON type inference: the rows go into
    columns of their declared types (labels and dates still as strings), then the same cast the loader
    applies turns label names into ``ClassLabel`` codes and ISO dates into ``date32``. Column by column,
    so the check costs about as much as the load itself (no per-row ``Features.encode_example``)."""
    import pyarrow as pa
    from datasets.table import table_cast

    feats = features(config)
    unencoded = pa.schema([(name, _unencoded_type(f)) for name, f in feats.items()])
    return table_cast(pa.Table.from_pylist(list(rows), schema=unencoded), feats.arrow_schema)


def _unencoded_type(feature):
    """The Arrow type of a feature's values as the rows hold them: ``ClassLabel`` as its names and
    ``date32`` as ISO strings (the types a row has before the cast), everything else as declared."""
    import datasets as ds
    import pyarrow as pa

    if isinstance(feature, dict):
        return pa.struct([(name, _unencoded_type(f)) for name, f in feature.items()])
    if isinstance(feature, ds.List):
        return pa.list_(_unencoded_type(feature.feature))
    if isinstance(feature, ds.ClassLabel):
        return pa.string()
    if isinstance(feature, ds.Value):
        return pa.string() if feature.dtype == "date32" else feature.pa_type
    raise TypeError(f"no unencoded Arrow type for feature {feature!r}")


def check_loadable(config: str, rows: Sequence[Mapping[str, Any]], data: bytes) -> int:
    """Raise unless ``data`` loads back as exactly ``rows``; return the loaded Arrow size in bytes."""
    from ..errors import SWNError

    loaded, want = as_loaded(config, data), intended(config, rows)
    if not loaded.equals(want):
        for name in want.column_names:
            a, b = loaded.column(name).to_pylist(), want.column(name).to_pylist()
            if a != b:
                row = next(i for i, (x, y) in enumerate(zip(a, b)) if x != y)
                raise SWNError(f"would load as {a[row]!r} instead of {b[row]!r} (JSON type inference)",
                               file=data_path(config), record=f"row {row}", field=name, check="json-inference")
        raise SWNError("would not load back identically", file=data_path(config), check="json-inference")
    return loaded.nbytes
