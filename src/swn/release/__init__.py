"""Releasing SWN: Hub files and card, Croissant, manifest and versions, diffs, loading a tagged release.

Modules (each one job): :mod:`features` (Hub features generated from :mod:`swn.vocab`),
:mod:`rows` (documents and annotation sets to and from Hub rows), :mod:`build` (the
deterministic build), :mod:`card` (README front matter), :mod:`docs_tables` (generated
Markdown blocks), :mod:`croissant`, :mod:`manifest`, :mod:`versions`, :mod:`diff`, :mod:`load`.
"""
