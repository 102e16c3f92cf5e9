"""This project against the site a user would otherwise write by hand: plain Material.

The peer ("vanilla") is a Material project with the same theme settings (language zh, the
same features and palette, `search.lang: zh`), no hooks and no custom_dir, whose docs are
every article's Markdown twice: in simplified at `<slug>.md` and converted with OpenCC
(the project's profile, s2tw) at `zh-Hant/<slug>.md`, a nav listing them all. The article
Markdown is what an editor would type: the title, the headings at their levels, the
paragraphs and captions, nothing else.

Both sides are built from the same corpus in paired, interleaved runs (A B A B …, the
order flipped every pair) so the machine's load hits both alike; each figure is the
median of the pairs, the ratio the median of the per-pair ratios. Peak memory: the process tree's RSS summed, sampled every 20 ms (build_bench.run; the largest single process, from os.wait4, is shown beside it).
Our builds start with the memo (.cache/republish) deleted: a fresh checkout, as the peer.

Where the sites are written matters on some disks. Each build first deletes its last site, then
writes ~3 100 files (200 articles; the peer ~450). ext4 without a journal (this machine's disk)
prefers not to reuse an inode freed in the last 30 s (longer while its block is dirty) and reads
each such inode before it allocates another (fs/ext4/ialloc.c, find_inode_bit: the check is made
only when the file system has no journal). Measured here: a file created right after the last
site was deleted took 1.3 ms (median), 0.17-0.25 ms with no recent delete, about 0.05 ms on tmpfs.
The penalty grows with the files a site has; it is the disk's, not the generator's.
`--site-root /dev/shm` writes every side's site to tmpfs, which keeps the disk out of the
comparison; by default they are written in the temp dir, beside the corpus, as the earlier
figures were measured.

Sizes: 2 (the real seeds and data, `--strict`), 200 and 1000 synthetic articles
(benchmarks/synthetic.py, not strict: random text leaves glossary entries unmatched).
`--one-process` builds this project a third time in each round, in one process
(`extra.republish.processes: 1`): the tree's RSS counts a forked worker's copy of the build
again, so that side shows what the workers cost in memory and save in time.
Then the serve figure (save a seed -> the page served updated, build_bench.bench_serve)
and, when benchmarks/search_bench.py exists, its figures.

Run from the repository root:
  .venv/bin/python benchmarks/compare.py [--sizes 2,200] [--runs 3] [--no-serve] [--no-search]
      [--serve-sizes 200] [--search-sizes 200]
  .venv/bin/python benchmarks/compare.py --sizes 1000 --runs 1 --no-warm-up --serve-sizes 1000 \
      --search-sizes 1000                                      # the 1 000 row: about 30 minutes
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import yaml  # noqa: E402
from mkdocs.utils.yaml import yaml_load  # noqa: E402
from opencc import OpenCC  # noqa: E402

import build_bench  # noqa: E402
from build_bench import ROOT, Run, bench_serve, memo_dir, mkdocs_build, synthetic_project  # noqa: E402
from synthetic import Generator  # noqa: E402

from republish.model import Article  # noqa: E402
from republish.script import Converter, load_conversion  # noqa: E402
from republish.site import load_articles  # noqa: E402

SIZES = (2, 200)
TARGET_TIME, TARGET_MEMORY = 1.0, 1.5      # issue 19: ratio of this project to vanilla
SERVE_TARGETS = {"real": 2.0, 200: 2.0, 1000: 5.0}   # issue 19: seconds from a saved seed to the page served


@dataclass
class Side:
    """One side of a comparison: a config and how to build it."""

    name: str
    config: Path
    site: Path
    strict: bool
    cold: bool          # delete the project's memo before each build


@dataclass
class Pairing:
    """The interleaved runs of one corpus size, by side ('ours', 'peer', optionally 'base' and 'one')."""

    size: int
    runs: dict[str, list[Run]]

    def time_ratio(self, side: str = "ours") -> float:
        return statistics.median(a.seconds / b.seconds for a, b in zip(self.runs[side], self.runs["peer"]))

    def cpu_ratio(self, side: str = "ours") -> float:
        return statistics.median(a.cpu / b.cpu for a, b in zip(self.runs[side], self.runs["peer"]))

    def memory_ratio(self, side: str = "ours") -> float:
        return statistics.median(a.tree_mib / b.tree_mib for a, b in zip(self.runs[side], self.runs["peer"]))


# -----------------------------------------------------------------------------
# The vanilla peer
# -----------------------------------------------------------------------------

def article_markdown(article: Article) -> str:
    """An article as an editor would type it for plain Material."""
    lines = [f"# {article.title}", ""]
    for section in article.sections:
        if section.heading:
            lines += [f"{'#' * min(section.level, 6)} {section.heading}", ""]
        lines += [line for block in section.blocks for line in (block.text.replace("\n", ""), "")]
    return "\n".join(lines)


def vanilla_project(target: Path, project_config: Path) -> Path:
    """The plain-Material peer of a project: its articles' Markdown in both scripts."""
    with open(project_config, encoding="utf-8") as file:
        cfg = yaml_load(file)
    extra = cfg["extra"]["republish"]
    base = project_config.parent
    articles = load_articles(base / extra["seeds_dir"], _converter(base / extra["data_dir"], extra))
    opencc = OpenCC(extra.get("profile") or "s2tw")
    docs = target / "docs"
    (docs / "zh-Hant").mkdir(parents=True, exist_ok=True)
    nav_hans, nav_hant = [], []
    for article in articles:
        text = article_markdown(article)
        (docs / f"{article.slug}.md").write_text(text, encoding="utf-8")
        (docs / "zh-Hant" / f"{article.slug}.md").write_text(opencc.convert(text), encoding="utf-8")
        nav_hans.append({article.title: f"{article.slug}.md"})
        nav_hant.append({opencc.convert(article.title): f"zh-Hant/{article.slug}.md"})
    (docs / "index.md").write_text(f"# {cfg['site_name']}\n", encoding="utf-8")
    (docs / "zh-Hant" / "index.md").write_text(f"# {opencc.convert(cfg['site_name'])}\n", encoding="utf-8")
    theme = {k: v for k, v in cfg["theme"].items() if k != "custom_dir"}
    peer = {"site_name": cfg["site_name"], "docs_dir": str(docs), "use_directory_urls": True,
            "theme": theme, "plugins": [{"search": {"lang": "zh"}}],
            "nav": [{"首页": "index.md"}, {"简体": nav_hans},
                    {"繁體": [{opencc.convert("首页"): "zh-Hant/index.md"}, *nav_hant]}]}
    (target / "mkdocs.yml").write_text(yaml.safe_dump(peer, allow_unicode=True), encoding="utf-8")
    return target / "mkdocs.yml"


def _converter(data_dir: Path, extra: dict) -> Converter:
    """The project's converter, for seeds printed in traditional script (modelled in simplified)."""
    return Converter(load_conversion(data_dir / "conversion.yml"), extra.get("profile"))


# -----------------------------------------------------------------------------
# Paired runs
# -----------------------------------------------------------------------------

def build_once(side: Side) -> Run:
    """One build of a side from scratch (site dir wiped; the memo too when cold)."""
    shutil.rmtree(side.site, ignore_errors=True)
    memo = memo_dir(side.config) if side.cold else None
    if memo is not None:
        shutil.rmtree(memo, ignore_errors=True)
    return mkdocs_build(side.config, side.site, side.strict)


def paired(size: int, sides: list[Side], runs: int, warm_up: bool = True) -> Pairing:
    """`runs` rounds of one build of every side, interleaved, the order rotated every round
    (A B C, B C A, …), after one unmeasured warm-up build of each (file cache, bytecode; with
    --warm it also fills the memo)."""
    for side in sides if warm_up else ():
        build_once(side)
    pairing = Pairing(size, {side.name: [] for side in sides})
    for number in range(runs):
        order = sides[number % len(sides):] + sides[:number % len(sides)]
        for side in order:
            pairing.runs[side.name].append(build_once(side))
        print(f"  N={size} round {number + 1}: " + ", ".join(
            f"{name} {r[-1].seconds:.2f} s {r[-1].tree_mib:.0f} MiB (PSS {r[-1].tree_pss_mib:.0f})" for name, r in pairing.runs.items()), flush=True)
    return pairing


def sides_for(size: int, tmp: Path, sites_dir: Path, generator: Generator, baseline: Path | None,
              cold: bool, one_process: bool = False) -> list[Side]:
    """This project, its peer, with a baseline checkout the same project at that checkout, and
    with one_process this project in one process, for one corpus size (2 = the real site):
    corpora under tmp, built sites under sites_dir."""
    work = tmp / f"n{size}"
    sites = sites_dir / f"n{size}"
    if size == 2:
        config, strict = ROOT / "mkdocs.yml", True
    else:
        config, _ = synthetic_project(work / "ours", size, generator)
        strict = False
    sides = [Side("ours", config, sites / "ours-site", strict, cold),
             Side("peer", vanilla_project(work / "peer", config), sites / "peer-site", strict, cold=False)]
    if baseline is not None:
        sides.append(Side("base", baseline_config(config, baseline, work / "base"), sites / "base-site", strict, cold))
    if one_process:
        sides.append(Side("one", one_process_config(config), sites / "one-site", strict, cold))
    return sides


ONE_PROCESS_CONFIG = ".compare-one-process.yml"


def one_process_config(config: Path) -> Path:
    """The same project built in one process (`extra.republish.processes: 1`: no worker is forked
    or spawned), beside its config so that its relative paths hold; main() deletes it. The tree's
    RSS counts a forked worker's copy of the build once more, so this side shows what the two
    processes cost in memory and save in time. Edited as text, as baseline_config does: a YAML
    round trip would drop the config's comments and its tags (`!ENV`, `!!python/name:`)."""
    lines = config.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next((i for i, line in enumerate(lines) if line.rstrip() == "  republish:"), None)
    if at is None:
        raise SystemExit(f"{config}: no 'extra: republish:' block to add 'processes: 1' to")
    end = next((i for i in range(at + 1, len(lines)) if lines[i].strip() and not lines[i].startswith("   ")), len(lines))
    block = [line for line in lines[at + 1:end] if not line.startswith("    processes:")]   # the project's own
    target = config.with_name(ONE_PROCESS_CONFIG)
    target.write_text("".join([*lines[:at + 1], "    processes: 1\n", *block, *lines[end:]]), encoding="utf-8")
    return target


def baseline_config(config: Path, baseline: Path, target: Path) -> Path:
    """The same project built by another checkout's code (hooks, overrides, docs); its own memo."""
    if config == ROOT / "mkdocs.yml":
        return baseline / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    for folder in ("hooks", "overrides", "docs"):
        text = text.replace(str(ROOT / folder), str(baseline / folder))
    target.mkdir(parents=True, exist_ok=True)
    (target / "mkdocs.yml").write_text(text, encoding="utf-8")
    return target / "mkdocs.yml"


def runs_for(size: int, runs: int) -> int:
    """Fewer pairs for the large corpus, to keep the benchmark short."""
    return runs if size <= 200 else max(1, min(runs, 2))


# -----------------------------------------------------------------------------
# Report
# -----------------------------------------------------------------------------

def table(pairings: list[Pairing]) -> str:
    """The Markdown table of the issue: medians, ratios to vanilla, peak memory of every side."""
    named = [n for n in ("base", "ours", "one") if n in pairings[0].runs]
    title = {"ours": "this project", "base": "baseline", "one": "one process"}
    head = ["articles", *(title[n] for n in named), "vanilla Material", *(f"ratio {title[n]}" for n in named),
            "peak memory (" + " / ".join([*named, "vanilla"]) + ")", *(f"memory ratio {title[n]}" for n in named),
            "CPU s (" + " / ".join([*named, "vanilla"]) + ")", *(f"CPU ratio {title[n]}" for n in named)]
    rows = ["| " + " | ".join(head) + " |", "|" + " --- |" * len(head)]
    for p in pairings:
        seconds = {n: statistics.median(r.seconds for r in runs) for n, runs in p.runs.items()}
        memory = {n: statistics.median(r.tree_mib for r in runs) for n, runs in p.runs.items()}
        largest = {n: statistics.median(r.rss_mib for r in runs) for n, runs in p.runs.items()}
        pss = {n: statistics.median(r.tree_pss_mib for r in runs) for n, runs in p.runs.items()}
        cpu = {n: statistics.median(r.cpu for r in runs) for n, runs in p.runs.items()}
        label = ("2 (real site)" if p.size == 2 else str(p.size)) + f", n={len(p.runs['peer'])}"
        cells = [label, *(f"{seconds[n]:.2f} s" for n in named), f"{seconds['peer']:.2f} s",
                 *(f"{p.time_ratio(n):.2f}×" for n in named),
                 " / ".join(f"{memory[n]:.0f}" for n in [*named, "peer"]) + " MiB (largest process "
                 + " / ".join(f"{largest[n]:.0f}" for n in [*named, "peer"]) + "; tree PSS "
                 + " / ".join(f"{pss[n]:.0f}" for n in [*named, "peer"]) + ")",
                 *(f"{p.memory_ratio(n):.2f}×" for n in named),
                 " / ".join(f"{cpu[n]:.1f}" for n in [*named, "peer"]),
                 *(f"{p.cpu_ratio(n):.2f}×" for n in named)]
        rows.append("| " + " | ".join(cells) + " |")
    return "\n".join(rows)


def verdict(pairings: list[Pairing]) -> list[str]:
    """Which sizes meet the targets (time ≤ 1.0×, memory ≤ 1.5× of vanilla), for this project and,
    when measured, for it in one process."""
    lines = []
    for p in pairings:
        for side, label in (("ours", ""), ("one", " in one process")):
            if side in p.runs:
                time_ratio, memory_ratio = p.time_ratio(side), p.memory_ratio(side)
                lines.append(
                    f"N={p.size}{label}: time {time_ratio:.2f}× ({'ok' if time_ratio <= TARGET_TIME else 'MISSED'}, "
                    f"target ≤ {TARGET_TIME}×), memory {memory_ratio:.2f}× "
                    f"({'ok' if memory_ratio <= TARGET_MEMORY else 'MISSED'}, target ≤ {TARGET_MEMORY}×); "
                    f"CPU time {p.cpu_ratio(side):.2f}× (less sensitive to the machine's other load than wall time)")
    return lines


def load() -> str:
    """The machine's load averages, for the report (the CPU is shared)."""
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def search_figures(sizes: str) -> str | None:
    """Run benchmarks/search_bench.py at these corpus sizes; its output."""
    script = BENCH / "search_bench.py"
    if not script.exists():
        return None
    proc = subprocess.run([sys.executable, str(script), "--sizes", sizes], cwd=ROOT, env=build_bench.ENV,
                          capture_output=True, text=True, timeout=3600)
    return (proc.stdout + proc.stderr).strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)), help="corpus sizes (2 = the real site)")
    parser.add_argument("--runs", type=int, default=3, help="pairs per size (the 1000 size at most 2)")
    parser.add_argument("--no-serve", action="store_true", help="skip the serve figure")
    parser.add_argument("--no-search", action="store_true", help="skip benchmarks/search_bench.py")
    parser.add_argument("--warm", action="store_true",
                        help="keep this project's memo between builds (an editor's machine) instead of deleting it")
    parser.add_argument("--no-warm-up", action="store_true",
                        help="measure from the first build of each side (the 1000 size: a warm-up is ~10 minutes)")
    parser.add_argument("--serve-sizes", default="200",
                        help="synthetic sizes of the serve figure besides the real site ('' for none)")
    parser.add_argument("--search-sizes", default="200", help="sizes of benchmarks/search_bench.py (e.g. 200,1000)")
    parser.add_argument("--baseline", type=Path,
                        help="another checkout of this project (e.g. a worktree of main) built in the same rounds")
    parser.add_argument("--one-process", action="store_true",
                        help="also build this project in one process (extra.republish.processes: 1)")
    parser.add_argument("--site-root", type=Path,
                        help="write the built sites under this folder (e.g. /dev/shm: see the docstring)")
    args = parser.parse_args()
    start = time.perf_counter()
    print(f"load average before: {load()}; memo {'warm' if args.warm else 'cold'}; "
          f"sites written under {args.site_root or 'the temp dir'}")
    generator = Generator()
    pairings = []
    with tempfile.TemporaryDirectory(prefix="compare-") as tmp_name, \
            tempfile.TemporaryDirectory(prefix="compare-sites-", dir=args.site_root) as sites_name:
        tmp = Path(tmp_name)
        try:
            for size in (int(s) for s in args.sizes.split(",")):
                sides = sides_for(size, tmp, Path(sites_name), generator, args.baseline, cold=not args.warm,
                                  one_process=args.one_process)
                pairings.append(paired(size, sides, runs_for(size, args.runs), warm_up=not args.no_warm_up))
        finally:        # the real site's one-process config lies in the repository
            (ROOT / ONE_PROCESS_CONFIG).unlink(missing_ok=True)
        serve_sizes = tuple(int(s) for s in args.serve_sizes.split(",") if s)
        serve = None if args.no_serve else bench_serve(args.runs, tmp, serve_sizes)
    print()
    print(table(pairings))
    print()
    for line in verdict(pairings):
        print(line)
    for label, figure in (serve or {}).items():
        if figure.get("rebuild_s") is not None:
            size = int(str(label).split()[0]) if label != "real" else label
            derived = ", the glossary and theme pages changed too" if str(label).endswith("derived") else ""
            print(f"serve ({'real site' if label == 'real' else f'{size} articles'}{derived}): seed saved -> "
                  f"page updated, median {figure['rebuild_s']:.2f} s (target ≤ {SERVE_TARGETS.get(size, 2.0)} s)")
    search = None if args.no_search else search_figures(args.search_sizes)
    if search:
        print("search (benchmarks/search_bench.py):")
        print(search)
    print(f"load average after: {load()}; took {time.perf_counter() - start:.0f} s")


if __name__ == "__main__":
    main()
