"""gradflow next to PyTorch on the CPU: the same shapes, dtype and thread count, in one run.

Usage (what ``make bench`` runs, in its own environment ``.venv-bench`` with PyTorch)::

    python bench/gradflow_vs_torch.py [--threads 2] [--quick]

It prints, for each case, the best time of several repeats for gradflow and for PyTorch, their
ratio (gradflow / PyTorch: below 1 means gradflow is faster), the peak memory a step adds above
what the inputs and weights already hold, and for the MLP steps the fraction of the machine's
NumPy matmul peak. gradflow's memory is exact (tracemalloc sees every NumPy array); PyTorch's is
the rise of the process's resident high-water mark, measured in a child process where every large
allocation is its own mapping; PyTorch's CPU kernels keep some buffers of their own, so read its
column as a lower bound. A benchmark prints numbers; it is not
a test, and nothing here is timed by the test suite.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import time
from pathlib import Path


def _set_threads(threads: int) -> None:
    # Before NumPy and PyTorch load their BLAS: both then use exactly this many threads.
    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[name] = str(threads)


def best_time(func, repeats: int, warmup: int = 1) -> float:
    for _ in range(warmup):
        func()
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        func()
        times.append(time.perf_counter() - started)
    return min(times)


def best_times(first, second, repeats: int) -> tuple[float, float]:
    """Best times of two functions timed in turn, so that a drift of the machine (clock, heat,
    another process) weighs on both alike."""
    first(), second()
    times = ([], [])
    for _ in range(repeats):
        for func, bucket in ((first, times[0]), (second, times[1])):
            started = time.perf_counter()
            func()
            bucket.append(time.perf_counter() - started)
    return min(times[0]), min(times[1])


def _status_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"{field} not in /proc/self/status")


def traced_peak_mb(func) -> float:
    """Peak of the memory NumPy allocates during a call, in MB (tracemalloc sees NumPy's arrays)."""
    import tracemalloc

    gc.collect()
    tracemalloc.start()
    try:
        base = tracemalloc.get_traced_memory()[0]
        func()
        return (tracemalloc.get_traced_memory()[1] - base) / 2**20
    finally:
        tracemalloc.stop()


def peak_memory_mb(func) -> float | None:
    """Resident memory a call adds at its peak, in MB (Linux: VmHWM after resetting it)."""
    gc.collect()
    try:
        Path("/proc/self/clear_refs").write_text("5")  # resets the high-water mark VmHWM
    except OSError:
        return None
    before = _status_kb("VmRSS")
    func()
    return max(0, _status_kb("VmHWM") - before) / 1024


def matmul_peak(np, dtype, sizes=(1024, 2048)) -> float:
    """NumPy's best matmul rate on this machine, in GFLOP/s."""
    best = 0.0
    rng = np.random.default_rng(0)
    for n in sizes:
        A = rng.standard_normal((n, n)).astype(dtype)
        B = rng.standard_normal((n, n)).astype(dtype)
        seconds = best_time(lambda: A @ B, repeats=5)
        best = max(best, 2 * n**3 / seconds / 1e9)
    return best


# --- MLP training step ------------------------------------------------------------------------

def mlp_flops(sizes, batch) -> float:
    """Forward, dW of every layer and dX of every layer but the first (what a step must compute)."""
    pairs = list(zip(sizes[:-1], sizes[1:]))
    forward = sum(2 * batch * a * b for a, b in pairs)
    return 2 * forward + forward - 2 * batch * sizes[0] * sizes[1]


def gradflow_mlp_step(np, sizes, batch, dtype):
    from gradflow import MLP

    rng = np.random.default_rng(0)
    net = MLP(sizes, activation="relu", init="he_normal", rng=rng)
    net.W[:] = [W.astype(dtype) for W in net.W]
    net.b[:] = [b.astype(dtype) for b in net.b]
    X = rng.standard_normal((batch, sizes[0])).astype(dtype)
    y = rng.integers(0, sizes[-1], size=batch)
    return lambda: net.loss_and_grads(X, y)


def torch_mlp_step(torch, sizes, batch, dtype):
    torch.manual_seed(0)
    layers = []
    for a, b in zip(sizes[:-2], sizes[1:-1]):
        layers += [torch.nn.Linear(a, b), torch.nn.ReLU()]
    layers.append(torch.nn.Linear(sizes[-2], sizes[-1]))
    net = torch.nn.Sequential(*layers).to(dtype)
    X = torch.randn(batch, sizes[0], dtype=dtype)
    y = torch.randint(0, sizes[-1], (batch,))
    loss_fn = torch.nn.CrossEntropyLoss()

    def step():
        net.zero_grad(set_to_none=True)
        loss_fn(net(X), y).backward()

    return step


# --- LSTM / GRU forward + backpropagation through time ---------------------------------------

def gradflow_recurrent_step(np, cell, N, T, D, H, dtype):
    from gradflow import gru, lstm

    rng = np.random.default_rng(0)
    module = lstm if cell == "lstm" else gru
    Wx, Wh, b = (w.astype(dtype) for w in getattr(module, f"{cell}_init")(D, H, rng))
    X = rng.standard_normal((N, T, D)).astype(dtype)
    h0 = np.zeros((N, H), dtype=dtype)
    dH = rng.standard_normal((N, T, H)).astype(dtype)
    forward, backward = getattr(module, f"{cell}_forward"), getattr(module, f"{cell}_backward")

    states = (h0, np.zeros_like(h0)) if cell == "lstm" else (h0,)  # the LSTM also starts a cell state

    def step():
        _, cache = forward(X, *states, Wx, Wh, b)
        backward(dH, cache)

    return step


def torch_recurrent_step(torch, cell, N, T, D, H, dtype):
    torch.manual_seed(0)
    module = (torch.nn.LSTM if cell == "lstm" else torch.nn.GRU)(D, H, batch_first=True).to(dtype)
    X = torch.randn(N, T, D, dtype=dtype, requires_grad=True)
    dH = torch.randn(N, T, H, dtype=dtype)

    def step():
        module.zero_grad(set_to_none=True)
        X.grad = None
        out, _ = module(X)
        out.backward(dH)

    return step


# --- Activations -----------------------------------------------------------------------------

def activation_cases(np, torch, n, dtype_np, dtype_torch):
    from gradflow import activations as act

    z = np.random.default_rng(0).standard_normal(n).astype(dtype_np)
    zt = torch.from_numpy(z.copy()).to(dtype_torch)
    torch_grad = {
        "sigmoid": lambda t: (lambda s: s * (1 - s))(torch.sigmoid(t)),
        "tanh": lambda t: 1 - torch.tanh(t) ** 2,
        "relu": lambda t: (t > 0).to(t.dtype),
        "leaky_relu": lambda t: torch.where(t > 0, 1.0, 0.01).to(t.dtype),
    }
    # The smooth ones' derivatives: PyTorch's own backward kernels, with an upstream gradient of ones.
    ones = torch.ones_like(zt)
    aten = torch.ops.aten
    torch_grad.update({
        "elu": lambda t: aten.elu_backward(ones, 1.0, 1, 1, False, t),
        "gelu": lambda t: aten.gelu_backward(ones, t, approximate="tanh"),
        "silu": lambda t: aten.silu_backward(ones, t),
        "softplus": lambda t: aten.softplus_backward(ones, t, 1, 20),
    })
    F = torch.nn.functional
    torch_fn = {"sigmoid": torch.sigmoid, "tanh": torch.tanh, "relu": torch.relu, "leaky_relu": F.leaky_relu,
                "elu": F.elu, "gelu": lambda t: F.gelu(t, approximate="tanh"), "silu": F.silu, "softplus": F.softplus}
    # Every activation of the book's comparison table (its page shows no timings: they are here).
    for name in ("sigmoid", "tanh", "relu", "leaky_relu", "elu", "gelu", "silu", "softplus"):
        yield name, (lambda f=getattr(act, name): f(z)), (lambda f=torch_fn[name]: f(zt))
        yield name + "_grad", (lambda f=getattr(act, name + "_grad"): f(z)), (lambda f=torch_grad[name]: f(zt))


def cases(np, torch, quick: bool):
    """(section, name, gradflow step, torch step, FLOPs or None, dtype name) for every case."""
    mlp = [("small", [32, 32, 32, 32, 10], 64), ("small", [128, 128, 128, 128, 10], 64),
           ("large", [1024] * 9 + [10], 512)]
    recurrent = [(32, 128), (64, 256)]
    if quick:
        mlp, recurrent = [mlp[0], mlp[-1]], recurrent[:1]
    for label, sizes, batch in mlp:
        for dtype in ("float32", "float64"):
            yield ("mlp", f"{label} width {sizes[1]} depth {len(sizes) - 2} batch {batch} {dtype}",
                   lambda s=sizes, b=batch, d=dtype: gradflow_mlp_step(np, s, b, getattr(np, d)),
                   lambda s=sizes, b=batch, d=dtype: torch_mlp_step(torch, s, b, getattr(torch, d)),
                   mlp_flops(sizes, batch), dtype)
    for cell in ("lstm", "gru"):
        for N, H in recurrent:
            for dtype in ("float32", "float64"):
                yield ("recurrent", f"{cell.upper()} batch {N} hidden {H} {dtype}",
                       lambda c=cell, n=N, h=H, d=dtype: gradflow_recurrent_step(np, c, n, 100, h, h, getattr(np, d)),
                       lambda c=cell, n=N, h=H, d=dtype: torch_recurrent_step(torch, c, n, 100, h, h, getattr(torch, d)),
                       None, dtype)
    for dtype in ("float32", "float64"):
        for name, gf, th in activation_cases(np, torch, 1_000_000, getattr(np, dtype), getattr(torch, dtype)):
            yield "activations", f"{name} {dtype}", (lambda f=gf: f), (lambda f=th: f), None, dtype


def memory_report(threads: int, quick: bool) -> dict:
    """Peak memory of every case, measured in a child process where every large allocation is its
    own mapping (so resident memory follows live arrays exactly; timing is done without that)."""
    import json
    import subprocess

    env = {**os.environ, "MALLOC_MMAP_THRESHOLD_": "65536"}
    command = [sys.executable, __file__, "--threads", str(threads), "--memory-json"] + (["--quick"] if quick else [])
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        print(f"(memory not measured: {result.stderr.strip()[-300:]})", file=sys.stderr)
        return {}
    return json.loads(result.stdout)


SECTIONS = {
    "mlp": "MLP training step (forward + backward), times in ms",
    "recurrent": "LSTM / GRU forward + backpropagation through time, T = 100, times in ms",
    "activations": "Activations and their derivatives on 10^6 elements, times in ms",
}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--quick", action="store_true", help="fewer repeats and only one size of each")
    parser.add_argument("--memory-json", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    _set_threads(args.threads)

    import numpy as np
    try:
        import torch
    except ImportError:
        print("PyTorch is not installed here: `make bench` installs it into .venv-bench.", file=sys.stderr)
        return 1
    torch.set_num_threads(args.threads)

    if args.memory_json:
        import json

        report = {}
        for _, name, gf, th, _, _ in cases(np, torch, args.quick):
            gf_step, th_step = gf(), th()
            gf_step(), th_step()  # the first call allocates what the step keeps (weights' gradients...)
            report[name] = [traced_peak_mb(gf_step), peak_memory_mb(th_step)]
        print(json.dumps(report))
        return 0

    repeats = 3 if args.quick else 7
    memory = memory_report(args.threads, args.quick)
    print(f"# gradflow vs PyTorch {torch.__version__} (CPU), NumPy {np.__version__}, {args.threads} threads, "
          f"best of {repeats}")
    peaks = {}
    for dtype in ("float32", "float64"):
        peaks[dtype] = matmul_peak(np, getattr(np, dtype))
        print(f"NumPy matmul peak, {dtype}: {peaks[dtype]:.1f} GFLOP/s")

    section = None
    for kind, name, gf, th, flops, dtype in cases(np, torch, args.quick):
        if kind != section:
            section = kind
            extra = "  share of the matmul peak (gradflow / torch)" if kind == "mlp" else ""
            print(f"\n## {SECTIONS[kind]}\n{'case':<42} {'gradflow':>10} {'torch':>10} {'ratio':>7} "
                  f"{'MB gf':>8} {'MB torch':>8}{extra}")
        t_gf, t_th = best_times(gf(), th(), repeats)
        m_gf, m_th = memory.get(name, [None, None])
        mem = " ".join(f"{m:8.1f}" if m is not None else f"{'n/a':>8}" for m in (m_gf, m_th))
        share = ""
        if flops:
            share = f"  {flops / t_gf / 1e9 / peaks[dtype]:5.0%} / {flops / t_th / 1e9 / peaks[dtype]:5.0%}"
        print(f"{name:<42} {t_gf * 1e3:10.2f} {t_th * 1e3:10.2f} {t_gf / t_th:7.2f} {mem}{share}")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    raise SystemExit(main())
