"""Rebuild a project the way `mkdocs serve` does, on request, in one long-lived process.

Run as `python servedriver.py <mkdocs.yml> <site dir> <serve url>`; each line `build` on stdin
runs one rebuild and answers one JSON line: whether it succeeded and what the incremental caches
reused and computed (republish.incremental). It repeats MkDocs 1.6's `commands/serve.py`: a fresh
config per build (so the hook module is reloaded each time), `on_startup(command='serve')` once,
the site URL set to the server's, `build(config, serve_url=…, dirty=False)`; only the HTTP server
and the file watcher are left out, so a test decides when a rebuild happens.
"""

from __future__ import annotations

import json
import logging
import sys

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort


def main(config_file: str, site_dir: str, serve_url: str) -> None:
    logging.basicConfig(stream=sys.stderr, level=logging.INFO, format="%(levelname)s %(name)s %(message)s")
    first = True
    for line in sys.stdin:
        if line.strip() != "build":
            continue
        config = load_config(config_file=config_file, site_dir=site_dir)
        if first:
            config.plugins.on_startup(command="serve", dirty=False)
            first = False
        config.site_url = serve_url
        try:
            build(config, serve_url=serve_url, dirty=False)
            ok = True
        except Abort:
            ok = False
        from republish import incremental   # imported by the hooks, with the project root on sys.path
        last = incremental.store().last
        print(json.dumps({"ok": ok, "reused": last.reused, "computed": last.computed}), flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:4])
