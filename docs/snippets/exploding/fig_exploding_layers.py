import numpy as np

from gradflow.book.exploding import exploding_relu
from gradflow.book.language import label, number
from gradflow.plotting import figure, to_svg

runs = exploding_relu()
doubled = max(runs)
with figure(1, 2, height=2.9, sharey=True) as (fig, (weights, biases)):
    for (scale, run), marker in zip(runs.items(), ["o", "s"]):
        layers = np.arange(1, run["speeds"].size + 1)
        name = label(vi="khởi tạo He", en="He initialization") if scale == 1.0 else label(
            vi=f"khởi tạo He × {number(scale)}", en=f"He initialization × {number(scale)}")
        weights.semilogy(layers, run["dW_norms"], marker + "-", label=name)
        biases.semilogy(layers, run["speeds"], marker + "-", label=name)
    for ax, title in ((weights, "‖∂ℒ/∂Wˡ‖"), (biases, "‖∂ℒ/∂bˡ‖")):
        ax.set_title(title)
        ax.set_xticks(layers)
        ax.set_xlabel(label(vi="tầng (1 = gần đầu vào)", en="layer (1 = next to the input)"))
    weights.set_ylabel(label(vi="độ lớn gradient", en="gradient size"))
    biases.legend()
print(to_svg(fig, decimal_mark=label(vi=",", en="."), alt=label(
    vi=f"Độ lớn gradient theo từng tầng của một mạng ReLU {layers.size} tầng lúc khởi tạo, thang log; trái: gradient "
       f"theo trọng số, phải: gradient theo hệ số điều chỉnh. Với khởi tạo He, cả hai đường gần như nằm ngang. Khi "
       f"trọng số lớn gấp {number(doubled)}, gradient theo trọng số tăng lên như nhau ở mọi tầng và vẫn gần như nằm "
       f"ngang, còn gradient theo hệ số điều chỉnh tăng dần khi đi về phía đầu vào.",
    en=f"Gradient size by layer in a {layers.size}-layer ReLU network at initialization, log scale; left: the weight "
       f"gradients, right: the bias gradients. With He initialization both are nearly flat. With weights {number(doubled)} "
       f"times as large, the weight gradients grow by the same amount in every layer and stay nearly flat, while the "
       f"bias gradients rise towards the input.")))
