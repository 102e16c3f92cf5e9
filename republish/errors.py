"""Errors an editor can fix: reported as one line, never as a traceback."""

from __future__ import annotations

from pathlib import Path


class EditorError(Exception):
    """A mistake in a seed or a data file, with where it is and how to fix it."""

    def __init__(self, path: Path | str, problem: str, fix: str, line: int | None = None,
                 column: int | None = None) -> None:
        self.path = str(path)
        self.problem = problem
        self.fix = fix
        self.line = line
        self.column = column
        super().__init__(self.one_line())

    def one_line(self) -> str:
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.problem}. Fix: {self.fix}"
