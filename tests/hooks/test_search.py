"""hooks/search.py: an index of the prose (no figure, code block or formula), folded diacritics, one index per language."""

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
<p>Một ô của notebook: $f'(z)$ và $$\\tfrac14$$</p>
<h2 id="u">Sau</h2><ul><li>một</li></ul>"""


def index(html):
    parser = Parser()
    parser.feed(html)
    parser.close()
    return [("".join(section.title), "".join(section.text)) for section in parser.data]


def test_the_index_sees_the_prose_and_inline_code_but_no_figure_code_block_or_formula():
    def words(html):
        return " ".join(title + " " + text for title, text in index(html))

    text = words(search.for_search(PAGE))
    assert "Tiêu biến" in text and "Đạo hàm" in text and "sigmoid" in text and "một" in text
    assert "Một ô của notebook" in text
    for hidden in ("tick 10", "numpy", "\\(z\\)", "f'(z)", "tfrac14"):
        assert hidden in words(PAGE) and hidden not in text, hidden


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
    search.fold_diacritics_of_vietnamese_pages(docs)
    search.fold_diacritics_of_vietnamese_pages(docs)  # a second pass changes nothing
    (tmp_path / "search" / "search_index.json").write_text(json.dumps({"config": {}, "docs": docs}))
    search.write_search_indexes(tmp_path)  # and writing the indexes does not fold again
    [vi], [en] = (json.loads(search.index_path(tmp_path, language).read_text())["docs"] for language in ("vi", "en"))
    assert vi["text"] == '<p>đạo hàm</p><span class="gf-folded" hidden>bien dao ham tieu</span>'
    assert en["text"] == "<p>derivative</p>"


def test_each_language_gets_an_index_of_its_own_pages_and_the_merged_one_is_gone(tmp_path):
    (tmp_path / "search").mkdir()
    docs = [{"location": "", "title": "Trang chủ", "text": "a"},
            {"location": "vanishing/#x", "title": "Tiêu biến", "text": "b"},
            {"location": "en/vanishing/", "title": "Vanishing", "text": "c"}]
    config = {"lang": ["vi", "en"], "separator": "[\\s]+"}
    (tmp_path / "search" / "search_index.json").write_text(json.dumps({"config": config, "docs": docs}))
    search.write_search_indexes(tmp_path)
    vi = json.loads(search.index_path(tmp_path, "vi").read_text())
    en = json.loads(search.index_path(tmp_path, "en").read_text())
    assert [d["location"] for d in vi["docs"]] == ["", "vanishing/#x"] and vi["config"]["lang"] == ["vi", "en"]
    assert [d["location"] for d in en["docs"]] == ["en/vanishing/"] and en["config"]["lang"] == ["en"]
    assert en["config"]["separator"] == config["separator"]
    assert not (tmp_path / "search" / "search_index.json").exists()
