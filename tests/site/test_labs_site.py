"""The labs once built: rendered notebook pages in both languages, their downloads, their links, and
each download run top to bottom in a fresh kernel of a reader's environment (issue #5)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import nbformat
import pytest

import labkernel
import labs
from project import DOCS

NAMES = [source.stem for source in labs.lab_sources(DOCS)]
CASES = [(name, language) for name in NAMES for language in labs.LANGUAGES]


def lab_page(site: Path, name: str, language: str) -> Path:
    prefix = "" if language == labs.DEFAULT_LANGUAGE else f"{language}/"
    return site / f"{prefix}{labs.LABS_FOLDER}/{name}/index.html"


def case_id(case):
    return f"{case[0]}-{case[1]}"


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_a_lab_page_is_a_rendered_notebook_with_its_outputs(site, case):
    name, language = case
    page = lab_page(site, name, language)
    html = page.read_text(encoding="utf-8")
    notebook = labs.notebook_for(DOCS / labs.LABS_FOLDER / f"{name}.py", language)
    code_cells = [c for c in notebook.cells if c.cell_type == "code"]

    assert f'<html lang="{language}"' in html
    assert html.count('<div class="gf-nb-cell gf-nb-code">') == len(code_cells), "every code cell rendered"
    assert '<div class="gf-notebook">' in html and "# %%" not in html and '"cell_type"' not in html, \
        "a rendered notebook, not its source"
    body = html[html.index('<div class="gf-notebook">'):]
    assert body.count("gf-nb-outputs") >= len(code_cells) // 2, "executed: the cells show their outputs"
    # One SVG named by its alt text, or a row of panels named once (gradflow.plotting); nbconvert
    # writes the attributes in its own order.
    outputs = re.findall(r'<div class="gf-nb-output gf-nb-html">\s*<div ([^>]*)>(?:<svg ([^>]*)>)?', body)
    figures = [div if "gf-panels" in div else svg for div, svg in outputs if "gf-figure" in div]
    assert len(figures) >= 2, "the figures are there"
    for attributes in figures:
        assert 'role="img"' in attributes and re.search(r'aria-label="[^"]{20,}"', attributes), \
            "each figure with a text alternative"
    assert "gf-nb-stderr" not in body and "Traceback" not in body
    # A lab page carries no notebook CSS of its own, and weighs what its figures weigh.
    assert "jp-" not in html and "<style" not in body
    assert len(html.encode()) < 400_000, f"{page} weighs {len(html.encode()) // 1024} KB"


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_a_lab_page_offers_its_notebook_and_links_back_to_its_chapters(site, case):
    name, language = case
    page = lab_page(site, name, language)
    html = page.read_text(encoding="utf-8")
    source = DOCS / labs.LABS_FOLDER / f"{name}.py"
    filename = labs.notebook_name(source, language)

    saved = f"{name}.{language}.ipynb"  # both languages' downloads can sit side by side
    assert re.search(rf'<a class="md-button md-button--primary" href="{re.escape(filename)}" '
                     rf'download="{re.escape(saved)}">', html)
    title = {"vi": "Thí nghiệm: ", "en": "Lab: "}[language]
    assert re.search(rf"<title>{title}[^<]+</title>", html), "the browser's tab says it is a lab"
    download = page.parent / filename
    notebook = nbformat.read(download, as_version=4)
    nbformat.validate(notebook)
    first = next(i for i, cell in enumerate(notebook.cells) if cell.cell_type == "code")
    assert notebook.cells[first].id == "install-gradflow", "the download's first code cell installs gradflow"
    del notebook.cells[first]
    assert notebook == labs.notebook_for(source, language), "the rest of the download is the lab in its language"
    assert all(not cell.get("outputs") for cell in notebook.cells if cell.cell_type == "code")

    chapters = labs.lab_metadata(source)["chapters"]
    links = re.findall(r'<a class="md-button" href="([^"]+)">', html)
    assert len(links) == len(chapters)
    for link, chapter in zip(links, chapters):
        target = (page.parent / link / "index.html").resolve()
        assert target.is_file(), f"{link} does not resolve"
        assert f'<html lang="{language}"' in target.read_text(encoding="utf-8"), "the chapter in the same language"
        assert chapter[language] in html


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_every_chapter_of_a_lab_links_to_it(site, case):
    name, language = case
    prefix = "" if language == labs.DEFAULT_LANGUAGE else f"{language}/"
    for chapter in labs.lab_metadata(DOCS / labs.LABS_FOLDER / f"{name}.py")["chapters"]:
        page = site / prefix / Path(chapter["page"]).with_suffix("") / "index.html"
        links = re.findall(r'href="([^"#]*labs/[^"#]*)"', page.read_text(encoding="utf-8"))
        targets = {(page.parent / link).resolve() for link in links}
        assert lab_page(site, name, language).parent.resolve() in targets, f"{chapter['page']} does not link to its lab"


def test_the_lab_kernel_has_gradflow_but_not_the_book_toolchain(lab_kernel):
    probe = ("import importlib.util as u; "
             "print([m for m in ('gradflow', 'numpy', 'matplotlib', 'mkdocs', 'pytest', 'nbclient') if u.find_spec(m)])")
    found = subprocess.run([lab_kernel, "-I", "-c", probe], capture_output=True, text=True, check=True).stdout
    assert found.strip() == "['gradflow', 'numpy', 'matplotlib']"


def code_outputs(notebook) -> list:
    return [(cell.source, cell.outputs) for cell in notebook.cells if cell.cell_type == "code"]


@pytest.mark.parametrize("name", NAMES)
def test_a_downloaded_lab_runs_in_a_fresh_kernel_and_shows_its_pages_outputs(site, clone, second_build, name):
    """Both languages of a lab, run in a reader's environment, show every output of the lab's page.

    The clone's build (conftest.py) executes every lab in a fresh kernel of the lab environment
    (labkernel.py: gradflow[plot] and ipykernel, nothing of the book's toolchain), each from an
    empty working folder that must stay empty, and fails on a warning. Here: what a reader
    downloads is, cell for cell, what that kernel ran, and every output, figures included, is the
    one the checkout's build executed and rendered on the lab's page (``docs/labs/<name>[.en].ipynb``).
    """
    _, result = second_build
    assert f"in kernel {labkernel.KERNEL}" in result.stderr, "the clone's labs run in the lab environment's kernel"
    source = DOCS / labs.LABS_FOLDER / f"{name}.py"
    for language in labs.LANGUAGES:
        notebook_name = labs.notebook_name(source, language)
        download = nbformat.read(lab_page(site, name, language).parent / notebook_name, as_version=4)
        ran = nbformat.read(clone / "docs" / labs.LABS_FOLDER / notebook_name, as_version=4)
        first = next(i for i, c in enumerate(download.cells) if c.cell_type == "code")
        assert download.cells[first].id == "install-gradflow", f"{language}: the download installs gradflow first"
        cells = download.cells[:first] + download.cells[first + 1:]
        assert [(c.cell_type, c.source) for c in cells] == [(c.cell_type, c.source) for c in ran.cells], \
            f"{language}: but for its first cell, the download holds the cells the lab kernel ran"
        assert download.metadata.kernelspec == ran.metadata.kernelspec
        outputs = [o for c in ran.cells if c.cell_type == "code" for o in c.outputs]
        figures = [o for o in outputs if "<svg" in o.get("data", {}).get("text/html", "")]
        assert len(figures) >= 2, language
        built = nbformat.read(DOCS / labs.LABS_FOLDER / notebook_name, as_version=4)
        for (code, got), (_, shown) in zip(code_outputs(ran), code_outputs(built), strict=True):
            assert got == shown, f"{language}: the cell starting {code[:60]!r} shows other outputs than its page"

def test_a_downloaded_lab_installs_gradflow_with_its_first_cell_in_a_python_that_has_nothing_and_runs_to_the_end(
        site, tmp_path):
    """Issue #13, acceptance 3: a reader with nothing but Python downloads a lab and runs it.

    The site is served on this machine; the download's first cell, which installs gradflow from
    the site's own wheel (hooks/wheelhouse.py), is pointed at that server instead of the build's
    ``site_url``. Every code cell then runs, in order, as one script of a new virtual environment
    that has only pip (the cells are plain Python: no IPython magic), in an empty folder. numpy and
    matplotlib come from the package index, as they would for the reader.
    """
    import functools
    import http.server
    import json
    import os
    import socketserver
    import sys
    import threading
    from urllib.parse import urlparse

    wheels = sorted((site / "downloads").glob("gradflow-*-py3-none-any.whl"))
    assert len(wheels) == 1, "the site serves one wheel of gradflow"
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    handler.log_message = lambda *args: None
    with socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler) as server:
        threading.Thread(target=server.serve_forever, daemon=True).start()
        notebook = json.loads((site / "labs" / "vanishing" / "vanishing.ipynb").read_text(encoding="utf-8"))
        code = ["".join(cell["source"]) for cell in notebook["cells"] if cell["cell_type"] == "code"]
        built = re.search(r'"gradflow\[plot\] @ (http[^"]+)"', code[0])
        assert built and built[1].endswith(f"/downloads/{wheels[0].name}"), "the first cell installs the served wheel"
        address = f"http://127.0.0.1:{server.server_address[1]}{urlparse(built[1]).path}"
        code[0] = code[0].replace(built[1], address)
        venv, work = tmp_path / "reader", tmp_path / "work"
        work.mkdir()
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        python = venv / "bin" / "python"
        found = subprocess.run([str(python), "-c", "import importlib.util as u; print(u.find_spec('gradflow'))"],
                               capture_output=True, text=True, check=True)
        assert found.stdout.strip() == "None", "the reader's Python starts without gradflow"
        script = work / "lab.py"
        script.write_text("\n\n".join(code) + "\n", encoding="utf-8")
        env = {key: value for key, value in os.environ.items() if not key.startswith(("PYTHON", "VIRTUAL_ENV"))}
        done = subprocess.run([str(python), "-W", "error", str(script)], cwd=work, capture_output=True,
                              text=True, timeout=600, env={**env, "MPLBACKEND": "agg", "PIP_DISABLE_PIP_VERSION_CHECK": "1"})
        assert done.returncode == 0, f"the lab stopped: {done.stderr[-3000:]}"
        assert "Successfully installed" not in done.stdout  # --quiet
        installed = subprocess.run([str(python), "-m", "pip", "show", "gradflow"], capture_output=True, text=True)
        assert "Version:" in installed.stdout and sorted(p.name for p in work.iterdir()) == ["lab.py"]
