"""Deterministic synthetic seeds for the build benchmark, recombined from the real seeds.

Article i (same text for every corpus size) draws paragraphs and captions from
the real seeds with random.Random(f"build-bench-{i}") and writes them as a
Markdown-style seed with a sidecar. Each article passes its text through its own
random substitution of CJK characters, so articles do not share paragraphs
verbatim by accident, but words the editors' data looks for (glossary terms and
aliases, theme keywords, names in the people directory, role words, measure
words, festivals, 年/月/日) are kept intact, so glossary, themes, people and
timeline still find matches at a realistic rate. A small share of blocks
(PLANTED_SHARE) is copied verbatim: those are the parallels the cross-reference
has to find.
"""

from __future__ import annotations

import random
import re
import shutil
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from republish.model import Article, Block  # noqa: E402
from republish.parse import parse_article  # noqa: E402

SEED_DIR = ROOT / "seeds"
DATA_DIR = ROOT / "data"
SECTIONS = (3, 6)          # sections per synthetic article (inclusive range)
BLOCKS = (4, 9)            # blocks per section (inclusive range)
PLANTED_SHARE = 0.03       # share of blocks copied verbatim from a seed
KEPT_CHARACTERS = "年月日号"
NUMBER = re.compile(r"^[0-9]+\s*")


def seed_articles() -> list[Article]:
    """The real seeds, parsed."""
    return [parse_article(path, path.read_text(encoding="utf-8")) for path in sorted(SEED_DIR.glob("*.txt"))]


def block_pool(articles: list[Article]) -> list[Block]:
    """Every paragraph and caption of the seeds that is long enough to stay a paragraph."""
    return [block for article in articles for _, block in article.blocks()
            if block.id and block.kind in ("paragraph", "caption") and len(block.text) >= 12]


def heading_pool(articles: list[Article]) -> list[str]:
    """Every section heading of the seeds."""
    return [NUMBER.sub("", s.heading) for a in articles for s in a.sections if s.heading]


def _strings(node: object) -> list[str]:
    """Every string inside a nested YAML value."""
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [s for value in node.values() for s in _strings(value)]
    if isinstance(node, list):
        return [s for item in node for s in _strings(item)]
    return []


def protected_words(data_dir: Path = DATA_DIR) -> list[str]:
    """Words the features look for, longest first: they survive the substitution."""
    def load(name: str) -> dict:
        return yaml.safe_load((data_dir / name).read_text(encoding="utf-8")) or {}
    words: set[str] = set(KEPT_CHARACTERS)
    for entry in yaml.safe_load((data_dir / "glossary.yml").read_text(encoding="utf-8")) or []:
        words.update([entry["term"], *entry.get("aliases", [])])
    for theme in load("themes.yml").get("themes", []):
        words.update(theme.get("keywords", []))
    people = load("people.yml")
    words.update(_strings(people.get("roles", {}).get("words", [])))
    for entry in people.get("entries", []):
        words.update([entry["name"], *entry.get("variants", [])])
    timeline = load("timeline.yml")
    words.update(timeline.get("festivals", []) + timeline.get("measure_words", []))
    return sorted((w for w in words if w and not w.isascii()), key=lambda w: (-len(w), w))


class Disguise:
    """A per-article substitution of CJK characters that leaves protected words alone."""

    def __init__(self, alphabet: list[str], protected: list[str], rng: random.Random) -> None:
        self.table = str.maketrans(dict(zip(alphabet, rng.sample(alphabet, len(alphabet)))))
        self.pattern = re.compile("|".join(map(re.escape, protected)))

    def __call__(self, text: str) -> str:
        """The text with everything outside protected words substituted."""
        out, position = [], 0
        for match in self.pattern.finditer(text):
            out += [text[position:match.start()].translate(self.table), match.group()]
            position = match.end()
        return "".join(out + [text[position:].translate(self.table)])


def cjk_alphabet(pool: list[Block]) -> list[str]:
    """The distinct CJK characters of the pool, in a fixed order."""
    return sorted({c for block in pool for c in block.text if "\u4e00" <= c <= "\u9fff"})


class Generator:
    """Writes synthetic seeds; article i is identical whatever the corpus size."""

    def __init__(self) -> None:
        seeds = seed_articles()
        self.pool = block_pool(seeds)
        self.headings = heading_pool(seeds)
        self.alphabet = cjk_alphabet(self.pool)
        self.protected = protected_words()

    def seed(self, index: int) -> tuple[str, str]:
        """The text and sidecar of article `index`."""
        rng = random.Random(f"build-bench-{index}")
        disguise = Disguise(self.alphabet, self.protected, rng)
        title = disguise(rng.choice(self.headings)) or "合成文章"
        lines = [f"## {title}", "", f"文/{disguise('王磊')}", ""]
        sizes = [rng.randint(*BLOCKS) for _ in range(rng.randint(*SECTIONS))]
        blocks = iter(rng.sample(self.pool, min(sum(sizes), len(self.pool))))
        for s, size in enumerate(sizes, start=1):
            lines += [f"### {s} {disguise(rng.choice(self.headings))}", ""]
            for block in (b for _, b in zip(range(size), blocks)):
                text = block.text if rng.random() < PLANTED_SHARE else disguise(block.text)
                lines += [text.replace("\n", ""), ""]
        day = 1 + index % 28
        month = 1 + (index // 28) % 12
        sidecar = (f"slug: syn-{index:05d}\npublication: 合成日报\n"
                   f"date: \"{2000 + index // 336:04d}-{month:02d}-{day:02d}\"\n")
        return "\n".join(lines), sidecar

    def write(self, seeds_dir: Path, count: int) -> int:
        """Write `count` seeds (with sidecars); returns the characters of text written."""
        seeds_dir.mkdir(parents=True, exist_ok=True)
        chars = 0
        for index in range(count):
            text, sidecar = self.seed(index)
            (seeds_dir / f"syn_{index:05d}.txt").write_text(text, encoding="utf-8")
            (seeds_dir / f"syn_{index:05d}.yml").write_text(sidecar, encoding="utf-8")
            chars += len(text)
        return chars


def bench_data(target: Path) -> Path:
    """The real data without the notes (they quote the real seeds)."""
    shutil.copytree(DATA_DIR, target, dirs_exist_ok=True)
    shutil.rmtree(target / "notes", ignore_errors=True)
    return target
