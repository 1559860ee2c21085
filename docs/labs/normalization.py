# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#   gradflow_lab:
#     chapters:
#     - page: remedies/batchnorm.md
#       vi: Chuẩn hóa theo batch
#       en: Batch normalization
#     - page: remedies/residual.md
#       vi: Kết nối tắt
#       en: Residual connections
# ---

# %% [markdown] lang="vi"
# # Thí nghiệm: chuẩn hóa theo batch và kết nối tắt

# %% [markdown] lang="en"
# # Lab: batch normalization and residual connections

# %% [markdown] lang="vi"
# Hai giải pháp trong notebook này không đụng tới trọng số ban đầu mà thay đổi chính kiến trúc
# của mạng. Chuẩn hóa theo batch (batch normalization) đưa tín hiệu của mỗi tầng về cùng một
# độ lớn ở mọi bước; kết nối tắt (residual connection, còn gọi là shortcut connection) mở
# cho gradient một con đường không
# phải nhân qua tầng nào. Ta đo gradient ở từng tầng lúc khởi tạo, huấn luyện thử một mạng
# sigmoid sâu, và xem vì sao một nhánh bằng 0 biến khối phần dư thành ánh xạ đồng nhất.

# %% [markdown] lang="en"
# The two remedies in this notebook leave the initial weights alone and change the
# architecture instead. Batch normalization brings every layer's signal back to one scale at
# every step; a shortcut connection gives the gradient a path that multiplies through no
# layer at all. We measure the gradient at every layer at initialization, train a deep
# sigmoid net, and see why a zero branch turns a residual block into the identity.

# %%
import numpy as np

from gradflow import plotting
from gradflow.book.language import label, number, set_language
from gradflow.data import digits_like
from gradflow.diagnostics import hidden_preactivations
from gradflow.losses import accuracy
from gradflow.mlp import MLP
from gradflow.residual import ResidualMLP, residual_backward, residual_forward
from gradflow.train import train_sgd

rng = np.random.default_rng(0)
# synthetic 8x8 digits, 64 features, 10 classes
X, y = digits_like(500, rng=rng)
# each feature: mean 0, standard deviation 1
X = (X - X.mean(axis=0)) / X.std(axis=0)
Xb, yb = X[:64], y[:64]  # one batch for the measurements at initialization
WIDTH = 64

# %% lang="vi"
set_language("vi")  # số in ra theo kiểu Việt: 0,25

# %% lang="en"
set_language("en")  # numbers printed the English way: 0.25

# %% [markdown] lang="vi"
# ## 1. Mạng sigmoid 10 tầng ẩn, có và không có chuẩn hóa
#
# Hai mạng sigmoid giống hệt nhau, cùng trọng số Xavier; mạng thứ hai có
# `batchnorm=True`, tức là chuẩn hóa $z^l$ theo batch ngay trước hàm sigmoid. Trên một batch
# 64 ảnh, ở mỗi tầng ẩn ta đo độ lệch chuẩn (theo batch) của đại lượng đi vào sigmoid, và
# chuẩn của gradient theo trọng số $\lVert \partial \mathcal{L} / \partial W^l \rVert$. Ở mạng
# thường, $\sigma' \le \tfrac14$ làm sự khác biệt giữa các mẫu co lại khoảng bốn lần qua mỗi
# tầng khi đi xuôi, và gradient cũng co lại chừng ấy khi đi ngược. Chuẩn hóa chia cho đúng
# độ lệch chuẩn vừa bị co lại đó, nên khắc phục được cả hai chiều.

# %% [markdown] lang="en"
# ## 1. A sigmoid net with 10 hidden layers, with and without normalization
#
# Two identical sigmoid nets with the same Xavier weights; the second has `batchnorm=True`,
# which normalizes $z^l$ over the batch just before the sigmoid. On a batch of 64 images we
# measure, at each hidden layer, the standard deviation (over the batch) of what goes into
# the sigmoid, and the weight-gradient norm $\lVert \partial \mathcal{L} / \partial W^l \rVert$. In the
# plain net, $\sigma' \le \tfrac14$ shrinks the differences between examples about fourfold
# per layer going forwards, and the gradient shrinks about as much going backwards.
# Normalization divides by exactly the standard deviation that was just shrunk, so it
# repairs both directions.

# %%
HIDDEN = 10


def deep_net(batchnorm, activation="sigmoid"):
    """[64, WIDTH x HIDDEN, 10]; the same seed gives the same weights with or
    without batch norm."""
    return MLP([64] + [WIDTH] * HIDDEN + [10], activation=activation,
               init="xavier_normal", batchnorm=batchnorm,
               rng=np.random.default_rng(1))


stats = {}
for batchnorm in (False, True):
    net = deep_net(batchnorm)
    # what each hidden layer feeds its activation: z^l, or BN(z^l) if batchnorm
    inputs = hidden_preactivations(net, Xb, mode="train")
    spread = np.array([z.std(axis=0).mean() for z in inputs])
    _, grads = net.loss_and_grads(Xb, yb)
    grad_W = np.array([np.linalg.norm(dW) for dW in grads.dW[:-1]])
    stats[batchnorm] = spread, grad_W
    shown = " / ".join(number(v, ".3g") for v in spread[[0, 4, -1]])
    print(label(vi="có chuẩn hóa:" if batchnorm else "không chuẩn hóa:",
                en=f"batchnorm={batchnorm}:"))
    where = label(vi=f"tầng 1 / 5 / {HIDDEN}", en=f"layers 1 / 5 / {HIDDEN}")
    print(label(vi="  độ lệch chuẩn trước hàm kích hoạt,",
                en="  std into the activation,"), f"{where}:", shown)
    print(f"  |dW1| / |dW{HIDDEN}| =", number(grad_W[0] / grad_W[-1], ".3g"))

# %%
hidden_layers = np.arange(1, HIDDEN + 1)
names = {False: label(vi="không chuẩn hóa", en="plain"),
         True: label(vi="có chuẩn hóa", en="batch norm")}
with plotting.figure(1, 2, height=2.9) as (fig, (left, right)):
    for batchnorm, (spread, grad_W) in stats.items():
        colour = plotting.HEALTHY if batchnorm else plotting.VANISHING
        name = names[batchnorm]
        left.semilogy(hidden_layers, spread, color=colour, label=name)
        right.semilogy(hidden_layers, grad_W, color=colour, label=name)
    left.set_ylabel(label(vi="độ lệch chuẩn trước hàm kích hoạt",
                          en="std into the activation"))
    right.set_ylabel("‖∂ℒ/∂Wˡ‖")
    for ax in (left, right):
        ax.set_xlabel(label(vi="tầng ẩn $l$", en="hidden layer $l$"))
    right.legend()
alt = label(
    vi="Mạng sigmoid 10 tầng ẩn lúc khởi tạo, thang log. Trái: không chuẩn "
       "hóa thì độ lệch chuẩn của đầu vào sigmoid tụt dần qua từng tầng, có "
       "chuẩn hóa thì bằng 1 ở mọi tầng. Phải: gradient theo trọng số của "
       "mạng thường giảm mạnh về phía đầu vào, của mạng có chuẩn hóa thì gần "
       "như nằm ngang.",
    en="A sigmoid net with 10 hidden layers at initialization, log scale. "
       "Left: without normalization the standard deviation of the sigmoid's "
       "input falls layer after layer; with it, it is 1 at every layer. "
       "Right: the plain net's weight gradients shrink steeply towards the "
       "input, the normalized net's are nearly flat.")
plotting.to_svg(fig, alt=alt, decimal_mark=label(vi=",", en="."))

# %% [markdown] lang="vi"
# **Thử thay đổi:** đặt `HIDDEN = 20`. Ở mạng thường, tỉ số $\lVert dW^1 \rVert / \lVert
# dW^{20} \rVert$ tụt thêm khoảng sáu bậc độ lớn (mười tầng nữa, mỗi tầng chừng bốn lần), còn
# mạng có chuẩn hóa vẫn giữ tỉ số quanh 1. Sau đó, trong ô mã phía trên, thử
# `deep_net(batchnorm, "relu")` với `HIDDEN = 10`: chiều xuôi vẫn được chuẩn hóa, nhưng
# gradient của mạng có chuẩn hóa giờ lại *tăng* dần về phía đầu vào (tỉ số khoảng 6). Chuẩn
# hóa sửa độ lớn của tín hiệu, nhưng không bảo đảm được gì cho chiều ngược.

# %% [markdown] lang="en"
# **Try changing:** set `HIDDEN = 20`. In the plain net the ratio
# $\lVert dW^1 \rVert / \lVert dW^{20} \rVert$ drops about six more orders of magnitude (ten
# more layers, roughly fourfold each), while the normalized net keeps it near 1. Then, in
# the code cell above, try `deep_net(batchnorm, "relu")` with `HIDDEN = 10`: the forward pass
# is still normalized, but the normalized net's gradient now *grows* towards the input (a
# ratio of about 6). Normalization fixes the scale of the signal; it guarantees nothing about
# the backward pass.

# %% [markdown] lang="vi"
# ## 2. Huấn luyện: một mạng học, một mạng đứng yên
#
# Ta huấn luyện hai mạng ở trên bằng SGD với cùng thiết lập (tốc độ học 0,1, minibatch 64
# ảnh, 150 bước, cùng các minibatch theo cùng thứ tự), rồi đo độ chính xác trên tập huấn
# luyện; tốc độ học (learning rate) là hệ số $\eta$ nhân với gradient ở mỗi bước SGD. Mạng
# có chuẩn hóa được đánh giá ở chế độ suy luận (eval mode), tức là dùng các thống kê trượt
# (running statistics) thay cho thống kê của batch. Mức $\ln 10 \approx 2{,}303$ là mất mát
# của một mạng gán xác suất bằng nhau cho cả mười lớp.

# %% [markdown] lang="en"
# ## 2. Training: one net learns, the other stands still
#
# We train both nets with the same SGD (learning rate 0.1, minibatches of 64 images, 150
# steps, the same minibatches in the same order) and measure the training accuracy. The
# normalized net is evaluated in eval mode, with its running statistics rather than the
# batch's. The level $\ln 10 \approx 2.303$ is the loss of a net that guesses uniformly among
# ten classes.

# %%
LR, STEPS, BATCH = 0.1, 150, 64
losses = {}
for batchnorm in (False, True):
    net = deep_net(batchnorm)
    history = train_sgd(net, X, y, lr=LR, steps=STEPS, batch_size=BATCH,
                        rng=np.random.default_rng(2))
    losses[batchnorm] = history.loss
    last = history.loss[-20:].mean()
    train_accuracy = accuracy(net.predict(X), y)  # in eval mode
    loss_text = label(vi="mất mát trung bình 20 bước cuối",
                      en="mean loss over the last 20 steps")
    accuracy_text = label(vi="độ chính xác trên tập huấn luyện",
                          en="training accuracy")
    kind = "có chuẩn hóa" if batchnorm else "không chuẩn hóa"
    net_text = label(vi=f"{kind:15}", en=f"batchnorm={batchnorm!s:5}")
    print(f"{net_text}  {loss_text}: {number(last, '.3f')}")
    print(f"{'':17}{accuracy_text}: {number(train_accuracy, '.0%')}")

# %%
window = 10  # moving average over 10 steps, to smooth the minibatch noise
with plotting.figure(height=2.9) as (fig, ax):
    for batchnorm, loss in losses.items():
        smooth = np.convolve(loss, np.ones(window) / window, mode="valid")
        ax.plot(np.arange(window, STEPS + 1), smooth, label=names[batchnorm])
    ax.axhline(np.log(10), color="gray", linestyle="--", linewidth=1)
    ax.set_xlabel(label(vi="bước SGD", en="SGD step"))
    ax.set_ylabel(label(vi="mất mát", en="loss"))
    ax.legend()
alt = label(
    vi="Mất mát (trung bình trượt 10 bước) của hai mạng sigmoid 10 tầng ẩn "
       "theo bước SGD. Mạng không chuẩn hóa nằm yên ở mức ln 10, mức đoán "
       "mò; mạng có chuẩn hóa giảm đều.",
    en="Loss (10-step moving average) of the two sigmoid nets with 10 hidden "
       "layers against the SGD step. The plain net stays at ln 10, the level "
       "of guessing; the normalized net goes steadily down.")
plotting.to_svg(fig, alt=alt, decimal_mark=label(vi=",", en="."))

# %% [markdown] lang="vi"
# **Thử thay đổi:** đặt `BATCH = 8`. Trung bình và phương sai tính trên 8 mẫu rất nhiễu, nên
# mạng có chuẩn hóa học kém hẳn (độ chính xác chỉ còn khoảng một nửa), trong khi mạng thường
# vẫn đứng yên. Thử cả `LR = 1.0`: mạng thường vẫn không nhúc nhích, vì tốc độ học lớn hơn
# mười lần không bù nổi một gradient nhỏ hơn hàng trăm nghìn lần.

# %% [markdown] lang="en"
# **Try changing:** set `BATCH = 8`. A mean and a variance computed over 8 examples are very
# noisy, so the normalized net learns much worse (its accuracy drops to about half), while
# the plain net still stands still. Try `LR = 1.0` as well: the plain net still does not
# move, because a learning rate ten times larger cannot make up for a gradient hundreds of
# thousands of times smaller.

# %% [markdown] lang="vi"
# ## 3. Mạng thường và mạng phần dư cùng độ sâu
#
# Giờ đến kết nối tắt. Ta so sánh hai mạng ReLU cùng có 22 tầng trọng số rộng 64 nơ-ron,
# cùng khởi tạo Xavier: một `MLP` thường có 21 tầng ẩn, và một `ResidualMLP` gồm tầng đầu vào, 10 khối
# phần dư (residual block) $x_{l+1} = x_l + F(x_l)$ với nhánh hai tầng, và tầng đầu ra. Ta
# đo chuẩn gradient $\lVert \partial \mathcal{L} / \partial x \rVert$ ở mỗi biểu diễn ẩn: đầu ra
# của từng tầng ẩn ở mạng thường, và mỗi $x_l$ của dòng phần dư (residual stream) ở mạng
# kia. Trục hoành đếm
# số tầng trọng số nằm giữa đầu vào và biểu diễn ấy, để so được hai mạng với nhau.

# %% [markdown] lang="en"
# ## 3. A plain and a residual net of the same depth
#
# Now the shortcuts. We compare two ReLU nets that both have 22 weight layers of width 64 and
# the same Xavier init: a plain `MLP` with 21 hidden layers, and a `ResidualMLP` made of an
# input layer, 10 residual blocks $x_{l+1} = x_l + F(x_l)$ with two-layer branches, and an
# output layer. We measure the gradient norm $\lVert \partial \mathcal{L} / \partial x \rVert$ at each
# hidden representation: the output of each hidden layer in the plain net, each $x_l$ of the
# residual stream in the other. The horizontal axis counts the weight layers between the
# input and that representation, so that the two nets line up.

# %%
BLOCKS = 10
plain = MLP([64] + [WIDTH] * (2 * BLOCKS + 1) + [10], activation="relu",
            init="xavier_normal", rng=np.random.default_rng(1))
residual = ResidualMLP(64, WIDTH, 10, depth=BLOCKS, activation="relu",
                       init="xavier_normal", rng=np.random.default_rng(1))

_, grads = plain.loss_and_grads(Xb, yb)
# dℒ/da^1 ... dℒ/da^(L-1)
plain_norms = np.array([np.linalg.norm(da) for da in grads.dhidden])
plain_depth = np.arange(1, plain.n_layers)  # a^l comes out of weight layer l

_, grads = residual.loss_and_grads(Xb, yb)
# dℒ/dx_0 ... dℒ/dx_BLOCKS
residual_norms = np.array([np.linalg.norm(dx) for dx in grads.dhidden])
# x_b comes out of weight layer 2b + 1
residual_depth = 2 * np.arange(BLOCKS + 1) + 1

first_last = label(vi="‖∂ℒ/∂x‖ ở biểu diễn ẩn đầu / cuối =",
                   en="‖∂ℒ/∂x‖ first / last hidden representation =")
print(label(vi="mạng thường: ", en="plain:   "), first_last,
      number(plain_norms[0] / plain_norms[-1], ".3g"))
print(label(vi="mạng phần dư:", en="residual:"), first_last,
      number(residual_norms[0] / residual_norms[-1], ".3g"))

# %%
with plotting.figure(height=3) as (fig, ax):
    ax.semilogy(plain_depth, plain_norms, marker="o", label=label(vi="mạng thường", en="plain net"))
    ax.semilogy(residual_depth, residual_norms, marker="s",
                label=label(vi="mạng phần dư", en="residual net"))
    ax.set_xlabel(label(vi="số tầng trọng số tính từ đầu vào", en="weight layers from the input"))
    ax.set_ylabel("‖∂ℒ/∂x‖")
    ax.legend()
alt = label(
    vi="Chuẩn gradient theo độ sâu lúc khởi tạo, thang log. Ở mạng thường 22 "
       "tầng, gradient nhỏ dần về phía đầu vào, mất hơn ba bậc độ lớn; ở mạng "
       "phần dư cùng độ sâu, gradient không nhỏ đi mà còn lớn dần về phía đầu "
       "vào.",
    en="Gradient norm against depth at initialization, log scale. In the "
       "22-layer plain net the gradient dwindles towards the input, losing "
       "more than three orders of magnitude; in the residual net of the same "
       "depth it does not dwindle, and even grows towards the input.")
plotting.to_svg(fig, alt=alt, decimal_mark=label(vi=",", en="."))

# %% [markdown] lang="vi"
# **Thử thay đổi:** khởi tạo mạng thường bằng `init="he_normal"` (bài học của chương khởi tạo
# trọng số). Tỉ số của nó trở về cỡ 1: lúc khởi tạo, chọn đúng độ lớn cho trọng số cũng đủ
# cứu gradient. Chương Kết nối tắt cho thấy chỗ hai mạng thật sự khác nhau: trong quá trình
# huấn luyện. Hoặc đặt
# `BLOCKS = 20`: mạng thường mất thêm khoảng hai bậc rưỡi độ lớn, còn gradient của mạng
# phần dư lớn dần nhanh hơn (tỉ số vài chục).

# %% [markdown] lang="en"
# **Try changing:** initialize the plain net with `init="he_normal"` (the lesson of the
# weight-initialization chapter). Its ratio comes back to order 1: at initialization, the
# right scale is also enough to save the gradient. The Residual connections chapter shows
# that the difference is in training. Or raise `BLOCKS = 20`: the plain net loses about two
# and a half more orders of magnitude, and the residual net's gradient grows more steeply (a
# ratio of several dozen).

# %% [markdown] lang="vi"
# ## 4. Nhánh bằng 0: khối phần dư là ánh xạ đồng nhất
#
# Ma trận Jacobi (Jacobian) của một khối là $\partial x_{l+1} / \partial x_l = I + \partial F
# / \partial x_l$. Nếu tầng cuối $W_2$ của nhánh bằng 0 thì $F \equiv 0$, khối chính là ánh xạ
# đồng nhất (identity mapping), và gradient đi qua nó *không sai một bit*. Ta kiểm tra trên
# một khối riêng lẻ, rồi nhân $W_2$ của mọi nhánh trong mạng phần dư ở thí nghiệm 3 với một
# hệ số $s$ từ 0 đến 1: nhánh càng nhỏ thì phần $\partial F / \partial x$ càng nhỏ, và đường
# gradient càng gần nằm ngang. Đây là lý do người ta hay khởi tạo nhánh bằng 0 hoặc rất nhỏ
# (`init_branch_zero=True`).

# %% [markdown] lang="en"
# ## 4. A zero branch: the residual block is the identity
#
# The Jacobian of a block is $\partial x_{l+1} / \partial x_l = I + \partial F / \partial x_l$.
# If the branch's last layer $W_2$ is zero, then $F \equiv 0$, the block is the identity
# mapping, and the gradient passes through it *bit for bit*. We check it on a single block,
# then multiply $W_2$ of every branch of experiment 3's residual net by a factor $s$ from 0
# to 1: the smaller the branches, the smaller $\partial F / \partial x$, and the closer the
# gradient comes to a flat line. This is why branches are often initialized at zero or very
# small (`init_branch_zero=True`).

# %%
block_rng = np.random.default_rng(3)
W1, b1 = block_rng.normal(size=(4, 6)), np.zeros(6)
W2, b2 = np.zeros((6, 4)), np.zeros(4)
x, dy = block_rng.normal(size=(5, 4)), block_rng.normal(size=(5, 4))
out, cache = residual_forward(x, W1, b1, W2, b2)
dx = residual_backward(dy, cache).dx
same_out, same_grad = np.array_equal(out, x), np.array_equal(dx, dy)
print(label(vi=f"nhánh bằng 0: y == x đúng từng bit: "
               f"{'có' if same_out else 'không'};  ∂ℒ/∂x == ∂ℒ/∂y đúng "
               f"từng bit: {'có' if same_grad else 'không'}",
            en=f"zero branch: y == x exactly: {same_out}   "
               f"∂ℒ/∂x == ∂ℒ/∂y exactly: {same_grad}"))

BRANCH_SCALES = (0.0, 0.25, 0.5, 1.0)
profiles = {}
for s in BRANCH_SCALES:
    net = ResidualMLP(64, WIDTH, 10, depth=BLOCKS, activation="relu",
                      init="xavier_normal", rng=np.random.default_rng(1))
    for block in range(BLOCKS):
        # views: scaling W2 scales the net's own weights
        W1, b1, W2, b2 = net.block_params(block)
        W2 *= s
    _, grads = net.loss_and_grads(Xb, yb)
    norms = np.array([np.linalg.norm(g) for g in grads.dhidden])
    profiles[s] = norms / norms[-1]
    print(f"s = {number(s, '4')}:  ‖∂ℒ/∂x_0‖ / ‖∂ℒ/∂x_{BLOCKS}‖ =",
          number(profiles[s][0], ".3g"))

# %%
with plotting.figure(height=3) as (fig, ax):
    for s, profile in profiles.items():
        ax.plot(np.arange(BLOCKS + 1), profile, marker="o",
                label=f"s = {number(s, '')}")
    ax.set_xlabel(label(vi="khối $l$ (gradient theo xₗ)", en="block $l$ (gradient at xₗ)"))
    ax.set_ylabel(label(vi="so với gradient ở khối trên cùng",
                        en="relative to the top block"))
    ax.legend()
alt = label(
    vi=f"Gradient ở mỗi khối chia cho gradient ở khối trên cùng (x_{BLOCKS}), "
       "với các nhánh được nhân với s. Khi s bằng 0, đường nằm ngang và đúng "
       "bằng 1; s càng lớn, gradient càng lớn dần về phía đầu vào.",
    en=f"Gradient at each block divided by the gradient at the top block "
       f"(x_{BLOCKS}), with the branches scaled by s. At s = 0 the line is "
       "flat at exactly 1; the larger s, the more the gradient grows towards "
       "the input.")
plotting.to_svg(fig, alt=alt, decimal_mark=label(vi=",", en="."))

# %% [markdown] lang="vi"
# **Thử thay đổi:** giữ nhánh bằng 0 (`s = 0`) nhưng thêm `shortcut_scale=0.9` khi tạo
# `ResidualMLP`, tức là $x_{l+1} = 0{,}9\, x_l + F(x_l)$. Mỗi khối giờ nhân gradient với đúng
# 0,9, nên sau 10 khối tỉ số là $0{,}9^{10} \approx 0{,}349$; với `shortcut_scale=1.1` nó là
# $1{,}1^{10} \approx 2{,}59$. Chỉ khi đường tắt *đúng là* ánh xạ đồng nhất thì gradient mới
# đi qua được mọi độ sâu mà không tiêu biến hay bùng nổ.

# %% [markdown] lang="en"
# **Try changing:** keep the branches at zero (`s = 0`) but add `shortcut_scale=0.9` when
# building the `ResidualMLP`, so that $x_{l+1} = 0.9\, x_l + F(x_l)$. Each block now
# multiplies the gradient by exactly 0.9, so after 10 blocks the ratio is
# $0.9^{10} \approx 0.349$; with `shortcut_scale=1.1` it is $1.1^{10} \approx 2.59$. Only an
# *exact* identity shortcut carries the gradient through any depth without vanishing or
# exploding.

# %% [markdown] lang="vi"
# ## Câu hỏi cuối
#
# Chuẩn hóa theo batch giữ cố định độ lớn tín hiệu của từng tầng; kết nối tắt cho gradient
# một con đường không qua tầng nào. ResNet dùng cả hai, đặt chuẩn hóa *bên trong* mỗi nhánh.
# Điều đó ảnh hưởng thế nào đến việc gradient lớn dần mà bạn thấy ở thí nghiệm 3, và nếu
# khởi tạo $\gamma$ của tầng chuẩn hóa cuối cùng trong mỗi nhánh bằng 0 thì sao? (Gợi ý: so sánh
# với thí nghiệm 4.)

# %% [markdown] lang="en"
# ## Closing question
#
# Batch normalization fixes the scale of each layer; shortcuts give the gradient a path
# through no layer at all. ResNets use both, with the normalization *inside* each branch.
# What does that do to the growth of the gradient you saw in experiment 3, and what if the
# $\gamma$ of the last normalization in each branch starts at 0? (Hint: compare with
# experiment 4.)
