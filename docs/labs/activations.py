# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#   gradflow_lab:
#     chapters:
#     - page: activations.md
#       vi: Hàm kích hoạt
#       en: Activation functions
# ---

# %% [markdown] lang="vi"
# # Thí nghiệm: hàm kích hoạt và nơ-ron ReLU chết

# %% [markdown] lang="en"
# # Lab: activation functions and dead ReLU units

# %% [markdown] lang="vi"
# Khi lan truyền ngược, gradient đi qua mỗi tầng đều bị nhân với đạo hàm $f'(z)$ của
# hàm kích hoạt. Notebook này vẽ bốn hàm kích hoạt quen thuộc cùng đạo hàm của chúng,
# rồi cho bạn thấy mặt trái của ReLU: một nơ-ron bị đẩy hẳn sang nhánh âm thì nhận
# gradient đúng bằng 0 và không tự sống lại được, còn leaky ReLU chừa một khe nhỏ cho
# gradient đi qua.

# %% [markdown] lang="en"
# During backpropagation, the gradient crossing a layer is multiplied by the derivative
# $f'(z)$ of its activation function. This notebook plots four common activations and
# their derivatives, then shows you ReLU's weak spot: a unit pushed entirely onto the
# negative branch receives a gradient of exactly 0 and cannot come back by itself,
# while leaky ReLU leaves a small gap for the gradient.

# %%
import numpy as np

from gradflow import plotting
from gradflow.activations import (leaky_relu, leaky_relu_grad, relu, relu_grad,
                                  sigmoid, sigmoid_grad, tanh, tanh_grad)
from gradflow.book.language import label, number, set_language
from gradflow.data import two_moons
from gradflow.diagnostics import dead_unit_fraction
from gradflow.losses import accuracy
from gradflow.mlp import MLP
from gradflow.train import train_sgd

rng = np.random.default_rng(0)
# two interleaving half circles, labels 0 and 1
X, y = two_moons(300, noise=0.15, rng=rng)


def fresh_net(activation):
    """A [2, 32, 32, 2] net with He initialization; the same seed, so the
    same weights, every time."""
    return MLP([2, 32, 32, 2], activation=activation, init="he_normal",
               rng=np.random.default_rng(1))


def trained_accuracy(net):
    return accuracy(net.predict(X), y)


# %% lang="vi"
set_language("vi")  # số in ra theo kiểu Việt: 0,25

# %% lang="en"
set_language("en")  # numbers printed the English way: 0.25

# %% [markdown] lang="vi"
# ## 1. Bốn hàm kích hoạt và đạo hàm của chúng
#
# Sigmoid có đạo hàm không quá $\tfrac14$, tanh không quá 1, và cả hai đều gần bằng 0
# ở vùng bão hòa (saturation), khi $|z|$ lớn. ReLU có đạo hàm đúng bằng 1 khi $z > 0$,
# nhưng đúng bằng 0 trên cả nửa trục âm. Leaky ReLU thay số 0 ấy bằng một độ dốc nhỏ
# $\alpha$. Ta vẽ các hàm, rồi in đạo hàm lớn nhất, đạo hàm tại $z = -3$, và lũy thừa
# bậc mười của đạo hàm lớn nhất: phần mà hàm kích hoạt góp vào gradient sau mười tầng,
# trong trường hợp thuận lợi nhất.

# %% [markdown] lang="en"
# ## 1. Four activations and their derivatives
#
# The sigmoid's derivative is at most $\tfrac14$, tanh's at most 1, and both are close
# to 0 in saturation, when $|z|$ is large. ReLU's derivative is exactly 1 for $z > 0$,
# but exactly 0 on the whole negative half-line. Leaky ReLU replaces that 0 with a small
# slope $\alpha$. We plot the functions, then print the largest derivative, the
# derivative at $z = -3$, and the largest derivative to the tenth power: the
# activation's share of the gradient after ten layers, in the best case.

# %%
ALPHA = 0.1  # leaky ReLU's slope for z < 0: 10 times the default, so it shows
functions = {
    "sigmoid": (sigmoid, sigmoid_grad),
    "tanh": (tanh, tanh_grad),
    "ReLU": (relu, relu_grad),
    "leaky ReLU": (lambda z: leaky_relu(z, ALPHA),
                   lambda z: leaky_relu_grad(z, ALPHA)),
}
z = np.linspace(-5, 5, 401)
largest = label(vi="f' lớn nhất", en="max f'")
for name, (f, f_grad) in functions.items():
    best = float(f_grad(z).max())
    print(f"{name:10s}  {largest} = {number(best, '.3g')}   "
          f"f'(−3) = {number(float(f_grad(-3.0)), '.3g')}   "
          f"({largest})^10 = {number(best ** 10, '.3g')}")

# %%
with plotting.figure(1, 2, height=2.8, sharex=True) as (fig, (left, right)):
    styles = ["-", "-", "-", "--"]
    for (name, (f, f_grad)), style in zip(functions.items(), styles):
        left.plot(z, f(z), linestyle=style, label=name)
        right.plot(z, f_grad(z), linestyle=style, label=name)
    left.set_ylim(-1.5, 3)
    left.set_xlabel("$z$")
    right.set_xlabel("$z$")
    left.set_ylabel(label(vi="hàm f(z)", en="function f(z)"))
    right.set_ylabel(label(vi="đạo hàm f′(z)", en="derivative f′(z)"))
    left.legend()
alt = label(
    vi="Trái: sigmoid, tanh, ReLU và leaky ReLU. Phải: đạo hàm của chúng. "
       "Đạo hàm của sigmoid có hình một quả chuông thấp, đỉnh 0,25; của tanh "
       "có đỉnh bằng 1; của ReLU nhảy từ 0 lên 1 tại z = 0; của leaky ReLU "
       f"nhảy từ α = {number(ALPHA)} lên 1.",
    en="Left: sigmoid, tanh, ReLU and leaky ReLU. Right: their derivatives. "
       "The sigmoid's derivative is a low bell peaking at 0.25; tanh's peaks "
       "at 1; ReLU's jumps from 0 to 1 at z = 0; leaky ReLU's jumps from "
       f"α = {number(ALPHA)} to 1.")
plotting.to_svg(fig, alt=alt, decimal_mark=label(vi=",", en="."))

# %% [markdown] lang="vi"
# **Thử thay đổi:** đặt `ALPHA = 0.01`, giá trị mặc định mà các mạng bên dưới dùng: trên
# hình, nhánh âm của leaky ReLU gần như trùng với ReLU, nhưng $f'(-3)$ vẫn là 0,01 chứ
# không phải 0. Hãy để ý thêm cột cuối: sau mười tầng sigmoid, phần đóng góp của hàm
# kích hoạt chỉ còn chưa tới một phần triệu, kể cả khi mọi nơ-ron nằm đúng tại $z = 0$.

# %% [markdown] lang="en"
# **Try changing:** set `ALPHA = 0.01`, the default that the networks below use: in the
# plot, leaky ReLU's negative branch almost merges with ReLU's, yet $f'(-3)$ is still
# 0.01, not 0. Look at the last column too: after ten sigmoid layers the activation's
# share is below one millionth, even with every unit sitting exactly at $z = 0$.

# %% [markdown] lang="vi"
# ## 2. Dịch hệ số điều chỉnh: nơ-ron ReLU chết
#
# Ta huấn luyện hai mạng giống hệt nhau, một dùng ReLU và một dùng leaky ReLU ($\alpha =
# 0{,}01$), trên dữ liệu “hai mặt trăng” cho tới khi chúng phân loại đúng mọi điểm. Rồi ta
# cố ý phá: giảm mọi hệ số điều chỉnh (bias) của tầng ẩn thứ nhất đi 3, khiến phần lớn
# nơ-ron của tầng ấy có tiền kích hoạt (pre-activation) $z$ âm với mọi đầu vào, tức là
# thành nơ-ron chết (dead neuron), rồi huấn luyện tiếp 300 bước. `dead_unit_fraction` đếm
# tỉ lệ nơ-ron có $z \le 0$ với mọi đầu vào; với leaky ReLU, các nơ-ron ấy chưa chết hẳn,
# vì vẫn truyền ngược được một độ dốc $\alpha$.

# %% [markdown] lang="en"
# ## 2. Shifting the biases: dead ReLU units
#
# We train two identical networks, one with ReLU and one with leaky ReLU
# ($\alpha = 0.01$), on the "two moons" data until they classify every point correctly.
# Then we break them on purpose: we subtract 3 from every bias of the first hidden
# layer, so that most of its units are negative on every input, that is dead, and we
# train on for 300 steps. `dead_unit_fraction` counts the units with $z \le 0$ on
# every input; with leaky ReLU those units are not quite dead, since they still pass
# back a slope $\alpha$.

# %%
SHIFT, LR = -3.0, 0.5
steps = np.arange(0, 301, 25)
dead, acc = {}, {}
for activation in ("relu", "leaky_relu"):
    net = fresh_net(activation)
    train_sgd(net, X, y, lr=LR, steps=200)  # learn the moons first
    before = trained_accuracy(net)
    net.b[0] += SHIFT  # every unit of hidden layer 1 moves to the left
    killed = np.all(X @ net.W[0] + net.b[0] <= 0, axis=0)
    _, grads = net.loss_and_grads(X, y)
    print(f"{activation:10s}",
          label(vi="chuẩn gradient theo trọng số của các nơ-ron bị giết:",
                en="norm of the weight gradient of the killed units:"),
          number(np.linalg.norm(grads.dW[0][:, killed]), ".2g"))
    dead[activation] = [dead_unit_fraction(net, X)[0]]
    acc[activation] = [trained_accuracy(net)]
    for _ in steps[1:]:
        train_sgd(net, X, y, lr=LR, steps=25)
        dead[activation].append(dead_unit_fraction(net, X)[0])
        acc[activation].append(trained_accuracy(net))
    print(f"{'':10s}",
          label(vi=f"nơ-ron chết (ngay sau khi dịch → sau {steps[-1]} bước):",
                en=f"dead units (right after the shift → after {steps[-1]} "
                   "steps):"),
          f"{dead[activation][0]:.0%} → {dead[activation][-1]:.0%}")
    print(f"{'':10s}",
          label(vi="độ chính xác (trước khi dịch → ngay sau khi dịch → "
                   f"sau {steps[-1]} bước):",
                en=f"accuracy (before the shift → right after → after "
                   f"{steps[-1]} steps):"))
    print(f"{'':12s}", f"{before:.0%} → {acc[activation][0]:.0%} → "
          f"{acc[activation][-1]:.0%}")

# %%
with plotting.figure(1, 2, height=2.8, sharex=True) as (fig, (left, right)):
    for activation, name in (("relu", "ReLU"), ("leaky_relu", "leaky ReLU")):
        left.plot(steps, dead[activation], marker=".", label=name)
        right.plot(steps, acc[activation], marker=".", label=name)
    for ax in (left, right):
        ax.set_xlabel(label(vi="bước sau khi dịch hệ số điều chỉnh",
                            en="steps after the shift"))
    left.set_ylabel(label(vi="tỉ lệ nơ-ron chết, tầng 1",
                          en="dead units, layer 1"))
    right.set_ylabel(label(vi="độ chính xác", en="accuracy"))
    left.set_ylim(0, 1.05)
    right.legend()
relu_dead, leaky_dead = dead["relu"], dead["leaky_relu"]
alt = label(
    vi=f"Diễn biến sau khi dịch hệ số điều chỉnh. Trái: tỉ lệ nơ-ron chết ở "
       f"tầng 1; "
       f"phải: độ chính xác. Mạng ReLU mất thêm nơ-ron (từ {relu_dead[0]:.0%} "
       f"lên {relu_dead[-1]:.0%}) và dừng ở {acc['relu'][-1]:.0%}; ở mạng "
       f"leaky ReLU, tỉ lệ ấy giảm (từ {leaky_dead[0]:.0%} xuống "
       f"{leaky_dead[-1]:.0%}) và độ chính xác trở về "
       f"{acc['leaky_relu'][-1]:.0%}.",
    en=f"After the bias shift: left, the share of dead units in layer 1; "
       f"right, the accuracy. The ReLU net loses more units "
       f"({relu_dead[0]:.0%} to {relu_dead[-1]:.0%}) and stops at "
       f"{acc['relu'][-1]:.0%}; in the leaky ReLU net that share falls "
       f"({leaky_dead[0]:.0%} to {leaky_dead[-1]:.0%}) and the accuracy "
       f"returns to {acc['leaky_relu'][-1]:.0%}.")
plotting.to_svg(fig, alt=alt, decimal_mark=label(vi=",", en="."))

# %% [markdown] lang="vi"
# **Thử thay đổi:** đặt `SHIFT = -4`. Mọi nơ-ron ở tầng 1 của mạng ReLU đều chết; mạng
# chỉ còn đoán như tung đồng xu: độ chính xác 50%, mất mát (loss) đứng yên ở
# $\ln 2 \approx 0{,}693$, và huấn luyện thêm bao nhiêu bước cũng không cứu được. Mạng
# leaky ReLU vẫn leo lại được trên 80%. Ngược lại, với `SHIFT = -1`, khoảng 38% nơ-ron
# chết ở cả hai mạng, nhưng số còn lại vẫn đủ để cả hai trở về 100%.

# %% [markdown] lang="en"
# **Try changing:** set `SHIFT = -4`. Every unit of layer 1 in the ReLU net dies; the
# net is reduced to a coin toss (50%, the loss frozen at $\ln 2 \approx 0.693$) and no
# amount of training brings it back. The leaky ReLU net still climbs back above 80%.
# Conversely, with `SHIFT = -1` about 38% of the units die in both nets, but the others
# are enough for both to return to 100%.

# %% [markdown] lang="vi"
# ## 3. Tốc độ học quá lớn cũng giết nơ-ron
#
# Không cần ai cố ý dịch hệ số điều chỉnh: một bước cập nhật quá dài cũng có thể hất
# một nơ-ron sang nhánh âm với mọi đầu vào. Ta huấn luyện lại từ đầu cùng một mạng ReLU,
# 150 bước, với các tốc độ học (learning rate) từ 0,1 đến 8, rồi đếm nơ-ron chết ở cả
# hai tầng ẩn.

# %% [markdown] lang="en"
# ## 3. A learning rate too large kills units too
#
# No one needs to shift the biases on purpose: one update that is too long can also
# throw a unit onto the negative branch for every input. We train the same ReLU net
# from scratch, 150 steps, with learning rates from 0.1 to 8, then count the dead
# units in both hidden layers.

# %%
ACTIVATION = "relu"
LRS = (0.1, 0.3, 1.0, 2.0, 4.0, 8.0)
dead_by_lr = []
rate = label(vi="tốc độ học η =", en="lr =")
for lr in LRS:
    net = fresh_net(ACTIVATION)
    history = train_sgd(net, X, y, lr=lr, steps=150)
    if history.diverged:  # inf or NaN weights: nothing left to count
        print(f"{rate} {number(lr, '<4g')}",
              label(vi=f"phân kỳ ở bước {history.diverged_at}",
                    en=f"diverged at step {history.diverged_at}"))
        dead_by_lr.append([np.nan, np.nan])
        continue
    dead_by_lr.append(dead_unit_fraction(net, X))
    print(f"{rate} {number(lr, '<4g')}",
          label(vi="nơ-ron chết (tầng 1, tầng 2):",
                en="dead units (layer 1, layer 2):"),
          "  ".join(f"{d:.0%}" for d in dead_by_lr[-1]) + ";",
          label(vi="độ chính xác", en="accuracy"),
          f"{trained_accuracy(net):.0%}")
dead_by_lr = np.array(dead_by_lr)

# %%
with plotting.figure(height=2.9) as (fig, ax):
    for layer in range(2):
        ax.semilogx(LRS, dead_by_lr[:, layer], marker="o",
                    label=label(vi=f"tầng ẩn {layer + 1}",
                                en=f"hidden layer {layer + 1}"))
    ax.set_xlabel(label(vi="tốc độ học", en="learning rate"))
    ax.set_ylabel(label(vi="tỉ lệ nơ-ron chết", en="share of dead units"))
    ax.set_ylim(0, 1.05)
    ax.legend()
# up to a learning rate of 1: the most each layer loses; at the largest: all
calm = np.nanmax(dead_by_lr[np.array(LRS) <= 1], axis=0)
worst, top = dead_by_lr[-1], number(LRS[-1], "g")
alt = label(
    vi=f"Tỉ lệ nơ-ron ReLU chết sau {len(history.loss)} bước, theo tốc độ "
       f"học (trục log). Với tốc độ học đến 1, tầng 1 mất nhiều nhất "
       f"{calm[0]:.0%} số nơ-ron và tầng 2 nhiều nhất {calm[1]:.0%}; với "
       f"tốc độ học lớn hơn, nơ-ron chết nhiều hơn hẳn: {worst[0]:.0%} (tầng "
       f"1) và {worst[1]:.0%} (tầng 2) ở tốc độ học {top}.",
    en=f"Share of dead ReLU units after {len(history.loss)} steps against "
       f"the learning rate (log axis). Up to a learning rate of 1, layer 1 "
       f"loses at most {calm[0]:.0%} of its units and layer 2 at most "
       f"{calm[1]:.0%}; at larger learning rates far more die: "
       f"{worst[0]:.0%} (layer 1) and {worst[1]:.0%} (layer 2) at a learning "
       f"rate of {top}.")
plotting.to_svg(fig, alt=alt, decimal_mark=label(vi=",", en="."))

# %% [markdown] lang="vi"
# **Thử thay đổi:** đặt `ACTIVATION = "leaky_relu"`. Với tốc độ học đến 2, số nơ-ron
# nằm hẳn bên nhánh âm ít hơn một chút so với ReLU; từ 4 trở lên, mạng không còn “chết
# lặng lẽ” mà phân kỳ hẳn, và `train_sgd` dừng lại, báo bước có NaN. Đó là hai biểu hiện
# khác nhau của cùng một bệnh: bước nhảy quá dài.

# %% [markdown] lang="en"
# **Try changing:** set `ACTIVATION = "leaky_relu"`. Up to a learning rate of 2, a few
# fewer units sit entirely on the negative branch than with ReLU; from 4 upwards the net
# no longer "dies quietly" but diverges outright, and `train_sgd` stops, reporting the
# step with the NaN. Two different failures of the same illness: steps that are too
# long.

# %% [markdown] lang="vi"
# ## Câu hỏi cuối
#
# Đạo hàm của sigmoid không bao giờ đúng bằng 0, vậy mà người ta vẫn chuộng ReLU, một
# hàm có đạo hàm bằng 0 trên cả nửa trục. Xét riêng chuyện huấn luyện, một nơ-ron
# sigmoid bão hòa ở $z = 10$ và một nơ-ron ReLU chết thật sự khác nhau ở điểm nào?

# %% [markdown] lang="en"
# ## Closing question
#
# The sigmoid's derivative is never exactly 0, yet ReLU, whose derivative is 0 on a
# whole half-line, is the favourite. As far as training goes, what really separates a
# sigmoid unit saturated at $z = 10$ from a dead ReLU unit?
