"""No number from a run is typed in a page's prose: it is written in from the chapter's facts() (hooks/values.py).

The scan reads a page's Markdown without its code, its maths and its ``{{ ... }}`` and lists every
literal number left. Each one must be explained by a rule below: a rule names the kind of number
it lets through and why that number does not come from a run (a figure's or a section's number,
a year, an exact fact of the mathematics, a number given by an exercise or quoted from a source).

The pages are held to it as they are converted; ``CONVERTED`` lists them, both languages.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

DOCS = Path(__file__).parents[2] / "docs"
CONVERTED = ["exploding.md", "exploding.en.md"]

NUMBER = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)*")

# (pattern matched around the number, why it is not a result) for every page
EVERYWHERE = [
    (r"^\s*\d+\. ", "the number of an item in an ordered list (the exercises)"),
    (r"\b(?:Figure|Hình) \d+", "a figure's number"),
    (r"\b(?:19|20)\d\d\b", "a year: of a citation, or of the original article"),
    (r"\b(?:[Ss]ections?|[Mm]ục|[Cc]hapter|chương|equation|phương trình) \d+(?:\.\d+)*(?: (?:and|và) \d+(?:\.\d+)*)?",
     "the number of a section, chapter or equation of a cited work"),
    (r"\b\d+\.\d+\.\d+\b", "a section of a cited book (8.2.4)"),
    (r"\b\d+ January\b|\b\d+/\d+/\d{4}", "the date of the original article"),
    (r"(?<![\w.,])[01](?!\w|[.,]\d)", "0 and 1, the thresholds the mathematics compares with (a factor above 1, a value near 0)"),
]
PER_PAGE = {
    "exploding": [
        (r"\b25\b", "Nielsen's chain: his w = 100 times the sigmoid's largest slope ¼ (his example, cited)"),
        (r"\b0[.,]25\b", "the sigmoid's largest slope, ¼: exact"),
        (r"\b10–90\s?%", "the band fig_matrix_products.py draws, between its 10th and 90th percentiles"),
        (r"\b8×8\b", "the image size of gradflow.data.digits_like"),
        (r"\b100 (?:ma trận )?4×4\b|\b4×4\b(?= (?:matrix whose|có phần tử))", "d2l's experiment, quoted (its 4×4 matrices)"),
        (r"\b4×4\b|\b4 (?:degrees|bậc)", "exercise 5: a 4×4 matrix, whose rows give a chi-squared law with 4 degrees of freedom"),
        (r"\b5\b", "exercise 4: its threshold, given by the exercise"),
    ],
}


def prose(markdown: str) -> str:
    """The page's text without its code blocks, inline code, maths, templates, link targets and HTML."""
    markdown = re.sub(r"^(`{3,}|~{3,})[^\n]*\n.*?^\1[ \t]*$", "", markdown, flags=re.M | re.S)
    markdown = re.sub(r"\{\{.*?\}\}", "", markdown, flags=re.S)
    markdown = re.sub(r"\$\$.*?\$\$", "", markdown, flags=re.S)
    markdown = re.sub(r"\$[^$]+\$", "", markdown)
    markdown = re.sub(r"`[^`\n]+`", "", markdown)
    markdown = re.sub(r"\]\([^)]*\)", "]", markdown)
    return re.sub(r"<[^>]+>", "", markdown)


def unexplained(markdown: str, rules) -> list[str]:
    """Every literal number of the prose that no rule covers, with its line."""
    found = []
    for line in prose(markdown).splitlines():
        covered = [m.span() for pattern, _ in rules for m in re.finditer(pattern, line)]
        for number in NUMBER.finditer(line):
            if not any(start <= number.start() and number.end() <= end for start, end in covered):
                found.append(f"{number.group()!r} in: {line.strip()}")
    return found


@pytest.mark.parametrize("page", CONVERTED)
def test_no_number_from_a_run_is_typed_in_the_prose(page):
    rules = EVERYWHERE + PER_PAGE.get(page.split(".")[0], [])
    found = unexplained((DOCS / page).read_text(encoding="utf-8"), rules)
    assert not found, f"docs/{page}: numbers typed in the prose; write them in from facts():\n" + "\n".join(found)


def test_the_scan_finds_a_typed_result_and_lets_the_rules_through():
    page = ("Figure 2. The first layer's gradient is 135, after {{ steps }} steps (Glorot, 2010).\n"
            "Its slope is $0.25$ and `lr=0.05`; a factor above 1.\n")
    assert unexplained(page, EVERYWHERE) == ["'135' in: Figure 2. The first layer's gradient is 135, after  steps "
                                             "(Glorot, 2010)."]
