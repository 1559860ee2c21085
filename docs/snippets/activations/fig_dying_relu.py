from gradflow.book.activations import dying_relu
from gradflow.book.cache import settings
from gradflow.book.language import label, number
from gradflow.plotting import DEAD, HEALTHY, figure, to_svg

run = dying_relu()
relu, leaky = run["relu"], run["leaky_relu"]
names = {"relu": "ReLU", "leaky_relu": "leaky ReLU"}
with figure(1, 2, height=2.9, sharex=True) as (fig, (left, right)):
    for (activation, r), color, style in zip(run.items(), (DEAD, HEALTHY), ["-", "--"]):
        curve = r["curve"]
        left.plot(curve["step"], 100 * curve["dead"], style, color=color, label=names[activation])
        right.plot(curve["step"], 100 * curve["accuracy"], style, color=color, label=names[activation])
    end = leaky["curve"]["step"][-1]
    left.annotate(label(vi=f"{leaky['revived']} nơ-ron sống lại", en=f"{leaky['revived']} units revived"),
                  xy=(end, 100 * leaky["dead_after_training"]), xytext=(0.45 * end, 60),
                  arrowprops={"arrowstyle": "->"})
    right.plot([end], [100 * leaky["accuracy_without_revived"]], "x", ms=9, mew=2, color=DEAD,
               label=label(vi="leaky, tắt nơ-ron sống lại", en="leaky, revived units silenced"))
    left.set_ylabel(label(vi="% nơ-ron tầng 1 luôn ≤ 0", en="% of layer-1 units always ≤ 0"))
    right.set_ylabel(label(vi="độ chính xác (%)", en="accuracy (%)"))
    for ax in (left, right):
        ax.set_xlabel(label(vi="bước sau cú dịch hệ số điều chỉnh", en="steps after the bias shift"))
        ax.set_ylim(0, 105)
    right.legend(loc="lower right")


def pct(x):
    return number(100 * x, ".0f") + "%"


shift = number(settings(dying_relu)["bias_shift"], "g").replace("-", "−")
revived = leaky["revived"]
print(to_svg(fig, decimal_mark=label(vi=",", en="."), alt=label(
    vi=f"Diễn biến theo số bước huấn luyện tiếp, sau khi dịch mọi hệ số điều chỉnh của tầng 1 đi {shift}. Trái: tỉ lệ "
       f"nơ-ron tầng 1 có tiền kích hoạt không dương với mọi đầu vào; cả hai mạng bắt đầu ở "
       f"{pct(relu['dead_after_shift'])}, mạng ReLU nằm yên ở đó, mạng leaky ReLU giảm xuống {pct(leaky['dead_after_training'])} khi {revived} nơ-ron sống lại. Phải: độ "
       f"chính xác; mạng ReLU đứng yên ở {pct(relu['accuracy_after_training'])}, mạng leaky ReLU leo lên "
       f"{pct(leaky['accuracy_after_training'])}, và dấu chéo cho thấy khi tắt {revived} nơ-ron sống lại thì nó chỉ "
       f"còn {pct(leaky['accuracy_without_revived'])}.",
    en=f"After shifting every layer-1 bias by {shift}, against the training steps that follow. Left: share of layer-1 "
       f"units whose pre-activation is non-positive on every input; both nets start at "
       f"{pct(relu['dead_after_shift'])}, the ReLU net stays there, the leaky ReLU net falls to "
       f"{pct(leaky['dead_after_training'])} as {revived} units revive. Right: accuracy; the ReLU net stays at "
       f"{pct(relu['accuracy_after_training'])}, the leaky ReLU net climbs to {pct(leaky['accuracy_after_training'])}, "
       f"and a cross shows that with its {revived} revived units silenced it scores only "
       f"{pct(leaky['accuracy_without_revived'])}.")))
