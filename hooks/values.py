"""The numbers of a page's prose, drawn from the code that makes its figures.

A number that comes from a run is never typed: the page names it, and the build writes it in,
formatted for the page's language (0,871 in Vietnamese, 0.871 in English)::

    the first layer's gradient is {{ db_first | num(".3g") }}, the last one's {{ db_last | num(".3g") }}

The names are those of ``facts()`` in the page's chapter module (``docs/exploding.md`` and its
twin read `gradflow.book.exploding.facts`), computed from the same experiments as the page's
snippets, the experiments' settings included. The text is a Jinja2 template: ``num(spec)``
formats with Python's format ``spec``, ``sci(digits)`` writes 8.6 × 10¹³⁴, ``order`` writes 10²⁴,
and ``mathnum(spec)`` is ``num`` for inside ``$...$`` (1{,}75 in Vietnamese). A name that
``facts()`` lacks stops the strict build with the page and the name.

Pages with no ``{{`` are left as they are.
"""

from __future__ import annotations

import importlib
import logging
from pathlib import PurePosixPath

log = logging.getLogger("mkdocs.hooks.gradflow.values")

def chapter_module(page_path: str) -> str:
    """The module whose ``facts()`` a page reads: ``remedies/init.en.md`` -> ``gradflow.book.init``."""
    return "gradflow.book." + PurePosixPath(page_path).name.split(".")[0]


def num(x, spec: str = "g") -> str:
    """``x`` with the format ``spec``, in the page's language (a decimal comma in Vietnamese)."""
    from gradflow.book.language import number

    text = number(x, spec)
    return text.replace("-", "−") if text.startswith("-") else text


def sci(x, digits: int = 2) -> str:
    """``x`` as a × 10ⁿ with ``digits`` significant digits, in the page's language."""
    from gradflow.book.language import scientific

    return scientific(x, digits)


def mathnum(x, spec: str = "g") -> str:
    """``num`` for inside ``$...$``: the Vietnamese decimal comma braced, 1{,}75, so that KaTeX adds no space."""
    return num(x, spec).replace(",", "{,}")


def order(x) -> str:
    """The power of ten of ``x``, written 10²⁴."""
    from gradflow.book.language import power_of_ten

    return power_of_ten(x)


def render(markdown: str, page_path: str) -> tuple[str, list[str]]:
    """The page with every ``{{ ... }}`` written in, and what went wrong (the page unchanged then)."""
    if "{{" not in markdown and "{%" not in markdown:
        return markdown, []
    import jinja2

    try:
        facts = importlib.import_module(chapter_module(page_path)).facts()
    except (ImportError, AttributeError) as error:
        return markdown, [f"its numbers need {chapter_module(page_path)}.facts(): {error}"]
    environment = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=False,
                                     keep_trailing_newline=True)
    environment.filters.update(num=num, sci=sci, mathnum=mathnum, order=order)
    try:
        return environment.from_string(markdown).render(**facts), []
    except jinja2.TemplateError as error:
        where = f" (line {error.lineno})" if getattr(error, "lineno", None) else ""
        return markdown, [f"{type(error).__name__}{where}: {error}"]
