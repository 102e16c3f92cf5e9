"""Generated Markdown as MkDocs turns it into HTML: Python-Markdown with mkdocs.yml's extensions.

Unit tests of the core read what a reader gets (elements, text, attributes), not the Markdown
spelling of it.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import markdown
import yaml

ROOT = Path(__file__).resolve().parent.parent


@functools.cache
def _extensions() -> tuple[list[str], dict[str, dict]]:
    class Loader(yaml.SafeLoader):
        pass
    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)
    names, options = [], {}
    for entry in config["markdown_extensions"]:
        name, settings = next(iter(entry.items())) if isinstance(entry, dict) else (entry, None)
        names.append(name)
        if settings:
            options[name] = settings
    return names, options


def to_html(source: str) -> str:
    """The HTML of a Markdown page or fragment."""
    names, options = _extensions()
    return markdown.markdown(source, extensions=names, extension_configs=options)


def inline_html(source: str) -> str:
    """The HTML of one paragraph's inline Markdown, without the <p> around it."""
    html = to_html(source)
    match = re.fullmatch(r"<p>(.*)</p>", html, re.DOTALL)
    return match.group(1) if match else html
