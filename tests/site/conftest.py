"""Fixtures of the site tests: one strict build of the whole book, and a second one to compare.

Both builds run in the background, each in a process of its own, so that the other tests go on
meanwhile (on two cores, the suite's time is mostly these builds and the browser). Both start as
soon as the tests are collected, if a test to run needs them, while the library's tests and the
book's claims run:

- the first is the checkout's, with the checkout's store (``.cache``): the experiments computed
  before the first test, and after ``make check`` or an earlier run, whatever it holds already;
- the second is a clone's: every file a fresh clone of the checkout holds (edits not yet committed
  included), in another folder, with a store of its own that starts empty, so it computes every
  experiment, runs every block and executes every lab itself. The two must be byte-identical
  (test_site.py): nothing on a page may depend on the folder, the store or the run that made it.
  On a fresh clone, as in CI, both builds start from an empty store. It executes its labs in the
  lab kernel (labkernel.py), a reader's environment, whose install starts first and which the
  lab tests use too.

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
import labs
from project import ROOT, clone_project, mkdocs_build

_builds: dict = {}


def _start_builds(second: bool = True, lab_kernel: bool = True) -> None:
    """Start the first build, the lab kernel's install and, if the tests to run need it, a thread
    that starts the clone's build once that kernel is ready."""
    if "thread" in _builds:
        return
    scratch = Path(tempfile.mkdtemp(prefix="gradflow-site-tests-"))
    _builds["scratch"] = scratch
    reuse = os.environ.get("GRADFLOW_TEST_SITE")
    if reuse:
        _builds["first"] = (Path(reuse), None)
    else:
        _builds["first"] = (scratch / "site", mkdocs_build(ROOT, scratch / "site", wait=False))
    if second or lab_kernel:
        labkernel.start()
    if second:
        _builds["clone"] = clone_project(scratch / "clone")

    def then():
        try:
            if second:
                # The clone executes its labs in a reader's environment (labs.KERNEL_VARIABLE).
                kernels = labkernel.ready()
                _builds["second"] = (scratch / "again", mkdocs_build(
                    _builds["clone"], scratch / "again", cache=scratch / "empty-store", wait=False,
                    env={"JUPYTER_PATH": str(kernels), labs.KERNEL_VARIABLE: labkernel.KERNEL}))
        except Exception as error:  # the tests that need the clone's build report it
            _builds["second_error"] = error
        finally:
            _builds["second_started"].set()

    _builds["second_started"] = threading.Event()
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
    """The build of a fresh clone of the checkout, from an empty store: (site folder, finished process)."""
    _builds["second_started"].wait(timeout=900)
    if "second_error" in _builds:
        raise _builds["second_error"]
    again, process = _builds["second"]
    return again, _finished(again, process)


@pytest.fixture(scope="session")
def clone(second_build):
    """The folder of the clone that `second_build` built (its generated lab notebooks included)."""
    return _builds["clone"]


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
