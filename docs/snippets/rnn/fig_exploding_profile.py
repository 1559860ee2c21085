from gradflow.book.language import label, number
from gradflow.book.rnn import rnn_gradient_profile
from gradflow.plotting import PALETTE, figure, to_svg

scales = (1.0, 1.5, 2.0)
run = rnn_gradient_profile(scales=scales, T=50)
low, mid, high = (number(scale) for scale in scales)
with figure() as (fig, ax):
    for scale, color, style in zip(scales[::-1], PALETTE, ("-o", "-s", "-^")):
        ax.semilogy(run["t"], run[scale], style, markevery=7, color=color, label=f"σₘₐₓ = {number(scale)}")
    ax.set_xlabel(label(vi="bước thời gian t (mất mát tính ở t = 50)", en="time step t (the loss reads t = 50)"))
    ax.set_ylabel("‖∂ℒ / ∂hₜ‖")
    ax.legend(loc="upper right")
print(to_svg(fig, decimal_mark=label(vi=",", en="."), alt=label(
    vi=f"Độ lớn gradient theo trạng thái ẩn ở từng bước của một RNN tanh lúc khởi tạo, thang log. Với "
       f"σₘₐₓ = {low} gradient nhỏ dần khi lùi về đầu chuỗi; với σₘₐₓ = {mid} nó gần như không "
       f"đổi; với σₘₐₓ = {high} nó lớn dần, tức bùng nổ, khi lùi về đầu chuỗi.",
    en=f"Size of the gradient with respect to the hidden state at each step of a tanh RNN at initialization, log "
       f"scale. With σₘₐₓ = {low} it shrinks towards the start of the sequence; with "
       f"σₘₐₓ = {mid} it is nearly flat; with σₘₐₓ = {high} it grows, that is explodes, towards "
       "the start.")))
