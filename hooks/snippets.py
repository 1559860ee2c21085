"""Run the code a page includes, and put what it printed in the page.

An executed block of a page holds a single include of a snippet file (a test checks it)::

    ```pycon exec="on"                           a console session (a doctest): the page shows
    --8<-- "snippets/activations/relu.pycon"     each line with what it really printed
    ```

    ```python exec="on" html="1"                 a figure script: the page shows its HTML (an
    --8<-- "snippets/activations/fig_relu.py"    inline SVG figure)
    ```

    ```python exec="on"                          a script that prints Markdown (a table)
    ```python exec="on" source="above" result="text"    the code, then what it printed

The blocks are run here, in the build's process, once per page language (the figure labels
depend on it). What a block prints is kept in the build's store under a key of its code, its
language and the gradflow modules it imports (`gradflow.book.cache.code_fingerprint`), so a
rebuild runs only the blocks whose code or gradflow changed. A block that fails, warns, or
prints something other than what its ``.pycon`` file expects is reported with the snippet's
path and the page's, and never cached; the strict build then fails.

A figure's HTML is put in the page after the Markdown is converted (`fill`), so that the
Markdown parser never has to walk its SVG.
"""

from __future__ import annotations

import contextlib
import io
import logging
import re
import time
import traceback
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from console import run_console

log = logging.getLogger("mkdocs.hooks.gradflow.snippets")

# ```python exec="on" html="1"      <- fence header, then a single include line
# --8<-- "snippets/activations/fig_sigmoid.py"
EXEC_INCLUDE = re.compile(
    r'^(?P<indent>[ \t]*)(?P<fence>`{3,})(?P<lang>\w+)(?P<opts>[^\n]*\bexec="(?:on|1|true)"[^\n]*)\n'
    r'(?P=indent)--8<-- "(?P<path>[^"]+)"\n(?P=indent)(?P=fence)[ \t]*$',
    re.M,
)
OPTION = re.compile(r'(\w+)="([^"]*)"')


@dataclass
class Output:
    """What a block gave: the text for the page, and what went wrong (nothing, if it worked)."""

    text: str
    problems: list = field(default_factory=list)


def run_script(code: str, path: str) -> Output:
    """Run a snippet script in a fresh namespace, every warning an error; return what it printed."""
    out = io.StringIO()
    try:
        with warnings.catch_warnings(), contextlib.redirect_stdout(out):
            warnings.simplefilter("error")
            exec(compile(code, path, "exec"), {"__name__": "__main__", "__file__": path})  # noqa: S102
    except Exception as error:  # the page shows the error; the build reports it
        trace = traceback.format_exception(type(error), error, error.__traceback__)
        shown = "".join(line for line in trace if "hooks/snippets.py" not in line)
        return Output(f"```text\n{shown}```\n", [f"raised {type(error).__name__}: {error}\n{shown}"])
    return Output(out.getvalue())


def run_console_snippet(code: str, path: str) -> Output:
    """Run a ``.pycon`` snippet as the Python prompt would; every warning an error."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        transcript = run_console(code, path)
    return Output(transcript.text, transcript.problems)


class Snippets:
    """The executed blocks of the pages, run through the build's store.

    ``store`` is a `gradflow.book.cache.Store` or None; ``state`` a `BuildState`, which counts
    the blocks and their times.
    """

    def __init__(self, docs_dir: Path, state):
        self.docs_dir = Path(docs_dir)
        self.state = state
        self.figures = {}  # placeholder -> HTML, for the page being built

    def run(self, kind: str, code: str, path: str, language: str) -> Output:
        from gradflow.book import cache

        runner = run_console_snippet if kind == "pycon" else run_script
        key = block_key(kind, code, language)
        store = self.state.store
        started = time.perf_counter()
        cached = store.get("blocks", key) if store is not None else cache.MISSING
        if cached is not cache.MISSING:
            self.state.blocks_cached += 1
            return Output(cached)
        output = runner(code, path)
        self.state.blocks_run += 1
        self.state.block_times.append((time.perf_counter() - started, f"{path} [{language}]"))
        if store is not None and not output.problems:
            store.put("blocks", key, output.text)  # only what worked is kept
        return output

    def render(self, markdown: str, page_path: str, language: str) -> tuple[str, int]:
        """The page's Markdown with every executed block replaced by what it gave, and how many there were."""
        self.figures = {}
        return EXEC_INCLUDE.subn(lambda match: self._replace(match, page_path, language), markdown)

    def _replace(self, match: re.Match, page_path: str, language: str) -> str:
        indent, fence, kind = match["indent"], match["fence"], match["lang"]
        options = dict(OPTION.findall(match["opts"]))
        snippet = self.docs_dir / match["path"]
        shown_path = self.state.relative(snippet)
        if not snippet.is_file():
            log.warning("docs/%s includes a missing snippet file: %s", page_path, shown_path)
            return match[0]
        code = snippet.read_text(encoding="utf-8")
        output = self.run(kind, code, shown_path, language)
        for problem in output.problems:
            log.warning("snippet %s (in page docs/%s) failed: %s", shown_path, page_path, problem)
        if kind == "pycon":
            return _fence(indent, fence, "pycon", output.text)
        if options.get("html") in ("1", "true", "on"):
            placeholder = f"gf-exec-{len(self.figures)}"
            self.figures[placeholder] = output.text
            return f'{indent}<div class="{placeholder}"></div>'
        if options.get("source") == "above":
            shown = _fence(indent, fence, "python", code.rstrip("\n"))
            return f"{shown}\n\n" + _fence(indent, fence, options.get("result", "text"), output.text.rstrip("\n"))
        return "\n".join(indent + line if line else line for line in output.text.rstrip("\n").split("\n"))

    def fill(self, html: str) -> str:
        """The page's HTML with each figure's placeholder replaced by the figure."""
        for placeholder, figure in self.figures.items():
            html = html.replace(f'<div class="{placeholder}"></div>', figure, 1)
        self.figures = {}
        return html


def block_key(kind: str, code: str, language: str) -> str:
    """The store's key of what a block (``kind`` "pycon" or "python") prints on a page in ``language``."""
    from gradflow.book import cache

    return cache.key("blocks", kind, code, language, cache.code_fingerprint(_python_of(kind, code)))


def _python_of(kind: str, code: str) -> str:
    """The Python a block runs: a console session's statements, or the whole script."""
    if kind != "pycon":
        return code
    import doctest

    return "".join(example.source for example in doctest.DocTestParser().get_examples(code))


def _fence(indent: str, fence: str, language: str, body: str) -> str:
    body = "\n".join(indent + line if line else line for line in body.split("\n"))
    return f"{indent}{fence}{language}\n{body}\n{indent}{fence}"
