"""Labs: one bilingual source per lab, one executed notebook per language, rendered by mkdocs-jupyter.

A lab's source is ``docs/labs/<name>.py``, a jupytext "percent" script. Code cells are shared
by both languages. A Markdown cell (or, rarely, a code cell) tagged ``lang="vi"`` or
``lang="en"`` belongs to that language only. Before the pages are built (`prepare`), every lab is
turned into one notebook per language, executed in a fresh kernel (several at once, one per
core), and written next to its source as ``<name>.ipynb`` (Vietnamese) and ``<name>.en.ipynb``
(English), outputs included; mkdocs-static-i18n pairs them like any other page and
mkdocs-jupyter renders them (``execute: false``). They are generated, not committed.

An executed notebook is kept in the build's store under a key of the notebook, the book's
notebook template and the gradflow modules its code imports; a build that changed none of these
executes nothing. The notebook a reader downloads is the same lab without outputs (`downloads`).
A lab that warns (writes to stderr) or leaves a file in its working folder fails the build.
The kernel is the build's own Python (``python3``) unless ``GRADFLOW_LAB_KERNEL`` names another
Jupyter kernel: the site tests build a clone with the kernel of a reader's environment
(labkernel.py), so that the clone's pages, which must equal the checkout's, show what a reader sees.

Two things mkdocs-jupyter 0.26.3 does not do for this book are done here:

- mkdocs-static-i18n rebuilds every File after mkdocs-jupyter has marked notebooks as pages,
  so the raw notebook would be copied as a static file and the build would stay green. Lab
  notebooks are therefore documentation pages for every File object (`make_lab_notebooks_pages`,
  a workaround of ultrabug/mkdocs-static-i18n#198).
- Its own template inlines ~575 KB of JupyterLab CSS and CDN scripts into each page, and it has
  no option to choose another: `use_book_template` points it at the book's
  (``overrides/nbconvert``), which writes Material's markup instead.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import os
import re
import tempfile
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
        "(chỉ dựa trên NumPy và Matplotlib). Trong notebook tải về, ô mã đầu tiên cài `gradflow` "
        "từ chính trang sách nếu Python của bạn chưa có. Hoặc cài một lần từ thư mục mã nguồn "
        "của sách:\n\n"
        "```bash\npython -m pip install -e \".[plot]\" jupyterlab\n```\n\n"
        "rồi mở notebook bằng `jupyter lab` và chạy lần lượt từ trên xuống. Mọi thí nghiệm dùng "
        "bộ sinh số ngẫu nhiên với seed cố định, nên bạn sẽ thấy đúng những con số như trên "
        "trang sách. Chương sách đi kèm: {chapter}."
    ),
    "en": (
        "**Running this notebook.** It needs Python 3.11 or newer and the book's `gradflow` "
        "package (which needs only NumPy and Matplotlib). In the downloaded notebook, the first "
        "code cell installs `gradflow` from the book's own site if your Python lacks it. Or, in a "
        "copy of the book's source, install once:\n\n"
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


_notebooks: dict = {}


def notebook_for(source: Path, language: str):
    """The notebook of ``source`` in ``language``: shared cells plus that language's cells.

    The setup note (how to install and run) is inserted after the first cell, the title. Each
    call returns a copy of its own; a source is read once per version of the file.
    """
    import copy

    stat = Path(source).stat()
    key = (str(source), stat.st_mtime_ns, stat.st_size, language)
    if key not in _notebooks:
        if len(_notebooks) > 64:
            _notebooks.clear()
        _notebooks[key] = _notebook_for(source, language)
    return copy.deepcopy(_notebooks[key])


def _notebook_for(source: Path, language: str):
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
        clean = (nbformat.v4.new_code_cell(resolve_labels(cell.source, language)) if cell.cell_type == "code"
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


def resolve_labels(code: str, language: str) -> str:
    """``code`` with each ``label(vi=…, en=…)`` call replaced by its argument in ``language``.

    A lab's source is shared by its two notebooks, and picks each printed string and figure label
    with ``label``. A reader's notebook shows only its own language: the call becomes the string
    (or f-string) it would return, in parentheses where it spans lines, and ``label`` leaves the
    import line once nothing uses it. Calls with other arguments are left alone.

    >>> print(resolve_labels('from gradflow.book.language import label, set_language\\n'
    ...                      'ax.set_xlabel(label(vi="tầng", en="layer"))', "en"))
    from gradflow.book.language import set_language
    ax.set_xlabel("layer")
    """
    import ast

    tree = ast.parse(code)
    lines = code.splitlines(keepends=True)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))

    def offset(lineno: int, col: int) -> int:  # ast counts columns in UTF-8 bytes
        return starts[lineno - 1] + len(lines[lineno - 1].encode()[:col].decode())

    spans = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "label"
                and not node.args and sorted(k.arg for k in node.keywords) == sorted(LANGUAGES)):
            continue
        chosen = next(k.value for k in node.keywords if k.arg == language)
        text = ast.get_source_segment(code, chosen)
        if "\n" in text:  # continuation lines keep their place under the value's first line
            shift = node.col_offset + 1 - chosen.col_offset
            first, *rest = text.split("\n")
            rest = [" " * shift + line if shift >= 0 else line[min(-shift, len(line) - len(line.lstrip())):]
                    for line in rest]
            text = "(" + "\n".join([first, *rest]) + ")"
        spans.append((offset(node.lineno, node.col_offset), offset(node.end_lineno, node.end_col_offset), text))
    outermost = [s for s in spans if not any(o != s and o[0] <= s[0] and s[1] <= o[1] for o in spans)]
    for start, end, text in sorted(outermost, reverse=True):
        code = code[:start] + text + code[end:]
    imports = re.compile(r"^(from gradflow\.book\.language import )(.*)$", re.M)
    if not re.search(r"\blabel\b", imports.sub("", code)):
        def drop(line):
            names = [name.strip() for name in line[2].split(",") if name.strip() != "label"]
            return line[1] + ", ".join(names) if names else ""
        code = imports.sub(drop, code)
    compile(code, "<lab cell>", "exec")
    return code


def template_digest() -> str:
    """SHA-256 of the book's notebook template: a notebook rendered with another template is another page."""
    digest = hashlib.sha256()
    for path in sorted(TEMPLATES.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(TEMPLATES).as_posix().encode() + path.read_bytes())
    return digest.hexdigest()


def lab_key(source: Path, language: str, template: str) -> str:
    """The store's key of a lab's executed notebook in ``language``.

    It is made from what decides the executed notebook without building it: the source (a
    percent script is Python, so the gradflow modules its cells import are read from it
    directly), the language, the book's notebook template, and the code here that turns a
    source into an executed notebook.
    """
    from gradflow.book import cache

    text = Path(source).read_text(encoding="utf-8")
    return cache.key("labs", text, language, template, cache.code_fingerprint(text), _making(), SETUP_NOTE)


@functools.lru_cache(maxsize=1)
def _making() -> list[str]:
    """The source of the functions here that turn a lab's source into its executed notebook."""
    import inspect

    return [inspect.getsource(f) for f in (lab_metadata, _notebook_for, resolve_labels, execute, merge_streams)]


def prepare(docs_dir: Path, store, workers: int | None = None, report=None) -> dict:
    """Write every lab's executed notebooks next to its source; rewrite a file only if its bytes change.

    Notebooks come from ``store`` (a `gradflow.book.cache.Store`, or None) when their key is
    there, and are otherwise executed, ``workers`` at a time. Generated notebooks whose source
    is gone are removed. Returns ``{"written": [...], "executed": [(seconds, name)], "failed":
    [message]}``; a lab that fails or writes to stderr is in "failed", and not kept.
    """
    import nbformat
    from gradflow.book import cache

    folder = Path(docs_dir) / LABS_FOLDER
    todo, ready, expected = [], {}, set()
    template = template_digest()
    for source in lab_sources(docs_dir):
        for language in LANGUAGES:
            target = folder / notebook_name(source, language)
            expected.add(target)
            key = lab_key(source, language, template)
            kept = store.get("labs", key) if store is not None else cache.MISSING
            if kept is cache.MISSING:
                download = notebook_for(source, language)
                notebook = notebook_for(source, language)
                notebook.metadata[GENERATED_MARK]["template"] = template
                todo.append((target, key, notebook, nbformat.writes(download) + "\n", lab_metadata(source)))
            else:
                ready[target] = kept
    result = {"written": [], "executed": [], "failed": [], "downloads": {}, "chapters": {}}
    for (target, key, notebook, download, meta), seconds, problem in _execute_all(todo, workers, report):
        name = f"docs/{LABS_FOLDER}/{target.name}"
        kept = {"executed": nbformat.writes(notebook) + "\n", "download": download, "chapters": meta["chapters"]}
        ready[target] = kept  # a failed lab's page shows where it failed
        if problem:
            result["failed"].append(f"lab {name} failed: {problem}")
            continue
        result["executed"].append((seconds, name))
        if store is not None:
            store.put("labs", key, kept)
    for target, kept in sorted(ready.items()):
        result["downloads"][target.name] = kept["download"]
        result["chapters"][target.stem.split(".")[0]] = kept["chapters"]
        if not target.is_file() or target.read_text(encoding="utf-8") != kept["executed"]:
            target.write_text(kept["executed"], encoding="utf-8")
            result["written"].append(target)
    for stale in folder.glob("*.ipynb") if folder.is_dir() else ():
        if stale not in expected and GENERATED_MARK in _metadata(stale):
            stale.unlink()
    return result


def _execute_all(todo, workers, report):
    """Execute each notebook of ``todo`` in a fresh kernel of its own, several at once."""
    from concurrent.futures import ThreadPoolExecutor

    if not todo:
        return []
    workers = max(1, min(workers or os.cpu_count() or 1, len(todo)))
    kernel = os.environ.get(KERNEL_VARIABLE, "python3")
    if report:
        report(f"gradflow: executing {len(todo)} lab notebooks, {workers} at a time, in kernel {kernel}")

    def run(item):
        target, notebook = item[0], item[2]
        started = time.perf_counter()
        try:
            with tempfile.TemporaryDirectory() as workdir:
                execute(notebook, kernel_name=kernel, cwd=Path(workdir))
                left = sorted(path.name for path in Path(workdir).iterdir())
        except Exception as error:  # report every lab, then fail the build
            return item, time.perf_counter() - started, f"{type(error).__name__}: {error}"
        merge_streams(notebook)
        stderr = [output.text for cell in notebook.cells for output in cell.get("outputs", [])
                  if output.output_type == "stream" and output.name == "stderr"]
        problem = f"it wrote to stderr (a warning?):\n{''.join(stderr)[:1000]}" if stderr else None
        if left:  # a reader's folder would keep them
            problem = "; ".join(filter(None, [problem, f"it left files in its working folder: {left}"]))
        seconds = time.perf_counter() - started
        if report:
            report(f"gradflow: executed lab docs/{LABS_FOLDER}/{target.name} in {seconds:.1f} s")
        return item, seconds, problem

    # Several kernels on a few cores: one BLAS thread each, or they fight over the cores.
    saved = {name: os.environ.get(name) for name in BLAS_THREADS}
    os.environ.update({name: "1" for name in BLAS_THREADS})
    try:
        with ThreadPoolExecutor(workers) as pool:
            return list(pool.map(run, todo))
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


BLAS_THREADS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")
KERNEL_VARIABLE = "GRADFLOW_LAB_KERNEL"


def merge_streams(notebook) -> None:
    """Merge each cell's consecutive outputs to the same stream: a cell's printed output arrives in
    as many chunks as the kernel happened to flush, which varies from run to run."""
    for cell in notebook.cells:
        merged = []
        for output in cell.get("outputs", []):
            if merged and output.output_type == "stream" and merged[-1].output_type == "stream" \
                    and merged[-1].name == output.name:
                merged[-1].text += output.text
            else:
                merged.append(output)
        if cell.cell_type == "code":
            cell.outputs = merged


def write_downloads(site_dir: Path, downloads: dict, install: dict | None = None) -> list[Path]:
    """Write each lab page's download next to it: the lab in that language, without outputs.

    ``downloads`` maps each notebook's file name to its text (from `prepare`). The files are
    ``labs/<name>/<name>.ipynb`` for Vietnamese and ``en/labs/<name>/<name>.en.ipynb`` for English,
    as the page's download button says. ``install`` maps a language to the source of a code cell
    that goes before the lab's first one (the wheel's, hooks/wheelhouse.py), in the download only: the
    page shows what ran in the build's kernel, which has gradflow.
    """
    import nbformat

    written = []
    for filename, text in sorted(downloads.items()):
        stem, _, rest = filename.partition(".")
        language = rest.removesuffix("ipynb").rstrip(".") or DEFAULT_LANGUAGE
        prefix = "" if language == DEFAULT_LANGUAGE else f"{language}/"
        folder = Path(site_dir) / f"{prefix}{LABS_FOLDER}" / stem
        if install and language in install:
            notebook = nbformat.reads(text, as_version=4)
            first = next(i for i, cell in enumerate(notebook.cells) if cell.cell_type == "code")
            cell = nbformat.v4.new_code_cell(install[language])
            cell.id = "install-gradflow"
            notebook.cells.insert(first, cell)
            text = nbformat.writes(notebook)
        if folder.is_dir():
            (folder / filename).write_text(text, encoding="utf-8")
            written.append(folder / filename)
    return written


def _metadata(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8")).get("metadata", {})
    except (OSError, ValueError):
        return {}


def make_lab_notebooks_pages() -> None:
    """Make every File of a lab notebook a documentation page, whoever creates the File.

    A patch of ``mkdocs.structure.files.File.is_documentation_page``, needed until
    ultrabug/mkdocs-static-i18n#198 is fixed: mkdocs-static-i18n creates new File objects after
    mkdocs-jupyter has wrapped notebooks as pages, and without this it copies each notebook as a
    static file under its page's URL, and the build stays green. With it, i18n pairs ``x.ipynb``
    with ``x.en.ipynb`` and gives each its language's URL, as it does for Markdown pages.
    ``tests/site/test_labs_site.py`` fails if a lab page is not a rendered notebook.
    """
    from mkdocs.structure.files import File

    if getattr(File.is_documentation_page, "_gradflow_labs", False):
        return
    original = File.is_documentation_page

    def is_documentation_page(self) -> bool:
        return original(self) or is_lab_notebook(self.src_uri)

    is_documentation_page._gradflow_labs = True
    File.is_documentation_page = is_documentation_page


def use_book_template() -> None:
    """Point mkdocs-jupyter at the book's notebook template (``overrides/nbconvert``).

    mkdocs-jupyter 0.26.3 reads its templates from ``mkdocs_jupyter.config.settings.templates_dir``
    and offers no option for another folder (danielfrg/mkdocs-jupyter#178 asks for one), so this
    sets that attribute. If an upgrade renames
    it, this raises at once; if it stops being read, ``tests/site/test_labs_site.py`` fails, since
    a lab page then carries JupyterLab's CSS instead of the book's markup.
    """
    from mkdocs_jupyter.config import settings

    if not hasattr(settings, "templates_dir"):
        raise RuntimeError("mkdocs_jupyter.config.settings has no templates_dir: the book's notebook template "
                           "cannot be set (see hooks/labs.py, use_book_template)")
    settings.templates_dir = str(TEMPLATES)


def tidy(html: str) -> str:
    """Drop the JupyterLab stylesheets mkdocs-jupyter appends to a ``.ipynb`` page: the book's own
    styles cover the notebook."""
    return re.sub(r"\s*<style>.*</style>\s*$", "\n", html, flags=re.S)


def saved_name(notebook_file: str, language: str) -> str:
    """The name a downloaded lab is saved under: its language in it, so that both can sit side by
    side ("rnn.ipynb" is saved as "rnn.vi.ipynb", "rnn.en.ipynb" as itself)."""
    stem = notebook_file.removesuffix(".ipynb").removesuffix(f".{language}")
    return f"{stem}.{language}.ipynb"


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
        f'<a class="md-button md-button--primary" href="{escape(notebook_file)}" '
        f'download="{escape(saved_name(notebook_file, page_language))}">{download}</a> '
        f"{links}</p>"
    )


MARKDOWN_CODE = re.compile(r'<div class="highlight"><pre><span></span>(?!<code>)(.*?)</pre></div>', re.S)


def decorate(html: str, page, files, chapters_of: dict) -> str:
    """A lab page's HTML as the book shows it: the download button and the chapter links under its
    title, Material's heading anchors and code markup, and no JupyterLab stylesheet.

    ``chapters_of`` maps each lab's name to the ``chapters`` of its `lab_metadata` (from `prepare`).
    """
    name = Path(page.file.src_uri).name.split(".")[0]
    language = getattr(page.file, "locale", None) or DEFAULT_LANGUAGE
    chapters = []
    for chapter in chapters_of[name]:
        target = files.get_file_from_path(chapter["page"])
        if target is None:
            log.warning("lab docs/labs/%s.py names a chapter that does not exist: %s", name, chapter["page"])
            continue
        chapters.append((target.url_relative_to(page.file), chapter[language]))
    bar = lab_bar(language, Path(page.file.src_uri).name, chapters)
    html = tidy(html)
    # nbconvert's heading anchors, as Material's (shown on hover only).
    html = html.replace('class="anchor-link"', 'class="headerlink"')
    # nbconvert's code blocks in Markdown cells lack the <code> Material styles and copies.
    html = MARKDOWN_CODE.sub(r'<div class="highlight"><pre><span></span><code>\1</code></pre></div>', html)
    head, found, rest = html.partition("</h1>")
    return head + found + bar + rest if found else bar + html


def execute(notebook, *, kernel_name: str = "python3", cwd: Path | None = None, timeout: int = 120):
    """Run ``notebook`` top to bottom in a fresh kernel (nbclient); return it with its outputs.

    A failing cell raises ``nbclient.exceptions.CellExecutionError``, which names the cell.
    """
    from nbclient import NotebookClient

    import asyncio

    resources = {"metadata": {"path": str(cwd)}} if cwd else {}
    client = NotebookClient(notebook, kernel_name=kernel_name, timeout=timeout, resources=resources,
                            record_timing=False, extra_arguments=["--IPKernelApp.log_level=ERROR"])
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
