"""gradflow itself, served by the site as a wheel, so that a downloaded lab can install it.

The wheel is built at build time from the project's ``pyproject.toml``, ``README.md`` and
``src/``, copied to a scratch folder first (setuptools writes its ``egg-info`` next to the
sources), by uv, or pip where there is no uv, in build isolation. Its files carry the date of
``SOURCE_DATE_EPOCH`` (the Makefile's, or the original article's date), so that two builds of the
same sources give the same bytes. It is kept in the build's store under a key of those sources.

Each lab's download then opens with a cell that installs it from the site when the reader's
Python has no gradflow (`install_cell`).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

FOLDER = "downloads"  # inside the site
ARTICLE_DATE = "1642723200"  # 21 January 2022, the original article's: when none is given


class WheelError(RuntimeError):
    """The wheel could not be built."""


def sources(project: Path) -> list[Path]:
    """What the wheel is built from: the packaging files and every file under ``src/gradflow``."""
    files = [project / "pyproject.toml", project / "README.md"]
    files += sorted(p for p in (project / "src" / "gradflow").rglob("*")
                    if p.is_file() and "__pycache__" not in p.parts)
    return files


def build(project: Path, out_dir: Path) -> Path:
    """Build gradflow's wheel from ``project`` into ``out_dir`` and return its path."""
    project = Path(project)
    with tempfile.TemporaryDirectory(prefix="gradflow-wheel-") as scratch:
        copy = Path(scratch) / "project"
        for file in sources(project):
            target = copy / file.relative_to(project)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(file, target)
        dist = Path(scratch) / "dist"
        uv = Path(sys.executable).with_name("uv")
        command = ([str(uv), "build", "--wheel", "--quiet", "--out-dir", str(dist), str(copy)] if uv.is_file()
                   else [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", str(dist), str(copy)])
        env = {**os.environ, "SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH", ARTICLE_DATE)}
        done = subprocess.run(command, env=env, capture_output=True, text=True)
        wheels = sorted(dist.glob("gradflow-*.whl"))
        if done.returncode != 0 or len(wheels) != 1:
            raise WheelError(f"building gradflow's wheel failed ({' '.join(command[:3])}): "
                             f"{(done.stderr or done.stdout).strip()[-2000:]}")
        out_dir.mkdir(parents=True, exist_ok=True)
        return Path(shutil.copy2(wheels[0], out_dir / wheels[0].name))


def write(site: Path, project: Path, store=None) -> Path:
    """The wheel in ``site/downloads``, from the store if these sources were built before."""
    from gradflow.book import cache

    folder = Path(site) / FOLDER
    key = cache.key("wheel", [(p.relative_to(project).as_posix(), p.read_bytes()) for p in sources(project)],
                    os.environ.get("SOURCE_DATE_EPOCH", ARTICLE_DATE))
    kept = store.get("wheel", key) if store is not None else cache.MISSING
    if kept is not cache.MISSING:
        name, data = kept
        folder.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
        return folder / name
    wheel = build(project, folder)
    if store is not None:
        store.put("wheel", key, (wheel.name, wheel.read_bytes()))
    return wheel


INSTALL = {
    "vi": "# Cài gradflow (cùng matplotlib) từ chính trang sách, nếu Python của bạn chưa có.",
    "en": "# Install gradflow (with matplotlib) from the book's own site, if your Python lacks it.",
}


def install_cell(language: str, url: str) -> str:
    """The source of a lab's first cell: install gradflow from ``url`` unless it can be imported.

    Plain Python, no IPython magic, so that it runs in any kernel and in a script.
    """
    return (f"{INSTALL[language]}\n"
            "import importlib.util, subprocess, sys\n"
            "\n"
            'if importlib.util.find_spec("gradflow") is None:\n'
            '    subprocess.check_call([sys.executable, "-m", "pip", "install", "--quiet",\n'
            f'                           "gradflow[plot] @ {url}"])')
