"""The build's log: one warning of mkdocs-static-i18n that does not apply here, and experiments that
a page computed itself."""

from __future__ import annotations

import logging

log = logging.getLogger("mkdocs.hooks.gradflow")


class DropInstantNavWarning(logging.Filter):
    """mkdocs-static-i18n warns that navigation.instant and its contextual language links clash.

    Material's own language selector keeps the reader on the same page under instant
    navigation (it looks the page up in the other language's sitemap), and the browser
    tests check that it does, so this warning is not a fault of this site.
    """

    def filter(self, record):
        return "not compatible with theme.features = navigation.instant" not in record.getMessage()


class ComputedDuringPage(logging.Handler):
    """Turn "computed <experiment>" from gradflow.book while a page is built into a warning.

    Every experiment a page uses is computed before the pages (`gradflow.book.cache.run_all`),
    so a page that computes one calls it with arguments its ``runs`` do not declare.
    """

    def __init__(self):
        super().__init__(logging.INFO)
        self.page = None  # the page being built, if any

    def emit(self, record):
        if self.page is not None and record.getMessage().startswith("computed "):
            log.warning("page docs/%s %s during the build: its experiment's runs= do not list this call, "
                        "so it was not computed before the pages", self.page, record.getMessage())


def install() -> ComputedDuringPage:
    """Attach the filter and the handler once per process; return the handler."""
    i18n = logging.getLogger("mkdocs.plugins.mkdocs_static_i18n.reconfigure")
    if not any(isinstance(f, DropInstantNavWarning) for f in i18n.filters):
        i18n.addFilter(DropInstantNavWarning())
    book = logging.getLogger("gradflow.book")
    book.setLevel(logging.INFO)
    for handler in book.handlers:
        if isinstance(handler, ComputedDuringPage):
            return handler
    handler = ComputedDuringPage()
    book.addHandler(handler)
    return handler
