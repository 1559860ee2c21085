"""The references come from one file, docs/references.bib (issue #13): every page's reference list
cites its entries by key, in both languages, and every entry gives a link to follow. How the
build renders them is checked in tests/site/test_site.py."""

from __future__ import annotations

import re

import pytest
from pybtex.database import parse_file

from project import DOCS

BIB = parse_file(DOCS / "references.bib")
HEADINGS = {"vi": "Tài liệu tham khảo", "en": "References"}
ENTRY = re.compile(r"^- @([\w:-]+)", re.M)
# The Vietnamese pages cite the Vietnamese edition of Dive into Deep Learning.
EDITIONS = {"zhang2020d2lvi": "zhang2023d2l"}


def reference_list(page) -> str:
    language = "en" if page.name.endswith(".en.md") else "vi"
    text = page.read_text(encoding="utf-8")
    found = re.search(rf"^## {HEADINGS[language]}\n(.*?)(?=^## |\Z)", text, re.S | re.M)
    return found[1] if found else ""


PAGES = sorted(p for p in DOCS.rglob("*.md") if "snippets" not in p.parts and reference_list(p))


def test_every_chapter_has_a_reference_list_in_both_languages():
    chapters = {p for p in PAGES if not p.name.endswith(".en.md")}
    assert len(chapters) >= 11
    assert all(p.with_name(p.name[:-3] + ".en.md") in PAGES for p in chapters)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(DOCS)))
def test_every_reference_is_a_key_of_the_bibliography(page):
    items = re.findall(r"^- .*", reference_list(page), re.M)
    cited = ENTRY.findall(reference_list(page))
    assert len(cited) == len(items), f"{page.name}: a reference typed by hand instead of cited by key"
    assert set(cited) <= set(BIB.entries), f"unknown keys: {set(cited) - set(BIB.entries)}"


@pytest.mark.parametrize("page", [p for p in PAGES if not p.name.endswith(".en.md")],
                         ids=lambda p: str(p.relative_to(DOCS)))
def test_both_languages_cite_the_same_works_in_the_same_order(page):
    twin = page.with_name(page.name[:-3] + ".en.md")
    vi = [EDITIONS.get(key, key) for key in ENTRY.findall(reference_list(page))]
    assert vi == ENTRY.findall(reference_list(twin))


def test_every_entry_is_cited_and_has_a_doi_an_arxiv_identifier_or_a_page():
    cited = {key for page in PAGES for key in ENTRY.findall(reference_list(page))}
    assert set(BIB.entries) - cited == set(), "an entry no page cites"
    for key, entry in BIB.entries.items():
        if key == "article2022":  # the blog post this book expands has no address of its own
            continue
        assert {"doi", "eprint", "url"} & {f.lower() for f in entry.fields}, f"{key} has no link"
