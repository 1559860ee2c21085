import numpy as np

from gradflow.book.batchnorm import SIGMOID_GAIN, bn_layer_stats
from gradflow.book.language import label, number, power_of_ten
from gradflow.plotting import HEALTHY, PALETTE, VANISHING, figure, to_svg

stats = bn_layer_stats(hidden_layers=15, width=64, n=256)
gain = number(SIGMOID_GAIN, "g")
names = {"plain": label(vi="không chuẩn hóa, Xavier", en="plain, Xavier"),
         "plain_gain": label(vi=f"không chuẩn hóa, Xavier × {gain}", en=f"plain, Xavier × {gain}"),
         "batchnorm": label(vi="có chuẩn hóa theo batch", en="with batch norm")}
styles = {"plain": "o-", "plain_gain": "v:", "batchnorm": "s--"}
colours = {"plain": VANISHING, "plain_gain": PALETTE[4], "batchnorm": HEALTHY}  # the book's meanings
hidden = len(stats["plain"]["input_std"])
with figure(2, 1, height=5.4, sharex=True) as (fig, (top, bottom)):
    for name in ("plain", "plain_gain", "batchnorm"):
        s = stats[name]
        top.semilogy(np.arange(1, hidden + 1), s["input_std"], styles[name], ms=4, color=colours[name],
                     label=names[name])
        bottom.semilogy(np.arange(1, hidden + 2), s["grad_W"], styles[name], ms=4, color=colours[name],
                        label=names[name])
    top.set_ylabel(label(vi="độ lệch chuẩn của đầu vào sigmoid", en="std of the sigmoid's input"))
    bottom.set_ylabel(label(vi="‖∂ℒ/∂Wˡ‖", en="‖∂ℒ/∂Wˡ‖"))
    bottom.set_xlabel(label(vi=f"tầng l (1 = gần đầu vào, {hidden + 1} = tầng đầu ra)",
                            en=f"layer l (1 = next to the input, {hidden + 1} = output)"))
    bottom.set_xticks([1, 4, 8, 12, 16])
    top.legend(loc="lower left")
plain, gained, bn = stats["plain"], stats["plain_gain"], stats["batchnorm"]
plain_last, gained_first, gained_last = (power_of_ten(plain["input_std"][-1]), number(gained["input_std"][0], ".2g"),
                                         number(gained["input_std"][-1], ".2g"))
plain_orders = int(np.log10(plain["grad_W"][-1] / plain["grad_W"][0]))
gained_orders = int(np.log10(gained["grad_W"][-1] / gained["grad_W"][0]))
bn_level = number(bn["grad_W"][:-1].mean(), ".2g")
print(to_svg(fig, decimal_mark=label(vi=",", en="."), alt=label(
    vi=f"Hai đồ thị thang log theo tầng của ba mạng sigmoid {hidden} tầng ẩn lúc khởi tạo. Trên: độ lệch chuẩn trên batch "
       f"của đầu vào hàm sigmoid; không chuẩn hóa, khởi tạo Xavier, nó giảm khoảng bốn lần mỗi tầng, từ 1 xuống cỡ "
       f"{plain_last}; với trọng số gấp {gain} lần nó giảm chậm hơn, từ khoảng {gained_first} xuống cỡ {gained_last}; "
       f"có chuẩn hóa theo batch thì nằm ngang ở 1. Dưới: độ lớn gradient theo trọng số; không chuẩn hóa thì nó giảm từ "
       f"tầng đầu ra về tầng 1 hơn {plain_orders} bậc độ lớn với Xavier và hơn {gained_orders} bậc với trọng số gấp "
       f"{gain} lần; có chuẩn hóa thì nằm ngang quanh {bn_level} ở mọi tầng ẩn.",
    en=f"Two log-scale plots by layer of three sigmoid nets with {hidden} hidden layers at initialization. Top: standard "
       f"deviation over the batch of the sigmoid's input; without normalization, at Xavier init, it falls about fourfold "
       f"per layer, from 1 to about {plain_last}; with the weights times {gain} it falls more slowly, from about "
       f"{gained_first} to about {gained_last}; with batch norm it stays flat at 1. Bottom: the weight-gradient norm; "
       f"without normalization it falls from the output layer back to layer 1 by more than {plain_orders} orders of "
       f"magnitude at Xavier init and by more than {gained_orders} with the weights times {gain}; with batch norm it "
       f"stays flat around {bn_level} at every hidden layer.")))
