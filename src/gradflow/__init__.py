"""gradflow: a small NumPy library for watching gradients vanish and explode, and for the remedies.

Modules, one concept each:

- :mod:`gradflow.activations`: activation functions and their derivatives;
- :mod:`gradflow.gradcheck`: finite-difference checks of every derivative;
- :mod:`gradflow.init`: weight initializers;
- :mod:`gradflow.layers`: dense and activation forward/backward pairs;
- :mod:`gradflow.losses`: softmax cross-entropy and MSE;
- :mod:`gradflow.mlp`: a multilayer perceptron with per-layer gradients;
- :mod:`gradflow.train`: SGD that records per-layer gradient norms and stops on divergence;
- :mod:`gradflow.clip`: gradient clipping;
- :mod:`gradflow.data`: toy datasets drawn from an explicit rng;
- :mod:`gradflow.plotting`: the book's figure style and inline SVG output (needs matplotlib).
"""

from .activations import ACTIVATIONS, get_activation
from .init import INITIALIZERS, get_initializer
from .mlp import MLP, Gradients
from .train import History, train_sgd

__version__ = "0.1.0"
__all__ = ["ACTIVATIONS", "INITIALIZERS", "MLP", "Gradients", "History", "get_activation",
           "get_initializer", "train_sgd", "__version__"]
