"""A broken snippet fails both the build and pytest, and each names the file.

Each case copies the project to a temporary folder, breaks one thing, and runs
the strict build and pytest on the copy.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from sitebuild import build_env, copy_project, mkdocs_build

PYCON = "snippets/activations/relu_at_zero.pycon"
FIGURE = "snippets/activations/fig_relu.py"


def _append(path, text):
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


CASES = {
    "wrong printed output": (PYCON, lambda p: _append(p, ">>> 1 + 1\n3\n"), PYCON),
    "exception in a console snippet": (PYCON, lambda p: _append(p, ">>> 1 / 0\n0\n"), PYCON),
    "exception in a figure": (FIGURE, lambda p: _append(p, "raise RuntimeError('broken figure')\n"), FIGURE),
    "RuntimeWarning in a figure": (
        FIGURE, lambda p: _append(p, "import numpy as np\nnp.exp(np.array([1000.0]))\n"), FIGURE),
    "missing snippet file": (PYCON, lambda p: p.unlink(), PYCON),
}


# With no file there is nothing for pytest to collect: the build, and
# test_every_snippet_file_is_used_by_a_page, cover a missing snippet.
PYTEST_CASES = sorted(case for case in CASES if case != "missing snippet file")


def _broken(case, tmp_path_factory):
    snippet, breaker, named = CASES[case]
    project = copy_project(tmp_path_factory.mktemp("project"))
    breaker(project / "docs" / snippet)
    return case, project, named


@pytest.fixture(params=sorted(CASES))
def broken_copy(request, tmp_path_factory):
    return _broken(request.param, tmp_path_factory)


@pytest.fixture(params=PYTEST_CASES)
def broken_copy_for_pytest(request, tmp_path_factory):
    return _broken(request.param, tmp_path_factory)


def test_build_fails_and_names_the_file(broken_copy, tmp_path):
    case, project, named = broken_copy
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode != 0, f"{case}: the strict build should have failed"
    assert named in result.stderr, f"{case}: the build log should name {named}:\n{result.stderr[-3000:]}"


def test_pytest_fails_and_names_the_file(broken_copy_for_pytest):
    case, project, named = broken_copy_for_pytest
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", f"docs/{named}"],
        cwd=project, env=build_env(project / "src"), capture_output=True, text=True, timeout=300,
    )
    assert result.returncode != 0, f"{case}: pytest should have failed:\n{result.stdout[-2000:]}"
    assert named in result.stdout, f"{case}: pytest should name {named}:\n{result.stdout[-3000:]}"


def test_the_unbroken_copy_builds(tmp_path):
    # The control for the cases above: they fail because of what they break, not because of the copy.
    project = copy_project(tmp_path / "project")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr[-3000:]
