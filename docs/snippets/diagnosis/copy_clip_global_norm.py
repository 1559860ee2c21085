import numpy as np


def clip_by_global_norm(grads, max_norm):
    """Scale all gradients together so their joint L2 norm is at most
    max_norm.

    Returns the clipped list and the norm before clipping (worth logging: it
    tells you which threshold to pick). The direction of the update is
    unchanged.
    """
    norm = float(np.sqrt(sum(np.sum(g * g) for g in grads)))
    if not np.isfinite(norm):
        raise ValueError(f"gradient norm is {norm}: clip before it "
                         "overflows, or lower the learning rate")
    scale = min(1.0, max_norm / (norm + 1e-12))
    return [g * scale for g in grads], norm


# Example: a gradient of norm 13 clipped to norm 1 keeps its direction.
grads = [np.array([3.0, 4.0]), np.array([[12.0]])]
clipped, norm = clip_by_global_norm(grads, max_norm=1.0)
flat = np.concatenate([g.ravel() for g in clipped])
print(f"norm before: {norm:.1f}, after: {np.linalg.norm(flat):.3f}")
original = np.concatenate([g.ravel() for g in grads])
print("direction kept:", np.allclose(flat * norm, original))
assert abs(np.linalg.norm(flat) - 1.0) < 1e-9
