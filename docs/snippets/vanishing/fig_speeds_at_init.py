import numpy as np

from gradflow.book.language import label
from gradflow.book.vanishing import nielsen_speeds_at_init
from gradflow.plotting import figure, to_svg

speeds = nielsen_speeds_at_init(depths=(1, 2, 3, 4), seeds=5, n=1000)
with figure() as (fig, ax):
    for (depth, runs), marker in zip(speeds.items(), "os^D"):
        layers = np.arange(1, depth + 1)
        ax.semilogy(layers, runs.mean(axis=0), marker + "-", label=label(vi=f"{depth} tầng ẩn", en=f"{depth} hidden layers"))
    ax.set_xticks([1, 2, 3, 4])
    ax.set_xlabel(label(vi="tầng ẩn (1 = gần đầu vào)", en="hidden layer (1 = next to the input)"))
    ax.set_ylabel(label(vi="tốc độ học ‖∂ℒ/∂bˡ‖", en="speed of learning ‖∂ℒ/∂bˡ‖"))
    ax.legend(loc="lower right")
print(to_svg(fig, alt=label(
    vi="Tốc độ học của từng tầng ẩn lúc khởi tạo, thang log, cho mạng sigmoid có 1 đến 4 tầng ẩn. Ở mọi độ sâu, đường đi "
       "lên từ trái sang phải: tầng gần đầu vào học chậm hơn tầng sau nó khoảng năm lần.",
    en="Speed of learning of each hidden layer at initialization, log scale, for sigmoid nets with 1 to 4 hidden layers. "
       "At every depth the line rises from left to right: a layer near the input learns about five times slower than "
       "the next one.")))
