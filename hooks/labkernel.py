"""A Jupyter kernel in its own virtual environment holding only gradflow[plot] and ipykernel.

It is what a reader gets by following a lab's install note, and nothing else from the book's
toolchain; NumPy and Matplotlib at the book's pinned versions (``-c requirements.txt``), so that
a lab run there must show exactly the outputs the build shows. It lives in .cache/lab-venv and is
reinstalled when gradflow's source changes. The install (seconds with the toolchain's uv, about
20 s with pip) starts in the background when the site tests start (``start``); the build of the
clone, which executes its labs in this kernel, and the tests that use it wait for it (``ready``).
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import threading
import venv
from pathlib import Path

from project import ROOT

LAB_VENV = ROOT / ".cache" / "lab-venv"
KERNEL = "gradflow-lab"
PYTHON = LAB_VENV / "bin" / "python"
_STAMP = LAB_VENV / "gradflow-source.sha256"
_install = {}
_ready_lock = threading.Lock()


def _source_digest() -> str:
    # What gets installed: every file of gradflow's source, the project's metadata and the pins.
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + (ROOT / "requirements.txt").read_bytes())
    for path in sorted((ROOT / "src" / "gradflow").rglob("*.py")):
        digest.update(path.relative_to(ROOT).as_posix().encode() + path.read_bytes())
    return digest.hexdigest()


def start() -> None:
    """Start installing gradflow into the lab environment, unless it is there and current."""
    if "process" in _install:
        return
    if _STAMP.is_file() and _STAMP.read_text() == _source_digest() and PYTHON.exists():
        _install["process"] = None
        return
    uv = Path(sys.executable).with_name("uv")  # the toolchain's (requirements.txt), if it has one
    if not PYTHON.exists():
        venv.create(LAB_VENV, with_pip=not uv.is_file())
    log = open(LAB_VENV / "install.log", "w", encoding="utf-8")  # noqa: SIM115  (closed in ready())
    _install["log"] = log
    pins = f"-c {ROOT / 'requirements.txt'}"
    # gradflow itself again (its version number does not change with its code), then whatever of
    # its dependencies and ipykernel is missing: a source edit costs one small wheel, not them all.
    if uv.is_file():  # seconds, where pip takes about 20
        install = f"{uv} pip install --python {PYTHON} --quiet {pins}"
        again = "--reinstall-package gradflow --refresh-package gradflow"
    else:
        install = f"{PYTHON} -m pip install --quiet --disable-pip-version-check {pins}"
        again = "--force-reinstall"
    _install["process"] = subprocess.Popen(
        f"{install} {again} --no-deps '{ROOT}' && {install} '{ROOT}[plot]' ipykernel",
        shell=True, cwd=LAB_VENV, stdout=log, stderr=subprocess.STDOUT)


def running():
    """The install process, if one was started and not waited for."""
    return _install.get("process")


def ready() -> Path:
    """Wait for the install, register the kernel spec; return the folder to add to JUPYTER_PATH.
    Threads may call it together (the site tests do)."""
    with _ready_lock:
        start()
        process = _install["process"]
        if process is not None:
            process.wait(timeout=600)
            _install["log"].close()
            if process.returncode != 0:
                raise RuntimeError("installing gradflow into the lab environment failed:\n"
                                   + (LAB_VENV / "install.log").read_text(encoding="utf-8")[-3000:])
            _STAMP.write_text(_source_digest())
            _install["process"] = None
        spec = LAB_VENV / "share" / "jupyter" / "kernels" / KERNEL
        spec.mkdir(parents=True, exist_ok=True)
        # -I: no PYTHONPATH, no user site-packages, no current folder on the path.
        (spec / "kernel.json").write_text(json.dumps({
            "argv": [str(PYTHON), "-I", "-m", "ipykernel_launcher", "-f", "{connection_file}"],
            "display_name": "gradflow lab", "language": "python"}))
        return LAB_VENV / "share" / "jupyter"
