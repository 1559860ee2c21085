"""The first use of each glossary term on a page links to its entry, and on a Vietnamese page
gives the English term in parentheses (issue #14).

The terms are `gradflow.book.glossary.TERMS`, the single source of truth the glossary page
(``reference/glossary.md``) is printed from. Before a page is converted, `link_first_uses` finds
the first occurrence of each term in the page's prose (not in a heading, code, a formula, a link,
HTML, a figure's include or the reference list) and writes it as a link to the entry::

    tiêu biến gradient   ->   [tiêu biến gradient](../reference/glossary.md#vanishing-gradient) (vanishing gradient)

The English in parentheses is added only where the page does not already give it right after
the term. Longer terms are linked first, so "tiêu biến gradient" is one link, not "gradient".
"""

from __future__ import annotations

import posixpath
import re

GLOSSARY_PAGE = "reference/glossary.md"
REFERENCES = {"vi": "Tài liệu tham khảo", "en": "References"}

# What is not prose: code (fenced, indented inside an admonition, inline), formulas, links and
# images, HTML tags, headings, admonition and caption openers, a snippet's include.
PROTECTED = re.compile(
    r"^(?P<indent>[ \t]*)(?P<fence>```+|~~~+)[^\n]*\n.*?^(?P=indent)(?P=fence)[ \t]*$"  # fenced code
    r"|\$\$.*?\$\$|\\\[.*?\\\]|\\\(.*?\\\)|(?<![\\\w])\$[^$\n]+\$"  # formulas
    r"|`[^`\n]+`"  # inline code
    # links and images (their text on several lines too), with the English gloss after a link
    r"|!?\[[^\]]*\]\([^)\n]*\)(?:\*{0,2} \([^)\n]*\))?|\[[^\]]*\]\[[^\]\n]*\]"
    r"|<[^>\n]+>"  # HTML tags
    r"|^#{1,6} [^\n]*$|^[ \t]*(?:!!!|\?\?\?\+?|///)[^\n]*$"  # headings, admonitions, caption openers
    r"|--8<--[^\n]*$"
    r"|\{\{.*?\}\}|\{%.*?%\}",  # templates not yet rendered
    re.S | re.M,
)


# A parenthesis (not a link's address) ahead in the same phrase: the page's own English, a
# citation, or a gloss of the next word.
PARENTHESIS_AHEAD = re.compile(r"\*{0,2}(?:[^.,;:!?()\[\]]|\[[^\]]*\]\([^)]*\)){0,40}?(?<!\])\(")


def _protected_spans(text: str) -> list[tuple[int, int]]:
    return [match.span() for match in PROTECTED.finditer(text)]


def _inside(position: int, end: int, spans) -> bool:
    return any(start < end and position < stop for start, stop in spans)


def _pattern(form: str, language: str) -> re.Pattern:
    if form.startswith("re:"):
        words = form[3:]
    else:
        words = r"\s+".join(re.escape(word) for word in form.split())
    plural = r"(?:s|es)?" if language == "en" and not form.startswith("re:") else ""
    return re.compile(rf"(?<![\w-]){words}{plural}(?![\w-])", re.IGNORECASE)


def _length(form: str) -> int:
    """How long a form is, for linking the longer terms first; a pattern counts as one word."""
    return 1 if form.startswith("re:") else len(form)


def link_first_uses(markdown: str, language: str, src_uri: str, terms) -> tuple[str, list[str]]:
    """``markdown`` with the first use of each of ``terms`` linked to its glossary entry, and the
    keys linked. ``src_uri`` is the page's path in docs/ (for the relative link). On a Vietnamese
    page the English form that pairs with the one found follows it in parentheses, unless the
    page gives it there already."""
    if src_uri.startswith("reference/"):
        return markdown, []
    heading = re.search(rf"^## {REFERENCES[language]}\s*$", markdown, re.M)
    body, tail = (markdown[: heading.start()], markdown[heading.start():]) if heading else (markdown, "")
    target = posixpath.relpath(GLOSSARY_PAGE, posixpath.dirname(src_uri) or ".")
    linked = []
    patterns = [(_length(form), _pattern(form, language), t) for t in terms for form in t.forms(language)]

    def in_a_longer_term(match, term, length) -> bool:
        """Whether ``match`` is part of a longer term: "khởi tạo" of "khởi tạo He", "chuẩn" of
        "độ lệch chuẩn"."""
        start, end = max(0, match.start() - 60), match.end() + 60
        return any(longer.search(body, start, end) and any(
                   m.start() < match.end() and match.start() < m.end() for m in longer.finditer(body, start, end))
                   for size, longer, owner in patterns if owner is not term and size > length)

    for term in sorted(terms, key=lambda t: -max(_length(f) for f in t.forms(language))):
        spans = _protected_spans(body)
        found = []
        for index, form in enumerate(term.forms(language)):
            for match in _pattern(form, language).finditer(body):
                if not _inside(match.start(), match.end(), spans) and not in_a_longer_term(match, term, _length(form)):
                    found.append((match.start(), -len(match.group(0)), index, match))
                    break
        if not found:
            continue
        _, _, index, match = min(found)
        text, after = match.group(0), body[match.end():]
        gloss = ""
        # No gloss where it would stack parentheses: inside "( … )", or where the page puts one
        # right after the term (its own English, a citation) within the same phrase.
        paragraph = body[body.rfind("\n\n", 0, match.start()) + 1: match.start()]
        # ... and none inside a quotation (a title: mục "Giải pháp").
        enclosed = (paragraph.count("(") > paragraph.count(")") or paragraph.count('"') % 2 == 1
                    or paragraph.count("“") > paragraph.count("”"))
        if language == "vi" and not enclosed and not PARENTHESIS_AHEAD.match(after):
            english = term.en_forms[min(index, len(term.en_forms) - 1)]
            english = term.en_forms[0] if english.startswith("re:") else english
            if english.lower() != text.lower():
                gloss = f" ({english})"
        # A term in bold or italics keeps its emphasis; the English follows it.
        closing = re.match(r"\*{1,2}|_{1,2}", after)
        close = closing.group(0) if closing and gloss else ""
        after = after[len(close):]
        body = f"{body[: match.start()]}[{text}]({target}#{term.key}){close}{gloss}{after}"
        linked.append(term.key)
    return body + tail, linked
