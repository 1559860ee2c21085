import numpy as np

from gradflow.book.language import label, number
from gradflow.book.residual import LOSS_WINDOW, facts, plain_vs_residual_training
from gradflow.plotting import figure, to_svg

run = plain_vs_residual_training(blocks=20, width=64, steps=400, lr=0.03, batch_size=64)
window = LOSS_WINDOW
steps, layers = len(run["plain"]["loss"]), facts()["training_layers"]
smoothed = {}
with figure() as (fig, ax):
    for name, style, text in (("plain_he", "-", label(vi="mạng thường, khởi tạo He", en="plain, He init")),
                              ("residual", "--", label(vi="mạng phần dư, nhánh khởi tạo bằng 0",
                                                       en="residual, branches starting at zero")),
                              ("plain", ":", label(vi="mạng thường, khởi tạo Xavier", en="plain, Xavier init"))):
        loss = run[name]["loss"]
        smooth = smoothed[name] = np.convolve(loss, np.ones(window) / window, mode="valid")
        ax.semilogy(np.arange(window, len(loss) + 1), smooth, style, label=text)
    ax.axhline(np.log(10), color="0.5", lw=1, ls=":")
    ax.text(steps, np.log(10) * 1.1, label(vi="ln 10: đoán mò", en="ln 10: guessing"), ha="right", va="bottom",
            color="0.35")
    ax.set_xlabel(label(vi="bước SGD", en="SGD step"))
    ax.set_ylabel(label(vi=f"mất mát (trung bình trượt {window} bước)", en=f"loss ({window}-step moving average)"))
    ax.set_ylim(1e-2, 5)
    ax.legend(loc="lower left")
final = number(smoothed["residual"][-1], ".2g")
print(to_svg(fig, decimal_mark=label(vi=",", en="."), alt=label(
    vi=f"Mất mát khi huấn luyện ba mạng ReLU {layers} tầng bằng cùng một SGD trong {steps} bước, thang log. Mạng thường "
       "khởi tạo He giảm chậm và dừng khá cao; mạng thường khởi tạo Xavier nằm yên ở ln 10, mức mất mát khi đoán mò; "
       f"mạng phần dư có nhánh khởi tạo bằng 0 giảm xuống khoảng {final}.",
    en=f"Training loss of three {layers}-layer ReLU nets with the same SGD over {steps} steps, log scale. The plain net "
       "at He init goes down slowly and stops well above the others' best; the plain net at Xavier init stays at ln 10, "
       f"the level of guessing; the residual net with branches starting at zero falls to about {final}.")))
