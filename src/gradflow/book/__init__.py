"""The book's experiments: what the chapters of "Gradients in deep networks" run, one module per chapter.

This subpackage is the book, not the library: `gradflow` never imports it. Each module is named
like its chapter's page, snippet folder (``docs/snippets/<chapter>/``) and claim tests
(``tests/book/test_<chapter>.py``):

- `gradflow.book.backprop`, `gradflow.book.vanishing`, `gradflow.book.exploding`,
  `gradflow.book.activations`, `gradflow.book.diagnosis`: Part I;
- `gradflow.book.init`, `gradflow.book.batchnorm`, `gradflow.book.residual`,
  `gradflow.book.clipping`, `gradflow.book.rnn`: the remedies;
- `gradflow.book.nets`: the data and the nets several chapters build;
- `gradflow.book.cache`: the cache behind the experiments (and the build's one key recipe);
- `gradflow.book.language`: the page language of figure labels and numbers.

Every experiment is seeded and cached (`gradflow.book.cache.experiment`) and returns plain
NumPy arrays in dicts, so the figures and the numbers on a page come from one run, and the tests
check that run.
"""
