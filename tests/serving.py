"""Serve a built site under a sub-path on localhost, as GitHub Pages does."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import threading
from collections.abc import Iterator
from pathlib import Path

PREFIX = "/republish-site/"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@contextlib.contextmanager
def serve(site: Path, root: Path) -> Iterator[str]:
    """Yield the base URL of `site` published at PREFIX on 127.0.0.1."""
    mount = root / PREFIX.strip("/")
    if not mount.exists():
        os.symlink(site, mount)
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{PREFIX}"
    finally:
        server.shutdown()
        server.server_close()
