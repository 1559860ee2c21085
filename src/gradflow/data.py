"""Small toy datasets drawn from an explicit rng: the same seed always gives the same data.

- `two_moons`, `spirals`, `digits_like`: ``X`` of shape (N, D) in float64 and integer labels
  ``y`` of shape (N,) (chapters "Exploding gradients", "Activation functions" and the remedies);
- `adding_problem`, `copy_memory`: long-range sequence tasks, ``X`` of shape (N, T, D)
  (chapter "RNNs, LSTM and GRU").

Every chapter draws its data here.
"""

from __future__ import annotations

import numpy as np

from ._checks import check_number, check_positive_int, check_rng


def _check_noise(noise):
    return check_number(noise, "noise", inclusive=True)


def spirals(n_per_class, n_classes=3, noise=0.2, *, rng):
    """Interleaved spiral arms, one per class (the CS231n toy problem).

    Parameters
    ----------
    n_per_class : int
    n_classes : int, default 3
    noise : float, default 0.2
        Standard deviation of the angular jitter.
    rng : numpy.random.Generator

    Returns
    -------
    X : ndarray, shape (n_per_class * n_classes, 2)
    y : ndarray of int, shape (n_per_class * n_classes,)

    Examples
    --------
    >>> import numpy as np
    >>> X, y = spirals(50, rng=np.random.default_rng(0))
    >>> X.shape, np.bincount(y).tolist()
    ((150, 2), [50, 50, 50])
    """
    n_per_class = check_positive_int(n_per_class, "n_per_class")
    n_classes = check_positive_int(n_classes, "n_classes")
    noise = _check_noise(noise)
    check_rng(rng)
    radius = np.tile(np.linspace(0.0, 1.0, n_per_class), n_classes)
    y = np.repeat(np.arange(n_classes), n_per_class)
    angle = y * (2 * np.pi / n_classes) + 4.0 * radius + noise * rng.standard_normal(radius.size)
    X = np.column_stack([radius * np.sin(angle), radius * np.cos(angle)])
    return X, y


def two_moons(n, noise=0.1, *, rng):
    """Two interleaving half circles, labels 0 and 1.

    Parameters
    ----------
    n : int
        Total number of points (the first half is class 0).
    noise : float, default 0.1
        Standard deviation of the Gaussian noise added to each coordinate.
    rng : numpy.random.Generator

    Returns
    -------
    X : ndarray, shape (n, 2)
    y : ndarray of int, shape (n,)

    Examples
    --------
    >>> import numpy as np
    >>> X, y = two_moons(100, rng=np.random.default_rng(0))
    >>> X.shape, int(y.sum())
    ((100, 2), 50)
    """
    n = check_positive_int(n, "n")
    noise = _check_noise(noise)
    check_rng(rng)
    n0 = n - n // 2
    t0 = np.linspace(0.0, np.pi, n0)
    t1 = np.linspace(0.0, np.pi, n - n0)
    upper = np.column_stack([np.cos(t0), np.sin(t0)])
    lower = np.column_stack([1.0 - np.cos(t1), 0.5 - np.sin(t1)])
    X = np.vstack([upper, lower]) + noise * rng.standard_normal((n, 2))
    y = np.concatenate([np.zeros(n0, dtype=int), np.ones(n - n0, dtype=int)])
    return X, y


# Seven-segment strokes on an 8x8 grid: (row slice, column slice) of each segment.
_SEGMENTS = {
    "top": (slice(1, 2), slice(2, 6)),
    "upper_left": (slice(1, 4), slice(1, 2)),
    "upper_right": (slice(1, 4), slice(6, 7)),
    "middle": (slice(4, 5), slice(2, 6)),
    "lower_left": (slice(4, 7), slice(1, 2)),
    "lower_right": (slice(4, 7), slice(6, 7)),
    "bottom": (slice(6, 7), slice(2, 6)),
}
_DIGITS = [
    ("top", "upper_left", "upper_right", "lower_left", "lower_right", "bottom"),
    ("upper_right", "lower_right"),
    ("top", "upper_right", "middle", "lower_left", "bottom"),
    ("top", "upper_right", "middle", "lower_right", "bottom"),
    ("upper_left", "upper_right", "middle", "lower_right"),
    ("top", "upper_left", "middle", "lower_right", "bottom"),
    ("top", "upper_left", "middle", "lower_left", "lower_right", "bottom"),
    ("top", "upper_right", "lower_right"),
    ("top", "upper_left", "upper_right", "middle", "lower_left", "lower_right", "bottom"),
    ("top", "upper_left", "upper_right", "middle", "lower_right", "bottom"),
]


def digit_templates():
    """The ten clean 8x8 seven-segment digits, as an array of shape (10, 8, 8) with values 0 and 1.

    Examples
    --------
    >>> digit_templates().shape
    (10, 8, 8)
    """
    templates = np.zeros((10, 8, 8))
    for digit, segments in enumerate(_DIGITS):
        for name in segments:
            rows, cols = _SEGMENTS[name]
            templates[digit, rows, cols] = 1.0
    return templates


def digits_like(n, noise=0.3, *, rng):
    """A synthetic stand-in for handwritten digits: noisy, shifted 8x8 seven-segment digits.

    Each image is a digit template shifted by at most one pixel in each direction,
    scaled by a random stroke intensity, plus Gaussian pixel noise; pixels are
    clipped to [0, 1] and flattened to 64 features. Nothing is downloaded.

    Parameters
    ----------
    n : int
        Number of images; classes are balanced up to one image.
    noise : float, default 0.3
        Standard deviation of the pixel noise.
    rng : numpy.random.Generator

    Returns
    -------
    X : ndarray, shape (n, 64), values in [0, 1]
    y : ndarray of int, shape (n,), digits 0..9

    Examples
    --------
    >>> import numpy as np
    >>> X, y = digits_like(100, rng=np.random.default_rng(0))
    >>> X.shape, sorted(set(y.tolist())) == list(range(10))
    ((100, 64), True)
    """
    n = check_positive_int(n, "n")
    noise = _check_noise(noise)
    check_rng(rng)
    y = rng.permutation(np.arange(n) % 10)
    images = digit_templates()[y]
    shifts = rng.integers(-1, 2, size=(n, 2))
    for i, (dr, dc) in enumerate(shifts):
        images[i] = np.roll(images[i], (dr, dc), axis=(0, 1))
    intensity = rng.uniform(0.6, 1.0, size=(n, 1, 1))
    images = images * intensity + noise * rng.standard_normal(images.shape)
    return np.clip(images, 0.0, 1.0).reshape(n, 64), y


def adding_problem(n, T, rng, first_window=None):
    r"""The adding problem: the target is the sum of the two marked values of a sequence.

    Channel 0 holds values drawn from $U[0, 1]$, channel 1 is 0 except for two
    1s. The first marker lies in the first ``first_window`` steps, the second in
    the second half, so the model must remember a value for at least
    $T/2$ steps (at least $T - $ ``first_window`` steps for the first one).
    Always predicting 1, the mean of the target, gives `gradflow.losses.mse`
    $\approx 1/12$ (the target's variance is $2/12$, halved by the loss).

    Parameters
    ----------
    n : int
        Number of sequences.
    T : int, at least 2
        Sequence length.
    rng : numpy.random.Generator
    first_window : int or None
        The first marker is uniform over steps ``0 .. first_window - 1``; None means ``T // 2``.
        A fixed small window (Hochreiter & Schmidhuber used 10) makes the task harder as T grows.

    Returns
    -------
    X : ndarray, shape (n, T, 2)
    y : ndarray, shape (n, 1)

    Examples
    --------
    >>> import numpy as np
    >>> X, y = adding_problem(3, 10, np.random.default_rng(0))
    >>> X.shape, y.shape, X[:, :, 1].sum(axis=1).tolist()
    ((3, 10, 2), (3, 1), [2.0, 2.0, 2.0])
    >>> bool(np.allclose(y[:, 0], (X[:, :, 0] * X[:, :, 1]).sum(axis=1)))
    True
    """
    n = check_positive_int(n, "n")
    T = check_positive_int(T, "T")
    check_rng(rng)
    if T < 2:
        raise ValueError(f"the adding problem needs T >= 2 steps for its two markers, got T={T}")
    half = T // 2
    window = half if first_window is None else check_positive_int(first_window, "first_window")
    if window > half:
        raise ValueError(f"first_window must be at most T // 2 = {half} so the first marker lies in the first half, "
                         f"got {window}")
    values = rng.uniform(0.0, 1.0, (n, T))
    rows = np.arange(n)
    first, second = rng.integers(0, window, n), rng.integers(half, T, n)
    markers = np.zeros((n, T))
    markers[rows, first] = markers[rows, second] = 1.0
    y = (values[rows, first] + values[rows, second])[:, None]
    return np.stack([values, markers], axis=2), y


def copy_memory(n, lag, rng, n_symbols=8, length=5):
    r"""The copy-memory task: ``length`` symbols, ``lag`` steps of waiting, then the same symbols back.

    Each sequence has ``length + lag + length`` steps, one-hot over
    ``n_symbols + 2`` channels: symbols ``0 .. n_symbols - 1``, a blank
    (channel ``n_symbols``) and a "recall now" marker (channel ``n_symbols + 1``)
    at the last of the ``lag`` waiting steps. The model must output the symbols,
    in order, at the last ``length`` steps, each one ``length + lag`` steps after
    it was read. Guessing from the symbol frequencies alone gives a cross-entropy
    of $\log(n_{symbols})$.

    Parameters
    ----------
    n : int
        Number of sequences.
    lag : int, positive
    rng : numpy.random.Generator
    n_symbols : int, default 8
    length : int, default 5

    Returns
    -------
    X : ndarray, shape (n, 2 * length + lag, n_symbols + 2)
    y : ndarray of int, shape (n, length)
        The symbols to write back, in order.

    Examples
    --------
    >>> import numpy as np
    >>> X, y = copy_memory(2, lag=4, rng=np.random.default_rng(0), n_symbols=3,
    ...                     length=2)
    >>> X.shape, y.shape, bool(np.all(X.sum(axis=2) == 1))
    ((2, 8, 5), (2, 2), True)
    >>> symbols = X.argmax(axis=2)
    >>> bool(np.array_equal(symbols[:, :2], y)), symbols[0].tolist()[2:]
    (True, [3, 3, 3, 4, 3, 3])
    """
    n = check_positive_int(n, "n")
    lag = check_positive_int(lag, "lag")
    check_rng(rng)
    n_symbols = check_positive_int(n_symbols, "n_symbols")
    length = check_positive_int(length, "length")
    y = rng.integers(0, n_symbols, (n, length))
    codes = np.full((n, 2 * length + lag), n_symbols)
    codes[:, :length] = y
    codes[:, length + lag - 1] = n_symbols + 1
    return np.eye(n_symbols + 2)[codes], y
