import numpy as np

from gradflow.book.language import label, number
from gradflow.descent import quadratic_iterates
from gradflow.plotting import figure, to_svg

lines = [(0.3, "-"), (0.9, "-"), (1.6, "--"), (1.95, "--"), (2.05, ":")]
with figure() as (fig, ax):
    for eta_lambda, style in lines:
        w = quadratic_iterates(1.0, eta_lambda, 1.0, 40)  # lambda = 1, so lr = eta * lambda
        ax.semilogy(np.abs(w), style, label=f"ηλ = {number(eta_lambda)}")
    ax.set_xlabel(label(vi="bước t", en="step t"))
    ax.set_ylabel("|wₜ| = |1 − ηλ|ᵗ |w₀|")
    ax.legend(ncol=2)
above = number(max(eta_lambda for eta_lambda, _ in lines))  # the one line past the threshold ηλ = 2
print(to_svg(fig, decimal_mark=label(vi=",", en="."), alt=label(
    vi="|wₜ| theo thang log khi hạ gradient trên ½λw². Mọi đường có ηλ < 2 đi xuống, nhanh nhất khi ηλ gần 1; "
       f"đường ηλ = {above} đi lên.",
    en="|wₜ| on a log scale for gradient descent on ½λw². Every line with ηλ < 2 goes down, fastest when ηλ is near 1; "
       f"the ηλ = {above} line goes up.")))
