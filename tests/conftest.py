"""Fixtures shared by the site tests: one strict build of the whole book per test session."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

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
def site(built):
    """The built site's folder; fails the test if the strict build failed."""
    site, result = built
    assert result.returncode == 0, f"strict build failed:\n{result.stderr[-4000:]}"
    return site
