import numpy as np

from gradflow.activations import relu, relu_grad
from gradflow.book.language import label
from gradflow.plotting import PALETTE, figure, to_svg

z = np.linspace(-3, 3, 601)
with figure() as (fig, ax):
    ax.plot(z, relu(z), label="ReLU(z)")
    ax.plot(z[z < 0], relu_grad(z[z < 0]), "--", color=PALETTE[1], label="ReLU′(z)")
    ax.plot(z[z > 0], relu_grad(z[z > 0]), "--", color=PALETTE[1])
    ax.plot([0], [1], "o", mfc="white", color=PALETTE[1])
    ax.plot([0], [relu_grad(0.0)], "o", color=PALETTE[1])
    ax.annotate(label(vi="quy ước: ReLU′(0) = 0", en="convention: ReLU′(0) = 0"), xy=(0, 0), xytext=(0.4, 0.5),
                arrowprops={"arrowstyle": "->"})
    ax.set_xlabel(label(vi="tiền kích hoạt z", en="pre-activation z"))
    ax.legend(loc="upper left")
print(to_svg(fig, decimal_mark=label(vi=",", en="."), alt=label(
    vi="ReLU bằng 0 khi z âm và bằng z khi z dương; đạo hàm nhảy từ 0 lên 1 tại z = 0, nơi ta quy ước đạo hàm bằng 0.",
    en="ReLU is 0 for negative z and z for positive z; its derivative jumps from 0 to 1 at z = 0, where we take it to be 0.")))
