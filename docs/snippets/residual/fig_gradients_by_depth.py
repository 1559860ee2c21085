from gradflow.book.language import label, number, power_of_ten
from gradflow.book.residual import gradients_by_depth
from gradflow.plotting import figure, to_svg

run = gradients_by_depth(blocks=20, width=64, n=256)
curves = [
    ("plain", "o-", 3, label(vi="mạng thường, khởi tạo Xavier", en="plain, Xavier init")),
    ("plain_he", "v:", 3, label(vi="mạng thường, khởi tạo He", en="plain, He init")),
    ("residual", "s--", 4, label(vi="mạng phần dư, nhánh bắt đầu từ 0", en="residual, branches start at zero")),
    ("residual_random", "D-.", 4, label(vi="mạng phần dư, nhánh ngẫu nhiên", en="residual, random branches")),
]
with figure(height=3.7) as (fig, ax):
    for name, style, size, text in curves:
        ax.semilogy(run[name]["layers"], run[name]["norms"], style, ms=size, label=text)
    ax.set_xlabel(label(vi="số tầng trọng số tính từ đầu vào", en="weight layers from the input"))
    ax.set_ylabel(label(vi="‖∂ℒ/∂x‖ tại độ sâu đó", en="‖∂ℒ/∂x‖ at that depth"))
    ax.set_ylim(1e-8, 1e2)
    ax.legend(loc="lower right")
xavier, random = run["plain"]["norms"], run["residual_random"]["norms"]
top, first, growth = number(xavier[-1], ".1g"), power_of_ten(xavier[0]), number(random[0] / random[-1], ".2g")
layers = run["plain"]["layers"][-1] + 1  # the hidden layers, then the output layer
print(to_svg(fig, alt=label(
    vi=f"Độ lớn gradient theo biểu diễn ẩn ở từng độ sâu của bốn mạng ReLU có {layers} tầng trọng số, lúc khởi tạo, thang "
       f"log. Mạng thường khởi tạo Xavier: gradient giảm đều từ khoảng {top} ở tầng sâu nhất xuống khoảng {first} ở tầng "
       "đầu. Mạng thường khởi tạo He: gần như nằm ngang. Mạng phần dư có nhánh bắt đầu từ 0: nằm ngang tuyệt đối, do cách "
       "dựng, vì mạng lúc ấy là tuyến tính. Mạng phần dư có nhánh ngẫu nhiên: tăng dần về phía đầu vào, khoảng "
       f"{growth} lần.",
    en=f"Gradient norm with respect to the hidden representation at each depth of four ReLU nets with {layers} weight "
       f"layers, at initialization, log scale. Plain net with Xavier init: the gradient falls steadily from about {top} "
       f"at the deepest layer to about {first} at the first. Plain net with He init: almost flat. Residual net with "
       "branches starting at zero: exactly flat, by construction, since that net is linear at initialization. Residual "
       f"net with random branches: growing towards the input, about {growth}-fold.")))
