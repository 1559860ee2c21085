"""A broken snippet fails both the build and pytest, and each names the file.

One copy of the project breaks four snippets at once, each a different way, and adds an image
from another host: the strict build reports every one of them by name, and names no snippet that
still works; pytest, run on the copy's snippets, fails on each broken one. A second copy loses a
snippet file, which stops the build before any page runs.
"""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from project import build_env, copy_project, mkdocs_build

CONSOLE_OUTPUT = "snippets/activations/relu_at_zero.pycon"
CONSOLE_ERROR = "snippets/activations/sigmoid_derivative.pycon"
FIGURE_ERROR = "snippets/activations/fig_relu.py"
FIGURE_WARNING = "snippets/activations/fig_sigmoid.py"
UNBROKEN = "snippets/activations/fig_tanh.py"
BREAKS = {
    CONSOLE_OUTPUT: ("wrong printed output", ">>> 1 + 1\n3\n"),
    CONSOLE_ERROR: ("exception in a console snippet", ">>> 1 / 0\n0\n"),
    FIGURE_ERROR: ("exception in a figure", "raise RuntimeError('broken figure')\n"),
    FIGURE_WARNING: ("RuntimeWarning in a figure", "import numpy as np\nnp.exp(np.array([1000.0]))\n"),
}


def _append(path, text):
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


@pytest.fixture(scope="module")
def broken(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("broken"))
    for snippet, (_, text) in BREAKS.items():
        _append(project / "docs" / snippet, text)
    _append(project / "docs" / "activations.md", '\n<img src="https://example.org/plot.png" alt="x">\n')
    return project, mkdocs_build(project, tmp_path_factory.mktemp("site"))


@pytest.mark.parametrize("snippet", sorted(BREAKS), ids=lambda s: BREAKS[s][0])
def test_the_build_fails_and_names_each_broken_snippet(broken, snippet):
    _, result = broken
    assert result.returncode != 0, "the strict build should have failed"
    named = [line for line in result.stderr.splitlines() if f"docs/{snippet}" in line and "WARNING" in line]
    assert named, f"{BREAKS[snippet][0]}: the log should name docs/{snippet}:\n{result.stderr[-3000:]}"


def test_the_build_names_the_broken_ones_only(broken):
    _, result = broken
    warned = set(re.findall(r"WARNING -  snippet docs/(\S+)", result.stderr))
    assert warned == set(BREAKS), f"named {sorted(warned)}"
    assert UNBROKEN not in result.stderr


def test_an_asset_from_another_host_fails_the_build(broken):
    # Material's privacy plugin, with downloads off, is the build-time guard.
    _, result = broken
    assert "External file: https://example.org/plot.png" in result.stderr


def test_pytest_fails_on_each_broken_snippet_and_names_it(broken):
    project, _ = broken
    files = [f"docs/{snippet}" for snippet in sorted(BREAKS)] + [f"docs/{UNBROKEN}"]
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rf", *files],
                            cwd=project, env=build_env(project), capture_output=True, text=True, timeout=300)
    assert result.returncode != 0
    failed = set(re.findall(r"^FAILED (docs/\S+?)(?:::|\s)", result.stdout, re.M))
    assert failed == {f"docs/{snippet}" for snippet in BREAKS}, result.stdout[-3000:]


def test_a_missing_snippet_file_stops_the_build_and_is_named(tmp_path):
    project = copy_project(tmp_path / "project")
    (project / "docs" / CONSOLE_OUTPUT).unlink()
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode != 0 and CONSOLE_OUTPUT in result.stderr
