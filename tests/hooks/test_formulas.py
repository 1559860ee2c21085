"""hooks/formulas.py: every formula is typeset at build time, as KaTeX's auto-render would have."""

from __future__ import annotations

import pytest

import formulas

TYPESETTER = formulas.Typesetter()


def body(html: str) -> str:
    return f"<html><head><title>$x$</title></head><body>{html}</body></html>"


def test_the_chapters_and_the_labs_delimiters_are_typeset_inline_or_displayed():
    page, count = TYPESETTER.page(body(
        '<p><span class="arithmatex">\\(a &lt; b\\)</span> và $z$</p>'
        '<div class="arithmatex">\\[\\sigma(z)\\]</div><p>$$W^\\top$$</p>'))
    assert count == 4
    assert "\\(" not in page and "\\[" not in page and "$" not in page.split("<body>")[1]
    assert page.count('class="katex"') == 4 and page.count('class="katex-display"') == 2
    assert "<mo>&lt;</mo>" in page, "an escaped < in the page is the TeX's <"
    assert "<title>$x$</title>" in page, "the head is left alone"


def test_code_figures_and_scripts_are_left_as_they_are():
    untouched = ('<pre><code>label(vi="tầng $l$")</code></pre><p><code>$5</code></p>'
                 '<svg><text>$\\alpha$</text></svg><script>let s = "$a$";</script>')
    page, count = TYPESETTER.page(body(untouched))
    assert (page, count) == (body(untouched), 0)


def test_text_after_a_skipped_element_is_typeset_again():
    page, count = TYPESETTER.page(body("<p><code>$a$</code> then $b$</p>"))
    assert count == 1 and "<code>$a$</code>" in page


def test_a_formula_katex_cannot_parse_is_an_error_that_names_it():
    with pytest.raises(formulas.FormulaError, match=r"'\\\\frac\{1\}': .*KaTeX parse error"):
        TYPESETTER.page(body("<p>$\\frac{1}$</p>"))
