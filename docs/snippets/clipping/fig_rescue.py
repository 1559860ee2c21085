import matplotlib.ticker
import numpy as np

from gradflow.book.clipping import TAIL, clipping_rescue
from gradflow.book.language import label, number
from gradflow.plotting import PALETTE, figure, to_svg

run = clipping_rescue(clip_norm=5.0)
theta, n_steps = run["threshold"], len(run["clipped"]["loss"])
theta_text = number(theta, "g")
CEILING = 1e8                                   # the diverging run leaves the chart: say where it goes


def log_step(step):
    """Where a step goes on the horizontal axis: log10(step + 1), one rule from step 0 to the last."""
    return np.log10(np.asarray(step, dtype=float) + 1)


def from_log_step(position):
    return 10 ** np.asarray(position, dtype=float) - 1


def superscript(n):
    return str(n).translate(str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹"))


with figure(2, 1, height=5.4, sharex=True) as (fig, (top, bottom)):
    names = {"plain": label(vi="không gọt", en="no clipping"),
             "clipped": label(vi=f"gọt theo chuẩn, θ = {theta_text}", en=f"clipped by norm, θ = {theta_text}")}
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
    bottom.annotate(label(vi=f"ngưỡng θ = {theta_text}", en=f"threshold θ = {theta_text}"), xy=(n_steps, theta),
                    xytext=(n_steps - 10, 1.2), ha="right", va="bottom")
    top.set_ylabel(label(vi="mất mát (minibatch)", en="loss (minibatch)"))
    bottom.set_ylabel(label(vi="chuẩn gradient trước khi gọt", en="gradient norm before clipping"))
    bottom.set_xlabel(label(vi="bước SGD (thang log của bước + 1)", en="SGD step (log scale of step + 1)"))
    top.set_ylim(0.1, CEILING)
    bottom.set_ylim(0.5, CEILING)
    # log10(step + 1) throughout: step 0 has a place, the first steps (where the plain run dies) are spread out,
    # and equal distances mean equal ratios of step + 1 everywhere on the axis
    bottom.set_xscale("function", functions=(log_step, from_log_step))
    bottom.set_xlim(0, n_steps)
    ticks = [0, 1, 2, 4, 10, 30, 100, n_steps]
    bottom.set_xticks(ticks, [str(t) for t in ticks])
    bottom.xaxis.set_minor_locator(matplotlib.ticker.NullLocator())
    top.legend(loc="lower left")
    plain, clipped = run["plain"], run["clipped"]
    n0, loss0, nan_at = clipped["total_grad_norm"][0], clipped["loss"][0], plain["diverged_at"]
    low, high = np.percentile(clipped["total_grad_norm"][-TAIL:], [10, 90])
print(to_svg(fig, decimal_mark=label(vi=",", en="."), alt=label(
    vi=f"Cùng một mạng ReLU trọng số gấp đôi, huấn luyện hai lần, thang log ở cả hai trục tung; trục hoành là bước SGD, "
       f"từ 0 đến {n_steps}, theo thang log của bước + 1. Trên: mất mát. Dưới: chuẩn gradient trước khi gọt, với đường "
       f"ngang là ngưỡng θ = {theta_text}. Không gọt, chuẩn và mất mát tăng vọt rồi thành NaN ở bước {nan_at}. Có gọt, chuẩn "
       f"trước khi gọt giảm từ khoảng {n0:.0f} xuống khoảng {low:.0f} đến {high:.0f} ở {TAIL} bước cuối, vẫn trên ngưỡng, "
       f"còn mất mát giảm từ {loss0:.0f} xuống dưới 1.",
    en=f"The same ReLU network with doubled weights, trained twice, log scales on both vertical axes; the horizontal "
       f"axis is the SGD step, from 0 to {n_steps}, on a log scale of step + 1. Top: the loss. Bottom: the gradient norm "
       f"before clipping, with the threshold θ = {theta_text} as a horizontal line. Without clipping, norm and loss shoot up "
       f"and become NaN at step {nan_at}. With clipping, the norm before clipping falls from about {n0:.0f} to about "
       f"{low:.0f} to {high:.0f} over the last {TAIL} steps, still above the threshold, and the loss falls from "
       f"{loss0:.0f} to below 1.")))
