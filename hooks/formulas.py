"""Formulas typeset at build time, so that a page carries KaTeX's output and not KaTeX.

The book's formulas reach the HTML in two forms: the chapters' and the API reference's as
``\\(…\\)`` and ``\\[…\\]`` inside pymdownx.arithmatex's spans and divs, the labs' as ``$…$`` and
``$$…$$`` in their Markdown cells. Both used to be typeset in the reader's browser by KaTeX's
script (76 KB gzipped on every page, and formulas that filled in a second after the text).
Here the same vendored KaTeX runs once, at build time, in V8 embedded in Python (mini-racer,
no Node.js), with the delimiters and options the browser used; a page then loads only KaTeX's
stylesheet and the fonts its formulas use.

What is typeset is what KaTeX's auto-render would have typeset: text in the page's body
outside ``pre``, ``code``, ``script``, ``style``, ``textarea`` and figures. A formula KaTeX cannot
parse fails the build, naming the page and the formula.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

KATEX = Path(__file__).resolve().parent.parent / "docs" / "assets" / "vendor" / "katex" / "katex.min.js"

# auto-render's delimiters, in its order: the longer "$$" before "$".
DELIMITERS = [("$$", "$$", True), ("$", "$", False), ("\\(", "\\)", False), ("\\[", "\\]", True)]
_FORMULA = re.compile("|".join(
    f"{re.escape(left)}(?P<f{i}>.+?){re.escape(right)}" for i, (left, right, _) in enumerate(DELIMITERS)),
    flags=re.S)
_SKIPPED = {"pre", "code", "script", "style", "textarea", "svg", "title"}
_TAG = re.compile(r"(<!--.*?-->|<[^>]*>)", flags=re.S)
_TAG_NAME = re.compile(r"</?([a-zA-Z][a-zA-Z0-9]*)")


class FormulaError(ValueError):
    """A formula KaTeX cannot typeset."""


class Typesetter:
    """KaTeX in one V8 context, loaded on the first formula; each formula is typeset once a build."""

    def __init__(self, katex: Path = KATEX):
        self.katex = katex
        self._context = None
        self._done: dict[tuple[str, bool], str] = {}

    def formula(self, tex: str, display: bool) -> str:
        key = (tex, display)
        if key not in self._done:
            if self._context is None:
                from py_mini_racer import MiniRacer

                self._context = MiniRacer()
                self._context.eval(self.katex.read_text(encoding="utf-8"))
            try:
                self._done[key] = self._context.call(
                    "katex.renderToString", tex, {"displayMode": display, "throwOnError": True})
            except Exception as error:  # mini-racer raises its own JSEvalException
                message = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
                raise FormulaError(f"{tex!r}: {message}") from None
        return self._done[key]

    def page(self, page_html: str) -> tuple[str, int]:
        """``page_html`` with every formula of its body typeset, and how many there were."""
        start = page_html.find("<body")
        if start < 0:
            return page_html, 0
        parts = _TAG.split(page_html[start:])
        skipped: list[str] = []
        count = 0
        for i, part in enumerate(parts):
            if i % 2:  # a tag
                name = _TAG_NAME.match(part)
                if name is None or part.endswith("/>"):
                    continue
                tag = name[1].lower()
                if tag not in _SKIPPED:
                    continue
                if part.startswith("</"):
                    if tag in skipped:
                        del skipped[len(skipped) - 1 - skipped[::-1].index(tag):]
                else:
                    skipped.append(tag)
            elif not skipped and part and any(left in part for left, _, _ in DELIMITERS):
                parts[i], found = self._text(part)
                count += found
        return page_html[:start] + "".join(parts), count

    def _text(self, text: str) -> tuple[str, int]:
        found = 0

        def typeset(match):
            nonlocal found
            index = next(int(name[1:]) for name, value in match.groupdict().items() if value is not None)
            found += 1
            return self.formula(html.unescape(match[f"f{index}"]), DELIMITERS[index][2])

        return _FORMULA.sub(typeset, text), found
