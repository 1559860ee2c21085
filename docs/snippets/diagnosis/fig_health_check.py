import numpy as np

from gradflow.book.cache import settings
from gradflow.book.diagnosis import health_check
from gradflow.book.exploding import exploding_relu
from gradflow.book.language import label, number, scientific
from gradflow.plotting import EXPLODING, HEALTHY, VANISHING, figure, to_svg

lr = settings(exploding_relu)["lr"]  # the learning rate the chapter "Exploding gradients" trains with
names = {"healthy": label(vi="ổn định: ReLU, khởi tạo He", en="healthy: ReLU, He init"),
         "vanishing": label(vi="tiêu biến: sigmoid", en="vanishing: sigmoid"),
         "exploding": label(vi="bùng nổ: ReLU, He × 2", en="exploding: ReLU, He × 2")}
run = health_check()

with figure(1, 2, height=3, sharex=True) as (fig, (gradients, ratios)):
    colours = {"healthy": HEALTHY, "vanishing": VANISHING, "exploding": EXPLODING}  # the book's meanings
    for (name, text), marker in zip(names.items(), "os^"):
        dW, W = run[name]["dW_norms"], run[name]["W_norms"]
        layers = np.arange(1, dW.size + 1)
        gradients.semilogy(layers, dW, marker + "-", ms=4, color=colours[name], label=text)
        ratios.semilogy(layers, lr * dW / W, marker + "-", ms=4, color=colours[name], label=text)
    ratios.axhline(1e-3, color="0.5", linestyle=":")
    ratios.annotate(label(vi="quy tắc kinh nghiệm 10⁻³", en="rule of thumb 10⁻³"), xy=(layers[0], 7e-4), va="top", color="0.35")
    gradients.set_title("‖∂ℒ/∂Wˡ‖")
    ratios.set_title(label(vi="tỉ số cập nhật", en="update ratio") + f", η = {number(lr)}")
    for ax in (gradients, ratios):
        ax.set_xticks(layers)
        ax.set_xlabel(label(vi="tầng (1 = gần đầu vào)", en="layer (1 = next to the input)"))
    gradients.legend(loc="lower right")
healthy, doubled = (lr * run[name]["dW_norms"] / run[name]["W_norms"] for name in ("healthy", "exploding"))
fall = run["vanishing"]["dW_norms"][0] / run["vanishing"]["dW_norms"][-1]  # first layer against the last
above = run["exploding"]["dW_norms"] / run["healthy"]["dW_norms"]
print(to_svg(fig, alt=label(
    vi=f"Gradient theo trọng số và tỉ số cập nhật theo tầng của ba mạng {layers.size} tầng lúc khởi tạo, thang log. "
       f"Mạng ổn định: gần như nằm ngang, tỉ số cập nhật từ {scientific(healthy.min(), 1)} đến {scientific(healthy.max(), 1)}, "
       f"gần mốc 10⁻³. Mạng sigmoid: giảm mạnh về phía đầu vào, gradient ở tầng 1 chỉ bằng {scientific(fall, 1)} lần ở "
       f"tầng cuối. Mạng có trọng số gấp đôi: gần như nằm ngang nhưng cao hơn mạng ổn định {number(above.min(), '.0f')} "
       f"đến {number(above.max(), '.0f')} lần, tỉ số cập nhật từ {number(doubled.min(), '.2g')} đến {number(doubled.max(), '.2g')}.",
    en=f"Weight gradients and update ratios by layer for three {layers.size}-layer networks at initialization, "
       f"log scale. Healthy: nearly flat, update ratios from {scientific(healthy.min(), 1)} to "
       f"{scientific(healthy.max(), 1)}, near the rule of thumb 10⁻³. Sigmoid: falling steeply towards the input, the "
       f"first layer's gradient only {scientific(fall, 1)} times the last one's. Doubled weights: nearly flat but "
       f"{above.min():.0f} to {above.max():.0f} times the healthy net's, update ratios from "
       f"{number(doubled.min(), '.2g')} to {number(doubled.max(), '.2g')}."),
    decimal_mark=label(vi=",", en=".")))  # tick labels in the page's language
