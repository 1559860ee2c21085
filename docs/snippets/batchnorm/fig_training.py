import numpy as np

from gradflow.book.batchnorm import LOSS_WINDOW, SIGMOID_GAIN, bn_training
from gradflow.book.language import label, number
from gradflow.plotting import HEALTHY, PALETTE, VANISHING, figure, to_svg

hidden = 15
run = bn_training(hidden_layers=hidden, width=64, steps=500, lr=0.1, batch_size=64)
window, gain = LOSS_WINDOW, number(SIGMOID_GAIN, "g")
steps = len(run["plain"]["loss"])
with figure() as (fig, ax):
    for name, colour, style, text in (("plain", VANISHING, "-", label(vi="không chuẩn hóa, Xavier", en="plain, Xavier")),
                              ("plain_gain", PALETTE[4], ":", label(vi=f"không chuẩn hóa, Xavier × {gain}",
                                                        en=f"plain, Xavier × {gain}")),
                              ("batchnorm", HEALTHY, "--", label(vi="có chuẩn hóa theo batch", en="with batch norm"))):
        loss = run[name]["loss"]
        smooth = np.convolve(loss, np.ones(window) / window, mode="valid")
        ax.plot(np.arange(window, len(loss) + 1), smooth, style, color=colour, label=text)
    ax.axhline(np.log(10), color="0.5", lw=1, ls=":")
    ax.text(steps, np.log(10) + 0.05, label(vi="ln 10: đoán mò", en="ln 10: guessing"), ha="right", va="bottom",
            color="0.35")
    ax.set_xlabel(label(vi="bước SGD", en="SGD step"))
    ax.set_ylabel(label(vi=f"mất mát (trung bình trượt {window} bước)", en=f"loss ({window}-step moving average)"))
    ax.set_ylim(0, 2.8)
    ax.legend(loc="lower left")
final = number(run["batchnorm"]["loss"][-50:].mean(), ".1f")
print(to_svg(fig, decimal_mark=label(vi=",", en="."), alt=label(
    vi=f"Mất mát khi huấn luyện ba mạng sigmoid {hidden} tầng ẩn bằng SGD trong {steps} bước. Mạng không chuẩn hóa, khởi "
       f"tạo Xavier, nằm yên ở ln 10, mức mất mát khi đoán mò; mạng không chuẩn hóa có trọng số gấp {gain} lần Xavier cũng "
       f"dừng ở đó; mạng có chuẩn hóa theo batch giảm đều xuống khoảng {final}.",
    en=f"Training loss of three sigmoid nets with {hidden} hidden layers over {steps} SGD steps. The plain net at Xavier "
       f"init stays at ln 10, the level of guessing; the plain net with {gain} times the Xavier weights settles there "
       f"too; the net with batch norm falls steadily to about {final}.")))
