import numpy as np

from gradflow.book.init import deep_relu_training
from gradflow.book.language import label
from gradflow.plotting import figure, to_svg

run = deep_relu_training(depth=30)
window = 20
with figure(height=4.0) as (fig, ax):
    for init, name, style in [("xavier_normal", "Xavier", "-"), ("he_normal", "He", "--")]:
        loss = run[init]["loss"]
        smooth = np.convolve(loss, np.ones(window) / window, mode="valid")
        ax.plot(np.arange(window - 1, len(loss)), smooth, style, label=name)
    ax.axhline(np.log(10), color="0.5", lw=1, ls=":")
    ax.annotate(label(vi="ln 10: đoán đều 10 lớp", en="ln 10: a uniform guess over 10 classes"),
                xy=(250, np.log(10)), xytext=(150, 2.38), fontsize=10)
    ax.set_ylim(top=2.5)
    ax.set_xlabel(label(vi="bước SGD", en="SGD step"))
    ax.set_ylabel(label(vi="mất mát (TB trượt)", en="loss (moving avg.)"))
    ax.legend(loc="lower left")
print(to_svg(fig, alt=label(
    vi="Mất mát khi huấn luyện mạng ReLU 30 tầng ẩn. Với khởi tạo Xavier, đường nằm ngang ở ln 10 ≈ 2,30 suốt 400 "
       "bước: mạng không học được gì. Với khởi tạo He, mất mát giảm dần.",
    en="Training loss of a ReLU net with 30 hidden layers. With Xavier init the curve stays flat at ln 10 ≈ 2.30 for "
       "all 400 steps: the net learns nothing. With He init the loss goes down.")))
