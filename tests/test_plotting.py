"""Figures: deterministic, accessible inline SVG, and the page-language switch for labels."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import numpy as np
import pytest

from gradflow import plotting
from gradflow.plotting import figure, get_language, label, set_language, to_svg, use_language

ID = re.compile(r'\bid="([^"]*)"')
REFERENCE = re.compile(r'url\(#([^)]*)\)|href="#([^"]*)"')


@pytest.fixture(autouse=True)
def restore_language():
    before = get_language()
    yield
    set_language(before)


def draw(alt, title="đạo hàm"):
    """The same figure code every time: two curves, a legend, Vietnamese labels."""
    z = np.linspace(-4.0, 4.0, 81)
    fig, ax = figure()
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
    fig, ax = figure()
    ax.plot([0, 1], [1, 0])
    to_svg(fig, alt="a line")
    assert fig.axes == []


@pytest.mark.parametrize("alt", ["", "   ", None])
def test_empty_alt_text_is_refused(alt):
    fig, ax = figure()
    ax.plot([0, 1], [0, 1])
    with pytest.raises(ValueError, match="alt must be a non-empty description of the figure"):
        to_svg(fig, alt=alt)


def test_figure_uses_the_book_palette():
    fig, ax = figure()
    lines = [ax.plot([0, 1], [0, k])[0] for k in range(3)]
    assert [line.get_color() for line in lines] == plotting.PALETTE[:3]
    to_svg(fig, alt="three lines")


def test_figure_with_a_grid_of_axes():
    fig, axes = figure(1, 2, sharey=True)
    assert axes.shape == (2,)
    to_svg(fig, alt="two panels")


def test_label_follows_the_language():
    with use_language("vi"):
        assert label(vi="đạo hàm", en="derivative") == "đạo hàm"
    with use_language("en"):
        assert label(vi="đạo hàm", en="derivative") == "derivative"


def test_set_language_switches_label():
    set_language("en")
    assert get_language() == "en"
    assert label(vi="hàm", en="function") == "function"
    set_language("vi")
    assert get_language() == "vi"
    assert label(vi="hàm", en="function") == "hàm"


def test_use_language_restores_the_previous_language_even_after_an_error():
    set_language("vi")
    with pytest.raises(RuntimeError):
        with use_language("en"):
            assert get_language() == "en"
            raise RuntimeError("boom")
    assert get_language() == "vi"


def test_unknown_language_is_refused_and_changes_nothing():
    set_language("en")
    with pytest.raises(ValueError, match=r"unknown language 'fr'; valid languages are: vi, en"):
        set_language("fr")
    with pytest.raises(ValueError, match="vi, en"):
        with use_language("fr"):
            pass
    assert get_language() == "en"


def test_the_palette_is_okabe_ito_so_colour_blind_readers_can_tell_lines_apart():
    from gradflow.plotting import PALETTE

    okabe_ito = {"#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"}
    assert set(PALETTE) == okabe_ito and len(PALETTE) == 8
