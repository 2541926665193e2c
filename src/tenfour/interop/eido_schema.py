"""The NENA EIDO schema (OpenAPI 3.0.2 YAML) as a JSON-Schema validator, and tenfour's own
check for member names the schema does not define.

The YAML files ship inside the package (``schemas/eido``). Their known quirks are mended as
they load, never by editing the files: ``minItems: 1,`` reads as the string "1," (taken as 1)
and one reference is spelled ``NIEMComponents//j.yaml`` (the double slash is collapsed).
Loading takes about a second, so it happens once, on first use (``warm()`` does it early).
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from importlib import resources
from typing import Any

import yaml
from jsonschema import Draft7Validator, FormatChecker
from jsonschema.exceptions import ValidationError, best_match
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

BASE = "https://eido-schema.tenfour.invalid/"  # a name only: nothing is ever fetched
ROOT = BASE + "openapi.yaml"
EIDO_TYPE = "EmergencyIncidentDataObjectType"
_NUMERIC = ("minItems", "maxItems", "minLength", "maxLength", "minimum", "maximum")
_RFC3339 = re.compile(
    r"^\d{4}-\d\d-\d\d[Tt ]\d\d:\d\d:\d\d(\.\d+)?([Zz]|[+-]\d\d:\d\d)$",
)
_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:\S+$")
_LOCK = threading.Lock()


@dataclass(frozen=True, slots=True)
class Problem:
    """One reason a document does not validate: where (JSON pointer) and what."""

    pointer: str
    message: str

    def __str__(self) -> str:
        return f"{self.pointer or '/'}: {self.message}"


def _mend(node: Any) -> Any:
    """Fix the schema's quirks in place, walking every object and list."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                path, _, fragment = value.partition("#")
                node[key] = re.sub(r"/{2,}", "/", path) + ("#" + fragment if fragment else "")
            elif key in _NUMERIC and isinstance(value, str):
                node[key] = int(re.sub(r"[^0-9]", "", value) or 0)
            else:
                _mend(value)
    elif isinstance(node, list):
        for value in node:
            _mend(value)
    return node


def _files() -> dict[str, Any]:
    """Every YAML file of the schema, by path relative to the schema folder, mended."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    root = resources.files("tenfour.interop") / "schemas" / "eido"
    found: dict[str, Any] = {}
    for rel in ["openapi.yaml"] + [
        f"NIEMComponents/{p.name}" for p in (root / "NIEMComponents").iterdir()
    ]:
        if rel.endswith(".yaml"):
            found[rel] = _mend(yaml.load((root / rel).read_text("utf-8"), Loader=loader))  # noqa: S506 - safe loader
    return found


def _format_checker() -> FormatChecker:
    checker = FormatChecker(formats=())

    @checker.checks("date-time", raises=ValueError)  # type: ignore[untyped-decorator]
    def _date_time(value: object) -> bool:
        if not isinstance(value, str):
            return True
        if not _RFC3339.match(value):
            return False
        datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
        return True

    @checker.checks("uri")  # type: ignore[untyped-decorator]
    def _uri(value: object) -> bool:
        return not isinstance(value, str) or bool(_URI.match(value))

    return checker


class EidoSchema:
    """The loaded schema: a validator for whole documents and a walker for member names."""

    def __init__(self, files: dict[str, Any]) -> None:
        self.registry: Registry[Any] = Registry().with_resources(
            (BASE + rel, Resource.from_contents(doc, default_specification=DRAFT7))
            for rel, doc in files.items()
        )
        self.validator = Draft7Validator(
            {"$ref": f"{ROOT}#/components/schemas/{EIDO_TYPE}"},
            registry=self.registry,
            format_checker=_format_checker(),
        )
        self._props: dict[str, dict[str, tuple[Any, str]] | None] = {}

    def problems(self, document: Any) -> list[Problem]:
        """Every schema violation, the most relevant first."""
        errors = list(self.validator.iter_errors(document))
        if not errors:
            return []
        first = best_match(errors)
        rest = [e for e in errors if e is not first]
        return [_problem(first), *(_problem(e) for e in rest)]

    def unknown_members(self, document: Any) -> dict[str, Any]:
        """Members the schema does not define, by JSON pointer, with their values verbatim."""
        out: dict[str, Any] = {}
        self._walk(document, f"{ROOT}#/components/schemas/{EIDO_TYPE}", "", out)
        return out

    def _walk(self, value: Any, uri: str, pointer: str, out: dict[str, Any]) -> None:
        if isinstance(value, list):
            items = self._items(uri)
            for i, item in enumerate(value):
                if items is not None:
                    self._walk(item, items, f"{pointer}/{i}", out)
            return
        if not isinstance(value, dict):
            return
        props = self.properties(uri)
        if props is None:
            return
        for key, member in value.items():
            where = f"{pointer}/{_escape(key)}"
            if key in props:
                self._walk(member, props[key][1], where, out)
            else:
                out[where] = member

    def properties(self, uri: str) -> dict[str, tuple[Any, str]] | None:
        """Property name -> (schema, uri) of an object schema; None when it names none."""
        if uri not in self._props:
            self._props[uri] = self._collect(uri)
        return self._props[uri]

    def _collect(self, uri: str) -> dict[str, tuple[Any, str]] | None:
        schema, base = self._resolve(uri)
        found: dict[str, tuple[Any, str]] = {}
        named = False
        for i, part in enumerate(schema.get("allOf", [])):
            sub = self.properties(_child(base, uri, part, f"allOf/{i}"))
            if sub is not None:
                named = True
                found.update(sub)
        if isinstance(schema.get("properties"), dict):
            named = True
            for key, sub_schema in schema["properties"].items():
                found[key] = (
                    sub_schema,
                    _child(base, uri, sub_schema, f"properties/{_escape(key)}"),
                )
        return found if named else None

    def _items(self, uri: str) -> str | None:
        schema, base = self._resolve(uri)
        items = schema.get("items")
        return _child(base, uri, items, "items") if isinstance(items, dict) else None

    def _resolve(self, uri: str) -> tuple[dict[str, Any], str]:
        """Follow ``$ref`` until a schema without one; returns it and its own uri."""
        resolver = self.registry.resolver()
        for _ in range(20):
            resolved = resolver.lookup(uri)
            schema = resolved.contents
            ref = schema.get("$ref") if isinstance(schema, dict) else None
            if not isinstance(ref, str):
                return (schema if isinstance(schema, dict) else {}), uri
            uri = _join(uri, ref)
        raise ValueError(f"reference loop at {uri}")


def _child(base: str, uri: str, schema: Any, step: str) -> str:
    """The uri of a subschema: its ``$ref`` target, or a pointer below its parent."""
    if isinstance(schema, dict) and isinstance(schema.get("$ref"), str):
        return _join(uri, schema["$ref"])
    return f"{uri}/{step}" if "#" in uri else f"{uri}#/{step}"


def _join(uri: str, ref: str) -> str:
    document = uri.partition("#")[0]
    path, _, fragment = ref.partition("#")
    if path:
        folder = document.rsplit("/", 1)[0]
        document = f"{folder}/{path}"
    return f"{document}#{fragment}"


def _escape(key: str) -> str:
    return key.replace("~", "~0").replace("/", "~1")


def _problem(error: ValidationError) -> Problem:
    pointer = "".join(f"/{_escape(str(p))}" for p in error.absolute_path)
    return Problem(pointer, error.message)


@cache
def _schema() -> EidoSchema:
    return EidoSchema(_files())


def schema() -> EidoSchema:
    """The shared, lazily loaded schema (thread-safe first load)."""
    with _LOCK:
        return _schema()


def warm() -> None:
    """Load the schema now rather than on the first document."""
    schema()


def problems(document: Any) -> list[Problem]:
    """Every way ``document`` breaks the EIDO schema, the most relevant first."""
    return schema().problems(document)


def unknown_members(document: Any) -> dict[str, Any]:
    """Members of ``document`` the EIDO schema does not define, by JSON pointer."""
    return schema().unknown_members(document)
