import numpy as np

from gradflow.book.cache import settings
from gradflow.book.init import he_signal
from gradflow.book.language import label, number, power_of_ten
from gradflow.plotting import figure, to_svg

run = he_signal(depth=30, slope=0.5)
slope = number(settings(he_signal)["slope"])
cases = {"relu_xavier": ("ReLU, Xavier: 1/n", "o-"),
         "relu_he": ("ReLU, He: 2/n", "s-"),
         "leaky_he": (f"leaky ReLU (α = {slope}), He: 2/n", "^--"),
         "leaky_prelu": (f"leaky ReLU (α = {slope}): 2/((1+α²)n)", "d:")}
layers = np.arange(1, len(run["relu_he"]) + 1)
with figure(height=3.7) as (fig, ax):
    for case, (name, style) in cases.items():
        ax.plot(layers, run[case], style, ms=4, label=name)
    ax.set_yscale("log")
    ax.set_xlabel(label(vi="tầng l", en="layer l"))
    ax.set_ylabel(label(vi="phương sai tín hiệu Var[zˡ]", en="signal variance Var[zˡ]"))
    ax.legend(loc="lower left")
depth, bottom = layers[-1], power_of_ten(run["relu_xavier"][-1])
growth = number(float(np.exp(np.mean(np.log(run["leaky_he"][1:] / run["leaky_he"][:-1])))), ".2f")  # per layer
print(to_svg(fig, alt=label(
    vi=f"Phương sai của tiền kích hoạt qua {depth} tầng, thang log. ReLU với khởi tạo Xavier: đường thẳng đi xuống, "
       f"phương sai giảm một nửa mỗi tầng, còn khoảng {bottom} ở tầng {depth}. ReLU với khởi tạo He: nằm ngang. Leaky "
       f"ReLU độ dốc {slope} với khởi tạo He thường: đi lên, mỗi tầng nhân khoảng {growth} lần. Leaky ReLU với khởi tạo đã "
       "hiệu chỉnh: nằm ngang.",
    en=f"Variance of the pre-activations through {depth} layers, log scale. ReLU with Xavier init: a straight line going "
       f"down, the variance halving at every layer to about {bottom} at layer {depth}. ReLU with He init: flat. Leaky "
       f"ReLU with slope {slope} and plain He init: rising about {growth} times per layer. Leaky ReLU with the corrected "
       "init: flat."),
    decimal_mark=label(vi=",", en=".")))  # tick labels in the page's language
