"""gradflow: a small NumPy library for watching gradients vanish and explode, and for the remedies.

Modules, one concept each:

- `gradflow.activations`: activation functions and their derivatives;
- `gradflow.gradcheck`: finite-difference checks of every derivative;
- `gradflow.init`: weight initializers;
- `gradflow.layers`: dense and activation forward/backward pairs;
- `gradflow.losses`: softmax cross-entropy and MSE;
- `gradflow.mlp`: a multilayer perceptron with per-layer gradients;
- `gradflow.train`: SGD that records per-layer gradient norms and stops on divergence;
- `gradflow.clip`: gradient clipping;
- `gradflow.batchnorm`: batch and layer normalization;
- `gradflow.residual`: residual blocks and a residual MLP;
- `gradflow.rnn`, `gradflow.lstm`, `gradflow.gru`: recurrent cells with backprop through time;
- `gradflow.sequences`: long-lag sequence tasks and a sequence model;
- `gradflow.descent`: gradient descent on small functions;
- `gradflow.chain`: Nielsen's one-neuron-per-layer chain;
- `gradflow.diagnostics`: per-layer gradient norms, dead units, born-dead probabilities;
- `gradflow.experiments`: the book's seeded, cached experiments;
- `gradflow.cache`: the memo behind them;
- `gradflow.data`: toy datasets drawn from an explicit rng;
- `gradflow.plotting`: the book's figure style and inline SVG output (needs matplotlib).
"""

from .activations import ACTIVATIONS, get_activation
from .init import INITIALIZERS, get_initializer
from .mlp import MLP, Gradients
from .train import History, train_sgd

__version__ = "0.1.0"
__all__ = ["ACTIVATIONS", "INITIALIZERS", "MLP", "Gradients", "History", "get_activation",
           "get_initializer", "train_sgd", "__version__"]
