import numpy as np
from matplotlib.patches import Rectangle

from gradflow.book.clipping import TOY_GRADIENT, TOY_THRESHOLD
from gradflow.book.language import label, number
from gradflow.clip import clip_by_norm, clip_by_value
from gradflow.plotting import PALETTE, figure, to_svg

g = np.array(TOY_GRADIENT)
theta = TOY_THRESHOLD
(by_norm,), _ = clip_by_norm([g], max_norm=theta)
(by_value,) = clip_by_value([g], clip_value=theta)

with figure(height=3.3) as (fig, ax):
    t = np.linspace(0, 2 * np.pi, 200)
    ax.plot(theta * np.cos(t), theta * np.sin(t), ":", color=PALETTE[0], lw=1.5,
            label=label(vi="‖g‖ ≤ θ (gọt theo chuẩn)", en="‖g‖ ≤ θ (clip by norm)"))
    ax.add_patch(Rectangle((-theta, -theta), 2 * theta, 2 * theta, fill=False, ls="--", lw=1.5, ec=PALETTE[1],
                           label=label(vi="|gᵢ| ≤ θ (gọt theo giá trị)", en="|gᵢ| ≤ θ (clip by value)")))
    arrows = [(g, "0.35", "-", label(vi="g ban đầu", en="original g")),
              (by_norm, PALETTE[0], "-", label(vi="gọt theo chuẩn", en="clipped by norm")),
              (by_value, PALETTE[1], "-", label(vi="gọt theo giá trị", en="clipped by value"))]
    for vec, color, style, name in arrows:
        ax.annotate("", xy=vec, xytext=(0, 0), arrowprops={"arrowstyle": "-|>", "color": color, "lw": 2.2,
                                                             "shrinkA": 0, "shrinkB": 0})
    ax.plot([0, 4.6], [0, 4.6 / 4], color="0.35", lw=0.8, ls="-.")          # the line the original g lies on
    g1, g2 = (number(x, "g") for x in g)
    t, v1, v2 = (number(x, "g") for x in (theta, *by_value))
    ax.annotate(f"g = ({g1}, {g2})", xy=g, xytext=(3.2, 1.45), color="0.25")
    deg = np.degrees(np.arccos(g @ by_value / (np.linalg.norm(g) * np.linalg.norm(by_value))))
    x, y = (number(c, ".2f") for c in by_norm.round(2))
    ax.annotate(label(vi=f"theo chuẩn: ({x}; {y})\ncùng hướng với g", en=f"by norm: ({x}, {y})\nsame direction as g"),
                xy=by_norm, xytext=(1.45, -0.95), color=PALETTE[0], arrowprops={"arrowstyle": "->", "color": PALETTE[0]})
    ax.annotate(label(vi=f"theo giá trị: ({v1}, {v2})\nlệch {deg:.0f}° so với g", en=f"by value: ({v1}, {v2})\n{deg:.0f}° off g"),
                xy=by_value, xytext=(1.45, 1.35), color=PALETTE[1], arrowprops={"arrowstyle": "->", "color": PALETTE[1]})
    ax.set_aspect("equal")
    ax.set_xlim(-1.3, 4.7)
    ax.set_ylim(-1.3, 1.9)
    ax.set_xlabel("g₁")
    ax.set_ylabel("g₂")
    fig.legend(loc="outside lower center", ncols=2)
    length = number(np.linalg.norm(by_value), ".2f")
print(to_svg(fig, decimal_mark=label(vi=",", en="."), alt=label(
    vi=f"Gradient g = ({g1}, {g2}) và hai cách gọt nó với ngưỡng θ = {t}. Gọt theo chuẩn thu g về điểm ({x}; {y}) trên "
       f"đường tròn bán kính {t}, vẫn nằm trên đường thẳng chứa g. Gọt theo giá trị kẹp từng thành phần vào hình vuông "
       f"[−{t}, {t}]², cho ({v1}, {v2}): một vectơ lệch {deg:.0f}° so với g và dài {length}, vượt cả ngưỡng.",
    en=f"The gradient g = ({g1}, {g2}) and two ways of clipping it at θ = {t}. Clipping by norm shrinks g to ({x}, {y}) "
       f"on the circle of radius {t}, still on the line through g. Clipping by value clamps each entry into the square "
       f"[−{t}, {t}]², giving ({v1}, {v2}): a vector {deg:.0f}° off g, and {length} long, above the threshold.")))
