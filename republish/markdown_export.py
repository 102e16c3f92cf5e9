"""The whole site as plain Markdown, for a generator that runs no MkDocs hooks.

`python -m republish markdown OUT/` builds the site with the core (`build_site`, settings read
from mkdocs.yml) and writes into OUT/ every generated page, the hand-written pages of docs/ with
their slot filled, the other files of docs/ (assets), every file beside the pages (downloads,
feeds, annotations, the script map) and the traditional twin of every Markdown page under
OUT/zh-Hant/. Beside OUT/ (MkDocs refuses a config inside its docs_dir) it writes OUT.yml: the
project's mkdocs.yml without `hooks:`, with docs_dir at OUT/, theme overrides and an explicit nav
that lists both scripts. `mkdocs build -f OUT.yml` (or another generator reading mkdocs.yml,
Python-Markdown and pymdown-extensions, e.g. Zensical) then builds the same content.

A twin is its simplified page converted with the site's Converter, as the hook build converts
finished HTML, except that what is code-like stays as written even when it is not ASCII: fenced
and inline code, link targets, and the values of attributes that name ids, classes or URLs. A
traditional-script source gets its printed characters back from `Site.originals`, block by block.
Nothing here imports MkDocs.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from . import memo
from .exports import LISTING_SLOT
from .script import Converter
from .site import NAV_GROUP_ABOVE, Site, SiteSettings, build_site
from .twins import HANT_DIR

MARKER = ".republish-export"     # written into OUT/: a folder holding it may be emptied by the next export
FRONT_MATTER = re.compile(r"\A---\n(.*?\n)---\n", re.DOTALL)
# Spans whose text is code-like and must not be converted even where it is not ASCII (code
# elements need no entry: Converter.convert_markup never converts them, here as in the hook build).
PROTECTED = re.compile(
    r"^(?P<fence>```|~~~).*?^(?P=fence)[^\n]*$"                   # fenced code
    r"|`[^`\n]+`"                                                   # inline code
    r"|\]\([^)\s]*"                                                 # a Markdown link's target
    r"|^\[[^\]\n]+\]:[ \t]*\S+"                                     # a reference definition's target
    r"|\b(?:href|src|srcset|id|for|class|name|lang|hreflang|type|rel|data-(?:note|term|kind|lines|rp-script)"
    r"|aria-(?:describedby|labelledby|controls))=\"[^\"]*\"",
    re.DOTALL | re.MULTILINE)
# The pieces of a page's text that a reader sees, for restoring printed characters: tags and
# attribute lists are skipped whole, an entity counts as the one character it stands for.
TOKEN = re.compile(r"<(?P<close>/?)(?P<name>[A-Za-z][\w-]*)(?P<attrs>[^>]*)>|\{:?[ \t]*[#.][^}\n]*\}|&#?\w+;|.",
                   re.DOTALL)
VOID_ELEMENTS = frozenset("area base br col embed hr img input link meta source track wbr".split())
EDITORIAL_CLASS = re.compile(r"""\bclass=["'][^"']*\brp-ed\b""")
TWINS_SECTION = "繁體中文"   # the nav section of the traditional twins
URL_KEYS = frozenset({"href", "src", "url", "id", "@id", "type", "@type", "@context"})


# -----------------------------------------------------------------------------
# mkdocs.yml: read it (with its !ENV tags), write the hook-less copy (keeping them)
# -----------------------------------------------------------------------------

@dataclass(frozen=True)
class EnvTag:
    """A `!ENV` value of mkdocs.yml: a variable name, or names then a default (MkDocs' rule)."""

    value: str | list[Any]

    def resolve(self, environ: Mapping[str, str] = os.environ) -> Any:
        names = [self.value] if isinstance(self.value, str) else list(self.value)
        default = names.pop() if len(names) > 1 else None
        for name in names:
            if name in environ:
                return yaml.safe_load(environ[name]) if environ[name] else environ[name]
        return default


class _ConfigLoader(yaml.SafeLoader):
    """SafeLoader that keeps `!ENV` values as EnvTag (and ignores other Python tags MkDocs allows)."""


class _ConfigDumper(yaml.SafeDumper):
    """SafeDumper that writes EnvTag back as `!ENV`."""


def _construct_env(loader: yaml.SafeLoader, node: yaml.Node) -> EnvTag:
    if isinstance(node, yaml.SequenceNode):
        return EnvTag(loader.construct_sequence(node))
    return EnvTag(loader.construct_scalar(node))  # type: ignore[arg-type]


_ConfigLoader.add_constructor("!ENV", _construct_env)
_ConfigDumper.add_representer(
    EnvTag, lambda dumper, tag: (dumper.represent_sequence("!ENV", tag.value, flow_style=True)
                                 if isinstance(tag.value, list) else dumper.represent_scalar("!ENV", tag.value)))


def load_config(path: Path) -> dict[str, Any]:
    """mkdocs.yml as data, `!ENV` values kept as EnvTag."""
    with open(path, encoding="utf-8") as file:
        return yaml.load(file, Loader=_ConfigLoader) or {}  # noqa: S506 (a SafeLoader subclass)


def resolved(value: Any) -> Any:
    """A config value with its `!ENV` tag read from the environment."""
    return value.resolve() if isinstance(value, EnvTag) else value


def settings_of(config: dict[str, Any], root: Path) -> SiteSettings:
    """The core's settings, read from mkdocs.yml the way the hook reads them."""
    extra = (config.get("extra") or {}).get("republish") or {}
    cache = extra.get("cache_dir", memo.DEFAULT_DIR)
    return SiteSettings(
        seeds_dir=root / extra.get("seeds_dir", "seeds"),
        data_dir=root / extra.get("data_dir", "data"),
        directory_urls=bool(resolved(config.get("use_directory_urls", True))),
        title=config.get("site_name", SiteSettings.title),
        intro=extra.get("intro", ""),
        profile=extra.get("profile"),
        cache_dir=root / cache if cache else None,
        site_url=resolved(config.get("site_url")) or "",
        docs_dir=root / config.get("docs_dir", "docs"),
    )


# -----------------------------------------------------------------------------
# Converting a Markdown page into its traditional twin
# -----------------------------------------------------------------------------

def convert_page(markdown: str, converter: Converter) -> str:
    """A Markdown page in traditional script: its text converted, code-like spans kept."""
    parts, position = [], 0
    for match in PROTECTED.finditer(markdown):
        parts.append(converter.convert_markup(markdown[position:match.start()], "hant"))
        parts.append(match.group())
        position = match.end()
    parts.append(converter.convert_markup(markdown[position:], "hant"))
    return "".join(parts)


def _convert_value(value: Any, converter: Converter, key: str = "") -> Any:
    """A front-matter value converted: strings (not those of code-like keys), lists and maps within."""
    if isinstance(value, str):
        return value if key in URL_KEYS else converter.convert_markup(value, "hant")
    if isinstance(value, list):
        return [_convert_value(item, converter, key) for item in value]
    if isinstance(value, dict):
        return {k: _convert_value(v, converter, k) for k, v in value.items()}
    return value


def twin_front_matter(front: str, converter: Converter) -> str:
    """Front matter of a twin: keys as they are, values converted, rp_head made the twin's own.
    Written as JSON values, which are valid YAML (as republish.render writes it)."""
    try:
        data = yaml.safe_load(front)
    except yaml.YAMLError:      # MkDocs would not read it either; convert it as text
        data = None
    if not isinstance(data, dict):
        return converter.convert_markup(front, "hant")
    lines = []
    for key, value in data.items():
        # rp_head holds each script's citation data (language, URL); the theme picks the page's.
        value = _convert_value(value, converter, str(key))
        lines.append(f"{key}: {json.dumps(value, ensure_ascii=False, default=str)}\n")  # a YAML date as its text
    return "".join(lines)


def twin_markdown(markdown: str, converter: Converter, originals: Mapping[str, str] | None = None,
                  model_texts: Mapping[str, str] | None = None) -> str:
    """The traditional twin of a Markdown page: front matter and text converted, printed characters
    of a traditional source restored (originals: block id → printed text, model_texts: block id →
    the simplified text the page shows)."""
    match = FRONT_MATTER.match(markdown)
    front = f"---\n{twin_front_matter(match.group(1), converter)}---\n" if match else ""
    body = convert_page(markdown[match.end():] if match else markdown, converter)
    if originals:
        body = restore_printed(body, originals, model_texts or {}, converter)
    return front + body


# -----------------------------------------------------------------------------
# A traditional source's own characters on its twin
# -----------------------------------------------------------------------------

def restore_printed(markdown: str, originals: Mapping[str, str], model_texts: Mapping[str, str],
                    converter: Converter) -> str:
    """Give each block of a traditional source its printed characters back.

    The block is the Markdown paragraph (text between blank lines) that carries its id, as an
    HTML id or in an attribute list. Its visible characters outside editorial elements (class
    rp-ed) are matched in order against the model's text; each one that matches (as it is or
    converted) takes the printed character of its position. A block whose model text and printed
    text differ in length, or that is not found whole, is left converted, as the hook build does.
    """
    for block_id, printed in originals.items():
        model = model_texts.get(block_id)
        if model is None or len(model) != len(printed):
            continue
        pattern = re.compile(rf'\bid="{re.escape(block_id)}"|\{{[^}}\n]*#{re.escape(block_id)}[\s}}]')
        found = pattern.search(markdown)
        if not found:
            continue
        start = markdown.rfind("\n\n", 0, found.start()) + 1 if "\n\n" in markdown[:found.start()] else 0
        end = markdown.find("\n\n", found.end())
        end = len(markdown) if end < 0 else end
        chunk = _restored_chunk(markdown[start:end], model, printed, converter)
        if chunk is not None:
            markdown = markdown[:start] + chunk + markdown[end:]
    return markdown


def _visible(chunk: str) -> Iterator[tuple[re.Match[str], bool]]:
    """Each token of a chunk with whether it is text of the seed (not a tag, not editorial)."""
    stack: list[bool] = []      # per open element: whether it is editorial
    protected = [m.span() for m in PROTECTED.finditer(chunk)]
    for token in TOKEN.finditer(chunk):
        if token.group("name"):
            name = token.group("name").lower()
            if token.group("close"):
                if stack:
                    stack.pop()
            elif name not in VOID_ELEMENTS and not token.group("attrs").rstrip().endswith("/"):
                stack.append(bool(EDITORIAL_CLASS.search(token.group("attrs"))))
            yield token, False
        elif len(token.group()) > 1 and token.group().startswith("{"):
            yield token, False
        else:
            inside = any(a <= token.start() < b for a, b in protected)
            yield token, not any(stack) and not inside


def _restored_chunk(chunk: str, model: str, printed: str, converter: Converter) -> str | None:
    """The chunk with the model's characters replaced by the printed ones, None if not all found."""
    wanted = [(m, p) for m, p in zip(model, printed) if not m.isascii()]
    parts: list[str] = []
    index = 0
    for token, seed_text in _visible(chunk):
        text = token.group()
        character = html.unescape(text) if text.startswith("&") else text
        if seed_text and index < len(wanted) and not character.isascii():
            model_char, printed_char = wanted[index]
            if character in (model_char, printed_char) or converter.to_hans(character) == model_char:
                index += 1
                text = printed_char
        parts.append(text)
    return "".join(parts) if index == len(wanted) else None


# -----------------------------------------------------------------------------
# The export
# -----------------------------------------------------------------------------

@dataclass
class Export:
    """What an export wrote: the Markdown pages (doc paths, both scripts), the config, warnings."""

    out: Path
    config: Path
    pages: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def twin_path(doc_path: str) -> str:
    return f"{HANT_DIR}/{doc_path}"


def simplified_pages(site: Site, docs_dir: Path) -> dict[str, str]:
    """Every Markdown page of the simplified site: generated ones, then the hand-written ones of
    docs/ with their slot filled (what hooks.on_page_markdown does)."""
    pages = {page.path: page.markdown for page in site.pages}
    for path in sorted(docs_dir.rglob("*.md")):
        doc = path.relative_to(docs_dir).as_posix()
        if doc not in pages:
            text = path.read_text(encoding="utf-8")
            insert = site.inserts.get(doc)
            pages[doc] = text.replace(LISTING_SLOT, insert, 1) if insert is not None else text
    return pages


def _model_texts(site: Site) -> dict[str, dict[str, str]]:
    """Page path → block id → the block's simplified text, for articles with a traditional source."""
    return {f"{a.slug}.md": {b.id: b.text for _, b in a.blocks() if b.id} for a in site.articles if a.originals}


def twin_nav(nav: list[Any], converter: Converter) -> list[Any]:
    """The nav of the twins: titles converted, every page under zh-Hant/."""
    def entry(item: Any) -> Any:
        if isinstance(item, str):
            return twin_path(item)
        if isinstance(item, list):
            return [entry(i) for i in item]
        return {converter.to_hant(title): entry(value) for title, value in item.items()}
    return [entry(item) for item in nav]


def export_nav(site: Site, handwritten: list[str], group_above: int) -> list[Any]:
    """The site's nav, then its twin as a section named 繁體中文: a hook-less build has one nav for
    both scripts, and every page must be in it (validation.nav.omitted_files under --strict)."""
    nav = site.nav(handwritten, group_above)
    return nav + [{TWINS_SECTION: twin_nav(nav, site.converter)}]


def export_config(config: dict[str, Any], root: Path, out: Path, config_out: Path, nav: list[Any]) -> dict[str, Any]:
    """The project's config for a build of OUT/ without hooks: paths made relative to config_out."""
    plain = {key: value for key, value in config.items() if key != "hooks"}
    base = config_out.parent.resolve()
    plain["docs_dir"] = os.path.relpath(out.resolve(), base)
    theme = dict(plain.get("theme") or {})
    if theme.get("custom_dir"):
        theme["custom_dir"] = os.path.relpath((root / theme["custom_dir"]).resolve(), base)
        plain["theme"] = theme
    plain["nav"] = nav
    return plain


def _prepare_out(out: Path) -> None:
    """An empty OUT/: made, or emptied when a former export left it (never another folder)."""
    if out.exists() and any(out.iterdir()):
        if not (out / MARKER).exists():
            raise FileExistsError(f"{out} is not empty and holds no {MARKER} of a former export. "
                                  "Fix: give an empty or new folder")
        shutil.rmtree(out)
    out.mkdir(parents=True, exist_ok=True)
    (out / MARKER).write_text("written by python -m republish markdown; emptied by the next export\n",
                              encoding="utf-8")


def _write(out: Path, path: str, content: str | bytes) -> None:
    target = out / path
    target.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        target.write_bytes(content)
    else:
        target.write_text(content, encoding="utf-8")


def export_markdown(config_path: Path, out: Path, config_out: Path | None = None,
                    build: Callable[[SiteSettings], Site] = build_site) -> Export:
    """Write the site as Markdown into out/ and a hook-less config beside it (default: out.yml)."""
    root = config_path.resolve().parent
    config = load_config(config_path)
    settings = settings_of(config, root)
    config_out = config_out or out.parent / f"{out.resolve().name}.yml"
    if config_out.resolve().is_relative_to(out.resolve()):
        raise ValueError(f"{config_out} is inside {out}: MkDocs refuses a config inside its docs_dir. "
                         "Fix: write it beside the folder (--config-out)")
    site = build(settings)
    _prepare_out(out)
    docs_dir = settings.docs_dir or root / "docs"
    for asset in sorted(p for p in docs_dir.rglob("*") if p.is_file() and p.suffix != ".md"):
        _write(out, asset.relative_to(docs_dir).as_posix(), asset.read_bytes())
    for site_path, content in site.files.items():
        _write(out, site_path, content)
    pages = simplified_pages(site, docs_dir)
    models = _model_texts(site)
    written: list[str] = []
    for path, markdown in pages.items():
        _write(out, path, markdown)
        _write(out, twin_path(path), twin_markdown(markdown, site.converter, site.originals.get(path),
                                                   models.get(path)))
        written += [path, twin_path(path)]
    generated = {page.path for page in site.pages}
    group_above = ((config.get("extra") or {}).get("republish") or {}).get("nav_group_above", NAV_GROUP_ABOVE)
    nav = export_nav(site, [p for p in pages if p not in generated], group_above)
    plain = export_config(config, root, out, config_out, nav)
    config_out.parent.mkdir(parents=True, exist_ok=True)
    config_out.write_text(yaml.dump(plain, Dumper=_ConfigDumper, allow_unicode=True, sort_keys=False),
                          encoding="utf-8")
    site.memos.save()
    return Export(out, config_out, written, list(site.warnings))
