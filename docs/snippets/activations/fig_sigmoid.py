import numpy as np

from gradflow.activations import sigmoid, sigmoid_grad
from gradflow.book.language import label
from gradflow.plotting import figure, to_svg

z = np.linspace(-8, 8, 801)
with figure() as (fig, ax):
    ax.plot(z, sigmoid(z), label="σ(z)")
    ax.plot(z, sigmoid_grad(z), "--", label="σ′(z)")
    ax.annotate(label(vi="đỉnh σ′(0) = 0,25", en="peak σ′(0) = 0.25"), xy=(0, 0.25), xytext=(1.5, 0.45),
                arrowprops={"arrowstyle": "->"})
    ax.set_xlabel(label(vi="tiền kích hoạt z", en="pre-activation z"))
    ax.set_ylim(-0.05, 1.05)
    ax.legend(loc="upper left")
print(to_svg(fig, decimal_mark=label(vi=",", en="."), alt=label(
    vi="Đồ thị hàm sigmoid, tăng từ 0 lên 1, và đạo hàm của nó: một đường hình chuông cao nhất 0,25 tại z = 0, gần bằng 0 "
       "khi |z| > 5.",
    en="The sigmoid, rising from 0 to 1, and its derivative: a bell-shaped curve peaking at 0.25 at z = 0, near zero for "
       "|z| > 5.")))
