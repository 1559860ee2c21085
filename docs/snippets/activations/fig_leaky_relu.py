import numpy as np

from gradflow.activations import leaky_relu, leaky_relu_grad
from gradflow.book.activations import DRAWN_LEAKY_ALPHA
from gradflow.book.language import label, number
from gradflow.plotting import PALETTE, figure, to_svg

alpha = DRAWN_LEAKY_ALPHA  # ten times the default, so that the slope is visible
z = np.linspace(-3, 3, 601)
with figure() as (fig, ax):
    ax.plot(z, leaky_relu(z, alpha), label=f"leaky ReLU(z), α = {number(alpha)}")
    ax.plot(z[z < 0], leaky_relu_grad(z[z < 0], alpha), "--", color=PALETTE[1], label="leaky ReLU′(z)")
    ax.plot(z[z > 0], leaky_relu_grad(z[z > 0], alpha), "--", color=PALETTE[1])
    ax.annotate(label(vi="độ dốc α > 0: gradient không tắt", en="slope α > 0: the gradient never dies"),
                xy=(-2, alpha), xytext=(-2.9, 0.6), arrowprops={"arrowstyle": "->"})
    ax.set_xlabel(label(vi="tiền kích hoạt z", en="pre-activation z"))
    ax.legend(loc="upper left")
print(to_svg(fig, decimal_mark=label(vi=",", en="."), alt=label(
    vi=f"Leaky ReLU với α = {number(alpha)}: nhánh âm là đường dốc nhẹ αz thay vì bằng 0, nên đạo hàm bên trái bằng α chứ không bằng 0.",
    en=f"Leaky ReLU with α = {number(alpha)}: the negative branch is the gentle slope αz instead of 0, so the derivative on the left is α, not 0.")))
