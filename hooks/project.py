"""Build the book, or a copy of it, the way ``make build`` does: for the tests and ``make bench-build``.

- `mkdocs_build` runs a strict build of a project into a folder, in a process of its own.
- `clone_project` copies the files a fresh clone of the checkout holds, edits not yet committed
  included; `copy_whole_project` copies what a build needs; `copy_project` keeps only some pages and labs,
  with a configuration of their own (``mkdocs.test.yml``, which ``INHERIT``s ``mkdocs.yml``), so
  that a test that breaks one thing builds in seconds.
- `run_with_numpy_only` runs pasted code in a Python that has NumPy and nothing else.

A copy of the project shares the checkout's store (``.cache``) unless told otherwise: a result's
key holds the code that made it and the gradflow modules it used, so a copy reruns only what it
changed.
"""

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
PROJECT_FILES = ["docs", "src", "hooks", "overrides", "mkdocs.yml", "conftest.py", "pyproject.toml", "README.md"]
TEST_CONFIG = "mkdocs.test.yml"


def build_env(project: Path = ROOT, cache: Path | str | None = None) -> dict:
    """The environment of a build of ``project``: fixed dates, its own gradflow, and a store.

    ``cache`` is the store's folder (``"off"`` for none); by default the checkout's ``.cache``.
    """
    env = dict(os.environ)
    env["SOURCE_DATE_EPOCH"] = env.get("SOURCE_DATE_EPOCH", "1642723200")
    env["NO_MKDOCS_2_WARNING"] = "1"
    env["GRADFLOW_CACHE"] = str(cache) if cache is not None else env.get("GRADFLOW_CACHE", str(ROOT / ".cache"))
    # The copy's own gradflow must win over the editable install of the checkout.
    env["PYTHONPATH"] = os.pathsep.join([str(Path(project) / "src"), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    return env


def mkdocs_build(project: Path, site_dir: Path, *, cache=None, config: str | None = None, wait: bool = True,
                 env: dict | None = None):
    """Run a strict build of ``project`` into ``site_dir``; return the finished process (or, with
    ``wait=False``, the running one, its output going to ``<site_dir>.log``).

    ``cache`` is as for `build_env`; ``config`` a configuration file of the project other than
    ``mkdocs.yml`` (for example the ``mkdocs.test.yml`` of `copy_project`); ``env`` variables to
    set for this build only.
    """
    env = {**build_env(project, cache), **(env or {})}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)]
    if config or (Path(project) / TEST_CONFIG).is_file():
        command += ["--config-file", config or TEST_CONFIG]
    if not wait:
        # A file, not a pipe: nobody reads a pipe until the build is over, and a full one stalls it.
        with open(f"{site_dir}.log", "w", encoding="utf-8") as log:
            return subprocess.Popen(command, cwd=project, env=env, stdout=log, stderr=subprocess.STDOUT, text=True)
    return subprocess.run(command, cwd=project, env=env, capture_output=True, text=True, timeout=900)


def clone_project(dest: Path) -> Path:
    """Copy into ``dest`` every file a fresh clone of the checkout would hold, with the working
    tree's content (edits not yet committed, and new files git does not ignore): no .venv, no
    store, no site, nothing generated. Without git (a downloaded archive), `copy_whole_project`."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            cwd=ROOT, capture_output=True, text=True)
    if listed.returncode != 0:
        return copy_whole_project(dest)
    for name in filter(None, listed.stdout.split("\0")):
        source = ROOT / name
        if source.is_file():  # a file deleted but not yet committed is listed too
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest / name)
    return dest


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
    """Copy what a build needs into ``dest``, keeping only the pages ``keep_pages`` (and their English
    twins) and the labs ``keep_labs``, under a bare home page.

    The copy's ``mkdocs.test.yml`` inherits ``mkdocs.yml`` with a nav of the kept pages only;
    `mkdocs_build` uses it.
    """
    copy_whole_project(dest)
    docs = dest / "docs"
    for page in docs.rglob("*.md"):
        if SNIPPETS.name in page.relative_to(docs).parts:
            continue
        stem = page.name.removesuffix(".en.md").removesuffix(".md")
        if not (page.parent == docs and stem in keep_pages):
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
    nav = [f"{stem}.md" for stem in ("index", *keep_pages)] + [f"labs/{stem}.ipynb" for stem in keep_labs]
    (dest / TEST_CONFIG).write_text("INHERIT: mkdocs.yml\nnav:\n" + "".join(f"  - {entry}\n" for entry in nav),
                                    encoding="utf-8")
    return dest


def pages(site: Path) -> list[Path]:
    return sorted(p for p in Path(site).rglob("*.html") if p.name != "404.html")


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
