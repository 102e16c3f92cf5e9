"""YAML loading that remembers line numbers and refuses duplicate keys."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from .errors import EditorError


class LineDict(dict[Any, Any]):
    """A mapping that knows the source line of each key (1-based)."""

    line: int = 0
    key_lines: dict[Any, int]


class LineList(list[Any]):
    """A sequence that knows the source line of each item (1-based)."""

    line: int = 0
    item_lines: list[int]


# libyaml's parser when PyYAML has it (several times faster), the pure-Python one otherwise.
if TYPE_CHECKING:
    from yaml import SafeLoader as _BaseLoader
else:
    _BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):
    """SafeLoader building LineDict/LineList and refusing duplicate keys."""


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    result = LineDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in result:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key '{key}'", key_node.start_mark)
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = key_node.start_mark.line + 1
    return result


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode) -> LineList:
    result = LineList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)
# Dates stay strings: editors write 2021 or 2021-06 as often as 2021-06-01.
_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_yaml(path: Path) -> Any:
    """Parse a YAML file; a syntax error becomes an EditorError with its line."""
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise EditorError(path, "not valid UTF-8", "save the file as UTF-8",
                          path.read_bytes()[: exc.start].count(b"\n") + 1) from None
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - _Loader is a SafeLoader
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        column = mark.column + 1 if mark else None
        problem = f"YAML error: {exc.problem or exc.context}".rstrip()
        raise EditorError(path, problem, "correct the YAML syntax at that place "
                          "(indentation, a missing ':' or an unclosed quote)", line, column) from None


@dataclass(frozen=True)
class Field:
    """One allowed key of a YAML mapping."""

    types: tuple[type, ...]
    required: bool = False
    hint: str = ""


def check_mapping(path: Path, node: Any, schema: dict[str, Field], what: str) -> LineDict:
    """Refuse unknown keys, missing required keys and values of the wrong type."""
    line = getattr(node, "line", None)
    if not isinstance(node, LineDict):    # every mapping load_yaml reads is one
        raise EditorError(path, f"{what} must be a mapping of key: value",
                          f"write {what} as 'key: value' lines", line)
    for key in node:
        if key not in schema:
            raise EditorError(path, f"unknown key '{key}' in {what}",
                              "use one of: " + ", ".join(schema), node.key_lines.get(key, line))
    for key, spec in schema.items():
        if key not in node:
            if spec.required:
                raise EditorError(path, f"{what} lacks the required key '{key}'",
                                  f"add '{key}: …' {spec.hint}".rstrip(), line)
            continue
        value = node[key]
        if not isinstance(value, spec.types) or isinstance(value, bool) and bool not in spec.types:
            names = " or ".join(_type_name(t) for t in spec.types)
            raise EditorError(path, f"'{key}' must be {names}, not {_type_name(type(value))}",
                              f"give '{key}' a {names} value {spec.hint}".rstrip(),
                              node.key_lines.get(key, line))
    return node


def _type_name(t: type) -> str:
    return {str: "text", int: "a whole number", list: "a list", dict: "a mapping",
            bool: "true/false", type(None): "empty", LineList: "a list",
            LineDict: "a mapping"}.get(t, t.__name__)


def str_list(path: Path, node: LineDict, key: str, what: str) -> tuple[str, ...]:
    """A list of non-empty strings under key (empty when the key is absent)."""
    values = node.get(key) or []
    line = node.key_lines.get(key, node.line)
    lines = getattr(values, "item_lines", [])
    for index, value in enumerate(values):
        if not isinstance(value, str) or not value.strip():
            where = lines[index] if index < len(lines) else line
            raise EditorError(path, f"'{key}' in {what} must list words, found {value!r}",
                              "write each item as a word (quote it if YAML reads it as a number)", where)
    return tuple(v.strip() for v in values)

