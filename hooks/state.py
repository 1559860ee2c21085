"""The one state of a build: where its results are kept, what ran, and how long it took.

Everything the build caches (the book's experiments, what the code blocks print, the executed
labs, the API reference) goes into one `gradflow.book.cache.Store`, under one key recipe,
`gradflow.book.cache.key`; `gradflow.book.cache.store` says where (``.cache/`` of the project
unless ``GRADFLOW_CACHE`` says otherwise).
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from pathlib import Path

log = logging.getLogger("mkdocs.hooks.gradflow")


@dataclass
class BuildState:
    """What one ``mkdocs build`` (both languages) or one rebuild under ``mkdocs serve`` knows."""

    project: Path | None = None
    store: object = None  # a gradflow.book.cache.Store, or None when GRADFLOW_CACHE=off
    started: float | None = None
    loaded_source: tuple = ()  # the gradflow files (name, mtime, size) the loaded modules came from
    blocks_run: int = 0
    blocks_cached: int = 0
    formulas: int = 0  # typeset at build time (hooks/formulas.py)
    block_times: list = field(default_factory=list)  # (seconds, "docs/snippets/... [vi]")
    page_times: list = field(default_factory=list)  # (seconds, "page.md [vi]")
    lab_times: list = field(default_factory=list)  # (seconds, "docs/labs/x.ipynb [vi]")
    labs_executed: list = field(default_factory=list)
    lab_downloads: dict = field(default_factory=dict)  # notebook file name -> the notebook without outputs
    lab_chapters: dict = field(default_factory=dict)  # lab name -> the chapters it belongs to

    def start(self) -> None:
        """Called before the first language of a build: reset the counts and the clock."""
        self.started = time.perf_counter()
        self.blocks_run = self.blocks_cached = self.formulas = 0
        self.block_times, self.page_times, self.lab_times, self.labs_executed = [], [], [], []

    def relative(self, path) -> str:
        """``path`` inside the project (``docs/snippets/...``), never absolute."""
        path = Path(path)
        try:
            return path.resolve().relative_to(self.project.resolve()).as_posix()
        except ValueError:
            return path.as_posix()

    def report(self) -> None:
        """The build's timings: each page's code and each lab, slowest first, then the slowest blocks."""
        log.info("gradflow: %d code blocks run, %d taken from the cache; %d labs executed",
                 self.blocks_run, self.blocks_cached, len(self.labs_executed))
        log.info("gradflow: %d formulas typeset by KaTeX", self.formulas)
        total = time.perf_counter() - self.started if self.started else float("nan")
        log.info("gradflow: build took %.1f s; pages and labs by the time their code took:", total)
        for seconds, name in sorted(self.page_times + self.lab_times, reverse=True):
            if seconds >= 0.05:
                log.info("gradflow:   %6.2f s  %s", seconds, name)
        for seconds, name in sorted(self.block_times, reverse=True)[:10]:
            log.info("gradflow:   slowest block %6.2f s  %s", seconds, name)
