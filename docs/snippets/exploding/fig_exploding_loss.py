import numpy as np

from gradflow.book.exploding import exploding_relu
from gradflow.book.language import label, number, power_of_ten
from gradflow.plotting import PALETTE, figure, to_svg

runs = exploding_relu()
(he_scale, he), (big_scale, doubled) = sorted(runs.items())
he_name = label(vi="khởi tạo He", en="He initialization")
big = number(big_scale)
big_name = label(vi=f"khởi tạo He × {big}", en=f"He initialization × {big}")
step = doubled["diverged_at"]
with figure(1, 2, height=3) as (fig, (left, right)):
    # Left, a linear scale: only there can one see the He net's loss go down.
    left.plot(np.arange(he["loss"].size), he["loss"], color=PALETTE[0], label=he_name)
    left.set_ylim(bottom=0)
    left.set_title(label(vi="khởi tạo He, thang tuyến tính", en="He initialization, linear scale"))
    left.set_ylabel(label(vi="mất mát", en="loss"))
    # Right, a log scale: the doubled net's loss climbs through a hundred orders of magnitude.
    finite = np.isfinite(doubled["loss"])
    right.semilogy(np.flatnonzero(finite), doubled["loss"][finite], "o-", color=PALETTE[1], label=big_name)
    right.axvline(step, color=PALETTE[1], linestyle=":")
    right.annotate(label(vi=f"bước {step}:\nmất mát thành NaN", en=f"step {step}:\nthe loss is NaN"),
                   xy=(step, 1e60), xytext=(step - 1.2, 1e60), ha="right", arrowprops={"arrowstyle": "->"})
    right.set_xlim(-0.5, step + 1)
    right.set_title(label(vi=f"khởi tạo He × {big}, thang log", en=f"He initialization × {big}, log scale"))
    for ax in (left, right):
        ax.set_xlabel(label(vi="bước SGD", en="SGD step"))
peak = np.nanmax(doubled["loss"])
print(to_svg(fig, decimal_mark=label(vi=",", en="."), alt=label(
    vi=f"Hai khung. Trái, thang tuyến tính: mất mát của mạng ReLU khởi tạo He giảm đều từ {number(he['loss'][0], '.3g')} "
       f"xuống {number(he['loss'][-1], '.3g')} sau {he['loss'].size - 1} bước. Phải, thang log: với mạng có trọng số gấp "
       f"{big}, mất mát tăng vọt lên cỡ {power_of_ten(peak)} rồi thành NaN ở bước {step}, và vòng lặp dừng tại đó.",
    en=f"Two panels. Left, linear scale: the loss of the He-initialized ReLU network goes down steadily from "
       f"{number(he['loss'][0], '.3g')} to {number(he['loss'][-1], '.3g')} in {he['loss'].size - 1} steps. Right, log scale: "
       f"for the one with weights {big} times as large, the loss soars to about {power_of_ten(peak)} and becomes NaN "
       f"at step {step}, where the loop stops.")))
