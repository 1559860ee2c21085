"""Cache the API reference's rendering between builds (mkdocstrings renders it for each language).

mkdocstrings-python renders each ``::: gradflow.<module>`` block from gradflow's source with its
templates; it is most of a rebuild's time once the code blocks are cached. The rendered HTML,
and the headings it registers for the table of contents and for autorefs, are kept on disk,
keyed on the object, the rendering options, the locale, gradflow's source and the versions of
mkdocstrings and its Python handler. Anchors are still registered on every build, from the
replayed headings, so links to the API resolve as before.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path


def _resolve_aliases(obj, seen=None) -> None:
    """Resolve the imported names under ``obj``, as rendering does: each then counts as an alias of
    its target in the objects inventory."""
    seen = set() if seen is None else seen
    if id(obj) in seen:
        return
    seen.add(id(obj))
    for member in list(getattr(obj, "members", {}).values()):
        if getattr(member, "is_alias", False):
            try:
                member.final_target  # noqa: B018  (resolving registers the alias on its target)
            except Exception:  # an unresolvable import stays unresolved, as in a normal render
                continue
        elif getattr(member, "is_class", False) or getattr(member, "is_module", False):
            _resolve_aliases(member, seen)


def install(folder: Path | None, fingerprint: str) -> None:
    from importlib.metadata import version
    from xml.etree.ElementTree import fromstring, tostring

    from mkdocstrings_handlers.python._internal.handler import PythonHandler

    original = getattr(PythonHandler.render, "_gradflow_original", PythonHandler.render)
    if folder is None:
        PythonHandler.render = original
        return
    versions = f"mkdocstrings {version('mkdocstrings')}; python handler {version('mkdocstrings-python')}"

    def render(self, data, options, locale=None):
        key = hashlib.sha256(repr((fingerprint, versions, data.path, repr(options), locale)).encode()).hexdigest()
        path = Path(folder) / f"{key}.json"
        if path.is_file():
            html, headings = json.loads(path.read_text(encoding="utf-8"))
            self._headings.extend(fromstring(heading) for heading in headings)
            _resolve_aliases(data)
            return html
        start = len(self._headings)
        html = original(self, data, options, locale=locale)
        headings = [tostring(heading, encoding="unicode") for heading in self._headings[start:]]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps([str(html), headings]), encoding="utf-8")
        return html

    render._gradflow_original = original
    PythonHandler.render = render
