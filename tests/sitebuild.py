"""Helpers to build the site (or a copy of the project) from the tests, the way `make build` does."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
SNIPPETS = DOCS / "snippets"
PROJECT_FILES = ["docs", "src", "hooks", "overrides", "mkdocs.yml", "conftest.py", "pyproject.toml", "tests/sitebuild.py"]


def build_env(src: Path = ROOT / "src") -> dict:
    env = dict(os.environ)
    env["SOURCE_DATE_EPOCH"] = env.get("SOURCE_DATE_EPOCH", "1642723200")
    env["NO_MKDOCS_2_WARNING"] = "1"
    # A copy has the same gradflow source, so it may reuse the checkout's cached experiments.
    env.setdefault("GRADFLOW_CACHE_DIR", str(ROOT / ".cache" / "experiments"))
    # ... and what the unchanged code blocks print (a block's key holds its code and gradflow's source).
    env.setdefault("GRADFLOW_BLOCK_CACHE_DIR", str(ROOT / ".cache" / "blocks"))
    # The copy's own gradflow must win over the editable install of the checkout.
    env["PYTHONPATH"] = os.pathsep.join([str(src), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    return env


def mkdocs_build(project: Path, site_dir: Path, no_build_cache: bool = False, wait: bool = True,
                 own_caches: bool = False):
    """Run a strict build of ``project`` into ``site_dir``; return the finished process
    (or, with ``wait=False``, the running one, its output going to ``<site_dir>.log``).

    ``no_build_cache`` runs every code block and lab again rather than reusing the cached ones;
    ``own_caches`` gives the build caches of its own, in ``project/.cache``, empty at first.
    """
    env = build_env(project / "src")
    if own_caches:
        env["GRADFLOW_CACHE_DIR"] = str(project / ".cache" / "experiments")
        env["GRADFLOW_BLOCK_CACHE_DIR"] = str(project / ".cache" / "blocks")
    if no_build_cache:
        env["GRADFLOW_NO_BUILD_CACHE"] = "1"
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)]
    if not wait:
        # A file, not a pipe: nobody reads a pipe until the build is over, and a full one stalls it.
        with open(f"{site_dir}.log", "w", encoding="utf-8") as log:
            return subprocess.Popen(command, cwd=project, env=env, stdout=log, stderr=subprocess.STDOUT, text=True)
    return subprocess.run(command, cwd=project, env=env, capture_output=True, text=True, timeout=900)


def copy_whole_project(dest: Path) -> Path:
    """Copy every file a build needs into ``dest``: no .venv, caches, site or generated notebooks."""
    for name in PROJECT_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, dest / name, ignore=shutil.ignore_patterns("__pycache__", "*.ipynb"))
        else:
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest / name)
    return dest


def copy_project(dest: Path, keep_pages=("activations",), keep_labs=()) -> Path:
    """Copy what a build needs into ``dest`` (no .venv, no site, no git).

    Only the pages named in ``keep_pages`` (and their English twins) and the labs named in
    ``keep_labs`` are kept, under a bare home page, with a nav to match, so that a test that
    breaks one thing builds in seconds.
    """
    copy_whole_project(dest)
    docs = dest / "docs"
    for page in docs.rglob("*.md"):
        stem = page.name.removesuffix(".en.md").removesuffix(".md")
        if SNIPPETS.name not in page.relative_to(docs).parts and page.parent == docs and stem in keep_pages:
            continue
        if SNIPPETS.name not in page.relative_to(docs).parts:
            page.unlink()
    for lab in (docs / "labs").glob("*.py"):
        if lab.stem not in keep_labs:
            lab.unlink()
    # A kept chapter whose lab is gone keeps the link's words, not the link.
    for page in docs.rglob("*.md"):
        text = page.read_text(encoding="utf-8")
        unlinked = re.sub(r"\[([^\]]+)\]\((?:\.\./)*labs/([\w-]+)\.ipynb\)",
                          lambda m: m[0] if m[2] in keep_labs else m[1], text)
        if unlinked != text:
            page.write_text(unlinked, encoding="utf-8")
    (docs / "index.md").write_text("# Trang chủ\n", encoding="utf-8")
    (docs / "index.en.md").write_text("# Home\n", encoding="utf-8")
    config = (dest / "mkdocs.yml").read_text(encoding="utf-8")
    start, end = config.index("\nnav:\n"), config.index("\ntheme:\n")
    nav = "".join(f"\n  - {stem}.md" for stem in ("index", *keep_pages))
    nav += "".join(f"\n  - labs/{stem}.ipynb" for stem in keep_labs)
    (dest / "mkdocs.yml").write_text(config[:start] + "\nnav:" + nav + "\n" + config[end:], encoding="utf-8")
    return dest


def pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if p.name != "404.html")


def run_with_numpy_only(code: str, workdir: Path):
    """Run ``code`` in a fresh interpreter that can import NumPy and nothing else beyond the stdlib."""
    import numpy

    only_numpy = workdir / "only-numpy"
    only_numpy.mkdir(exist_ok=True)
    for name in ("numpy", "numpy.libs"):
        source = Path(numpy.__file__).parents[1] / name
        if source.exists() and not (only_numpy / name).exists():
            (only_numpy / name).symlink_to(source)
    script = workdir / "pasted.py"
    script.write_text(code, encoding="utf-8")
    # -I: ignore PYTHONPATH and the user site; -S: no site-packages, so gradflow is out of reach.
    return subprocess.run([sys.executable, "-I", "-S", "-W", "error", "-c",
                           f"import sys; sys.path.append({str(only_numpy)!r}); "
                           f"exec(compile(open({str(script)!r}).read(), {str(script)!r}, 'exec'))"],
                          cwd=workdir, capture_output=True, text=True, timeout=120)
