"""Every page of both languages, as a reader's browser shows it (headless Debian Chromium, Playwright).

Each Vietnamese page and its English twin are visited once each, and on each: no console error,
no failed request, no request to another host, at most ``FIRST_VISIT_KB`` transferred, gzipped;
every figure visible and no wider than the text column, every glyph of a figure inside it and its
text between 10 px and the body text's size, every formula typeset by KaTeX with no raw ``$`` or
``\\(`` left, a copy button on every code block, no code line over 80 columns, no sideways scroll,
at a phone's width (375 px) and a desktop's (1280 px), where no formula may be cut either
(issue #13); axe-core finds no serious or critical violation; and the
language selector leads to the twin, both ways.
On the pages with a console block, what the copy button copies runs as Python. Search finds a
chapter by a Vietnamese term, with or without diacritics, and by an English term, and a reader
whose system prefers dark gets the dark scheme.

axe's colour rules (contrast, links told apart from text) are the costly ones, and what they
judge, an element's colours against what is behind it, comes from one stylesheet shared by
every page. So they run, in the light scheme and in the dark one, on the few parts of pages (a
child of a page's article, or all of a page but its article) that together hold every kind of
element there is on the site: every tag with its classes and inline style, inside every kind of
parent, code tokens included (`colour_parts`). An element of a new kind brings its part in by
itself. The text inside a figure's SVG is left out: axe does not check it.

Each language has a search index of its own, which a page requests only when the reader first
opens search (issue #13): a visit that does not search must request none, and the searches (on
the home pages, a fresh load per query) must find only pages of the page's language.

The pages are visited by ``BROWSERS`` worker processes, each with a browser of its own (Playwright's
API is not made for threads). A page that takes longer than ``PAGE_DEADLINE`` has hung: its worker's
stacks are printed, the worker is stopped, and the page is tried once more in a fresh one; a page
that hangs twice fails. A browser that hangs therefore costs minutes, never the whole CI run.

Without Chromium the suite is skipped with a message saying so; with CI=true it fails instead.
"""

from __future__ import annotations

import contextlib
import dataclasses
import faulthandler
import functools
import gzip
import http.server
import json
import os
import queue
import shutil
import signal
import socketserver
import subprocess
import sys
import threading
import time
from html.parser import HTMLParser
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlparse

if __name__ == "__main__":  # a browser worker (see `visits`): the build's helpers are on its path
    sys.path.insert(0, str(Path(__file__).parents[2] / "hooks"))

import pytest

from codewidth import WIDTH
from project import DOCS, ROOT, SNIPPETS, pages

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
AXE = ROOT / "tests" / "browser" / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
BROWSERS = 2  # pages visited side by side
DESKTOP = 1280  # px: the desktop width of every visit (the phone's is 375)
PAGE_DEADLINE = 120  # seconds: a page takes 2 to 20
COLOUR_RULES = ["color-contrast", "link-in-text-block"]
FIRST_VISIT_KB = 300  # issue #13: what a first visit of a chapter, a lab or a home page may transfer, gzipped

SEARCHES = {"": [("tiêu biến", "vanishing/"), ("tieu bien", "vanishing/"), ("bùng nổ", "exploding/"),
                 ("exploding", "exploding/")],
            "en/": [("vanishing", "en/vanishing/"), ("exploding gradients", "en/exploding/"),
                    ("ReLU", "en/activations/")]}


def _missing() -> str | None:
    if CHROMIUM is None:
        return "Debian's chromium is not installed (apt-get install chromium)"
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "the playwright Python package is not installed (make setup installs it)"
    if not AXE.is_file():
        return f"axe-core is not installed ({AXE.relative_to(ROOT)}; npm ci --prefix tests/browser)"
    return None


@pytest.fixture(scope="module", autouse=True)
def _require_browser():
    reason = _missing()
    if reason:
        message = f"browser suite skipped: {reason}"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message + " (CI=true: the browser suite must run in CI)")
        pytest.skip(message)


def vietnamese_paths() -> list[str]:
    """URL paths of every Vietnamese page, from the Markdown and lab sources."""
    paths = []
    for page in sorted(DOCS.rglob("*.md")):
        if SNIPPETS in page.parents or page.name.endswith(".en.md"):
            continue
        rel = page.relative_to(DOCS).with_suffix("")
        paths.append("" if rel.name == "index" and rel.parent == Path(".") else f"{rel.as_posix()}/")
    return paths + [f"labs/{lab.stem}/" for lab in sorted((DOCS / "labs").glob("*.py"))]


def twin(path: str) -> str:
    return path[3:] if path.startswith("en/") else f"en/{path}"


def with_console(path: str) -> bool:
    if path.startswith("labs/"):
        return False
    source = DOCS / ((path.rstrip("/") or "index") + ".md")
    return 'pycon exec="on"' in source.read_text(encoding="utf-8")


class _Kinds(HTMLParser):
    """A page's kinds of element, each a pair (parent's tag, classes, style), (own tag, classes,
    style), by part of the page: 0 for all but the article, ``i`` for the article's ``i``-th child."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self):
        super().__init__()
        self.stack, self.parts, self.article, self.child = [("document", "", "")], {0: set()}, None, 0

    def handle_starttag(self, tag, attributes):
        attributes = dict(attributes)
        kind = (tag, attributes.get("class") or "", attributes.get("style") or "")
        if self.article is not None and len(self.stack) == self.article + 1:
            self.child += 1
            self.parts[self.child] = set()
        if not any(parent[0] == "svg" for parent in self.stack):
            self.parts[self.child if self.article is not None else 0].add((self.stack[-1], kind))
        if tag == "article":
            self.article = len(self.stack)
        if tag not in self.VOID:
            self.stack.append(kind)

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        while len(self.stack) > 1 and self.stack.pop()[0] != tag:
            pass
        if self.article is not None and len(self.stack) == self.article:
            self.article = None


@functools.lru_cache(maxsize=4)
def element_kinds(site: Path) -> dict[tuple[str, int], set]:
    """Every page's kinds of element, by (URL path, part of the page) as `_Kinds` counts parts."""
    kinds = {}
    for page in pages(site):
        parser = _Kinds()
        parser.feed(page.read_text(encoding="utf-8"))
        path = page.relative_to(site).parent.as_posix()
        for part, found in parser.parts.items():
            kinds[("" if path == "." else f"{path}/", part)] = found
    return kinds


def colour_parts(site: Path) -> dict[str, list[int]]:
    """The few parts of pages that together hold every kind of element on the site (a greedy
    cover), by page: {URL path: [part, ...]}."""
    kinds = element_kinds(site)
    left, chosen = set().union(*kinds.values()), {}
    while left:
        best = max(sorted(kinds), key=lambda part: len(kinds[part] & left))
        chosen.setdefault(best[0], []).append(best[1])
        left -= kinds[best]
    return {path: sorted(parts) for path, parts in chosen.items()}


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    request_queue_size = 128  # two browsers open many connections at once; the default is 5

    def handle_error(self, request, client_address):
        # A browser that leaves a page cuts its downloads short: not an error of the site.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@pytest.fixture(scope="module")
def server(site):
    handler = functools.partial(_QuietHandler, directory=str(site))
    with _Server(("127.0.0.1", 0), handler) as httpd:
        thread = threading.Thread(target=httpd.serve_forever, daemon=True)
        thread.start()
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
        httpd.shutdown()


@dataclass
class Result:
    problems: list = field(default_factory=list)
    copied: str | None = None
    found: dict = field(default_factory=dict)  # search query -> result links


class Tab:
    """One browser tab that records console errors and every request, for page after page.

    One tab a worker: the pages share a browser cache, as a reader's visits do, and no new
    context is made per page.
    """

    def __init__(self, browser, width, scheme="light", clipboard_origin=None):
        self.context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
        if clipboard_origin:
            self.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=clipboard_origin)
        self.page = None
        self.errors, self.failed, self.requests = [], [], []

    def _new_page(self):
        # A fresh page for each visit, with lists of its own: what the last one was still loading,
        # cut short when it closes, reports to the closed page's lists, not to this visit's.
        if self.page is not None:
            # Not waited for: Page.close waits for ever on a tab still navigating (seen after the
            # language selector's click, whose navigation the visit does not wait out).
            self.page.close(run_before_unload=True)
        self.page = page = self.context.new_page()
        self.errors, self.failed, self.requests = errors, failed, requests = [], [], []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("request", lambda r: requests.append(r.url))
        page.on("requestfailed", lambda r: failed.append(f"{r.url} ({r.failure})"))
        page.on("response", lambda r: failed.append(f"{r.url} ({r.status})") if r.status >= 400 else None)

    def wait_for_math(self):
        # Ready when KaTeX has been over every formula (or failed on one, which the checks report).
        self.page.wait_for_function("""() => [...document.querySelectorAll('.arithmatex')]
                                          .every(e => e.querySelector('.katex, .katex-error'))""", timeout=15000)
        settle(self.page, "document.fonts.ready.then(() => true)", "document.fonts.ready")

    def goto(self, url, width):
        trace("  a new tab")
        self._new_page()
        self.page.set_viewport_size({"width": width, "height": 900})
        trace("  go")
        self.page.goto(url, wait_until="load")
        trace("  the maths")
        self.wait_for_math()

    def resize(self, width):
        """As after a phone turned sideways: the new width, and the page laid out again."""
        self.page.set_viewport_size({"width": width, "height": 900})
        settle(self.page, "new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))",
               "two animation frames")

    def close(self):
        self.context.close()


def settle(page, promise: str, what: str, seconds: float = 30, arg=None):
    """The value of the JavaScript ``promise`` (an expression, ``arg`` bound to ``arg``), or an error
    naming ``what`` if it has not settled in ``seconds``: Playwright's evaluate waits for ever."""
    return page.evaluate(f"""(arg) => Promise.race([Promise.resolve({promise}),
        new Promise((_, fail) => setTimeout(() => fail(new Error({json.dumps(what)} + ' did not settle in {seconds} s')),
                                            {seconds * 1000}))])""", arg)


def trace(step: str) -> None:
    """What a worker is doing, on its stderr: the last lines tell where a hung visit stopped."""
    print(f"{time.strftime('%H:%M:%S')} {step}", file=sys.stderr, flush=True)


# Every drawn glyph of every figure inside its SVG, and its size, as shown, between 10 px and the
# body text's (issue #13). A text's glyphs are its tspans where it has them (matplotlib's mathtext).
FIGURE_TEXT = """() => {
  const body = parseFloat(getComputedStyle(document.querySelector('.md-typeset')).fontSize);
  return [...document.querySelectorAll('.gf-figure svg')].map((svg, index) => {
    const box = svg.getBoundingClientRect();
    const scale = box.width / svg.viewBox.baseVal.width;
    const problems = [];
    let smallest = Infinity, largest = 0;
    const runs = [...svg.querySelectorAll('text')]
      .flatMap(t => t.querySelector('tspan') ? [...t.querySelectorAll('tspan')] : [t]);
    for (const run of runs) {
      if (!run.textContent.trim()) continue;
      const size = parseFloat(getComputedStyle(run).fontSize) * scale;
      smallest = Math.min(smallest, size);
      largest = Math.max(largest, size);
      const r = run.getBoundingClientRect();
      if (r.left < box.left - 0.5 || r.right > box.right + 0.5 || r.top < box.top - 0.5 || r.bottom > box.bottom + 0.5)
        problems.push(`the text "${run.textContent.trim().slice(0, 40)}" lies outside the figure`);
    }
    if (smallest < 10) problems.push(`text of ${smallest.toFixed(1)} px, under 10 px`);
    if (largest > body + 0.05) problems.push(`text of ${largest.toFixed(1)} px, larger than the body's ${body} px`);
    return {index, problems};
  });
}"""


def rendering_problems(tab) -> list[str]:
    """What is wrong with the page as shown now: errors, requests, figures, math, copy buttons, width."""
    page, problems = tab.page, []
    width = page.evaluate("window.innerWidth")
    if tab.errors:
        problems.append(f"console errors: {tab.errors}")
    if tab.failed:
        problems.append(f"failed requests: {tab.failed}")
    foreign = [u for u in tab.requests if urlparse(u).hostname != "127.0.0.1" and not u.startswith("data:")]
    if foreign:
        problems.append(f"requests to another host: {foreign}")
    indexes = [u for u in tab.requests if "/search/search_index" in u]
    if indexes:
        problems.append(f"a search index was requested before any search: {indexes}")
    column = page.eval_on_selector(".md-content__inner", "el => el.getBoundingClientRect().width")
    figures = page.eval_on_selector_all(
        ".gf-figure svg", "els => els.map(e => { const r = e.getBoundingClientRect(); "
                          "return [r.width, r.height, getComputedStyle(e).visibility]; })")
    unnamed = page.eval_on_selector_all(
        ".gf-figure", "els => els.filter(e => { const named = e.classList.contains('gf-panels') ? e : "
                      "e.querySelector('svg'); return named.getAttribute('role') !== 'img' "
                      "|| !(named.getAttribute('aria-label') || '').trim(); }).length")
    if unnamed:
        problems.append(f"{unnamed} figures without role=img and an aria-label")
    for figure in page.evaluate(FIGURE_TEXT):
        problems += [f"at {width}px figure {figure['index'] + 1}: {problem}" for problem in figure["problems"]]
    for w, h, visibility in figures:
        if not (w > 100 and h > 50 and visibility == "visible"):
            problems.append(f"at {width}px a figure is not visible: {w:.0f}x{h:.0f}")
        if w > column + 1:
            problems.append(f"at {width}px a figure ({w:.0f}px) is wider than the text column ({column:.0f}px)")
    math = page.eval_on_selector_all(".arithmatex", "els => els.map(e => !!e.querySelector('.katex'))")
    if not all(math):
        problems.append(f"{math.count(False)} formulas left unrendered by KaTeX")
    prose = page.evaluate("""() => { const a = document.querySelector('article').cloneNode(true);
                                     a.querySelectorAll('pre, code, .katex').forEach(e => e.remove());
                                     return a.innerText; }""")
    problems += [f"raw math {raw!r} visible in the text" for raw in ("$", "\\(", "\\[") if raw in prose]
    # Counted in characters, as an editor counts them: a Vietnamese letter is one.
    wide = page.evaluate(f"""() => [...document.querySelectorAll('article pre')]
        .flatMap(pre => pre.textContent.split('\\n')).filter(line => [...line].length > {WIDTH})
        .map(line => `${{[...line].length}}: ${{line.slice(0, 50)}}`)""")
    if wide:
        problems.append(f"{len(wide)} code lines over {WIDTH} columns, e.g. {wide[:3]}")
    blocks = page.eval_on_selector_all("article div.highlight pre", "els => els.length")
    buttons = page.eval_on_selector_all("article div.highlight pre button.md-code__button[data-md-type=copy], "
                                        "article div.highlight pre .md-clipboard", "els => els.length")
    if buttons != blocks:
        problems.append(f"{blocks - buttons} code blocks without a copy button")
    if not fits_the_width(page):
        wider = page.evaluate("""() => [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
            .slice(0, 5).map(e => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')}`)""")
        problems.append(f"at {width}px the page scrolls sideways; wider than the window: {wider}")
    if width >= DESKTOP:  # on a phone a wide formula scrolls in its box; on a desktop none is cut
        cut = page.evaluate("""() => [...document.querySelectorAll('div.arithmatex, .katex-display')]
            .filter(box => box.scrollWidth > box.clientWidth + 1)
            .map(box => (box.querySelector('annotation') || box).textContent.trim().slice(0, 60))""")
        if cut:
            problems.append(f"at {width}px formulas are cut (they scroll in their box): {cut}")
    return problems


def fits_the_width(page) -> bool:
    """Whether the page, once laid out, is no wider than the window. Seen once, in a fresh clone's
    full run: two pages measured wider than the window at 1280 px just after the resize from
    375 px, which the same site under load did not repeat. So a second look waits up to 3 s; a
    page still wider is reported with the elements that stick out."""
    fits = "document.documentElement.scrollWidth <= window.innerWidth + 1"
    if page.evaluate(fits):
        return True
    try:
        page.wait_for_function(fits, timeout=3000)
        return True
    except Exception:  # Playwright's TimeoutError: still wider
        return False


def axe(page, context="document", rules=None, skip=None) -> list[str]:
    """axe-core's serious and critical violations, for ``context`` (JavaScript) and the given rules."""
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    options = {"resultTypes": ["violations"]}
    if rules:
        options["runOnly"] = {"type": "rule", "values": rules}
    if skip:
        options["rules"] = {rule: {"enabled": False} for rule in skip}
    result = settle(page, f"axe.run({context}, arg)", f"axe.run({context})", seconds=60, arg=options)
    return [f"{v['id']} ({v['impact']}): {v['help']} — e.g. {v['nodes'][0]['target']}"
            for v in result["violations"] if v["impact"] in ("serious", "critical")]


ARTICLE = "document.querySelector('article.md-content__inner')"


def colour_contexts(parts: list[int]) -> list[str]:
    """axe contexts (JavaScript) of a page's parts, as `colour_parts` numbers them."""
    contexts = []
    if 0 in parts:
        contexts.append("{exclude: [['article'], ['.gf-figure']]}")
    children = [part for part in parts if part]
    if children:
        contexts.append(f"{{include: [...{ARTICLE}.children].filter((_, i) => {children}.includes(i + 1)), "
                        "exclude: [...document.querySelectorAll('.gf-figure')]}")
    return contexts


def accessibility_problems(page, parts: list[int], children: int) -> list[str]:
    """axe's rules but the colour ones; then these on the page's ``parts``, in both schemes.

    ``children`` is how many children the article has in the page's HTML: the parts are
    numbered by them, so the browser must count as many.
    """
    # Inside a figure's SVG, which is role="img" and so one picture to assistive technology, axe
    # would walk thousands of paths for nothing (a third of its time); the SVG's own name is
    # checked by rendering_problems.
    problems = [f"light: {v}" for v in axe(page, "{exclude: [['.gf-figure svg']]}", skip=COLOUR_RULES)]
    if not parts:
        return problems
    counted = page.evaluate(f"{ARTICLE}.children.length")
    if counted != children:
        return problems + [f"the article has {counted} children in the browser, {children} in the HTML"]
    for context in colour_contexts(parts):
        problems += [f"light: {v}" for v in axe(page, context, rules=COLOUR_RULES)]
    # What Material's toggle does (test_dark_preference_selects_the_dark_scheme checks the system
    # preference leads there); without transitions, so that axe sees the final colours, not a fade.
    page.add_style_tag(content="*, *::before, *::after { transition: none !important; }")
    page.evaluate("document.body.setAttribute('data-md-color-scheme', 'slate')")
    for context in colour_contexts(parts):
        problems += [f"dark: {v}" for v in axe(page, context, rules=COLOUR_RULES)]
    page.evaluate("document.body.setAttribute('data-md-color-scheme', 'default')")
    return problems


def switch_language(tab, server, path) -> list[str]:
    """Click the language selector's other language, as a tap on it does; it must lead to the twin."""
    other = "vi" if path.startswith("en/") else "en"
    # The selector's links sit in a hover menu: click the link itself.
    tab.page.eval_on_selector(f'a.md-select__link[hreflang="{other}"]', "a => a.click()")
    try:
        # Arriving is what is checked; the twin's own visit checks the twin.
        tab.page.wait_for_url(server + twin(path), timeout=10000, wait_until="commit")
    except Exception as error:  # report, do not stop the other pages
        return [f"the language selector did not lead to /{twin(path)}: {type(error).__name__}"]
    return []


def search(tab, url, query) -> list[str]:
    """Load ``url``, open search as a reader does with the keyboard ("s"), type ``query``; return
    the results' URL paths. A fresh load for each query: a search box closed with Escape keeps
    the focus, and then "s" is only a letter in it."""
    tab.page.goto(url, wait_until="load")
    return _search(tab.page, query)


def _search(page, query):
    page.keyboard.press("s")
    page.wait_for_function("document.getElementById('__search').checked", timeout=5000)
    # Material searches on key events, so type the query as a reader would.
    page.locator("input.md-search__input").press_sequentially(query, delay=20)
    page.wait_for_selector(".md-search-result__item", timeout=15000)
    links = page.eval_on_selector_all(".md-search-result__item a", "els => els.map(e => e.href)")
    return [urlparse(link).path.lstrip("/") for link in links]


def first_visit_kb(site: Path, server: str, requests: list[str]) -> float:
    """What a first visit transfers, gzipped as a web server sends it, from the files the page
    requested (Playwright reports cached ones too); fonts and images as they are."""
    return sum(_gzipped_size(site / unquote(urlparse(url).path).lstrip("/"))
               for url in dict.fromkeys(requests) if url.startswith(server)) / 1024


@functools.lru_cache(maxsize=None)
def _gzipped_size(file: Path) -> int:
    file = file / "index.html" if file.is_dir() else file
    if not file.is_file():
        return 0
    data = file.read_bytes()
    return len(data) if file.suffix in (".woff2", ".png") else len(gzip.compress(data, 6))


def visit(tab, server, path, colours, children, results, site) -> None:
    """One page: a phone, then a desktop, axe, its copy button, the language switch, then searches."""
    result = results[path]
    try:
        trace(f"/{path}: load at 375 px")
        tab.goto(server + path, 375)
        result.problems += rendering_problems(tab)
        trace(f"/{path}: 1280 px")
        tab.resize(DESKTOP)
        result.problems += rendering_problems(tab)
        weight = first_visit_kb(site, server, tab.requests)
        if weight > FIRST_VISIT_KB:
            result.problems.append(f"a first visit transfers {weight:.0f} KB gzipped, more than {FIRST_VISIT_KB}")
        trace(f"/{path}: axe")
        result.problems += accessibility_problems(tab.page, colours.get(path, []), children[path])
        trace(f"/{path}: copy, language, search")
        if not path.startswith("en/") and with_console(path):
            consoles = tab.page.locator("article div.language-pycon")
            consoles.first.hover()
            consoles.first.locator("button.md-code__button").click()
            result.copied = settle(tab.page, "navigator.clipboard.readText()", "the clipboard's text")
        result.problems += switch_language(tab, server, path)
        for query, _ in SEARCHES.get(path, []):
            result.found[query] = search(tab, server + path, query)
    except Exception as error:
        result.problems.append(f"the visit failed: {type(error).__name__}: {error}")


def worker(job_file: str) -> None:
    """A browser worker: visit the job's pages one by one, printing a JSON line as each starts and
    ends (``{"start": path}``, then ``{"done": path, "result": {...}}``)."""
    from playwright.sync_api import sync_playwright

    faulthandler.register(signal.SIGUSR1)  # the parent asks for the stacks of a hung page
    job = json.loads(Path(job_file).read_text(encoding="utf-8"))
    if "stand_in" in job:  # no browser: the parent's watchdog under test (test_a_hung_page_...)
        for path in job["paths"]:
            print(json.dumps({"start": path}), flush=True)
            while path in job["stand_in"]["hang_on"]:
                time.sleep(1)
            print(json.dumps({"done": path, "result": dataclasses.asdict(Result())}), flush=True)
        return
    server, colours, children, site = job["server"], job["colours"], job["children"], Path(job["site"])
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        tab = Tab(browser, 375, clipboard_origin=server.rstrip("/"))
        try:
            for path in job["paths"]:
                print(json.dumps({"start": path}), flush=True)
                results = {path: Result()}
                visit(tab, server, path, colours, children, results, site)
                print(json.dumps({"done": path, "result": dataclasses.asdict(results[path])}), flush=True)
        finally:
            tab.close()
            browser.close()


class _Worker:
    """A worker process and the lines it prints, read by a thread into ``lines``."""

    def __init__(self, job: dict, scratch: Path, name: str):
        job_file = scratch / f"{name}.json"
        job_file.write_text(json.dumps(job), encoding="utf-8")
        self.stderr = open(scratch / f"{name}.stderr", "w+", encoding="utf-8")
        self.process = subprocess.Popen([sys.executable, __file__, str(job_file)], stdout=subprocess.PIPE,
                                        stderr=self.stderr, text=True, cwd=ROOT, start_new_session=True)
        self.lines: queue.Queue = queue.Queue()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        self.said = None

    def _read(self):
        with self.process.stdout:
            for line in self.process.stdout:
                self.lines.put((time.monotonic(), json.loads(line)))  # when it said it, and what
        self.lines.put((time.monotonic(), None))  # the worker has ended

    def stop(self) -> str:
        """Stop the worker, its browser too, if it still runs; return what it wrote on stderr (its
        trace, and the stacks of every thread if it was stopped)."""
        if self.said is None:
            if self.process.poll() is None:
                os.kill(self.process.pid, signal.SIGUSR1)
                time.sleep(0.3)  # faulthandler writes at once
            with contextlib.suppress(ProcessLookupError):  # the browser it started, too
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=30)
            self.reader.join(timeout=30)
            with self.stderr:
                self.stderr.seek(0)
                self.said = self.stderr.read()
        return self.said


def visit_all(job: dict, paths: list[str], scratch: Path, workers: int = BROWSERS,
              deadline: float = PAGE_DEADLINE) -> dict[str, "Result"]:
    """Every path visited by ``workers`` processes, in the given order: {path: Result}.

    A page that has not ended ``deadline`` seconds after it started, or whose worker ended during
    its visit, is tried again, once, in a fresh worker; then it fails with its worker's stacks.
    A worker that hangs or ends between pages (at its start, say) is replaced in the same way."""
    results: dict[str, Result] = {}
    tries: dict = {}
    todo, round_ = list(paths), 0
    while todo:
        round_ += 1
        shares = [share for share in (todo[i::workers] for i in range(workers)) if share]
        running = [_Worker({**job, "paths": share}, scratch, f"round-{round_}-worker-{i}")
                   for i, share in enumerate(shares)]
        todo = []
        for share, each in zip(shares, running):
            left, current, since = list(share), None, time.monotonic()
            while left or each.process.poll() is None:
                try:
                    said_at, line = each.lines.get(timeout=max(0.1, since + deadline - time.monotonic()))
                except queue.Empty:
                    line = "hung"
                if isinstance(line, dict):
                    if "start" in line:
                        current = line["start"]
                    else:
                        results[line["done"]] = Result(**line["result"])
                        left.remove(line["done"])
                        current = None
                    since = said_at  # the deadline runs from when the worker said it, not from now
                    continue
                stacks = each.stop()[-4000:]
                if not left:
                    break
                culprit = current or f"(between pages, before /{left[0]})"
                why = f"did not finish in {deadline} s" if line == "hung" else "ended with its browser worker"
                print(f"browser suite: {culprit} {why}; its worker's last words:\n{stacks}", file=sys.stderr)
                tries[culprit] = tries.get(culprit, 0) + 1
                if tries[culprit] > 1:
                    for path in left:
                        results[path] = Result(problems=[f"the visit of {culprit} {why}, twice:\n{stacks}"])
                else:
                    todo += left
                break
            each.stop()
    return results


@pytest.fixture(scope="module")
def visits(site, server, tmp_path_factory):
    """Every page of both languages visited once, ``BROWSERS`` at a time: {path: Result}."""
    colours = colour_parts(site)
    children = {}
    for path, part in element_kinds(site):
        children[path] = max(children.get(path, 0), part)
    job = {"server": server, "colours": colours, "children": children, "site": str(site)}
    paths = [p for vi in vietnamese_paths() for p in (vi, twin(vi))]
    # The pages whose colours are checked first: they take longest.
    paths.sort(key=lambda p: -len(colours.get(p, [])))
    return visit_all(job, paths, tmp_path_factory.mktemp("browsers"))


ALL_PATHS = [p for vi in vietnamese_paths() for p in (vi, twin(vi))]


@pytest.mark.parametrize("path", ALL_PATHS)
def test_page_in_a_browser(visits, path):
    problems = visits[path].problems
    assert not problems, f"/{path}:\n" + "\n".join(problems)


@pytest.mark.parametrize("path", [p for p in vietnamese_paths() if with_console(p)])
def test_copied_console_code_runs_after_pip_install(visits, lab_kernel, path, tmp_path):
    """What the copy button gives, run in a reader's environment: ``pip install`` of the project
    and nothing else of the book's toolchain (the labs' environment, labkernel.py)."""
    # Both languages show the same snippets, so the Vietnamese pages cover them all.
    copied = visits[path].copied
    assert copied and copied.strip() and ">>>" not in copied, f"the copy button copied {copied!r:.200}"
    script = tmp_path / "copied.py"
    script.write_text(copied, encoding="utf-8")
    result = subprocess.run([str(lab_kernel), "-I", str(script)], capture_output=True, text=True, timeout=300,
                            cwd=tmp_path)
    assert result.returncode == 0, f"the code copied from /{path} fails:\n{result.stderr[-2000:]}"


@pytest.mark.parametrize("path, query, expected", [(p, q, e) for p, queries in SEARCHES.items() for q, e in queries])
def test_search_finds_a_chapter(visits, path, query, expected):
    links = visits[path].found.get(query)
    assert links is not None, f"no search was made on /{path}: see its page test"
    assert any(link.startswith(expected) for link in links), (
        f"searching {query!r} on /{path} did not find /{expected}: {links[:5]}")
    other_language = [link for link in links if link.startswith("en/") != path.startswith("en/")]
    assert not other_language, f"searching {query!r} on /{path} found pages of the other language: {other_language}"


def test_a_hung_page_is_tried_again_once_then_fails_with_its_stacks_and_the_others_go_on(tmp_path):
    job = {"stand_in": {"hang_on": ["b/"]}}
    results = visit_all(job, ["a/", "b/", "c/", "d/"], tmp_path, workers=2, deadline=2)
    assert set(results) == {"a/", "b/", "c/", "d/"}
    assert all(not results[path].problems for path in ("a/", "c/", "d/"))
    (problem,) = results["b/"].problems
    assert problem.startswith("the visit of b/ did not finish in 2 s, twice") and "most recent call first" in problem


def test_the_colour_parts_hold_every_kind_of_element_and_are_few(site):
    kinds, chosen = element_kinds(site), colour_parts(site)
    parts = [(path, part) for path, numbers in chosen.items() for part in numbers]
    assert set().union(*(kinds[part] for part in parts)) == set().union(*kinds.values())
    assert set(chosen) <= set(ALL_PATHS) and len(parts) <= len(kinds) // 10
    assert any(parent[0] == "pre" for part in parts for parent, _ in kinds[part]), "code tokens are kinds too"


def test_an_element_of_a_new_kind_brings_its_part_among_the_colour_parts(site, tmp_path):
    copy = tmp_path / "site"  # two pages are enough
    for path in ("remedies/clipping/index.html", "remedies/residual/index.html"):
        (copy / path).parent.mkdir(parents=True)
        shutil.copy(site / path, copy / path)
    page = copy / "remedies" / "clipping" / "index.html"
    html = page.read_text(encoding="utf-8")
    head, article, rest = html.partition('<article class="md-content__inner md-typeset">')
    first, close, after = rest.partition("</p>")
    page.write_text(head + article + first + '<span style="color: #999">pale</span>' + close + after,
                    encoding="utf-8")
    parser = _Kinds()
    parser.feed(page.read_text(encoding="utf-8"))
    part = next(n for n, found in parser.parts.items() if any("#999" in kind[2] for _, kind in found))
    assert part in colour_parts(copy)["remedies/clipping/"]


@pytest.mark.parametrize("path", ["", "en/"])
def test_dark_preference_selects_the_dark_scheme(site, server, path):
    """A reader whose system prefers dark gets Material's slate scheme."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        tab = Tab(browser, 1280, scheme="dark")
        try:
            tab.goto(server + path, 1280)
            assert tab.page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
        finally:
            tab.close()
            browser.close()


if __name__ == "__main__":
    worker(sys.argv[1])
