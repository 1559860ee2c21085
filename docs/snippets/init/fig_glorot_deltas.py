from gradflow.book.init import glorot_at_init
from gradflow.book.language import label
from gradflow.plotting import figure, to_svg

run = glorot_at_init(width=500)
edges = run["delta_edges"]
titles = {"standard_uniform": label(vi="khởi tạo tiêu chuẩn", en="standard init"),
          "xavier_uniform": label(vi="khởi tạo chuẩn hóa (Xavier)", en="normalized init (Xavier)")}
styles = ["-", "--", "-.", ":", "-"]
with figure(2, 1, height=5.4, sharex=True, sharey=True) as (fig, axes):
    for ax, (init, title) in zip(axes, titles.items()):
        for layer, hist in enumerate(run[init]["delta_hist"]):
            ax.stairs(hist, edges, linestyle=styles[layer], lw=1.8, label=label(vi=f"tầng {layer + 1}", en=f"layer {layer + 1}"))
        ax.set_title(title)
        ax.set_yscale("log")
        ax.set_ylim(0.05, 500)
        ax.set_ylabel(label(vi="mật độ", en="density"))
    axes[0].legend(ncol=3, loc="upper left")
    axes[1].set_xlabel(label(vi="gradient lan truyền ngược δ = ∂ℓ/∂z (mỗi ví dụ)",
                             en="back-propagated gradient δ = ∂ℓ/∂z (per example)"))
layers = len(run["standard_uniform"]["delta_hist"])
print(to_svg(fig, alt=label(
    vi=f"Phân phối của gradient lan truyền ngược δ ở {layers} tầng ẩn tanh lúc khởi tạo, thang log. Trên, với khởi tạo "
       f"tiêu chuẩn: tầng càng gần đầu vào, phân phối càng hẹp, tức gradient càng nhỏ. Dưới, với khởi tạo chuẩn hóa: "
       f"{layers} phân phối gần như trùng nhau.",
    en=f"Distribution of the back-propagated gradients δ of the {layers} tanh hidden layers at initialization, log "
       "scale. Top, standard init: the closer a layer is to the input, the narrower its distribution, so the smaller "
       f"its gradients. Bottom, normalized init: the {layers} distributions nearly coincide."),
    decimal_mark=label(vi=",", en=".")))  # tick labels in the page's language
