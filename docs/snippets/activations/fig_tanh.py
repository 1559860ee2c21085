import numpy as np

from gradflow.activations import sigmoid_grad, tanh, tanh_grad
from gradflow.book.language import label
from gradflow.plotting import figure, to_svg

z = np.linspace(-5, 5, 801)
with figure() as (fig, ax):
    ax.plot(z, tanh(z), label="tanh(z)")
    ax.plot(z, tanh_grad(z), "--", label="tanh′(z)")
    ax.plot(z, sigmoid_grad(z), ":", color="0.45", label="σ′(z)")
    ax.set_xlabel(label(vi="tiền kích hoạt z", en="pre-activation z"))
    ax.set_ylim(-1.1, 1.1)
    ax.legend(loc="lower right")
print(to_svg(fig, decimal_mark=label(vi=",", en="."), alt=label(
    vi="Đồ thị tanh, đi từ −1 đến 1 qua gốc tọa độ, và đạo hàm của nó, cao nhất bằng 1 tại z = 0, gấp bốn lần đỉnh của σ′.",
    en="tanh, going from −1 to 1 through the origin, and its derivative, peaking at 1 at z = 0, four times the peak of σ′.")))
