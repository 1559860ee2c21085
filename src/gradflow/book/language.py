"""The language of the page being built, and the text and numbers written in it.

The book is built once per language (``"vi"`` first, then ``"en"``) from the same snippets. The
build sets the page's language before each page (a lab sets it in its first cells); `label`
then picks the text of a figure or a table, and `number` writes a number the way that language
does (a decimal comma in Vietnamese). This state belongs to the book: the library, `gradflow`,
has no language.
"""

from __future__ import annotations

import math

import re
from contextlib import contextmanager

LANGUAGES = ("vi", "en")
_current = ["vi"]  # one cell, changed only by set_language


def set_language(lang: str) -> None:
    """Choose the language of `label` and `number`: ``"vi"`` or ``"en"``.

    Examples
    --------
    >>> set_language("fr")
    Traceback (most recent call last):
    ...
    ValueError: unknown language 'fr'; valid languages are: vi, en
    """
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; valid languages are: {', '.join(LANGUAGES)}")
    _current[0] = lang


def get_language() -> str:
    """The language `label` currently picks.

    Examples
    --------
    >>> with use_language("en"):
    ...     get_language()
    'en'
    """
    return _current[0]


@contextmanager
def use_language(lang: str):
    """Switch the language for the duration of a ``with`` block.

    Examples
    --------
    >>> with use_language("en"):
    ...     label(vi="đạo hàm", en="derivative")
    'derivative'
    """
    previous = get_language()
    set_language(lang)
    try:
        yield
    finally:
        set_language(previous)


def label(*, vi: str, en: str) -> str:
    """The text for the current language.

    Examples
    --------
    >>> with use_language("vi"):
    ...     label(vi="đạo hàm", en="derivative")
    'đạo hàm'
    """
    return vi if get_language() == "vi" else en


def number(x, spec: str = "g") -> str:
    """``x`` formatted with ``spec``, as the current language writes it: 0,25 in Vietnamese, 0.25 in English.

    Examples
    --------
    >>> with use_language("vi"):
    ...     number(0.25), number(1234.5, ".1f")
    ('0,25', '1234,5')
    >>> with use_language("en"):
    ...     number(0.25)
    '0.25'
    """
    text = format(x, spec)
    return text.replace(".", ",") if get_language() == "vi" else text


def numbers(values, spec: str = "g") -> str:
    """Several numbers on one line, as the current language lists them: "0,97; 0,24" in
    Vietnamese, whose decimal comma rules out a comma between them, "0.97, 0.24" in English.

    Examples
    --------
    >>> with use_language("vi"):
    ...     numbers([0.97, 0.243])
    '0,97; 0,243'
    >>> with use_language("en"):
    ...     numbers([0.97, 0.243], ".1f")
    '1.0, 0.2'
    """
    return ("; " if get_language() == "vi" else ", ").join(number(v, spec) for v in values)


SUPERSCRIPT = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


def power_of_ten(x) -> str:
    """The power of ten of ``x``, written with superscripts: 10²⁴ (for a page's text or a figure's alt text).

    Examples
    --------
    >>> power_of_ten(5.15e24), power_of_ten(0.002)
    ('10²⁴', '10⁻³')
    """
    return "10" + str(math.floor(math.log10(abs(x)))).translate(SUPERSCRIPT)


def scientific(x, digits: int = 2) -> str:
    """``x`` as a × 10ⁿ with ``digits`` significant digits, as the current language writes it.

    Examples
    --------
    >>> with use_language("vi"):
    ...     scientific(8.6e134)
    '8,6 × 10¹³⁴'
    """
    exponent = math.floor(math.log10(abs(x)))
    return f"{number(x / 10**exponent, f'.{digits - 1}f')} × {power_of_ten(x)}"


def decimal_commas(text: str) -> str:
    """Every decimal point between two digits of ``text`` written as a comma, in Vietnamese only.

    Full stops that end a sentence are left alone.

    Examples
    --------
    >>> with use_language("vi"):
    ...     decimal_commas("θ = 0.97. Then 1.5")
    'θ = 0,97. Then 1,5'
    >>> with use_language("en"):
    ...     decimal_commas("θ = 0.97.")
    'θ = 0.97.'
    """
    return re.sub(r"(\d)\.(\d)", r"\1,\2", text) if get_language() == "vi" else text
