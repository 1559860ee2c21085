import numpy as np

from gradflow.book.cache import settings
from gradflow.book.diagnosis import health_check
from gradflow.book.exploding import exploding_relu
from gradflow.book.language import label, number
from gradflow.plotting import figure, to_svg

lr = settings(exploding_relu)["lr"]  # the learning rate the chapter "Exploding gradients" trains with
names = {"healthy": label(vi="khỏe: ReLU, khởi tạo He", en="healthy: ReLU, He init"),
         "vanishing": label(vi="tiêu biến: sigmoid", en="vanishing: sigmoid"),
         "exploding": label(vi="bùng nổ: ReLU, He × 2", en="exploding: ReLU, He × 2")}
run = health_check()

with figure(1, 2, width=7.5, height=3.6, sharex=True) as (fig, (gradients, ratios)):
    for (name, text), marker in zip(names.items(), "os^"):
        dW, W = run[name]["dW_norms"], run[name]["W_norms"]
        layers = np.arange(1, dW.size + 1)
        gradients.semilogy(layers, dW, marker + "-", ms=4, label=text)
        ratios.semilogy(layers, lr * dW / W, marker + "-", ms=4, label=text)
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
