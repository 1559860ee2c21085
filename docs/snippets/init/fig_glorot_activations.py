from gradflow.book.init import glorot_at_init
from gradflow.book.language import label
from gradflow.plotting import figure, to_svg

run = glorot_at_init(width=500)
edges = run["activation_edges"]
titles = {"standard_uniform": label(vi="tiêu chuẩn: U[−1/√n, 1/√n]", en="standard: U[−1/√n, 1/√n]"),
          "xavier_uniform": label(vi="chuẩn hóa (Xavier): U[±√6/√(n_in+n_out)]",
                                  en="normalized (Xavier): U[±√6/√(n_in+n_out)]")}
styles = ["-", "--", "-.", ":", "-"]
with figure(2, 1, height=5.4, sharex=True, sharey=True) as (fig, axes):
    for ax, (init, title) in zip(axes, titles.items()):
        for layer, hist in enumerate(run[init]["activation_hist"]):
            ax.stairs(hist, edges, linestyle=styles[layer], lw=1.8, label=label(vi=f"tầng {layer + 1}", en=f"layer {layer + 1}"))
        ax.set_title(title)
        ax.set_yscale("log")
        ax.set_ylim(1e-2, 40)
        ax.set_ylabel(label(vi="mật độ", en="density"))
    axes[0].legend(ncol=3, loc="upper left")
    axes[1].set_xlabel(label(vi="kích hoạt a = tanh(z)", en="activation a = tanh(z)"))
layers = len(run["standard_uniform"]["activation_hist"])
print(to_svg(fig, alt=label(
    vi=f"Phân phối kích hoạt của {layers} tầng ẩn tanh lúc khởi tạo, thang log. Trên, với khởi tạo tiêu chuẩn: tầng càng "
       f"cao, phân phối càng hẹp và càng dồn về 0. Dưới, với khởi tạo chuẩn hóa: {layers} phân phối gần như trùng nhau.",
    en=f"Distribution of the activations of the {layers} tanh hidden layers at initialization, log scale. Top, standard "
       f"init: the higher the layer, the narrower the distribution, piling up at 0. Bottom, normalized init: the {layers} "
       "distributions nearly coincide."),
    decimal_mark=label(vi=",", en=".")))  # tick labels in the page's language
