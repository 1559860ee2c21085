import numpy as np

from gradflow.book.language import label, number
from gradflow.book.vanishing import sigmoid_training
from gradflow.plotting import figure, to_svg

run = sigmoid_training(hidden_layers=4, steps=2000, lr=1.0)
steps, change = run["checkpoint_steps"], run["relative_change"]
with figure() as (fig, ax):
    for layer, marker in zip(range(change.shape[1]), "os^Dv"):
        name = label(vi=f"tầng {layer + 1}", en=f"layer {layer + 1}")
        if layer == change.shape[1] - 1:
            name += label(vi=" (đầu ra)", en=" (output)")
        ax.plot(steps, change[:, layer], marker + "-", ms=4, label=name)
    ax.set_xlabel(label(vi="bước SGD", en="SGD step"))
    ax.set_ylabel("‖Wˡₜ − Wˡ₀‖ / ‖Wˡ₀‖")
    ax.legend(ncol=2)
half = int(np.flatnonzero(steps == steps[-1] // 2)[0])  # the checkpoint halfway through
moved = [number(c, ".0%") for c in change[half]]
print(to_svg(fig, decimal_mark=label(vi=",", en="."), alt=label(
    vi=f"Trọng số mỗi tầng đã dịch chuyển bao xa so với lúc khởi tạo. Trong {steps[half]} bước đầu, tầng 1 và 2 gần như "
       f"đứng yên (chỉ thay đổi {moved[0]} và {moved[1]}) trong khi tầng {change.shape[1] - 1} và tầng đầu ra đã thay đổi "
       f"{moved[-2]} và {moved[-1]}; sau đó mọi tầng đều bắt đầu dịch chuyển.",
    en=f"How far each layer's weights have moved from initialization. In the first {steps[half]} steps layers 1 and 2 "
       f"barely move ({moved[0]} and {moved[1]}) while layer {change.shape[1] - 1} and the output layer have moved by "
       f"{moved[-2]} and {moved[-1]}; after that every layer starts to move.")))
