import numpy as np
from matplotlib.ticker import MaxNLocator

from gradflow.book.cache import settings
from gradflow.book.clipping import clipping_rescue, healthy_norms
from gradflow.book.language import label, number
from gradflow.plotting import PALETTE, figure, to_svg


def num(x):
    """A number as each language writes it: 2.75 in English, 2,75 in Vietnamese."""
    return number(x, ".3g")


norms = healthy_norms(steps=200)["total_grad_norm"]
median, p95 = np.percentile(norms, [50, 95])
theta = settings(clipping_rescue)["clip_norm"]  # the rescue's threshold
steps, half = norms.size, norms.size // 2
bins = np.geomspace(0.5, 12, 26)
with figure(height=3.7) as (fig, ax):
    ax.hist(norms[:half], bins=bins, histtype="step", lw=2, color=PALETTE[0],
            label=label(vi=f"bước 0–{half - 1}", en=f"steps 0–{half - 1}"))
    ax.hist(norms[half:], bins=bins, histtype="step", lw=2, color=PALETTE[2], ls="--",
            label=label(vi=f"bước {half}–{steps - 1}", en=f"steps {half}–{steps - 1}"))
    ax.set_xscale("log")
    for value, style, name in [(median, ":", label(vi=f"trung vị {num(median)}", en=f"median {num(median)}")),
                               (p95, "-.", label(vi=f"phân vị 95%: {num(p95)}", en=f"95th percentile {num(p95)}")),
                               (theta, "-", label(vi=f"ngưỡng chọn θ = {num(theta)}", en=f"chosen threshold θ = {num(theta)}"))]:
        ax.axvline(value, color="k", ls=style, lw=1.5, label=name)
    ticks = [0.5, 1, 2, 5, 10]
    ax.set_xticks(ticks, [num(t) for t in ticks])
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel(label(vi="chuẩn gradient toàn cục ‖g‖ ở mỗi bước", en="global gradient norm ‖g‖ at each step"))
    ax.set_ylabel(label(vi="số bước", en="number of steps"))
    fig.legend(loc="outside lower center", ncols=2)
print(to_svg(fig, decimal_mark=label(vi=",", en="."), alt=label(
    vi=f"Biểu đồ tần suất chuẩn gradient của {steps} bước huấn luyện ổn định, trục ngang thang log. {half} bước đầu tập "
       f"trung quanh {num(np.median(norms[:half]))}; {half} bước sau dịch lên quanh {num(np.median(norms[half:]))}. Trung vị "
       f"là {num(median)}, phân vị 95% là {num(p95)}; ngưỡng θ = {num(theta)} nằm giữa hai đường ấy, nên chỉ những bước "
       "lớn nhất bị gọt.",
    en=f"Histogram of the gradient norm over {steps} steps of healthy training, log horizontal axis. The first {half} steps "
       f"cluster around {num(np.median(norms[:half]))}; the next {half} move up to around {num(np.median(norms[half:]))}. "
       f"The median is {num(median)}, the 95th percentile {num(p95)}; the threshold θ = {num(theta)} lies between the "
       "two, so only the largest steps get clipped.")))
