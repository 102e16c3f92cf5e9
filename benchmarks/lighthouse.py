"""Lighthouse scores of the built site (not part of the test suite).

Builds the real site with `mkdocs build --strict` into a temporary directory, serves it on
127.0.0.1 under a sub-path as GitHub Pages does (gzip for text, as Pages sends it; SITE_URL set to
the served address, as the Pages workflow sets it), and runs Lighthouse (npm, pinned in
package.json, installed into ./node_modules with `npm ci` when missing) with Debian's Chromium
against the home page and one article, desktop and mobile presets. Prints the four category scores
(the median of --runs runs) and every audit that kept a category below 100.

Run from the repository root:  .venv/bin/python benchmarks/lighthouse.py [--runs N] [--keep DIR]
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import http.server
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = "/usr/bin/chromium"
PREFIX = "/republish-site/"
ARTICLE = "2023-06-29-gaige-chuangxin/"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
PRESETS = ["desktop", "mobile"]
COMPRESSIBLE = {".html", ".css", ".js", ".json", ".xml", ".svg", ".txt"}


class PagesLikeHandler(http.server.SimpleHTTPRequestHandler):
    """Static files under PREFIX, gzip-encoded text and Pages' 10-minute cache, quiet."""

    def log_message(self, *args: object) -> None:
        pass

    # Serve a file, gzipped when it is text and the client accepts gzip.
    def do_GET(self) -> None:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if not self.path.startswith(PREFIX) or not path.is_file():
            return self._send_404()
        body = path.read_bytes()
        headers = {"Content-Type": self.guess_type(str(path)), "Cache-Control": "max-age=600"}
        if path.suffix in COMPRESSIBLE and "gzip" in self.headers.get("Accept-Encoding", ""):
            body = gzip.compress(body, mtime=0)
            headers["Content-Encoding"] = "gzip"
        self._send(200, body, headers)

    # The site's own 404 page, as Pages serves it for any missing path.
    def _send_404(self) -> None:
        page = Path(self.directory) / PREFIX.strip("/") / "404.html"
        self._send(404, page.read_bytes(), {"Content-Type": "text/html; charset=utf-8"})

    # Write status, headers and body.
    def _send(self, status: int, body: bytes, headers: dict[str, str]) -> None:
        self.send_response(status)
        for name, value in {**headers, "Content-Length": str(len(body))}.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)


# A free TCP port on 127.0.0.1 (the build needs the address before the server starts).
def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# Install the pinned Lighthouse into ./node_modules when it is missing.
def ensure_lighthouse() -> None:
    if not LIGHTHOUSE.exists():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=ROOT, check=True)


# Build the real site into `site` with SITE_URL set to where it will be served.
def build_site(site: Path, site_url: str) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": site_url}
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)],
                   cwd=ROOT, env=env, check=True)


# Serve `root` (which holds the site at PREFIX) on 127.0.0.1:port for the duration of the block.
@contextlib.contextmanager
def serve(root: Path, port: int) -> Iterator[None]:
    handler = functools.partial(PagesLikeHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield
    finally:
        server.shutdown()
        server.server_close()


# One Lighthouse run; returns its JSON report.
def lighthouse(url: str, preset: str, out: Path) -> dict:
    args = [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={out}",
            f"--only-categories={','.join(CATEGORIES)}",
            "--chrome-flags=--headless --no-sandbox --disable-gpu --disable-dev-shm-usage"]
    if preset == "desktop":
        args.append("--preset=desktop")
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    subprocess.run(args, env=env, check=True, timeout=300)
    return json.loads(out.read_text(encoding="utf-8"))


# Category scores of a report, 0–100.
def scores(report: dict) -> dict[str, int]:
    return {c: round((report["categories"][c]["score"] or 0) * 100) for c in CATEGORIES}


# Audits that cost a category points: scored below 1 with a weight in that category.
def shortfalls(report: dict) -> list[str]:
    lines = []
    for name in CATEGORIES:
        for ref in report["categories"][name]["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref["weight"] > 0 and audit.get("score") is not None and audit["score"] < 1:
                shown = audit.get("displayValue", "")
                lines.append(f"    {name}: {ref['id']} score {audit['score']:.2f} {shown}".rstrip())
    return lines


# Median category scores over several runs, with the shortfalls of the median-performance run.
def measure(url: str, preset: str, runs: int, work: Path) -> tuple[dict[str, int], list[str]]:
    reports = [lighthouse(url, preset, work / f"{preset}-{abs(hash(url))}-{i}.json") for i in range(runs)]
    per_run = [scores(r) for r in reports]
    median = {c: int(statistics.median(s[c] for s in per_run)) for c in CATEGORIES}
    middle = sorted(zip(per_run, reports), key=lambda pair: pair[0]["performance"])[len(reports) // 2][1]
    return median, shortfalls(middle)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1, help="Lighthouse runs per page and preset")
    parser.add_argument("--keep", type=Path, help="keep the JSON reports in this directory")
    options = parser.parse_args()
    ensure_lighthouse()
    port = free_port()
    base = f"http://127.0.0.1:{port}{PREFIX}"
    with tempfile.TemporaryDirectory(prefix="lighthouse-") as tmp:
        root = Path(tmp) / "www"
        build_site(root / PREFIX.strip("/"), base)
        work = options.keep or Path(tmp) / "reports"
        work.mkdir(parents=True, exist_ok=True)
        print(f"{'page':<28} {'preset':<8} " + " ".join(f"{c:>14}" for c in CATEGORIES))
        with serve(root, port):
            for page in ("", ARTICLE):
                for preset in PRESETS:
                    median, missing = measure(base + page, preset, options.runs, work)
                    print(f"{'/' + page:<28} {preset:<8} " + " ".join(f"{median[c]:>14}" for c in CATEGORIES))
                    for line in missing:
                        print(line)
        if options.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
