"""Material's markup names live in the templates (overrides/), never in Python: the core and the
hook write no header option, no data-md-component, no theme config script."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
# A Material class (md-header__option, md-search…), a data-md-* attribute, the __config script.
MATERIAL_NAME = re.compile(r"(?<![\w-])md-[a-z]|data-md-|__config\b")


def docstrings(tree: ast.AST) -> set[int]:
    """ids of the string statements that document (module, class, function docstrings and the like)."""
    return {id(node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)}


def material_names(source: str) -> list[tuple[int, str]]:
    """(line, text) of every string literal of a module that names Material markup; comments and
    docstrings may talk about it."""
    tree = ast.parse(source)
    skip = docstrings(tree)
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip
            and MATERIAL_NAME.search(node.value)]


def test_the_check_finds_markup_written_by_python() -> None:
    source = ('"""Docstrings may say md-header."""\n'
              'SLOT = \'<form class="md-header__option" data-md-component="palette">\'\n'
              'def f(x):\n    return f"<div {x} data-md-color>"\n'
              'CONFIG = "__config"\nOWN = "rp-md-like rp-switch"\n')
    assert sorted(line for line, _ in material_names(source)) == [2, 4, 5]


def test_no_python_module_writes_material_markup() -> None:
    modules = sorted((ROOT / "republish").rglob("*.py")) + sorted((ROOT / "hooks").rglob("*.py"))
    assert len(modules) > 10
    found = [f"{path.relative_to(ROOT)}:{line}: {text[:60]!r}" for path in modules
             for line, text in material_names(path.read_text(encoding="utf-8"))]
    assert not found, "Material markup written in Python (move it into overrides/):\n" + "\n".join(found)


# Python string methods Jinja2 allows in templates but Zensical's template engine (minijinja) does
# not have: a template using one breaks the hook-less build of the export there.
STRING_METHOD = re.compile(r"\.(startswith|endswith|count|split|strip|lstrip|rstrip|replace|lower|upper)\(")
JINJA_EXPRESSION = re.compile(r"\{[{%].*?[%}]\}", re.DOTALL)   # not the JavaScript beside them


def test_our_templates_use_no_python_string_methods() -> None:
    ours = [p for p in (ROOT / "overrides").rglob("*.html")
            if "rp-" in p.name or p.name == "main.html"]   # the partials copied from Material stay as they are
    assert ours, "no template of our own found"
    found = [f"{p.relative_to(ROOT)}: {m.group()}" for p in ours
             for expression in JINJA_EXPRESSION.findall(p.read_text(encoding="utf-8"))
             for m in STRING_METHOD.finditer(expression)]
    assert not found, f"use slices and filters instead: {found[:3]}"
