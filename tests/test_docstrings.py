"""Every public function of gradflow documents itself with a runnable example."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest

import gradflow


def public_callables():
    for info in pkgutil.iter_modules(gradflow.__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"gradflow.{info.name}")
        for name, obj in vars(module).items():
            if name.startswith("_") or getattr(obj, "__module__", None) != module.__name__:
                continue
            if inspect.isfunction(obj):
                yield f"{module.__name__}.{name}", obj
            elif inspect.isclass(obj):
                yield f"{module.__name__}.{name}", obj
                for attr, member in vars(obj).items():
                    if not attr.startswith("_") and (inspect.isfunction(member) or isinstance(member, property)):
                        yield f"{module.__name__}.{name}.{attr}", member


CALLABLES = dict(public_callables())


@pytest.mark.parametrize("qualname", sorted(CALLABLES))
def test_public_callable_has_a_docstring_with_an_example(qualname):
    doc = inspect.getdoc(CALLABLES[qualname]) or ""
    assert doc.strip(), f"{qualname} has no docstring"
    assert ">>>" in doc, f"{qualname}: its docstring should show a doctest example"


def test_the_docstring_scan_finds_the_library():
    assert {"gradflow.activations.sigmoid", "gradflow.mlp.MLP.loss_and_grads", "gradflow.train.train_sgd"} <= set(CALLABLES)
