"""Where the time of gradflow's large MLP step goes: its matrix products against everything else.

Usage: python bench/mlp_profile.py

The profile behind the matmul-peak budget of `make bench`: an MLP of 8 hidden layers of 1024
units, ReLU, a batch of 512, in float32 and float64. It times one `MLP.loss_and_grads` step, then
the matrix products that step needs (forward ``A @ W``, weight gradient ``A.T @ D``, and
``D @ W.T`` for every layer but the first), and says how much of the step they are.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "2")  # before NumPy loads its BLAS
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import numpy as np  # noqa: E402

from gradflow import MLP  # noqa: E402

WIDTH, DEPTH, BATCH, CLASSES = 1024, 8, 512, 10


def best_time(func, repeat: int = 7) -> float:
    """The fastest of ``repeat`` runs, after one to warm up."""
    func()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        func()
        times.append(time.perf_counter() - started)
    return min(times)


def profile(dtype) -> str:
    rng = np.random.default_rng(0)
    sizes = [WIDTH] * (DEPTH + 1) + [CLASSES]
    net = MLP(sizes, activation="relu", init="he_normal", rng=rng)
    net.W[:] = [W.astype(dtype) for W in net.W]
    net.b[:] = [b.astype(dtype) for b in net.b]
    X = rng.standard_normal((BATCH, WIDTH)).astype(dtype)
    y = rng.integers(0, CLASSES, BATCH)
    step = best_time(lambda: net.loss_and_grads(X, y))

    # Stand-ins of the right shapes for each layer's input A and its delta D.
    A = [rng.standard_normal((BATCH, n_in)).astype(dtype) for n_in in sizes[:-1]]
    D = [rng.standard_normal((BATCH, n_out)).astype(dtype) for n_out in sizes[1:]]

    def matmuls():
        for layer, W in enumerate(net.W):
            A[layer] @ W
            A[layer].T @ D[layer]
            if layer:  # the first layer's input gradient is not needed for training
                D[layer] @ W.T

    products = best_time(matmuls)
    first_dX = best_time(lambda: D[0] @ net.W[0].T)
    return (f"{dtype.__name__}: step {step * 1e3:.1f} ms; the matmuls a step needs {products * 1e3:.1f} ms "
            f"({products / step:.0%}); everything else {(step - products) * 1e3:.1f} ms, of which the input "
            f"layer's dX {first_dX * 1e3:.1f} ms")


if __name__ == "__main__":
    for dtype in (np.float32, np.float64):
        print(profile(dtype))
