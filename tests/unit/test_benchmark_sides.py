"""The benchmark's one-process side (benchmarks/compare.py --one-process) is the same project with
one setting more: the copy keeps every other line, lies beside the config (its relative paths
hold) and says where it cannot be made."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
import compare  # noqa: E402

CONFIG = """site_name: 试
docs_dir: docs
extra:
  generator: false
  republish:
    seeds_dir: seeds   # a comment stays
    profile: s2tw
hooks:
- hooks/republish_hooks.py
plugins:
- other:
    options:
    processes: 3
"""


def test_the_one_process_config_adds_only_the_setting(tmp_path: Path) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text(CONFIG, encoding="utf-8")
    copy = compare.one_process_config(config)
    assert copy.parent == tmp_path, "the copy must lie beside the config"
    loaded, original = yaml.safe_load(copy.read_text(encoding="utf-8")), yaml.safe_load(CONFIG)
    assert loaded["extra"]["republish"].pop("processes") == 1, "processes: 1 missing"
    assert loaded == original, "the copy changed more than the setting"
    assert config.read_text(encoding="utf-8") == CONFIG, "the project's config was changed"


def test_a_processes_setting_of_the_project_gives_way(tmp_path: Path) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text(CONFIG.replace("    profile: s2tw\n", "    profile: s2tw\n    processes: 2\n"), encoding="utf-8")
    loaded = yaml.safe_load(compare.one_process_config(config).read_text(encoding="utf-8"))
    assert loaded["extra"]["republish"]["processes"] == 1, "the project's own processes setting won"
    assert loaded["plugins"] == yaml.safe_load(CONFIG)["plugins"], "a line outside extra.republish was changed"


def test_a_config_without_the_block_is_refused_by_name(tmp_path: Path) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: 试\n", encoding="utf-8")
    with pytest.raises(SystemExit, match="mkdocs.yml: no 'extra: republish:' block"):
        compare.one_process_config(config)
