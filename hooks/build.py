"""MkDocs hooks that make the book's code blocks behave: fresh gradflow, right language, named errors.

- Before each build, gradflow is dropped from ``sys.modules`` if its source changed,
  so ``mkdocs serve`` picks up edits to ``src/gradflow`` without a restart, while
  the two languages of one build share one gradflow and its experiment results.
- ``GRADFLOW_CACHE_DIR`` is set to ``.cache/experiments`` unless already set, so
  expensive experiments are kept on disk between builds.
- Before each page, gradflow's figure language is set to the page's language.
- A ```` ```pycon exec="on" ```` fence that includes a ``.pycon`` snippet is run here
  as a console session (see ``console.py``) and replaced by the real transcript, with
  each expression's value and printed output under its own line.
- Every other executed fence that includes a snippet file is given that file's path as
  its id, so a failing block is reported as, for example,
  ``code block 'snippets/activations/sigmoid.pycon' exited with errors``, followed
  by the page's path.
- After the build, the search index gets each Vietnamese page's words without
  diacritics, so that "tieu bien" finds "tiêu biến".
- A RuntimeWarning (overflow, invalid value...) raised inside a block is an error,
  so it fails the strict build instead of scrolling past at INFO level.
- Labs (``labs.py``), what code blocks print (``blockcache.py``), the API reference's rendering
  (``apicache.py``) and compiled templates are cached between builds;
  ``GRADFLOW_NO_BUILD_CACHE=1`` turns all of that off.
- At the end of a build, the time each page's code and each lab took, and the slowest blocks.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import sys
import time
import unicodedata
import warnings
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

sys.path.insert(0, str(Path(__file__).parent))
import apicache  # noqa: E402
import blockcache  # noqa: E402
import labs  # noqa: E402
from console import run_console  # noqa: E402  (hooks/ is not a package)

log = logging.getLogger("mkdocs.hooks.gradflow")

# ```python exec="on" html="1"      <- fence header, then a single include line
# --8<-- "snippets/activations/fig_sigmoid.py"
EXEC_INCLUDE = re.compile(
    r'^(?P<indent>[ \t]*)(?P<fence>`{3,})(?P<lang>\w+)(?P<opts>[^\n]*\bexec="(?:on|1|true)"[^\n]*)\n'
    r'(?P<body>(?P=indent)--8<-- "(?P<path>[^"]+)"\n)(?P=indent)(?P=fence)[ \t]*$',
    re.M,
)

_page_started = {}
_page_times = []  # (seconds, page) of this build, both languages
_build_started = [None]


CACHE_ENV = "GRADFLOW_CACHE_DIR"
_loaded_fingerprint = None


_lab_cache = None


def on_config(config):
    global _lab_cache
    warnings.simplefilter("error", RuntimeWarning)
    project = Path(config["config_file_path"]).parent
    # Experiments are cached on disk between builds (see src/gradflow/cache.py).
    os.environ.setdefault(CACHE_ENV, str(project / ".cache" / "experiments"))
    # Labs: notebooks are pages in both languages, rendered with the book's template and cached.
    labs.make_lab_notebooks_pages()
    labs.quiet_kernels()
    _search_without_figures()
    # GRADFLOW_NO_BUILD_CACHE=1 runs every block and lab again (the reproducibility test uses it).
    no_cache = bool(os.environ.get("GRADFLOW_NO_BUILD_CACHE"))
    if _lab_cache is None:
        _lab_cache = labs.RenderCache(None if no_cache else project / ".cache" / "labs", _gradflow_fingerprint)
    _lab_cache.executed = []
    labs.install(_lab_cache)
    # What the code blocks print is cached too, keyed on the code, the language and gradflow.
    blocks = os.environ.get("GRADFLOW_BLOCK_CACHE_DIR") or project / ".cache" / "blocks"
    blockcache.install(None if no_cache else blocks, _gradflow_fingerprint())
    apicache.install(None if no_cache else project / ".cache" / "api", _gradflow_fingerprint())
    if not no_cache:
        _cache_jinja_bytecode(project / ".cache" / "jinja")
    return config


def _gradflow_fingerprint() -> str:
    digest = hashlib.sha256()
    for path in sorted((Path(__file__).parents[1] / "src" / "gradflow").glob("*.py")):
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()


def on_pre_build(config):
    if _build_started[0] is None:
        _build_started[0] = time.perf_counter()
    # mkdocs-static-i18n builds every language in one process, calling this before each one:
    # keep gradflow (and its in-memory experiment results) unless its source has changed.
    global _loaded_fingerprint
    fingerprint = _gradflow_fingerprint()
    if fingerprint != _loaded_fingerprint:
        for name in [m for m in sys.modules if m == "gradflow" or m.startswith("gradflow.")]:
            del sys.modules[name]
        _loaded_fingerprint = fingerprint
    try:
        written = labs.write_notebooks(Path(config["docs_dir"]))
    except labs.LabError as error:
        raise PluginError(str(error)) from None
    for notebook in written:
        log.info("gradflow: wrote %s", Path(notebook).relative_to(Path(config["docs_dir"]).parent))


def _render_console(match: re.Match, page_path: str, docs_dir: Path) -> str:
    snippet = docs_dir / match["path"]
    indent, fence = match["indent"], match["fence"]
    if not snippet.is_file():
        log.warning("docs/%s includes a missing snippet file: docs/%s", page_path, match["path"])
        return match[0]
    from gradflow import plotting

    transcript = blockcache.cached_console(run_console, snippet.read_text(encoding="utf-8"), str(snippet),
                                           plotting.get_language())
    for problem in transcript.problems:
        log.warning("snippet docs/%s (in page docs/%s) failed at %s", match["path"], page_path, problem)
    body = "\n".join(indent + line if line else line for line in transcript.text.split("\n"))
    return f"{indent}{fence}pycon\n{body}\n{indent}{fence}"


def _rewrite_fence(match: re.Match, page_path: str, docs_dir: Path) -> str:
    if match["lang"] == "pycon":
        return _render_console(match, page_path, docs_dir)
    opts = match["opts"]
    if " id=" not in opts:
        opts += f' id="{match["path"]}"'
    head = f'{match["indent"]}{match["fence"]}{match["lang"]}{opts}'
    return f'{head}\n{match["body"]}{match["indent"]}{match["fence"]}'


_SVG = re.compile(r"<svg\b.*?</svg>", re.S)


def _search_without_figures() -> None:
    """Material's search reads each page's HTML; the figures' inline SVG holds no prose worth
    finding (tick labels, paths) yet is most of the markup. Hide it from the search index."""
    from material.plugins.search.plugin import SearchIndex

    original = getattr(SearchIndex.add_entry_from_context, "_gradflow_original",
                       SearchIndex.add_entry_from_context)

    def add_entry_from_context(self, page):
        content = page.content
        if content:
            page.content = _SVG.sub("", content)
        try:
            return original(self, page)
        finally:
            page.content = content

    add_entry_from_context._gradflow_original = original
    SearchIndex.add_entry_from_context = add_entry_from_context


def _cache_jinja_bytecode(folder: Path) -> None:
    """Keep compiled Jinja templates between builds, for every Jinja environment in the process.

    Material's, mkdocstrings' and nbconvert's templates are otherwise compiled again on every build
    (and for each language). Compiled code depends on the environment's syntax settings, so each
    kind of environment gets its own folder; Jinja checks each template's source before reuse.
    """
    import jinja2

    original = getattr(jinja2.Environment.__init__, "_gradflow_original", jinja2.Environment.__init__)

    def __init__(self, *args, **kwargs):
        original(self, *args, **kwargs)
        if self.bytecode_cache is None:
            autoescape = getattr(self.autoescape, "__qualname__", self.autoescape)
            flavour = repr((self.block_start_string, self.block_end_string, self.variable_start_string,
                            self.variable_end_string, self.comment_start_string, self.comment_end_string,
                            self.line_statement_prefix, self.line_comment_prefix, self.trim_blocks,
                            self.lstrip_blocks, self.newline_sequence, self.keep_trailing_newline,
                            autoescape, self.optimized, sorted(self.extensions), jinja2.__version__))
            kind = folder / hashlib.sha256(flavour.encode()).hexdigest()[:16]
            kind.mkdir(parents=True, exist_ok=True)
            self.bytecode_cache = jinja2.FileSystemBytecodeCache(str(kind))

    __init__._gradflow_original = original
    jinja2.Environment.__init__ = __init__


def on_page_markdown(markdown, page, config, files):
    from gradflow import plotting

    language = getattr(page.file, "locale", None) or config["theme"]["language"]
    plotting.set_language(language if language in plotting.LANGUAGES else "vi")
    blocks = len(EXEC_INCLUDE.findall(markdown))
    if blocks:
        log.info("gradflow: running %d code blocks of %s [%s]", blocks, page.file.src_uri, language)
        _page_started[page.file.src_uri] = time.perf_counter()
    docs_dir = Path(config["docs_dir"])
    return EXEC_INCLUDE.sub(lambda m: _rewrite_fence(m, page.file.src_uri, docs_dir), markdown)


def on_page_content(html, page, config, files):
    if labs.is_lab_notebook(page.file.src_uri):
        return _decorate_lab(html, page, config, files)
    started = _page_started.pop(page.file.src_uri, None)
    if started is not None:
        seconds = time.perf_counter() - started
        language = getattr(page.file, "locale", "?")
        _page_times.append((seconds, f"{page.file.src_uri} [{language}]"))
        log.info("gradflow: %s [%s] done in %.1f s", page.file.src_uri, language, seconds)
    return html


def _decorate_lab(html, page, config, files):
    """Put the download button and the chapter link under the lab's title; refuse stderr output."""
    name = Path(page.file.src_uri).name.split(".")[0]
    source = Path(config["docs_dir"]) / labs.LABS_FOLDER / f"{name}.py"
    language = getattr(page.file, "locale", None) or labs.DEFAULT_LANGUAGE
    for text in labs.STDERR_OUTPUT.findall(html):
        log.warning("lab docs/%s wrote to stderr (a warning?) while it ran:\n%s",
                    page.file.src_uri, re.sub(r"<[^>]+>", "", text)[:1000])
    chapters = []
    for chapter in labs.lab_metadata(source)["chapters"]:
        target = files.get_file_from_path(chapter["page"])
        if target is None:
            log.warning("lab docs/labs/%s.py names a chapter that does not exist: %s", name, chapter["page"])
            continue
        chapters.append((target.url_relative_to(page.file), chapter[language]))
    bar = labs.lab_bar(language, Path(page.file.src_uri).name, chapters)
    # nbconvert's heading anchors, as Material's (shown on hover only).
    html = html.replace('class="anchor-link"', 'class="headerlink"')
    # nbconvert's code blocks in Markdown cells lack the <code> Material styles and copies.
    html = labs.MARKDOWN_CODE.sub(r'<div class="highlight"><pre><span></span><code>\1</code></pre></div>', html)
    head, found, rest = html.partition("</h1>")
    return head + found + bar + rest if found else bar + html


class _NamePage(logging.Filter):
    """Append the page being rendered to markdown-exec's error messages."""

    page = None

    def filter(self, record):
        if record.levelno >= logging.WARNING and _NamePage.page and "code block" in record.getMessage():
            record.msg = f"{record.getMessage()}\n(in page docs/{_NamePage.page})"
            record.args = ()
        return True


def on_page_read_source(page, config):
    _NamePage.page = page.file.src_uri
    return None


# Filters act only on the logger a record starts from, so name the exact modules
# (the versions are pinned in requirements.txt).
_EXEC_LOGGER = logging.getLogger("mkdocs.plugins.markdown_exec._internal.formatters.base")
if not any(isinstance(f, _NamePage) for f in _EXEC_LOGGER.filters):
    _EXEC_LOGGER.addFilter(_NamePage())


class _DropInstantNavWarning(logging.Filter):
    """mkdocs-static-i18n warns that navigation.instant and its contextual language links clash.

    Material's own language selector keeps the reader on the same page under instant
    navigation (it looks the page up in the other language's sitemap), and the browser
    tests check that it does, so this warning is not a fault of this site.
    """

    def filter(self, record):
        return "not compatible with theme.features = navigation.instant" not in record.getMessage()


_I18N_LOGGER = logging.getLogger("mkdocs.plugins.mkdocs_static_i18n.reconfigure")
if not any(isinstance(f, _DropInstantNavWarning) for f in _I18N_LOGGER.filters):
    _I18N_LOGGER.addFilter(_DropInstantNavWarning())


def _log_timings(block_times) -> None:
    """The build's timings: each page (its code blocks) and lab, slowest first, then the slowest blocks."""
    pages = sorted(_page_times + _lab_cache.times, reverse=True)
    total = time.perf_counter() - _build_started[0] if _build_started[0] else float("nan")
    log.info("gradflow: build took %.1f s; pages and labs by the time their code took:", total)
    for seconds, name in pages:
        if seconds >= 0.05:
            log.info("gradflow:   %6.2f s  %s", seconds, name)
    for seconds, name in block_times[:10]:
        log.info("gradflow:   slowest block %6.2f s  %s", seconds, name)
    _page_times.clear()
    _lab_cache.times = []
    _build_started[0] = None


def fold_diacritics(text: str) -> str:
    """'Tiêu biến đạo hàm' -> 'Tieu bien dao ham': how many Vietnamese readers type a search."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _fold_search_index(site_dir: Path) -> None:
    index = site_dir / "search" / "search_index.json"
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


@event_priority(-110)  # after mkdocs-static-i18n (-100) has merged both languages' indexes
def on_post_build(config):
    # Material's search does not fold diacritics: add each Vietnamese page's words without them,
    # so that "tieu bien" finds "tiêu biến".
    _fold_search_index(Path(config["site_dir"]))
    i18n = config["plugins"].get("i18n")
    if _lab_cache is not None and not getattr(i18n, "building", False):
        # Both languages are built now: drop rendered labs that neither used.
        _lab_cache.evict_unused()
        hits, runs, block_times = blockcache.take_counts()
        log.info("gradflow: %d code blocks run, %d taken from .cache/blocks; %d labs executed",
                 runs, hits, len(_lab_cache.executed))
        _log_timings(block_times)
