"""What the search index holds: the pages' words without the figures, and Vietnamese without its accents.

- Material's search reads each page's HTML in ``on_page_context``. The figures' inline SVG holds
  no prose worth finding (tick labels, paths) yet is most of a page's markup, and the token
  ``<span>`` tags of highlighted code, which the index drops anyway, are most of the rest:
  parsing them is most of the indexing time. `hide_figures` shows search the page without
  its SVG and without those spans, and `show_figures` puts the page back before it is written:
  two handlers of the same public event, one before Material's search plugin and one after it
  (no function of a plugin is replaced). The index is the same as from the full page.
- Material's search does not fold diacritics: `fold_search_index` adds each Vietnamese page's
  words without them, so that "tieu bien" finds "tiêu biến".
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

SVG = re.compile(r"<svg\b.*?</svg>", re.S)
PRE = re.compile(r"<pre\b.*?</pre>", re.S)
SPAN = re.compile(r"</?span\b[^>]*>")
_hidden: dict = {}  # page source -> its full HTML, between the two handlers


def for_search(html: str) -> str:
    """``html`` as the search index sees it: no SVG, and no spans inside ``<pre>`` blocks.

    Inside ``<pre>`` the index keeps the text as it is, so unwrapping its spans changes nothing.
    """
    return PRE.sub(lambda block: SPAN.sub("", block[0]), SVG.sub("", html))


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


def fold_search_index(site_dir: Path) -> None:
    index = Path(site_dir) / "search" / "search_index.json"
    if not index.is_file():
        return
    data = json.loads(index.read_text(encoding="utf-8"))
    for doc in data["docs"]:
        if doc["location"].startswith("en/") or "gf-folded" in doc["text"]:
            continue
        words = set(re.findall(r"\w+", re.sub(r"<[^>]+>", " ", doc["title"] + " " + doc["text"]).lower()))
        folded = sorted({fold_diacritics(w) for w in words} - words)
        if folded:
            doc["text"] += f'<span class="gf-folded" hidden>{" ".join(folded)}</span>'
    index.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
