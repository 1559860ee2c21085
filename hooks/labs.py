"""Labs: one bilingual source per lab, one notebook per language, rendered by mkdocs-jupyter.

A lab's source is ``docs/labs/<name>.py``, a jupytext "percent" script. Code cells are shared
by both languages. A Markdown cell (or, rarely, a code cell) tagged ``lang="vi"`` or
``lang="en"`` belongs to that language only. Before each build this module writes, next to the
source, ``<name>.ipynb`` (Vietnamese) and ``<name>.en.ipynb`` (English): plain notebooks with no
outputs, which mkdocs-static-i18n pairs like any other page and mkdocs-jupyter executes and
renders. These generated notebooks are not committed (see .gitignore).

Three things mkdocs-jupyter 0.26.3 does not do for this book are done here:

- mkdocs-static-i18n rebuilds every File after mkdocs-jupyter has marked notebooks as pages,
  so the raw notebook would be copied as a static file and the build would stay green. Lab
  notebooks are therefore documentation pages for every File object (``is_lab_notebook``).
- mkdocs-jupyter's cache key ignores the code a notebook imports, and its two language builds
  evict each other's entries. Rendering is cached here instead, keyed on the notebook, the
  rendering options, the template and the source of gradflow (``cached_render``).
- Its template inlines ~575 KB of JupyterLab CSS and CDN scripts into each page. The book's own
  template (``overrides/nbconvert``) writes Material's markup instead.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import time
from pathlib import Path

log = logging.getLogger("mkdocs.hooks.gradflow.labs")

LANGUAGES = ("vi", "en")
DEFAULT_LANGUAGE = "vi"
LABS_FOLDER = "labs"
GENERATED_MARK = "gradflow_lab"
ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = ROOT / "overrides" / "nbconvert"

# What a reader needs before the first code cell, in each language. ``{chapter}`` is the title of
# the chapter the lab belongs to.
SETUP_NOTE = {
    "vi": (
        "**Chạy notebook này.** Notebook cần Python 3.11 trở lên và gói `gradflow` của sách "
        "(chỉ dựa trên NumPy và Matplotlib). Trong thư mục mã nguồn của sách, cài một lần:\n\n"
        "```bash\npython -m pip install -e \".[plot]\" jupyterlab\n```\n\n"
        "rồi mở notebook bằng `jupyter lab` và chạy lần lượt từ trên xuống. Mọi thí nghiệm dùng "
        "bộ sinh số ngẫu nhiên có hạt giống cố định, nên bạn sẽ thấy đúng những con số như trên "
        "trang sách. Chương sách đi kèm: {chapter}."
    ),
    "en": (
        "**Running this notebook.** It needs Python 3.11 or newer and the book's `gradflow` "
        "package (which needs only NumPy and Matplotlib). In a copy of the book's source, "
        "install once:\n\n"
        "```bash\npython -m pip install -e \".[plot]\" jupyterlab\n```\n\n"
        "then open the notebook with `jupyter lab` and run it from top to bottom. Every "
        "experiment uses a seeded random generator, so you will see the same numbers as the "
        "book's page. The chapter it goes with: {chapter}."
    ),
}


class LabError(ValueError):
    """A lab source that cannot be turned into notebooks; the message names the file."""


def lab_sources(docs_dir: Path) -> list[Path]:
    return sorted((Path(docs_dir) / LABS_FOLDER).glob("*.py"))


def notebook_name(source: Path, language: str) -> str:
    return f"{source.stem}.ipynb" if language == DEFAULT_LANGUAGE else f"{source.stem}.{language}.ipynb"


def is_lab_notebook(src_uri: str) -> bool:
    """``labs/vanishing.ipynb`` and ``labs/vanishing.en.ipynb`` are lab pages."""
    return re.fullmatch(rf"{LABS_FOLDER}/[\w-]+(\.[a-z]{{2}})?\.ipynb", src_uri) is not None


_read_cache: dict = {}


def _read(source: Path):
    """jupytext's reading of ``source``, once per version of the file (a build asks many times)."""
    import copy

    import jupytext

    stat = Path(source).stat()
    key = (str(source), stat.st_mtime_ns, stat.st_size)
    if key not in _read_cache:
        _read_cache.clear() if len(_read_cache) > 64 else None
        _read_cache[key] = jupytext.read(source)
    return copy.deepcopy(_read_cache[key])


def lab_metadata(source: Path) -> dict:
    """The ``gradflow_lab`` block of a lab's header.

    It holds ``chapters``: the pages the lab belongs to, each a mapping with ``page`` (such as
    ``vanishing.md``) and the page's title in each language (``vi``, ``en``).
    """
    try:
        notebook = _read(source)
    except Exception as error:  # jupytext raises several kinds; name the file whatever it was
        raise LabError(f"{source}: not a readable jupytext percent script ({error})") from None
    meta = notebook.metadata.get(GENERATED_MARK)
    chapters = meta.get("chapters") if isinstance(meta, dict) else None
    if not isinstance(chapters, list) or not chapters:
        raise LabError(f"{source}: the header must hold a 'gradflow_lab' block with a list of 'chapters'")
    for chapter in chapters:
        missing = [key for key in ("page", *LANGUAGES) if not isinstance(chapter, dict) or not chapter.get(key)]
        if missing:
            raise LabError(f"{source}: a chapter of 'gradflow_lab' lacks {', '.join(missing)}: {chapter!r}")
    return meta


def notebook_for(source: Path, language: str):
    """The notebook of ``source`` in ``language``: shared cells plus that language's cells.

    The setup note (how to install and run) is inserted after the first cell, the title.
    """
    import nbformat

    if language not in LANGUAGES:
        raise LabError(f"unknown language {language!r}; expected one of {LANGUAGES}")
    meta = lab_metadata(source)
    notebook = _read(source)
    cells = []
    for number, cell in enumerate(notebook.cells, start=1):
        cell_language = cell.metadata.pop("lang", None)
        if cell_language is not None and cell_language not in LANGUAGES:
            raise LabError(f"{source}: cell {number} has lang={cell_language!r}; expected one of {LANGUAGES}")
        if cell_language in (None, language):
            cells.append(cell)
    if not cells or cells[0].cell_type != "markdown" or not cells[0].source.startswith("# "):
        raise LabError(f"{source}: the first cell in {language!r} must be a Markdown title ('# ...')")
    titles = [f"*{chapter[language]}*" for chapter in meta["chapters"]]
    note = SETUP_NOTE[language].format(chapter=(" và " if language == "vi" else " and ").join(titles))
    cells.insert(1, nbformat.v4.new_markdown_cell(note))
    result = nbformat.v4.new_notebook()
    for index, cell in enumerate(cells):
        cell.metadata.pop("lines_to_next_cell", None)
        clean = (nbformat.v4.new_code_cell(cell.source) if cell.cell_type == "code"
                 else nbformat.v4.new_markdown_cell(cell.source))
        clean.id = f"cell-{index}"  # fixed ids: the notebook's bytes depend on its source only
        result.cells.append(clean)
    result.metadata = {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
        GENERATED_MARK: {"source": f"docs/{LABS_FOLDER}/{source.name}", "language": language},
    }
    nbformat.validate(result)
    return result


def write_notebooks(docs_dir: Path) -> list[Path]:
    """Write every lab's notebooks next to its source; rewrite a file only if its bytes change.

    Generated notebooks whose source is gone are removed. Returns the notebooks written.
    """
    import nbformat

    folder = Path(docs_dir) / LABS_FOLDER
    expected, written = set(), []
    for source in lab_sources(docs_dir):
        for language in LANGUAGES:
            target = folder / notebook_name(source, language)
            expected.add(target)
            text = nbformat.writes(notebook_for(source, language)) + "\n"
            if not target.is_file() or target.read_text(encoding="utf-8") != text:
                target.write_text(text, encoding="utf-8")
                written.append(target)
    for stale in folder.glob("*.ipynb") if folder.is_dir() else ():
        if stale not in expected and GENERATED_MARK in _metadata(stale):
            stale.unlink()
    return written


def _metadata(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8")).get("metadata", {})
    except (OSError, ValueError):
        return {}


def make_lab_notebooks_pages() -> None:
    """Make every File of a lab notebook a documentation page, whoever creates the File.

    mkdocs-static-i18n creates new File objects after mkdocs-jupyter has wrapped notebooks as
    pages (ultrabug/mkdocs-static-i18n#198); with this, i18n pairs ``x.ipynb`` with
    ``x.en.ipynb`` and gives each its language's URL, exactly as it does for Markdown pages.
    """
    from mkdocs.structure.files import File

    if getattr(File.is_documentation_page, "_gradflow_labs", False):
        return
    original = File.is_documentation_page

    def is_documentation_page(self) -> bool:
        return original(self) or is_lab_notebook(self.src_uri)

    is_documentation_page._gradflow_labs = True
    File.is_documentation_page = is_documentation_page


class RenderCache:
    """Rendered lab pages on disk, keyed on everything that can change them.

    The key covers the notebook's bytes, mkdocs-jupyter's options, the book's notebook template
    and the source of every gradflow module, so an edit to gradflow re-executes every lab and a
    build with no change executes none. ``executed`` lists what this process ran.
    """

    def __init__(self, folder: Path | None, fingerprint):
        self.folder = Path(folder) if folder is not None else None  # None: execute every time
        self.fingerprint = fingerprint  # a callable: gradflow's source digest
        self.used: set[Path] = set()
        self.executed: list[str] = []
        self.times: list[tuple[float, str]] = []  # (seconds, lab) executed in this build

    def key(self, nb_path: str, options: dict) -> str:
        digest = hashlib.sha256(Path(nb_path).read_bytes())
        digest.update(json.dumps(options, sort_keys=True, default=repr).encode())
        for template in sorted(TEMPLATES.rglob("*")):
            if template.is_file():
                digest.update(template.read_bytes())
        digest.update(self.fingerprint().encode())
        digest.update(Path(__file__).read_bytes())  # this module tidies what is cached
        return digest.hexdigest()

    def wrap(self, render):
        def cached_render(nb_path, **options):
            path = self.folder / f"{self.key(nb_path, options)}.html" if self.folder else None
            if path is not None:
                self.used.add(path)
                if path.is_file():
                    return path.read_text(encoding="utf-8")
            started = time.perf_counter()
            html = tidy(render(nb_path, **options))
            name = Path(nb_path).relative_to(ROOT) if Path(nb_path).is_relative_to(ROOT) else nb_path
            seconds = time.perf_counter() - started
            log.info("gradflow: executed lab %s in %.1f s", name, seconds)
            self.executed.append(str(name))
            self.times.append((seconds, f"{name} (lab)"))
            if path is not None:
                self.folder.mkdir(parents=True, exist_ok=True)
                path.write_text(html, encoding="utf-8")
            return html

        cached_render._gradflow_labs = True
        return cached_render

    def evict_unused(self) -> None:
        if self.folder is not None and self.folder.is_dir():
            for path in [*self.folder.glob("*.html"), *self.folder.glob("*.toc.json")]:
                if path not in self.used:
                    path.unlink()
        self.used = set()


def quiet_kernels() -> None:
    """Kernels started for labs log errors only (ipykernel 7 warns, on every start, that a local
    kernel talks to its client over TCP). The config lives in ``overrides/jupyter``."""
    import os

    folder = str(ROOT / "overrides" / "jupyter")
    paths = os.environ.get("JUPYTER_CONFIG_PATH", "").split(os.pathsep)
    if folder not in paths:
        os.environ["JUPYTER_CONFIG_PATH"] = os.pathsep.join([folder, *filter(None, paths)])


def tidy(html: str) -> str:
    """What the book's template cannot do alone.

    - A cell's printed output arrives in as many chunks as the kernel happened to flush, which
      varies from run to run: consecutive output blocks are merged, so a page is the same every
      build.
    - For a ``.ipynb`` source mkdocs-jupyter appends nbconvert's JupyterLab stylesheets to the
      page; the book's own styles cover the notebook, so they are dropped.
    """
    html = re.sub(r'</pre>\s*<pre class="gf-nb-output" tabindex="0">', "", html)
    return re.sub(r"\s*<style>.*</style>\s*$", "\n", html, flags=re.S)


def install(cache: RenderCache) -> None:
    """Point mkdocs-jupyter at the book's templates and route its rendering through ``cache``.

    The table of contents, which mkdocs-jupyter builds by converting each notebook once more,
    is cached next to the rendered page.
    """
    from mkdocs_jupyter import convert
    from mkdocs_jupyter import plugin as jupyter_plugin
    from mkdocs_jupyter.config import settings

    settings.templates_dir = str(TEMPLATES)
    original = getattr(convert.nb2html, "_gradflow_original", convert.nb2html)
    wrapped = cache.wrap(original)
    wrapped._gradflow_original = original
    convert.nb2html = wrapped

    toc = getattr(jupyter_plugin._get_nb_toc_tokens, "_gradflow_original", jupyter_plugin._get_nb_toc_tokens)

    def cached_toc(nb_path, toc_depth):
        if cache.folder is None:
            return toc(nb_path, toc_depth)
        path = cache.folder / f"{cache.key(nb_path, {'toc_depth': toc_depth})}.toc.json"
        cache.used.add(path)
        if path.is_file():
            tokens, title = json.loads(path.read_text(encoding="utf-8"))
            return tokens, title
        tokens, title = toc(nb_path, toc_depth)
        cache.folder.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps([tokens, title]), encoding="utf-8")
        return tokens, title

    cached_toc._gradflow_original = toc
    jupyter_plugin._get_nb_toc_tokens = cached_toc


def lab_bar(page_language: str, notebook_file: str, chapters: list[tuple[str, str]]) -> str:
    """The download button and the links back to the chapters (url, title), under a lab's title."""
    from html import escape

    download, back = {
        "vi": ("Tải notebook (.ipynb)", "Về chương"),
        "en": ("Download the notebook (.ipynb)", "Back to the chapter"),
    }[page_language]
    links = " ".join(f'<a class="md-button" href="{escape(url)}">{back}: {escape(title)}</a>'
                     for url, title in chapters)
    return (
        '<p class="gf-lab-bar">'
        f'<a class="md-button md-button--primary" href="{escape(notebook_file)}" download>{download}</a> '
        f"{links}</p>"
    )


STDERR_OUTPUT = re.compile(r'<pre class="gf-nb-output gf-nb-stderr"[^>]*>(.*?)</pre>', re.S)
MARKDOWN_CODE = re.compile(r'<div class="highlight"><pre><span></span>(?!<code>)(.*?)</pre></div>', re.S)


def execute(notebook, *, kernel_name: str = "python3", cwd: Path | None = None, timeout: int = 120):
    """Run ``notebook`` top to bottom in a fresh kernel (nbclient); return it with its outputs.

    A failing cell raises ``nbclient.exceptions.CellExecutionError``, which names the cell.
    """
    from nbclient import NotebookClient

    import asyncio

    resources = {"metadata": {"path": str(cwd)}} if cwd else {}
    client = NotebookClient(notebook, kernel_name=kernel_name, timeout=timeout, resources=resources,
                            extra_arguments=["--IPKernelApp.log_level=ERROR"])
    # A loop of our own, closed afterwards: callers may run several notebooks in threads.
    loop = asyncio.new_event_loop()
    try:
        loop.run_until_complete(client.async_execute())
    finally:
        loop.close()
    return notebook


def outputs_summary(notebook) -> list[str]:
    """One line a code cell: its first source line, its text output, and its figures."""
    lines = []
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        lines.append(">>> " + cell.source.splitlines()[0] if cell.source else ">>>")
        for output in cell.get("outputs", []):
            if output.output_type == "stream":
                lines.append(("[stderr] " if output.name == "stderr" else "") + output.text.rstrip())
            elif "text/html" in output.get("data", {}):
                html = output.data["text/html"]
                label = re.search(r'aria-label="([^"]*)"', html)
                lines.append(f"[figure: {label[1] if label else 'no aria-label!'}; {len(html) // 1024} KB]")
            elif "text/plain" in output.get("data", {}):
                lines.append(output.data["text/plain"])
    return lines


def main(argv: list[str]) -> int:
    """``python hooks/labs.py docs/labs/NAME.py ...``: run each lab in both languages, as the build
    would, and print what each code cell shows. For authors; exits non-zero on a failing cell or
    on anything written to stderr."""
    import sys

    status = 0
    for name in argv or [str(p) for p in lab_sources(ROOT / "docs")]:
        for language in LANGUAGES:
            started = time.perf_counter()
            try:
                notebook = execute(notebook_for(Path(name), language))
            except Exception as error:  # report every lab, then fail
                print(f"== {name} [{language}] FAILED\n{error}", file=sys.stderr)
                status = 1
                continue
            print(f"== {name} [{language}] ran in {time.perf_counter() - started:.1f} s")
            summary = outputs_summary(notebook)
            print("\n".join(summary))
            if any(line.startswith("[stderr]") for line in summary):
                status = 1
    return status


if __name__ == "__main__":
    import sys

    raise SystemExit(main(sys.argv[1:]))
