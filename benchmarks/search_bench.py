"""Search benchmark: bytes and time of a reader's first search, Material's index against the chunked one.

    .venv/bin/python benchmarks/search_bench.py [--sizes 200,1000] [--runs 3] [--mbit 10] [--latency 40]

For each size, one synthetic project (benchmarks/synthetic.py) is built twice: with
`served_search: material` (Material's whole index, as UTF-8 text) and with the chunked index
(the default, republish/chunkindex.py). A third variant is the Material build with its index re-escaped (\\uXXXX, as Material's
plugin writes it: the site before issue 19). Each site is served on 127.0.0.1 under a sub-path;
Chromium (throttled with CDP Network.emulateNetworkConditions) opens an article, and as soon as it
has loaded the reader clicks the search box and types a query. Measured per query, each in a fresh
browser context (nothing cached), median over the queries and runs:

- first result: from the first key to the first result item in the list (a MutationObserver
  timestamp in the page), which includes whatever the index still had to download and build;
- search bytes: bytes of every search request of the visit (Material's index and worker,
  rp-search.js, search/chunks/…, workers' requests included), counted as the served files' sizes
  (the server does not compress; the chunks are gzip files; Chromium reports no body size for a
  worker's requests);
- after typing: bytes of every request from the first key to the first result.

It also times the post-build step (writing the chunked index of both scripts from Material's
entries, in this process) at each size, and at the real site's 2 articles. A benchmark, not a test: it prints numbers and asserts nothing about time.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import yaml  # noqa: E402

from build_bench import mkdocs_build, synthetic_project  # noqa: E402
from republish import chunkindex  # noqa: E402
from serving import serve  # noqa: E402
from sitekit import make_project  # noqa: E402
from synthetic import Generator  # noqa: E402

QUERIES = ("肿瘤", "医联体", "党建")      # words the synthetic articles keep from the real seeds
ARTICLE = "syn-00007/"
SEARCH_PATHS = re.compile(r"search/search_index\.json|/workers/search\.|assets/rp-search\.js|/search/chunks/")
TARGETS = {"kb": 1024, "first_result_s": 1.0}   # at 1 000 articles, served (issue 19)

# Stamps the moment the first search result is drawn (Material appends it to the list).
WATCH_RESULTS = """() => {
    window.rpFirstResult = null;
    new MutationObserver((changes, observer) => {
        if (document.querySelector('.md-search-result__item')) {
            window.rpFirstResult = performance.now();
            observer.disconnect();
        }
    }).observe(document.body, {childList: true, subtree: true});
}"""


def escaped(site: Path) -> None:
    """Rewrite Material's indexes of a built site as its plugin writes them (\\u escapes)."""
    for index in (site / "search" / "search_index.json", site / "zh-Hant" / "search" / "search_index.json"):
        index.write_text(json.dumps(json.loads(index.read_text("utf-8"))), encoding="utf-8")


def set_search(config: Path, choice: str) -> None:
    """Set extra.republish.served_search in a generated project's mkdocs.yml."""
    cfg = yaml.safe_load(config.read_text("utf-8"))
    cfg["extra"]["republish"]["served_search"] = choice
    config.write_text(yaml.safe_dump(cfg, allow_unicode=True), encoding="utf-8")


def served_bytes(site: Path, base: str, url: str) -> int:
    """Size of the file a URL of the served site names (0 when it names none)."""
    path = url.split("?")[0].split("#")[0].removeprefix(base)
    file = site / path / "index.html" if path.endswith("/") or not path else site / path
    return file.stat().st_size if file.is_file() else 0


def first_search(browser, site: Path, base: str, query: str, mbit: float, latency: float) -> dict:
    """One reader's first search on an article page, in a fresh context."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", {"offline": False, "latency": latency,
             "downloadThroughput": mbit * 1e6 / 8, "uploadThroughput": mbit * 1e6 / 8})
    seen: list[tuple[float, str, int]] = []
    context.on("requestfinished", lambda r: seen.append((time.perf_counter(), r.url, served_bytes(site, base, r.url))))
    page.goto(base + ARTICLE, wait_until="load")
    page.evaluate(WATCH_RESULTS)
    box = page.locator("input[data-md-component=search-query]")
    box.click()
    typed_at = time.perf_counter()
    start = page.evaluate("performance.now()")
    box.press_sequentially(query)
    box.press("End")
    page.locator(".md-search-result__item").first.wait_for(state="visible", timeout=120_000)
    drawn = page.evaluate("window.rpFirstResult")
    count = page.locator(".md-search-result__meta").text_content()
    context.close()
    search_bytes = sum(n for _, url, n in seen if SEARCH_PATHS.search(url))
    after = sum(n for t, _, n in seen if t >= typed_at)
    return {"first_result_s": (drawn - start) / 1000, "search_kb": search_bytes / 1024,
            "after_typing_kb": after / 1024, "meta": count}


def measure(site: Path, runs: int, mbit: float, latency: float) -> dict:
    """Median first-search numbers of a built site over QUERIES × runs."""
    from playwright.sync_api import sync_playwright
    samples = []
    with tempfile.TemporaryDirectory() as www, serve(site, Path(www)) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True,
                                    args=["--no-sandbox", "--disable-gpu"])
        for _ in range(runs):
            for query in QUERIES:
                samples.append(first_search(browser, site, base, query, mbit, latency))
        browser.close()
    return {key: statistics.median(s[key] for s in samples) for key in ("first_result_s", "search_kb", "after_typing_kb")}


def index_run_seconds(material_site: Path, runs: int) -> str:
    """Median seconds of writing both scripts' chunked indexes from a Material build's entries
    (jieba's U+200B taken out again: the chunked build does not cut words), and their size."""
    docs = {}
    for prefix in ("", "zh-Hant/"):
        index = json.loads((material_site / prefix / "search" / "search_index.json").read_text("utf-8"))
        docs[prefix] = [{k: v.replace("\u200b", "") if isinstance(v, str) else v for k, v in d.items()}
                        for d in index["docs"]]
    timed, sizes = [], []
    with tempfile.TemporaryDirectory() as out:
        for _ in range(runs):
            start = time.perf_counter()
            sizes = [chunkindex.write_index(d, Path(out) / (prefix or "hans")) for prefix, d in docs.items()]
            timed.append(time.perf_counter() - start)
    return (f"{statistics.median(timed):.2f} s for both scripts in one process, "
            f"{sum(s.bytes for s in sizes) / 1024:.0f} KB in {sum(s.files for s in sizes)} files")


def bench_size(size: int, runs: int, mbit: float, latency: float, tmp: Path) -> list[dict]:
    project_dir = tmp / f"project-{size}"
    config, _ = synthetic_project(project_dir, size, Generator())
    rows = []
    set_search(config, "material")
    material_site = tmp / f"material-{size}"
    material_build = mkdocs_build(config, material_site, strict=False)
    before_site = tmp / f"escaped-{size}"
    shutil.copytree(material_site, before_site, symlinks=True)
    escaped(before_site)
    set_search(config, "chunks")
    chunked_site = tmp / f"chunks-{size}"
    chunked_build = mkdocs_build(config, chunked_site, strict=False)
    for name, site in (("Material, \\u-escaped index (before)", before_site),
                       ("Material, UTF-8 index", material_site), ("chunked index", chunked_site)):
        index_kb = (site / "search" / "search_index.json").stat().st_size / 1024
        rows.append({"size": size, "variant": name, "index_kb": index_kb, **measure(site, runs, mbit, latency)})
    print(f"load average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"{size} articles: build {material_build.seconds:.1f} s with Material's index only, "
          f"{chunked_build.seconds:.1f} s with the chunked index; the chunked index: "
          f"{index_run_seconds(material_site, 3)}")
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="200", help="comma-separated article counts (e.g. 200,1000)")
    parser.add_argument("--runs", type=int, default=1, help="repetitions of the three queries per site")
    parser.add_argument("--mbit", type=float, default=10.0, help="throttled bandwidth, Mbit/s")
    parser.add_argument("--latency", type=float, default=40.0, help="throttled round trip, ms")
    parser.add_argument("--keep", type=Path, help="build the sites into this (new) directory and keep them")
    args = parser.parse_args()
    if args.keep:
        args.keep.mkdir(parents=True)
    with tempfile.TemporaryDirectory(prefix="search-bench-") as tmp_name:
        tmp = args.keep or Path(tmp_name)
        real, real_config = tmp / "real-site", make_project(tmp / "real") / "mkdocs.yml"
        set_search(real_config, "material")
        mkdocs_build(real_config, real)
        print(f"2 articles (the real site): the chunked index {index_run_seconds(real, 3)}")
        rows = [row for size in (int(s) for s in args.sizes.split(","))
                for row in bench_size(size, args.runs, args.mbit, args.latency, tmp)]
    print(f"\nfirst search on an article page, throttled to {args.mbit:g} Mbit/s and {args.latency:g} ms "
          f"(medians of {len(QUERIES)} queries × {args.runs})")
    print(f"{'articles':>8}  {'variant':<36} {'Material index':>14} {'search bytes':>13} "
          f"{'after typing':>13} {'first result':>13}")
    for r in rows:
        print(f"{r['size']:>8}  {r['variant']:<36} {r['index_kb']:>11.0f} KB {r['search_kb']:>10.0f} KB "
              f"{r['after_typing_kb']:>10.0f} KB {r['first_result_s']:>11.2f} s")
    print(f"target at 1 000 articles, served: <= {TARGETS['kb']} KB and <= {TARGETS['first_result_s']} s")


if __name__ == "__main__":
    main()
