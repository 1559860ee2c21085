"""Every public function of gradflow documents itself with a runnable example."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest

import gradflow


def _is_record(cls) -> bool:
    """A named tuple of results or caches, or a protocol: its docstring says what it holds, and the
    functions that return it show it in use."""
    return (issubclass(cls, tuple) and hasattr(cls, "_fields")) or getattr(cls, "_is_protocol", False)


def public_callables():
    """Every public function and class of the library (not the book), with its public methods."""
    for info in pkgutil.iter_modules(gradflow.__path__):
        if info.name.startswith("_") or info.name == "book":
            continue
        module = importlib.import_module(f"gradflow.{info.name}")
        for name, obj in vars(module).items():
            if name.startswith("_") or getattr(obj, "__module__", None) != module.__name__:
                continue
            if inspect.isfunction(obj):
                yield f"{module.__name__}.{name}", obj
            elif inspect.isclass(obj):
                yield f"{module.__name__}.{name}", obj
                if _is_record(obj):
                    continue
                for attr, member in vars(obj).items():
                    if not attr.startswith("_") and (inspect.isfunction(member) or isinstance(member, property)):
                        yield f"{module.__name__}.{name}.{attr}", member


CALLABLES = dict(public_callables())


@pytest.mark.parametrize("qualname", sorted(CALLABLES))
def test_public_callable_has_a_docstring_with_an_example(qualname):
    obj = CALLABLES[qualname]
    doc = inspect.getdoc(obj) or ""
    assert doc.strip(), f"{qualname} has no docstring"
    if not (inspect.isclass(obj) and _is_record(obj)):
        assert ">>>" in doc, f"{qualname}: its docstring should show a doctest example"


def test_the_docstring_scan_finds_the_library():
    assert {"gradflow.activations.sigmoid", "gradflow.mlp.MLP.loss_and_grads", "gradflow.train.train_sgd",
            "gradflow.layers.DenseGrads"} <= set(CALLABLES)


def test_a_record_without_a_docstring_would_be_caught():
    from typing import NamedTuple

    class Bare(NamedTuple):
        x: int

    assert _is_record(Bare) and (inspect.getdoc(Bare) or "").startswith("Bare(")  # only the generated one
    assert all(not (inspect.getdoc(obj) or "").startswith(f"{obj.__name__}(")
               for obj in CALLABLES.values() if inspect.isclass(obj) and _is_record(obj)), \
        "a named tuple with no docstring of its own"
