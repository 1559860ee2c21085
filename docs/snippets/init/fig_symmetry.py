import inspect

from gradflow.book.init import symmetry_training
from gradflow.book.language import label, number
from gradflow.init import constant
from gradflow.plotting import figure, to_svg

run = symmetry_training()
value = number(inspect.signature(constant).parameters["value"].default)  # the constant init's weight
units = run["constant"]["W1"].shape[2]
titles = {"constant": label(vi=f"khởi tạo hằng số (mọi trọng số = {value})", en=f"constant init (every weight = {value})"),
          "xavier_normal": label(vi="khởi tạo ngẫu nhiên (Xavier)", en="random init (Xavier)")}
styles = ["-", "--", ":", "-."]
with figure(2, 1, height=5.4, sharex=True) as (fig, axes):
    for ax, (init, title) in zip(axes, titles.items()):
        r = run[init]
        for unit in range(r["W1"].shape[2]):
            ax.plot(r["recorded_steps"], r["W1"][:, 0, unit], styles[unit % 4], lw=1.6)
        ax.set_title(title)
        ax.set_ylabel(label(vi="trọng số từ x₁ vào nút j", en="weight from x₁ into unit j"))
    axes[0].annotate(label(vi=f"{units} đường trùng khít nhau", en=f"all {units} lines coincide"),
                     xy=(300, float(run["constant"]["W1"][30, 0, 0])), xytext=(280, 0.42),
                     arrowprops={"arrowstyle": "->"})
    axes[1].set_xlabel(label(vi="bước SGD", en="SGD step"))
print(to_svg(fig, alt=label(
    vi=f"Trọng số nối đầu vào x₁ với từng nút trong {units} nút của tầng ẩn thứ nhất, theo bước SGD. Trên: khởi tạo hằng "
       f"số, {units} đường trùng khít nhau suốt quá trình huấn luyện, các nút mãi là bản sao của nhau. Dưới: khởi tạo ngẫu "
       f"nhiên, {units} đường xuất phát khác nhau và đi theo những hướng khác nhau.",
    en=f"The weight from input x₁ into each of the {units} units of the first hidden layer, against the SGD step. Top: "
       f"constant init; the {units} lines lie exactly on top of each other throughout training, the units stay copies of "
       f"one another. Bottom: random init; the {units} lines start apart and move in different directions."),
    decimal_mark=label(vi=",", en=".")))  # tick labels in the page's language
