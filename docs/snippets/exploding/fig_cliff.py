import numpy as np

from gradflow.book.language import label
from gradflow.clip import clip_by_norm
from gradflow.descent import gradient_descent
from gradflow.plotting import figure, to_svg

loss = lambda w: 0.5 * (w**12 - 0.5) ** 2        # a plateau, then steep walls
grad = lambda w: 12 * w**11 * (w**12 - 0.5)


def clipped_grad(w):
    (g,), norm_before = clip_by_norm([grad(w)], max_norm=1.0)
    return g


with figure(height=3.4) as (fig, ax):
    ws = np.linspace(-2.7, 1.3, 800)
    ax.semilogy(ws, loss(ws) + 1e-3, color="0.6")
    plain = gradient_descent(grad, 1.1, lr=0.04, steps=1)       # one step is enough to leave the picture
    clipped = gradient_descent(clipped_grad, 1.1, lr=0.04, steps=8)
    ax.semilogy(plain, loss(plain) + 1e-3, "o--", ms=6, label=label(vi="bước thường", en="plain step"))
    ax.semilogy(clipped, loss(clipped) + 1e-3, "s-", ms=5, label=label(vi="bước đã gọt (‖g‖ ≤ 1)",
                                                                      en="clipped step (‖g‖ ≤ 1)"))
    landing = f"{plain[1]:.1f}".replace("-", "−")
    ax.annotate(label(vi=f"một bước từ w = 1,1\nvăng tới w = {landing.replace('.', ',')}",
                      en=f"one step from w = 1.1\nlands at w = {landing}"),
                xy=(plain[1], loss(plain[1])), xytext=(-1.2, 1e8), arrowprops={"arrowstyle": "->"})
    ax.set_xlabel("w")
    ax.set_ylabel("ℒ(w) = ½ (w¹² − ½)²")
    ax.legend(loc="lower left")
print(to_svg(fig, alt=label(
    vi="Mặt mất mát có vách đứng: một cao nguyên phẳng giữa hai bức tường rất dốc, cực tiểu nằm sát chân tường. Bắt đầu "
       "trên tường tại w = 1,1, một bước hạ gradient thường văng sang tận w = −2,5, nơi mất mát lớn cỡ 10⁹; bước đã gọt "
       "gradient thì trượt xuống cực tiểu.",
    en="A loss surface with cliffs: a flat plateau between two very steep walls, with the minima at their feet. Starting "
       "on the wall at w = 1.1, a plain gradient step lands at w = −2.5, where the loss is about 10⁹; a clipped step "
       "slides down to the minimum.")))
