import numpy as np

from gradflow.book.activations import born_dead
from gradflow.book.language import label
from gradflow.plotting import PALETTE, figure, to_svg

WIDTHS = (2, 3, 4)
run = born_dead(widths=WIDTHS, max_depth=30, trials=4000)
depths = run["depths"]
with figure() as (fig, ax):
    for width, color in zip(WIDTHS, PALETTE):
        ax.plot(depths, run[width]["exact"], color=color, label=label(vi=f"N = {width}, công thức", en=f"N = {width}, formula"))
        ax.errorbar(depths, run[width]["estimate"], yerr=2 * run[width]["stderr"], fmt="o", ms=3, color=color,
                    label=label(vi=f"N = {width}, Monte Carlo", en=f"N = {width}, Monte Carlo"))
    ax.set_xlabel(label(vi="số tầng ReLU L", en="number of ReLU layers L"))
    ax.set_ylabel(label(vi="xác suất mạng chết tại đầu vào", en="probability the net is dead at the input"))
    ax.set_ylim(0, 1.02)
    ax.legend(ncol=2, loc="lower right")
widths = ", ".join(map(str, WIDTHS[:-1])) + label(vi=" và ", en=" and ") + str(WIDTHS[-1])
print(to_svg(fig, decimal_mark=label(vi=",", en="."), alt=label(
    vi=f"Xác suất một mạng ReLU hẹp chết tại một đầu vào ngay khi khởi tạo, theo độ sâu, với {widths} nơ-ron mỗi tầng. "
       "Đường là công thức 1 − (1 − 2⁻ᴺ)ᴸ, chấm là ước lượng Monte Carlo với thanh sai số bằng hai lần sai số chuẩn; chấm "
       "nằm trên đường.",
    en=f"Probability that a narrow ReLU network is dead at an input at initialization, against depth, with {widths} units "
       "per layer. Lines are the formula 1 − (1 − 2⁻ᴺ)ᴸ, dots the Monte Carlo estimates with two-standard-error bars; the dots sit on "
       "the lines.")))
