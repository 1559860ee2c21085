r"""Every layer, model, loss and update rule of gradflow next to its PyTorch counterpart, in float64.

Usage (the last step of ``make bench``, in the environment ``.venv-bench`` with PyTorch)::

    python bench/torch_agreement.py [--only NAME] [--list] [--seed N]

Each case builds the same inputs and weights for both sides (from ``np.random.default_rng``, never
the global random state), runs gradflow's forward and backward pass and PyTorch's forward pass and
autograd, and compares the outputs and every gradient: the input's gradient and each parameter's.
A backward pass receives a random upstream gradient ``dout``; on the PyTorch side that is the
gradient of ``(out * dout).sum()``. A case passes when every pair satisfies
``np.allclose(gradflow, torch, rtol=1e-10, atol=1e-12)``; the script prints one line per case
(the largest absolute difference over the outputs and over the gradients) and exits with status 1
if any case fails. This is a check, not a timing: nothing here is timed.

What is compared
----------------
- ``gradflow.activations``: each function and its ``*_grad`` against the PyTorch function and its
  autograd, at points away from the kinks, in the tails (|z| up to 40), and at the kinks (z = 0).
- ``gradflow.layers``: ``dense_forward/backward``, ``activation_forward/backward``.
- ``gradflow.batchnorm``: batch norm in train and eval mode, and the running statistics after one
  step, against ``F.batch_norm``; layer norm against ``F.layer_norm``.
- ``gradflow.residual``: ``residual_forward/backward`` and ``ResidualMLP`` (loss, every dW and db,
  ``dhidden`` at every block, dX) against the same network in torch ops.
- ``gradflow.losses``: softmax, softmax cross-entropy, MSE.
- ``gradflow.mlp.MLP``: ``loss_and_grads`` for every activation, with MSE and an output activation,
  and with batch norm: loss, dW, db, ``delta`` (``retain_grad`` on each z), ``dhidden``
  (``retain_grad`` on each hidden activation), dgamma, dbeta, dX and the running statistics.
- ``gradflow.rnn`` / ``lstm`` / ``gru``: one step forward and backward, and a whole sequence
  (backprop through time): the states, dX, dh0 (and dc0), the weights' gradients and the total
  gradient ``dh`` (and ``dc``) at every step. The RNN is compared with ``nn.RNNCell`` / ``nn.RNN``,
  the LSTM with ``nn.LSTMCell`` / ``nn.LSTM``; the GRU with its own equations in torch ops (below).
  ``nn.RNN`` and ``nn.LSTM`` over the whole sequence give the states and the gradients of the
  inputs and weights; the per-step totals ``dh_t`` come from the same module run one step at a
  time, with ``retain_grad`` on each state it returns. The LSTM's ``dc_t`` cannot come from the
  module: it computes h_t from its cell state before returning c_t, so the returned ``c_t`` only
  feeds the next step and its ``.grad`` lacks the path through h_t. It comes from ``nn.LSTM``'s
  documented equations in torch ops, on the module's own parameters (checked to give its states).
- ``gradflow.sequences.SequenceModel``: loss and every gradient, for each cell, with
  cross-entropy read from the last state and MSE read from the last three.
- ``gradflow.optim``: ten steps of ``sgd``, ``momentum`` and ``adam`` on the same parameter and
  gradient sequence as ``torch.optim.SGD`` (momentum 0, and momentum = beta with dampening 0,
  no Nesterov) and ``torch.optim.Adam``: the whole parameter trajectory.
- ``gradflow.clip``: ``global_norm`` and ``clip_by_norm`` against ``clip_grad_norm_``,
  ``clip_by_value`` against ``clip_grad_value_``.

Where gradflow and PyTorch differ in convention, and what this script does about it
---------------------------------------------------------------------------------
- Dense weights: gradflow's W is (D_in, D_out) and computes X @ W + b; ``F.linear`` and the
  ``nn`` modules store (D_out, D_in). The script passes ``W.T`` (and compares ``dW`` with the
  transposed gradient).
- GELU: gradflow's ``gelu`` is the tanh approximation; it is compared with
  ``F.gelu(approximate="tanh")``. PyTorch's default, the exact erf form, differs from it by about
  1e-3 (the largest difference is printed in the notes).
- Kinks: ``relu_grad(0) = 0``, ``leaky_relu_grad(0) = alpha`` and ``elu_grad(0) = alpha``, the left
  derivatives. PyTorch's autograd gives the same at 0 (``relu``: 0; ``leaky_relu``:
  ``negative_slope``; ``elu``: ``alpha``); the case ``activation/kinks`` checks it.
- Softplus: PyTorch's ``F.softplus`` returns z itself (gradient 1) above ``threshold=20``, where
  gradflow keeps log(1 + e^z) (gradient sigma(z)); just above 20 the two differ by e^-20 = 2e-9,
  more than the tolerance. The tails case passes ``threshold=50`` to torch, and the notes print the
  difference with the default threshold.
- Batch-norm momentum: gradflow's ``momentum`` m is the weight of the *old* running value,
  ``run = m run + (1 - m) batch`` (CS231n); PyTorch's ``momentum`` p is the weight of the *new*
  one, ``run = (1 - p) run + p batch``. The script passes p = 1 - m (gradflow's default 0.9 is
  PyTorch's default 0.1).
- Batch-norm running variance: both normalize a training batch with its *biased* variance, but
  PyTorch updates the running variance with the *unbiased* one (times N / (N - 1)) while gradflow
  uses the biased one. The running mean is compared as is; for the variance the script undoes
  PyTorch's Bessel factor from the torch result, and prints the raw difference in the notes.
- MSE: gradflow's ``mse`` is Nielsen's 1/(2N) sum_n ||y_hat_n - y_n||^2, the mean over the N
  examples of half the squared error summed over the M outputs; ``F.mse_loss`` (reduction="mean")
  averages over all N*M entries without the 1/2, so gradflow's is ``M / 2`` times it. The script
  compares with ``0.5 * F.mse_loss(reduction="sum") / N``.
- Cross-entropy: gradflow's ``softmax_cross_entropy`` takes logits and averages over the batch,
  exactly ``F.cross_entropy`` with reduction="mean"; no conversion.
- RNN: gradflow has one bias b, ``nn.RNN`` two (``bias_ih`` and ``bias_hh``): the script sets
  ``bias_ih = b`` and ``bias_hh = 0``, and compares db with the gradient of ``bias_ih``.
- LSTM: gradflow stacks the gates i, f, o, g (``gradflow.lstm.GATES``), PyTorch i, f, g, o; the
  script permutes the blocks of H columns when copying (and back for the gradients). Two biases in
  torch again: ``bias_ih = b`` (permuted), ``bias_hh = 0``.
- GRU: gradflow applies the reset gate *before* the recurrent product, Cho et al.'s
  ``tanh(x W_x^h + (r * h) W_h^h + b^h)``; ``nn.GRU`` applies it *after*,
  ``tanh(x W_in + b_in + r * (h W_hn + b_hn))``, and orders its blocks r, z, n against gradflow's
  z, r, h. These are different functions of the same weights, so the GRU cases compare gradflow
  with its own equations written in torch ops and differentiated by autograd. The notes print how
  far ``nn.GRU`` is from gradflow with the same weights, and check that ``nn.GRU`` is exactly the
  reset-after variant of those torch-op equations (so that the only difference is where r acts).
- Adam, SGD, momentum: the same update formulas; no conversion (torch's momentum buffer starts at
  the first gradient, like gradflow's velocity starting at 0 then adding it).
- Gradient clipping by norm: PyTorch scales by ``max_norm / (norm + 1e-6)`` (clamped to 1), gradflow
  by ``max_norm / norm`` when ``norm > max_norm``; the two clipped gradients differ by a relative
  1e-6 / norm. The script multiplies torch's clipped gradients by ``(norm + 1e-6) / norm`` before
  comparing, and prints the raw difference in the notes. (For a norm in (max_norm - 1e-6, max_norm]
  torch shrinks the gradients by a hair and gradflow leaves them alone.)

Tolerances: every case uses rtol = 1e-10, atol = 1e-12.
"""

from __future__ import annotations

import argparse
import math
import sys
import zlib
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

from gradflow import activations, batchnorm, clip, gru, layers, losses, lstm, optim, residual, rnn  # noqa: E402
from gradflow.activations import ACTIVATIONS  # noqa: E402
from gradflow.mlp import MLP  # noqa: E402
from gradflow.residual import ResidualMLP  # noqa: E402
from gradflow.sequences import SequenceModel  # noqa: E402

torch.set_default_dtype(torch.float64)

RTOL, ATOL = 1e-10, 1e-12


# --- Helpers ----------------------------------------------------------------------------------------

def tt(a, grad=True):
    """A float64 tensor holding a copy of ``a``, a leaf that records its gradient unless ``grad=False``."""
    return torch.tensor(np.asarray(a, dtype=np.float64), requires_grad=grad)


def npy(t):
    """A tensor (or None: no gradient reached it) as a float64 ndarray."""
    return None if t is None else t.detach().numpy().astype(np.float64)


def backprop(out, dout):
    """Backpropagate the upstream gradient ``dout`` from ``out``: the gradient of ``(out * dout).sum()``."""
    (out * torch.as_tensor(dout)).sum().backward()


@dataclass
class Check:
    """What a case returns: pairs ``(label, gradflow, torch)`` of outputs and of gradients, and notes."""

    outputs: list
    grads: list = field(default_factory=list)
    notes: list = field(default_factory=list)


def max_abs_diff(a, b) -> float:
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    return float(np.max(np.abs(a - b))) if a.size else 0.0


def scan(pairs):
    """The largest absolute difference over the pairs, and the labels of the pairs that disagree."""
    worst, failed = 0.0, []
    for label, got, expected in pairs:
        if expected is None:
            failed.append(f"{label}: no gradient reached the torch tensor")
            continue
        got, expected = np.asarray(got, dtype=np.float64), np.asarray(expected, dtype=np.float64)
        if got.shape != expected.shape:
            failed.append(f"{label}: shape {got.shape} vs torch {expected.shape}")
            worst = math.inf
            continue
        diff = max_abs_diff(got, expected)
        worst = max(worst, diff)
        if not np.allclose(got, expected, rtol=RTOL, atol=ATOL):
            failed.append(f"{label}: max |diff| {diff:.3e}")
    return worst, failed


def seeded(name: str, seed: int) -> np.random.Generator:
    """Each case's own generator, from the global seed and the case's name (so --only gives the same data)."""
    return np.random.default_rng([seed, zlib.crc32(name.encode())])


TORCH_ACTIVATIONS = {
    "sigmoid": torch.sigmoid,
    "tanh": torch.tanh,
    "relu": F.relu,
    "leaky_relu": lambda z, alpha=0.01: F.leaky_relu(z, negative_slope=alpha),
    "elu": lambda z, alpha=1.0: F.elu(z, alpha=alpha),
    "gelu": lambda z: F.gelu(z, approximate="tanh"),  # gradflow's gelu is the tanh form
    "silu": F.silu,
    "softplus": F.softplus,
}


def away_from_zero(rng, shape, low=-6.0, high=6.0, gap=1e-2):
    """Uniform values in [low, high] pushed at least ``gap`` away from 0, the kink of (leaky) ReLU and ELU."""
    z = rng.uniform(low, high, shape)
    return np.where(np.abs(z) < gap, np.copysign(gap, z) + z, z)


# --- Activations ------------------------------------------------------------------------------------

def case_activation(rng, name, **options):
    f, f_grad = getattr(activations, name), getattr(activations, f"{name}_grad")
    z = away_from_zero(rng, (40, 7))
    zt = tt(z)
    a = TORCH_ACTIVATIONS[name](zt, **options)
    a.sum().backward()
    check = Check([("f(z)", f(z, **options), npy(a))], [("f'(z)", f_grad(z, **options), npy(zt.grad))])
    if name == "gelu":
        exact = F.gelu(torch.tensor(z))
        check.notes.append(f"gelu is the tanh form; torch's default exact (erf) GELU differs from it by up to "
                           f"{max_abs_diff(f(z), npy(exact)):.2e} on [-6, 6]")
    return check


def case_activation_tails(rng):
    """All activations at |z| in [10, 40], where exponentials underflow and tanh, sigmoid saturate."""
    z = rng.uniform(10.0, 40.0, 200) * rng.choice([-1.0, 1.0], 200)
    z = np.concatenate([z, [-40.0, -20.0, 20.0, 20.001, 40.0]])
    check = Check([])
    for name, (f, f_grad) in ACTIVATIONS.items():
        torch_f = partial(F.softplus, threshold=50.0) if name == "softplus" else TORCH_ACTIVATIONS[name]
        zt = tt(z)
        a = torch_f(zt)
        a.sum().backward()
        check.outputs.append((name, f(z), npy(a)))
        check.grads.append((name, f_grad(z), npy(zt.grad)))
    zt = tt(z)
    a = F.softplus(zt)  # torch's default threshold=20: z itself above 20
    a.sum().backward()
    check.notes.append(f"softplus: torch's default threshold=20 returns z (gradient 1) above 20; gradflow keeps "
                       f"log(1 + e^z): max |diff| {max_abs_diff(activations.softplus(z), npy(a)):.2e} (value), "
                       f"{max_abs_diff(activations.softplus_grad(z), npy(zt.grad)):.2e} (gradient); compared "
                       f"with threshold=50")
    return check


def case_activation_kinks(rng):
    """The derivatives at z = 0, where (leaky) ReLU and ELU have no derivative."""
    check = Check([])
    at_zero = []
    for name, options in (("relu", {}), ("leaky_relu", {"alpha": 0.2}), ("elu", {"alpha": 0.5})):
        f, f_grad = getattr(activations, name), getattr(activations, f"{name}_grad")
        z = np.zeros(3)
        zt = tt(z)
        a = TORCH_ACTIVATIONS[name](zt, **options)
        a.sum().backward()
        check.outputs.append((f"{name}(0)", f(z, **options), npy(a)))
        check.grads.append((f"{name}'(0)", f_grad(z, **options), npy(zt.grad)))
        at_zero.append(f"{name}{options or ''}: gradflow {f_grad(z, **options)[0]:g}, torch {npy(zt.grad)[0]:g}")
    check.notes.append("derivative at 0 (left derivative in gradflow): " + "; ".join(at_zero))
    return check


# --- Layers -----------------------------------------------------------------------------------------

def case_dense(rng):
    N, D, M = 8, 5, 4
    X, W, b, dout = rng.normal(size=(N, D)), rng.normal(size=(D, M)), rng.normal(size=M), rng.normal(size=(N, M))
    z, cache = layers.dense_forward(X, W, b)
    dX, dW, db = layers.dense_backward(dout, cache)
    Xt, Wt, bt = tt(X), tt(W), tt(b)
    zt = F.linear(Xt, Wt.T, bt)  # torch's weight is (D_out, D_in)
    backprop(zt, dout)
    return Check([("z", z, npy(zt))], [("dX", dX, npy(Xt.grad)), ("dW", dW, npy(Wt.grad)), ("db", db, npy(bt.grad))])


def case_activation_layer(rng):
    check = Check([])
    for name in ACTIVATIONS:
        z, da = away_from_zero(rng, (6, 5)), rng.normal(size=(6, 5))
        a, cache = layers.activation_forward(z, name)
        (dz,) = layers.activation_backward(da, cache)
        zt = tt(z)
        at = TORCH_ACTIVATIONS[name](zt)
        backprop(at, da)
        check.outputs.append((name, a, npy(at)))
        check.grads.append((f"{name} dz", dz, npy(zt.grad)))
    return check


# --- Normalization ----------------------------------------------------------------------------------

def bessel_undone(torch_var, old_var, p, N):
    """PyTorch's running variance with its update made from the biased batch variance instead of the unbiased."""
    return (1 - p) * old_var + (torch_var - (1 - p) * old_var) * (N - 1) / N


def case_batchnorm_train(rng):
    N, D, m, eps = 10, 6, 0.9, 1e-5
    X = rng.normal(size=(N, D)) * rng.uniform(0.5, 3.0, D) + rng.normal(size=D)
    gamma, beta, dout = rng.normal(size=D), rng.normal(size=D), rng.normal(size=(N, D))
    mean0, var0 = rng.normal(size=D), rng.uniform(0.5, 2.0, D)
    stats = batchnorm.RunningStats(mean0.copy(), var0.copy())
    out, cache = batchnorm.batchnorm_forward(X, gamma, beta, mode="train", running=stats, momentum=m, eps=eps)
    dX, dgamma, dbeta = batchnorm.batchnorm_backward(dout, cache)
    Xt, gt, bt = tt(X), tt(gamma), tt(beta)
    run_mean, run_var = torch.tensor(mean0), torch.tensor(var0)
    p = 1 - m  # torch's momentum is the weight of the new value
    outt = F.batch_norm(Xt, run_mean, run_var, gt, bt, training=True, momentum=p, eps=eps)
    backprop(outt, dout)
    torch_var = run_var.numpy()
    check = Check([("out", out, npy(outt)), ("running mean", stats.mean, run_mean.numpy()),
                   ("running var (Bessel undone)", stats.var, bessel_undone(torch_var, var0, p, N))],
                  [("dX", dX, npy(Xt.grad)), ("dgamma", dgamma, npy(gt.grad)), ("dbeta", dbeta, npy(bt.grad))])
    check.notes.append(f"gradflow momentum={m} is torch momentum={p:g}; running var: gradflow uses the biased batch "
                       f"variance, torch the unbiased (x N/(N-1)); raw |diff| of the running var after one step "
                       f"{max_abs_diff(stats.var, torch_var):.2e} (N = {N}), 0 after undoing the factor")
    return check


def case_batchnorm_eval(rng):
    N, D, eps = 7, 5, 1e-5
    X, gamma, beta, dout = rng.normal(size=(N, D)), rng.normal(size=D), rng.normal(size=D), rng.normal(size=(N, D))
    stats = batchnorm.RunningStats(rng.normal(size=D), rng.uniform(0.5, 2.0, D))
    mean0, var0 = stats.mean.copy(), stats.var.copy()
    out, cache = batchnorm.batchnorm_forward(X, gamma, beta, mode="eval", running=stats, eps=eps)
    dX, dgamma, dbeta = batchnorm.batchnorm_backward(dout, cache)
    Xt, gt, bt = tt(X), tt(gamma), tt(beta)
    outt = F.batch_norm(Xt, torch.tensor(mean0), torch.tensor(var0), gt, bt, training=False, eps=eps)
    backprop(outt, dout)
    untouched = ("running stats untouched", np.r_[stats.mean, stats.var], np.r_[mean0, var0])
    return Check([("out", out, npy(outt)), untouched],
                 [("dX", dX, npy(Xt.grad)), ("dgamma", dgamma, npy(gt.grad)), ("dbeta", dbeta, npy(bt.grad))])


def case_layernorm(rng):
    N, D, eps = 6, 9, 1e-5
    X = rng.normal(size=(N, D)) * 2.0 + rng.normal(size=(N, 1))
    gamma, beta, dout = rng.normal(size=D), rng.normal(size=D), rng.normal(size=(N, D))
    out, cache = batchnorm.layernorm_forward(X, gamma, beta, eps=eps)
    dX, dgamma, dbeta = batchnorm.layernorm_backward(dout, cache)
    Xt, gt, bt = tt(X), tt(gamma), tt(beta)
    outt = F.layer_norm(Xt, (D,), gt, bt, eps=eps)
    backprop(outt, dout)
    return Check([("out", out, npy(outt))],
                 [("dX", dX, npy(Xt.grad)), ("dgamma", dgamma, npy(gt.grad)), ("dbeta", dbeta, npy(bt.grad))])


# --- Residual ---------------------------------------------------------------------------------------

def torch_block(x, W1, b1, W2, b2, activation, scale):
    return scale * x + TORCH_ACTIVATIONS[activation](x @ W1 + b1) @ W2 + b2


def case_residual_block(rng, activation, scale):
    N, D, H = 6, 5, 7
    x, dout = rng.normal(size=(N, D)), rng.normal(size=(N, D))
    params = [rng.normal(size=(D, H)) * 0.5, rng.normal(size=H), rng.normal(size=(H, D)) * 0.5, rng.normal(size=D)]
    out, cache = residual.residual_forward(x, *params, activation=activation, shortcut_scale=scale)
    grads = residual.residual_backward(dout, cache)
    xt, *pt = tt(x), *map(tt, params)
    outt = torch_block(xt, *pt, activation, scale)
    backprop(outt, dout)
    torch_grads = [xt.grad] + [p.grad for p in pt]
    return Check([("out", out, npy(outt))],
                 [(name, g, npy(tg)) for name, g, tg in zip(grads._fields, grads, torch_grads, strict=True)])


def torch_loss(out, y, loss_name):
    """gradflow's losses in torch: mean cross-entropy, or Nielsen's 1/(2N) sum of squared errors."""
    if loss_name == "cross_entropy":
        return F.cross_entropy(out, torch.as_tensor(y))
    return 0.5 * F.mse_loss(out, torch.as_tensor(y), reduction="sum") / out.shape[0]


def targets(rng, N, M, loss_name):
    return rng.integers(0, M, N) if loss_name == "cross_entropy" else rng.normal(size=(N, M))


def case_residual_mlp(rng, activation, loss_name):
    N, D, width, M, depth = 9, 4, 6, 3, 3
    net = ResidualMLP(D, width, M, depth, activation=activation, rng=rng, branch_width=5, shortcut_scale=0.8,
                      loss=loss_name)
    for b in net.b:
        b[:] = rng.normal(size=b.shape) * 0.1
    X, y = rng.normal(size=(N, D)), targets(rng, N, M, loss_name)
    loss, grads = net.loss_and_grads(X, y)
    Xt, Wt, bt = tt(X), [tt(W) for W in net.W], [tt(b) for b in net.b]
    x = Xt @ Wt[0] + bt[0]
    stream = [x]
    for block in range(depth):
        i = 1 + 2 * block
        x = torch_block(x, Wt[i], bt[i], Wt[i + 1], bt[i + 1], activation, net.shortcut_scale)
        stream.append(x)
    for s in stream:
        s.retain_grad()
    losst = torch_loss(x @ Wt[-1] + bt[-1], y, loss_name)
    losst.backward()
    pairs = [(f"dW[{i}]", g, npy(W.grad)) for i, (g, W) in enumerate(zip(grads.dW, Wt, strict=True))]
    pairs += [(f"db[{i}]", g, npy(b.grad)) for i, (g, b) in enumerate(zip(grads.db, bt, strict=True))]
    pairs += [(f"dhidden[{i}]", g, npy(s.grad)) for i, (g, s) in enumerate(zip(grads.dhidden, stream, strict=True))]
    pairs.append(("dX", grads.dX, npy(Xt.grad)))
    return Check([("loss", loss, losst.item())], pairs)


# --- Losses -----------------------------------------------------------------------------------------

def case_softmax(rng):
    z = rng.normal(size=(8, 5)) * 3.0
    z[0] += 800.0  # a row that overflows exp without the shift
    return Check([("softmax", losses.softmax(z), torch.softmax(torch.tensor(z), dim=1).numpy())])


def case_cross_entropy(rng):
    N, M = 11, 6
    z, y = rng.normal(size=(N, M)) * 2.0, rng.integers(0, M, N)
    z[3] *= 300.0  # large logits
    loss, dz = losses.softmax_cross_entropy(z, y)
    zt = tt(z)
    losst = F.cross_entropy(zt, torch.as_tensor(y))  # reduction="mean": the batch average, like gradflow
    losst.backward()
    return Check([("loss", loss, losst.item())], [("dz", dz, npy(zt.grad))])


def case_mse(rng):
    N, M = 9, 4
    y_hat, Y = rng.normal(size=(N, M)), rng.normal(size=(N, M))
    loss, dy = losses.mse(y_hat, Y)
    yt = tt(y_hat)
    losst = 0.5 * F.mse_loss(yt, torch.tensor(Y), reduction="sum") / N
    losst.backward()
    mean_all = F.mse_loss(torch.tensor(y_hat), torch.tensor(Y)).item()
    check = Check([("loss", loss, losst.item()), ("loss = M/2 x F.mse_loss", loss, M / 2 * mean_all)],
                  [("dy_hat", dy, npy(yt.grad))])
    check.notes.append(f"gradflow mse = 1/(2N) sum ||y_hat - y||^2 = M/2 x F.mse_loss (mean over N*M, no 1/2); "
                       f"here {loss:.6f} vs F.mse_loss {mean_all:.6f} (M = {M})")
    return check


# --- MLP --------------------------------------------------------------------------------------------

def case_mlp(rng, activation, loss_name="cross_entropy", output_activation=None, use_batchnorm=False):
    sizes, N = [5, 7, 6, 3], 10
    net = MLP(sizes, activation=activation, rng=rng, loss=loss_name, output_activation=output_activation,
              batchnorm=use_batchnorm)
    for b in net.b:
        b[:] = rng.normal(size=b.shape) * 0.1
    for gamma, beta in zip(net.gamma, net.beta):
        gamma[:] = rng.uniform(0.5, 1.5, gamma.shape)
        beta[:] = rng.normal(size=beta.shape) * 0.1
    run0 = [(s.mean.copy(), s.var.copy()) for s in net.running]
    X, y = rng.normal(size=(N, sizes[0])), targets(rng, N, sizes[-1], loss_name)
    loss, grads = net.loss_and_grads(X, y)

    Xt, Wt, bt = tt(X), [tt(W) for W in net.W], [tt(b) for b in net.b]
    gt, betat = [tt(g) for g in net.gamma], [tt(b) for b in net.beta]
    torch_running = [(torch.tensor(mean), torch.tensor(var)) for mean, var in run0]
    a, zs, hidden = Xt, [], []
    for layer in range(len(Wt)):
        z = a @ Wt[layer] + bt[layer]
        zs.append(z)
        if layer < len(gt):  # batch norm before the activation, train mode, gradflow's momentum 0.9
            z = F.batch_norm(z, *torch_running[layer], gt[layer], betat[layer], training=True, momentum=0.1, eps=1e-5)
        last = layer == len(Wt) - 1
        name = output_activation if last else activation
        a = z if name is None else TORCH_ACTIVATIONS[name](z)
        if not last:
            hidden.append(a)
    for t in zs + hidden:
        t.retain_grad()
    losst = torch_loss(a, y, loss_name)
    losst.backward()

    pairs = [(f"dW[{i}]", g, npy(W.grad)) for i, (g, W) in enumerate(zip(grads.dW, Wt, strict=True))]
    pairs += [(f"db[{i}]", g, npy(b.grad)) for i, (g, b) in enumerate(zip(grads.db, bt, strict=True))]
    pairs += [(f"delta[{i}]", g, npy(z.grad)) for i, (g, z) in enumerate(zip(grads.delta, zs, strict=True))]
    pairs += [(f"dhidden[{i}]", g, npy(h.grad)) for i, (g, h) in enumerate(zip(grads.dhidden, hidden, strict=True))]
    pairs += [(f"dgamma[{i}]", g, npy(t.grad)) for i, (g, t) in enumerate(zip(grads.dgamma, gt, strict=True))]
    pairs += [(f"dbeta[{i}]", g, npy(t.grad)) for i, (g, t) in enumerate(zip(grads.dbeta, betat, strict=True))]
    pairs.append(("dX", grads.dX, npy(Xt.grad)))
    outputs = [("loss", loss, losst.item())]
    for i, (stats, (mean, var), (mean0, var0)) in enumerate(zip(net.running, torch_running, run0, strict=True)):
        outputs.append((f"running mean[{i}]", stats.mean, mean.numpy()))
        outputs.append((f"running var[{i}] (Bessel undone)", stats.var, bessel_undone(var.numpy(), var0, 0.1, N)))
    return Check(outputs, pairs)


# --- Recurrent cells --------------------------------------------------------------------------------

def lstm_columns(H):
    """Column indices that put gradflow's blocks (i, f, o, g) in torch's order (i, f, g, o)."""
    return np.concatenate([np.arange(k * H, (k + 1) * H) for k in (lstm.GATES.index(g) for g in "ifgo")])


def from_torch(grad_T, cols):
    """A torch weight gradient (rows = gates in torch's order) back in gradflow's layout and gate order."""
    grad = npy(grad_T).T if grad_T.dim() == 2 else npy(grad_T)
    out = np.empty_like(grad)
    out[..., cols] = grad
    return out


def copy_into(module, Wx, Wh, b, cols, suffix=""):
    """Copy gradflow weights into an nn.RNN/LSTM(Cell) module: W.T in torch's gate order, b into bias_ih."""
    with torch.no_grad():
        getattr(module, "weight_ih" + suffix).copy_(torch.tensor(Wx[:, cols].T))
        getattr(module, "weight_hh" + suffix).copy_(torch.tensor(Wh[:, cols].T))
        getattr(module, "bias_ih" + suffix).copy_(torch.tensor(b[cols]))
        getattr(module, "bias_hh" + suffix).zero_()


def module_grads(module, cols, suffix=""):
    return [from_torch(getattr(module, name + suffix).grad, cols) for name in ("weight_ih", "weight_hh", "bias_ih")]


def run_stepwise(net, X, h0, c0=None):
    """An nn.RNN or nn.LSTM run one step at a time from ``h0`` (and ``c0``), each state it returns kept
    for its gradient: the list of states h_t of shape (1, N, H), whose ``.grad`` is the total
    gradient at h_t once the loss is built from them (``h[0]``) and backpropagated."""
    states = []
    state = h0[None] if c0 is None else (h0[None], c0[None])
    for t in range(X.shape[1]):
        _, state = net(X[:, t:t + 1], state)
        h = state if c0 is None else state[0]
        h.retain_grad()
        states.append(h)
    return states


def lstm_by_equations(net, X, h, c):
    """nn.LSTM's documented equations (gates i, f, g, o) in torch ops, with the module's own parameters.

    Needed for the total gradient at c_t: inside nn.LSTM, h_t is computed from the cell state
    before it is returned, so the ``c_t`` it returns is upstream of the next step only and its
    ``.grad`` lacks the path through h_t = o tanh(c_t). Returns the lists of h_t and c_t (N, H).
    """
    W_ih, W_hh, b_ih, b_hh = net.weight_ih_l0, net.weight_hh_l0, net.bias_ih_l0, net.bias_hh_l0
    hs, cs = [], []
    for t in range(X.shape[1]):
        i, f, g, o = (X[:, t] @ W_ih.T + b_ih + h @ W_hh.T + b_hh).chunk(4, dim=1)
        c = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
        h = torch.sigmoid(o) * torch.tanh(c)
        h.retain_grad()
        c.retain_grad()
        hs.append(h)
        cs.append(c)
    return hs, cs


def case_rnn_step(rng):
    N, D, H = 5, 3, 4
    x, h_prev, dh = rng.normal(size=(N, D)), rng.normal(size=(N, H)), rng.normal(size=(N, H))
    Wx, Wh, b = rng.normal(size=(D, H)) * 0.6, rng.normal(size=(H, H)) * 0.5, rng.normal(size=H) * 0.3
    h, cache = rnn.rnn_step_forward(x, h_prev, Wx, Wh, b)
    grads = rnn.rnn_step_backward(dh, cache)
    cell, cols = torch.nn.RNNCell(D, H, nonlinearity="tanh"), np.arange(H)
    copy_into(cell, Wx, Wh, b, cols)
    xt, ht = tt(x), tt(h_prev)
    outt = cell(xt, ht)
    backprop(outt, dh)
    torch_grads = [npy(xt.grad), npy(ht.grad)] + module_grads(cell, cols)
    return Check([("h", h, npy(outt))], list(zip(grads._fields, grads, torch_grads, strict=True)))


def sequence_data(rng, N, T, D, H, gates, cell_state=False):
    X, h0 = rng.normal(size=(N, T, D)), rng.normal(size=(N, H)) * 0.5
    Wx, Wh = rng.normal(size=(D, gates * H)) * 0.6, rng.normal(size=(H, gates * H)) * 0.5
    b, dH = rng.normal(size=gates * H) * 0.3, rng.normal(size=(N, T, H))
    c0 = rng.normal(size=(N, H)) * 0.5 if cell_state else None
    return X, h0, c0, Wx, Wh, b, dH


def case_rnn_sequence(rng):
    N, T, D, H = 4, 7, 3, 5
    X, h0, _, Wx, Wh, b, dH = sequence_data(rng, N, T, D, H, gates=1)
    states, cache = rnn.rnn_forward(X, h0, Wx, Wh, b)
    back = rnn.rnn_backward(dH, cache)
    cols = np.arange(H)

    net = torch.nn.RNN(D, H, nonlinearity="tanh", batch_first=True)  # the whole sequence in one call
    copy_into(net, Wx, Wh, b, cols, "_l0")
    Xt, h0t = tt(X), tt(h0)
    out, _ = net(Xt, h0t[None])
    backprop(out, dH)
    pairs = [("dX", back.dX, npy(Xt.grad)), ("dh0", back.dh0, npy(h0t.grad))]
    pairs += list(zip(("dWx", "dWh", "db"), (back.dWx, back.dWh, back.db), module_grads(net, cols, "_l0"), strict=True))

    # The same module one step at a time, for the total gradient at every h_t.
    step_states = run_stepwise(net, tt(X, grad=False), tt(h0, grad=False))
    backprop(torch.stack([s[0] for s in step_states], dim=1), dH)
    pairs.append(("dh (every step)", back.dh, np.stack([npy(s.grad[0]) for s in step_states], axis=1)))
    return Check([("H", states, npy(out)), ("H (step by step)", states, np.stack([npy(s[0]) for s in step_states], 1))],
                 pairs)


def case_lstm_step(rng):
    N, D, H = 5, 3, 4
    x, h_prev, c_prev = rng.normal(size=(N, D)), rng.normal(size=(N, H)), rng.normal(size=(N, H))
    dh, dc = rng.normal(size=(N, H)), rng.normal(size=(N, H))
    Wx, Wh, b = rng.normal(size=(D, 4 * H)) * 0.6, rng.normal(size=(H, 4 * H)) * 0.5, rng.normal(size=4 * H) * 0.3
    (h, c), cache = lstm.lstm_step_forward(x, h_prev, c_prev, Wx, Wh, b)
    grads = lstm.lstm_step_backward((dh, dc), cache)
    cell, cols = torch.nn.LSTMCell(D, H), lstm_columns(H)
    copy_into(cell, Wx, Wh, b, cols)
    xt, ht, ct = tt(x), tt(h_prev), tt(c_prev)
    h_t, c_t = cell(xt, (ht, ct))
    ((h_t * torch.tensor(dh)).sum() + (c_t * torch.tensor(dc)).sum()).backward()
    torch_grads = [npy(xt.grad), npy(ht.grad), npy(ct.grad)] + module_grads(cell, cols)
    return Check([("h", h, npy(h_t)), ("c", c, npy(c_t))], list(zip(grads._fields, grads, torch_grads, strict=True)))


def case_lstm_sequence(rng):
    N, T, D, H = 4, 7, 3, 5
    X, h0, c0, Wx, Wh, b, dH = sequence_data(rng, N, T, D, H, gates=4, cell_state=True)
    states, cache = lstm.lstm_forward(X, h0, c0, Wx, Wh, b)
    back = lstm.lstm_backward(dH, cache)
    cols = lstm_columns(H)

    net = torch.nn.LSTM(D, H, batch_first=True)
    copy_into(net, Wx, Wh, b, cols, "_l0")
    Xt, h0t, c0t = tt(X), tt(h0), tt(c0)
    out, _ = net(Xt, (h0t[None], c0t[None]))
    backprop(out, dH)
    pairs = [("dX", back.dX, npy(Xt.grad)), ("dh0", back.dh0, npy(h0t.grad)), ("dc0", back.dc0, npy(c0t.grad))]
    pairs += list(zip(("dWx", "dWh", "db"), (back.dWx, back.dWh, back.db), module_grads(net, cols, "_l0"), strict=True))

    # The same module one step at a time, for the total gradient at every h_t ...
    hs = run_stepwise(net, tt(X, grad=False), tt(h0, grad=False), tt(c0, grad=False))
    backprop(torch.stack([s[0] for s in hs], dim=1), dH)
    pairs.append(("dh (every step)", back.dh, np.stack([npy(s.grad[0]) for s in hs], axis=1)))
    # ... and its equations in torch ops, for the total gradient at every c_t (see lstm_by_equations).
    hs_eq, cs_eq = lstm_by_equations(net, tt(X, grad=False), tt(h0, grad=False), tt(c0, grad=False))
    backprop(torch.stack(hs_eq, dim=1), dH)
    pairs.append(("dc (every step)", back.dc, np.stack([npy(c.grad) for c in cs_eq], axis=1)))
    return Check([("H", states, npy(out)), ("H (nn.LSTM's equations)", states, npy(torch.stack(hs_eq, dim=1))),
                  ("c (every step)", cache.c, npy(torch.stack(cs_eq, dim=1)))], pairs)


def torch_gru_step(x, h, Wx, Wh, b, reset_after=False, b_hn=None):
    """gradflow's GRU step (reset gate before the product) in torch ops; ``reset_after`` gives nn.GRU's form."""
    H = h.shape[1]
    ax = x @ Wx + b
    gates = torch.sigmoid(ax[:, :2 * H] + h @ Wh[:, :2 * H])
    z, r = gates[:, :H], gates[:, H:]
    if reset_after:
        candidate = torch.tanh(ax[:, 2 * H:] + r * (h @ Wh[:, 2 * H:] + b_hn))
    else:
        candidate = torch.tanh(ax[:, 2 * H:] + (r * h) @ Wh[:, 2 * H:])
    return z * h + (1 - z) * candidate


def case_gru_step(rng):
    N, D, H = 5, 3, 4
    x, h_prev, dh = rng.normal(size=(N, D)), rng.normal(size=(N, H)), rng.normal(size=(N, H))
    Wx, Wh, b = rng.normal(size=(D, 3 * H)) * 0.6, rng.normal(size=(H, 3 * H)) * 0.5, rng.normal(size=3 * H) * 0.3
    h, cache = gru.gru_step_forward(x, h_prev, Wx, Wh, b)
    grads = gru.gru_step_backward(dh, cache)
    tensors = [tt(a) for a in (x, h_prev, Wx, Wh, b)]
    outt = torch_gru_step(*tensors)
    backprop(outt, dh)
    return Check([("h", h, npy(outt))],
                 [(name, g, npy(t.grad)) for name, g, t in zip(grads._fields, grads, tensors, strict=True)])


def case_gru_sequence(rng):
    N, T, D, H = 4, 7, 3, 5
    X, h0, _, Wx, Wh, b, dH = sequence_data(rng, N, T, D, H, gates=3)
    states, cache = gru.gru_forward(X, h0, Wx, Wh, b)
    back = gru.gru_backward(dH, cache)
    Xt, h0t, Wxt, Wht, bt = (tt(a) for a in (X, h0, Wx, Wh, b))
    h, hs = h0t, []
    for t in range(T):
        h = torch_gru_step(Xt[:, t], h, Wxt, Wht, bt)
        h.retain_grad()
        hs.append(h)
    outt = torch.stack(hs, dim=1)
    backprop(outt, dH)
    pairs = [("dX", back.dX, npy(Xt.grad)), ("dh0", back.dh0, npy(h0t.grad)), ("dWx", back.dWx, npy(Wxt.grad)),
             ("dWh", back.dWh, npy(Wht.grad)), ("db", back.db, npy(bt.grad)),
             ("dh (every step)", back.dh, np.stack([npy(s.grad) for s in hs], axis=1))]
    check = Check([("H", states, npy(outt))], pairs)
    check.notes.extend(gru_vs_nn_gru(rng, X, h0, Wx, Wh, b, states))
    return check


def gru_vs_nn_gru(rng, X, h0, Wx, Wh, b, states):
    """How far nn.GRU is from gradflow's GRU with the same weights, and that it is the reset-after form."""
    D, H = Wx.shape[0], Wh.shape[0]
    cols = np.concatenate([np.arange(k * H, (k + 1) * H) for k in (gru.GATES.index(g) for g in "rzh")])

    def nn_gru(b_hn):
        net = torch.nn.GRU(D, H, batch_first=True)  # blocks r, z, n
        with torch.no_grad():
            net.weight_ih_l0.copy_(torch.tensor(Wx[:, cols].T))
            net.weight_hh_l0.copy_(torch.tensor(Wh[:, cols].T))
            net.bias_ih_l0.copy_(torch.tensor(b[cols]))
            net.bias_hh_l0.zero_()
            net.bias_hh_l0[2 * H:] = torch.tensor(b_hn)  # nn.GRU's second bias, inside r * (h W_hn + b_hn)
            return npy(net(torch.tensor(X), torch.tensor(h0)[None])[0])

    b_hn = rng.normal(size=H) * 0.3
    with torch.no_grad():
        h, reset_after = torch.tensor(h0), []
        for t in range(X.shape[1]):
            h = torch_gru_step(torch.tensor(X[:, t]), h, *map(torch.tensor, (Wx, Wh, b)), reset_after=True,
                               b_hn=torch.tensor(b_hn))
            reset_after.append(npy(h))
    diff = max_abs_diff(states, nn_gru(np.zeros(H)))
    same = max_abs_diff(nn_gru(b_hn), np.stack(reset_after, axis=1))
    return [f"gradflow applies r before the recurrent product (Cho et al.), nn.GRU after it (and orders its "
            f"blocks r, z, n): with the same weights and b_hn = 0, nn.GRU differs from gradflow by up to {diff:.2e} "
            f"over these {X.shape[1]} steps, so gradflow is compared with its own equations in torch ops",
            f"nn.GRU equals those torch-op equations with r moved after the product (plus b_hn): max |diff| "
            f"{same:.2e}"]


# --- Sequence model ---------------------------------------------------------------------------------

def case_sequence_model(rng, cell, loss_name, read_last):
    N, T, D, H, M, k = 4, 6, 3, 5, 3, read_last
    model = SequenceModel(D, H, M, cell=cell, rng=rng, loss=loss_name, read_last=k)
    model.b[:] = rng.normal(size=model.b.shape) * 0.3
    model.b_out[:] = rng.normal(size=M) * 0.1
    X = rng.normal(size=(N, T, D))
    y = rng.integers(0, M, (N, k)) if loss_name == "cross_entropy" else rng.normal(size=(N, k, M))
    loss, grads = model.loss_and_grads(X, y)
    target = y.reshape(N * k) if loss_name == "cross_entropy" else y.reshape(N * k, M)
    W_out, b_out = tt(model.W_out), tt(model.b_out)

    def readout(last):
        """The dense layer on the last k states (N, k, H), and the loss over the N k predictions."""
        out = last.reshape(N * k, H) @ W_out + b_out
        return out, torch_loss(out, target, loss_name)

    Xt, h0 = tt(X), torch.zeros(N, H)  # the model starts from h0 = 0 (and c0 = 0)
    if cell == "gru":  # gradflow's GRU equations in torch ops (nn.GRU is another function)
        weights = [tt(a) for a in (model.Wx, model.Wh, model.b)]
        h, hs = h0, []
        for t in range(T):
            h = torch_gru_step(Xt[:, t], h, *weights)
            h.retain_grad()
            hs.append(h)
        out, losst = readout(torch.stack(hs[T - k:], dim=1))
        losst.backward()
        cell_grads = [npy(w.grad) for w in weights] + [npy(W_out.grad), npy(b_out.grad)]
        dhidden = np.stack([npy(s.grad) for s in hs], axis=1)
        dX = npy(Xt.grad)
    else:  # nn.RNN / nn.LSTM over the whole sequence, then one step at a time for dh_t
        cols = lstm_columns(H) if cell == "lstm" else np.arange(H)
        net = torch.nn.LSTM(D, H, batch_first=True) if cell == "lstm" else torch.nn.RNN(D, H, batch_first=True)
        copy_into(net, model.Wx, model.Wh, model.b, cols, "_l0")
        states, _ = net(Xt, (h0[None], h0[None]) if cell == "lstm" else h0[None])
        out, losst = readout(states[:, T - k:])
        losst.backward()
        cell_grads = module_grads(net, cols, "_l0") + [npy(W_out.grad), npy(b_out.grad)]  # before more passes
        dX = npy(Xt.grad)
        hs = run_stepwise(net, tt(X, grad=False), h0, h0 if cell == "lstm" else None)
        readout(torch.stack([s[0] for s in hs[T - k:]], dim=1))[1].backward()
        dhidden = np.stack([npy(s.grad[0]) for s in hs], axis=1)
    names = ("dWx", "dWh", "db", "dW_out", "db_out")
    pairs = list(zip(names, grads.params(), cell_grads, strict=True))
    pairs += [("dhidden", grads.dhidden, dhidden), ("dX", grads.dX, dX)]
    if cell == "lstm":
        hs_eq, cs_eq = lstm_by_equations(net, tt(X, grad=False), h0, h0)
        readout(torch.stack(hs_eq[T - k:], dim=1))[1].backward()
        pairs.append(("dc", grads.dc, np.stack([npy(c.grad) for c in cs_eq], axis=1)))
    return Check([("loss", loss, losst.item()), ("out", model.predict(X).reshape(N * k, M), npy(out))], pairs)


# --- Update rules -----------------------------------------------------------------------------------

def case_optimizer(rng, rule_name, steps=10):
    shape = (5, 4)
    p0 = rng.normal(size=shape)
    grads = [rng.normal(size=shape) * rng.choice([1e-3, 1.0, 30.0], shape) for _ in range(steps)]
    rule, make_torch = {
        "sgd": (optim.sgd(lr=0.1), lambda p: torch.optim.SGD([p], lr=0.1)),
        "momentum": (optim.momentum(lr=0.1, beta=0.9),
                     lambda p: torch.optim.SGD([p], lr=0.1, momentum=0.9, dampening=0, nesterov=False)),
        "adam": (optim.adam(lr=0.05, beta1=0.9, beta2=0.999, eps=1e-8),
                 lambda p: torch.optim.Adam([p], lr=0.05, betas=(0.9, 0.999), eps=1e-8)),
    }[rule_name]
    param, state, ours = p0.copy(), {}, []
    for g in grads:
        param = param + rule(param, g, state)
        ours.append(param.copy())
    pt = tt(p0)
    opt, theirs = make_torch(pt), []
    for g in grads:
        pt.grad = torch.tensor(g)
        opt.step()
        theirs.append(npy(pt))
    return Check([(f"param after step {t + 1}", a, b) for t, (a, b) in enumerate(zip(ours, theirs, strict=True))])


# --- Clipping ---------------------------------------------------------------------------------------

def gradient_list(rng, scale):
    return [rng.normal(size=shape) * scale for shape in ((4, 3), (3,), (2, 5, 2))]


def torch_grads_of(grads):
    params = []
    for g in grads:
        p = torch.zeros(g.shape, requires_grad=True)
        p.grad = torch.tensor(g)
        params.append(p)
    return params


def case_clip_by_norm(rng, max_norm):
    grads = gradient_list(rng, scale=1.0)
    clipped, norm = clip.clip_by_norm(grads, max_norm)
    params = torch_grads_of(grads)
    total = torch.nn.utils.clip_grad_norm_(params, max_norm).item()
    torch_clipped = [npy(p.grad) for p in params]
    # torch divides by norm + 1e-6: undo that factor where it clipped, to compare the same formula.
    undo = (total + 1e-6) / total if total > max_norm else 1.0
    check = Check([("global_norm", clip.global_norm(grads), total), ("norm returned", norm, total)],
                  [(f"clipped[{i}] (torch x (norm+1e-6)/norm)" if undo != 1.0 else f"clipped[{i}]", g, t * undo)
                   for i, (g, t) in enumerate(zip(clipped, torch_clipped, strict=True))])
    raw = max(max_abs_diff(g, t) for g, t in zip(clipped, torch_clipped))
    check.notes.append(f"clip_grad_norm_ scales by max_norm/(norm + 1e-6), gradflow by max_norm/norm: norm "
                       f"{total:.4f}, max_norm {max_norm:g}, raw max |diff| {raw:.2e} before undoing the 1e-6")
    return check


def case_clip_by_value(rng):
    grads = gradient_list(rng, scale=2.0)
    clipped = clip.clip_by_value(grads, 1.5)
    params = torch_grads_of(grads)
    torch.nn.utils.clip_grad_value_(params, 1.5)
    return Check([(f"clipped[{i}]", g, npy(p.grad)) for i, (g, p) in enumerate(zip(clipped, params, strict=True))])


# --- Registry and main ------------------------------------------------------------------------------

CASES = [(f"activation/{name}", partial(case_activation, name=name)) for name in ACTIVATIONS]
CASES += [
    ("activation/leaky_relu(alpha=0.2)", partial(case_activation, name="leaky_relu", alpha=0.2)),
    ("activation/elu(alpha=0.5)", partial(case_activation, name="elu", alpha=0.5)),
    ("activation/tails", case_activation_tails),
    ("activation/kinks", case_activation_kinks),
    ("layers/dense", case_dense),
    ("layers/activation", case_activation_layer),
    ("batchnorm/train", case_batchnorm_train),
    ("batchnorm/eval", case_batchnorm_eval),
    ("batchnorm/layernorm", case_layernorm),
]
CASES += [(f"residual/block({name}, scale={scale:g})", partial(case_residual_block, activation=name, scale=scale))
          for name, scale in (("relu", 1.0), ("tanh", 0.5), ("gelu", 0.0))]
CASES += [(f"residual/ResidualMLP({name}, {loss})", partial(case_residual_mlp, activation=name, loss_name=loss))
          for name, loss in (("relu", "cross_entropy"), ("tanh", "mse"))]
CASES += [
    ("losses/softmax", case_softmax),
    ("losses/softmax_cross_entropy", case_cross_entropy),
    ("losses/mse", case_mse),
]
CASES += [(f"mlp/{name}", partial(case_mlp, activation=name)) for name in ACTIVATIONS]
CASES += [
    ("mlp/tanh+mse+sigmoid output", partial(case_mlp, activation="tanh", loss_name="mse", output_activation="sigmoid")),
    ("mlp/relu+batchnorm", partial(case_mlp, activation="relu", use_batchnorm=True)),
    ("mlp/sigmoid+batchnorm+mse", partial(case_mlp, activation="sigmoid", loss_name="mse", use_batchnorm=True)),
    ("rnn/step", case_rnn_step),
    ("rnn/sequence", case_rnn_sequence),
    ("lstm/step", case_lstm_step),
    ("lstm/sequence", case_lstm_sequence),
    ("gru/step (torch ops)", case_gru_step),
    ("gru/sequence (torch ops)", case_gru_sequence),
]
CASES += [(f"sequences/{cell}+{loss}+read_last={k}",
           partial(case_sequence_model, cell=cell, loss_name=loss, read_last=k))
          for cell in ("rnn", "lstm", "gru") for loss, k in (("cross_entropy", 1), ("mse", 3))]
CASES += [(f"optim/{name}", partial(case_optimizer, rule_name=name)) for name in ("sgd", "momentum", "adam")]
CASES += [
    ("clip/clip_by_norm (clipped)", partial(case_clip_by_norm, max_norm=1.0)),
    ("clip/clip_by_norm (not clipped)", partial(case_clip_by_norm, max_norm=100.0)),
    ("clip/clip_by_value", case_clip_by_value),
]


def run_case(name, func, seed):
    """Run one case; return (output diff, gradient diff, failures, notes)."""
    try:
        check = func(seeded(name, seed))
    except Exception as error:  # a crash is a failure of the case, reported, not the end of the run
        return math.nan, math.nan, [f"raised {type(error).__name__}: {error}"], []
    out_diff, out_failed = scan(check.outputs)
    grad_diff, grad_failed = scan(check.grads) if check.grads else (None, [])
    return out_diff, grad_diff, out_failed + grad_failed, check.notes


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", metavar="NAME",
                        help="run only the case NAME, or every case whose name starts with NAME (e.g. 'lstm/')")
    parser.add_argument("--list", action="store_true", help="list the cases and exit")
    parser.add_argument("--seed", type=int, default=0, help="seed of every case's generator (default 0)")
    args = parser.parse_args(argv)
    if args.list:
        print("\n".join(name for name, _ in CASES))
        return 0
    cases = CASES
    if args.only:
        cases = [(n, f) for n, f in CASES if n == args.only] or [(n, f) for n, f in CASES if n.startswith(args.only)]
        if not cases:
            parser.error(f"no case named {args.only!r}; --list shows them")

    print(f"gradflow vs PyTorch {torch.__version__}, float64, np.allclose(rtol={RTOL:g}, atol={ATOL:g})")
    width = max(len(name) for name, _ in cases)
    print(f"{'case':<{width}}  {'max|d out|':>10}  {'max|d grad|':>11}  result")
    failures, all_notes = [], []
    for name, func in cases:
        out_diff, grad_diff, failed, notes = run_case(name, func, args.seed)
        grad_text = "-" if grad_diff is None else f"{grad_diff:.2e}"
        print(f"{name:<{width}}  {out_diff:>10.2e}  {grad_text:>11}  {'FAIL' if failed else 'OK'}", flush=True)
        failures += [(name, item) for item in failed]
        all_notes += [(name, note) for note in notes]
    if all_notes:
        print("\nConventions measured (see the module docstring):")
        for name, note in all_notes:
            print(f"  {name}: {note}")
    if failures:
        print(f"\n{len({n for n, _ in failures})} of {len(cases)} cases FAILED:")
        for name, item in failures:
            print(f"  {name}: {item}")
        return 1
    print(f"\nall {len(cases)} cases agree" if len(cases) > 1 else "\nthe case agrees")
    return 0


if __name__ == "__main__":
    sys.exit(main())
