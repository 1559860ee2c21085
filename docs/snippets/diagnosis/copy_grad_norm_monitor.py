import numpy as np


def gradient_report(layers, lr, loss=None, n_classes=None):
    """Flag vanishing, exploding or dead layers after one backward pass,
    naming the signal behind each flag.

    layers: list of dicts, input side first, one per weight layer, with "W"
        and "dW" (the weights and their gradient) and, if you have them,
        "db" (the bias gradient) and "a" (the layer's output on the batch,
        after its activation).
    lr: the learning rate of the next step.
    loss, n_classes: the cross-entropy loss on this batch and the number of
        classes, if any.
    Returns the flags as (layer, signal, diagnosis) tuples; no flag means no
    sign of trouble.
    """
    flags = []

    def flag(where, signal, diagnosis, why):
        flags.append((where, signal, diagnosis))
        at = f"layer {where}: " if where else ""
        print(f"  <- {at}{diagnosis} ({signal})\n     {why}")

    W = [float(np.linalg.norm(layer["W"])) for layer in layers]
    dW = [float(np.linalg.norm(layer["dW"])) for layer in layers]
    for i, (w, dw) in enumerate(zip(W, dW), start=1):
        sizes = f"layer {i}: |W| {w:.2e}  |dW| {dw:.2e}"
        if not (np.isfinite(w) and np.isfinite(dw)):
            print(sizes)
            flag(i, "not finite", "exploded", "inf or NaN in W or dW")
            continue
        if w == 0 or dw == 0:
            # Not a size but an absence: a layer started at zero (no ratio
            # to speak of), or no gradient at all, from dead units (the
            # dead-unit check below sees them) or a zero layer after it.
            print(f"{sizes}  (a zero W or dW: no ratio)")
            continue
        ratio = lr * dw / w
        print(f"{sizes}  update/weight {ratio:.1e}")
        # More than half: one step would move W by half its own size.
        moves = f"one step moves W by {ratio:.2g} of its norm"
        if ratio > 0.5:
            flag(i, "update ratio", "exploding", moves)
        elif ratio < 1e-6:
            flag(i, "update ratio", "vanishing",
                 f"one step moves W by {ratio:.1e} of its norm "
                 "(or the learning rate is far too small)")
    if all(np.isfinite(dW)) and dW[0] > 0 and dW[-1] > 0 and len(dW) > 1:
        spread = dW[0] / dW[-1]
        if spread < 1e-2 or spread > 1e2:
            flag(1, "weight-gradient spread",
                 "vanishing" if spread < 1 else "exploding",
                 f"|dW| of the first layer is {spread:.1e} times the last's")
    # A bias followed by a normalization gets no gradient at all: it says
    # nothing, so it is left out.
    db = [float(np.linalg.norm(layer["db"]))
          for layer in layers if "db" in layer]
    if (len(db) == len(layers) > 1 and all(np.isfinite(db))
            and db[0] > 0 and db[-1] > 0
            and min(b / w for b, w in zip(db, dW) if w > 0) > 1e-8):
        spread = db[0] / db[-1]
        if spread < 1e-2 or spread > 1e2:
            flag(1, "bias-gradient spread",
                 "vanishing" if spread < 1 else "exploding",
                 f"|db| of the first layer is {spread:.1e} times the last's")
    hidden = [(i, np.asarray(layer["a"]))
              for i, layer in enumerate(layers[:-1], start=1) if "a" in layer]
    for i, a in hidden:
        dead = float(np.mean(np.all(a <= 0, axis=0)))
        if dead > 0.5:
            flag(i, "dead units", "dead",
                 f"{dead:.0%} of its units give 0 or less for every example")
    if len(hidden) > 2 and np.std(hidden[0][1]) > 0:
        # The activations' spread, layer to layer, as a geometric mean over
        # three hidden layers or more: healthy nets keep it near 1.
        first, last = np.std(hidden[0][1]), np.std(hidden[-1][1])
        rate = float((last / first) ** (1 / (len(hidden) - 1)))
        if rate < 0.8 or rate > 1.25:
            flag(hidden[-1][0], "activation spread",
                 "vanishing" if rate < 1 else "exploding",
                 f"the activations' std changes by x{rate:.2f} per layer")
    if loss is not None and not np.isfinite(loss):
        flag(None, "loss", "exploded", "the loss is inf or NaN")
    elif loss is not None and n_classes and loss > 10 * np.log(n_classes):
        flag(None, "loss", "exploding",
             f"{loss:.3g} at the start, against ln {n_classes} = "
             f"{np.log(n_classes):.2f} for a uniform guess")
    return flags


# Example: a 5-layer net whose weight gradients shrink tenfold per layer
# towards the input.
rng = np.random.default_rng(0)
layers = [{"W": rng.standard_normal((30, 30)) * 0.2,
           "dW": rng.standard_normal((30, 30)) * 10.0 ** (l - 6)}
          for l in range(1, 6)]
flags = gradient_report(layers, lr=0.1)
assert [diagnosis for _, _, diagnosis in flags] == ["vanishing"]
