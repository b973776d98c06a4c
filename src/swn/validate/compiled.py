"""Compile a JSON Schema into one fast Python predicate: ``compile_schema(s)(instance) -> bool``.

The validator's fast path. A generic validator walks the schema for every span; this
generates straight-line Python once per schema (type tests with ``type(x) is ...``, enums as
frozensets, required/allowed keys as set comparisons on ``dict.keys()``), so accepting a
valid file costs little more than parsing it. Only the *answer* comes from here: when a
predicate says no, the validator asks :func:`swn.schema.validator_for` (``jsonschema``) for
located messages. The two must agree; a hypothesis test checks that they do.

Supports the subset of Draft 2020-12 that :mod:`swn.schema` generates and refuses any other
keyword, so the schemas cannot grow a rule the fast path silently ignores. Semantics follow
:mod:`swn.schema`: ``integer`` is a JSON integer, ``$`` in a pattern is the end of the string.
"""
from __future__ import annotations

import json
import re
from typing import Any, Callable

from ..schema import ecma_pattern

_ANNOTATIONS = {"$schema", "$id", "$defs", "title", "description", "$comment", "default", "examples"}
_TYPE_TEST = {
    "string": "type({v}) is str",
    "integer": "type({v}) is int",
    "number": "(type({v}) is int or type({v}) is float)",
    "boolean": "type({v}) is bool",
    "null": "{v} is None",
    "object": "type({v}) is dict",
    "array": "type({v}) is list",
}
_KEYWORD_TYPE = {
    "pattern": "string", "minLength": "string", "maxLength": "string",
    "minimum": "number", "maximum": "number", "exclusiveMinimum": "number", "exclusiveMaximum": "number",
    "properties": "object", "required": "object", "additionalProperties": "object",
    "items": "array", "minItems": "array", "maxItems": "array", "uniqueItems": "array",
}
_MISSING = object()


def _unique(items: list) -> bool:
    """JSON equality: 1 == 1.0, but True != 1; containers compared by canonical JSON."""
    seen = set()
    for x in items:
        if type(x) is bool:
            key: Any = ("b", x)
        elif type(x) in (int, float):
            key = ("n", x)
        elif type(x) is str:
            key = ("s", x)
        elif x is None:
            key = ("z",)
        else:
            key = ("j", json.dumps(x, sort_keys=True))
        if key in seen:
            return False
        seen.add(key)
    return True


class _Compiler:
    def __init__(self, root: dict) -> None:
        self.root = root
        self.consts: dict[str, Any] = {"_MISSING": _MISSING, "_unique": _unique}
        self.lines: list[str] = []
        self.refs: dict[str, str] = {}
        self.n = 0

    def const(self, value: Any) -> str:
        name = f"_k{len(self.consts)}"
        self.consts[name] = value
        return name

    def fresh(self, prefix: str) -> str:
        self.n += 1
        return f"{prefix}{self.n}"

    def ref(self, ref: str) -> str:
        if not ref.startswith("#/$defs/"):
            raise ValueError(f"only local $defs references are supported, got {ref!r}")
        if ref not in self.refs:
            name = self.refs[ref] = self.fresh("_ref")
            target = self.root["$defs"][ref[len("#/$defs/"):]]
            body: list[str] = []
            expr = self.expr(target, "v", body)
            if re.fullmatch(r"_\w+\(v\)", expr) and not body:
                self.refs[ref] = expr[:-3]  # the definition is one generated function: call it directly
            else:
                self.lines.append(f"def {name}(v):")
                self.lines.append(f"    return {expr}")
        return self.refs[ref]

    def function(self, name: str, schema: dict) -> str:
        """Emit ``def name(v): return <schema holds for v>``."""
        body: list[str] = []
        expr = self.expr(schema, "v", body)
        self.lines.append(f"def {name}(v):")
        self.lines.extend("    " + line for line in body)
        self.lines.append(f"    return {expr}")
        return name

    def expr(self, s: Any, v: str, body: list[str]) -> str:
        if s is True or s == {}:
            return "True"
        if s is False:
            return "False"
        unknown = [k for k in s if k not in _ANNOTATIONS and not k.startswith("x-") and k not in (
            "$ref", "type", "enum", "anyOf", *_KEYWORD_TYPE)]
        if unknown:
            raise ValueError(f"the fast path does not support {unknown}")
        parts: list[str] = []
        types = s.get("type")
        types = [types] if isinstance(types, str) else types
        if "$ref" in s:
            parts.append(f"{self.ref(s['$ref'])}({v})")
        if types is not None:
            parts.append("(" + " or ".join(_TYPE_TEST[t].format(v=v) for t in types) + ")")
        if "enum" in s:
            values = s["enum"]
            if not all(x is None or isinstance(x, str) for x in values):
                raise ValueError("the fast path supports enums of strings (and null) only")
            strings = self.const(frozenset(x for x in values if x is not None))
            test = f"(type({v}) is str and {v} in {strings})"
            parts.append(f"({v} is None or {test})" if None in values else test)
        if "anyOf" in s:
            parts.append("(" + " or ".join(self.expr(sub, v, body) for sub in s["anyOf"]) + ")")
        # Keywords that apply to one JSON type: guarded by that type unless the schema already
        # asserts it as the only type.
        by_type: dict[str, list[str]] = {}
        for key, jtype in _KEYWORD_TYPE.items():
            if key in s:
                by_type.setdefault(jtype, []).append(key)
        for jtype, keys in by_type.items():
            if jtype in ("object", "array"):
                fn = self.fresh("_obj" if jtype == "object" else "_arr")
                asserted = types == [jtype]
                self.container(fn, jtype, {k: s[k] for k in keys}, check_type=asserted)
                if asserted and len(parts) == 1 and parts[0].startswith("(type("):
                    parts.pop()  # the container function tests the type itself
                    parts.append(f"{fn}({v})")
                    continue
                test = f"{fn}({v})"
            else:
                test = " and ".join(self.scalar(k, s[k], v) for k in keys)
            asserted = types == [jtype] or (jtype == "number" and types in (["integer"], ["number"]))
            parts.append(f"({test})" if asserted else f"(not ({_TYPE_TEST[jtype].format(v=v)}) or ({test}))")
        return " and ".join(parts) if parts else "True"

    def scalar(self, key: str, value: Any, v: str) -> str:
        if key == "pattern":
            return f"{self.const(ecma_pattern(value))}.search({v}) is not None"
        op = {"minLength": ("len({v}) >= {x}"), "maxLength": "len({v}) <= {x}", "minimum": "{v} >= {x}",
              "maximum": "{v} <= {x}", "exclusiveMinimum": "{v} > {x}", "exclusiveMaximum": "{v} < {x}"}[key]
        return op.format(v=v, x=repr(value))

    def container(self, name: str, jtype: str, kw: dict, check_type: bool = False) -> None:
        body: list[str] = [f"def {name}(v):"]
        if check_type:
            body.append(f"    if {'type(v) is not dict' if jtype == 'object' else 'type(v) is not list'}: return False")
        if jtype == "object":
            props: dict = kw.get("properties", {})
            required = kw.get("required", [])
            if required:
                body.append(f"    if not v.keys() >= {self.const(frozenset(required))}: return False")
            extra = kw.get("additionalProperties", True)
            if extra is False:
                body.append(f"    if not v.keys() <= {self.const(frozenset(props))}: return False")
            for i, (prop, sub) in enumerate(props.items()):
                inner: list[str] = []
                test = self.expr(sub, f"x{i}", inner)
                if test == "True":
                    continue
                if prop in required:
                    body.append(f"    x{i} = v[{prop!r}]")
                    body.extend("    " + line for line in inner)
                    body.append(f"    if not ({test}): return False")
                else:
                    body.append(f"    x{i} = v.get({prop!r}, _MISSING)")
                    body.append(f"    if x{i} is not _MISSING:")
                    body.extend("        " + line for line in inner)
                    body.append(f"        if not ({test}): return False")
            if extra not in (True, False):
                inner = []
                test = self.expr(extra, "x", inner)
                body.append(f"    for k, x in v.items():")
                body.append(f"        if k in {self.const(frozenset(props))}: continue")
                body.extend("        " + line for line in inner)
                body.append(f"        if not ({test}): return False")
        else:
            if "minItems" in kw:
                body.append(f"    if len(v) < {kw['minItems']}: return False")
            if "maxItems" in kw:
                body.append(f"    if len(v) > {kw['maxItems']}: return False")
            if kw.get("uniqueItems"):
                body.append("    if not _unique(v): return False")
            if "items" in kw:
                inner = []
                test = self.expr(kw["items"], "x", inner)
                if test != "True":
                    body.append("    for x in v:")
                    body.extend("        " + line for line in inner)
                    body.append(f"        if not ({test}): return False")
        body.append("    return True")
        self.lines.extend(body)


def compile_schema(schema: dict, defs_root: dict | None = None) -> Callable[[Any], bool]:
    """A predicate equivalent to validating against ``schema`` (``$ref``s resolve in ``defs_root``)."""
    c = _Compiler(defs_root if defs_root is not None else schema)
    c.function("_root", schema)
    namespace = dict(c.consts)
    exec(compile("\n".join(c.lines), f"<swn compiled schema {schema.get('$id', '')}>", "exec"), namespace)
    fn = namespace["_root"]
    fn.source = "\n".join(c.lines)  # for debugging: print(compile_schema(s).source)
    return fn
