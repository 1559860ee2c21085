import numpy as np

from gradflow.book.init import glorot_at_init
from gradflow.book.language import label
from gradflow.plotting import figure, to_svg

run = glorot_at_init(width=500)
names = {"standard_uniform": (label(vi="tiêu chuẩn", en="standard"), "o-"),
         "xavier_uniform": (label(vi="chuẩn hóa (Xavier)", en="normalized (Xavier)"), "s--")}
layers = np.arange(1, len(run["standard_uniform"]["grad_var"]) + 1)
with figure(2, 1, height=5.4, sharex=True) as (fig, (top, bottom)):
    for init, (name, style) in names.items():
        top.plot(layers, run[init]["delta_var"], style, label=name)
        bottom.plot(layers, run[init]["grad_var"], style, label=name)
    top.set_ylabel(label(vi="Var[δˡ]", en="Var[δˡ]"))
    top.set_title(label(vi="gradient lan truyền ngược", en="back-propagated gradients"))
    bottom.set_ylabel(label(vi="Var[∂ℒ/∂Wˡ]", en="Var[∂ℒ/∂Wˡ]"))
    bottom.set_title(label(vi="gradient theo trọng số", en="weight gradients"))
    bottom.set_xlabel(label(vi="tầng ẩn l (1 = gần đầu vào nhất)", en="hidden layer l (1 = next to the input)"))
    bottom.set_xticks(layers)
    for ax in (top, bottom):
        ax.set_yscale("log")
    top.legend(loc="lower right")
print(to_svg(fig, alt=label(
    vi="Trên: phương sai của gradient lan truyền ngược theo tầng, thang log. Với khởi tạo tiêu chuẩn, nó giảm khoảng ba "
       "lần mỗi tầng khi đi về phía đầu vào; với khởi tạo chuẩn hóa, nó gần như không đổi. Dưới: phương sai của gradient "
       f"theo trọng số gần như không đổi qua các tầng 2 đến {layers[-1]} với cả hai cách khởi tạo.",
    en="Top: variance of the back-propagated gradients by layer, log scale. With the standard init it falls about "
       "threefold per layer towards the input; with the normalized init it is nearly constant. Bottom: the variance "
       f"of the weight gradients is nearly constant across layers 2 to {layers[-1]} with both inits."),
    decimal_mark=label(vi=",", en=".")))  # tick labels in the page's language
