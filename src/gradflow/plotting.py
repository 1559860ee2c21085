"""Figures for the book: one style, a colour-blind-safe palette, and inline SVG output.

A figure snippet is a few lines::

    fig, ax = figure()
    ax.plot(z, sigmoid(z), label=label(vi="hàm", en="function"))
    print(to_svg(fig, alt=label(vi="...", en="...")))

Figures are built on ``matplotlib.figure.Figure`` directly, never through
pyplot, so no GUI backend and no global figure registry are involved. The SVG
is deterministic: its ids are salted by the figure's alt text and it carries no
date. Text stays text (``svg.fonttype = "none"``), which keeps it light,
selectable and searchable; DejaVu Sans, shipped with matplotlib, covers
Vietnamese diacritics for layout.

The page language (``"vi"`` or ``"en"``) selects the text of `label`; the
site build sets it for each page.
"""

from __future__ import annotations

import hashlib
import io
import re
from contextlib import contextmanager

LANGUAGES = ("vi", "en")
_language = "vi"

# Okabe & Ito (2008), distinguishable under the common colour-vision deficiencies.
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"]
"""The colour cycle of every figure."""

STYLE = {
    "axes.prop_cycle": None,  # filled in by _style(), which imports matplotlib lazily
    "axes.grid": True,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titlesize": 13,
    "axes.labelsize": 13,
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans"],
    "font.size": 12,
    "grid.alpha": 0.35,
    "legend.fontsize": 12,
    "legend.frameon": False,
    "lines.linewidth": 2.0,
    "svg.fonttype": "none",
    "xtick.labelsize": 11,
    "ytick.labelsize": 11,
    "figure.facecolor": "white",
    "axes.facecolor": "white",
}
"""matplotlib rcParams applied by `figure`."""


def set_language(lang: str) -> None:
    """Choose the language of `label` text: ``"vi"`` or ``"en"``.

    Examples
    --------
    >>> set_language("fr")
    Traceback (most recent call last):
    ...
    ValueError: unknown language 'fr'; valid languages are: vi, en
    """
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; valid languages are: {', '.join(LANGUAGES)}")
    global _language
    _language = lang


def get_language() -> str:
    """The language `label` currently picks.

    Examples
    --------
    >>> with use_language("en"):
    ...     get_language()
    'en'
    """
    return _language


@contextmanager
def use_language(lang: str):
    """Temporarily switch the language of `label`.

    Examples
    --------
    >>> with use_language("en"):
    ...     label(vi="đạo hàm", en="derivative")
    'derivative'
    """
    previous = _language
    set_language(lang)
    try:
        yield
    finally:
        set_language(previous)


def label(*, vi: str, en: str) -> str:
    """The text for the current page language.

    Examples
    --------
    >>> with use_language("vi"):
    ...     label(vi="đạo hàm", en="derivative")
    'đạo hàm'
    """
    return vi if _language == "vi" else en


def _style() -> dict:
    from cycler import cycler

    return {**STYLE, "axes.prop_cycle": cycler(color=PALETTE)}


def figure(nrows: int = 1, ncols: int = 1, *, width: float = 6.0, height: float = 3.6, **subplot_kw):
    """A new styled figure and its axes.

    Parameters
    ----------
    nrows, ncols : int
        Grid of axes.
    width, height : float
        Size in inches; the SVG scales to the page width anyway.
    **subplot_kw
        Passed to ``Figure.subplots`` (for example ``sharey=True``).

    Returns
    -------
    fig : matplotlib.figure.Figure
    axes : Axes or ndarray of Axes

    Examples
    --------
    >>> fig, ax = figure()
    >>> type(fig).__name__
    'Figure'
    """
    import matplotlib
    from matplotlib.figure import Figure

    # rcParams are read when artists are created, so the style must be active while plotting.
    matplotlib.rcParams.update(_style())
    fig = Figure(figsize=(width, height), layout="constrained")
    axes = fig.subplots(nrows, ncols, **subplot_kw)
    return fig, axes


def to_svg(fig, alt: str) -> str:
    """Render ``fig`` as an inline, accessible, deterministic SVG, and clear the figure.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    alt : str
        Text alternative for readers who cannot see the figure; it also salts the SVG ids,
        so two figures on one page never share an id.

    Returns
    -------
    InlineSVG
        A ``str``, ``<div class="gf-figure">…<svg role="img" aria-label=alt>…</svg></div>``,
        that Jupyter displays as the figure.

    Examples
    --------
    >>> fig, ax = figure()
    >>> _ = ax.plot([0, 1], [0, 1])
    >>> svg = to_svg(fig, alt="a line")
    >>> svg.startswith('<div class="gf-figure"><svg'), 'aria-label="a line"' in svg
    (True, True)
    >>> to_svg(fig, alt="")
    Traceback (most recent call last):
    ...
    ValueError: alt must be a non-empty description of the figure
    """
    import matplotlib
    from html import escape

    if not isinstance(alt, str) or not alt.strip():
        raise ValueError("alt must be a non-empty description of the figure")
    salt = hashlib.sha256(alt.encode("utf-8")).hexdigest()[:16]
    buffer = io.StringIO()
    with matplotlib.rc_context({"svg.hashsalt": salt, "svg.fonttype": "none"}):
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    fig.clear()
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg"):]  # drop the XML declaration and DOCTYPE
    svg = re.sub(r"<metadata>.*?</metadata>\s*", "", svg, flags=re.S)
    safe_alt = escape(alt.strip(), quote=True)
    # Without fixed width/height the viewBox lets the figure shrink to a phone's width.
    svg = re.sub(r'<svg ([^>]*?)width="[^"]*" height="[^"]*"',
                 rf'<svg role="img" aria-label="{safe_alt}" \1', svg, count=1)
    svg = svg.replace(">", f"><title>{safe_alt}</title>", 1)
    # matplotlib numbers its groups figure_1, axes_1, ... in every SVG: prefix every id,
    # and every reference to one, so that several figures can share a page.
    prefix = f"gf{salt[:8]}-"
    svg = svg.replace(' id="', f' id="{prefix}').replace("url(#", f"url(#{prefix}")
    svg = svg.replace('href="#', f'href="#{prefix}')
    # An inline <style> would apply to the whole page; the same rules set on the root stay local.
    svg = re.sub(r"\s*<defs>\s*<style[^>]*>[^<]*</style>\s*</defs>", "", svg, count=1)
    svg = svg.replace("<svg ", '<svg style="stroke-linejoin: round; stroke-linecap: butt" ', 1)
    return InlineSVG(f'<div class="gf-figure">{svg.strip()}</div>')


class InlineSVG(str):
    """The HTML of a figure: printed by the book's pages, displayed by Jupyter.

    A plain ``str`` everywhere, with ``_repr_html_`` so that a notebook cell ending in
    ``to_svg(fig, alt=...)`` shows the figure itself, with its text alternative.

    Examples
    --------
    >>> html = InlineSVG('<div class="gf-figure"><svg></svg></div>')
    >>> html == html._repr_html_(), isinstance(html, str)
    (True, True)
    """

    def _repr_html_(self) -> str:
        return str(self)
