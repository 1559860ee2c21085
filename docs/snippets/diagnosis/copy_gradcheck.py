import numpy as np


def numerical_gradient(f, x, h=1e-5):
    """Centred finite differences of a scalar function f at the float64
    array x."""
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        saved = x[i]
        x[i] = saved + h
        plus = f(x)
        x[i] = saved - h
        minus = f(x)
        x[i] = saved
        grad[i] = (plus - minus) / (2 * h)
    return grad


def relative_error(a, b):
    """Largest elementwise |a - b| / (|a| + |b|); below 1e-7 is a pass in
    float64."""
    scale = np.maximum(np.abs(a) + np.abs(b), 1e-12)
    return float(np.max(np.abs(a - b) / scale))


# Example: check a hand-written gradient of ℒ(W) = sum(tanh(x @ W)).
rng = np.random.default_rng(0)
x, W = rng.standard_normal((4, 3)), rng.standard_normal((3, 2))
analytic = x.T @ (1 - np.tanh(x @ W) ** 2)
numeric = numerical_gradient(lambda w: np.sum(np.tanh(x @ w)), W)
error = relative_error(analytic, numeric)
print(f"relative error {error:.1e}:", "pass" if error < 1e-7 else "FAIL")
assert error < 1e-7
