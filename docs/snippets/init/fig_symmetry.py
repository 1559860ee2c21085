from gradflow.book.init import symmetry_training
from gradflow.book.language import label
from gradflow.plotting import figure, to_svg

run = symmetry_training()
titles = {"constant": label(vi="khởi tạo hằng số (mọi trọng số = 0,5)", en="constant init (every weight = 0.5)"),
          "xavier_normal": label(vi="khởi tạo ngẫu nhiên (Xavier)", en="random init (Xavier)")}
styles = ["-", "--", ":", "-."]
with figure(2, 1, height=6.4, sharex=True) as (fig, axes):
    for ax, (init, title) in zip(axes, titles.items()):
        r = run[init]
        for unit in range(r["W1"].shape[2]):
            ax.plot(r["recorded_steps"], r["W1"][:, 0, unit], styles[unit % 4], lw=1.6)
        ax.set_title(title, fontsize=12)
        ax.set_ylabel(label(vi="trọng số từ x₁ vào nút j", en="weight from x₁ into unit j"))
    axes[0].annotate(label(vi="8 đường trùng khít nhau", en="all 8 lines coincide"),
                     xy=(300, float(run["constant"]["W1"][30, 0, 0])), xytext=(280, 0.42),
                     arrowprops={"arrowstyle": "->"})
    axes[1].set_xlabel(label(vi="bước SGD", en="SGD step"))
print(to_svg(fig, alt=label(
    vi="Trọng số nối đầu vào x₁ với từng nút trong 8 nút của tầng ẩn thứ nhất, theo bước SGD. Trên: khởi tạo hằng số, "
       "8 đường trùng khít nhau suốt quá trình huấn luyện, các nút mãi là bản sao của nhau. Dưới: khởi tạo ngẫu nhiên, "
       "8 đường xuất phát khác nhau và đi theo những hướng khác nhau.",
    en="The weight from input x₁ into each of the 8 units of the first hidden layer, against the SGD step. Top: "
       "constant init; the 8 lines lie exactly on top of each other throughout training, the units stay copies of "
       "one another. Bottom: random init; the 8 lines start apart and move in different directions.")))
