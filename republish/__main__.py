"""Command line of the core: `python -m republish inspect seeds/<file>.txt [--data data]`."""

from __future__ import annotations

import argparse
import sys

from .inspect import main as inspect_main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m republish")
    commands = parser.add_subparsers(dest="command", required=True)
    inspect = commands.add_parser("inspect", help="show how seeds are read, line by line")
    inspect.add_argument("seeds", nargs="+", help="seed files (*.txt)")
    inspect.add_argument("--data", default="data",
                         help="the editors' data dir, for names and terms it lacks ('' to skip)")
    args = parser.parse_args(argv)
    return inspect_main(args.seeds, args.data or None)


if __name__ == "__main__":
    sys.exit(main())
