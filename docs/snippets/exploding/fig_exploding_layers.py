import numpy as np

from gradflow.book.exploding import exploding_relu
from gradflow.book.language import label
from gradflow.plotting import figure, to_svg

runs = exploding_relu(scales=(1.0, 2.0), hidden_layers=8, width=64)
with figure() as (fig, ax):
    for (scale, run), marker in zip(runs.items(), ["o", "s"]):
        layers = np.arange(1, run["speeds"].size + 1)
        name = label(vi="khởi tạo He", en="He initialization") if scale == 1.0 else label(
            vi=f"khởi tạo He × {scale:g}", en=f"He initialization × {scale:g}")
        ax.semilogy(layers, run["speeds"], marker + "-", label=name)
    ax.set_xticks(layers)
    ax.set_xlabel(label(vi="tầng (1 = gần đầu vào)", en="layer (1 = next to the input)"))
    ax.set_ylabel("‖∂ℒ/∂bˡ‖")
    ax.legend()
print(to_svg(fig, alt=label(
    vi="Độ lớn gradient theo từng tầng của một mạng ReLU 9 tầng lúc khởi tạo. Với khởi tạo He, đường gần như nằm ngang; "
       "khi trọng số lớn gấp đôi, gradient tăng khoảng gấp đôi mỗi tầng khi đi về phía đầu vào.",
    en="Gradient size by layer in a 9-layer ReLU network at initialization. With He initialization the line is nearly "
       "flat; with weights twice as large the gradient roughly doubles at every layer towards the input.")))
