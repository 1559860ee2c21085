"""The disk caches are keyed on what they depend on (issue #7).

An experiment's cached result, and a page's cached code output, must come back after a change
to the gradflow code they call, and must not after a change to anything else (prose).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from sitebuild import ROOT, copy_project, mkdocs_build

# Runs a cached experiment and reports its result and whether it was computed or read from disk.
PROBE = """
import json, gradflow.experiments as e
calls = []
original = e.nielsen_net
def counting(*args, **kwargs):
    calls.append(1)
    return original(*args, **kwargs)
e.nielsen_net = counting
speeds = e.nielsen_speeds_at_init(depths=(2,), seeds=1, n=50)
print(json.dumps({"speeds": speeds[2].round(12).tolist(), "computed": bool(calls)}))
"""


def _run_experiment(src: Path, cache: Path) -> dict:
    env = {**os.environ, "GRADFLOW_CACHE_DIR": str(cache), "PYTHONPATH": str(src)}
    result = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


def test_an_experiment_is_recomputed_when_the_gradflow_code_it_calls_changes(tmp_path):
    src = tmp_path / "src"
    shutil.copytree(ROOT / "src" / "gradflow", src / "gradflow", ignore=shutil.ignore_patterns("__pycache__"))
    cache = tmp_path / "cache"

    first = _run_experiment(src, cache)
    again = _run_experiment(src, cache)
    assert first["computed"] and not again["computed"], "the second run reads the disk cache"
    assert again["speeds"] == first["speeds"]

    (tmp_path / "notes.md").write_text("Unrelated prose.\n", encoding="utf-8")
    assert not _run_experiment(src, cache)["computed"], "a change outside gradflow keeps the cache"

    # A change to a function the experiment calls (the sigmoid of Nielsen's nets) ...
    activations = src / "gradflow" / "activations.py"
    text = activations.read_text(encoding="utf-8")
    marker = "    return np.divide(out, denominator, out=out)[()]\n"
    assert marker in text
    activations.write_text(text.replace(marker, "    out *= 0.5\n" + marker), encoding="utf-8")
    changed = _run_experiment(src, cache)
    # ... is computed anew, and gives the new function's result, not the stale one.
    assert changed["computed"] and changed["speeds"] != first["speeds"]


PROBE_LAB = """# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#   gradflow_lab:
#     chapters:
#     - page: index.md
#       vi: Trang chủ
#       en: Home
# ---

# %% [markdown] lang="vi"
# # Thí nghiệm thử

# %% [markdown] lang="en"
# # Probe lab

# %%
from gradflow.activations import sigmoid_grad
print(sigmoid_grad(0.0))
"""

# A home page that runs one console snippet, in each language.
PROBE_PAGE = """# {title}

```pycon exec="on"
--8<-- "snippets/activations/sigmoid_derivative.pycon"
```
"""


def _runs(result) -> tuple[list[str], int]:
    """(labs executed, code blocks run) by a finished build."""
    assert result.returncode == 0, result.stderr[-3000:]
    labs = re.findall(r"gradflow: executed lab (\S+)", result.stderr)
    return sorted(labs), int(re.search(r"gradflow: (\d+) code blocks run", result.stderr)[1])


def test_labs_and_code_blocks_run_again_after_a_gradflow_edit_only(tmp_path):
    """Acceptance #5.3 and #7.3: no change runs nothing; a prose edit runs nothing; an edit to
    src/gradflow runs every lab and every code block again."""
    project = copy_project(tmp_path / "project", keep_pages=(), keep_labs=("probe",))
    (project / "docs" / "labs" / "probe.py").write_text(PROBE_LAB, encoding="utf-8")
    for name, title in (("index.md", "Trang chủ"), ("index.en.md", "Home")):
        (project / "docs" / name).write_text(PROBE_PAGE.format(title=title), encoding="utf-8")
    site = tmp_path / "site"

    labs, blocks = _runs(mkdocs_build(project, site, own_caches=True))
    assert labs == ["docs/labs/probe.en.ipynb", "docs/labs/probe.ipynb"], "each language's lab once"
    assert blocks == 2, "the snippet once in each language"
    assert "0.25" in (site / "labs" / "probe" / "index.html").read_text(encoding="utf-8")

    assert _runs(mkdocs_build(project, site, own_caches=True)) == ([], 0), "a build with no change runs nothing"

    index = project / "docs" / "index.md"
    index.write_text(index.read_text(encoding="utf-8") + "\nMột câu mới.\n", encoding="utf-8")
    assert _runs(mkdocs_build(project, site, own_caches=True)) == ([], 0), "a prose edit runs nothing"
    assert "Một câu mới" in (site / "index.html").read_text(encoding="utf-8")

    module = project / "src" / "gradflow" / "activations.py"
    module.write_text(module.read_text(encoding="utf-8") + "\n# an edit\n", encoding="utf-8")
    assert _runs(mkdocs_build(project, site, own_caches=True)) == (labs, 2), "a gradflow edit runs them all again"
