"""Where the time of gradflow's large MLP step goes: its matrix products against everything else.

Usage: python bench/mlp_profile.py (the profile behind the 85 % matmul-peak budget in `make bench`).
"""
import os, sys, time
os.environ.setdefault("OPENBLAS_NUM_THREADS", "2")
sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parents[1] / "src"))
import numpy as np
from gradflow import MLP

for dtype in (np.float32, np.float64):
    rng = np.random.default_rng(0)
    sizes = [1024] * 9 + [10]
    net = MLP(sizes, activation="relu", init="he_normal", rng=rng)
    net.W[:] = [W.astype(dtype) for W in net.W]; net.b[:] = [b.astype(dtype) for b in net.b]
    X = rng.standard_normal((512, 1024)).astype(dtype); y = rng.integers(0, 10, 512)
    def best(f, n=7):
        f(); ts = []
        for _ in range(n):
            t = time.perf_counter(); f(); ts.append(time.perf_counter() - t)
        return min(ts)
    step = best(lambda: net.loss_and_grads(X, y))
    A = [rng.standard_normal((512, a)).astype(dtype) for a in sizes[:-1]]
    D = [rng.standard_normal((512, b)).astype(dtype) for b in sizes[1:]]
    def matmuls():
        for l, W in enumerate(net.W):
            A[l] @ W; A[l].T @ D[l]
            if l: D[l] @ W.T
    mm = best(matmuls)
    def first_dx(): D[0] @ net.W[0].T
    extra = best(first_dx)
    print(f"{dtype.__name__}: step {step*1e3:.1f} ms; the matmuls a step needs {mm*1e3:.1f} ms "
          f"({mm/step:.0%}); everything else {(step-mm)*1e3:.1f} ms, of which the input layer's dX {extra*1e3:.1f} ms")
