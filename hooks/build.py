"""The book's MkDocs events. Each one hands its work to the module of that concern:

- ``snippets.py`` runs the code blocks of a page (``console.py`` its console sessions);
- ``values.py`` writes the numbers of a page's prose in, from its chapter's ``facts()``;
- ``numbering.py`` numbers a page's figures and writes the references to them in;
- ``labs.py`` executes the labs and shapes their pages;
- ``api.py`` renders the API reference once and keeps it;
- ``search.py`` keeps figures, code and formulas out of the search index, folds Vietnamese
  diacritics and writes one index per language;
- ``tables.py`` labels the cells of lookup tables with their column, for a phone;
- ``fonts.py`` cuts the site's text and code fonts to the characters its pages use;
- ``wheelhouse.py`` builds gradflow's wheel, which the site serves for the labs' first cell;
- ``formulas.py`` typesets every formula with KaTeX at build time, so pages carry no KaTeX script;
- ``state.py`` holds what one build knows (its store, counts and timings);
- ``logs.py`` quiets one warning that does not apply and flags experiments a page computed.

mkdocs-static-i18n builds every language in one process: it runs the whole build again for
English from within the Vietnamese build's ``on_post_build``. So ``on_pre_build`` and
``on_post_build`` run once per language; the work of a whole build (the experiments, the labs,
the final report) is done in the first and the last of them.
"""

from __future__ import annotations

import hashlib
import logging
import os
import sys
from pathlib import Path

import api
import fonts
import formulas
import glossary
import labs
import logs
import numbering
import search
import snippets
import tables
import values
import wheelhouse
from mkdocs.exceptions import PluginError
from mkdocs.plugins import CombinedEvent, event_priority
from state import BuildState

log = logging.getLogger("mkdocs.hooks.gradflow")
STATE = BuildState()
_parts: dict = {}  # this configuration's Snippets, Reference and the experiment log handler
TYPESETTER = formulas.Typesetter()


def on_config(config):
    from gradflow.book import cache

    STATE.project = Path(config["config_file_path"]).parent
    os.environ.setdefault(cache.ENV_VAR, str(STATE.project / ".cache"))
    STATE.store = cache.store()
    labs.make_lab_notebooks_pages()
    labs.use_book_template()
    docs = Path(config["docs_dir"])
    _parts.update(snippets=snippets.Snippets(docs, STATE), computed=logs.install(),
                  api=api.Reference(docs, STATE, dict(config["plugins"]["mkdocstrings"].config)))
    return config


def on_pre_build(config):
    i18n = config["plugins"].get("i18n")
    first = not getattr(i18n, "building", False)  # the first language of this build
    if first:
        STATE.start()
        _reload_gradflow_if_changed()
        _run_experiments()
        _prepare_labs(Path(config["docs_dir"]))
    # mkdocs-jupyter renders each executed lab once and keeps it; one folder per language, since it
    # forgets (evicts) whatever a build did not use, and each language builds only its own labs.
    # Copies of the project may share a store: each project, and each language, gets a folder of its own.
    jupyter = config["plugins"].get("mkdocs-jupyter")
    if jupyter is not None:
        jupyter.config["cache"] = STATE.store is not None
        if STATE.store is not None:
            project = hashlib.sha256(str(STATE.project.resolve()).encode()).hexdigest()[:12]
            folder = STATE.store.folder / "mkdocs-jupyter" / project / config["theme"]["language"]
            jupyter.config["cache_dir"] = str(folder)


def _reload_gradflow_if_changed():
    """Under ``mkdocs serve``, edits to src/gradflow must be seen: drop its modules if a file changed."""
    from gradflow.book import cache

    source = tuple((p.relative_to(cache.PACKAGE).as_posix(), p.stat().st_mtime_ns, p.stat().st_size)
                   for p in sorted(cache.PACKAGE.rglob("*.py")))
    if STATE.loaded_source and source != STATE.loaded_source:
        for name in [m for m in sys.modules if m == "gradflow" or m.startswith("gradflow.")]:
            del sys.modules[name]
        _parts["computed"] = logs.install()
    STATE.loaded_source = source


def _run_experiments():
    from gradflow.book import cache

    try:
        cache.run_all(report=lambda line: log.info(line))
    except RuntimeError as error:
        raise PluginError(str(error)) from None


def _prepare_labs(docs_dir: Path):
    try:
        result = labs.prepare(docs_dir, STATE.store, report=lambda line: log.info(line))
    except labs.LabError as error:
        raise PluginError(str(error)) from None
    STATE.lab_downloads, STATE.lab_chapters = result["downloads"], result["chapters"]
    STATE.lab_times += [(seconds, f"{name} (lab)") for seconds, name in result["executed"]]
    STATE.labs_executed += [name for _, name in result["executed"]]
    for problem in result["failed"]:
        log.warning(problem)
    for notebook in result["written"]:
        log.info("gradflow: wrote %s", STATE.relative(notebook))


@event_priority(-60)  # after mkdocs-autorefs (-50) has resolved the pages' cross-references
def on_env(env, config, files):
    """Keep a fresh API reference as it will be shown; keep the theme's compiled templates between
    builds (Jinja checks each template's source)."""
    import jinja2

    _parts["api"].keep(files)
    if STATE.store is not None and env.bytecode_cache is None:
        folder = STATE.store.folder / "jinja" / jinja2.__version__
        folder.mkdir(parents=True, exist_ok=True)
        env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(folder))
    return env


def on_page_markdown(markdown, page, config, files):
    import time

    from gradflow.book import language
    from gradflow.book.glossary import TERMS

    lang = getattr(page.file, "locale", None) or config["theme"]["language"]
    language.set_language(lang if lang in language.LANGUAGES else language.LANGUAGES[0])
    _parts["computed"].page = page.file.src_uri
    started = time.perf_counter()
    markdown, problems = numbering.number(markdown, lang if lang in numbering.WORDS else "vi")
    markdown, more = values.render(markdown, page.file.src_uri)
    markdown, _ = glossary.link_first_uses(markdown, lang if lang in glossary.REFERENCES else "vi",
                                           page.file.src_uri, TERMS)
    for problem in problems + more:
        log.warning("docs/%s: %s", page.file.src_uri, problem)
    markdown, blocks = _parts["snippets"].render(markdown, page.file.src_uri, lang)
    if blocks:
        STATE.page_times.append((time.perf_counter() - started, f"{page.file.src_uri} [{lang}]"))
    return _parts["api"].prepare(markdown, page)


def on_page_content(html, page, config, files):
    _parts["computed"].page = None
    if labs.is_lab_notebook(page.file.src_uri):
        return labs.decorate(html, page, files, STATE.lab_chapters)
    return tables.label_lookup_tables(_parts["api"].fill(_parts["snippets"].fill(html), page))


@event_priority(100)  # before Material's search plugin reads the page
def _hide_figures_from_search(context, page, config, nav):
    search.hide_figures(page)
    return context


@event_priority(-100)  # after it, before the page is written
def _show_figures_again(context, page, config, nav):
    search.show_figures(page)
    return context


on_page_context = CombinedEvent(_hide_figures_from_search, _show_figures_again)


def on_post_page(output, page, config):
    try:
        output, count = TYPESETTER.page(output)
    except formulas.FormulaError as error:
        raise PluginError(f"docs/{page.file.src_uri}: KaTeX cannot typeset the formula {error}") from None
    STATE.formulas += count
    return output


@event_priority(-110)  # after mkdocs-static-i18n (-100) has built the other languages and merged the indexes
def on_post_build(config):
    i18n = config["plugins"].get("i18n")
    if getattr(i18n, "building", False):
        return  # an inner language build: the outer one finishes the work
    site = Path(config["site_dir"])
    search.write_search_indexes(site)
    fonts.write(site)
    try:
        served = wheelhouse.write(site, STATE.project, STATE.store)
    except wheelhouse.WheelError as error:
        raise PluginError(str(error)) from None
    url = config["site_url"].rstrip("/") + f"/{wheelhouse.FOLDER}/{served.name}"
    labs.write_downloads(site, STATE.lab_downloads,
                         install={language: wheelhouse.install_cell(language, url) for language in wheelhouse.INSTALL})
    STATE.report()
