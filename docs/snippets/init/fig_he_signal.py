import numpy as np

from gradflow.book.init import he_signal
from gradflow.book.language import label
from gradflow.plotting import figure, to_svg

run = he_signal(depth=30, slope=0.5)
cases = {"relu_xavier": ("ReLU, Xavier: 1/n", "o-"),
         "relu_he": ("ReLU, He: 2/n", "s-"),
         "leaky_he": (label(vi="leaky ReLU α = 0,5, He: 2/n", en="leaky ReLU α = 0.5, He: 2/n"), "^--"),
         "leaky_prelu": (label(vi="leaky ReLU α = 0,5: 2/((1+α²)n)", en="leaky ReLU α = 0.5: 2/((1+α²)n)"), "d:")}
layers = np.arange(1, len(run["relu_he"]) + 1)
with figure(height=4.4) as (fig, ax):
    for case, (name, style) in cases.items():
        ax.plot(layers, run[case], style, ms=4, label=name)
    ax.set_yscale("log")
    ax.set_xlabel(label(vi="tầng l", en="layer l"))
    ax.set_ylabel(label(vi="phương sai tín hiệu Var[zˡ]", en="signal variance Var[zˡ]"))
    ax.legend(fontsize=10, loc="lower left")
print(to_svg(fig, alt=label(
    vi="Phương sai của tiền kích hoạt qua 30 tầng, thang log. ReLU với khởi tạo Xavier: đường thẳng đi xuống, phương "
       "sai giảm một nửa mỗi tầng, còn khoảng 10⁻⁹ ở tầng 30. ReLU với khởi tạo He: nằm ngang. Leaky ReLU độ dốc 0,5 "
       "với khởi tạo He thường: đi lên khoảng 1,25 lần mỗi tầng. Leaky ReLU với khởi tạo đã hiệu chỉnh: nằm ngang.",
    en="Variance of the pre-activations through 30 layers, log scale. ReLU with Xavier init: a straight line going "
       "down, the variance halving at every layer to about 10⁻⁹ at layer 30. ReLU with He init: flat. Leaky ReLU "
       "with slope 0.5 and plain He init: rising about 1.25 times per layer. Leaky ReLU with the corrected init: "
       "flat.")))
