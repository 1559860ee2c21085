import numpy as np

from gradflow.book.batchnorm import bn_layer_stats
from gradflow.book.language import label
from gradflow.plotting import figure, to_svg

stats = bn_layer_stats(hidden_layers=15, width=64, n=256)
names = {"plain": label(vi="không chuẩn hóa", en="plain"), "batchnorm": label(vi="có chuẩn hóa theo batch",
                                                                                  en="with batch norm")}
styles = {"plain": "o-", "batchnorm": "s--"}
with figure(2, 1, height=6.4, sharex=True) as (fig, (top, bottom)):
    for name in ("plain", "batchnorm"):
        s = stats[name]
        top.semilogy(np.arange(1, 16), s["input_std"], styles[name], ms=4, label=names[name])
        bottom.semilogy(np.arange(1, 17), s["grad_W"], styles[name], ms=4, label=names[name])
    top.set_ylabel(label(vi="độ lệch chuẩn đầu vào sigmoid", en="std of the sigmoid's input"), fontsize=11)
    bottom.set_ylabel(label(vi="‖∂ℒ/∂Wˡ‖", en="‖∂ℒ/∂Wˡ‖"))
    bottom.set_xlabel(label(vi="tầng l (1 = gần đầu vào, 16 = tầng đầu ra)", en="layer l (1 = next to the input, 16 = output)"))
    bottom.set_xticks([1, 4, 8, 12, 16])
    top.legend(loc="lower left")
print(to_svg(fig, alt=label(
    vi="Hai đồ thị thang log theo tầng của một mạng sigmoid 15 tầng ẩn lúc khởi tạo. Trên: độ lệch chuẩn trên batch của "
       "đầu vào hàm sigmoid; không chuẩn hóa thì nó giảm khoảng bốn lần mỗi tầng, từ 1 xuống cỡ 10⁻⁹, có chuẩn hóa theo "
       "batch thì nằm ngang ở 1. Dưới: độ lớn gradient theo trọng số; không chuẩn hóa thì nó giảm từ tầng đầu ra về tầng 1 "
       "hơn chín bậc độ lớn, có chuẩn hóa thì nằm ngang quanh 0,25 ở mọi tầng ẩn.",
    en="Two log-scale plots by layer of a sigmoid net with 15 hidden layers at initialization. Top: standard deviation "
       "over the batch of the sigmoid's input; without normalization it falls about fourfold per layer, from 1 to about "
       "10⁻⁹, with batch norm it stays flat at 1. Bottom: the weight-gradient norm; without normalization it falls by "
       "more than nine orders of magnitude from the output layer back to layer 1, with batch norm it stays flat around "
       "0.25 at every hidden layer.")))
