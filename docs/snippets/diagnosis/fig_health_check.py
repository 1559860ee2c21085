import numpy as np

from gradflow.book.language import label
from gradflow.data import digits_like
from gradflow.diagnostics import layer_speeds
from gradflow.init import scaled_he_init
from gradflow.mlp import MLP
from gradflow.plotting import figure, to_svg

X, y = digits_like(500, rng=np.random.default_rng(0))
sizes = [64] + [64] * 8 + [10]
nets = {
    label(vi="khỏe: ReLU, khởi tạo He", en="healthy: ReLU, He init"): MLP(sizes, "relu", "he_normal",
                                                                        rng=np.random.default_rng(1)),
    label(vi="tiêu biến: sigmoid", en="vanishing: sigmoid"): MLP(sizes, "sigmoid", "xavier_normal",
                                                                  rng=np.random.default_rng(1)),
    label(vi="bùng nổ: ReLU, He × 2", en="exploding: ReLU, He × 2"): MLP(sizes, "relu", scaled_he_init(2.0),
                                                                          rng=np.random.default_rng(1)),
}

with figure() as (fig, ax):
    for (name, net), marker in zip(nets.items(), "os^"):
        _, grads = net.loss_and_grads(X, y)
        speeds = layer_speeds(grads)
        ax.semilogy(np.arange(1, speeds.size + 1), speeds, marker + "-", ms=4, label=name)
    ax.set_xlabel(label(vi="tầng (1 = gần đầu vào)", en="layer (1 = next to the input)"))
    ax.set_ylabel("‖∂ℒ/∂bˡ‖")
    ax.legend(loc="lower right")
print(to_svg(fig, alt=label(
    vi="Độ lớn gradient theo tầng của ba mạng 9 tầng lúc khởi tạo, thang log. Mạng khỏe: gần như nằm ngang. Mạng "
       "sigmoid: giảm mạnh về phía đầu vào. Mạng có trọng số gấp đôi: tăng mạnh về phía đầu vào.",
    en="Gradient size by layer for three 9-layer networks at initialization, log scale. Healthy: nearly flat. "
       "Sigmoid: falls steeply towards the input. Doubled weights: rises steeply towards the input.")))
