import numpy as np


def gradient_report(grads, vanish_ratio=1e-3, explode_norm=1e3):
    """Print the norm of each layer's gradient and flag vanishing or exploding ones.

    grads: dict mapping layer names, input side first, to gradient arrays.
    Returns the list of norms.
    """
    norms = [float(np.linalg.norm(g)) for g in grads.values()]
    largest = max(norms)
    for name, norm in zip(grads, norms):
        flag = ""
        if not np.isfinite(norm):
            flag = "  <- inf/NaN: exploded"
        elif norm > explode_norm:
            flag = "  <- exploding?"
        elif largest > 0 and norm < vanish_ratio * largest:
            flag = "  <- vanishing?"
        print(f"{name:>8}: {norm:.2e}{flag}")
    return norms


# Example: gradients that shrink by 10x per layer towards the input.
rng = np.random.default_rng(0)
grads = {f"layer{l}": rng.standard_normal((30, 30)) * 10.0 ** (l - 5) for l in range(1, 6)}
norms = gradient_report(grads)
assert norms[0] < 1e-3 * norms[-1]
