import numpy as np

from gradflow.book.activations import dying_relu
from gradflow.book.language import label
from gradflow.plotting import figure, to_svg

run = dying_relu(bias_shift=-3.0, steps=400)
stages = ["dead_before", "dead_after_shift", "dead_after_training"]
names = [label(vi="trước", en="before"), label(vi="ngay sau khi dời bias", en="right after the bias shift"),
         label(vi="sau 400 bước nữa", en="after 400 more steps")]
x = np.arange(len(stages))
with figure() as (fig, ax):
    for offset, (activation, hatch) in zip([-0.2, 0.2], [("relu", ""), ("leaky_relu", "//")]):
        values = [100 * run[activation][stage] for stage in stages]
        ax.bar(x + offset, values, width=0.38, hatch=hatch, label=activation)
    ax.set_xticks(x, names)
    ax.set_ylabel(label(vi="% nơ-ron tầng 1 luôn ≤ 0", en="% of layer-1 units always ≤ 0"))
    ax.set_ylim(0, 105)
    ax.legend(loc="upper left")
print(to_svg(fig, alt=label(
    vi="Tỉ lệ nơ-ron tầng 1 có tiền kích hoạt âm với mọi đầu vào, trước và sau khi dời bias đi −3. Ngay sau cú dời, cả "
       "hai mạng có khoảng 90% nơ-ron như vậy. Sau 400 bước huấn luyện, ở mạng ReLU con số còn tăng thêm, vì các nơ-ron "
       "đó không nhận được gradient nào; mạng leaky ReLU kéo được một phần nơ-ron trở lại.",
    en="Share of layer-1 units whose pre-activation is negative on every input, before and after shifting the biases "
       "by −3. Right after the shift both nets have about 90% such units. After 400 training steps the ReLU net has "
       "even more, since those units receive no gradient at all; the leaky ReLU net has pulled some of them back.")))
