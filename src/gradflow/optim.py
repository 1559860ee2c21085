r"""Update rules: how a parameter moves, given its gradient.

Each function here takes its hyperparameters and returns a rule

    ``rule(param, grad, state) -> step``

that gives the step to add to ``param`` (an array of its shape). ``state`` is a dict the rule
owns, one per parameter, empty at the first step and kept by the caller between steps
(`gradflow.train.train` does this). The rule never changes ``param`` itself, so the caller can
measure the step it applies, whatever the optimizer.

- `sgd`: $W \leftarrow W - \eta\, dW$ (every chapter);
- `momentum`: heavy-ball momentum, $v \leftarrow \mu v + dW$, $W \leftarrow W - \eta v$;
- `adam`: Kingma & Ba (2015), which divides each entry's step by a running estimate of its
  gradient's size (chapter "RNNs, LSTM and GRU" trains its long-lag models with it).

The three agree with ``torch.optim.SGD`` (with and without ``momentum``, ``dampening=0``) and
``torch.optim.Adam`` (no weight decay, no AMSGrad).
"""

from __future__ import annotations

import numpy as np

from ._checks import check_number


def sgd(lr):
    r"""Plain gradient descent: the step is $-\eta\, dW$.

    Parameters
    ----------
    lr : float, positive
        The learning rate $\eta$.

    Returns
    -------
    rule ``(param, grad, state) -> step``

    Examples
    --------
    >>> import numpy as np
    >>> rule = sgd(lr=0.1)
    >>> rule(np.ones(2), np.array([1.0, -2.0]), {}).tolist()
    [-0.1, 0.2]
    """
    lr = check_number(lr, "lr")

    def update(param, grad, state):
        return -lr * grad

    update.__name__ = f"sgd(lr={lr:g})"
    return update


def momentum(lr, beta=0.9):
    r"""Gradient descent with heavy-ball momentum: $v \leftarrow \beta v + dW$, step $-\eta v$.

    $v$ starts at 0, so the first step is plain SGD. This is PyTorch's form of momentum
    (``torch.optim.SGD(..., momentum=beta)``).

    Parameters
    ----------
    lr : float, positive
    beta : float in [0, 1), default 0.9
        How much of the last velocity is kept.

    Returns
    -------
    rule ``(param, grad, state) -> step``; ``state["velocity"]`` holds $v$.

    Examples
    --------
    >>> import numpy as np
    >>> rule, state = momentum(lr=1.0, beta=0.5), {}
    >>> # steps of -1, -1.5, -1.75
    >>> [float(rule(np.zeros(1), np.ones(1), state)[0]) for _ in range(3)]
    [-1.0, -1.5, -1.75]
    """
    lr = check_number(lr, "lr")
    beta = check_number(beta, "beta", inclusive=True)
    if beta >= 1:
        raise ValueError(f"beta must lie in [0, 1), got {beta!r}")

    def update(param, grad, state):
        state["velocity"] = beta * state.get("velocity", np.zeros_like(grad)) + grad
        return -lr * state["velocity"]

    update.__name__ = f"momentum(lr={lr:g}, beta={beta:g})"
    return update


def adam(lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    r"""Adam (Kingma & Ba, 2015): a step of about $\eta$ per entry, whatever the gradient's scale.

    $$
    \begin{gathered}
    m \leftarrow \beta_1 m + (1 - \beta_1)\, dW, \qquad v \leftarrow \beta_2 v + (1 - \beta_2)\, dW^2, \\
    \text{step} = -\eta\, \frac{m / (1 - \beta_1^t)}{\sqrt{v / (1 - \beta_2^t)} + \epsilon},
    \end{gathered}
    $$

    with $m = v = 0$ at first and $t$ the number of steps taken, bias-corrected.

    Parameters
    ----------
    lr : float, positive, default 1e-3
    beta1, beta2 : float in [0, 1)
        Decay rates of the running mean and the running mean square of the gradient.
    eps : float, positive
        Keeps the step finite where the gradient has been zero.

    Returns
    -------
    rule ``(param, grad, state) -> step``; ``state`` holds ``t``, ``m`` and ``v``.

    Examples
    --------
    >>> import numpy as np
    >>> rule, state = adam(lr=0.01), {}
    >>> # small and large gradients alike
    >>> step = rule(np.zeros(2), np.array([1e-3, 100.0]), state)
    >>> step.round(6).tolist(), state["t"]
    ([-0.01, -0.01], 1)
    """
    lr = check_number(lr, "lr")
    for name, value in (("beta1", beta1), ("beta2", beta2)):
        if check_number(value, name, inclusive=True) >= 1:
            raise ValueError(f"{name} must lie in [0, 1), got {value!r}")
    eps = check_number(eps, "eps")

    def update(param, grad, state):
        t = state["t"] = state.get("t", 0) + 1
        m = state["m"] = beta1 * state.get("m", np.zeros_like(grad)) + (1 - beta1) * grad
        v = state["v"] = beta2 * state.get("v", np.zeros_like(grad)) + (1 - beta2) * grad * grad
        return -lr * (m / (1 - beta1**t)) / (np.sqrt(v / (1 - beta2**t)) + eps)

    update.__name__ = f"adam(lr={lr:g})"
    return update
