from gradflow.book.language import label, number, power_of_ten
from gradflow.book.residual import gradients_by_depth
from gradflow.plotting import EXPLODING, HEALTHY, PALETTE, VANISHING, arrow, box, figure, node, to_svg

run = gradients_by_depth(blocks=20, width=64, n=256)
curves = [
    ("plain", "o-", 3, VANISHING, label(vi="mạng thường, khởi tạo Xavier", en="plain, Xavier init")),
    ("plain_he", "v:", 3, PALETTE[4], label(vi="mạng thường, khởi tạo He", en="plain, He init")),
    ("residual", "s--", 4, HEALTHY, label(vi="mạng phần dư, nhánh khởi tạo bằng 0", en="residual, branches start at zero")),
    ("residual_random", "D-.", 4, EXPLODING, label(vi="mạng phần dư, nhánh khởi tạo ngẫu nhiên", en="residual, random branches")),
]


with figure(2, 1, height=5.6, height_ratios=[1, 2.6]) as (fig, (block, ax)):
    # Top: one residual block. The branch F adds to the identity path; backprop's gradient takes
    # both, and the identity's share reaches x_l untouched.
    block.text(0, 0, "xₗ", ha="center", va="center")
    box(block, 1.6, 0.45, 2.8, 0.5)
    block.text(3.0, 0.7, label(vi="nhánh F(xₗ)", en="branch F(xₗ)"), ha="center", va="center")
    node(block, 5.0, 0, "+")
    block.text(6.4, 0, "xₗ₊₁", ha="center", va="center")
    arrow(block, (0.35, 0.05), (1.55, 0.6))
    arrow(block, (4.45, 0.6), (4.8, 0.15))
    arrow(block, (0.35, 0), (4.75, 0), color=HEALTHY)
    arrow(block, (5.25, 0), (6.0, 0))
    block.text(2.6, -0.28, label(vi="đường đồng nhất: gradient đi thẳng", en="identity path: the gradient goes straight"),
               ha="center", va="center", color=HEALTHY)
    block.set_xlim(-0.4, 6.9)
    block.set_ylim(-0.55, 1.1)
    block.set_axis_off()
    for name, style, size, colour, text in curves:
        ax.semilogy(run[name]["layers"], run[name]["norms"], style, ms=size, color=colour, label=text)
    ax.set_xlabel(label(vi="số tầng trọng số tính từ đầu vào", en="weight layers from the input"))
    ax.set_ylabel(label(vi="‖∂ℒ/∂x‖ tại độ sâu đó", en="‖∂ℒ/∂x‖ at that depth"))
    ax.set_ylim(1e-8, 1e2)
    fig.legend(loc="outside lower center")
xavier, random = run["plain"]["norms"], run["residual_random"]["norms"]
top, first, growth = number(xavier[-1], ".1g"), power_of_ten(xavier[0]), number(random[0] / random[-1], ".2g")
layers = run["plain"]["layers"][-1] + 1  # the hidden layers, then the output layer
print(to_svg(fig, decimal_mark=label(vi=",", en="."), alt=label(
    vi=f"Trên: sơ đồ một khối phần dư: nhánh F(xₗ) cộng vào đường đồng nhất, và gradient đi thẳng theo đường "
       f"đồng nhất. Dưới: độ lớn gradient theo biểu diễn ẩn ở từng độ sâu của bốn mạng ReLU có {layers} tầng trọng số, lúc khởi tạo, thang "
       f"log. Mạng thường khởi tạo Xavier: gradient giảm đều từ khoảng {top} ở tầng sâu nhất xuống khoảng {first} ở tầng "
       "đầu. Mạng thường khởi tạo He: gần như nằm ngang. Mạng phần dư có nhánh khởi tạo bằng 0: nằm ngang hoàn toàn, vì lúc "
       "khởi tạo mạng ấy là tuyến tính. Mạng phần dư có nhánh ngẫu nhiên: tăng dần về phía đầu vào, khoảng "
       f"{growth} lần.",
    en=f"Top: a diagram of one residual block: the branch F(xₗ) adds to the identity path, along which the "
       f"gradient goes straight. Bottom: gradient norm with respect to the hidden representation at each depth of four ReLU nets with {layers} weight "
       f"layers, at initialization, log scale. Plain net with Xavier init: the gradient falls steadily from about {top} "
       f"at the deepest layer to about {first} at the first. Plain net with He init: almost flat. Residual net with "
       "branches starting at zero: exactly flat, by construction, since that net is linear at initialization. Residual "
       f"net with random branches: growing towards the input, about {growth}-fold.")))
