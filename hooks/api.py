"""The API reference, rendered once from gradflow's docstrings and kept until they change.

The reference itself, the ``::: gradflow.<module>`` blocks that mkdocstrings renders, lives in
``docs/snippets/reference/<part>.md``, one file for each of its pages (layers, recurrent,
training; ``reference/api.md`` lists them). Each language's page is its own introduction
followed by one include of that file. Its docstrings are in English in both languages, so its rendering is
the same for both: it is rendered once, by the first language that needs it, and kept in the
build's store under a key of the included file, gradflow's code and docstrings, and the versions
of the tools that render it. A page whose key is in the store includes a placeholder instead,
which `fill` replaces with the kept HTML once the page is converted, and the page's table of
contents gets the kept headings. What is kept is the rendering after mkdocs-autorefs has
resolved its cross-references (in ``on_env``, `keep`), so a kept page links as a fresh one does.
Only MkDocs' own events are used.
"""

from __future__ import annotations

import re
from pathlib import Path

INCLUDE = re.compile(r'^--8<-- "(?P<path>snippets/reference/[a-z]+\.md)"[ \t]*$', re.M)
START, END = '<div class="gf-api-start"></div>', '<div class="gf-api-end"></div>'
PLACEHOLDER = '<div class="gf-api"></div>'


class Reference:
    """The API reference of one build; ``state`` is the build's `BuildState`."""

    def __init__(self, docs_dir: Path, state, options: dict):
        self.docs_dir = Path(docs_dir)
        self.state = state
        self.options = options  # mkdocstrings' configuration: it changes the rendering
        self.pending = {}  # page source -> (key, cached (html, toc) or None)

    def _key(self, text: str) -> str:
        from importlib.metadata import version

        from gradflow.book import cache

        tools = [f"{name} {version(name)}" for name in ("mkdocstrings", "mkdocstrings-python", "griffelib",
                                                         "Markdown", "pymdown-extensions")]
        import inspect

        library = [f"gradflow.{path.stem}" for path in sorted(cache.PACKAGE.glob("*.py"))]
        return cache.key("api", text, cache.documented_fingerprint(library), tools, repr(self.options),
                         inspect.getsource(Reference))  # how it is kept is part of what is kept

    def prepare(self, markdown: str, page) -> str:
        """The page's Markdown, with the reference either marked for keeping or replaced by a placeholder."""
        match = INCLUDE.search(markdown)
        if match is None:
            return markdown
        from gradflow.book import cache

        key = self._key((self.docs_dir / match["path"]).read_text(encoding="utf-8"))
        kept = self.state.store.get("api", key) if self.state.store is not None else cache.MISSING
        if kept is cache.MISSING:
            self.pending[page.file.src_uri] = (key, None)
            return markdown[:match.start()] + f"{START}\n\n{match[0]}\n\n{END}" + markdown[match.end():]
        self.pending[page.file.src_uri] = (key, kept)
        return markdown[:match.start()] + PLACEHOLDER + markdown[match.end():]

    def fill(self, html: str, page) -> str:
        """The page's HTML with the kept reference in place of its placeholder (a fresh one stays marked)."""
        key, kept = self.pending.get(page.file.src_uri, (None, None))
        if key is None or kept is None:
            return html
        del self.pending[page.file.src_uri]
        body, headings = kept
        if page.toc.items:
            page.toc.items[0].children = headings
        if page.present_anchor_ids is not None:  # so that MkDocs validates links into the kept part
            page.present_anchor_ids |= set(re.findall(r'\sid="([^"]+)"', body))
        return html.replace(PLACEHOLDER, body, 1)

    def keep(self, files) -> None:
        """Once cross-references are resolved: keep each fresh rendering, and drop its markers."""
        for file in files:
            page = file.page
            if page is None or page.content is None or page.file.src_uri not in self.pending:
                continue
            key, _ = self.pending.pop(page.file.src_uri)
            html = page.content
            start, end = html.index(START), html.index(END)
            body = html[start + len(START):end]
            title = page.toc.items[0] if page.toc.items else None
            if self.state.store is not None:
                self.state.store.put("api", key, (body, list(title.children) if title else []))
            page.content = html[:start] + body + html[end + len(END):]
