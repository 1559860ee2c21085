"""Fixtures of the site tests: one strict build of the whole book, and a second one to compare.

Both builds run in the background, each in a process of its own, so that the other tests go on
meanwhile (on two cores, the suite's time is mostly these builds and the browser):

- the first starts as soon as the tests are collected, if a test to run needs it, while the
  library's tests and the book's claims run; it uses the checkout's store (``.cache``), so after
  ``make check`` or an earlier run it reruns nothing;
- the second starts when the first is done, with a store of its own that holds the first's
  experiments, labs' runs and code blocks: the pages, the API reference and the labs' pages are
  made again. What it takes is checked on its own: the experiments by their tests, each lab's
  outputs by the run of its download in a fresh kernel (test_labs_site.py), and each block by a
  second run of it (test_site.py);
- the lab kernel's environment is installed then too (labkernel.py).

The root conftest.py runs the site tests after all the others, and the ones that need the second
build last.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import threading
from pathlib import Path

import pytest

import labkernel
from project import ROOT, mkdocs_build

_builds: dict = {}


def _store() -> Path:
    return Path(os.environ.get("GRADFLOW_CACHE", ROOT / ".cache"))


def _start_builds(second: bool = True, lab_kernel: bool = True) -> None:
    """Start the first build, and a thread that starts the second (and the lab kernel's install)
    when it ends, if the tests to run need them."""
    if "thread" in _builds:
        return
    scratch = Path(tempfile.mkdtemp(prefix="gradflow-site-tests-"))
    _builds["scratch"] = scratch
    _builds["first_done"] = threading.Event()
    reuse = os.environ.get("GRADFLOW_TEST_SITE")
    if reuse:
        _builds["first"] = (Path(reuse), None)
    else:
        _builds["first"] = (scratch / "site", mkdocs_build(ROOT, scratch / "site", wait=False))

    def then():
        process = _builds["first"][1]
        if process is not None:
            process.wait()
        _builds["first_done"].set()
        if lab_kernel:
            labkernel.start()
        if not second:
            return
        second_store = scratch / "store"
        for kind in ("experiments", "labs", "blocks", "syntax", "jinja"):
            if (_store() / kind).is_dir():
                shutil.copytree(_store() / kind, second_store / kind)
        _builds["second"] = (scratch / "again", mkdocs_build(ROOT, scratch / "again", cache=second_store, wait=False))

    _builds["thread"] = threading.Thread(target=then, daemon=True)
    _builds["thread"].start()


def pytest_collection_finish(session):
    fixtures = {name for item in session.items for name in getattr(item, "fixturenames", ())}
    if fixtures & {"built", "site"}:
        _start_builds(second="second_build" in fixtures, lab_kernel="lab_kernel" in fixtures)


def pytest_sessionfinish(session):
    """A session stopped early may not have waited for the background work: stop it, then tidy up."""
    if "thread" not in _builds:
        return
    for process in (_builds["first"][1], _builds.get("second", (None, None))[1], labkernel.running()):
        if process is not None and process.poll() is None:
            process.terminate()
            process.wait(timeout=60)
    shutil.rmtree(_builds["scratch"], ignore_errors=True)


def _finished(site: Path, process) -> subprocess.CompletedProcess:
    if process is None:
        return subprocess.CompletedProcess([], 0, "", "gradflow: (reused site)")
    process.wait(timeout=900)
    log = Path(f"{site}.log").read_text(encoding="utf-8")
    return subprocess.CompletedProcess(process.args, process.returncode, "", log)


@pytest.fixture(scope="session")
def built():
    """The strict build of the checkout: (site folder, finished process, its log as ``stderr``).

    While working on the tests, GRADFLOW_TEST_SITE=<folder> reuses a site built by hand
    instead of building one (``make build`` writes site/).
    """
    _start_builds()
    site, process = _builds["first"]
    return site, _finished(site, process)


@pytest.fixture(scope="session")
def site(built):
    """The built site's folder; fails the test if the strict build failed."""
    site, result = built
    assert result.returncode == 0, f"strict build failed:\n{result.stderr[-4000:]}"
    return site


@pytest.fixture(scope="session")
def second_build(site):
    """Another build of the checkout, from what the first computed: (site folder, finished process)."""
    _builds["thread"].join(timeout=900)
    again, process = _builds["second"]
    return again, _finished(again, process)


@pytest.fixture(scope="session")
def lab_kernel():
    """The Python of a fresh environment with only gradflow[plot] and ipykernel (see labkernel.py),
    registered as the Jupyter kernel ``labkernel.KERNEL`` for the tests that use it."""
    data = labkernel.ready()
    previous = os.environ.get("JUPYTER_PATH")
    os.environ["JUPYTER_PATH"] = os.pathsep.join(filter(None, [str(data), previous]))
    yield labkernel.PYTHON
    if previous is None:
        os.environ.pop("JUPYTER_PATH", None)
    else:
        os.environ["JUPYTER_PATH"] = previous
