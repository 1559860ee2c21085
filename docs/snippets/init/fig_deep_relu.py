import numpy as np

from gradflow.book.init import LOSS_WINDOW, deep_relu_training, facts
from gradflow.book.language import label, number
from gradflow.plotting import figure, to_svg

run = deep_relu_training(depth=30)
window, known = LOSS_WINDOW, facts()
classes, uniform = known["classes"], np.log(known["classes"])  # a uniform guess over the digits has loss ln 10
with figure(height=3.4) as (fig, ax):
    for init, name, style in [("xavier_normal", "Xavier", "-"), ("he_normal", "He", "--")]:
        loss = run[init]["loss"]
        smooth = np.convolve(loss, np.ones(window) / window, mode="valid")
        ax.plot(np.arange(window - 1, len(loss)), smooth, style, label=name)
    ax.axhline(uniform, color="0.5", lw=1, ls=":")
    ax.annotate(label(vi=f"ln {classes}: đoán đều {classes} lớp", en=f"ln {classes}: a uniform guess over {classes} classes"),
                xy=(250, uniform), xytext=(150, 2.38))
    ax.set_ylim(top=2.5)
    ax.set_xlabel(label(vi="bước SGD", en="SGD step"))
    ax.set_ylabel(label(vi="mất mát (trung bình trượt)", en="loss (moving avg.)"))
    ax.legend(loc="lower left")
depth, steps, level = known["depth"], len(run["xavier_normal"]["loss"]), number(uniform, ".2f")
print(to_svg(fig, alt=label(
    vi=f"Mất mát khi huấn luyện mạng ReLU {depth} tầng ẩn. Với khởi tạo Xavier, đường nằm ngang ở ln {classes} ≈ {level} "
       f"suốt {steps} bước: mạng không học được gì. Với khởi tạo He, mất mát giảm dần.",
    en=f"Training loss of a ReLU net with {depth} hidden layers. With Xavier init the curve stays flat at ln {classes} ≈ "
       f"{level} for all {steps} steps: the net learns nothing. With He init the loss goes down."),
    decimal_mark=label(vi=",", en=".")))  # tick labels in the page's language
