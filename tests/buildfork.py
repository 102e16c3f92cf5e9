"""Real `mkdocs build` runs without paying MkDocs' imports each time (the test suite builds a few
hundred tiny sites; importing MkDocs, Material, Python-Markdown and pymdown-extensions is about a
third of each).

`python tests/buildfork.py` is a zygote: it imports those libraries, nothing of ours, and builds
nothing. For each request it forks a child that takes the request's environment, working directory
and output files and runs MkDocs' own command line (`mkdocs.__main__.cli`), as `python -m mkdocs`
would; the zygote itself stays as it was imported, so every build starts from the same clean state
(the hooks and `republish` are imported by each child, afresh). The zygote is single-threaded,
which makes forking it safe; a pytest process, with its browser and server threads, is not.

Protocol, one JSON line each way: the request {"args", "env", "cwd", "out", "err"}; the answers
{"pid"} when the child started, then {"code"} when it ended.
"""

from __future__ import annotations

import atexit
import json
import os
import sys
import traceback
from typing import Any

PRELOADED = ("mkdocs.__main__", "mkdocs.commands.build", "mkdocs.config.defaults", "mkdocs.contrib.search",
             "material.plugins.search.plugin", "markdown", "markdown.extensions.toc", "pymdownx.superfences",
             "pymdownx.blocks", "pymdownx.blocks.html", "pymdownx.blocks.admonition", "pymdownx.blocks.details",
             "pymdownx.blocks.caption", "pymdownx.blocks.definition", "jinja2", "yaml", "opencc", "bs4")


def preload() -> None:
    import importlib
    for name in PRELOADED:
        try:
            importlib.import_module(name)
        except ImportError:     # a library the project no longer uses: the child imports what it needs
            pass


def run_build(request: dict[str, Any]) -> int:
    """In the child: become the requested process, then run MkDocs' command line."""
    os.environ.clear()
    os.environ.update(request["env"])
    os.chdir(request["cwd"])
    # The zygote's pipes are fds 0 and 1: the build reads nothing and writes to its own files.
    for fd, path, flags in ((0, os.devnull, os.O_RDONLY),
                            (1, request["out"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC),
                            (2, request["err"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC)):
        target = os.open(path, flags, 0o644)
        os.dup2(target, fd)
        os.close(target)
    os.setsid()     # its own group: a timeout kills the build and the workers it forked
    sys.argv = ["mkdocs", *request["args"]]
    from mkdocs.__main__ import cli
    try:
        cli.main(request["args"], prog_name="mkdocs")
        code = 0
    except SystemExit as stop:
        code = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
    except BaseException:       # what the interpreter would print for an uncaught exception
        traceback.print_exc()
        code = 1
    try:
        atexit._run_exitfuncs()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
    return code


def serve(requests: Any, answers: Any) -> None:
    for line in requests:
        request = json.loads(line)
        pid = os.fork()
        if pid == 0:
            code = 1
            try:
                code = run_build(request)
            finally:
                os._exit(code)
        answers.write(json.dumps({"pid": pid}) + "\n")
        answers.flush()
        _, status = os.waitpid(pid, 0)
        answers.write(json.dumps({"code": os.waitstatus_to_exitcode(status)}) + "\n")
        answers.flush()


if __name__ == "__main__":
    preload()
    serve(sys.stdin, sys.stdout)
