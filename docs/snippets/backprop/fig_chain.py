import numpy as np

from gradflow.book.backprop import sigmoid_chain
from gradflow.book.language import label
from gradflow.plotting import PALETTE, figure, to_svg

chain = sigmoid_chain(layers=10, seed=0)  # input 1, loss ℒ = a_L
db, factors = chain["db"], chain["factors"]
L = db.size

layers = np.arange(1, L + 1)
with figure(height=3.4) as (fig, ax):
    ax.bar(layers[1:], np.abs(factors), color=PALETTE[5], label=label(vi="|wⱼ σ′(zⱼ)|, thừa số của tầng j",
                                                                        en="|wⱼ σ′(zⱼ)|, the factor of layer j"))
    ax.plot(layers, np.abs(db), "o-", color=PALETTE[1], label=label(vi="|∂ℒ/∂bₗ|, tích tới tầng l",
                                                                      en="|∂ℒ/∂bₗ|, product down to layer l"))
    ax.set_yscale("log")
    ax.set_xticks(layers)
    ax.set_xlabel(label(vi="tầng", en="layer"))
    fig.legend(loc="outside upper center")
print(to_svg(fig, alt=label(
    vi=f"Chuỗi {L} nơ-ron sigmoid. Cột: độ lớn thừa số w·σ′(z) của từng tầng, đều nhỏ hơn 1. "
       "Đường: |∂ℒ/∂b| của từng tầng, nhỏ dần theo cấp số nhân khi đi về phía đầu vào.",
    en=f"A chain of {L} sigmoid neurons. Bars: the size of each layer's factor w·σ′(z), all below 1. "
       "Line: |∂ℒ/∂b| of each layer, shrinking geometrically towards the input.")))
