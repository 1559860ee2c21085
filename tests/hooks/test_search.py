"""hooks/search.py: the search index without the figures, the same index faster, and folded diacritics."""

from __future__ import annotations

import json

import pytest
from material.plugins.search.plugin import Parser

import search

PAGE = """<h1 id="t">Tiêu biến</h1><p>Đạo hàm <code>sigmoid</code> và
<span class="arithmatex">\\(z\\)</span></p>
<div class="language-python highlight"><pre><span></span><code><span class="kn">import</span> <span class="nn">numpy</span>
  <span class="n">x</span>  <span class="o">=</span> <span class="mi">1</span>
</code></pre></div>
<div class="gf-figure"><svg role="img"><text>tick 10</text><path d="M 0 0"/></svg></div>
<h2 id="u">Sau</h2><ul><li>một</li></ul>"""


def index(html):
    parser = Parser()
    parser.feed(html)
    parser.close()
    return [("".join(section.title), "".join(section.text)) for section in parser.data]


def test_the_index_of_the_simplified_page_is_that_of_the_page_without_its_figures():
    without_figures = search.SVG.sub("", PAGE)
    assert index(search.for_search(PAGE)) == index(without_figures)
    assert "tick 10" not in str(index(search.for_search(PAGE))) and "tick 10" in str(index(PAGE))


class _Page:
    def __init__(self, content):
        self.content, self.file = content, type("F", (), {"src_uri": "a.md"})()


def test_hiding_and_showing_the_figures_gives_the_page_back_unchanged():
    page = _Page(PAGE)
    search.hide_figures(page)
    assert "<svg" not in page.content and '<span class="n">' not in page.content
    search.show_figures(page)
    assert page.content == PAGE


def test_diacritics_fold_the_way_readers_type():
    assert search.fold_diacritics("Tiêu biến gradient, đạo hàm, Đắm mình") == "Tieu bien gradient, dao ham, Dam minh"


def test_search_index_gets_folded_words_for_vietnamese_pages_only(tmp_path):
    (tmp_path / "search").mkdir()
    docs = [{"location": "vanishing/", "title": "Tiêu biến gradient", "text": "<p>đạo hàm</p>"},
            {"location": "en/vanishing/", "title": "Vanishing gradients", "text": "<p>derivative</p>"}]
    (tmp_path / "search" / "search_index.json").write_text(json.dumps({"config": {}, "docs": docs}))
    search.fold_search_index(tmp_path)
    search.fold_search_index(tmp_path)  # a second pass changes nothing
    vi, en = json.loads((tmp_path / "search" / "search_index.json").read_text())["docs"]
    assert vi["text"] == '<p>đạo hàm</p><span class="gf-folded" hidden>bien dao ham tieu</span>'
    assert en["text"] == "<p>derivative</p>"


@pytest.mark.parametrize("html", ["<pre>a  <span>b</span>\n c</pre>", "<p>a <span class='x'>b</span></p>"])
def test_unwrapping_spans_inside_pre_only(html):
    assert index(search.for_search(html)) == index(html)
