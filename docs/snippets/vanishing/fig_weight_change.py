from gradflow.book.language import label
from gradflow.book.vanishing import sigmoid_training
from gradflow.plotting import figure, to_svg

run = sigmoid_training(hidden_layers=4, steps=2000, lr=1.0)
steps, change = run["checkpoint_steps"], run["relative_change"]
with figure() as (fig, ax):
    for layer, marker in zip(range(change.shape[1]), "os^Dv"):
        name = label(vi=f"tầng {layer + 1}", en=f"layer {layer + 1}")
        if layer == change.shape[1] - 1:
            name += label(vi=" (đầu ra)", en=" (output)")
        ax.plot(steps, change[:, layer], marker + "-", ms=4, label=name)
    ax.set_xlabel(label(vi="bước SGD", en="SGD step"))
    ax.set_ylabel("‖Wˡₜ − Wˡ₀‖ / ‖Wˡ₀‖")
    ax.legend(ncol=2)
print(to_svg(fig, alt=label(
    vi="Trọng số mỗi tầng đã dời bao xa so với lúc khởi tạo. Trong nghìn bước đầu, tầng 1 và 2 gần như đứng yên trong khi "
       "tầng 4 và tầng đầu ra đã dời hơn một nửa; sau đó mọi tầng đều bắt đầu dịch chuyển.",
    en="How far each layer's weights have moved from initialization. In the first thousand steps layers 1 and 2 barely "
       "move while layer 4 and the output layer have moved by more than half; after that every layer starts to move.")))
