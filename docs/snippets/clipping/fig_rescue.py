import matplotlib.ticker
import numpy as np

from gradflow.book.clipping import clipping_rescue
from gradflow.book.language import label
from gradflow.plotting import PALETTE, figure, to_svg

run = clipping_rescue(clip_norm=5.0)
theta = run["threshold"]
CEILING = 1e8                                   # the diverging run leaves the chart: say where it goes


def superscript(n):
    return str(n).translate(str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹"))


with figure(2, 1, height=6.4, sharex=True) as (fig, (top, bottom)):
    names = {"plain": label(vi="không gọt", en="no clipping"),
             "clipped": label(vi=f"gọt theo chuẩn, θ = {theta:g}", en=f"clipped by norm, θ = {theta:g}")}
    styles = {"plain": ("o--", PALETTE[1]), "clipped": ("-", PALETTE[0])}
    for name in ("plain", "clipped"):
        r = run[name]
        marker, color = styles[name]
        for ax, values in [(top, r["loss"]), (bottom, r["total_grad_norm"])]:
            steps = np.flatnonzero(np.isfinite(values))
            ax.semilogy(steps, values[steps], marker, color=color, ms=5, lw=1.5 if name == "clipped" else 2,
                        label=names[name])
        if r["diverged_at"] is not None:
            step = r["diverged_at"]
            for ax, values in [(top, r["loss"]), (bottom, r["total_grad_norm"])]:
                ax.axvline(step, color=color, ls=":")
                power = f"10{superscript(int(np.log10(values[step - 1])))}"
                ax.annotate(label(vi=f"ra khỏi hình, lên tới {power},\nrồi NaN ở bước {step} (chấm)",
                                  en=f"off the chart, up to {power},\nthen NaN at step {step} (dotted)"),
                            xy=(1.5, CEILING / 3), xytext=(12, CEILING / 1e3), va="center", color=color,
                            arrowprops={"arrowstyle": "->", "color": color})
    bottom.axhline(theta, color="k", lw=1.2)
    bottom.annotate(label(vi=f"ngưỡng θ = {theta:g}", en=f"threshold θ = {theta:g}"), xy=(300, theta), xytext=(290, 1.2),
                    ha="right", va="bottom")
    top.set_ylabel(label(vi="hàm mất mát (minibatch)", en="loss (minibatch)"))
    bottom.set_ylabel(label(vi="chuẩn gradient trước khi gọt", en="gradient norm before clipping"))
    bottom.set_xlabel(label(vi="bước SGD", en="SGD step"))
    top.set_ylim(0.1, CEILING)
    bottom.set_ylim(0.5, CEILING)
    bottom.set_xscale("symlog", linthresh=10)        # linear for steps 0-10, where the plain run dies; log after
    bottom.set_xlim(0, 300)
    bottom.set_xticks([0, 2, 4, 6, 10, 30, 100, 300], ["0", "2", "4", "6", "10", "30", "100", "300"])
    bottom.xaxis.set_minor_locator(matplotlib.ticker.NullLocator())
    top.legend(loc="lower left")
    plain, clipped = run["plain"], run["clipped"]
    n0, loss0, nan_at = clipped["total_grad_norm"][0], clipped["loss"][0], plain["diverged_at"]
    low, high = np.percentile(clipped["total_grad_norm"][-100:], [10, 90])
print(to_svg(fig, alt=label(
    vi=f"Cùng một mạng ReLU trọng số gấp đôi, huấn luyện hai lần, thang log. Trên: mất mát. Dưới: chuẩn gradient trước "
       f"khi gọt, với đường ngang là ngưỡng θ = {theta:g}. Không gọt, chuẩn và mất mát tăng vọt và thành NaN ở bước "
       f"{nan_at}. Có gọt, chuẩn trước khi gọt giảm từ khoảng {n0:.0f} xuống khoảng {low:.0f} đến {high:.0f} ở 100 bước "
       f"cuối, vẫn trên ngưỡng, còn mất mát giảm từ {loss0:.0f} xuống dưới 1.",
    en=f"The same ReLU network with doubled weights, trained twice, log scales. Top: the loss. Bottom: the gradient norm "
       f"before clipping, with the threshold θ = {theta:g} as a horizontal line. Without clipping, norm and loss shoot up "
       f"and become NaN at step {nan_at}. With clipping, the norm before clipping falls from about {n0:.0f} to about "
       f"{low:.0f} to {high:.0f} over the last 100 steps, still above the threshold, and the loss falls from {loss0:.0f} "
       "to below 1.")))
