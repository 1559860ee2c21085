import re

import numpy as np
from matplotlib.ticker import NullFormatter

from gradflow.book.cache import settings
from gradflow.book.clipping import GOOD_LOSS, healthy_norms, threshold_sweep
from gradflow.book.language import label
from gradflow.plotting import PALETTE, figure, to_svg


def decimal_commas(text):
    """Vietnamese writes 0,97 for 0.97; sentence full stops stay."""
    return re.sub(r"(\d)\.(\d)", r"\1,\2", text)


run = threshold_sweep()
t, losses = run["thresholds"], run["final_loss"]
seeds, steps = losses.shape[1], settings(threshold_sweep)["steps"]
median, p95 = np.percentile(healthy_norms(steps=200)["total_grad_norm"], [50, 95])

with figure(height=4) as (fig, ax):
    ax.axvspan(median, p95, color=PALETTE[2], alpha=0.25, lw=0,
               label=label(vi="lần chạy lành mạnh: từ trung vị tới phân vị 95%",
                           en="healthy run: from median to 95th percentile"))
    for seed, marker in zip(range(losses.shape[1]), ["o", "s", "^"]):
        ax.loglog(t, losses[:, seed], marker, ms=6, mfc="none", color=PALETTE[0],
                  label=label(vi="từng seed (○ □ △)", en="each seed (○ □ △)") if seed == 0 else None)
    ax.loglog(t, np.median(losses, axis=1), "-", color=PALETTE[0],
              label=label(vi=f"trung vị {seeds} seed", en=f"median of {seeds} seeds"))
    ax.axhline(np.log(10), color=PALETTE[1], ls="--", lw=1.5,
               label=label(vi="ln 10: mạng đoán đều mọi chữ số", en="ln 10: a net that guesses uniformly"))
    ax.annotate(label(vi="quá nhỏ:\nhọc chậm", en="too small:\nslow"), xy=(1.0, 4.0), xytext=(1.25, 4.0), va="center")
    ax.annotate(label(vi="quá lớn:\nReLU chết", en="too large:\ndead ReLUs"), xy=(1000, 1.2), xytext=(700, 1.0),
                ha="right", va="center")
    ax.set_xlabel(label(vi="ngưỡng θ", en="threshold θ"))
    ax.set_ylabel(label(vi=f"mất mát sau {steps} bước", en=f"loss after {steps} steps"))
    ticks = [0.2, 0.5, 1, 2, 5]
    ax.set_yticks(ticks, [label(vi=decimal_commas(f"{x:g}"), en=f"{x:g}") for x in ticks])
    ax.yaxis.set_minor_formatter(NullFormatter())
    ax.set_ylim(0.2, 8)
    fig.legend(loc="outside lower center", ncols=1)
    good = t[np.all(losses < GOOD_LOSS, axis=1)]
    stuck = t[np.all(np.abs(losses - np.log(10)) < 0.5, axis=1)]


    def nums(values):
        return ", ".join(f"{v:g}" for v in values)


print(to_svg(fig, alt=label(
    vi=decimal_commas(
        f"Mất mát trên toàn bộ dữ liệu sau {steps} bước của mạng trọng số gấp đôi, theo ngưỡng gọt θ, hai trục thang "
        f"log, {seeds} seed mỗi ngưỡng. Không lần nào phân kỳ. Với θ = {t[0]:g} mạng học chậm; với θ = {nums(good)} mất mát của "
        f"mọi seed xuống dưới {GOOD_LOSS:g}; với θ = {nums(stuck)} mất mát kẹt quanh ln 10 ≈ 2.3 vì các bước đầu quá dài "
        f"làm chết ReLU. Dải chuẩn của lần chạy lành mạnh, từ {median:.2f} đến {p95:.2f}, nằm ở vùng tốt."),
    en=f"Whole-data loss after {steps} steps of the doubled-weight network against the clipping threshold θ, log scales "
       f"on both axes, {seeds} seeds per threshold. No run diverges. With θ = {t[0]:g} the net learns slowly; with "
       f"θ = {nums(good)} every seed's loss falls below {GOOD_LOSS:g}; with θ = {nums(stuck)} it is stuck near "
       f"ln 10 ≈ 2.3 because the first steps are so long that they kill the ReLUs. The band of the healthy run's norms, "
       f"from {median:.2f} to {p95:.2f}, lies in the good region.")))
