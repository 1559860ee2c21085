"""What clarity costs: gradflow's teaching forms next to the faster forms they replaced.

Usage: python bench/clarity.py [--repeat 5]

`gradflow` is written to be read next to its equations. Two of its modules once had faster forms,
kept here as the comparison (issue #11):

- the sigmoid as four ``out=`` calls into preallocated arrays, instead of one expression;
- an LSTM whose loop halves the weights of the i, f, o columns so that one ``tanh`` computes
  every gate (``sigmoid(a) = (1 + tanh(a / 2)) / 2``), precomputes the inputs' share of all steps,
  and writes into preallocated arrays; its backward pass computes every factor that does not
  depend on the flowing gradient before the loop.

For each pair it checks that both give the same numbers, then prints the median time of each, at
the book's sizes and at larger ones, and the cost in the book's build: the time of the LSTM
training run of the chapter "RNNs, LSTM and GRU" (`gradflow.book.rnn.long_lag_cell`) with the
clear form and with the fast one swapped in, in this process only.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from gradflow import activations, lstm, sequences  # noqa: E402


# --- The faster forms (gradflow before issue #11) -------------------------------------------------

def fast_sigmoid(z):
    z = np.asarray(z, dtype=float)
    out = np.minimum(z, 0.0, out=np.empty_like(z))
    np.exp(out, out=out)
    denominator = np.abs(z, out=np.empty_like(z))
    np.negative(denominator, out=denominator)
    np.exp(denominator, out=denominator)
    denominator += 1.0
    return np.divide(out, denominator, out=out)[()]


def fast_lstm_forward(X, h0, c0, Wx, Wh, b):
    N, T, D = X.shape
    H = h0.shape[1]
    half = np.ones(4 * H)
    half[:3 * H] = 0.5
    Wh_half = Wh * half
    gates = (X.reshape(N * T, D) @ (Wx * half)).reshape(N, T, 4 * H)
    gates += b * half
    states, cells, tanh_c = (np.empty((N, T, H)) for _ in range(3))
    recurrent, ig = np.empty((N, 4 * H)), np.empty((N, H))
    h = h0
    for t in range(T):
        a = gates[:, t]
        a += np.matmul(h, Wh_half, out=recurrent)
        np.tanh(a, out=a)
        a[:, :3 * H] *= 0.5
        a[:, :3 * H] += 0.5
        i, f, o, g = a[:, :H], a[:, H:2 * H], a[:, 2 * H:3 * H], a[:, 3 * H:]
        c = np.multiply(f, cells[:, t - 1] if t else c0, out=cells[:, t])
        c += np.multiply(i, g, out=ig)
        h = np.multiply(o, np.tanh(c, out=tanh_c[:, t]), out=states[:, t])
    return states, {"X": X, "h0": h0, "c0": c0, "Wx": Wx, "Wh": Wh, "gates": gates, "c": cells,
                    "tanh_c": tanh_c, "H": states}


def fast_lstm_backward(dH, cache):
    X, Wx, Wh, gates, cells, tanh_c = (cache[k] for k in ("X", "Wx", "Wh", "gates", "c", "tanh_c"))
    N, T, H = cells.shape
    i, f, o, g = gates[..., :H], gates[..., H:2 * H], gates[..., 2 * H:3 * H], gates[..., 3 * H:]
    c_prev = np.concatenate([cache["c0"][:, None], cells[:, :-1]], axis=1)
    to_c = o * (1.0 - tanh_c * tanh_c)
    to_o = tanh_c * o * (1.0 - o)
    to_ifg = np.stack([g * i * (1.0 - i), c_prev * f * (1.0 - f), i * (1.0 - g * g)], axis=2)
    dgates = np.empty((N, T, 4 * H))
    dh, dc = np.empty((N, T, H)), np.empty((N, T, H))
    dh_next, dc_next = np.zeros((N, H)), np.zeros((N, H))
    ifg = np.empty((N, 3, H))
    for t in reversed(range(T)):
        dh_t = np.add(dH[:, t], dh_next, out=dh[:, t])
        dc_t = np.multiply(dh_t, to_c[:, t], out=dc[:, t])
        dc_t += dc_next
        da = dgates[:, t]
        np.multiply(dc_t[:, None], to_ifg[:, t], out=ifg)
        da[:, :2 * H] = ifg[:, :2].reshape(N, 2 * H)
        da[:, 3 * H:] = ifg[:, 2]
        np.multiply(dh_t, to_o[:, t], out=da[:, 2 * H:3 * H])
        dh_next = da @ Wh.T
        dc_next = dc_t * f[:, t]
    flat = dgates.reshape(N * T, 4 * H)
    previous = np.concatenate([cache["h0"][:, None], cache["H"][:, :-1]], axis=1).reshape(N * T, H)
    return {"dX": (flat @ Wx.T).reshape(N, T, -1), "dh0": dh_next, "dc0": dc_next,
            "dWx": X.reshape(N * T, -1).T @ flat, "dWh": previous.T @ flat, "db": flat.sum(axis=0),
            "dh": dh, "dc": dc}


# --- Timing ----------------------------------------------------------------------------------------

def median_time(func, repeat: int) -> float:
    func()  # warm up
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        func()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def row(name: str, clear: float, fast: float) -> str:
    return f"  {name:44s} clear {clear * 1e3:9.2f} ms   fast {fast * 1e3:9.2f} ms   clear/fast {clear / fast:5.2f}"


def sigmoids(repeat: int) -> None:
    print("sigmoid (elementwise)")
    rng = np.random.default_rng(0)
    for n in (32 * 48, 10 ** 6):
        z = rng.standard_normal(n) * 5
        assert np.array_equal(activations.sigmoid(z), fast_sigmoid(z)), "the two sigmoids differ"
        print(row(f"{n:,} elements", median_time(lambda: activations.sigmoid(z), repeat),
                  median_time(lambda: fast_sigmoid(z), repeat)))


def lstms(repeat: int) -> None:
    print("LSTM forward + backpropagation through time")
    for N, T, D, H in ((32, 80, 2, 16), (64, 100, 32, 128)):
        rng = np.random.default_rng(0)
        Wx, Wh, b = lstm.lstm_init(D, H, rng)
        X, h0, c0 = rng.standard_normal((N, T, D)), np.zeros((N, H)), np.zeros((N, H))
        dH = rng.standard_normal((N, T, H))

        def clear():
            out, cache = lstm.lstm_forward(X, h0, c0, Wx, Wh, b)
            return out, lstm.lstm_backward(dH, cache)

        def fast():
            out, cache = fast_lstm_forward(X, h0, c0, Wx, Wh, b)
            return out, fast_lstm_backward(dH, cache)

        (out_clear, grads_clear), (out_fast, grads_fast) = clear(), fast()
        assert np.allclose(out_clear, out_fast, rtol=1e-12, atol=1e-14), "the two LSTMs differ"
        for name in ("dX", "dh0", "dc0", "dWx", "dWh", "db"):
            assert np.allclose(getattr(grads_clear, name), grads_fast[name], rtol=1e-10, atol=1e-12), name
        print(row(f"N={N} T={T} D={D} H={H}", median_time(clear, repeat), median_time(fast, repeat)))


def _fast_backward_as_bptt(dH, cache):
    grads = fast_lstm_backward(dH, cache)
    return lstm.LSTMBPTT(*(grads[name] for name in lstm.LSTMBPTT._fields))


def in_the_build() -> None:
    """The chapter's LSTM runs, with the clear form, then with the fast one in its place."""
    from gradflow.book import rnn

    run = rnn.long_lag_cell.__wrapped__  # the training itself, not the cached experiment
    started = time.perf_counter()
    clear = run("lstm")
    clear_seconds = time.perf_counter() - started
    kernels = sequences._KERNELS["lstm"]
    sequences._KERNELS["lstm"] = (fast_lstm_forward, _fast_backward_as_bptt)  # this process only
    try:
        started = time.perf_counter()
        fast = run("lstm")
        fast_seconds = time.perf_counter() - started
    finally:
        sequences._KERNELS["lstm"] = kernels
    print('In the book\'s build: long_lag_cell("lstm"), the LSTM runs of the chapter "RNNs, LSTM and GRU"')
    print(f"  {'':44s} clear {clear_seconds:8.1f} s    fast {fast_seconds:8.1f} s    "
          f"clear/fast {clear_seconds / fast_seconds:5.2f}")
    # Rounding differs between the two forms, and a thousand training steps amplify it a little.
    print(f"  test losses at T = {', '.join(map(str, rnn.LONG_LAGS))}: clear {np.round(clear['test_loss'], 5)}, "
          f"fast {np.round(fast['test_loss'], 5)}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-build", action="store_true", help="skip the chapter's training run (about a minute)")
    args = parser.parse_args(argv)
    sigmoids(args.repeat)
    lstms(args.repeat)
    if not args.no_build:
        in_the_build()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
