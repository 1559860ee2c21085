"""The built site: strict, self-contained, bilingual, reproducible, and every snippet shared."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlparse

import pytest

from project import DOCS, ROOT, SNIPPETS, mkdocs_build, pages

EXEC_FENCE = re.compile(r'^([ \t]*)(`{3,})(\w+)([^\n]*\bexec="on"[^\n]*)\n(.*?)^\1\2[ \t]*$', re.M | re.S)
INCLUDE = re.compile(r'^[ \t]*--8<-- "([^"]+)"[ \t]*$')


def chapter_pages():
    return sorted(p for p in DOCS.rglob("*.md") if not p.name.endswith(".en.md") and SNIPPETS not in p.parents)


def test_strict_build_logs_no_warning_and_names_blocks_inside_the_project(built):
    site, result = built
    assert result.returncode == 0, result.stderr[-4000:]
    assert "WARNING" not in result.stderr, result.stderr
    summary = re.search(r"gradflow: (\d+) code blocks run, (\d+) taken from the cache; (\d+) labs executed",
                        result.stderr)
    assert summary, "the build ends with what it ran"
    if os.environ.get("GRADFLOW_TEST_SITE"):
        return
    ours = [line for line in result.stderr.splitlines() if "gradflow:" in line]
    assert not [line for line in ours if str(ROOT) in line], "the log names files inside the project, not absolutely"


def figure_blocks(page: Path) -> int:
    return len(re.findall(r'```python exec="on" html="1"\n--8<-- "[^"]+/fig_[^"]+\.py"', page.read_text(encoding="utf-8")))


@pytest.mark.parametrize("page", chapter_pages(), ids=lambda p: str(p.relative_to(DOCS)))
def test_every_figure_of_a_page_is_an_accessible_inline_svg_in_both_languages(site, page):
    rel = page.relative_to(DOCS).with_suffix("")
    rel = rel.parent if rel.name == "index" else rel
    for prefix in ("", "en/"):
        html = (site / prefix / rel / "index.html").read_text(encoding="utf-8")
        # A figure is one SVG named by its alt text, or a row of panels named once, their SVGs hidden.
        figures = re.findall(r'<div class="gf-figure"><svg ([^>]*)>|<div class="gf-figure gf-panels" ([^>]*)>', html)
        assert len(figures) == figure_blocks(page), f"{prefix}{rel}: one inline figure per figure block"
        named = [single or row for single, row in figures]
        assert all('role="img"' in f and re.search(r'aria-label="[^"]{20,}"', f) for f in named)
        panels = re.findall(r'<div class="gf-figure gf-panels"[^>]*>(.*?)</div>', html, re.S)
        assert all(re.findall(r"<svg ([^>]*)>", row) and all('aria-hidden="true"' in svg and "aria-label" not in svg
                                                              for svg in re.findall(r"<svg ([^>]*)>", row))
                   for row in panels)
        assert html.count("<figcaption>") >= len(figures), f"{prefix}{rel}: every figure has a caption"


class _ResourceCollector(HTMLParser):
    """Collects every URL a page would load by itself (not plain links to follow)."""

    LOADS = {"script": "src", "img": "src", "iframe": "src", "source": "src", "audio": "src",
             "video": "src", "embed": "src", "object": "data", "track": "src"}

    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in self.LOADS and attrs.get(self.LOADS[tag]):
            self.urls.append(attrs[self.LOADS[tag]])
        if tag == "link" and attrs.get("href"):
            rel = (attrs.get("rel") or "").lower()
            if any(r in rel for r in ("stylesheet", "icon", "preload", "modulepreload", "manifest", "prefetch")):
                self.urls.append(attrs["href"])
        if tag == "img" and attrs.get("srcset"):
            self.urls.extend(part.split()[0] for part in attrs["srcset"].split(","))


def _is_external(url: str) -> bool:
    parsed = urlparse(url)
    return bool(parsed.netloc) or parsed.scheme not in ("", "data")


def test_no_page_loads_anything_from_another_host(site):
    offenders = []
    for page in pages(site):
        collector = _ResourceCollector()
        collector.feed(page.read_text(encoding="utf-8"))
        offenders += [f"{page.relative_to(site)}: {url}" for url in collector.urls if _is_external(url)]
    for css in site.rglob("*.css"):
        text = css.read_text(encoding="utf-8", errors="replace")
        offenders += [f"{css.relative_to(site)}: {u}" for u in re.findall(r"url\(\s*['\"]?(https?:)?//[^)]*\)", text)]
        offenders += [f"{css.relative_to(site)}: @import" for _ in re.findall(r"@import\s+url\(\s*['\"]?https?:", text)]
    assert len(pages(site)) >= 6
    assert not offenders, "\n".join(offenders)


def test_the_resource_scan_would_catch_an_external_script():
    collector = _ResourceCollector()
    collector.feed('<script src="https://cdn.example.org/x.js"></script><link rel="stylesheet" href="//f.example/x.css">'
                   '<a href="https://example.org/paper.pdf">a reference</a>')
    assert [u for u in collector.urls if _is_external(u)] == ["https://cdn.example.org/x.js", "//f.example/x.css"]


def test_every_block_prints_the_same_when_run_again(site, drawn):
    """What the build keeps of each block of each page, and shows, is what a second run prints: the
    figures as pytest drew them (the figure-script tests), every other block run again here with the
    build's own runner. (The clone's build, below, runs every block a third time.)"""
    from snippets import EXEC_INCLUDE, block_key, run_console_snippet, run_script

    from gradflow.book import cache
    from gradflow.book.language import use_language

    store = cache.store()
    assert store is not None, "the site tests need the build's store (GRADFLOW_CACHE)"
    checked, differing, unshown = 0, [], []
    for vi_page in chapter_pages():
        for lang, page in (("vi", vi_page), ("en", vi_page.with_name(vi_page.stem + ".en.md"))):
            rel = page.relative_to(DOCS)
            html = (site / built_page(vi_page, lang)).read_text(encoding="utf-8")
            for match in EXEC_INCLUDE.finditer(page.read_text(encoding="utf-8")):
                kind, path = match["lang"], match["path"]
                code = (DOCS / path).read_text(encoding="utf-8")
                kept = store.get("blocks", block_key(kind, code, lang))
                assert kept is not cache.MISSING, f"{rel}: the build kept nothing for {path}"
                if 'html="1"' in match["opts"]:
                    again = drawn(path, lang)
                    unshown += [f"{rel}: {path}"] if kept not in html else []
                else:
                    runner = run_console_snippet if kind == "pycon" else run_script
                    with use_language(lang):
                        again = runner(code, f"docs/{path}").text
                differing += [f"{rel}: {path}"] if again != kept else []
                checked += 1
    assert checked > 200
    assert not differing, f"blocks that print something else when run again: {differing}"
    assert not unshown, f"figures the build made that their page does not show: {unshown}"


def built_page(page: Path, lang: str) -> Path:
    """Where the site holds the page built from ``docs/<page>.md`` in ``lang``, relative to the site."""
    rel = page.relative_to(DOCS).with_suffix("")
    rel = rel.parent if rel.name == "index" else rel
    return Path("" if lang == "vi" else "en") / rel / "index.html"


def test_two_clones_built_from_empty_stores_are_byte_identical(site, second_build):
    """Every file, downloads included. The second build is a fresh clone's, in another folder,
    from an empty store (conftest.py): it computes every experiment of the book, runs every code
    block and executes every lab itself, so no result of the first reaches it. On a fresh clone
    (CI) the first starts from an empty store too; elsewhere it takes what the checkout's store
    holds, and this also shows that what a store gives back is what a fresh run makes."""
    second, result = second_build
    assert result.returncode == 0, result.stderr[-3000:]
    # Counted in a fresh interpreter: this one also holds the experiments that tests define.
    count = "from gradflow.book import cache; print(len(cache.pending()))"
    experiments = int(subprocess.run([sys.executable, "-c", count], capture_output=True, text=True, check=True,
                                     env={**os.environ, "GRADFLOW_CACHE": "off"}).stdout)
    assert f"gradflow: computing {experiments} experiment runs" in result.stderr, \
        "the clone's build computes every experiment of the book"
    labs_executed = len(list((DOCS / "labs").glob("*.py"))) * 2
    assert re.search(rf"gradflow: [1-9]\d* code blocks run, 0 taken from the cache; {labs_executed} labs executed",
                     result.stderr), "the clone's build runs every block and executes every lab, in both languages"
    first_files = sorted(p.relative_to(site) for p in site.rglob("*") if p.is_file())
    second_files = sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    assert first_files == second_files and len(first_files) > 100
    differing = [str(p) for p in first_files if (site / p).read_bytes() != (second / p).read_bytes()]
    assert not differing, f"files that differ between the checkout's build and a fresh clone's: {differing}"


def test_no_image_of_a_result_is_committed():
    listed = subprocess.run(["git", "ls-files", "docs"], cwd=ROOT, capture_output=True, text=True)
    if listed.returncode != 0:
        pytest.fail(f"git ls-files failed: {listed.stderr}")
    images = [f for f in listed.stdout.splitlines()
              if f.lower().endswith((".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp"))
              and not f.startswith("docs/assets/vendor/")]
    assert not images, f"figures must be drawn at build time, not committed: {images}"


@pytest.mark.parametrize("page", chapter_pages(), ids=lambda p: str(p.relative_to(DOCS)))
def test_every_page_has_an_english_twin_with_the_same_snippets(page):
    twin = page.with_name(page.name[: -len(".md")] + ".en.md")
    assert twin.is_file(), f"{page.relative_to(ROOT)} has no English twin {twin.relative_to(ROOT)}"
    vi_includes = [m[4] for m in EXEC_FENCE.findall(page.read_text(encoding="utf-8"))]
    en_includes = [m[4] for m in EXEC_FENCE.findall(twin.read_text(encoding="utf-8"))]
    assert [s.strip() for s in vi_includes] == [s.strip() for s in en_includes], (
        "the Vietnamese and English pages must run the same snippets in the same order")


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_built_twins_show_the_same_number_of_figures_and_snippets(site, prefix):
    for page in chapter_pages():
        rel = page.relative_to(DOCS).with_suffix("")
        rel = rel.parent if rel.name == "index" else rel
        vi = (site / rel / "index.html").read_text(encoding="utf-8")
        en = (site / "en" / rel / "index.html").read_text(encoding="utf-8")
        for marker in ('<div class="gf-figure">', 'class="language-pycon'):
            assert vi.count(marker) == en.count(marker), f"{rel}: {marker} differs between languages"


def test_executed_code_lives_only_in_snippet_files():
    inline = []
    for page in DOCS.rglob("*.md"):
        for indent, fence, lang, opts, body in EXEC_FENCE.findall(page.read_text(encoding="utf-8")):
            lines = [line for line in body.splitlines() if line.strip()]
            if len(lines) != 1 or not INCLUDE.match(lines[0]):
                inline.append(f"{page.relative_to(ROOT)}: {lang}{opts}")
    assert not inline, ("an executed block must hold only a --8<-- include of a file under docs/snippets, "
                        f"so that pytest runs it too: {inline}")


def test_every_snippet_file_is_used_by_a_page():
    used = set()
    for page in DOCS.rglob("*.md"):
        used.update(INCLUDE.findall(page.read_text(encoding="utf-8")) or [])
        used.update(re.findall(r'--8<-- "([^"]+)"', page.read_text(encoding="utf-8")))
    snippet_files = {str(p.relative_to(DOCS)) for p in SNIPPETS.rglob("*") if p.suffix in (".py", ".pycon")}
    assert snippet_files, "no snippets found"
    assert not snippet_files - used, f"snippet files no page includes: {sorted(snippet_files - used)}"


def test_the_language_switcher_of_every_page_leads_to_its_twin(site):
    """Every page of each language links, in its language selector, to the same page in the other."""
    checked = 0
    for page in pages(site):
        rel = page.relative_to(site).as_posix()
        twin = rel[3:] if rel.startswith("en/") else f"en/{rel}"
        html = page.read_text(encoding="utf-8")
        targets = {lang: href for href, lang in re.findall(
            r'<a href="([^"]+)" hreflang="(\w+)" class="md-select__link"', html)}
        assert set(targets) == {"vi", "en"}, rel
        other = "vi" if rel.startswith("en/") else "en"
        target = (page.parent / targets[other]).resolve()
        target = target / "index.html" if target.is_dir() else target
        assert target == (site / twin).resolve(), f"{rel}: the {other} link goes to {targets[other]}"
        checked += 1
    assert checked >= 40


def test_no_head_alternate_links_that_make_material_fetch_missing_sitemaps(site):
    for page in pages(site):
        html = page.read_text(encoding="utf-8")
        assert not re.search(r'<link rel="alternate" href="[^"]*" hreflang=', html), page


def search_index(site: Path, language: str) -> dict:
    return json.loads((site / "search" / f"search_index.{language}.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("language, term, location", [("vi", "Hàm kích hoạt", "activations/"),
                                                      ("en", "Activation functions", "en/activations/")])
def test_each_language_has_a_search_index_of_its_own_pages(site, language, term, location):
    """Issue #13: a page's search results come from its own language only (hooks/search.py)."""
    data = search_index(site, language)
    assert data["config"]["lang"] == (["vi", "en"] if language == "vi" else ["en"])
    assert any(term in doc["title"] and doc["location"].startswith(location) for doc in data["docs"])
    assert all(doc["location"].startswith("en/") == (language == "en") for doc in data["docs"])
    assert not (site / "search" / "search_index.json").exists(), "no index of both languages"


@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_search_index_holds_prose_its_api_reference_and_no_figure_code_block_or_formula(site, language):
    data = search_index(site, language)
    api = {doc["location"].split("#")[0] for doc in data["docs"] if "reference/" in doc["location"]}
    prefix = "" if language == "vi" else "en/"
    assert api == {f"{prefix}reference/{part}/" for part in ("api", "layers", "recurrent", "training", "glossary")}
    for what, mark in (("figure", r"<svg|<path "), ("code block", r"<pre"), ("formula", r"\\\(|\$[^$\s][^$]*\$")):
        assert not [doc["location"] for doc in data["docs"] if re.search(mark, doc["text"])], f"a {what} in the index"


@pytest.mark.parametrize("page", ["activations", "labs/vanishing", "reference/layers", "en/remedies/init"])
def test_formulas_are_typeset_at_build_time_and_no_page_loads_katex_script(site, page):
    html = (site / page / "index.html").read_text(encoding="utf-8")
    assert html.count('class="katex"') > 5
    assert "katex.min.js" not in html and "auto-render" not in html
    assert not (site / "assets" / "vendor" / "katex" / "katex.min.js").exists()
    assert "assets/vendor/katex/katex.min.css" in html
    assert (site / "assets" / "vendor" / "katex" / "fonts" / "KaTeX_Main-Regular.woff2").is_file()
    assert not re.search(r'<(span|div) class="arithmatex">\\[(\[]', html), "a formula left as TeX"


def test_copy_button_hides_prompts_and_output(site):
    css = (site / "assets" / "stylesheets" / "book.css").read_text(encoding="utf-8")
    assert re.search(r"\[data-md-copying\] \.gp,\s*\[data-md-copying\] \.go\s*\{\s*display: none", css)
    html = (site / "activations" / "index.html").read_text(encoding="utf-8")
    assert '<span class="gp">&gt;&gt;&gt; </span>' in html and '<span class="go">' in html


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_console_blocks_show_what_the_code_printed_at_build(site, prefix):
    import html as html_lib

    from console import run_console

    page = (site / prefix / "activations" / "index.html").read_text(encoding="utf-8")
    shown = [html_lib.unescape(re.sub(r"<[^>]+>", "", block)).strip() for block in
             re.findall(r'<div class="language-pycon highlight"><pre><span></span><code>(.*?)</code>', page, re.S)]
    from snippets import EXEC_INCLUDE

    sources = [m["path"] for m in EXEC_INCLUDE.finditer((DOCS / "activations.md").read_text(encoding="utf-8"))
               if m["lang"] == "pycon"]
    assert len(shown) == len(sources) > 3
    for shown_block, source in zip(shown, sources):
        assert shown_block == run_console((DOCS / source).read_text(encoding="utf-8"), source).text.strip()
    assert "(0.5, 0.25)" in "\n".join(shown)  # an expression's value, echoed as at the Python prompt


def _code_blocks(html: str) -> list[str]:
    import html as html_lib

    blocks = re.findall(r'<div class="language-python highlight"><pre[^>]*><span></span>(?:<nav.*?</nav>)?<code>(.*?)</code>',
                        html, re.S)
    return [html_lib.unescape(re.sub(r"<[^>]+>", "", block)) for block in blocks]


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_copy_ready_snippets_run_exactly_as_shown_on_the_page(site, prefix, tmp_path):
    from project import run_with_numpy_only

    shown = _code_blocks((site / prefix / "diagnosis" / "index.html").read_text(encoding="utf-8"))
    files = sorted((SNIPPETS / "diagnosis").glob("copy_*.py"))
    assert len(files) == 6
    for path in files:
        source = path.read_text(encoding="utf-8")
        matches = [block for block in shown if block.strip() == source.strip()]
        assert matches, f"{path.name} is not shown verbatim on {prefix}diagnosis/"
        result = run_with_numpy_only(matches[0], tmp_path)
        assert result.returncode == 0, f"{path.name} as shown on the page fails:\n{result.stderr[-2000:]}"


def test_the_numpy_only_session_really_has_no_gradflow(tmp_path):
    from project import run_with_numpy_only

    assert run_with_numpy_only("import numpy\nprint(numpy.__version__)\n", tmp_path).returncode == 0
    result = run_with_numpy_only("import gradflow\n", tmp_path)
    assert result.returncode != 0 and "No module named 'gradflow'" in result.stderr


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs, self.ids = [], set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("href"):
            self.hrefs.append(attrs["href"])


def test_no_broken_internal_link_or_anchor(site):
    parsed = {}
    for page in pages(site):
        links = _Links()
        links.feed(page.read_text(encoding="utf-8"))
        parsed[page.resolve()] = links
    broken = []
    for page, links in parsed.items():
        for href in links.hrefs:
            url = urlparse(href)
            if url.scheme or url.netloc or href.startswith(("mailto:", "javascript:")):
                continue  # external links are allowed in references but not fetched
            if url.path.startswith("/"):
                broken.append(f"{page.relative_to(site.resolve())}: {href} (absolute: breaks under a sub-path)")
                continue
            target = page if not url.path else (page.parent / url.path).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{page.relative_to(site.resolve())}: {href}")
            elif url.fragment and target in parsed and url.fragment not in parsed[target].ids:
                broken.append(f"{page.relative_to(site.resolve())}: {href} (no such anchor)")
    assert len(parsed) >= 26  # 13 pages in each language
    assert not broken, "\n".join(broken[:20])


def test_pages_stay_within_the_weight_budget(site):
    """Issue #7: the median chapter under 400 KB, no page over 1 MB, no inline figure over 120 KB
    (HTML and inline SVG together; a figure over that gets a lighter form, fewer points or paths)."""
    import statistics

    sizes = {page.relative_to(site).as_posix(): page.stat().st_size for page in pages(site)}
    chapters = [size for path, size in sizes.items() if "reference/" not in path and path.count("/") >= 1]
    assert statistics.median(chapters) < 400_000, f"median chapter {statistics.median(chapters) / 1024:.0f} KB"
    heavy = {path: size // 1024 for path, size in sizes.items() if size >= 1_000_000}
    assert not heavy, f"pages of 1 MB or more (KB): {heavy}"
    for page in pages(site):
        for svg in re.findall(r"<svg\b.*?</svg>", page.read_text(encoding="utf-8"), re.S):
            assert len(svg.encode()) < 120_000, f"{page.relative_to(site)}: an inline figure of {len(svg) // 1024} KB"


def test_the_404_page_speaks_both_languages_and_leads_to_both_home_pages(site):
    """Issue #13: one 404 page serves every missing address, whichever language the reader was in."""
    html = (site / "404.html").read_text(encoding="utf-8")
    assert '<div lang="vi">' in html and "Không tìm thấy trang này" in html
    assert '<div lang="en">' in html and "Page not found" in html
    root = urlparse(os.environ.get("SITE_URL", "http://127.0.0.1:8000/")).path.rstrip("/")
    assert f'href="{root}/"' in html and f'href="{root}/en/"' in html


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_the_remedies_summary_is_a_lookup_table_whose_every_cell_names_its_column(site, prefix):
    """Issue #13: on a phone it reads as one card per remedy (hooks/tables.py, book.css)."""
    html = (site / prefix / "remedies" / "remedies" / "index.html").read_text(encoding="utf-8")
    table = re.search(r'<div class="gf-lookup">(.*?)</table>', html, re.S)
    assert table, "the summary table sits in a gf-lookup block"
    cells = re.findall(r"<td\b[^>]*>", table[1])
    headers = re.findall(r"<th\b[^>]*>", table[1])
    assert len(cells) >= 5 * len(headers) and all("data-label=" in cell for cell in cells)


def test_the_site_serves_its_own_fonts_and_they_hold_every_character_of_its_pages(site):
    """Text and figures in DejaVu Sans, code in JetBrains Mono, both from the site itself: a
    character the text font lacks would be drawn in whatever the reader's system has."""
    import html as html_lib

    from fontTools.ttLib import TTFont

    css = (site / "assets" / "stylesheets" / "fonts.css").read_text(encoding="utf-8")
    files = re.findall(r'url\("\.\./fonts/([^"]+)"\)', css)
    assert {"dejavusans.woff2", "dejavusans-bold.woff2", "jetbrains-mono-latin.woff2",
            "jetbrains-mono-vietnamese.woff2"} <= set(files)
    folder = site / "assets" / "fonts"
    assert (folder / "LICENSE_DEJAVU.txt").is_file() and (folder / "OFL-JetBrainsMono.txt").is_file()
    text_font = set(map(chr, TTFont(folder / "dejavusans.woff2").getBestCmap()))
    for page in ("index.html", "remedies/rnn/index.html", "en/labs/init/index.html"):
        html = (site / page).read_text(encoding="utf-8")
        assert "assets/stylesheets/fonts.css" in html
        text = html_lib.unescape(re.sub(r"<[^>]*>", " ", html))
        missing = {c for c in text if c.isprintable() and c not in text_font}
        assert not missing, f"{page}: characters the text font lacks: {''.join(sorted(missing))}"
    vietnamese = TTFont(folder / "jetbrains-mono-vietnamese.woff2").getBestCmap()
    assert all(ord(c) in vietnamese for c in "ểửạđ"), "code keeps its own Vietnamese letters"
    book = (site / "assets" / "stylesheets" / "book.css").read_text(encoding="utf-8")
    assert '--md-text-font: "DejaVu Sans"' in book and '--md-code-font: "JetBrains Mono"' in book


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_figures_are_numbered_in_order_and_every_reference_names_its_figures_number(site, prefix):
    """Issue #13: no page types a figure's number (hooks/numbering.py writes them in)."""
    word = "Figure" if prefix else "Hình"
    pages_with_figures = 0
    for page in sorted((site / prefix).glob("**/index.html") if prefix else site.glob("**/index.html")):
        if not prefix and page.relative_to(site).parts[0] == "en":
            continue
        html = page.read_text(encoding="utf-8")
        ids = re.findall(r'<figure id="(fig-[\w-]+)"', html)
        captions = re.findall(r"<figure id=\"fig-[\w-]+\">.*?<figcaption>\s*<p>(\w+) (\d+)\.", html, re.S)
        assert [(w, int(n)) for w, n in captions] == [(word, i) for i in range(1, len(ids) + 1)], page
        number = {name: i for i, name in enumerate(ids, start=1)}
        for target, text in re.findall(r'<a href="#(fig-[\w-]+)">([^<]+)</a>', html):
            assert text == f"{word} {number[target]}", f"{page}: a reference to {target} reads {text!r}"
        pages_with_figures += bool(ids)
    assert pages_with_figures == 10
    for source in DOCS.rglob("*.md"):
        if "snippets" not in source.parts:
            assert not re.search(r"(?:Hình|Figure) \d", source.read_text(encoding="utf-8")), \
                f"{source.relative_to(DOCS)} types a figure's number"


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_every_reference_is_rendered_from_the_bibliography_with_its_link(site, prefix):
    heading = "References" if prefix else "Tài liệu tham khảo"
    cited = [p for p in chapter_pages() if "\n## Tài liệu tham khảo\n" in p.read_text(encoding="utf-8")]
    assert len(cited) >= 11, "every chapter has a reference list"
    for page in cited:
        rel = page.relative_to(DOCS).with_suffix("")
        html = (site / prefix / (rel.parent if rel.name == "index" else rel) / "index.html").read_text(encoding="utf-8")
        found = re.search(rf'<h2 id="[^"]*">{heading}.*?</h2>\s*<ul>(.*?)</ul>', html, re.S)
        assert found, f"{prefix}{rel}: no reference list"
        items = re.findall(r"<li>(.*?)</li>", found[1], re.S)
        assert items, f"{prefix}{rel}: an empty reference list"
        for item in items:
            text = re.sub(r"<[^>]+>", "", item)
            assert "@" not in text, f"{prefix}{rel}: a key left uncited: {text[:80]}"
            # Every work but the blog post, which has no address, links to its DOI, arXiv or page.
            assert 'href="http' in item or "Các vấn đề trong Neural Network" in text, f"{prefix}{rel}: {text[:80]}"


def article(site: Path, path: str) -> str:
    """The article of a built page, up to its reference list (whose entries are the bibliography's)."""
    html = (site / path).read_text(encoding="utf-8")
    body = re.search(r"<article.*?</article>", html, re.S)[0]
    return re.split(r'<h2 id="(?:tai-lieu-tham-khao|references)"', body)[0]


def shown_text(html: str) -> str:
    """What a reader reads as text: no code, no formula, no figure."""
    import html as entities

    html = re.sub(r"<(pre|code|script|style|svg|math|annotation)\b.*?</\1>", " ", html, flags=re.S)
    return entities.unescape(re.sub(r"<[^>]+>", " ", html))


def figure_text(html: str) -> str:
    import html as entities

    return entities.unescape(" | ".join(re.findall(r'aria-label="([^"]*)"', html)
                                        + re.findall(r"<(?:text|tspan)\b[^>]*>([^<]+)<", html)))


def built_pages(site: Path, prefix: str) -> list[str]:
    found = []
    for page in sorted(site.rglob("index.html")):
        rel = page.relative_to(site).as_posix()
        if rel.startswith("en/") == bool(prefix) and not rel.startswith(("reference/", "en/reference/", "downloads")):
            found.append(rel)
    return found


# A number with a decimal point (0.25) or, in English, a decimal comma (0,25; but 1,000 is a thousand).
DECIMAL = {"": re.compile(r"(?<![\w.,])\d+\.\d+(?![\w.]|\.\d)"),
           "en/": re.compile(r"(?<![\w.,])\d+,\d(?!\d\d(?!\d))")}
NOT_A_DECIMAL = re.compile(r"Python 3\.\d+")  # the version the book needs


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_numbers_are_written_in_the_pages_language_in_prose_tables_figures_and_alt_texts(site, prefix):
    """Vietnamese writes 0,25 (issue #14); English 0.25. Code and formulas are exempt: in code a
    number is Python's, in a formula KaTeX's {,}."""
    wrong = []
    for path in built_pages(site, prefix):
        html = article(site, path)
        for kind, text in (("text", NOT_A_DECIMAL.sub("", shown_text(html))), ("figure", figure_text(html))):
            wrong += [f"{path} ({kind}): …{text[max(0, m.start() - 30): m.end() + 10]!r}…"
                      for m in DECIMAL[prefix].finditer(text)]
    assert not wrong, f"{len(wrong)} numbers in the other language's format:\n" + "\n".join(wrong[:30])


ENGLISH = re.compile(r"\b(?:the|and|of|with|is|are|after|before|from|per|than|every|not)\b", re.I)


def test_a_vietnamese_lab_prints_no_english_and_its_printed_numbers_have_decimal_commas(site):
    """A reader's notebook shows only its own language (issue #14). NumPy's own reprs of arrays,
    code values, are exempt from the decimal mark."""
    wrong = []
    for path in sorted((site / "labs").glob("*/index.html")):
        html = path.read_text(encoding="utf-8")
        for block in re.findall(r'<div class="gf-nb-outputs">(.*?)</div>\s*</div>', html, re.S):
            for output in re.findall(r"<pre[^>]*>(.*?)</pre>", block, re.S):
                for line in shown_text(output.replace("<", " <")).splitlines():
                    words = ENGLISH.findall(line)
                    if len(words) >= 2:
                        wrong.append(f"{path.parent.name}: English: {line.strip()[:70]!r}")
                    prose = re.sub(r"\[[^\]]*\]|array\([^)]*\)", "", line)
                    if DECIMAL[""].search(prose):
                        wrong.append(f"{path.parent.name}: decimal point: {line.strip()[:70]!r}")
    assert not wrong, "\n".join(wrong[:40])


def test_the_glossary_holds_every_term_in_both_languages_and_each_chapter_links_its_terms(site):
    from gradflow.book.glossary import TERMS

    for prefix in ("", "en/"):
        glossary = (site / prefix / "reference/glossary/index.html").read_text(encoding="utf-8")
        assert all(f'id="{term.key}"' in glossary for term in TERMS), f"{prefix}: a term missing from the glossary"
        for term in TERMS:
            chapter = (site / prefix / term.chapter / "index.html").read_text(encoding="utf-8")
            assert re.search(rf'href="[^"]*reference/glossary/#{term.key}"', chapter), \
                f"{prefix}{term.chapter} does not link {term.key!r} to the glossary"
