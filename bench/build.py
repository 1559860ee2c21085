"""How long the book takes to build, and how heavy its pages are (what ``make bench-build`` prints).

Usage: python bench/build.py [--keep DIR]

It copies the project into a scratch folder, with an empty store of its own, and times
strict builds of both languages there, each as ``mkdocs build`` from the command line:

1. cold: nothing in the store (every experiment, code block and lab runs);
2. warm: three more builds with no change (their median is reported);
3. a prose edit: one sentence added to a chapter (what ``mkdocs serve`` rebuilds after a save);
4. a docstring and comment edit in a gradflow module: nothing runs again (the store's keys hold
   gradflow's code, not its comments and docstrings);
5. a code edit in `gradflow.lstm`: what uses the LSTM runs again (its experiments, blocks and
   labs), and nothing else.

Then the slowest pages, labs and code blocks of the cold build (from the build's own timing log),
and the weight of every page: its HTML with the inline SVG figures, and the total transfer of a
first visit (the page, its stylesheets and scripts, and the search index).
"""

from __future__ import annotations

import argparse
import gzip
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "hooks"))
from project import build_env, copy_whole_project  # noqa: E402


def timed_build(project: Path) -> tuple[float, str]:
    env = build_env(project, cache=project / ".cache")  # the copy's own store, empty at first
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", "site"],
                            cwd=project, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(f"the build failed:\n{result.stderr[-3000:]}")
    return seconds, result.stderr


def ran(log: str) -> str:
    """What a build ran again, from its log."""
    experiments = len(re.findall(r"gradflow: \[\d+/\d+\] ", log))
    summary = re.search(r"gradflow: (\d+) code blocks run, \d+ taken from the cache; (\d+) labs executed", log)
    blocks, labs = summary.groups() if summary else ("?", "?")
    return f"ran {experiments} experiments, {blocks} code blocks, {labs} labs"


def slowest(log: str, limit: int = 10) -> tuple[list[str], list[str]]:
    pages = re.findall(r"gradflow:\s+(\d+\.\d+) s  (\S.*)", log)
    blocks = re.findall(r"gradflow:\s+slowest block\s+(\d+\.\d+) s  (\S.*)", log)
    return ([f"{float(s):7.2f} s  {name}" for s, name in pages if "slowest block" not in name][:limit],
            [f"{float(s):7.2f} s  {name}" for s, name in blocks][:limit])


def _assets(site: Path, page: Path, html: str) -> list[Path]:
    refs = re.findall(r'<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"', html)
    refs += re.findall(r'<script[^>]+src="([^"]+)"', html)
    found = []
    for ref in refs:
        target = (page.parent / ref.split("?")[0]).resolve()
        if target.is_file() and site.resolve() in target.parents:
            found.append(target)
    return found


def page_weights(site: Path) -> None:
    rows = []
    for page in sorted(site.rglob("index.html")):
        html = page.read_text(encoding="utf-8")
        svg = sum(len(s.encode()) for s in re.findall(r"<svg\b.*?</svg>", html, re.S))
        raw = page.read_bytes()
        rows.append((page.relative_to(site).parent.as_posix() or "/", len(raw), svg, len(gzip.compress(raw, 6))))
    print(f"\n## Page weights ({len(rows)} pages; KB: HTML with inline SVG, of which SVG, gzipped)")
    print(f"{'page':<34} {'HTML':>8} {'SVG':>8} {'gzip':>8}")
    for name, raw, svg, gz in sorted(rows, key=lambda r: -r[1]):
        print(f"{name:<34} {raw / 1024:8.0f} {svg / 1024:8.0f} {gz / 1024:8.0f}")
    chapters = [raw for name, raw, _, _ in rows if name != "/" and name != "en" and "reference" not in name]
    print(f"median chapter page: {statistics.median(chapters) / 1024:.0f} KB (budget 400); "
          f"largest page: {max(r[1] for r in rows) / 1024:.0f} KB (budget 1024)")

    index = site / "search" / "search_index.json"
    for first in ("index.html", "vanishing/index.html", "en/remedies/init/index.html"):
        page = site / first
        html = page.read_text(encoding="utf-8")
        files = [page, *_assets(site, page, html), index]
        raw = sum(f.stat().st_size for f in files)
        gz = sum(len(gzip.compress(f.read_bytes(), 6)) for f in files)
        print(f"first visit to /{first.removesuffix('index.html')}: {len(files)} files, "
              f"{raw / 1024:.0f} KB ({gz / 1024:.0f} KB gzipped), search index included")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep", type=Path, help="build in this folder and keep it (default: a temporary one)")
    args = parser.parse_args(argv)
    scratch = args.keep or Path(tempfile.mkdtemp(prefix="gradflow-bench-"))
    project = copy_whole_project(scratch / "project")
    try:
        print(f"# Build benchmark: strict builds of both languages in {project}")
        cold, cold_log = timed_build(project)
        print(f"cold build (empty caches)        {cold:7.1f} s")
        warms = []
        for _ in range(3):  # one warm build can be slowed by whatever else the machine does
            seconds, log = timed_build(project)
            warms.append(seconds)
        shown = ", ".join(f"{s:.1f}" for s in warms)
        print(f"warm build, no change            {statistics.median(warms):7.1f} s   (median of {shown}; {ran(log)})")
        chapter = project / "docs" / "vanishing.md"
        chapter.write_text(chapter.read_text(encoding="utf-8") + "\nMột câu mới để thử.\n", encoding="utf-8")
        prose, log = timed_build(project)
        print(f"after a prose edit               {prose:7.1f} s   ({ran(log)})")
        module = project / "src" / "gradflow" / "activations.py"
        text = module.read_text(encoding="utf-8")
        text = text.replace('"""Logistic sigmoid,', '"""The logistic sigmoid,', 1) + "\n# a comment\n"
        module.write_text(text, encoding="utf-8")
        docstring, log = timed_build(project)
        print(f"after a docstring and comment edit {docstring:5.1f} s   ({ran(log)})")
        module = project / "src" / "gradflow" / "lstm.py"
        text = module.read_text(encoding="utf-8")
        module.write_text(text.replace("    b[H:2 * H] = forget_bias\n", "    b[H:2 * H] = forget_bias + 0.0\n", 1),
                          encoding="utf-8")
        edit, log = timed_build(project)
        print(f"after a code edit in gradflow.lstm {edit:5.1f} s   ({ran(log)})")
        pages, blocks = slowest(cold_log)
        print("\n## Slowest pages and labs of the cold build (time spent in their code)")
        print("\n".join(pages))
        print("\n## Slowest code blocks of the cold build")
        print("\n".join(blocks))
        page_weights(project / "site")
    finally:
        if args.keep is None:
            shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
