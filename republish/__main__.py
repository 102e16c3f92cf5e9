"""Command line of the core: `python -m republish inspect seeds/<file>.txt [--data data]` and
`python -m republish markdown OUT/ [--config mkdocs.yml] [--config-out OUT.yml] [--strict]`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .errors import EditorError
from .inspect import main as inspect_main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m republish")
    commands = parser.add_subparsers(dest="command", required=True)
    inspect = commands.add_parser("inspect", help="show how seeds are read, line by line")
    inspect.add_argument("seeds", nargs="+", help="seed files (*.txt)")
    inspect.add_argument("--data", default="data",
                         help="the editors' data dir, for names and terms it lacks ('' to skip)")
    markdown = commands.add_parser("markdown", help="write the site as Markdown for a build without hooks")
    markdown.add_argument("out", type=Path, help="folder to write the pages and files into (emptied if a "
                          "former export left it)")
    markdown.add_argument("--config", type=Path, default=Path("mkdocs.yml"), help="the project's mkdocs.yml")
    markdown.add_argument("--config-out", type=Path, default=None,
                          help="where to write the hook-less config (default: OUT.yml beside OUT/)")
    markdown.add_argument("--strict", action="store_true", help="exit with status 1 if the site has warnings "
                          "(what fails mkdocs build --strict)")
    args = parser.parse_args(argv)
    if args.command == "markdown":
        return markdown_main(args.config, args.out, args.config_out, args.strict)
    return inspect_main(args.seeds, args.data or None)


def markdown_main(config: Path, out: Path, config_out: Path | None, strict: bool = False) -> int:
    """Run the export; an editor's mistake or a refused folder is one line, exit status 1."""
    from .markdown_export import export_markdown   # loads the whole core: only for this command
    try:
        result = export_markdown(config, out, config_out)
    except (EditorError, FileExistsError, ValueError) as error:
        print(error.one_line() if isinstance(error, EditorError) else error, file=sys.stderr)
        return 1
    for warning in result.warnings:
        print(f"WARNING: {warning}", file=sys.stderr)
    print(f"{len(result.pages)} Markdown pages in {result.out}/ (zh-Hant/ twins included); "
          f"build them with: mkdocs build -f {result.config}")
    return 1 if strict and result.warnings else 0


if __name__ == "__main__":
    sys.exit(main())
