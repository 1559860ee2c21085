import numpy as np
from gradflow.book.backprop import sigmoid_chain
from gradflow.book.language import label
from gradflow.plotting import PALETTE, VANISHING, arrow, figure, node, to_svg

chain = sigmoid_chain(layers=10, seed=0)  # input 1, loss ℒ = a_L
db, factors = chain["db"], chain["factors"]
L = db.size


layers = np.arange(1, L + 1)
with figure(2, 1, height=4.6, height_ratios=[1, 2.4]) as (fig, (scheme, ax)):
    # Top: the chain itself, one neuron per layer; backprop walks it from ℒ back to layer 1.
    last = str(L).translate(str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉"))  # b₁₀: the chain has L layers
    names = ["x", "σ", "σ", "σ", "…", "σ", "ℒ"]
    below = ["", "b₁", "b₂", "b₃", "", f"b{last}", ""]
    for i, (name, bias) in enumerate(zip(names, below)):
        if name == "σ":
            node(scheme, i, 0, name, pad=0.3)
        else:
            scheme.text(i, 0, name, ha="center", va="center")
        scheme.text(i, -0.62, bias, ha="center", va="center", color="0.35")
        if i > 0:
            arrow(scheme, (i - 0.72, 0), (i - 0.28, 0))
            weight = {1: "w₁", 2: "w₂", 3: "w₃", 5: f"w{last}"}.get(i, "")
            scheme.text(i - 0.5, 0.22, weight, ha="center", va="bottom", color="0.35")
    arrow(scheme, (6, 0.55), (1, 0.55), color=VANISHING, connectionstyle="arc3,rad=0.12")
    scheme.text(3.5, 1.05, label(vi="lan truyền ngược: × wⱼ σ′(zⱼ) ở mỗi tầng", en="backward: × wⱼ σ′(zⱼ) at every layer"),
                ha="center", va="center", color=VANISHING)
    scheme.set_xlim(-0.5, 6.5)
    scheme.set_ylim(-0.9, 1.35)
    scheme.set_axis_off()
    # Bottom: the factors of a random chain of L layers, and the products they make.
    ax.bar(layers[1:], np.abs(factors), color=PALETTE[5], label=label(vi="|wⱼ σ′(zⱼ)|, thừa số của tầng j",
                                                                        en="|wⱼ σ′(zⱼ)|, the factor of layer j"))
    ax.plot(layers, np.abs(db), "o-", color=VANISHING, label=label(vi="|∂ℒ/∂bₗ|, tích từ tầng l trở lên",
                                                                     en="|∂ℒ/∂bₗ|, product down to layer l"))
    ax.set_yscale("log")
    ax.set_xticks(layers)
    ax.set_xlabel(label(vi="tầng", en="layer"))
    fig.legend(loc="outside lower center")
print(to_svg(fig, decimal_mark=label(vi=",", en="."), alt=label(
    vi=f"Trên: sơ đồ một chuỗi nơ-ron sigmoid, mỗi tầng một nơ-ron, từ đầu vào x tới mất mát ℒ; lan truyền "
       f"ngược đi từ ℒ về tầng 1 và nhân thêm thừa số w·σ′(z) ở mỗi tầng. Dưới: một chuỗi {L} tầng. Cột: độ "
       "lớn của thừa số w·σ′(z) của từng tầng, đều nhỏ hơn 1. Đường: |∂ℒ/∂b| của từng tầng, nhỏ dần theo cấp số "
       "nhân khi đi về phía đầu vào.",
    en=f"Top: a diagram of a chain of sigmoid neurons, one per layer, from the input x to the loss ℒ; "
       f"backpropagation walks from ℒ back to layer 1 and multiplies in a factor w·σ′(z) at every layer. "
       f"Bottom: a chain of {L} layers. Bars: the size of each layer's factor w·σ′(z), all below 1. Line: "
       "|∂ℒ/∂b| of each layer, shrinking geometrically towards the input.")))
