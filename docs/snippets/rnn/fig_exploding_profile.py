from gradflow.book.language import label
from gradflow.book.rnn import rnn_gradient_profile
from gradflow.plotting import PALETTE, figure, to_svg


def num(x):
    return label(vi=f"{x:g}".replace(".", ","), en=f"{x:g}")


run = rnn_gradient_profile(scales=(1.0, 1.5, 2.0), T=50)
with figure() as (fig, ax):
    for scale, color, style in zip((2.0, 1.5, 1.0), PALETTE, ("-o", "-s", "-^")):
        ax.semilogy(run["t"], run[scale], style, markevery=7, color=color, label=f"σₘₐₓ = {num(scale)}")
    ax.set_xlabel(label(vi="bước thời gian t (mất mát đọc ở t = 50)", en="time step t (the loss reads t = 50)"))
    ax.set_ylabel("‖∂ℒ / ∂hₜ‖")
    ax.legend(loc="upper right")
print(to_svg(fig, alt=label(
    vi="Độ lớn gradient theo trạng thái ẩn ở từng bước của một RNN tanh lúc khởi tạo, thang log. Với σₘₐₓ = 1 "
       "gradient nhỏ dần khi lùi về đầu chuỗi; với σₘₐₓ = 1,5 nó gần như phẳng; với σₘₐₓ = 2 nó lớn dần, tức "
       "bùng nổ, khi lùi về đầu chuỗi.",
    en="Size of the gradient with respect to the hidden state at each step of a tanh RNN at initialization, log "
       "scale. With σₘₐₓ = 1 it shrinks towards the start of the sequence; with σₘₐₓ = 1.5 it is nearly flat; "
       "with σₘₐₓ = 2 it grows, that is explodes, towards the start.")))
