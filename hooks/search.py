"""What the search index holds, and where: one index per language, prose only, Vietnamese also without accents.

- Material's search reads each page's HTML in ``on_page_context``. The figures' inline SVG,
  the code blocks and the formulas hold no prose worth finding (tick labels, paths, code, TeX),
  and a result's preview would show them raw; they are also most of a page's markup.
  `hide_figures` shows search the page without them, and `show_figures` puts the page back
  before it is written: two handlers of the same public event, one before Material's search
  plugin and one after it (no function of a plugin is replaced). Inline ``<code>`` in the prose
  stays: a function's name is found.
- Material's search does not fold diacritics: `fold_diacritics_of_vietnamese_pages` adds each
  Vietnamese page's words without them, so that "tieu bien" finds "tiêu biến".
- mkdocs-static-i18n merges both languages into one index, which Material fetches on every page.
  `write_search_indexes` writes one index per language instead (``search/search_index.<lang>.json``,
  the Vietnamese one with Vietnamese and English word rules, the English one with English only),
  and ``docs/assets/javascripts/search-index.js`` has each page ask for its own language's index,
  the first time the reader opens search.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

SVG = re.compile(r"<svg\b.*?</svg>", re.S)
PRE = re.compile(r"<pre\b.*?</pre>", re.S)
MATH = re.compile(r'<(span|div) class="arithmatex">.*?</\1>'  # the chapters' formulas
                  r"|\$\$.+?\$\$|\$[^$]+\$", re.S)  # the labs' Markdown cells keep their TeX
_hidden: dict = {}  # page source -> its full HTML, between the two handlers
LANGUAGES = {"vi": ["vi", "en"], "en": ["en"]}  # each index's word rules (lunr languages)


def for_search(html: str) -> str:
    """``html`` as the search index sees it: no figure, no code block, and each formula an ellipsis
    (a preview reads "drawn from … with" rather than TeX, or a gap)."""
    return MATH.sub(" … ", PRE.sub("", SVG.sub("", html)))


def hide_figures(page) -> None:
    if page.content:
        _hidden[page.file.src_uri] = page.content
        page.content = for_search(page.content)


def show_figures(page) -> None:
    content = _hidden.pop(page.file.src_uri, None)
    if content is not None:
        page.content = content


def fold_diacritics(text: str) -> str:
    """'Tiêu biến đạo hàm' -> 'Tieu bien dao ham': how many Vietnamese readers type a search."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def fold_diacritics_of_vietnamese_pages(docs: list[dict]) -> None:
    """Add to each Vietnamese entry of ``docs`` its words without diacritics (once; in place)."""
    for doc in docs:
        if doc["location"].startswith("en/") or "gf-folded" in doc["text"]:
            continue
        words = set(re.findall(r"\w+", re.sub(r"<[^>]+>", " ", doc["title"] + " " + doc["text"]).lower()))
        folded = sorted({fold_diacritics(w) for w in words} - words)
        if folded:
            doc["text"] += f'<span class="gf-folded" hidden>{" ".join(folded)}</span>'


def index_path(site_dir: Path, language: str) -> Path:
    return Path(site_dir) / "search" / f"search_index.{language}.json"


def write_search_indexes(site_dir: Path) -> None:
    """Replace the site's one search index by one per language, the Vietnamese one with its words
    also without diacritics (see the module's docstring)."""
    index = Path(site_dir) / "search" / "search_index.json"
    if not index.is_file():
        return
    data = json.loads(index.read_text(encoding="utf-8"))
    fold_diacritics_of_vietnamese_pages(data["docs"])
    for language, rules in LANGUAGES.items():
        docs = [doc for doc in data["docs"] if doc["location"].startswith("en/") == (language == "en")]
        own = {"config": {**data["config"], "lang": rules}, "docs": docs}
        index_path(site_dir, language).write_text(json.dumps(own, ensure_ascii=False, separators=(",", ":")),
                                                  encoding="utf-8")
    index.unlink()
