import numpy as np
from matplotlib.ticker import NullFormatter

from gradflow.book.cache import settings
from gradflow.book.clipping import GOOD_LOSS, healthy_norms, threshold_sweep
from gradflow.book.language import label, number
from gradflow.plotting import PALETTE, figure, to_svg

run = threshold_sweep()
t, losses = run["thresholds"], run["final_loss"]
seeds, steps = losses.shape[1], settings(threshold_sweep)["steps"]
median, p95 = np.percentile(healthy_norms(steps=200)["total_grad_norm"], [50, 95])

with figure(height=4) as (fig, ax):
    ax.axvspan(median, p95, color=PALETTE[2], alpha=0.25, lw=0,
               label=label(vi="lần chạy ổn định: từ trung vị tới phân vị 95%",
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
    ax.set_yticks(ticks, [number(x, "g") for x in ticks])
    ax.yaxis.set_minor_formatter(NullFormatter())
    ax.set_ylim(0.2, 8)
    fig.legend(loc="outside lower center", ncols=1)
    good = t[np.all(losses < GOOD_LOSS, axis=1)]
    stuck = t[np.all(np.abs(losses - np.log(10)) < 0.5, axis=1)]


    def nums(values):  # 3; 10 và 30 in Vietnamese (whose decimal comma rules out a comma list), 3, 10 and 30 in English
        *rest, last = (number(v, "g") for v in values)
        return label(vi="; ", en=", ").join(rest) + label(vi=" và ", en=" and ") + last if rest else last


low, good_loss, ln10 = number(t[0], "g"), number(GOOD_LOSS, "g"), number(np.log(10), ".1f")
band = number(median, ".2f"), number(p95, ".2f")
print(to_svg(fig, decimal_mark=label(vi=",", en="."), alt=label(
    vi=f"Mất mát trên toàn bộ dữ liệu sau {steps} bước của mạng trọng số gấp đôi, theo ngưỡng gọt θ, hai trục thang log, "
       f"{seeds} seed mỗi ngưỡng. Không lần nào phân kỳ. Với θ = {low}, mạng học chậm; với θ bằng {nums(good)}, mất mát của "
       f"mọi seed xuống dưới {good_loss}; với θ bằng {nums(stuck)}, mất mát kẹt quanh ln 10 ≈ {ln10} vì các bước đầu quá dài "
       f"làm chết ReLU. Dải các chuẩn gradient của lần chạy ổn định, từ {band[0]} đến {band[1]}, nằm ở vùng tốt.",
    en=f"Whole-data loss after {steps} steps of the doubled-weight network against the clipping threshold θ, log scales "
       f"on both axes, {seeds} seeds per threshold. No run diverges. With θ = {low} the net learns slowly; with "
       f"θ = {nums(good)} every seed's loss falls below {good_loss}; with θ = {nums(stuck)} it is stuck near "
       f"ln 10 ≈ {ln10} because the first steps are so long that they kill the ReLUs. The band of the healthy run's norms, "
       f"from {band[0]} to {band[1]}, lies in the good region.")))
