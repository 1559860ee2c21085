import numpy as np

from gradflow.book.cache import settings
from gradflow.book.exploding import exploding_relu
from gradflow.book.language import label, number
from gradflow.data import digits_like
from gradflow.init import scaled_he_init
from gradflow.mlp import MLP
from gradflow.plotting import figure, to_svg

lr = settings(exploding_relu)["lr"]  # the learning rate the chapter "Exploding gradients" trains with
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

with figure(1, 2, width=7.5, height=3.6, sharex=True) as (fig, (gradients, ratios)):
    for (name, net), marker in zip(nets.items(), "os^"):
        _, grads = net.loss_and_grads(X, y)
        dW = np.array([np.linalg.norm(g) for g in grads.dW])
        W = np.array([np.linalg.norm(w) for w in net.W])
        layers = np.arange(1, dW.size + 1)
        gradients.semilogy(layers, dW, marker + "-", ms=4, label=name)
        ratios.semilogy(layers, lr * dW / W, marker + "-", ms=4, label=name)
    ratios.axhline(1e-3, color="0.5", linestyle=":")
    ratios.annotate(label(vi="quy tắc kinh nghiệm 10⁻³", en="rule of thumb 10⁻³"), xy=(layers[0], 7e-4), va="top",
                    fontsize=8, color="0.35")
    gradients.set_title("‖∂ℒ/∂Wˡ‖")
    ratios.set_title(label(vi="tỉ số cập nhật", en="update ratio") + f", η = {number(lr)}")
    for ax in (gradients, ratios):
        ax.set_xticks(layers)
        ax.set_xlabel(label(vi="tầng (1 = gần đầu vào)", en="layer (1 = next to the input)"))
    gradients.legend(loc="lower right", fontsize=8)
print(to_svg(fig, alt=label(
    vi=f"Gradient của trọng số và tỉ số cập nhật theo tầng của ba mạng {layers.size} tầng lúc khởi tạo, thang log. "
       "Mạng khỏe: gần như nằm ngang, tỉ số cập nhật gần 10⁻³. Mạng sigmoid: giảm mạnh về phía đầu vào. Mạng có "
       "trọng số gấp đôi: gần như nằm ngang nhưng cao hơn mạng khỏe nhiều bậc, tỉ số cập nhật cỡ 1.",
    en=f"Weight gradients and update ratios by layer for three {layers.size}-layer networks at initialization, "
       "log scale. Healthy: nearly flat, update ratios near 10⁻³. Sigmoid: falling steeply towards the input. "
       "Doubled weights: nearly flat but orders of magnitude above the healthy net, update ratios of order 1.")))
