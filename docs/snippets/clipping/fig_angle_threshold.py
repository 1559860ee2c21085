from gradflow.book.clipping import clip_angles
from gradflow.book.language import label, number
from gradflow.book.nets import digits_relu_net
from gradflow.plotting import PALETTE, figure, to_svg

run = clip_angles()
t = run["thresholds"]
with figure(height=4.2) as (fig, ax):
    for scale, color, marker in [(1.0, PALETTE[0], "o"), (2.0, PALETTE[1], "s")]:
        name = label(vi="khởi tạo He", en="He initialization") if scale == 1.0 else label(
            vi=f"khởi tạo He × {number(scale, 'g')}", en=f"He initialization × {number(scale, 'g')}")
        ax.semilogx(t, run[scale]["by_value"], marker + "-", ms=4, color=color,
                    label=label(vi=f"theo giá trị, {name}", en=f"by value, {name}"))
        ax.axvline(run[scale]["max_abs"], color=color, ls=":", lw=1.2)
    ax.semilogx(t, run[2.0]["by_norm"], "k--", label=label(vi="theo chuẩn, cả hai mạng", en="by norm, both networks"))
    ax.plot([], [], ":", color="0.3", lw=1.2, label=label(vi="|gᵢ| lớn nhất của mỗi gradient",
                                                         en="largest |gᵢ| of each gradient"))
    ax.set_ylim(-3, 70)
    ax.set_xlabel(label(vi="ngưỡng θ", en="threshold θ"))
    ax.set_ylabel(label(vi="góc với gradient gốc (độ)", en="angle to the original gradient (°)"))
    fig.legend(loc="outside lower center", ncols=1)
    he, doubled = run[1.0]["max_abs"], run[2.0]["max_abs"]
    top = max(run[1.0]["by_value"].max(), run[2.0]["by_value"].max())
    layers = len(digits_relu_net(1.0).W)
top, he, doubled = number(top, ".0f"), number(he, ".2f"), number(doubled, ".0f")
print(to_svg(fig, decimal_mark=label(vi=",", en="."), alt=label(
    vi=f"Góc giữa gradient của mạng ReLU {layers} tầng lúc khởi tạo và gradient đã gọt, theo ngưỡng (thang log). Gọt theo "
       f"chuẩn giữ góc bằng 0 ở mọi ngưỡng. Gọt theo giá trị làm gradient quay đi một góc lên tới {top}° khi ngưỡng rất "
       f"nhỏ; góc chỉ trở về 0 khi ngưỡng vượt thành phần lớn nhất của gradient: {he} với khởi tạo He, {doubled} khi "
       "trọng số gấp đôi.",
    en=f"Angle between the gradient of a {layers}-layer ReLU network at initialization and its clipped version, against the "
       "threshold (log scale). Clipping by norm keeps the angle at 0 for every threshold. Clipping by value turns the "
       f"gradient, by up to {top}° for very small thresholds; the angle only returns to 0 once the threshold exceeds "
       f"the largest entry of the gradient: {he} with He initialization, {doubled} with doubled weights.")))
