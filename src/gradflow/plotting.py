"""Figures for the book: one style, a colour-blind-safe palette, and inline SVG output.

A figure snippet is a few lines::

    with figure() as (fig, ax):
        ax.plot(z, sigmoid(z), label="sigmoid")
    print(to_svg(fig, alt="The sigmoid, from 0 to 1."))

The book's style (`STYLE`) holds while the figure is drawn, inside the ``with`` block and while
`to_svg` renders it, and nowhere else: importing this module or making a figure never changes
your own matplotlib settings. Figures are built on ``matplotlib.figure.Figure`` directly, never
through pyplot, so no GUI backend and no global figure registry are involved. The SVG is
deterministic: its ids are salted by the figure's alt text and it carries no date. Text stays
text (``svg.fonttype = "none"``), which keeps it light, selectable and searchable; DejaVu Sans,
shipped with matplotlib, covers Vietnamese diacritics for layout.

The book's pages pick each label's language with `gradflow.book.language.label`. Every
chapter's figures are drawn with it.
"""

from __future__ import annotations

import hashlib
import io
import re
from contextlib import contextmanager

import numpy as np

# Okabe & Ito (2008), distinguishable under the common colour-vision deficiencies.
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"]
"""The colour cycle of every figure."""

STYLE = {
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
"""The matplotlib settings of every figure (with `PALETTE` as the colour cycle)."""


@contextmanager
def style():
    """The book's matplotlib settings, for the duration of a ``with`` block only.

    Examples
    --------
    >>> import matplotlib
    >>> before = matplotlib.rcParams["lines.linewidth"]
    >>> with style():
    ...     matplotlib.rcParams["lines.linewidth"]
    2.0
    >>> matplotlib.rcParams["lines.linewidth"] == before
    True
    """
    import matplotlib
    from cycler import cycler

    with matplotlib.rc_context({**STYLE, "axes.prop_cycle": cycler(color=PALETTE)}):
        yield


@contextmanager
def figure(nrows: int = 1, ncols: int = 1, *, width: float = 6.0, height: float = 3.6, **subplot_kw):
    """A new figure and its axes, drawn in the book's style inside the ``with`` block.

    Parameters
    ----------
    nrows, ncols : int
        Grid of axes.
    width, height : float
        Size in inches; the SVG scales to the page width anyway.
    **subplot_kw
        Passed to ``Figure.subplots`` (for example ``sharey=True``).

    Yields
    ------
    (fig, axes) : matplotlib.figure.Figure and its Axes (an ndarray of Axes for a grid)

    Examples
    --------
    >>> with figure() as (fig, ax):
    ...     _ = ax.plot([0, 1], [0, 1])
    >>> type(fig).__name__, len(ax.lines)
    ('Figure', 1)
    """
    from matplotlib.figure import Figure

    with style():
        # rcParams are read when artists are created, so the style must hold while plotting.
        fig = Figure(figsize=(width, height), layout="constrained")
        yield fig, fig.subplots(nrows, ncols, **subplot_kw)


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
    >>> with figure() as (fig, ax):
    ...     _ = ax.plot([0, 1], [0, 1])
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
    # Ticks and their labels are made while drawing: the style must hold here too.
    with style(), matplotlib.rc_context({"svg.hashsalt": salt}):
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
    svg = _PATH_DATA.sub(lambda data: _NUMBER.sub(_to_tenths, data[0]), svg)
    return InlineSVG(f'<div class="gf-figure">{svg.strip()}</div>')


# matplotlib writes path coordinates to six decimals, half of a figure's bytes. In points, on a
# canvas of a few hundred, a tenth is below what a screen or a printer shows.
_PATH_DATA = re.compile(r' d="[^"]*"')
_NUMBER = re.compile(r"-?\d+\.\d+")


def _to_tenths(number) -> str:
    tenths = f"{float(number[0]):.1f}".removesuffix(".0")
    return "0" if tenths == "-0" else tenths


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


def moving_average(values, window: int):
    """The mean of every ``window`` consecutive values, and the step each mean is plotted at.

    A mean over steps ``s - window + 1 .. s`` is plotted at step ``s``, counting from 1, so a
    curve smoothed with any window ends where the raw curve ends.

    Parameters
    ----------
    values : array_like, shape (S,)
        One value per step, such as a loss curve.
    window : int, at most S

    Returns
    -------
    steps : ndarray of int, shape (S - window + 1,)
    means : ndarray, shape (S - window + 1,)

    Examples
    --------
    >>> steps, means = moving_average([1.0, 2.0, 3.0, 4.0], 2)
    >>> steps.tolist(), means.tolist()
    ([2, 3, 4], [1.5, 2.5, 3.5])
    """
    values = np.asarray(values, dtype=float)
    if values.ndim != 1 or not 1 <= int(window) <= values.size:
        raise ValueError(f"window must be an int from 1 to the number of values {values.size}, got {window!r}")
    window = int(window)
    means = np.convolve(values, np.ones(window) / window, mode="valid")
    return np.arange(window, values.size + 1), means
