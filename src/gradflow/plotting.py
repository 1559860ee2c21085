"""Figures for the book: one kit of sizes, fonts and colours, and inline SVG output.

A figure snippet is a few lines::

    with figure() as (fig, ax):
        ax.plot(z, sigmoid(z), label="sigmoid")
    print(to_svg(fig, alt="The sigmoid, from 0 to 1."))

The kit is sized for the page, not for paper. A figure is `WIDTH` inches wide and is shown at
that size on a desktop (4/3 px a point: its text, `FONT_SIZE` to `LABEL_SIZE` points, is then 14
to 15 px, no larger than the body text), and shrunk to the column on a phone (343 px at a 375 px
screen: the smallest text is still 10 px). A row of panels, ``figure(1, 2)``, is drawn as one
SVG per panel, `PANEL_WIDTH` wide: side by side on a desktop, one under the other on a phone.
Nothing is clipped: the SVG's canvas is the tight box around everything drawn, with `PAD` inches
of margin. The colours keep one meaning in every chapter: `HEALTHY`, `VANISHING`, `EXPLODING`
and `DEAD`, all of the colour-blind-safe `PALETTE`. The SVG has no background, so that the page
can show it on a light or a dark card.

The book's style (`STYLE`) holds while the figure is drawn, inside the ``with`` block and while
`to_svg` renders it, and nowhere else: importing this module or making a figure never changes
your own matplotlib settings. Figures are built on ``matplotlib.figure.Figure`` directly, never
through pyplot, so no GUI backend and no global figure registry are involved. The SVG is
deterministic: its ids are salted by the figure's alt text and it carries no date. Text stays
text (``svg.fonttype = "none"``), which keeps it light, selectable and searchable; it is laid
out in DejaVu Sans, shipped with matplotlib, which the book's site serves too.

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

HEALTHY = PALETTE[0]
"""Blue: a network, a layer or a curve that trains as it should."""
EXPLODING = PALETTE[1]
"""Vermilion: gradients or activations that grow without bound."""
VANISHING = PALETTE[3]
"""Reddish purple: gradients that shrink towards nothing."""
DEAD = "#6b6b6b"
"""Grey: dead units, a signal that is gone."""

WIDTH = 4.6
"""Inches: the width of a one-panel figure (442 px on a desktop)."""
PANEL_WIDTH = 3.5
"""Inches: the width of each panel of a row (two fit side by side in a desktop's column)."""
FONT_SIZE = 10.5
"""Points: ticks, legends and annotations, the smallest text of a figure."""
LABEL_SIZE = 11.5
"""Points: axis labels and titles, the largest."""
PAD = 0.08
"""Inches: the margin around everything drawn."""

STYLE = {
    "axes.grid": True,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titlesize": LABEL_SIZE,
    "axes.labelsize": LABEL_SIZE,
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans"],
    "font.size": FONT_SIZE,
    "grid.alpha": 0.35,
    "legend.fontsize": FONT_SIZE,
    "legend.frameon": False,
    "legend.handlelength": 1.6,
    "lines.linewidth": 1.8,
    "svg.fonttype": "none",
    "xtick.labelsize": FONT_SIZE,
    "ytick.labelsize": FONT_SIZE,
    "figure.facecolor": "none",
    "axes.facecolor": "none",
    "savefig.facecolor": "none",
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
    1.8
    >>> matplotlib.rcParams["lines.linewidth"] == before
    True
    """
    import matplotlib
    from cycler import cycler

    with matplotlib.rc_context({**STYLE, "axes.prop_cycle": cycler(color=PALETTE)}):
        yield


@contextmanager
def figure(nrows: int = 1, ncols: int = 1, *, height: float = 3.2, width: float | None = None, **subplot_kw):
    """A new figure and its axes, drawn in the book's style inside the ``with`` block.

    Parameters
    ----------
    nrows, ncols : int
        Grid of axes. A single row of several panels (``ncols > 1``, ``nrows == 1``) becomes
        `Panels`: one figure per panel, shown side by side where the column is wide enough and
        stacked where it is not. Any other grid is one figure.
    height : float
        Inches: of the whole figure, or of each panel of a row.
    width : float, optional
        Inches; `WIDTH` by default (`PANEL_WIDTH` for each panel of a row). A wider figure's
        text shrinks below 10 px on a phone, which the book's browser tests do not let pass.
    **subplot_kw
        ``sharex`` and ``sharey`` (True) share the axes of a grid or of a row of panels; the rest
        is passed to ``Figure.subplots``.

    Yields
    ------
    (fig, axes) : a matplotlib.figure.Figure (or `Panels`) and its Axes (an ndarray of Axes for
        a grid or a row)

    Examples
    --------
    >>> with figure() as (fig, ax):
    ...     _ = ax.plot([0, 1], [0, 1])
    >>> type(fig).__name__, len(ax.lines)
    ('Figure', 1)
    >>> with figure(1, 2, sharey=True) as (fig, (left, right)):
    ...     _ = left.plot([0, 1], [0, 2])
    >>> type(fig).__name__, len(fig.figures), right.get_ylim() == left.get_ylim()
    ('Panels', 2, True)
    """
    from matplotlib.figure import Figure

    with style():
        # rcParams are read when artists are created, so the style must hold while plotting.
        if nrows == 1 and ncols > 1:
            share = {axis: subplot_kw.pop(axis, False) for axis in ("sharex", "sharey")}
            figures = [Figure(figsize=(width or PANEL_WIDTH, height), layout="constrained") for _ in range(ncols)]
            axes = np.array([f.subplots(**subplot_kw) for f in figures])
            for ax in axes[1:]:
                if share["sharex"]:
                    ax.sharex(axes[0])
                if share["sharey"]:
                    ax.sharey(axes[0])
            yield Panels(figures), axes
        else:
            fig = Figure(figsize=(width or WIDTH, height), layout="constrained")
            yield fig, fig.subplots(nrows, ncols, **subplot_kw)


class Panels:
    """A row of panels, one matplotlib figure each, that `to_svg` renders as one figure.

    Examples
    --------
    >>> with figure(1, 3) as (panels, axes):
    ...     pass
    >>> len(panels.figures), axes.shape
    (3, (3,))
    """

    def __init__(self, figures):
        self.figures = list(figures)

    def clear(self) -> None:
        """Clear every panel's figure, as ``Figure.clear`` does one.

        Examples
        --------
        >>> with figure(1, 2) as (panels, axes):
        ...     _ = axes[0].plot([0, 1], [0, 1])
        >>> panels.clear()
        >>> [len(f.axes) for f in panels.figures]
        [0, 0]
        """
        for fig in self.figures:
            fig.clear()


def to_svg(fig, alt: str, decimal_mark: str = ".") -> str:
    """Render ``fig`` as an inline, accessible, deterministic SVG, and clear the figure.

    Parameters
    ----------
    fig : matplotlib.figure.Figure or Panels
    alt : str
        Text alternative for readers who cannot see the figure; it also salts the SVG ids,
        so two figures on one page never share an id.
    decimal_mark : str
        The decimal mark of the tick labels matplotlib writes: ``","`` for a page in a language
        that writes 0,5 (Vietnamese). Labels a script sets itself are left as they are.

    Returns
    -------
    InlineSVG
        A ``str``, ``<div class="gf-figure"><svg role="img" aria-label=alt>…</svg></div>``, that
        Jupyter displays as the figure. Its SVG is as wide as it was drawn (``width``, in px),
        so that its text is never larger than the page's; the page shrinks it to a narrower column. `Panels` give
        ``<div class="gf-figure gf-panels" role="img" aria-label=alt>`` around one SVG a panel.

    Raises
    ------
    ValueError
        If ``alt`` is empty, or if what is drawn sticks out of the figure (a legend, title or
        annotation wider than it) by more than a tick label's margin: the SVG would then be wider
        than the figure's size, and its text smaller than 10 px on a phone.

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
    >>> with figure() as (fig, ax):
    ...     _ = ax.plot([0, 1], [0, 0.5])
    >>> "0,5" in to_svg(fig, alt="a line", decimal_mark=",")
    True
    """
    from html import escape

    if not isinstance(alt, str) or not alt.strip():
        raise ValueError("alt must be a non-empty description of the figure")
    if decimal_mark not in (".", ","):
        raise ValueError(f'decimal_mark must be "." or ",", got {decimal_mark!r}')
    salt = hashlib.sha256(alt.encode("utf-8")).hexdigest()[:16]
    safe_alt = escape(alt.strip(), quote=True)
    if isinstance(fig, Panels):
        panels = [_svg(panel, f"{salt}{i}", None, decimal_mark) for i, panel in enumerate(fig.figures)]
        fig.clear()
        return InlineSVG(f'<div class="gf-figure gf-panels" role="img" aria-label="{safe_alt}">'
                         + "".join(panels) + "</div>")
    svg = _svg(fig, salt, safe_alt, decimal_mark)
    fig.clear()
    return InlineSVG(f'<div class="gf-figure">{svg}</div>')


def _svg(fig, salt: str, safe_alt: str | None, decimal_mark: str = ".") -> str:
    """One figure's SVG: named ``safe_alt`` (escaped), or hidden from screen readers if None."""
    import matplotlib

    _plain_powers_of_ten(fig)
    if decimal_mark != ".":
        _mark_decimals(fig, decimal_mark)
    buffer = io.StringIO()
    # Ticks and their labels are made while drawing: the style must hold here too.
    with style(), matplotlib.rc_context({"svg.hashsalt": salt}):
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None},
                    bbox_inches="tight", pad_inches=PAD)
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg"):]  # drop the XML declaration and DOCTYPE
    svg = re.sub(r"<metadata>.*?</metadata>\s*", "", svg, flags=re.S)
    # Shown at its drawn size (a point is 4/3 px) where the column allows, shrunk with its
    # viewBox where it does not (the page's CSS gives it max-width: 100%).
    width = float(re.search(r'<svg [^>]*?width="([\d.]+)pt"', svg)[1])
    drawn = fig.get_figwidth() + 2 * PAD
    if width / 72 > drawn + _WIDTH_TOLERANCE:
        raise ValueError(f"a figure ({_first_words(safe_alt or 'a panel')}) is drawn {width / 72:.2f} in wide, more "
                         f"than its {drawn:.2f} in: a legend, title or annotation sticks out of it, and on a phone its "
                         "text would shrink below 10 px. Put it inside, in more columns or rows, or shorten it.")
    name = f'role="img" aria-label="{safe_alt}"' if safe_alt else 'aria-hidden="true"'
    svg = re.sub(r'<svg ([^>]*?)width="[^"]*" height="[^"]*"',
                 rf'<svg {name} style="width: {width * 4 / 3:.0f}px; '
                 r'stroke-linejoin: round; stroke-linecap: butt" \1', svg, count=1)
    if safe_alt:
        svg = svg.replace(">", f"><title>{safe_alt}</title>", 1)
    # matplotlib numbers its groups figure_1, axes_1, ... in every SVG: prefix every id,
    # and every reference to one, so that several figures can share a page.
    prefix = f"gf{salt[:8]}{salt[16:]}-"
    svg = svg.replace(' id="', f' id="{prefix}').replace("url(#", f"url(#{prefix}")
    svg = svg.replace('href="#', f'href="#{prefix}')
    # An inline <style> would apply to the whole page; the same rules set on the root stay local.
    svg = re.sub(r"\s*<defs>\s*<style[^>]*>[^<]*</style>\s*</defs>", "", svg, count=1)
    svg = _PATH_DATA.sub(lambda data: _NUMBER.sub(_to_tenths, data[0]), svg)
    return svg.strip()


def arrow(ax, start, end, color="0.25", **style):
    """An arrow of a schematic diagram, from ``start`` to ``end`` (x, y in data coordinates).

    ``style`` goes to ``matplotlib.patches.FancyArrowPatch`` (a ``connectionstyle`` bends it).
    The book's diagrams (backprop's chain, a residual block, an LSTM step) are drawn with
    `arrow`, `node` and `box` on an axis with ``set_axis_off()``.

    Examples
    --------
    >>> with figure() as (fig, ax):
    ...     patch = arrow(ax, (0, 0), (1, 0))
    >>> type(patch).__name__
    'FancyArrowPatch'
    """
    from matplotlib.patches import FancyArrowPatch

    return ax.add_patch(FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=12, color=color, lw=1.4,
                                        **style))


def node(ax, x, y, text, pad=0.25, **style):
    """A circled label of a schematic diagram at (x, y): a neuron σ, a sum + or a product ×.

    Examples
    --------
    >>> with figure() as (fig, ax):
    ...     label = node(ax, 0, 0, "σ")
    >>> label.get_text(), label.get_bbox_patch() is not None
    ('σ', True)
    """
    return ax.text(x, y, text, ha="center", va="center",
                   bbox={"boxstyle": f"circle,pad={pad}", "fc": "white", "ec": "0.25"}, **style)


def box(ax, x, y, width, height):
    """A rounded box of a schematic diagram, its lower left corner at (x, y), for a layer or the gates.

    Examples
    --------
    >>> with figure() as (fig, ax):
    ...     patch = box(ax, 0, 0, 2, 1)
    >>> float(patch.get_width()), float(patch.get_height())
    (2.0, 1.0)
    """
    from matplotlib.patches import FancyBboxPatch

    return ax.add_patch(FancyBboxPatch((x, y), width, height, boxstyle="round,pad=0.05", fc="white", ec="0.25"))


_WIDTH_TOLERANCE = 0.12  # inches: what ticks at the edge may add to a figure's drawn width


def _first_words(text: str, count: int = 8) -> str:
    words = text.split()
    return " ".join(words[:count]) + (" …" if len(words) > count else "")


_SUPERSCRIPTS = str.maketrans("0123456789-−", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁻")


def plain_power_of_ten(label: str) -> str:
    """A log axis's mathtext tick label as plain text: matplotlib sets an exponent in a smaller
    font, below the 10 px a phone's reader needs; ``10⁻³`` is one font size.

    Examples
    --------
    >>> plain_power_of_ten(r"$\\mathdefault{10^{-3}}$")
    '10⁻³'
    >>> plain_power_of_ten(r"$\\mathdefault{3\\times10^{-1}}$")
    '3×10⁻¹'
    >>> plain_power_of_ten(r"$\\mathdefault{10^{0}}$"), plain_power_of_ten("")
    ('10⁰', '')
    """
    body = re.fullmatch(r"\$\\mathdefault\{(.*)\}\$", label)
    if body is None:
        return label
    text = body[1].replace("\\times", "×")
    return re.sub(r"\^\{([^}]*)\}", lambda power: power[1].translate(_SUPERSCRIPTS), text)


def power_of_ten(exponent: int) -> str:
    """``10`` to the power ``exponent``, as plain text for a tick label.

    Examples
    --------
    >>> power_of_ten(300), power_of_ten(-3)
    ('10³⁰⁰', '10⁻³')
    """
    return "10" + str(int(exponent)).translate(_SUPERSCRIPTS)


def _plain_powers_of_ten(fig) -> None:
    from matplotlib.ticker import LogFormatterSciNotation

    class PlainLogFormatter(LogFormatterSciNotation):
        def __call__(self, x, pos=None):
            return plain_power_of_ten(super().__call__(x, pos))

    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            for get, put in ((axis.get_major_formatter, axis.set_major_formatter),
                             (axis.get_minor_formatter, axis.set_minor_formatter)):
                old = get()
                if type(old) is LogFormatterSciNotation:  # the log scale's own, with its settings
                    new = PlainLogFormatter.__new__(PlainLogFormatter)
                    new.__dict__.update(old.__dict__)
                    put(new)


def _mark_decimals(fig, mark: str) -> None:
    """Let the tick labels matplotlib formats itself (its default ScalarFormatter) write ``mark``."""
    from matplotlib.ticker import ScalarFormatter

    class MarkedFormatter(ScalarFormatter):
        def __call__(self, x, pos=None):
            return super().__call__(x, pos).replace(".", mark)

    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            old = axis.get_major_formatter()
            if type(old) is ScalarFormatter:  # keep its settings (offset, precision)
                new = MarkedFormatter.__new__(MarkedFormatter)
                new.__dict__.update(old.__dict__)
                axis.set_major_formatter(new)


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
