"""Dropping CSS nothing can match: stylesheet in, stylesheet out, for a site that uses some names."""

from __future__ import annotations

import pytest

from republish import memo
from republish.purge import UsedNames, purge_css

PAGE = ('<html><body class="md-typeset"><div class="md-nav md-nav--primary" data-md-color-scheme="slate">'
        '<a class="rp-term" href="#x">MDT</a><sup id="fnref:1"><a class="sm:hidden" title="two words" '
        'href="notes.pdf">1</a></sup><img src="a.png#only-dark" alt=""></div></body></html>')
SCRIPT = 'e.classList.add("md-search-result__item");t=`md-tag--${n}`;'


@pytest.fixture()
def used() -> UsedNames:
    names = UsedNames()
    names.add_page(PAGE)
    names.add_script(SCRIPT)
    return names


@pytest.mark.parametrize("css, expected", [
    (".md-nav{color:red}", ".md-nav{color:red}"),                                   # used class
    (".admonition{color:red}", ""),                                                  # unused class
    (".md-nav,.admonition{a:b}", ".md-nav{a:b}"),                                    # one of two selectors
    (".md-typeset .md-nav--primary>a{a:b}", ".md-typeset .md-nav--primary>a{a:b}"),  # every class used
    (".md-typeset .tabbed-set{a:b}", ""),                                            # one class unused
    ("a:not(.admonition){a:b}", "a:not(.admonition){a:b}"),                          # inside ( ) never drops
    (".md-nav:is(.x,.y){a:b}", ".md-nav:is(.x,.y){a:b}"),
    (".md-search-result__item{a:b}", ".md-search-result__item{a:b}"),                # added by a script
    (".md-tag--pin{a:b}", ".md-tag--pin{a:b}"),                                      # script completes prefix
    ("[data-md-color-scheme=slate]{a:b}", "[data-md-color-scheme=slate]{a:b}"),      # attribute value used
    ('[data-md-color-primary="pink"]{a:b}', ""),                                     # value nowhere
    ("html,body{a:b}", "html,body{a:b}"),                                            # no class: kept
    ("@media screen{.md-nav{a:b}.admonition{c:d}}", "@media screen{.md-nav{a:b}}"),  # groups recurse
    ("@media print{.admonition{c:d}}", ""),                                          # emptied group goes
    ("@keyframes spin{0%{a:b}to{c:d}}", "@keyframes spin{0%{a:b}to{c:d}}"),          # other at-rules kept
    ("@font-face{font-family:x}", "@font-face{font-family:x}"),
    ("/* note */.md-nav{a:b}", ".md-nav{a:b}"),                                      # comments dropped
    ('.md-typeset [id^="fnref:"]:target{a:b}', '.md-typeset [id^="fnref:"]:target{a:b}'),  # ^= never drops
    ('img[src$="#only-dark"]{a:b}', 'img[src$="#only-dark"]{a:b}'),                  # $= never drops
    ('a[href$=".pdf"]{a:b}', 'a[href$=".pdf"]{a:b}'),                                # no class in [ ]
    (".sm\\:hidden{a:b}", ".sm\\:hidden{a:b}"),                                     # escaped class name
    (".sm\\:block{a:b}", ""),
    ('[title="two words"]{a:b}', '[title="two words"]{a:b}'),                        # a whole value
    ('[title~="words"]{a:b}', '[title~="words"]{a:b}'),                              # one of its words
    ('[title~="nowhere"]{a:b}', ""),
    ("@media screen{@supports (display:grid){.md-nav{a:b}.x{c:d}}}",                 # nested groups
     "@media screen{@supports (display:grid){.md-nav{a:b}}}"),
])
def test_purge_css(css: str, expected: str, used: UsedNames) -> None:
    assert purge_css(css, used) == expected


def test_parsed_rules_are_memoised_by_content(used: UsedNames, monkeypatch: pytest.MonkeyPatch) -> None:
    import republish.purge as purge
    memo.activate(None)
    calls: list[str] = []
    parse = purge._parse
    monkeypatch.setattr(purge, "_parse", lambda css: calls.append(css) or parse(css))
    for _ in range(2):
        assert purge_css(".md-nav{a:b}.x{c:d}", used) == ".md-nav{a:b}"
    assert calls == [".md-nav{a:b}.x{c:d}"]


@pytest.mark.parametrize("page, values", [
    ('<div\tdata-md-state="lock"\nhidden role="dialog">汉字汉字</div>', {"lock", "dialog"}),   # any space before a name
    ('<a xml:lang="en" data-x.y="v">中文="不是属性"</a>', {"en", "v"}),                       # text is not an attribute
    ('<p title="两个 词">' + "汉" * 5000 + '</p>', {"两个 词"}),                            # a long run of Han text
])
def test_attribute_values_come_from_tags(page: str, values: set[str]) -> None:
    names = UsedNames()
    names.add_page(page)
    assert names.values == values, f"{sorted(names.values)}"
