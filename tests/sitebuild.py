"""Helpers to build the site (or a copy of the project) from the tests, the way `make build` does."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
SNIPPETS = DOCS / "snippets"
PROJECT_FILES = ["docs", "src", "hooks", "overrides", "mkdocs.yml", "conftest.py", "pyproject.toml"]


def build_env(src: Path = ROOT / "src") -> dict:
    env = dict(os.environ)
    env["SOURCE_DATE_EPOCH"] = env.get("SOURCE_DATE_EPOCH", "1642723200")
    env["NO_MKDOCS_2_WARNING"] = "1"
    # A copy has the same gradflow source, so it may reuse the checkout's cached experiments.
    env.setdefault("GRADFLOW_CACHE_DIR", str(ROOT / ".cache" / "experiments"))
    # The copy's own gradflow must win over the editable install of the checkout.
    env["PYTHONPATH"] = os.pathsep.join([str(src), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    return env


def mkdocs_build(project: Path, site_dir: Path) -> subprocess.CompletedProcess:
    """Run a strict build of ``project`` into ``site_dir``; return the finished process."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)],
        cwd=project, env=build_env(project / "src"), capture_output=True, text=True, timeout=900,
    )


def copy_project(dest: Path, keep_pages=("activations",)) -> Path:
    """Copy what a build needs into ``dest`` (no .venv, no site, no git).

    Only the pages named in ``keep_pages`` (and their English twins) are kept, under a bare
    home page, with a nav to match, so that a test that breaks one thing builds in seconds.
    """
    for name in PROJECT_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, dest / name)
    docs = dest / "docs"
    for page in docs.rglob("*.md"):
        stem = page.name.removesuffix(".en.md").removesuffix(".md")
        if SNIPPETS.name not in page.relative_to(docs).parts and page.parent == docs and stem in keep_pages:
            continue
        if SNIPPETS.name not in page.relative_to(docs).parts:
            page.unlink()
    (docs / "index.md").write_text("# Trang chủ\n", encoding="utf-8")
    (docs / "index.en.md").write_text("# Home\n", encoding="utf-8")
    config = (dest / "mkdocs.yml").read_text(encoding="utf-8")
    start, end = config.index("\nnav:\n"), config.index("\ntheme:\n")
    nav = "".join(f"\n  - {stem}.md" for stem in ("index", *keep_pages))
    (dest / "mkdocs.yml").write_text(config[:start] + "\nnav:" + nav + "\n" + config[end:], encoding="utf-8")
    return dest


def pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if p.name != "404.html")
