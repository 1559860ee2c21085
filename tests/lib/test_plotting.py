"""Figures: deterministic, accessible inline SVG, in the book's style without touching the reader's settings."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import numpy as np
import pytest

from gradflow import plotting
from gradflow.plotting import figure, moving_average, to_svg

ID = re.compile(r'\bid="([^"]*)"')
REFERENCE = re.compile(r'url\(#([^)]*)\)|href="#([^"]*)"')


def draw(alt, title="đạo hàm"):
    """The same figure code every time: two curves, a legend, Vietnamese labels."""
    z = np.linspace(-4.0, 4.0, 81)
    with figure() as (fig, ax):
        ax.plot(z, np.tanh(z), label="tanh")
        ax.plot(z, 1.0 - np.tanh(z) ** 2, "--", label=title)
        ax.set_xlabel("tiền kích hoạt z")
        ax.set_title(title)
        ax.legend()
    return to_svg(fig, alt=alt)


def test_rendering_the_same_figure_twice_gives_the_same_svg():
    assert draw("hình một") == draw("hình một")


def test_a_separate_process_renders_the_same_svg():
    code = "from test_plotting import draw; print(draw('hình một'), end='')"
    path = os.pathsep.join(filter(None, [os.path.dirname(__file__), os.environ.get("PYTHONPATH")]))
    env = {**os.environ, "PYTHONHASHSEED": "123", "PYTHONIOENCODING": "utf-8", "PYTHONPATH": path}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True,
                         encoding="utf-8")
    assert out.stdout == draw("hình một")


def test_svg_carries_no_date_or_metadata():
    svg = draw("a figure")
    assert "<metadata" not in svg
    assert "dc:date" not in svg and "Date" not in svg
    assert not re.search(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}", svg)


def test_svg_is_an_inline_accessible_image():
    svg = draw("Đồ thị tanh và đạo hàm")
    assert svg.startswith('<div class="gf-figure"><svg')
    assert svg.endswith("</svg></div>")
    root = svg[: svg.index(">", svg.index("<svg")) + 1]
    assert 'role="img"' in root
    assert 'aria-label="Đồ thị tanh và đạo hàm"' in root
    assert "viewBox=" in root and " width=" not in root and " height=" not in root  # scales to the page
    assert svg.count("<title>Đồ thị tanh và đạo hàm</title>") == 1
    assert "<style" not in svg  # no stylesheet leaking into the page
    assert "<?xml" not in svg and "<!DOCTYPE" not in svg


def test_alt_text_is_escaped():
    svg = draw('x < 1 & "y"')
    assert 'aria-label="x &lt; 1 &amp; &quot;y&quot;"' in svg
    assert "<title>x &lt; 1 &amp; &quot;y&quot;</title>" in svg


def test_vietnamese_text_survives_as_text():
    svg = draw("hình", title="đạo hàm")
    assert "tiền kích hoạt z" in svg
    assert "đạo hàm" in svg
    assert "<text" in svg  # text stays text, not glyph paths


def test_ids_are_unique_and_every_reference_resolves():
    svg = draw("one figure")
    ids = ID.findall(svg)
    assert len(ids) == len(set(ids)) > 0
    references = {a or b for a, b in REFERENCE.findall(svg)}
    assert references and references <= set(ids)


def test_two_figures_with_different_alt_share_no_id():
    first = set(ID.findall(draw("the first figure")))
    second = set(ID.findall(draw("the second figure")))
    assert first and second
    assert first.isdisjoint(second)


def test_to_svg_clears_the_figure():
    with figure() as (fig, ax):
        ax.plot([0, 1], [1, 0])
    to_svg(fig, alt="a line")
    assert fig.axes == []


@pytest.mark.parametrize("alt", ["", "   ", None])
def test_empty_alt_text_is_refused(alt):
    with figure() as (fig, ax):
        ax.plot([0, 1], [0, 1])
    with pytest.raises(ValueError, match="alt must be a non-empty description of the figure"):
        to_svg(fig, alt=alt)


def test_figure_uses_the_book_palette_and_style():
    with figure() as (fig, ax):
        lines = [ax.plot([0, 1], [0, k])[0] for k in range(3)]
        legend = ax.legend(["a", "b", "c"])
    assert [line.get_color() for line in lines] == plotting.PALETTE[:3]
    assert [line.get_linewidth() for line in lines] == [plotting.STYLE["lines.linewidth"]] * 3
    assert not legend.get_frame_on() and not ax.spines["top"].get_visible()
    to_svg(fig, alt="three lines")


def test_a_row_of_panels_is_one_named_figure_of_one_svg_a_panel_sharing_its_axes():
    with figure(1, 2, sharey=True) as (fig, axes):
        assert axes.shape == (2,)
        axes[0].plot([0, 1], [0, 5])
        axes[1].plot([0, 1], [0, 1])
    assert axes[1].get_ylim() == axes[0].get_ylim()
    svg = to_svg(fig, alt="two panels")
    assert svg.startswith('<div class="gf-figure gf-panels" role="img" aria-label="two panels">')
    assert svg.count("<svg ") == 2 and svg.count('aria-hidden="true"') == 2 and "<title>" not in svg
    ids = ID.findall(svg)
    assert len(ids) == len(set(ids)), "the panels share no id"


def test_a_figure_is_shown_at_the_size_it_was_drawn_and_its_text_is_never_smaller_than_the_kits():
    svg = draw("sized")
    width = float(re.search(r'style="width: (\d+)px', svg)[1])
    assert abs(width - (plotting.WIDTH + 2 * plotting.PAD) * 96) < 0.12 * 96 + 1
    sizes = [float(size) for size in re.findall(r"font-size: ([\d.]+)px", svg)]
    assert min(sizes) >= plotting.FONT_SIZE and max(sizes) <= plotting.LABEL_SIZE


def test_a_log_axis_is_labelled_in_one_font_size():
    with figure() as (fig, ax):
        ax.semilogy([1, 2, 3], [1e-3, 1.0, 1e2])
    svg = to_svg(fig, alt="log")
    assert "10⁻³" in svg and "10²" in svg and "<tspan" not in svg


def test_a_legend_that_sticks_out_of_its_figure_is_an_error_that_names_the_figure():
    with figure() as (fig, ax):
        for k in range(4):
            ax.plot([0, 1], [0, k], label=f"a long legend entry number {k}")
        fig.legend(loc="outside upper center", ncols=4)
    with pytest.raises(ValueError, match=r"a figure \(too wide\) is drawn [\d.]+ in wide, more than its 4\.76 in"):
        to_svg(fig, alt="too wide")


def test_the_style_holds_inside_the_block_only():
    import matplotlib

    before = dict(matplotlib.rcParams)
    with figure() as (fig, ax):
        assert matplotlib.rcParams["lines.linewidth"] == plotting.STYLE["lines.linewidth"]
        ax.plot([0, 1], [0, 1])
    to_svg(fig, alt="a line")
    assert dict(matplotlib.rcParams) == before


def test_neither_importing_nor_drawing_changes_the_readers_matplotlib_settings():
    # In a fresh interpreter: settings as matplotlib ships them, before and after gradflow draws.
    code = ("import matplotlib; before = dict(matplotlib.rcParams)\n"
            "from gradflow import plotting\n"
            "assert dict(matplotlib.rcParams) == before, 'import'\n"
            "with plotting.figure() as (fig, ax):\n    ax.plot([0, 1], [0, 1])\n"
            "plotting.to_svg(fig, alt='a line')\n"
            "assert dict(matplotlib.rcParams) == before, 'figure'\n")
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)


def _linear_rgb(hex_colour):
    srgb = np.array([int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)]) / 255.0
    return np.where(srgb <= 0.04045, srgb / 12.92, ((srgb + 0.055) / 1.055) ** 2.4)


def _lab(rgb_linear):
    """CIE L*a*b* (D65) of linear sRGB."""
    xyz = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]]) @ rgb_linear
    xyz = xyz / np.array([0.9505, 1.0, 1.089])
    f = np.where(xyz > 0.008856, np.cbrt(xyz), 7.787 * xyz + 16 / 116)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


# Viénot, Brettel & Mollon (1999): how protanopes and deuteranopes see linear sRGB.
DICHROMATS = {
    "protanopia": np.array([[0.11238, 0.88762, 0.0], [0.11238, 0.88762, 0.0], [0.00401, -0.00401, 1.0]]),
    "deuteranopia": np.array([[0.29275, 0.70725, 0.0], [0.29275, 0.70725, 0.0], [-0.02234, 0.02234, 1.0]]),
}


@pytest.mark.parametrize("vision", ["typical", *DICHROMATS])
def test_colour_blind_readers_can_tell_the_first_six_lines_apart(vision):
    # A figure rarely has more than six lines: every two of the first six colours stay clearly
    # apart (CIE76 distance above 15) for typical vision, protanopia and deuteranopia.
    colours = [_linear_rgb(c) for c in plotting.PALETTE[:6]]
    if vision != "typical":
        colours = [np.clip(DICHROMATS[vision] @ c, 0, 1) for c in colours]
    labs = [_lab(c) for c in colours]
    closest = min(np.linalg.norm(a - b) for i, a in enumerate(labs) for b in labs[i + 1:])
    assert closest > 15, f"two of the first six colours are {closest:.1f} apart for {vision} vision"


def test_the_check_above_would_catch_a_red_green_palette():
    red, green = _linear_rgb("#D62728"), _linear_rgb("#2CA02C")  # matplotlib's default red and green
    typical = np.linalg.norm(_lab(red) - _lab(green))
    seen = np.linalg.norm(_lab(np.clip(DICHROMATS["deuteranopia"] @ red, 0, 1))
                          - _lab(np.clip(DICHROMATS["deuteranopia"] @ green, 0, 1)))
    assert typical > 50 and seen < 15


def test_moving_average_ends_where_the_curve_ends():
    steps, means = moving_average(np.arange(10.0), 4)
    assert steps.tolist() == list(range(4, 11)) and means.tolist() == [1.5 + k for k in range(7)]
    with pytest.raises(ValueError, match="window must be an int from 1 to the number of values 10"):
        moving_average(np.arange(10.0), 11)


def test_a_decimal_comma_reaches_the_tick_labels_matplotlib_writes_and_no_others():
    with plotting.figure() as (fig, ax):
        ax.plot([0, 1], [0, 0.5])
        ax.set_xticks([0, 0.5, 1], ["0", "0.5 (set)", "1"])
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", plotting.to_svg(fig, alt="a line", decimal_mark=","))
    assert {"0,1", "0,2", "0,5"} <= set(texts) and "0.5 (set)" in texts
    assert not [t for t in texts if re.fullmatch(r"\d+\.\d+", t)]
    with plotting.figure() as (fig, ax):
        ax.plot([0, 1], [0, 0.5])
    with pytest.raises(ValueError, match='decimal_mark must be "." or ","'):
        plotting.to_svg(fig, alt="a line", decimal_mark=";")
