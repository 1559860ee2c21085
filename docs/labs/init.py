# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#   gradflow_lab:
#     chapters:
#     - page: remedies/init.md
#       vi: Khởi tạo trọng số
#       en: Weight initialization
# ---

# %% [markdown] lang="vi"
# # Thí nghiệm: chọn độ lớn cho trọng số ban đầu

# %% [markdown] lang="en"
# # Lab: choosing the scale of the initial weights

# %% [markdown] lang="vi"
# Khi kiến trúc và hàm kích hoạt đã chọn xong, trước bước huấn luyện đầu tiên, mạng chỉ còn
# phụ thuộc vào trọng số ban đầu. Trong notebook này, ta đẩy một batch dữ liệu qua 30 tầng
# và đo xem phương sai (variance) của tín hiệu, theo chiều xuôi lẫn chiều ngược, bị nhân
# với bao nhiêu ở mỗi tầng. Một hệ số chỉ hơi lệch khỏi 1, lặp lại 30 lần, cũng đủ quyết
# định gradient tiêu biến, bùng nổ hay đến nơi nguyên vẹn. Cuối cùng, ta xem vì sao các
# trọng số không thể bắt đầu bằng nhau.

# %% [markdown] lang="en"
# Once the architecture and the activation are chosen, before the first training step, the
# network depends only on its initial weights. In this notebook we push a batch through 30
# layers and measure by how much each layer multiplies the variance of the signal, forwards
# and backwards. A factor only slightly off 1, repeated 30 times, decides whether the
# gradient vanishes, explodes or arrives intact. Finally we see why the weights cannot all
# start equal.

# %%
import numpy as np

from gradflow import plotting
from gradflow.activations import leaky_relu
from gradflow.book.language import label, number, numbers, set_language
from gradflow.data import two_moons
from gradflow.diagnostics import hidden_preactivations, unit_spread
from gradflow.init import he_normal, prelu_normal
from gradflow.losses import accuracy
from gradflow.mlp import MLP
from gradflow.train import train_sgd

# 30 hidden layers of 64 units, a batch of 64 inputs
DEPTH, WIDTH, N = 30, 64, 64
rng = np.random.default_rng(0)
X = rng.standard_normal((N, WIDTH))  # inputs of variance 1
# random labels: we only need some gradient to send back
y = rng.integers(0, 10, size=N)
layers = np.arange(1, DEPTH + 1)


# %% lang="vi"
set_language("vi")  # số in ra theo kiểu Việt: 0,25

# %% lang="en"
set_language("en")  # numbers printed the English way: 0.25

# %% [markdown] lang="vi"
# ## 1. Tín hiệu đi xuôi qua 30 tầng
#
# Ta dựng một mạng `MLP` có 30 tầng ẩn, mỗi tầng có ma trận trọng số vuông $64 \times 64$,
# hệ số điều chỉnh (bias) bằng 0, rồi đo $\mathrm{Var}[z^l]$, phương sai của tiền kích hoạt
# ở từng tầng. Mỗi tầng nhân phương sai với khoảng $n_{in}\mathrm{Var}[W]$, rồi hàm kích hoạt
# (activation function) lấy đi một phần: tanh giữ lại gần như trọn vẹn quanh 0, ReLU cắt mất
# một nửa. Ta so sánh ba cách khởi tạo: khởi tạo tiêu chuẩn (standard initialization)
# $U[-1/\sqrt n, 1/\sqrt n]$ có $n\mathrm{Var}[W] = \tfrac13$, Xavier có
# $n\mathrm{Var}[W] = 1$ (ở đây các tầng vuông), He có $n\mathrm{Var}[W] = 2$; cả ba dùng
# cùng một seed. Hệ số mỗi tầng in ra bên dưới là trung
# bình nhân của 29 tỉ số $\mathrm{Var}[z^{l+1}]/\mathrm{Var}[z^l]$; nó chỉ có nghĩa khi đường
# cong trên hình (thang log) là một đường thẳng.

# %% [markdown] lang="en"
# ## 1. The signal going forwards through 30 layers
#
# We build an `MLP` with 30 square hidden layers, $64 \times 64$, biases at 0, and measure
# $\mathrm{Var}[z^l]$, the variance of each layer's pre-activation. Each layer multiplies the
# variance by about $n_{in}\mathrm{Var}[W]$, and then the activation takes some of it away:
# tanh keeps almost all of it near 0, ReLU cuts off half. We compare three inits: the
# "standard" $U[-1/\sqrt n, 1/\sqrt n]$ with $n\mathrm{Var}[W] = \tfrac13$, Xavier with
# $n\mathrm{Var}[W] = 1$ (the layers are square here) and He with $n\mathrm{Var}[W] = 2$, all
# from the same seed. The factor per layer printed below is the geometric mean of the 29
# ratios $\mathrm{Var}[z^{l+1}]/\mathrm{Var}[z^l]$; it only makes sense where the curve in
# the figure (log scale) is a straight line.

# %%
ACTIVATIONS = ("tanh", "relu")
INITS = ("standard_uniform", "xavier_normal", "he_normal")


def measure(activation, init, seed=1):
    """Var[z^l] and Var[delta^l] of every hidden layer of a fresh net, at
    initialization."""
    net = MLP([WIDTH] * (DEPTH + 1) + [10], activation=activation, init=init,
              rng=np.random.default_rng(seed))
    var_z = np.array([z.var() for z in hidden_preactivations(net, X)])
    _, grads = net.loss_and_grads(X, y)
    var_delta = np.array([delta.var() for delta in grads.delta[:-1]])
    return var_z, var_delta


runs = {(act, init): measure(act, init)
        for act in ACTIVATIONS for init in INITS}
print(" " * 27 + f"Var[z1]   Var[z{DEPTH}]  "
      + label(vi="hệ số mỗi tầng", en="factor per layer"))
for (act, init), (var_z, _) in runs.items():
    factor = (var_z[-1] / var_z[0]) ** (1 / (DEPTH - 1))
    print(f"{act:8} {init:17} {number(var_z[0], '<9.3g')} "
          f"{number(var_z[-1], '<9.3g')} {number(factor, '.3f')}")

# %%
with plotting.figure(1, 2, height=2.9, sharey=True) as (fig, axes):
    for ax, act in zip(axes, ACTIVATIONS):
        for init in INITS:
            ax.semilogy(layers, runs[act, init][0], label=init)
        ax.set_title(act)
        ax.set_xlabel(label(vi="tầng ẩn $l$", en="hidden layer $l$"))
    axes[0].set_ylabel("Var[zˡ]")
    axes[1].legend()
alt = label(
    vi="Phương sai của tiền kích hoạt qua 30 tầng, thang log. Với ReLU, khởi "
       "tạo tiêu chuẩn và Xavier cho những đường thẳng đi xuống, còn He nằm "
       "ngang. Với tanh, khởi tạo tiêu chuẩn cho một đường thẳng đi xuống, "
       "Xavier giảm chậm, còn He giữ ở mức khá lớn.",
    en="Pre-activation variance through 30 layers, log scale. With ReLU, the "
       "standard and Xavier inits give straight lines going down and He stays "
       "flat. With tanh, the standard init goes straight down, Xavier "
       "declines slowly and He stays fairly large.")
plotting.to_svg(fig, alt=alt, decimal_mark=label(vi=",", en="."))

# %% [markdown] lang="vi"
# **Thử thay đổi:** đặt `WIDTH = 8` ở ô thiết lập rồi chạy lại từ đầu. Lập luận phương sai
# nói về trung bình trên nhiều nơ-ron; khi tầng chỉ có 8 nơ-ron, vài nơ-ron ReLU cùng tắt
# là đủ làm mất phần lớn tín hiệu, nên đường He của ReLU không còn nằm ngang mà tụt mấy bậc
# độ lớn. Còn nếu giữ `WIDTH = 64` và đặt `DEPTH = 60`, đường Xavier của ReLU tụt thêm
# khoảng chín bậc độ lớn, đúng như hệ số $\tfrac12$ mỗi tầng dự đoán.

# %% [markdown] lang="en"
# **Try changing:** set `WIDTH = 8` in the setup cell and rerun from the top. The variance
# argument is about averages over many units; with only 8 units per layer, a few ReLU units
# switched off at once lose most of the signal, so the ReLU He curve is no longer flat but
# sinks by several orders of magnitude. With `WIDTH = 64` and `DEPTH = 60` instead, the
# ReLU Xavier curve falls about nine more orders of magnitude, as a factor of $\tfrac12$ per
# layer predicts.

# %% [markdown] lang="vi"
# ## 2. Gradient đi ngược qua 30 tầng
#
# Vẫn những mạng ấy, giờ ta xét chiều lan truyền ngược (backpropagation):
# $\delta^l = \partial \mathcal{L} / \partial z^l$ ở mỗi tầng ẩn. Theo chiều ngược, mỗi
# tầng nhân phương sai với khoảng $n_{out}\mathrm{Var}[W]\,\mathrm{E}[f'(z)^2]$. Với các
# tầng vuông, thừa số trọng số giống hệt chiều xuôi, nên ta dự đoán sẽ thấy cùng những hệ số:
# $\tfrac13$ (tanh) và $\tfrac16$ (ReLU) cho khởi tạo tiêu chuẩn, $\tfrac12$ cho Xavier với
# ReLU, 1 cho He với ReLU. Tỉ số $\mathrm{Var}[\delta^1]/\mathrm{Var}[\delta^{30}]$ cho biết
# gradient ở tầng đầu lớn cỡ nào so với ở tầng cuối. Hãy để ý riêng tanh: ở đó
# $\tanh'(z) < 1$ với mọi $z \ne 0$, và càng nhỏ khi $|z|$ lớn, nên Xavier vẫn hao hụt một
# ít, còn He thì quá tay, vì $2\,\mathrm{E}[\tanh'(z)^2]$ nhỉnh hơn 1.

# %% [markdown] lang="en"
# ## 2. The gradient going backwards through 30 layers
#
# The same nets, now seen by backpropagation:
# $\delta^l = \partial \mathcal{L} / \partial z^l$ at each hidden layer. Backwards, each
# layer multiplies the variance by about
# $n_{out}\mathrm{Var}[W]\,\mathrm{E}[f'(z)^2]$. With square layers the weight factor is the
# same as forwards, so we expect the same factors: $\tfrac13$ (tanh) and $\tfrac16$ (ReLU)
# for the standard init, $\tfrac12$ for Xavier with ReLU, 1 for He with ReLU. The ratio
# $\mathrm{Var}[\delta^1]/\mathrm{Var}[\delta^{30}]$ says how large a gradient the first layer
# gets compared with the last. Watch tanh in particular: there $\tanh'(z) < 1$ for every
# $z \ne 0$, and the smaller the larger $|z|$, so Xavier still loses a little, while He
# overshoots, since $2\,\mathrm{E}[\tanh'(z)^2]$ is a little above 1.

# %%
print(" " * 27 + f"Var[δ1] / Var[δ{DEPTH}]  "
      + label(vi="hệ số mỗi tầng", en="factor per layer"))
for (act, init), (_, var_delta) in runs.items():
    ratio = var_delta[0] / var_delta[-1]
    factor = ratio ** (1 / (DEPTH - 1))
    print(f"{act:8} {init:17} {number(ratio, '<19.3g')} "
          f"{number(factor, '.3f')}")

# %%
with plotting.figure(1, 2, height=2.9, sharey=True) as (fig, axes):
    for ax, act in zip(axes, ACTIVATIONS):
        for init in INITS:
            ax.semilogy(layers, runs[act, init][1], label=init)
        ax.set_title(act)
        ax.set_xlabel(label(vi="tầng ẩn $l$", en="hidden layer $l$"))
    axes[0].set_ylabel("Var[δˡ]")
    axes[1].legend()
alt = label(
    vi="Phương sai của δ (gradient theo tiền kích hoạt) lan truyền ngược ở 30 "
       "tầng ẩn, thang log. Khởi tạo tiêu chuẩn làm gradient teo mạnh về phía "
       "đầu vào, với cả tanh lẫn ReLU; Xavier với ReLU cũng teo; He với ReLU "
       "gần như nằm ngang; còn He với tanh lại tăng dần về phía đầu vào.",
    en="Variance of the back-propagated δ (the gradient with respect to the "
       "pre-activation) at the 30 hidden layers, log scale. The standard init "
       "makes the gradient shrink steeply towards the input with both tanh "
       "and ReLU; Xavier with ReLU shrinks too; He "
       "with ReLU is nearly flat; He with tanh grows towards the input.")
plotting.to_svg(fig, alt=alt, decimal_mark=label(vi=",", en="."))

# %% [markdown] lang="vi"
# **Thử thay đổi:** đổi `ACTIVATIONS = ("tanh", "relu")` ở thí nghiệm 1 thành
# `("sigmoid", "relu")` rồi chạy lại cả hai thí nghiệm. Vì $\sigma' \le \tfrac14$, mỗi tầng
# sigmoid nhân phương sai của gradient với nhiều nhất $\tfrac1{16}\, n\mathrm{Var}[W]$: cả ba
# cách khởi tạo đều làm gradient tiêu biến, kể cả He.

# %% [markdown] lang="en"
# **Try changing:** replace `ACTIVATIONS = ("tanh", "relu")` in experiment 1 by
# `("sigmoid", "relu")` and rerun both experiments. Since $\sigma' \le \tfrac14$, each
# sigmoid layer multiplies the gradient's variance by at most
# $\tfrac1{16}\, n\mathrm{Var}[W]$: all three inits make the gradient vanish, He included.

# %% [markdown] lang="vi"
# ## 3. Trọng số bằng nhau thì các nơ-ron mãi là bản sao
#
# Vì sao không cho mọi trọng số cùng một giá trị vừa phải? Ta huấn luyện mạng tanh $[2, 8, 8, 2]$
# trên tập “hai mặt trăng”, một lần với `init="constant"` (mọi trọng số bằng 0,5), một lần với
# Xavier, trên cùng các minibatch. `unit_spread` đo độ chênh lớn nhất giữa trọng số đi vào các
# nơ-ron của mỗi tầng ẩn: bằng 0 nghĩa là các nơ-ron giống hệt nhau. Hình bên dưới theo dõi
# trọng số từ đầu vào $x_1$ tới 8 nơ-ron của tầng ẩn thứ nhất. Nếu lập luận về tính đối
# xứng là đúng, độ chênh phải bằng *đúng* 0 sau mọi bước: trọng số vẫn thay đổi, nhưng cả tầng
# dịch chuyển như một khối, nên mạng chỉ học được những gì một mạng mỗi tầng một nơ-ron học
# được. Muốn các nơ-ron học những đặc trưng khác nhau, phải phá vỡ tính đối xứng (symmetry
# breaking) ngay từ đầu.

# %% [markdown] lang="en"
# ## 3. Equal weights keep the units identical forever
#
# Why not set every weight to the same moderate number? We train the tanh net
# $[2, 8, 8, 2]$ on "two moons", once with `init="constant"` (every weight 0.5) and once with
# Xavier, on the same minibatches. `unit_spread` measures the largest difference between the
# weights into the units of each hidden layer: 0 means the units are exact copies. The figure
# follows the weights from input $x_1$ into the 8 units of the first hidden layer. If the
# symmetry argument holds, the spread stays *exactly* 0 at every step: the weights do
# change, but the whole layer moves as one block, so the net can only learn what a net with
# one unit per layer can. For units to learn different features, the symmetry must be
# broken from the start.

# %%
Xm, ym = two_moons(200, noise=0.1, rng=np.random.default_rng(0))
STEPS, LR, EVERY = 600, 0.5, 20
paths = {}
for init in ("constant", "xavier_normal"):
    net = MLP([2, 8, 8, 2], activation="tanh", init=init,
              rng=np.random.default_rng(1))
    batches = np.random.default_rng(2)  # the same minibatches for both nets
    # row 0 of W^1: the weights from x1 into the 8 units
    path = [net.W[0][0].copy()]
    for _ in range(STEPS // EVERY):
        train_sgd(net, Xm, ym, lr=LR, steps=EVERY, batch_size=20, rng=batches)
        path.append(net.W[0][0].copy())
    paths[init] = np.array(path)
    print(f"{init:14}",
          label(vi="độ chênh giữa các nơ-ron:", en="spread between units:"),
          numbers(unit_spread(net), ".4g"), "",
          label(vi="độ chính xác:", en="accuracy:"),
          number(accuracy(net.predict(Xm), ym), ".0%"))

# %%
steps = np.arange(0, STEPS + 1, EVERY)
with plotting.figure(1, 2, height=2.8, sharey=True) as (fig, axes):
    titles = (label(vi="khởi tạo hằng số", en="constant init"),
              label(vi="khởi tạo Xavier", en="Xavier init"))
    for ax, init, title in zip(axes, paths, titles):
        # reversed, so the line drawn last (on top) is blue
        ax.set_prop_cycle(color=plotting.PALETTE[::-1])
        ax.plot(steps, paths[init], linewidth=1.5)
        ax.set_title(title)
        ax.set_xlabel(label(vi="bước SGD", en="SGD step"))
    axes[0].set_ylabel(label(vi="trọng số từ x₁", en="weight from x₁"))
alt = label(
    vi="Trọng số từ x1 vào 8 nơ-ron của tầng ẩn thứ nhất theo bước SGD. Khởi "
       "tạo hằng số: 8 đường trùng nhau thành một từ đầu đến cuối. Khởi tạo "
       "Xavier: 8 đường tách rời, mỗi nơ-ron đi một hướng.",
    en="Weights from x1 into the 8 units of the first hidden layer against "
       "the SGD step. Constant init: the 8 lines coincide as one from start "
       "to finish. Xavier init: 8 separate lines, each unit going its own "
       "way.")
plotting.to_svg(fig, alt=alt, decimal_mark=label(vi=",", en="."))

# %% [markdown] lang="vi"
# **Thử thay đổi:** ngay sau dòng `net = MLP(...)`, thêm dòng
# `net.b[0] += np.random.default_rng(3).normal(0, 0.1, size=8)` để các hệ số điều chỉnh của
# tầng ẩn thứ nhất hơi khác nhau. Với khởi tạo hằng số, 8 đường trên hình tách ra và độ chênh
# của tầng ẩn thứ nhất không còn bằng 0. Nhưng hãy nhìn tầng ẩn thứ hai: độ chênh của nó vẫn
# đúng bằng 0, và độ chính xác không đổi. Phải phá đối xứng ở *mọi* tầng, không chỉ ở một
# tầng.

# %% [markdown] lang="en"
# **Try changing:** right after the line `net = MLP(...)`, add
# `net.b[0] += np.random.default_rng(3).normal(0, 0.1, size=8)`, so that the biases of the
# first hidden layer differ a little. With the constant init, the 8 lines in the figure come
# apart and the first hidden layer's spread is no longer 0. But look at the second hidden
# layer: its spread is still exactly 0, and the accuracy does not change. The symmetry must
# be broken in *every* layer, not just one.

# %% [markdown] lang="vi"
# ## 4. Leaky ReLU cần một khởi tạo đã hiệu chỉnh
#
# Leaky ReLU với độ dốc $\alpha$ ở nhánh âm không cắt bỏ nửa âm mà nhân nó với $\alpha$,
# nên $\mathrm{E}[a^2] = \tfrac{1+\alpha^2}{2}\mathrm{Var}[z]$. Vì thế khởi tạo He thường
# ($\mathrm{Var}[W] = 2/n_{in}$) nhân phương sai với $1 + \alpha^2$ ở mỗi tầng; He và cộng
# sự đề xuất chia thêm cho chính thừa số đó: $\mathrm{Var}[W] = 2/((1+\alpha^2)\,n_{in})$,
# chính là `prelu_normal(α)`. Ta đẩy cùng batch ấy qua 30 tầng leaky ReLU không có hệ số
# điều chỉnh, với nhiều giá trị $\alpha$, và đo hệ số mỗi tầng của $\mathrm{Var}[z^l]$. Một
# hệ số 1,25 (với $\alpha = 0{,}5$) nghe vô hại, nhưng qua 30 tầng nó thành
# $1{,}25^{29} \approx 650$: tín hiệu đã bắt đầu bùng nổ. Khi $\alpha = 1$, leaky ReLU trở
# thành hàm đồng nhất, mạng thành tuyến tính, và khởi tạo hiệu chỉnh chính là
# $\mathrm{Var}[W] = 1/n_{in}$.

# %% [markdown] lang="en"
# ## 4. Leaky ReLU needs a corrected init
#
# A leaky ReLU with negative slope $\alpha$ does not cut off the negative half but keeps
# $\alpha$ times it, so $\mathrm{E}[a^2] = \tfrac{1+\alpha^2}{2}\mathrm{Var}[z]$. The plain He
# init ($\mathrm{Var}[W] = 2/n_{in}$) therefore multiplies the variance by $1 + \alpha^2$ at
# every layer; He et al. divide by that very factor:
# $\mathrm{Var}[W] = 2/((1+\alpha^2)\,n_{in})$, which is `prelu_normal(α)`. We push the same
# batch through 30 bias-free leaky ReLU layers for several $\alpha$ and measure the factor
# per layer of $\mathrm{Var}[z^l]$. A factor of 1.25 (for $\alpha = 0.5$) sounds harmless,
# but over 30 layers it becomes $1.25^{29} \approx 650$: the signal is starting to explode.
# At $\alpha = 1$ the leaky ReLU is the identity, the net is linear, and the corrected init
# is just $\mathrm{Var}[W] = 1/n_{in}$.

# %%
SLOPES = np.linspace(0.0, 1.0, 6)


def factor_per_layer(init, slope, seed=1):
    """Geometric mean of Var[z^{l+1}] / Var[z^l] through DEPTH bias-free
    leaky ReLU layers."""
    # the same random numbers for every case, scaled differently
    weights = np.random.default_rng(seed)
    a, var_z = X, []
    for _ in range(DEPTH):
        z = a @ init(WIDTH, WIDTH, weights)
        var_z.append(z.var())
        a = leaky_relu(z, slope)
    return (var_z[-1] / var_z[0]) ** (1 / (DEPTH - 1))


plain_he = np.array([factor_per_layer(he_normal, s) for s in SLOPES])
corrected = np.array([factor_per_layer(prelu_normal(s), s) for s in SLOPES])
rows = {label(vi="α", en="alpha"): SLOPES,
        label(vi="lý thuyết 1+α²", en="theory 1+α²"): 1 + SLOPES**2,
        label(vi="He thường", en="plain He"): plain_he,
        label(vi="He hiệu chỉnh", en="corrected"): corrected}
for name, values in rows.items():
    print(f"{name:14}", numbers(values, ".3f"))

# %%
fine = np.linspace(0.0, 1.0, 101)
with plotting.figure(height=3) as (fig, ax):
    ax.plot(fine, 1 + fine**2, color=plotting.PALETTE[0], linewidth=1,
            label=label(vi="lý thuyết 1 + α²", en="theory 1 + α²"))
    ax.plot(SLOPES, plain_he, "o", color=plotting.PALETTE[0],
            label=label(vi="He thường", en="plain He"))
    ax.plot(SLOPES, corrected, "s", color=plotting.PALETTE[1],
            label=label(vi="He hiệu chỉnh (prelu_normal)",
                        en="corrected He (prelu_normal)"))
    ax.axhline(1.0, color=plotting.PALETTE[1], linewidth=1)
    ax.set_xlabel(label(vi=r"độ dốc $\alpha$ của nhánh âm",
                        en=r"negative slope $\alpha$"))
    ax.set_ylabel(label(vi="hệ số phương sai mỗi tầng",
                        en="variance factor per layer"))
    ax.legend()
alt = label(
    vi="Hệ số phương sai mỗi tầng theo độ dốc α của nhánh âm. Với He "
       "thường, các điểm đo nằm trên đường cong 1 + α², lên tới 2 khi α = 1; "
       "với He hiệu chỉnh, chúng nằm quanh 1.",
    en="Variance factor per layer against the negative slope α. With "
       "plain He the measured points lie on the curve 1 + α², reaching 2 at "
       "α = 1; with corrected He they stay near 1.")
plotting.to_svg(fig, alt=alt, decimal_mark=label(vi=",", en="."))

# %% [markdown] lang="vi"
# **Thử thay đổi:** đặt `SLOPES = np.array([0.01, 0.05, 0.1, 0.2])`. Với độ dốc mặc định
# 0,01 của leaky ReLU, $1 + \alpha^2 = 1{,}0001$: hai dãy điểm gần như trùng nhau, và độ
# chênh giữa chúng còn nhỏ hơn dao động ngẫu nhiên của phép đo. Phép hiệu chỉnh chỉ đáng kể
# khi $\alpha$ lớn, như ở PReLU, nơi $\alpha$ được học.

# %% [markdown] lang="en"
# **Try changing:** set `SLOPES = np.array([0.01, 0.05, 0.1, 0.2])`. With leaky ReLU's
# default slope of 0.01, $1 + \alpha^2 = 1.0001$: the two series nearly coincide, and the gap
# is smaller than the random wobble of the measurement. The correction only matters for a
# large $\alpha$, as in PReLU, where $\alpha$ is learned.

# %% [markdown] lang="vi"
# ## Câu hỏi cuối
#
# Mọi lập luận ở đây chỉ nói về lúc khởi tạo: trọng số độc lập, trung bình 0. Nếu ở mỗi bước
# huấn luyện ta ép tín hiệu của mọi tầng về phương sai 1 (đó là việc của chuẩn hóa theo
# batch, chương sau), thì độ lớn của trọng số ban đầu có còn quan trọng không?

# %% [markdown] lang="en"
# ## Closing question
#
# Every argument here is about the moment of initialization: independent weights with mean
# 0. If at every training step we forced every layer's signal back to variance 1 (the job of
# batch normalization, next chapter), would the scale of the initial weights still matter?
