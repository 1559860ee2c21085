"""Fixtures shared by the site tests: one strict build of the whole book per test session."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

import labkernel
from sitebuild import ROOT, mkdocs_build


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """The strict build of the checkout: (site folder, finished process).

    While working on the tests, GRADFLOW_TEST_SITE=<folder> reuses a site built by hand
    instead of building one (``make build`` writes site/).
    """
    reuse = os.environ.get("GRADFLOW_TEST_SITE")
    if reuse:
        return Path(reuse), subprocess.CompletedProcess([], 0, "", "gradflow: running (reused site)")
    site = tmp_path_factory.mktemp("site")
    result = mkdocs_build(ROOT, site)
    return site, result


@pytest.fixture(scope="session")
def site(built, tmp_path_factory, request):
    """The built site's folder; fails the test if the strict build failed.

    Once it exists, a second clean build starts in the background (see ``second_build``), so
    that it runs while the other tests do.
    """
    site, result = built
    assert result.returncode == 0, f"strict build failed:\n{result.stderr[-4000:]}"
    _start_second_build(tmp_path_factory)
    labkernel.start()
    request.addfinalizer(_stop_background_work)
    return site


def _stop_background_work():
    """A session that ran only some tests may not have waited for the background jobs."""
    for process in (_second.get("process"), labkernel.running()):
        if process is not None and process.poll() is None:
            process.terminate()
            process.wait(timeout=60)


_second = {}


def _start_second_build(tmp_path_factory):
    if "process" not in _second:
        _second["site"] = tmp_path_factory.mktemp("again")
        # Every code block and lab runs again instead of coming from the first build's cache.
        _second["process"] = mkdocs_build(ROOT, _second["site"], no_build_cache=True, wait=False)


@pytest.fixture(scope="session")
def second_build(site, tmp_path_factory):
    """Another clean build of the checkout, with no cached code output: (site folder, process)."""
    _start_second_build(tmp_path_factory)
    process = _second["process"]
    process.wait(timeout=900)
    log = Path(f"{_second['site']}.log").read_text(encoding="utf-8")
    return _second["site"], subprocess.CompletedProcess(process.args, process.returncode, "", log)
