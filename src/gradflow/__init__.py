"""gradflow: a small NumPy library for watching gradients vanish and explode, and for the remedies.

Modules, one concept each:

- `gradflow.activations`: activation functions and their derivatives;
- `gradflow.gradcheck`: finite-difference checks of every derivative;
- `gradflow.init`: weight initializers;
- `gradflow.layers`: dense and activation forward/backward pairs;
- `gradflow.losses`: softmax cross-entropy, MSE and accuracy;
- `gradflow.mlp`: a multilayer perceptron with per-layer gradients;
- `gradflow.optim`: update rules (SGD, momentum, Adam);
- `gradflow.train`: a training loop that records per-layer gradient norms and stops on divergence;
- `gradflow.clip`: gradient clipping;
- `gradflow.batchnorm`: batch and layer normalization;
- `gradflow.residual`: residual blocks and a residual MLP;
- `gradflow.rnn`, `gradflow.lstm`, `gradflow.gru`: recurrent cells with backprop through time;
- `gradflow.sequences`: a sequence model over any of the three cells;
- `gradflow.descent`: gradient descent on small functions;
- `gradflow.chain`: Nielsen's one-neuron-per-layer chain;
- `gradflow.diagnostics`: per-layer gradient norms, dead units, born-dead probabilities and more;
- `gradflow.data`: toy datasets and sequence tasks drawn from an explicit rng;
- `gradflow.plotting`: the book's figure style and inline SVG output (needs matplotlib).

Every layer follows one contract: forward ``(input, *params, **options) -> (out, cache)``,
backward ``(dout, cache) ->`` a named tuple, the input's gradient first, then the parameters'
in the forward's order.

The book's own experiments are in `gradflow.book`, which the library never imports.
"""

from .activations import ACTIVATIONS, get_activation
from .init import INITIALIZERS, get_initializer
from .mlp import MLP, Gradients
from .train import History, train, train_sgd

__version__ = "0.1.0"
__all__ = ["ACTIVATIONS", "INITIALIZERS", "MLP", "Gradients", "History", "get_activation",
           "get_initializer", "train", "train_sgd", "__version__"]
