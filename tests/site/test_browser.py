"""Every page of both languages, as a reader's browser shows it (headless Debian Chromium, Playwright).

For each page: no console error, no failed request, no request to another host; every
figure visible and no wider than the text column on a phone (375 px) and a desktop
(1280 px); every formula rendered by KaTeX with no raw ``$`` or ``\\(`` left; a copy
button on every code block, and what it copies from a ``>>>`` block runs as Python;
the language switcher leads to the same page in the other language; axe-core finds no
serious or critical violation, in the light and the dark colour scheme. Search finds a
chapter by a Vietnamese term, with or without diacritics, and by an English term.

Without Chromium the suite is skipped with a message saying so; with CI=true it fails instead.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import socketserver
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import urlparse

import pytest

from sitebuild import DOCS, ROOT, SNIPPETS

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
AXE = ROOT / "tests" / "browser" / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
WIDTHS = (375, 1280)


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


def page_paths() -> list[str]:
    """URL paths of every page, Vietnamese first then English, from the Markdown and lab sources."""
    paths = []
    for page in sorted(DOCS.rglob("*.md")):
        if SNIPPETS in page.parents or page.name.endswith(".en.md"):
            continue
        rel = page.relative_to(DOCS).with_suffix("")
        url = "" if rel.name == "index" and rel.parent == Path(".") else f"{rel.as_posix()}/"
        paths.append(url)
    paths += [f"labs/{lab.stem}/" for lab in sorted((DOCS / "labs").glob("*.py"))]
    return paths + [f"en/{p}" for p in paths]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server(site):
    handler = functools.partial(_QuietHandler, directory=str(site))
    with socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler) as httpd:
        thread = threading.Thread(target=httpd.serve_forever, daemon=True)
        thread.start()
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
        httpd.shutdown()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class Visit:
    """A page load that records console errors and every request."""

    def __init__(self, browser, url, width, scheme="light"):
        self.context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
        self.page = self.context.new_page()
        self.errors, self.failed, self.requests = [], [], []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("requestfailed", lambda r: self.failed.append(f"{r.url} ({r.failure})"))
        self.page.on("response", lambda r: self.failed.append(f"{r.url} ({r.status})") if r.status >= 400 else None)
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.goto(url, wait_until="load")
        # Ready when KaTeX has been over every formula (or failed on one, which the checks report).
        self.page.wait_for_function("""() => [...document.querySelectorAll('.arithmatex')]
                                          .every(e => e.querySelector('.katex, .katex-error'))""", timeout=15000)
        self.page.evaluate("document.fonts.ready")

    def close(self):
        self.context.close()


def check_rendering(visit):
    """The checks made at every width: errors, requests, figures, math, copy buttons, no sideways scroll."""
    page = visit.page
    assert not visit.errors, f"console errors: {visit.errors}"
    assert not visit.failed, f"failed requests: {visit.failed}"
    foreign = [u for u in visit.requests if urlparse(u).hostname != "127.0.0.1" and not u.startswith("data:")]
    assert not foreign, f"requests to another host: {foreign}"

    column = page.eval_on_selector(".md-content__inner", "el => el.getBoundingClientRect().width")
    figures = page.eval_on_selector_all(
        ".gf-figure svg", "els => els.map(e => { const r = e.getBoundingClientRect(); "
                          "return [r.width, r.height, getComputedStyle(e).visibility]; })")
    for w, h, visibility in figures:
        assert w > 100 and h > 50 and visibility == "visible", f"a figure is not visible: {w}x{h}"
        assert w <= column + 1, f"a figure ({w:.0f}px) is wider than the text column ({column:.0f}px)"

    math = page.eval_on_selector_all(".arithmatex", "els => els.map(e => !!e.querySelector('.katex'))")
    assert all(math), f"{math.count(False)} formulas left unrendered by KaTeX"
    prose = page.evaluate("""() => { const a = document.querySelector('article').cloneNode(true);
                                      a.querySelectorAll('pre, code, .katex').forEach(e => e.remove());
                                      return a.innerText; }""")
    for raw in ("$$", "\\(", "\\["):
        assert raw not in prose, f"raw math {raw!r} visible in the text"
    assert prose.count("$") == 0, "a raw $ is visible in the text"

    blocks = page.eval_on_selector_all("article div.highlight pre", "els => els.length")
    buttons = page.eval_on_selector_all("article div.highlight pre button.md-code__button[data-md-type=copy], "
                                        "article div.highlight pre .md-clipboard", "els => els.length")
    assert buttons == blocks, f"{blocks - buttons} code blocks without a copy button"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), "the page scrolls sideways"


# The axe-core rules whose outcome depends on colours.
COLOUR_RULES = ["color-contrast", "link-in-text-block"]


def axe_violations(page, rules=None) -> list[str]:
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    options = {"resultTypes": ["violations"]}
    if rules:
        options["runOnly"] = {"type": "rule", "values": rules}
    result = page.evaluate("async (options) => await axe.run(document, options)", options)
    return [f"{v['id']} ({v['impact']}): {v['help']} — e.g. {v['nodes'][0]['target']}"
            for v in result["violations"] if v["impact"] in ("serious", "critical")]


def _twin(path: str) -> str:
    return path[3:] if path.startswith("en/") else f"en/{path}"


# axe-core takes about 40 s on the API reference. Its body is the same in both languages
# (gradflow's docstrings are in English on both pages), and its code colours are those of every
# chapter, which are checked in both schemes; so it is checked once, Vietnamese, light scheme.
AXE_LIGHT_ONLY = {"reference/api/"}
AXE_NOT_AGAIN = {"en/reference/api/"}


@pytest.mark.parametrize("path", page_paths())
def test_page_in_a_browser(browser, server, path):
    """One visit a page: a phone, then a desktop, axe-core in the light and the dark scheme, and
    last the language switcher (which leaves the page)."""
    visit = Visit(browser, server + path, 375)
    page = visit.page
    try:
        check_rendering(visit)
        page.set_viewport_size({"width": 1280, "height": 900})
        # Let the page lay itself out again, as after a phone turned sideways.
        page.evaluate("new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
        page.wait_for_timeout(200)
        check_rendering(visit)
        if path not in AXE_NOT_AGAIN:
            serious = axe_violations(page)
            assert not serious, "light scheme:\n" + "\n".join(serious)
        if path not in AXE_NOT_AGAIN | AXE_LIGHT_ONLY:
            # What Material's toggle does (test_dark_preference_selects_the_dark_scheme checks the
            # system preference leads there). Only the colour rules can change with the scheme.
            # Without transitions, so that axe sees the final colours rather than a fade.
            page.add_style_tag(content="*, *::before, *::after { transition: none !important; }")
            page.evaluate("document.body.setAttribute('data-md-color-scheme', 'slate')")
            serious = axe_violations(page, rules=COLOUR_RULES)
            assert not serious, "dark scheme:\n" + "\n".join(serious)
        other = "vi" if path.startswith("en/") else "en"
        # The selector's links sit in a hover menu: click the link itself, as a tap on it does.
        page.eval_on_selector(f'a.md-select__link[hreflang="{other}"]', "a => a.click()")
        page.wait_for_url(server + _twin(path))
    finally:
        visit.close()


@pytest.mark.parametrize("path", ["", "en/"])
def test_dark_preference_selects_the_dark_scheme(browser, server, path):
    """A reader whose system prefers dark gets Material's slate scheme."""
    visit = Visit(browser, server + path, 1280, scheme="dark")
    try:
        assert visit.page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
    finally:
        visit.close()


def pages_with_console() -> list[str]:
    """The pages whose source shows at least one ``>>>`` block."""
    def source(path):
        stem = path.removeprefix("en/").rstrip("/") or "index"
        return DOCS / (stem + (".en.md" if path.startswith("en/") else ".md"))
    return [p for p in page_paths()
            if not p.removeprefix("en/").startswith("labs/") and 'pycon exec="on"' in source(p).read_text(encoding="utf-8")]


@pytest.mark.parametrize("path", [p for p in pages_with_console() if not p.startswith("en/")])
def test_copied_console_code_runs(browser, server, path, tmp_path):
    # Both languages show the same snippets, so the Vietnamese pages cover them all.
    visit = Visit(browser, server + path, 1280)
    try:
        visit.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.rstrip("/"))
        consoles = visit.page.locator("article div.language-pycon")
        assert consoles.count() > 0
        consoles.first.hover()
        consoles.first.locator("button.md-code__button").click()
        copied = visit.page.evaluate("navigator.clipboard.readText()")
    finally:
        visit.close()
    assert ">>>" not in copied and copied.strip(), f"the copy button copied {copied[:200]!r}"
    script = tmp_path / "copied.py"
    script.write_text(copied, encoding="utf-8")
    env = {**os.environ, "GRADFLOW_CACHE_DIR": str(ROOT / ".cache" / "experiments")}
    result = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=300, env=env)
    assert result.returncode == 0, f"the code copied from {path} fails:\n{result.stderr[-2000:]}"


@pytest.mark.parametrize("path, query, expected", [
    ("", "tiêu biến", "vanishing/"),
    ("", "tieu bien", "vanishing/"),
    ("", "bùng nổ", "exploding/"),
    ("en/", "vanishing", "en/vanishing/"),
    ("en/", "exploding gradients", "en/exploding/"),
])
def test_search_finds_a_chapter(browser, server, path, query, expected):
    visit = Visit(browser, server + path, 1280)
    try:
        page = visit.page
        page.click("label.md-search__icon, .md-search__input", force=True)
        # Material searches on key events, so type the query as a reader would.
        page.locator("input.md-search__input").press_sequentially(query, delay=20)
        page.wait_for_selector(".md-search-result__item", timeout=15000)
        links = page.eval_on_selector_all(".md-search-result__item a", "els => els.map(e => e.href)")
    finally:
        visit.close()
    assert any(urlparse(link).path.lstrip("/").startswith(expected) for link in links), (
        f"searching {query!r} on /{path} did not find /{expected}: {links[:5]}")
