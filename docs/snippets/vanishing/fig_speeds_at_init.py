import numpy as np

from gradflow.book.language import label, number
from gradflow.book.vanishing import nielsen_speeds_at_init
from gradflow.plotting import figure, to_svg

speeds = nielsen_speeds_at_init(depths=(1, 2, 3, 4), seeds=5, n=1000)
with figure() as (fig, ax):
    for (depth, runs), marker in zip(speeds.items(), "os^D"):
        layers = np.arange(1, depth + 1)
        ax.semilogy(layers, runs.mean(axis=0), marker + "-", label=label(vi=f"{depth} tầng ẩn", en=f"{depth} hidden layers"))
    ax.set_xticks(np.arange(1, max(speeds) + 1))
    ax.set_xlabel(label(vi="tầng ẩn (1 = gần đầu vào)", en="hidden layer (1 = next to the input)"))
    ax.set_ylabel(label(vi="nhịp học ‖∂ℒ/∂bˡ‖", en="speed of learning ‖∂ℒ/∂bˡ‖"))
    ax.legend(loc="lower right")
# how many times slower each layer learns than the next: the typical (geometric mean) ratio over every depth
ratios = np.concatenate([np.diff(np.log(runs.mean(axis=0))) for runs in speeds.values()])
slower = number(np.exp(ratios.mean()), ".0f")
print(to_svg(fig, decimal_mark=label(vi=",", en="."), alt=label(
    vi=f"Nhịp học của từng tầng ẩn lúc khởi tạo, thang log, cho mạng sigmoid có {min(speeds)} đến {max(speeds)} tầng ẩn. "
       f"Ở mọi độ sâu, đường đi lên từ trái sang phải: tầng gần đầu vào học chậm hơn tầng sau nó khoảng {slower} lần.",
    en=f"Speed of learning of each hidden layer at initialization, log scale, for sigmoid nets with {min(speeds)} to "
       f"{max(speeds)} hidden layers. At every depth the line rises from left to right: a layer near the input learns "
       f"about {slower} times slower than the next one.")))
