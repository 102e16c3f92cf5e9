"""A red test explains itself in a few lines: comparing two large structures prints their first
differences, not the whole diff, even under CI=true (where pytest otherwise truncates nothing)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from evidence import differences, summary

TESTS = Path(__file__).resolve().parent.parent
FAILING = '''
def test_two_large_style_dumps_differ():
    left = [["DIV", "md-search", {f"prop{i}": str(i) for i in range(300)}] for _ in range(300)]
    right = [["DIV", "md-search", {f"prop{i}": str(i) for i in range(300)}] for _ in range(300)]
    right[7][2]["opacity"] = "0.99"
    right[9][2]["prop5"] = "6"
    assert left == right
'''


def test_differences_name_the_path_of_each_change() -> None:
    left = {"a": [1, {"b": "x"}], "c": 1}
    right = {"a": [1, {"b": "y"}, 3], "d": 1}
    assert list(differences(left, right)) == [
        "a[1].b: 'x' != 'y'", "a: 2 items against 3", "c: only left (1)", "d: only right (1)"]


def test_summary_shows_only_the_first_few() -> None:
    text = summary(list(range(20)), [i + 1 for i in range(20)], limit=2)
    assert text.splitlines() == ["", "  [0]: 0 != 1", "  [1]: 1 != 2", "  … 18 more"]
    assert summary({"same": 1}, {"same": 1}) == ""


def test_a_failed_large_comparison_writes_a_short_log_under_ci(tmp_path: Path) -> None:
    (tmp_path / "test_big.py").write_text(FAILING, encoding="utf-8")
    (tmp_path / "conftest.py").write_text(
        f"import sys\nsys.path.insert(0, {str(TESTS)!r})\nfrom evidence import explain_large_comparison\n"
        "def pytest_assertrepr_compare(config, op, left, right):\n"
        "    return explain_large_comparison(op, left, right)\n",
        encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", str(tmp_path)],
                          capture_output=True, text=True, cwd=tmp_path, env={**os.environ, "CI": "true"},
                          timeout=120)
    log = proc.stdout + proc.stderr
    assert proc.returncode == 1, log[-2000:]
    assert "[7][2].opacity: only right ('0.99')" in log and "[9][2].prop5: '5' != '6'" in log, log[-2000:]
    assert len(log) < 20_000, f"a failed comparison wrote {len(log)} characters of log"
