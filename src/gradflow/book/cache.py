"""Compute the book's experiments once, and keep every result the build makes, keyed on what it depends on.

One recipe keys everything the build caches (the experiments here, and the pages' code blocks
and labs in ``hooks/``): `key` of the things that decide the result, among them `fingerprint`,
which covers exactly the gradflow modules a piece of code uses.

- `fingerprint` reads gradflow's source as Python sees it: comments and docstrings are not part
  of it, so editing them reruns nothing. It covers the modules the code imports and, in turn, the
  gradflow modules those import; an edit to `gradflow.lstm` reruns what uses the LSTM and
  nothing else.
- `Store` keeps results on disk under their key, and never overwrites or evicts one: undoing an
  edit brings the earlier results back.
- `experiment` turns a function of the book into a cached experiment. Its results are kept in
  memory for the life of the process and in the `store`, if there is one. The experiment's
  ``runs`` are the calls the pages make; `run_all` computes them all at once, spread over the
  machine's cores, before the pages are built.

The store is configured here and nowhere else, by the environment variable ``GRADFLOW_CACHE``:
a folder (the build sets ``.cache/`` of the project unless it is set; the tests point copies of
the project at the checkout's folder, so that a copy reruns only what it changed), or ``off``
(nothing kept: the reproducibility test builds that way). Unset, as in a reader's session, only
the in-memory memo is used, so a reader who copies a snippet needs nothing beyond NumPy.
"""

from __future__ import annotations

import ast
import copy
import functools
import hashlib
import importlib
import inspect
import logging
import os
import pickle
import sys
import time
from pathlib import Path

ENV_VAR = "GRADFLOW_CACHE"
PACKAGE = Path(__file__).resolve().parents[1]  # src/gradflow
log = logging.getLogger("gradflow.book")


# --- What a piece of code depends on -------------------------------------------------------------

def _module_path(name: str) -> Path | None:
    """The source file of the gradflow module ``name`` (``gradflow.mlp``, ``gradflow.book``...)."""
    parts = name.split(".")[1:]
    base = PACKAGE.joinpath(*parts)
    for path in (base.with_suffix(".py"), base / "__init__.py"):
        if path.is_file():
            return path
    return None


_parsed: dict = {}  # module name -> (digest, imports): each module is read once per process

# Why once per process: the build drops gradflow's modules, this one included, whenever a file of
# gradflow changes (hooks/build.py), so what is read here never outlives the source it was read from.


def _without_docstrings(tree: ast.AST) -> ast.AST:
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
                    and isinstance(body[0].value.value, str):
                node.body = body[1:] or [ast.Pass()]
    return tree


def gradflow_imports(tree: ast.AST, module: str = "") -> set[str]:
    """The gradflow modules that code imports, read from its syntax tree.

    ``module`` is the importing module's name, to resolve relative imports inside gradflow.

    Examples
    --------
    >>> import ast
    >>> sorted(gradflow_imports(ast.parse("from gradflow.mlp import MLP\\nimport numpy")))
    ['gradflow', 'gradflow.mlp']
    """
    return {name for name in _imported_names(tree, module) if _module_path(name)}


def _imported_names(tree: ast.AST, module: str = "") -> set[str]:
    """Every gradflow module name that code names in an import, whether or not it exists."""
    package = module if _module_path(module) and _module_path(module).name == "__init__.py" \
        else module.rpartition(".")[0]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(base + ([node.module] if node.module else []))
            else:
                base = node.module or ""
            names = [base] + [f"{base}.{alias.name}" for alias in node.names]
        else:
            continue
        for name in names:
            if name == "gradflow" or name.startswith("gradflow."):
                # "from gradflow.book import nets" imports gradflow, gradflow.book and gradflow.book.nets.
                parts = name.split(".")
                found.update(".".join(parts[:i]) for i in range(1, len(parts) + 1))
    return found


def _module_facts(name: str) -> tuple[str, set, str]:
    """The module's code digest (no docstrings), the gradflow modules it imports, and the digest of
    its code with docstrings."""
    if name not in _parsed:
        path = _module_path(name)
        digest, names, documented = _read_once(f"module {name}", path.read_bytes(), _module_syntax, name)
        _parsed[name] = (digest, {n for n in names if _module_path(n)}, documented)
    return _parsed[name]


def _module_syntax(source: bytes, name: str) -> tuple[str, set, str]:
    tree = ast.parse(source)
    names = _imported_names(tree, name)
    documented = hashlib.sha256(ast.dump(tree).encode()).hexdigest()
    return hashlib.sha256(ast.dump(_without_docstrings(tree)).encode()).hexdigest(), names, documented


def _read_once(label: str, source: bytes, read, *args):
    """``read(source, *args)``, kept in the store under the digest of ``label`` and ``source``.

    Parsing Python costs more than reading back what was found in it, and a build reads the same
    sources every time; what is kept depends on the text alone (and on Python's version), never on
    which other files exist.
    """
    disk = store()
    digest = hashlib.sha256(f"{sys.version}|{label}|".encode() + source).hexdigest()
    found = disk.get("syntax", digest) if disk is not None else MISSING
    if found is MISSING:
        found = read(source, *args)
        if disk is not None:
            disk.put("syntax", digest, found)
    return found


def documented_fingerprint(modules) -> str:
    """Like `fingerprint` of these modules alone, but docstrings count: for what shows them (the API page).

    Examples
    --------
    >>> documented_fingerprint(["gradflow.mlp"]) == documented_fingerprint(["gradflow.layers"])
    False
    """
    digest = hashlib.sha256()
    for name in sorted(modules):
        digest.update(f"{name}:{_module_facts(name)[2]};".encode())
    return digest.hexdigest()


def dependencies(modules) -> list[str]:
    """``modules`` and every gradflow module they import, directly or not, sorted.

    This module itself is left out: it keeps results, it does not make them, so editing it
    changes no result.

    Examples
    --------
    >>> "gradflow.activations" in dependencies(["gradflow.mlp"])
    True
    >>> "gradflow.lstm" in dependencies(["gradflow.mlp"])
    False
    """
    seen, todo = set(), [m for m in modules if _module_path(m)]
    while todo:
        name = todo.pop()
        if name not in seen:
            seen.add(name)
            todo.extend(_module_facts(name)[1] - seen)
    return sorted(seen - {__name__})


@functools.lru_cache(maxsize=None)
def _fingerprint(modules: frozenset) -> str:
    digest = hashlib.sha256()
    for name in dependencies(modules):
        digest.update(f"{name}:{_module_facts(name)[0]};".encode())
    return digest.hexdigest()


def fingerprint(modules) -> str:
    """SHA-256 of the code (without comments and docstrings) of ``modules`` and of all they import.

    Examples
    --------
    >>> len(fingerprint(["gradflow.activations"]))
    64
    >>> fingerprint(["gradflow.activations"]) == fingerprint(["gradflow.lstm"])
    False
    """
    return _fingerprint(frozenset(modules))


@functools.lru_cache(maxsize=4096)
def code_fingerprint(code: str) -> str:
    """`fingerprint` of the gradflow modules a snippet or a notebook cell imports.

    Examples
    --------
    >>> code_fingerprint("x = 1") == code_fingerprint("y = 2")
    True
    >>> code_fingerprint("from gradflow.lstm import lstm_init") == code_fingerprint("import numpy")
    False
    """
    names = _read_once("code", code.encode(), _code_imports)
    return fingerprint(name for name in names if _module_path(name))


def _code_imports(source: bytes) -> set[str]:
    try:
        return _imported_names(ast.parse(source))
    except SyntaxError:  # not Python: it can use no gradflow module
        return set()


@functools.lru_cache(maxsize=1)
def versions() -> str:
    """The versions that change numbers and figures: Python, NumPy, Matplotlib."""
    from importlib.metadata import PackageNotFoundError, version

    found = [f"python {sys.version.split()[0]}"]
    for package in ("numpy", "matplotlib"):
        try:
            found.append(f"{package} {version(package)}")
        except PackageNotFoundError:
            found.append(f"{package} none")
    return "; ".join(found)


def key(*parts) -> str:
    """The one key recipe of every cache of the build: SHA-256 of the parts' ``repr``, and of `versions`.

    Examples
    --------
    >>> key("blocks", "print(1)", "vi") == key("blocks", "print(1)", "en")
    False
    """
    return hashlib.sha256(repr((versions(), *parts)).encode()).hexdigest()


# --- Where results are kept ----------------------------------------------------------------------

MISSING = object()


class Store:
    """Results on disk, one file per key, in ``folder/<kind>/``: written once, never evicted.

    Examples
    --------
    >>> import tempfile
    >>> store = Store(tempfile.mkdtemp())
    >>> store.get("experiments", "k") is MISSING
    True
    >>> store.put("experiments", "k", [1, 2])
    >>> store.get("experiments", "k")
    [1, 2]
    """

    def __init__(self, folder):
        self.folder = Path(folder)

    def path(self, kind: str, key: str) -> Path:
        return self.folder / kind / key[:2] / f"{key}.pickle"

    def __contains__(self, item) -> bool:
        return self.path(*item).is_file()

    def get(self, kind: str, key: str):
        path = self.path(kind, key)
        try:
            with open(path, "rb") as file:
                return pickle.load(file)
        except FileNotFoundError:
            return MISSING

    def put(self, kind: str, key: str, value) -> None:
        path = self.path(kind, key)
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        with open(temporary, "wb") as file:
            pickle.dump(value, file, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)  # whole or absent, even with several builds at once


def store() -> Store | None:
    """The store named by ``GRADFLOW_CACHE``, or None when it is unset or ``off`` (nothing kept on disk)."""
    folder = os.environ.get(ENV_VAR, "")
    return Store(folder) if folder and folder.lower() != "off" else None


# --- The book's experiments ----------------------------------------------------------------------

EXPERIMENTS: dict = {}
"""Every experiment of the book, by ``module:name``, once its chapter module is imported."""

_memo: dict = {}
_MEMO_SIZE = 64


def experiment(func=None, *, runs=({},)):
    """Make ``func`` a cached experiment of the book.

    ``runs`` lists the keyword arguments of the calls the pages make (by default one call with
    the defaults): `run_all` computes exactly these before the pages are built. Arguments must
    have a stable ``repr`` (numbers, strings, tuples) and results must pickle. Every call returns
    its own copy of the result.

    Examples
    --------
    >>> @experiment
    ... def square(x=3):
    ...     return x * x
    >>> square(), square(x=3), square(3)  # one computation: the same call, however it is written
    (9, 9, 9)
    """
    if func is None:
        return functools.partial(experiment, runs=runs)
    signature = inspect.signature(func)

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        bound = signature.bind(*args, **kwargs)
        bound.apply_defaults()
        run_key = _run_key(func, bound.arguments)
        if run_key not in _memo:
            disk = store()
            result = disk.get("experiments", run_key) if disk else MISSING
            if result is MISSING:
                started = time.perf_counter()
                result = func(**bound.arguments)
                log.info("computed %s(%s) in %.1f s", _name(func), _arguments(bound.arguments),
                         time.perf_counter() - started)
                if disk:
                    disk.put("experiments", run_key, result)
            if len(_memo) >= _MEMO_SIZE:
                _memo.pop(next(iter(_memo)))
            _memo[run_key] = result
        return copy.deepcopy(_memo[run_key])

    wrapper.runs = [dict(run) for run in runs]
    EXPERIMENTS[f"{func.__module__}:{func.__qualname__}"] = wrapper
    return wrapper


def settings(func) -> dict:
    """The default arguments of an experiment: the settings its page quotes (``steps``, ``lr``...).

    Examples
    --------
    >>> @experiment
    ... def trained(steps=100, lr=0.05):
    ...     return steps * lr
    >>> settings(trained)
    {'steps': 100, 'lr': 0.05}
    """
    signature = inspect.signature(getattr(func, "__wrapped__", func))
    return {name: p.default for name, p in signature.parameters.items() if p.default is not inspect.Parameter.empty}


def _run_key(func, arguments: dict) -> str:
    return key("experiments", func.__module__, func.__qualname__, sorted(arguments.items()),
               fingerprint([func.__module__]))


def _name(func) -> str:
    return f"{func.__module__.removeprefix('gradflow.book.')}.{func.__qualname__}"


def _arguments(arguments: dict) -> str:
    return ", ".join(f"{name}={value!r}" for name, value in arguments.items())


def book_experiments() -> dict:
    """Import every chapter module of `gradflow.book`, and return its experiments, by ``module:name``
    (`EXPERIMENTS` may also hold experiments defined elsewhere, as the tests do)."""
    import pkgutil

    import gradflow.book as book

    for info in pkgutil.iter_modules(book.__path__):
        importlib.import_module(f"gradflow.book.{info.name}")
    return {name: wrapper for name, wrapper in EXPERIMENTS.items() if name.startswith("gradflow.book.")}


def pending() -> list[tuple[str, dict]]:
    """The book's runs that the store does not hold yet, as ``(module:name, keyword arguments)``,
    the longest first (as long as they took last time)."""
    disk = store()
    todo = []
    for name, wrapper in sorted(book_experiments().items()):
        func = wrapper.__wrapped__
        signature = inspect.signature(func)
        for run in wrapper.runs:
            bound = signature.bind(**run)
            bound.apply_defaults()
            if disk is None or ("experiments", _run_key(func, bound.arguments)) not in disk:
                todo.append((name, run))
    seconds = _durations(disk)
    return sorted(todo, key=lambda item: -seconds.get(_label(*item), 0.0))


def _label(name: str, run: dict) -> str:
    return f"{name.removeprefix('gradflow.book.').replace(':', '.')}({_arguments(run)})"


def _durations(disk) -> dict:
    """How long each run took when it was last computed, kept next to the results."""
    import json

    path = disk.folder / "experiments" / "seconds.json" if disk else None
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (AttributeError, OSError, ValueError):
        return {}


def _save_durations(disk, seconds: dict) -> None:
    import json

    path = disk.folder / "experiments" / "seconds.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(f".{os.getpid()}.tmp")
    temporary.write_text(json.dumps({**_durations(disk), **seconds}, indent=1, sort_keys=True), encoding="utf-8")
    os.replace(temporary, path)


def _bound(name: str, run: dict):
    wrapper = EXPERIMENTS[name] if name in EXPERIMENTS else getattr(
        importlib.import_module(name.split(":")[0]), name.split(":")[1])
    bound = inspect.signature(wrapper.__wrapped__).bind(**run)
    bound.apply_defaults()
    return wrapper.__wrapped__, bound.arguments


def _compute(name: str, run: dict):
    """In a worker: compute one run; return the seconds it took and the result."""
    func, arguments = _bound(name, run)
    started = time.perf_counter()
    result = func(**arguments)
    return time.perf_counter() - started, result


def _remember(name: str, run: dict, result) -> None:
    """Keep a run computed elsewhere, in memory and in the store."""
    func, arguments = _bound(name, run)
    run_key = _run_key(func, arguments)
    disk = store()
    if disk is not None:
        disk.put("experiments", run_key, result)
    _memo[run_key] = result


def _one_thread_each():
    # Several experiments at once on a few cores: one BLAS thread each, or they fight over cores.
    for variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[variable] = "1"


def run_all(workers: int | None = None, report=print) -> int:
    """Compute every run of the book the store lacks, ``workers`` at a time (default: one per core).

    Each finished run is reported as one line. The results go to the store, if there is one, and
    to this process's memo, where the pages and the tests read them. Returns how many runs were
    computed; an experiment that fails raises an error naming the experiment.
    """
    todo = [item for item in pending() if _run_key(*_bound(*item)) not in _memo]
    if not todo:
        return 0
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    workers = max(1, min(workers or os.cpu_count() or 1, len(todo)))
    report(f"gradflow: computing {len(todo)} experiment runs, {workers} at a time")
    started = time.perf_counter()
    context = multiprocessing.get_context("spawn")  # a clean interpreter: no state inherited
    seconds = {}
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_one_thread_each) as pool:
        futures_items = {pool.submit(_compute, name, run): (name, run) for name, run in todo}
        futures = {future: _label(*item) for future, item in futures_items.items()}
        for done, future in enumerate(as_completed(futures), start=1):
            label = futures[future]
            try:
                seconds[label], result = future.result()
            except Exception as error:
                for other in futures:
                    other.cancel()
                raise RuntimeError(f"experiment {label} failed: {type(error).__name__}: {error}") from error
            _remember(*futures_items[future], result)
            report(f"gradflow: [{done}/{len(todo)}] {label} in {seconds[label]:.1f} s")
    if store() is not None:
        _save_durations(store(), seconds)
    report(f"gradflow: experiments computed in {time.perf_counter() - started:.1f} s")
    return len(todo)
