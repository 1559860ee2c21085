"""hooks/values.py: the numbers of a page's prose, written in from its chapter's facts()."""

from __future__ import annotations

import values

from gradflow.book.language import use_language


def test_a_number_is_written_in_the_pages_language():
    with use_language("vi"):
        assert values.num(0.8713, ".3g") == "0,871" and values.sci(8.6e134) == "8,6 × 10¹³⁴"
    with use_language("en"):
        assert values.num(0.8713, ".3g") == "0.871" and values.sci(1.887e6, 4) == "1.887 × 10⁶"
        assert values.num(-2.5) == "−2.5" and values.order(5.15e24) == "10²⁴"
    with use_language("vi"):
        assert values.mathnum(1.7665, ".2f") == "1{,}77"


def test_a_page_reads_its_own_chapters_facts():
    with use_language("en"):
        text, problems = values.render("a ratio of {{ db_ratio | num('.3g') }}\n", "exploding.en.md")
    assert problems == [] and text == "a ratio of 155\n"
    assert values.chapter_module("remedies/init.en.md") == "gradflow.book.init"


def test_a_name_the_facts_lack_is_reported_and_the_page_left_unchanged():
    page = "the first layer's {{ no_such_fact }}\n"
    text, problems = values.render(page, "exploding.md")
    assert text == page and len(problems) == 1 and "'no_such_fact' is undefined" in problems[0]
    text, problems = values.render("{{ x }}", "index.md")
    assert problems and "gradflow.book.index.facts()" in problems[0]


def test_a_page_without_a_template_is_left_alone():
    assert values.render("no braces, 1.03 typed\n", "index.md") == ("no braces, 1.03 typed\n", [])
