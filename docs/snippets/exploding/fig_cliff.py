import numpy as np

from gradflow.book.exploding import CLIFF_START, cliff_loss, cliff_steps
from gradflow.book.language import label, number, power_of_ten
from gradflow.plotting import figure, to_svg

run = cliff_steps()
plain, clipped = run["plain"], run["clipped"]
start, landing = number(CLIFF_START), number(plain[1], ".2g").replace("-", "−")
with figure(height=3.4) as (fig, ax):
    ws = np.linspace(-2.7, 1.3, 800)
    ax.semilogy(ws, cliff_loss(ws) + 1e-3, color="0.6")
    ax.semilogy(plain, cliff_loss(plain) + 1e-3, "o--", ms=6, label=label(vi="bước thường", en="plain step"))
    ax.semilogy(clipped, cliff_loss(clipped) + 1e-3, "s-", ms=5, label=label(vi="bước đã gọt (‖g‖ ≤ 1)",
                                                                            en="clipped step (‖g‖ ≤ 1)"))
    ax.annotate(label(vi=f"một bước từ w = {start}\nvăng tới w = {landing}",
                      en=f"one step from w = {start}\nlands at w = {landing}"),
                xy=(plain[1], cliff_loss(plain[1])), xytext=(-1.2, 1e8), arrowprops={"arrowstyle": "->"})
    ax.set_xlabel("w")
    ax.set_ylabel("ℒ(w) = ½ (w¹² − ½)²")
    ax.legend(loc="lower left")
high = power_of_ten(cliff_loss(plain[1]))
print(to_svg(fig, decimal_mark=label(vi=",", en="."), alt=label(
    vi="Mặt mất mát có vách đá: một vùng phẳng nằm giữa hai bức tường rất dốc, các cực tiểu nằm sát chân tường. Xuất phát "
       f"trên tường tại w = {start}, một bước hạ gradient thường hất tham số văng sang tận w = {landing}, nơi mất mát "
       f"cỡ {high}; các bước có gradient đã gọt thì trượt dần xuống cực tiểu.",
    en="A loss surface with cliffs: a flat plateau between two very steep walls, with the minima at their feet. Starting "
       f"on the wall at w = {start}, a plain gradient step lands at w = {landing}, where the loss is about {high}; a "
       "clipped step slides down to the minimum.")))
