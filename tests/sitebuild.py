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


def copy_project(dest: Path) -> Path:
    """Copy what a build needs into ``dest`` (no .venv, no site, no git)."""
    for name in PROJECT_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, dest / name)
    return dest


def pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if p.name != "404.html")
