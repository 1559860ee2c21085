# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#   gradflow_lab:
#     chapters:
#     - page: remedies/clipping.md
#       vi: Gọt gradient
#       en: Gradient clipping
# ---

# %% [markdown] lang="vi"
# # Thí nghiệm: gọt gradient, cứu một lần huấn luyện đang phân kỳ

# %% [markdown] lang="en"
# # Lab: gradient clipping, rescuing a diverging run

# %% [markdown] lang="vi"
# Gọt gradient (gradient clipping) không ngăn được gradient bùng nổ: nó chỉ chặn độ dài
# của mỗi bước cập nhật. Trong notebook này ta thấy gọt theo chuẩn giữ nguyên hướng, còn
# gọt theo giá trị thì bẻ hướng; rồi ta dùng gọt gradient để cứu một mạng ReLU sâu vốn
# biến thành NaN chỉ sau bốn bước, dò xem ngưỡng cần chính xác đến mức nào, và cuối cùng
# thấy điều nó không khắc phục được: tiêu biến gradient.

# %% [markdown] lang="en"
# Gradient clipping does nothing to stop a gradient from exploding: it only caps the
# length of each update. In this notebook we see that clipping by norm keeps the direction
# while clipping by value turns it, use clipping to rescue a deep ReLU network that
# otherwise turns into NaN after four steps, probe how precise the threshold must be,
# and finally see what clipping cannot cure: vanishing gradients.

# %%
import numpy as np

from gradflow import plotting
from gradflow.book.language import label, number, numbers, set_language
from gradflow.book.nets import nielsen_net
from gradflow.clip import clip_by_norm, clip_by_value, global_norm
from gradflow.data import digits_like
from gradflow.diagnostics import angle_degrees, dead_unit_fraction, layer_speeds
from gradflow.init import scaled_he_init
from gradflow.losses import accuracy
from gradflow.mlp import MLP
from gradflow.train import train_sgd

# 500 synthetic 8x8 digits
X, y = digits_like(500, rng=np.random.default_rng(0))
LR, STEPS, BATCH = 0.05, 150, 64


def relu_net(scale, seed=1):
    """8 hidden ReLU layers of 64 units; weights = He-normal times `scale`."""
    return MLP([64] + [64] * 8 + [10], activation="relu",
               init=scaled_he_init(scale), rng=np.random.default_rng(seed))


def train(scale, seed=1, **clip):
    """SGD on minibatches from a seeded rng; returns the net and its History."""
    net = relu_net(scale, seed)
    history = train_sgd(net, X, y, lr=LR, steps=STEPS, batch_size=BATCH,
                        rng=np.random.default_rng(seed + 1), **clip)
    return net, history


# %% lang="vi"
set_language("vi")  # số in ra theo kiểu Việt: 0,25

# %% lang="en"
set_language("en")  # numbers printed the English way: 0.25

# %% [markdown] lang="vi"
# ## 1. Gọt theo chuẩn hay theo giá trị
#
# Gọt theo chuẩn nhân cả vectơ với $\min(1, \theta / \lVert g \rVert)$; gọt theo giá
# trị kẹp từng thành phần vào $[-\theta, \theta]$. Ta lấy $g = (4, 1)$, ngưỡng
# $\theta = 1$, rồi đo độ dài của kết quả và góc lệch của nó so với $g$. Sau đó ta làm lại
# với gradient thật của mạng ReLU 8 tầng ẩn có trọng số gấp đôi khởi tạo He; gradient này
# có hơn ba mươi nghìn thành phần.

# %% [markdown] lang="en"
# ## 1. Clipping by norm or by value
#
# Clipping by norm multiplies the whole vector by $\min(1, \theta / \lVert g \rVert)$;
# clipping by value clamps each entry to $[-\theta, \theta]$. We take $g = (4, 1)$ and
# $\theta = 1$, and measure the length of each result and its angle to $g$. Then we do
# the same with the real gradient of the 8-hidden-layer ReLU network with twice the He
# initialization, which has over thirty thousand entries.

# %%
g = np.array([4.0, 1.0])
theta = 1.0
g_norm = clip_by_norm([g], theta)[0][0]
g_value = clip_by_value([g], theta)[0]
for name, v in ((label(vi="theo chuẩn  ", en="by norm "), g_norm),
                (label(vi="theo giá trị", en="by value"), g_value)):
    size = number(np.linalg.norm(v), ".3f")
    turn = number(angle_degrees(g, v), ".1f")
    shown = numbers(v, ".3g")
    print(label(vi=f"{name}: ({shown})  độ dài {size}  góc {turn}°",
                en=f"{name}: ({shown})  length {size}  angle {turn} deg"))

_, grads = relu_net(2.0).loss_and_grads(X, y)
big = grads.params()
entries, size = sum(p.size for p in big), number(global_norm(big), ".4g")
print(label(vi=f"\nmạng: {entries} thành phần, chuẩn {size}",
            en=f"\nnetwork: {entries} entries, norm {size}"))
for t in (1.0, 10.0, 100.0):
    shrunk, turned = clip_by_norm(big, t)[0], clip_by_value(big, t)
    clamped = sum(int(np.sum(np.abs(p) > t)) for p in big)
    by_norm = number(angle_degrees(big, shrunk), ".1f")
    by_value = number(angle_degrees(big, turned), ".1f")
    size = number(global_norm(turned), ".4g")
    line = label(vi=f"θ = {t:5g}: góc khi gọt theo chuẩn {by_norm}°, "
                    f"theo giá trị {by_value}°",
                 en=f"theta = {t:5g}: angle by norm {by_norm} deg, "
                    f"by value {by_value} deg")
    print(line)
    print(label(vi=f"{'':11}({clamped} thành phần bị kẹp, độ dài {size})",
                en=f"{'':15}({clamped} entries clamped, length {size})"))

# %%
circle = np.linspace(0, 2 * np.pi, 100)
with plotting.figure(height=3) as (fig, ax):
    ax.plot(np.cos(circle), np.sin(circle), color="grey", lw=1)
    ax.plot([-1, 1, 1, -1, -1], [-1, -1, 1, 1, -1], color="grey", lw=1, ls=":")
    for v, text in ((g, label(vi="$g$ ban đầu", en="original $g$")),
                    (g_norm, label(vi="gọt theo chuẩn", en="clipped by norm")),
                    (g_value, label(vi="gọt theo giá trị", en="clipped by value"))):
        ax.plot([0, v[0]], [0, v[1]], marker="o", markevery=[1], label=text)
    ax.set_aspect("equal")
    ax.set_xlim(-1.3, 4.3)
    ax.set_ylim(-1.8, 1.3)
    ax.set_xlabel("g₁")
    ax.set_ylabel("g₂")
    ax.legend(loc="lower right")
alt = label(
    vi="Gọt theo chuẩn, vectơ (4, 1) co lại trên chính phương của nó, tới "
       "đường tròn bán kính 1; gọt theo giá trị, nó thành (1, 1), ở góc hình "
       "vuông, lệch hướng 31 độ.",
    en="Clipped by norm, the vector (4, 1) shrinks along its own line, onto "
       "the circle of radius 1; clipped by value it becomes (1, 1), at the "
       "corner of the square, 31 degrees off.")
plotting.to_svg(fig, alt=alt, decimal_mark=label(vi=",", en="."))

# %% [markdown] lang="vi"
# Gọt theo chuẩn luôn cho góc 0: chỉ độ dài thay đổi. Gọt theo giá trị biến $(4, 1)$
# thành $(1, 1)$, lệch $31^\circ$ và vẫn dài hơn ngưỡng. Với mạng thật, ở $\theta = 100$
# chỉ một nhúm thành phần khổng lồ bị kẹp mà gradient vẫn lệch khoảng $12^\circ$; ở
# $\theta = 1$ nó lệch hơn $50^\circ$, và vectơ “đã gọt” vẫn dài hơn 100.
#
# **Thử thay đổi:** đặt `g = np.array([4.0, 3.9])`: hai thành phần gần bằng nhau nên gọt
# theo giá trị gần như không bẻ hướng nữa. Hoặc thay `relu_net(2.0)` bằng `relu_net(1.0)`
# (khởi tạo He đúng cách): thành phần lớn nhất của gradient nhỏ hơn 1 và chuẩn của nó chỉ
# khoảng 2, nên với $\theta = 10$ và $100$ cả hai cách đều không chạm vào gradient; với
# $\theta = 1$ chỉ gọt theo chuẩn có tác dụng, và nó chỉ làm gradient ngắn lại.

# %% [markdown] lang="en"
# Clipping by norm always gives an angle of 0: only the length changes. Clipping by value
# turns $(4, 1)$ into $(1, 1)$, $31^\circ$ off and still longer than the threshold. On the
# real network, at $\theta = 100$ only a handful of huge entries are clamped, yet the
# gradient turns by about $12^\circ$; at $\theta = 1$ it turns by more than $50^\circ$,
# and the "clipped" vector is still longer than 100.
#
# **Try changing:** set `g = np.array([4.0, 3.9])`: with two nearly equal entries,
# clipping by value barely turns it. Or replace `relu_net(2.0)` by `relu_net(1.0)`
# (proper He initialization): its largest gradient entry is below 1 and its norm is about
# 2, so at $\theta = 10$ and $100$ neither kind of clipping touches the gradient; at
# $\theta = 1$ only clipping by norm does, and it only shortens it.

# %% [markdown] lang="vi"
# ## 2. Cứu một mạng đang phân kỳ
#
# Cùng mạng ReLU có trọng số gấp đôi, cùng các minibatch, cùng tốc độ học 0,05; lần chạy
# thứ hai gọt theo chuẩn với $\theta = 5$. `History.total_grad_norm` ghi chuẩn *trước* khi
# gọt, `History.clipped_grad_norm` ghi chuẩn thực sự được dùng để cập nhật, và
# `History.diverged_at` cho biết ở bước nào mất mát hoặc gradient trở thành inf hay NaN
# (`train_sgd` lặng lẽ dừng tại đó).

# %% [markdown] lang="en"
# ## 2. Rescuing a diverging network
#
# The same doubled-weight ReLU network, the same minibatches, the same learning rate
# 0.05; the second run clips by norm at $\theta = 5$. `History.total_grad_norm` holds the
# norm *before* clipping, `History.clipped_grad_norm` the norm actually used for the
# update, and `History.diverged_at` the step at which the loss or the gradient became
# inf or NaN (`train_sgd` stops quietly there).

# %%
def outcome(h):
    """What a History says of its run (str(h)), in the notebook's language."""
    if h.diverged:
        return label(vi=f"phân kỳ ở bước {h.diverged_at} (inf hoặc NaN), "
                        "huấn luyện dừng lại",
                     en=f"diverged at step {h.diverged_at} (inf or NaN), "
                        "training stopped")
    final_loss = number(h.loss[-1], ".4g")
    return label(vi=f"{len(h.loss)} bước, mất mát ở minibatch cuối {final_loss}",
                 en=f"{len(h.loss)} steps, loss on the last minibatch "
                    f"{final_loss}")


THETA = 5.0
_, plain = train(2.0)
net, clipped = train(2.0, clip_norm=THETA)
print(label(vi="không gọt:", en="plain  :"), outcome(plain))
print(label(vi="  các chuẩn đầu tiên", en="  first norms"),
      numbers(plain.total_grad_norm[:4], ".3e"))
print(label(vi="có gọt:   ", en="clipped:"), outcome(clipped),
      f"| diverged_at = {clipped.diverged_at}")
first = number(clipped.total_grad_norm[0], ".4g")
median = number(np.median(clipped.total_grad_norm[-50:]), ".3g")
line = label(vi=f"  chuẩn trước khi gọt: bước đầu {first}; "
                f"trung vị 50 bước cuối {median}",
             en=f"  norm before clipping: first {first}, "
                f"median of the last 50 steps {median}")
print(line)
largest = number(clipped.clipped_grad_norm.max(), ".3g")
share = number(np.mean(clipped.total_grad_norm > THETA), ".0%")
line = label(vi=f"  chuẩn lớn nhất được dùng {largest}; "
                f"tỉ lệ bước bị gọt {share}",
             en=f"  largest norm applied {largest}, "
                f"share of clipped steps {share}")
print(line)
final_loss = number(net.loss_and_grads(X, y)[0], ".3f")
right = number(accuracy(net.predict(X), y), ".0%")
line = label(vi=f"  trên toàn bộ dữ liệu: mất mát {final_loss}; "
                f"độ chính xác {right}",
             en=f"  whole data set: loss {final_loss}, accuracy {right}")
print(line)

# %%
with plotting.figure(2, 1, height=4.2, sharex=True) as (fig, (top, bottom)):
    for h, text in ((plain, label(vi="không gọt", en="no clipping")),
                    (clipped, label(vi=f"gọt, θ = {number(THETA)}",
                                    en=f"clipped, θ = {THETA:g}"))):
        top.semilogy(h.loss, label=text)
        bottom.semilogy(h.total_grad_norm)
    bottom.axhline(THETA, color="grey", ls="--", lw=1)
    top.set_ylim(0.3, 1e4)
    bottom.set_ylim(1, 1e5)
    top.set_ylabel(label(vi="mất mát", en="loss"))
    bottom.set_ylabel(label(vi="chuẩn trước khi gọt", en="norm before clipping"))
    bottom.set_xlabel(label(vi="bước", en="step"))
    top.legend()
alt = label(
    vi="Không gọt, mất mát và chuẩn gradient vọt ra khỏi hình sau vài bước; "
       "có gọt với ngưỡng 5, mất mát giảm đều, còn chuẩn trước khi gọt giảm "
       "dần nhưng vẫn nằm trên ngưỡng.",
    en="Without clipping the loss and the gradient norm leave the chart "
       "within a few steps; with clipping at 5 the loss falls steadily and "
       "the norm before clipping falls but stays above the threshold.")
plotting.to_svg(fig, alt=alt, decimal_mark=label(vi=",", en="."))

# %% [markdown] lang="vi"
# Không gọt, chuẩn gradient tăng ít nhất một nghìn lần sau mỗi bước và thành NaN ở bước 4.
# Có gọt, ở bước đầu tiên mạng nhận đúng gradient có chuẩn khoảng 1400 ấy, nhưng chỉ đi
# một quãng $\eta\,\theta = 0{,}25$. Mọi bước đều bị gọt (chuẩn trước khi gọt không lần
# nào xuống dưới 5), vậy mà mạng vẫn học: sau 150 bước, độ chính xác đã khoảng 60%. Chỉ
# riêng hướng của gradient đã đủ để mạng học; độ lớn của nó bị bỏ đi.
#
# **Thử thay đổi:** thay `clip_norm=THETA` bằng `clip_value=0.1` (gọt theo giá trị). Mạng
# cũng không phân kỳ, ở đây còn học tốt hơn, nhưng hãy in `clipped.clipped_grad_norm[:3]`:
# gradient sau khi gọt vẫn có chuẩn khoảng 15, gấp ba ngưỡng $\theta$ của gọt theo chuẩn,
# vì 0,1 là ngưỡng cho từng thành phần chứ không cho cả vectơ. Hoặc đặt `LR = 0.2` ở ô
# thiết lập: lần chạy có gọt vẫn hữu hạn, nhưng mất mát kẹt ở $\ln 10 \approx 2{,}30$; thí
# nghiệm 3 giải thích vì sao.

# %% [markdown] lang="en"
# Without clipping, the gradient norm grows by a factor of at least a thousand per step
# and turns into NaN at step 4. With clipping, the first step meets exactly the same
# gradient of norm about 1400 but only travels $\eta\,\theta = 0.25$. Every step is
# clipped (the norm before clipping never falls below 5), yet the network learns: after
# 150 steps its accuracy is about 60%. The direction is enough; the magnitude is thrown
# away.
#
# **Try changing:** replace `clip_norm=THETA` by `clip_value=0.1` (clipping by value).
# The run does not diverge either, and here it even learns better, but print
# `clipped.clipped_grad_norm[:3]`: the clipped gradient still has a norm of about 15,
# three times the norm threshold $\theta$, because 0.1 caps each entry, not the vector.
# Or raise `LR` to 0.2 in the setup cell: the clipped run stays finite, but its loss gets
# stuck at $\ln 10 \approx 2.30$; experiment 3 shows why.

# %% [markdown] lang="vi"
# ## 3. Ngưỡng cần chính xác đến đâu?
#
# Ta huấn luyện mạng có trọng số gấp đôi với nhiều ngưỡng $\theta$ từ 1 đến 1000, mỗi
# ngưỡng một lần, rồi đo mất mát trên toàn bộ dữ liệu. Để có mốc so sánh, ta cũng chạy
# mạng khởi tạo He đúng cách (không gọt, không phân kỳ), gọi là lần chạy ổn định, và ghi
# lại chuẩn gradient của nó. Quy tắc kinh nghiệm của chương là đặt $\theta$ hơi cao hơn
# mức thường gặp của các chuẩn ấy: một bội nhỏ của trung vị (chẳng hạn gấp đôi), hoặc
# một phân vị cao (chẳng hạn 95%). Cột cuối là tỉ lệ nơ-ron chết (dead neuron) ở tầng tệ
# nhất.

# %% [markdown] lang="en"
# ## 3. How precise must the threshold be?
#
# We train the doubled-weight network with thresholds $\theta$ from 1 to 1000, one
# run each, and measure the loss on the whole data set. As a yardstick we also run the
# network at proper He initialization, the healthy run (no clipping, no divergence), and
# record its gradient norms. The chapter's rule of thumb is to set $\theta$ a little
# above their usual size: a small multiple of their median (say twice), or a high
# percentile (say the 95th). The last column is the share of dead units in the worst layer.

# %%
_, healthy = train(1.0)
low, high = np.percentile(healthy.total_grad_norm, [50, 95])
median, twice, top = (number(v, ".3g") for v in (low, 2 * low, high))
line = label(vi=f"lần chạy ổn định: trung vị của chuẩn {median} "
                f"(gấp đôi: {twice}); phân vị 95%: {top}\n",
             en=f"healthy run: median norm {median} (twice that is "
                f"{twice}), 95th percentile {top}\n")
print(line)

thresholds = [1.0, 3.0, 10.0, 30.0, 100.0, 1000.0]
final = []
print(label(vi="mất mát cuối: trên toàn bộ dữ liệu, sau khi huấn luyện",
            en="final loss: on the whole data set, after training"))
for t in thresholds:
    net, h = train(2.0, clip_norm=t)
    final.append(net.loss_and_grads(X, y)[0])
    share = number(np.mean(h.total_grad_norm > t), "4.0%")
    final_loss = number(final[-1], "6.3f")
    dead = number(dead_unit_fraction(net, X).max(), "4.0%")
    line = label(vi=f"θ = {t:6g}: bước bị gọt {share}; mất mát cuối "
                    f"{final_loss}; nơ-ron chết {dead}",
                 en=f"theta = {t:6g}: clipped steps {share}, final loss "
                    f"{final_loss}, dead units {dead}")
    print(line)

# %%
with plotting.figure(height=2.9) as (fig, ax):
    ax.axvspan(low, high, color="#009E73", alpha=0.2,
               label=label(vi="chuẩn của lần chạy ổn định",
                           en="healthy run's norms"))
    ax.semilogx(thresholds, final, marker="o")
    ax.axhline(np.log(10), color="grey", ls=":", lw=1, label="ln 10")
    ax.set_xlabel(label(vi="ngưỡng θ", en="threshold θ"))
    ax.set_ylabel(label(vi="mất mát cuối", en="final loss"))
    ax.legend()
# the thresholds in the middle whose loss still ends above ln 10
bumps = [t for t, f in zip(thresholds[1:-1], final[1:-1]) if f > np.log(10)]
where = ", ".join(number(t, "g") for t in bumps)
alt = label(
    vi="Mất mát cuối theo ngưỡng: cao khi ngưỡng quá nhỏ, phần lớn thấp từ "
       f"khoảng {number(thresholds[1], 'g')} đến "
       f"{number(thresholds[-2], 'g')}"
       + (f" (riêng ngưỡng {where} là một điểm nhiễu, còn cao hơn ln 10)"
          if bumps else "")
       + ", kẹt ở ln 10 khi ngưỡng quá lớn; dải chuẩn của lần chạy ổn định "
       "nằm ở mép dưới vùng tốt.",
    en="Final loss against the threshold: high when the threshold is too "
       f"small, mostly low from about {number(thresholds[1], 'g')} to "
       f"{number(thresholds[-2], 'g')}"
       + (f" (except for a noisy point at {where}, above ln 10)"
          if bumps else "")
       + ", stuck at ln 10 when it is too large; the healthy run's band of "
       "norms lies at the lower edge of the good region.")
plotting.to_svg(fig, alt=alt, decimal_mark=label(vi=",", en="."))

# %% [markdown] lang="vi"
# Không lần chạy nào thành NaN, nhưng không phân kỳ chưa có nghĩa là học tốt. Ngưỡng 1
# làm mỗi bước quá ngắn: sau 150 bước mất mát vẫn còn cao. Ngưỡng 1000 để lọt những bước
# đầu dài tới 50 đơn vị, giết sạch nơ-ron của một tầng, và mất mát kẹt ở $\ln 10$: mạng
# đoán mỗi chữ số với xác suất $\tfrac1{10}$. Từ 3 đến 100, mất mát cuối của lần chạy này
# đều nằm trong khoảng từ chừng 1 đến $2{,}6$. Phần dễ lung lay là mép dưới: $\theta = 10$
# lần này cho mất mát còn cao hơn cả $\ln 10$, nhưng đổi seed thì nó xuống thấp hẳn, còn
# $\theta = 3$ thì ngược lại. Vùng tốt ấy rộng cỡ một bậc độ lớn, và dải chuẩn của lần chạy ổn định nằm ở mép dưới
# của nó: quy tắc kinh nghiệm không tìm ra ngưỡng tốt nhất, nhưng cho ta đúng bậc độ lớn
# của nó.
#
# **Thử thay đổi:** thay `train(2.0, clip_norm=t)` bằng `train(2.0, seed=2,
# clip_norm=t)`: lần này $\theta = 3$ kết thúc trên $\ln 10$, còn $\theta = 10$ xuống hẳn
# dưới nó, nhưng hình dạng chung vẫn thế: cao nhất ở ngưỡng 1, thấp nhất ở giữa, và lại
# kẹt ở $\ln 10$ với ngưỡng 1000. Hoặc tăng `STEPS`
# lên 300: các ngưỡng nhỏ có thêm thời gian nên mất mát của chúng giảm, còn ngưỡng 1000
# vẫn kẹt ở $\ln 10$, vì nơ-ron đã chết thì không sống lại.

# %% [markdown] lang="en"
# No run turned into NaN, but not diverging is not the same as learning well. A
# threshold of 1 makes every step too short: after 150 steps the loss is still high. A
# threshold of 1000 lets through first steps up to 50 units long, which kill every unit
# of a layer, and the loss gets stuck at $\ln 10$: the network gives every digit
# probability $\tfrac1{10}$. From 3 to 100, in this run,
# the final losses all lie between about 1 and 2.6. The lower edge is the fragile part: this time $\theta = 10$ even ends
# above $\ln 10$, but with another seed it falls well below, and $\theta = 3$ does the
# opposite. That good region spans about an order of magnitude, and the healthy run's band of norms sits at its lower edge: the rule of
# thumb does not find the best threshold, but it finds the right size.
#
# **Try changing:** replace `train(2.0, clip_norm=t)` by `train(2.0, seed=2,
# clip_norm=t)`: now $\theta = 3$ ends above $\ln 10$ and $\theta = 10$ well below it, but
# the overall shape stays: highest at a threshold of 1, lowest in the middle, and stuck at
# $\ln 10$ again at 1000. Or raise
# `STEPS` to 300: the small thresholds get more time and their losses fall, while the
# threshold 1000 stays stuck at $\ln 10$, because dead units do not come back.

# %% [markdown] lang="vi"
# ## 4. Điều gọt gradient không khắc phục được
#
# Một mạng sigmoid 4 tầng ẩn bị tiêu biến gradient (vanishing gradient): tầng ẩn đầu tiên
# học chậm hơn tầng đầu ra hàng trăm lần. Ta đo nhịp học (speed of learning) của tầng $l$
# bằng $\lVert \partial \mathcal{L} / \partial b^l \rVert$; đừng nhầm với tốc độ học $\eta$.
# Ta gọt gradient của mạng theo chuẩn, xuống còn một phần mười chuẩn ban đầu, rồi so sánh
# nhịp học của từng tầng trước và sau khi gọt.

# %% [markdown] lang="en"
# ## 4. What clipping cannot cure
#
# A sigmoid network with 4 hidden layers suffers from vanishing gradients: its first
# hidden layer learns hundreds of times more slowly than its output layer. The speed of learning
# of layer $l$ is measured by $\lVert \partial \mathcal{L} / \partial b^l \rVert$. We clip its
# gradient by norm, down to a tenth of its original norm, and compare the speed of every
# layer before and after.

# %%
_, sig_grads = nielsen_net(4, seed=0).loss_and_grads(X, y)
flat = sig_grads.params()                        # [dW1, db1, dW2, db2, ...]
theta_small = 0.1 * global_norm(flat)
speeds = layer_speeds(sig_grads)
clipped_flat = clip_by_norm(flat, theta_small)[0]
speeds_clipped = np.array([np.linalg.norm(db) for db in clipped_flat[1::2]])
print(label(vi="nhịp học từng tầng", en="speed by layer"),
      numbers(speeds, ".2e"))
print(label(vi="sau khi gọt       ", en="after clipping"),
      numbers(speeds_clipped, ".2e"))
before = number(speeds[0] / speeds[-1], ".4f")
after = number(speeds_clipped[0] / speeds_clipped[-1], ".4f")
print(label(vi=f"tầng đầu / tầng cuối, trước: {before}  sau: {after}",
            en=f"first / last, before: {before}  after: {after}"))

# %% [markdown] lang="vi"
# Nhịp học của mọi tầng đều nhỏ đi đúng mười lần: gọt theo chuẩn nhân mọi tầng với cùng
# một hệ số $\theta / \lVert g \rVert \le 1$, nên tỉ số giữa tầng đầu và tầng cuối giữ nguyên
# 0,0027. Gọt chỉ có thể làm gradient *ngắn đi*, không bao giờ làm nó dài ra, nên không
# giúp được tầng đang nhận gradient quá nhỏ. Bệnh này cần khởi tạo tốt hơn, một hàm kích
# hoạt khác, chuẩn hóa theo batch hoặc kết nối tắt.
#
# **Thử thay đổi:** thay `clip_by_norm(flat, theta_small)[0]` bằng
# `clip_by_value(flat, 0.01)`. Tỉ số tầng đầu / tầng cuối tăng khoảng mười lần, vì chỉ
# các thành phần lớn ở các tầng sau bị kẹp. Nhưng đó là do hướng gradient bị bẻ, không
# phải do tích các đạo hàm tốt lên, và tầng đầu vẫn chậm hơn tầng đầu ra khoảng 40 lần.

# %% [markdown] lang="en"
# Every speed is exactly ten times smaller: clipping by norm multiplies every layer by the
# same factor $\theta / \lVert g \rVert \le 1$, so the ratio between the first and last
# layers stays at 0.0027. Clipping can only make a gradient *shorter*, never longer, so it cannot
# help a layer whose gradient is too small. That illness needs a better initialization,
# another activation function, batch normalization or shortcut connections.
#
# **Try changing:** replace `clip_by_norm(flat, theta_small)[0]` by
# `clip_by_value(flat, 0.01)`. The first-to-last ratio grows about tenfold, because only
# the large entries of the later layers get clamped. But that comes from turning the
# gradient, not from a better product of derivatives, and the first layer is still about
# 40 times slower than the output layer.

# %% [markdown] lang="vi"
# ## Câu hỏi cuối
#
# Ở thí nghiệm 2, mọi bước của lần chạy có gọt đều bị gọt, nên thực chất đó là hạ gradient
# với bước có độ dài cố định $\eta\,\theta$. Nếu đã vậy, vì sao không luôn chuẩn hóa
# gradient về độ dài 1 cho xong? Ta sẽ mất gì khi mạng đã đến gần một cực tiểu?

# %% [markdown] lang="en"
# ## Closing question
#
# In experiment 2, every step of the clipped run was clipped, so it was really gradient
# descent with a fixed step length $\eta\,\theta$. If so, why not always normalize the
# gradient to length 1 and be done? What would we lose once the network gets close to a
# minimum?
