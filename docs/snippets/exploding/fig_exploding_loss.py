import numpy as np

from gradflow.book.exploding import exploding_relu
from gradflow.book.language import label, power_of_ten
from gradflow.plotting import PALETTE, figure, to_svg

runs = exploding_relu()
with figure() as (fig, ax):
    for (scale, run), color in zip(runs.items(), PALETTE):
        loss = run["loss"]
        finite = np.isfinite(loss)
        name = label(vi="khởi tạo He", en="He initialization") if scale == 1.0 else label(
            vi=f"khởi tạo He × {scale:g}", en=f"He initialization × {scale:g}")
        ax.semilogy(np.flatnonzero(finite), loss[finite], "o-" if scale != 1.0 else "-", color=color, label=name)
        if run["diverged_at"] is not None:
            step = run["diverged_at"]
            ax.axvline(step, color=color, linestyle=":")
            ax.annotate(label(vi=f"bước {step}: mất mát thành NaN,\nvòng huấn luyện dừng lại",
                              en=f"step {step}: the loss is NaN,\nthe training loop stops"),
                        xy=(step, 1e60), xytext=(step + 8, 1e60), arrowprops={"arrowstyle": "->"})
    ax.set_xlabel(label(vi="bước SGD", en="SGD step"))
    ax.set_ylabel(label(vi="hàm mất mát", en="loss"))
    ax.legend(loc="center right")
doubled = runs[max(runs)]
peak = np.nanmax(doubled["loss"])
order = power_of_ten(peak)
print(to_svg(fig, alt=label(
    vi=f"Mất mát khi huấn luyện hai mạng ReLU, thang log. Mạng khởi tạo He giảm mất mát đều đặn; mạng có trọng số gấp "
       f"{max(runs):g} thấy mất mát tăng vọt lên cỡ {order} rồi thành NaN ở bước {doubled['diverged_at']}, và vòng lặp "
       f"dừng tại đó.",
    en=f"Training loss of two ReLU networks, log scale. The He-initialized one goes down steadily; the one with weights "
       f"{max(runs):g} times as large sees its loss soar to about {order} and become NaN at step "
       f"{doubled['diverged_at']}, where the loop stops.")))
