"""The glossary is the single source of the book's terms (issue #14): the first use of each term
on a page links to its entry and, on a Vietnamese page, gives the English; the chapter that
introduces a term uses it; and no page uses a form the book has retired."""

from __future__ import annotations

import re

import pytest

import glossary
from gradflow.book.glossary import CHAPTERS, RETIRED, TERMS, Term, table
from project import DOCS

TERM = Term("vanishing-gradient", "tiêu biến gradient", "vanishing gradient", "vanishing",
            ("tiêu biến gradient",), ("vanishing gradient",), {"vi": "…", "en": "…"})
SHORT = Term("gradient", "gradient", "gradient", "backprop", ("gradient",), ("gradient",), {"vi": "…", "en": "…"})


def link(markdown, language="vi", page="vanishing.md", terms=(TERM, SHORT)):
    return glossary.link_first_uses(markdown, language, page, terms)


def test_the_first_use_in_prose_is_linked_and_glossed_and_code_headings_and_formulas_are_not():
    markdown = ("# Tiêu biến gradient\n\n"
                "`tiêu biến gradient` and $\\text{tiêu biến gradient}$ and [tiêu biến gradient](x.md).\n\n"
                "```python\ntiêu biến gradient\n```\n\n"
                "Đó là tiêu biến gradient. Lại tiêu biến gradient.\n")
    out, keys = link(markdown)
    assert "Đó là [tiêu biến gradient](reference/glossary.md#vanishing-gradient) (vanishing gradient). Lại tiêu" in out
    # "gradient" is here only inside the longer term, which is not linked twice.
    assert out.count("glossary.md#vanishing-gradient") == 1 and keys == ["vanishing-gradient"]
    assert out.startswith("# Tiêu biến gradient\n\n`tiêu biến gradient` and $\\text{tiêu biến gradient}$ and [tiêu")


def test_an_english_given_after_the_term_is_kept_and_a_longer_term_wins_over_a_shorter_one():
    out, _ = link("Gradient rồi **tiêu biến gradient** (vanishing gradient problem).\n")
    assert out == ("[Gradient](reference/glossary.md#gradient) rồi "
                   "**[tiêu biến gradient](reference/glossary.md#vanishing-gradient)** (vanishing gradient problem).\n")
    bold, _ = link("Đây là **tiêu biến gradient**.\n", terms=(TERM,))
    assert bold == "Đây là **[tiêu biến gradient](reference/glossary.md#vanishing-gradient)** (vanishing gradient).\n"


def test_no_gloss_stacks_parentheses():
    inside, _ = link("Một bước (của tiêu biến gradient) nhỏ.\n", terms=(TERM,))
    assert inside == "Một bước (của [tiêu biến gradient](reference/glossary.md#vanishing-gradient)) nhỏ.\n"
    cited, _ = link("Đó là tiêu biến gradient của mạng\n(Bengio và cộng sự, 1994).\n", terms=(TERM,))
    assert "(vanishing gradient)" not in cited and "](reference/glossary.md#vanishing-gradient) của mạng" in cited
    quoted, _ = link('Ở mục "Tiêu biến gradient" của bài.\n', terms=(TERM,))
    assert quoted == 'Ở mục "[Tiêu biến gradient](reference/glossary.md#vanishing-gradient)" của bài.\n'
    linked_after, _ = link("Đó là tiêu biến gradient, xem [chương](x.md).\n", terms=(TERM,))
    assert "(vanishing gradient), xem" in linked_after


def test_english_pages_link_without_a_gloss_and_links_are_relative_to_the_page():
    out, _ = link("Two vanishing gradients.\n", "en", "remedies/rnn.en.md")
    assert out == "Two [vanishing gradients](../reference/glossary.md#vanishing-gradient).\n"


def test_the_reference_list_and_the_reference_pages_are_left_alone():
    markdown = "Văn bản.\n\n## Tài liệu tham khảo\n\n- tiêu biến gradient\n"
    assert link(markdown)[0] == markdown
    assert link("tiêu biến gradient\n", page="reference/glossary.md")[0] == "tiêu biến gradient\n"


def pages(language):
    suffix = ".en.md" if language == "en" else ".md"
    return {chapter: DOCS / f"{chapter}{suffix}" for chapter in CHAPTERS}


@pytest.mark.parametrize("language", ["vi", "en"])
def test_every_term_is_linked_from_the_chapter_that_introduces_it(language):
    missing = []
    for chapter, page in pages(language).items():
        _, keys = glossary.link_first_uses(page.read_text(encoding="utf-8"), language,
                                           f"{chapter}.md", TERMS)
        missing += [f"{t.key} ({chapter})" for t in TERMS if t.chapter == chapter and t.key not in keys]
    assert not missing, f"terms their chapter does not use in its prose, in {language}: {missing}"


def test_every_entry_is_in_both_glossaries_with_a_definition():
    for language in ("vi", "en"):
        rows = table(language).splitlines()[2:]
        assert len(rows) == len(TERMS)
        assert all(f'<span id="{t.key}"></span>' in table(language) for t in TERMS)
    assert all(t.definition["vi"] and t.definition["en"] and "\n" not in t.definition["vi"] for t in TERMS)


def vietnamese_sources():
    """The Vietnamese prose, figure and table scripts, and the labs' Vietnamese cells and labels."""
    for page in sorted(DOCS.rglob("*.md")):
        if not page.name.endswith(".en.md") and "snippets" not in page.parts and page.parent.name != "reference":
            text = page.read_text(encoding="utf-8")
            yield page, text.split("\n## Tài liệu tham khảo")[0]
    for script in sorted((DOCS / "snippets").rglob("*.py")):
        yield script, "\n".join(re.findall(r'vi=(?:f?"[^"]*"\s*)+', script.read_text(encoding="utf-8")))
    for lab in sorted((DOCS / "labs").glob("*.py")):
        text = lab.read_text(encoding="utf-8")
        cells = re.split(r"^# %%", text, flags=re.M)
        yield lab, "\n".join(c for c in cells if 'lang="en"' not in c.split("\n")[0])


@pytest.mark.parametrize("pattern", sorted(RETIRED), ids=lambda p: RETIRED[p])
def test_no_vietnamese_text_uses_a_retired_term(pattern):
    found = [f"{path.relative_to(DOCS)}: …{text[max(0, m.start() - 30): m.end() + 20]!r}…"
             for path, text in vietnamese_sources() for m in re.finditer(pattern, text, re.IGNORECASE)]
    assert not found, f"write {RETIRED[pattern]!r} instead:\n" + "\n".join(found[:20])
