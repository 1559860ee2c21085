"""The remedies summary's numbers: it runs no experiment of its own, it quotes the chapters'.

Examples
--------
>>> facts()["deep_relu_layers"] == settings(deep_relu_training)["depth"]
True
"""

from __future__ import annotations

from .cache import settings
from .init import deep_relu_training


def facts() -> dict:
    """The numbers the summary's prose quotes, from the settings of the chapters' experiments."""
    return {"deep_relu_layers": settings(deep_relu_training)["depth"]}
