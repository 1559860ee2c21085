import numpy as np

from gradflow.book.language import label, power_of_ten
from gradflow.book.rnn import exploding_rnn_training
from gradflow.plotting import PALETTE, figure, power_of_ten, to_svg

runs = exploding_rnn_training(scale=2.0, T=50, clip_norm=1.0)
names = {"unclipped": label(vi="σₘₐₓ = 2, không gọt", en="σₘₐₓ = 2, no clipping"),
         "clipped": label(vi="σₘₐₓ = 2, gọt theo chuẩn 1", en="σₘₐₓ = 2, clipped to norm 1"),
         "healthy": label(vi="σₘₐₓ = 1, không gọt", en="σₘₐₓ = 1, no clipping")}
styles = {"unclipped": (PALETTE[1], "-"), "clipped": (PALETTE[0], "-"), "healthy": ("gray", ":")}
window = 20
# The unclipped loss climbs to 10^305, too close to the float64 limit for a log axis:
# plot log10 of the loss on a linear axis and label the ticks as powers of ten.
with figure(2, 1, height=5.4, sharex=True) as (fig, (top, bottom)):
    bottom.set_yscale("log")
    bottom.set_ylim(1e-2, 1e5)         # the unclipped norm leaves the panel upwards
    for name in ("unclipped", "clipped", "healthy"):
        run, (color, style) = runs[name], styles[name]
        log_loss = np.log10(run["loss"][np.isfinite(run["loss"])])
        smooth = np.convolve(log_loss, np.ones(window) / window, mode="valid")   # over the last 20 steps
        top.plot(np.arange(window - 1, len(log_loss)), smooth, style, color=color, label=names[name])
        norm = run["total_grad_norm"]
        keep = np.isfinite(norm)
        bottom.plot(np.flatnonzero(keep), norm[keep], style, color=color, linewidth=1.0)
        if run["diverged_at"] is not None:
            step = run["diverged_at"]
            for ax in (top, bottom):
                ax.axvline(step, color=color, linestyle="--", linewidth=1.0)
            top.annotate(label(vi=f"bước {step}: mất mát = inf,\nvòng lặp dừng", en=f"step {step}: the loss is inf,\nthe loop stops"),
                         xy=(step, 60), xytext=(step + 60, 60), arrowprops={"arrowstyle": "->"})
    bottom.axhline(1.0, color=PALETTE[0], linestyle="--", linewidth=1.0)
    bottom.annotate(label(vi="ngưỡng gọt θ = 1", en="clipping threshold θ = 1"), xy=(700, 1.0), xytext=(620, 1e3),
                    arrowprops={"arrowstyle": "->"})
    top.set_yticks([0, 100, 200, 300], [power_of_ten(k) for k in (0, 100, 200, 300)])
    top.set_ylabel(label(vi="mất mát (trung bình\nnhân 20 bước)", en="loss (geometric mean\nof 20 steps)"))
    bottom.set_ylabel(label(vi="chuẩn gradient\ntrước khi gọt", en="gradient norm\nbefore clipping"))
    bottom.set_xlabel(label(vi="bước SGD", en="SGD step"))
    top.legend(loc="upper right", bbox_to_anchor=(1.0, 0.8))
unclipped = runs["unclipped"]
start, peak = power_of_ten(unclipped["total_grad_norm"][0]), power_of_ten(np.max(unclipped["loss"][:-1]))
print(to_svg(fig, decimal_mark=label(vi=",", en="."), alt=label(
    vi="Huấn luyện RNN tanh trên bài toán cộng dài 50 bước. Trên: mất mát; dưới: chuẩn gradient; cả hai theo lũy "
       f"thừa của 10. Với σₘₐₓ = 2 và không gọt, gradient lúc đầu cỡ {start}, mất mát tăng vọt tới {peak} rồi thành vô "
       "cùng và vòng lặp dừng. Cũng mạng ấy nhưng gọt gradient theo chuẩn 1 thì mất mát giảm và giữ hữu hạn, gần "
       "với mạng σₘₐₓ = 1.",
    en="Training a tanh RNN on the 50-step adding problem. Top: loss; bottom: gradient norm; both in powers of ten. "
       f"With σₘₐₓ = 2 and no clipping the gradient starts near {start}, the loss soars to {peak} and becomes "
       "infinite, and the loop stops. The same network with gradients clipped to norm 1 sees its loss fall and stay "
       "finite, close to the σₘₐₓ = 1 network.")))
