# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#   gradflow_lab:
#     chapters:
#     - page: backprop.md
#       vi: 'Nhắc lại: hạ gradient và lan truyền ngược'
#       en: 'Recap: gradient descent and backpropagation'
#     - page: vanishing.md
#       vi: Tiêu biến gradient
#       en: Vanishing gradients
# ---

# %% [markdown] lang="vi"
# # Thí nghiệm: tầng đầu học chậm trong mạng sigmoid sâu

# %% [markdown] lang="en"
# # Lab: early layers learn slowly in a deep sigmoid net

# %% [markdown] lang="vi"
# Lan truyền ngược (backpropagation) tính gradient của một tầng bằng cách nhân dồn
# các thừa số của mọi tầng nằm sau nó. Trong notebook này, bạn tự đo những thừa số ấy
# trên một chuỗi nơ-ron sigmoid, rồi đo nhịp học của từng tầng trong vài mạng sigmoid
# nhỏ, lúc khởi tạo và trong lúc huấn luyện. Điều bạn sẽ tận mắt thấy: tầng càng gần
# đầu vào thì học càng chậm, và chậm đến đâu là tùy vào hàm kích hoạt lẫn cách khởi tạo
# trọng số.

# %% [markdown] lang="en"
# Backpropagation builds the gradient of a layer by multiplying together one factor
# from every layer after it. In this notebook you measure those factors on a chain of
# sigmoid neurons, then the speed of learning of each layer in small sigmoid networks,
# at initialization and during training. The point to see for yourself: the closer a
# layer is to the input, the slower it learns, and how much slower depends on the
# activation function and on the weight initialization.

# %%
import numpy as np

from gradflow import plotting
from gradflow.book.language import label, number, set_language
from gradflow.book.nets import nielsen_net
from gradflow.chain import chain_backward, chain_forward
from gradflow.data import digits_like
from gradflow.diagnostics import layer_speeds
from gradflow.train import train_sgd

rng = np.random.default_rng(0)
# 500 synthetic 8x8 digits: 64 inputs, 10 classes
X, y = digits_like(500, rng=rng)
# every network is initialized three times and the speeds averaged
SEEDS = (0, 1, 2)

# %% lang="vi"
set_language("vi")  # số in ra theo kiểu Việt: 0,25

# %% lang="en"
set_language("en")  # numbers printed the English way: 0.25

# %% [markdown] lang="vi"
# ## 1. Một chuỗi nơ-ron: gradient là một tích
#
# Mỗi tầng của chuỗi chỉ có một nơ-ron: $z_l = w\,a_{l-1} + b$ và $a_l = \sigma(z_l)$.
# Theo quy tắc dây chuyền (chain rule), mỗi lần lùi qua tầng $j$, gradient bị nhân
# thêm thừa số $w\,\sigma'(z_j)$, mà $\sigma'$ thì không bao giờ vượt quá $\tfrac14$.
# Vậy với $w = 1$, mỗi bước lùi làm gradient nhỏ đi ít nhất bốn lần. Ta dựng một chuỗi
# 10 tầng, đặt $\partial \mathcal{L}/\partial a_{10} = 1$, in các thừa số rồi so sánh
# $|\partial \mathcal{L}/\partial b_l|$ với cận trên $(w/4)^{L-l}\cdot\tfrac14$.

# %% [markdown] lang="en"
# ## 1. A chain of neurons: the gradient is a product
#
# Each layer of the chain has a single neuron: $z_l = w\,a_{l-1} + b$ and
# $a_l = \sigma(z_l)$. By the chain rule, every step back through layer $j$ multiplies
# the gradient by $w\,\sigma'(z_j)$, and $\sigma'$ never exceeds $\tfrac14$. So with
# $w = 1$ each step back shrinks the gradient at least fourfold. We build a 10-layer
# chain, set $\partial \mathcal{L}/\partial a_{10} = 1$, print the factors and compare
# $|\partial \mathcal{L}/\partial b_l|$ with the upper bound $(w/4)^{L-l}\cdot\tfrac14$.

# %%
L = 10  # neurons in the chain
W_CHAIN = 1.0  # the same weight in every layer; every bias is 0
_, cache = chain_forward(0.5, np.full(L, W_CHAIN), np.zeros(L))
grads = chain_backward(1.0, cache)
db, factors = grads.db, grads.factors
print("w·σ'(z):", "  ".join(number(v, ".3f") for v in factors))
print(f"|∂ℒ/∂b_{L}| = {number(abs(db[-1]), '.3g')}   "
      f"|∂ℒ/∂b_1| = {number(abs(db[0]), '.3g')}")

# %%
layers = np.arange(1, L + 1)
# sigma' <= 1/4 in every layer
bound = 0.25 * (abs(W_CHAIN) / 4) ** (L - layers)
with plotting.figure(height=2.9) as (fig, ax):
    ax.semilogy(layers, np.abs(db), marker="o", label=label(vi="chuỗi sigmoid", en="sigmoid chain"))
    ax.semilogy(layers, bound, linestyle="--", label=label(vi="cận trên", en="upper bound"))
    ax.set_xlabel(label(vi="tầng $l$", en="layer $l$"))
    ax.set_ylabel(label(vi="gradient |∂ℒ/∂bₗ|", en="gradient |∂ℒ/∂bₗ|"))
    ax.legend()
alt = label(
    vi="Gradient theo hệ số điều chỉnh dọc một chuỗi 10 nơ-ron sigmoid, thang "
       "log: đi từ tầng 10 về tầng 1, nó giảm theo một đường gần như thẳng và "
       "luôn nằm dưới đường cận trên, vốn giảm 4 lần sau mỗi tầng.",
    en="Bias gradient along a chain of 10 sigmoid neurons, log scale: from "
       "layer 10 back to layer 1 it falls along a nearly straight line, "
       "always below the upper bound that divides by 4 per layer.")
plotting.to_svg(fig, alt=alt, decimal_mark=label(vi=",", en="."))

# %% [markdown] lang="vi"
# **Thử thay đổi:** tăng `W_CHAIN` lên 3 rồi 6. Trọng số lớn hơn, nên có lẽ bạn nghĩ
# gradient sẽ lớn hơn; thực tế các thừa số lại nhỏ đi (còn khoảng 0,16 rồi 0,015), dù
# cận trên nới rộng ra (với $w = 6$, cận trên còn cho phép gradient tăng dần). Lý do:
# $z$ lớn đẩy nơ-ron vào vùng bão hòa (saturation), nơi $\sigma'(z)$ gần bằng 0. Muốn
# thừa số vượt 1 thì còn phải dùng hệ số điều chỉnh (bias) để giữ $z$ quanh 0; đó là
# chuyện của bài thí nghiệm về bùng nổ gradient.

# %% [markdown] lang="en"
# **Try changing:** raise `W_CHAIN` to 3, then 6. Larger weights, so you might expect
# a larger gradient; instead the factors shrink (to about 0.16, then 0.015), although
# the upper bound loosens (with $w = 6$ it even allows growth). The reason: a large
# $z$ pushes the neuron into saturation, where $\sigma'(z)$ is close to 0. To get
# factors above 1 you must also use the biases to keep $z$ near 0, which is the
# subject of the exploding-gradients lab.

# %% [markdown] lang="vi"
# ## 2. Nhịp học của từng tầng lúc khởi tạo
#
# Nielsen gọi $\lVert \partial \mathcal{L}/\partial b^l \rVert$, chuẩn của gradient theo
# các hệ số điều chỉnh của tầng $l$, là **nhịp học của tầng** (speed of learning); đừng
# nhầm với tốc độ học $\eta$ của hạ gradient. Ta đo nhịp học trong các mạng sigmoid có 1
# đến 4 tầng ẩn, mỗi tầng 30 nơ-ron, khởi tạo như Nielsen (`nielsen_net`: trọng số
# $\mathcal N(0, 1/n_{in})$, hệ số điều chỉnh $\mathcal N(0, 1)$), trên 500 ảnh chữ số tổng
# hợp cỡ $8 \times 8$. Mỗi đường trên hình là một mạng; hãy xem đường ấy dốc xuống thế nào
# về phía tầng 1.

# %% [markdown] lang="en"
# ## 2. Each layer's speed of learning at initialization
#
# Nielsen calls $\lVert \partial \mathcal{L}/\partial b^l \rVert$, the norm of the gradient
# with respect to the biases of layer $l$, the **speed of learning** of that layer (not to
# be confused with the learning rate $\eta$). We measure it in sigmoid networks with 1 to 4
# hidden layers of 30 units, initialized as Nielsen does (`nielsen_net`: weights $\mathcal
# N(0, 1/n_{in})$, biases $\mathcal N(0, 1)$), on 500 digit images (synthetic, $8 \times
# 8$). Each line in the figure is one network; look at how steeply it falls towards layer
# 1.

# %%
DEPTHS = (1, 2, 3, 4)  # numbers of hidden layers
speeds = {}
for depth in DEPTHS:
    runs = [layer_speeds(nielsen_net(depth, seed=seed).loss_and_grads(X, y)[1])
            for seed in SEEDS]
    # hidden layers only, layer 1 first
    speeds[depth] = np.mean(runs, axis=0)[:-1]
    print(label(vi=f"{depth} tầng ẩn:", en=f"{depth} hidden:"),
          "  ".join(number(s, ".2g") for s in speeds[depth]))

# %%
with plotting.figure(height=3) as (fig, ax):
    for depth in DEPTHS:
        ax.semilogy(range(1, depth + 1), speeds[depth], marker="o",
                    label=label(vi=f"{depth} tầng ẩn", en=f"{depth} hidden"))
    ax.set_xlabel(label(vi="tầng ẩn", en="hidden layer"))
    ax.set_ylabel(label(vi="nhịp học của tầng", en="speed of learning"))
    ax.set_xticks(range(1, max(DEPTHS) + 1))
    ax.legend()
deepest = max(DEPTHS)
slower = number(round(speeds[deepest][-1] / speeds[deepest][0], -1), ".0f")
alt = label(
    vi=f"Nhịp học của từng tầng ẩn lúc khởi tạo, thang log, với các mạng có "
       f"{DEPTHS[0]} đến {deepest} tầng ẩn. Mọi đường đều đi lên từ trái sang "
       f"phải; trong mạng {deepest} tầng ẩn, tầng 1 chậm hơn tầng {deepest} "
       f"khoảng {slower} lần.",
    en=f"Speed of learning of each hidden layer at initialization, log scale, "
       f"for nets with {DEPTHS[0]} to {deepest} hidden layers. Every line "
       f"rises from left to right; in the {deepest}-hidden-layer net, layer 1 "
       f"is about {slower} times slower than layer {deepest}.")
plotting.to_svg(fig, alt=alt, decimal_mark=label(vi=",", en="."))

# %% [markdown] lang="vi"
# **Thử thay đổi:** thêm 6 vào `DEPTHS`. Đường mới dốc hơn hẳn: trong mạng 6 tầng ẩn,
# tầng 1 chậm hơn tầng 6 cỡ ba nghìn lần, tức là mỗi tầng thêm vào lại chia nhịp học
# của tầng đầu cho khoảng 5.

# %% [markdown] lang="en"
# **Try changing:** add 6 to `DEPTHS`. The new line is much steeper: in a net with 6
# hidden layers, layer 1 is about three thousand times slower than layer 6, so each
# extra layer divides the speed of the first one by about 5.

# %% [markdown] lang="vi"
# ## 3. Trong lúc huấn luyện: chậm nhưng không đứng yên
#
# Trạng thái lúc khởi tạo mới chỉ là điểm xuất phát. Ta huấn luyện mạng 4 tầng ẩn bằng SGD
# (minibatch 50, $\eta = 1$) trong 600 bước, và cứ 50 bước lại đo xem trọng số của mỗi
# tầng đã dịch chuyển bao xa: $\lVert W^l_t - W^l_0 \rVert / \lVert W^l_0 \rVert$. Nếu
# các tầng đầu thật sự “đóng băng” thì đường của chúng phải nằm yên ở 0.

# %% [markdown] lang="en"
# ## 3. During training: slow, but not frozen
#
# Initialization is only the starting point. We train the 4-hidden-layer net with
# SGD (minibatches of 50, $\eta = 1$) for 600 steps and, every 50 steps, measure how
# far each layer's weights have moved: $\lVert W^l_t - W^l_0 \rVert / \lVert W^l_0 \rVert$.
# If the early layers were really "frozen", their lines would stay flat at 0.

# %%
STEPS, LR = 600, 1.0
net = nielsen_net(4, seed=0)
start = [W.copy() for W in net.W]
batches = np.random.default_rng(1)
checkpoints, moved, speed_log = [0], [np.zeros(net.n_layers)], []
for _ in range(STEPS // 50):
    history = train_sgd(net, X, y, lr=LR, steps=50, batch_size=50, rng=batches)
    speed_log.append(history.bias_grad_norms)
    checkpoints.append(checkpoints[-1] + 50)
    moved.append([np.linalg.norm(W - W0) / np.linalg.norm(W0)
                  for W, W0 in zip(net.W, start)])
moved, speed_log = np.array(moved), np.concatenate(speed_log)
print(label(vi="nhịp học trung bình của từng tầng (tầng cuối là tầng đầu ra), "
               "100 bước đầu:",
            en="mean speed of learning by layer (the last is the output "
               "layer), first 100 steps:"))
print("  ", "  ".join(number(s, ".1e") for s in speed_log[:100].mean(axis=0)))
print(label(vi="nhịp học nhỏ nhất từng gặp:", en="smallest speed seen:"),
      number(speed_log.min(), ".1e"))
print(label(vi=f"đã dịch chuyển sau {STEPS} bước:",
            en=f"moved after {STEPS} steps:"),
      "  ".join(f"{m:.0%}" for m in moved[-1]))
print(label(vi="mất mát trung bình của 50 bước cuối:",
            en="mean loss over the last 50 steps:"),
      number(history.loss.mean(), ".3f"))

# %%
with plotting.figure(height=3) as (fig, ax):
    for layer in range(net.n_layers):
        name = (label(vi=f"tầng {layer + 1}", en=f"layer {layer + 1}")
                if layer < net.n_layers - 1
                else label(vi="tầng đầu ra", en="output"))
        ax.plot(checkpoints, moved[:, layer], label=name)
    ax.set_xlabel(label(vi="bước SGD", en="SGD step"))
    ax.set_ylabel(label(vi="độ dịch chuyển tương đối của trọng số",
                        en="relative weight change"))
    ax.legend(ncols=2)
alt = label(
    vi="Trọng số của mỗi tầng đã dịch chuyển bao xa trong 600 bước SGD. Tầng "
       "4 và tầng đầu ra dịch chuyển hơn một nửa; tầng 1 và 2 chỉ vài phần "
       "trăm, nhưng đường của chúng vẫn đi lên đều chứ không nằm yên.",
    en="How far each layer's weights moved over 600 SGD steps. Layer 4 and "
       "the output layer move by more than half; layers 1 and 2 move only a "
       "few percent, but their lines keep rising instead of staying flat.")
plotting.to_svg(fig, alt=alt, decimal_mark=label(vi=",", en="."))

# %% [markdown] lang="vi"
# **Thử thay đổi:** đặt `STEPS = 2000` (chạy lâu hơn vài giây). Đường của tầng 1 tiếp
# tục đi lên, càng về sau càng dốc, tới hơn 20% và đuổi kịp tầng 3, trong khi mất mát
# (loss) vẫn nằm trên “cao nguyên” (plateau) quanh 2,3: mạng đang chờ các tầng đầu học
# kịp. Gradient ở các tầng đầu nhỏ, nhưng không bằng 0.

# %% [markdown] lang="en"
# **Try changing:** set `STEPS = 2000` (a few seconds longer). Layer 1's line keeps
# rising, more and more steeply, to more than 20%, level with layer 3, while the loss
# still sits on a plateau near 2.3: the network is waiting for its early layers to
# catch up. The gradient at the early layers is small, but not zero.

# %% [markdown] lang="vi"
# ## 4. Đổi hàm kích hoạt
#
# Mỗi bước lùi nhân gradient với $W^\top$ rồi với $f'(z)$, nên hàm kích hoạt quyết định
# phần lớn diễn biến. Ta so sánh ba mạng 6 tầng ẩn chỉ khác nhau ở hàm kích hoạt và cách
# khởi tạo: sigmoid và tanh với khởi tạo của Nielsen (`lecun_normal`, tức
# $\mathcal N(0, 1/n_{in})$), ReLU với khởi tạo He $\mathcal N(0, 2/n_{in})$, vốn được
# thiết kế cho nó.

# %% [markdown] lang="en"
# ## 4. Changing the activation
#
# Each step back multiplies the gradient by $W^\top$ and then by $f'(z)$, so the
# activation function decides most of the story. We compare three nets with 6 hidden
# layers that differ only in their activation and initialization: sigmoid and tanh with
# Nielsen's initialization (`lecun_normal`, that is $\mathcal N(0, 1/n_{in})$), ReLU with
# He initialization $\mathcal N(0, 2/n_{in})$, which was designed for it.

# %%
CHOICES = {  # activation: init
    "sigmoid": "lecun_normal",
    "tanh": "lecun_normal",
    "relu": "he_normal",
}
by_activation = {}
for activation, init in CHOICES.items():
    nets = [nielsen_net(6, seed=seed, activation=activation, init=init)
            for seed in SEEDS]
    runs = [layer_speeds(net.loss_and_grads(X, y)[1]) for net in nets]
    by_activation[activation] = np.mean(runs, axis=0)[:-1]
    first, last = by_activation[activation][[0, -1]]
    print(f"{activation:8s}",
          label(vi="tầng 1 / tầng 6 =", en="layer 1 / layer 6 ="),
          number(first / last, ".2g"))

# %%
with plotting.figure(height=3) as (fig, ax):
    for activation, speed in by_activation.items():
        name = f"{activation} ({CHOICES[activation]})"
        ax.semilogy(range(1, 7), speed, marker="o", label=name)
    ax.set_xlabel(label(vi="tầng ẩn", en="hidden layer"))
    ax.set_ylabel(label(vi="nhịp học của tầng", en="speed of learning"))
    ax.legend()
alt = label(
    vi="Nhịp học của sáu tầng ẩn với ba hàm kích hoạt, thang log. Đường "
       "sigmoid dốc nhất, tụt hơn ba bậc độ lớn về tầng 1; tanh dốc vừa phải; "
       "ReLU với khởi tạo He gần như nằm ngang.",
    en="Speed of learning of six hidden layers with three activations, log "
       "scale. The sigmoid line is the steepest, dropping more than three "
       "orders of magnitude to layer 1; tanh falls moderately; ReLU with He "
       "initialization is nearly flat.")
plotting.to_svg(fig, alt=alt, decimal_mark=label(vi=",", en="."))

# %% [markdown] lang="vi"
# **Thử thay đổi:** đổi khởi tạo của ReLU thành `"lecun_normal"` (phương sai nhỏ đi một
# nửa): đường ReLU lại dốc xuống, và nhịp học của tầng 1 chỉ còn khoảng một phần tư nhịp
# học của tầng 6. Ngược lại, cho sigmoid dùng `"he_normal"` cũng không cứu được nó: tỉ
# số vẫn cỡ $10^{-3}$, vì trọng số lớn hơn một chút không bù nổi giới hạn
# $\sigma' \le \tfrac14$.

# %% [markdown] lang="en"
# **Try changing:** switch ReLU's initialization to `"lecun_normal"` (half the
# variance): the ReLU line slopes down again, and layer 1 is only about a quarter as
# fast as layer 6. Conversely, giving the sigmoid `"he_normal"` does not rescue it: the
# ratio stays around $10^{-3}$, because slightly larger weights cannot make up for
# $\sigma' \le \tfrac14$.

# %% [markdown] lang="vi"
# ## Câu hỏi cuối
#
# Ở thí nghiệm 2, trong mạng có bốn tầng ẩn, tầng 1 học chậm hơn tầng ẩn cuối cùng
# hơn một trăm lần. Sao không cho riêng tầng 1 một tốc độ học $\eta$ lớn hơn chừng ấy lần
# là xong? Hãy nghĩ xem cách chữa cháy ấy gặp rắc rối gì khi tỉ số giữa các tầng thay đổi
# trong lúc huấn luyện, hoặc khi mạng sâu tới 50 tầng.

# %% [markdown] lang="en"
# ## Closing question
#
# In experiment 2's net with four hidden layers, layer 1 learns more than a
# hundred times slower than the last hidden layer. Why not simply give layer 1 its own
# learning rate $\eta$, that many times larger? Think about what goes wrong with that
# patch when the ratio between layers changes during training, or when the network is 50
# layers deep.
