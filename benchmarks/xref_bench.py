"""Benchmark of parallel-passage detection (republish.passages.find_passages).

Synthetic articles are built deterministically from the seeds' paragraphs and
captions: each article recombines randomly chosen seed blocks into sections
(random.Random seeded per article, so article i is the same for every N).

Two corpora are timed:
- "disguised" (realistic): each article's text passes through its own random
  substitution of the seeds' CJK characters, so articles do not share text by
  accident, except that a few blocks per article (PLANTED_SHARE) are left
  verbatim. Those planted copies are the parallels to find.
- "verbatim" (stress): every block is a verbatim seed block, so each text
  recurs in about N * blocks / pool articles. Once that exceeds the cap
  max_blocks_per_shingle, the text counts as boilerplate and is skipped, which
  is what keeps the cost linear.

Run from the repository root:  .venv/bin/python benchmarks/xref_bench.py [N ...]
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from republish.model import Article, Block, Section  # noqa: E402
from republish.parse import parse_article  # noqa: E402
from republish.passages import PassageSettings, find_passages  # noqa: E402

SEED_DIR = ROOT / "seeds"
SIZES = (2, 100, 1000)
SECTIONS = (3, 6)            # sections per synthetic article (inclusive range)
BLOCKS = (4, 9)              # blocks per section (inclusive range)
PLANTED_SHARE = 0.03         # share of blocks kept verbatim in the disguised corpus


def seed_articles() -> list[Article]:
    """The real seeds, parsed."""
    return [parse_article(path, path.read_text(encoding="utf-8")) for path in sorted(SEED_DIR.glob("*.txt"))]


def block_pool(articles: list[Article]) -> list[Block]:
    """Every paragraph and caption of the seeds."""
    return [block for article in articles for _, block in article.blocks()
            if block.id and block.kind in ("paragraph", "caption")]


def cjk_alphabet(pool: list[Block]) -> list[str]:
    """The distinct CJK characters of the pool, in a fixed order."""
    return sorted({char for block in pool for char in block.text if "\u4e00" <= char <= "\u9fff"})


def synthetic_article(index: int, pool: list[Block], alphabet: list[str], disguised: bool) -> Article:
    """Article `index`: seed blocks recombined into sections, optionally disguised."""
    rng = random.Random(f"xref-bench-{index}")
    table = str.maketrans(dict(zip(alphabet, rng.sample(alphabet, len(alphabet))))) if disguised else {}
    article = Article(source=Path(f"synthetic/{index:05d}.txt"), slug=f"syn-{index:05d}",
                      title=f"合成文章 {index}")
    line = 1
    for s in range(1, rng.randint(*SECTIONS) + 1):
        section = Section(f"s{s}", f"第{s}节", line)
        for p in range(1, rng.randint(*BLOCKS) + 1):
            source = rng.choice(pool)
            keep = not disguised or rng.random() < PLANTED_SHARE
            text = source.text if keep else source.text.translate(table)
            line += 2
            section.blocks.append(Block(source.kind, text, line, id=f"s{s}-{source.kind[0]}{p}"))
        article.sections.append(section)
    return article


def time_detection(articles: list[Article], settings: PassageSettings) -> tuple[float, int]:
    """Seconds taken by find_passages and the number of passages found."""
    start = time.perf_counter()
    found = find_passages(articles, settings)
    return time.perf_counter() - start, len(found)


def main(sizes: tuple[int, ...]) -> None:
    """Print timings for the seeds and for each synthetic corpus size."""
    seeds = seed_articles()
    pool = block_pool(seeds)
    alphabet = cjk_alphabet(pool)
    settings = PassageSettings()
    seconds, count = time_detection(seeds, settings)
    print(f"seeds: {len(seeds)} articles, {len(pool)} blocks -> {count} passages in {seconds:.3f} s")
    print(f"{'corpus':<10} {'N':>6} {'blocks':>8} {'chars':>10} {'passages':>9} {'seconds':>8}")
    for disguised in (True, False):
        name = "disguised" if disguised else "verbatim"
        for size in sizes:
            corpus = [synthetic_article(i, pool, alphabet, disguised) for i in range(size)]
            blocks = [b for a in corpus for _, b in a.blocks()]
            seconds, count = time_detection(corpus, settings)
            chars = sum(len(b.text) for b in blocks)
            print(f"{name:<10} {size:>6} {len(blocks):>8} {chars:>10} {count:>9} {seconds:>8.2f}")


if __name__ == "__main__":
    main(tuple(int(arg) for arg in sys.argv[1:]) or SIZES)
