# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#   gradflow_lab:
#     chapters:
#     - page: exploding.md
#       vi: Bùng nổ gradient
#       en: Exploding gradients
# ---

# %% [markdown] lang="vi"
# # Thí nghiệm: khi gradient bùng nổ

# %% [markdown] lang="en"
# # Lab: when gradients explode

# %% [markdown] lang="vi"
# Gradient ở tầng đầu là tích của nhiều thừa số, mỗi tầng phía sau góp một thừa số.
# Khi các thừa số ấy thường lớn hơn 1, tích phình ra theo cấp số nhân: đó là bùng nổ
# gradient (exploding gradient). Bạn sẽ thấy điều này trên tích các ma trận ngẫu nhiên,
# trên chuỗi nơ-ron sigmoid với $w = 100$ của Nielsen, rồi trên một mạng ReLU thật có
# trọng số ban đầu chỉ lớn gấp đôi mức hợp lý, vậy mà đã đủ làm việc huấn luyện đổ vỡ
# sau vài bước.

# %% [markdown] lang="en"
# The gradient at an early layer is a product of many factors, one from every later
# layer. When those factors tend to be above 1, the product grows exponentially: the
# gradient explodes. You will see it on products of random matrices, on Nielsen's chain
# of sigmoid neurons with $w = 100$, and on a real ReLU network whose initial weights
# are only twice as large as they should be, which is enough to wreck training within
# a few steps.

# %%
import numpy as np

from gradflow import plotting
from gradflow.book.language import label, number, power_of_ten, set_language
from gradflow.chain import chain_backward, chain_forward
from gradflow.data import digits_like
from gradflow.diagnostics import layer_speeds, random_matrix_product_norms
from gradflow.init import scaled_he_init
from gradflow.mlp import MLP
from gradflow.train import train_sgd

rng = np.random.default_rng(0)
# 500 synthetic 8x8 digits: 64 inputs, 10 classes
X, y = digits_like(500, rng=rng)

# %% lang="vi"
set_language("vi")  # số in ra theo kiểu Việt: 0,25

# %% lang="en"
set_language("en")  # numbers printed the English way: 0.25

# %% [markdown] lang="vi"
# ## 1. Tích các ma trận ngẫu nhiên
#
# Trong mạng thật, mỗi thừa số là một ma trận Jacobi (Jacobian). Để xem tích của
# chúng diễn biến ra sao, ta nhân liên tiếp 50 ma trận 4×4 có phần tử
# $\mathcal N(0, 1)$, lặp lại 200 lần với các ma trận khác nhau, và theo dõi chuẩn
# của tích. Nhân mọi ma trận với cùng một số $s$ thì tích của $k$ ma trận bị nhân
# với $s^k$; vì vậy chỉ riêng $s$ quyết định tích phình ra hay teo lại.

# %% [markdown] lang="en"
# ## 1. Products of random matrices
#
# In a real network each factor is a Jacobian matrix. To see how their products
# behave, we multiply 50 random 4×4 matrices with $\mathcal N(0, 1)$ entries one after
# another, 200 times with different matrices, and follow the norm of the product.
# Multiplying every matrix by the same number $s$ multiplies a product of $k$ of them by
# $s^k$, so $s$ alone decides whether the product grows or shrinks.

# %%
K, SIZE = 50, 4  # number of factors, size of each matrix
norms = random_matrix_product_norms(K, SIZE, trials=200,
                                    rng=np.random.default_rng(1))
k = np.arange(1, K + 1)
# typical factor per matrix
growth = np.exp(np.mean(np.log(norms[:, -1] / norms[:, 0])) / (K - 1))
print(label(vi="mỗi ma trận nhân chuẩn lên khoảng",
            en="each matrix multiplies the norm by about"),
      number(growth, ".3g"))
SCALES = (0.5, 0.57, 1.0)
# s**k: every matrix scaled by s
medians = {s: np.median(norms * s**k, axis=0) for s in SCALES}
for s in SCALES:
    print(f"s = {number(s)}:",
          label(vi="trung vị sau 10 / 50 ma trận",
                en="median after 10 / 50 matrices"),
          number(medians[s][9], ".3g"), "/", number(medians[s][-1], ".3g"))

# %%
with plotting.figure(height=3) as (fig, ax):
    for s in SCALES:
        ax.semilogy(k, medians[s], label=f"$s$ = {number(s)}")
    ax.set_xlabel(label(vi="số ma trận đã nhân $k$", en="number of factors $k$"))
    ax.set_ylabel(label(vi="chuẩn của tích (trung vị)",
                        en="norm of the product (median)"))
    ax.legend()
top = power_of_ten(medians[1.0][-1])
alt = label(
    vi="Chuẩn của tích các ma trận ngẫu nhiên 4×4 theo số ma trận, thang log. "
       f"Với s = 1, một đường thẳng đi lên tới cỡ {top}; với s = 0,5, một "
       "đường thẳng đi xuống; còn với s = 0,57, đường gần như nằm ngang.",
    en="Norm of a product of random 4×4 matrices against the number of "
       f"factors, log scale. With s = 1 a straight line climbs to about {top}, "
       "with s = 0.5 a straight line falls, and s = 0.57 stays nearly flat.")
plotting.to_svg(fig, alt=alt, decimal_mark=label(vi=",", en="."))

# %% [markdown] lang="vi"
# **Thử thay đổi:** đặt `SIZE = 16`. Mỗi ma trận giờ nhân chuẩn lên gần 4 lần, nên ngay
# cả $s = 0{,}57$ cũng bùng nổ (cỡ $10^{18}$ sau 50 ma trận). Thêm `0.25` vào `SCALES`:
# đường ấy gần như nằm ngang. Điểm cân bằng đã dịch về khoảng $1/\sqrt{16}$, đúng với
# quy tắc $1/\sqrt{n_{in}}$ mà các cách khởi tạo trọng số dựa vào.

# %% [markdown] lang="en"
# **Try changing:** set `SIZE = 16`. Each matrix now multiplies the norm by almost 4,
# so even $s = 0.57$ explodes (about $10^{18}$ after 50 matrices). Add `0.25` to
# `SCALES`: that line is nearly flat. The balance point has moved to about
# $1/\sqrt{16}$, the $1/\sqrt{n_{in}}$ rule that weight initializations rely on.

# %% [markdown] lang="vi"
# ## 2. Chuỗi của Nielsen: $w = 100$
#
# Sigmoid có $\sigma' \le \tfrac14$, nhưng thừa số của mỗi tầng là $w\,\sigma'(z)$, và
# không có gì giới hạn trọng số $w$. Nielsen đặt $w = 100$ ở mọi tầng và chọn hệ số
# điều chỉnh (bias) sao cho mọi $z$ bằng 0: khi đó $a = \sigma(0) = \tfrac12$, nên cần
# $b = -w/2$. Mỗi thừa số trở thành $100 \cdot \tfrac14 = 25$. Ta đo
# $\partial \mathcal{L}/\partial b_1$ trên những chuỗi ngày càng dài.

# %% [markdown] lang="en"
# ## 2. Nielsen's chain: $w = 100$
#
# The sigmoid has $\sigma' \le \tfrac14$, but each layer's factor is $w\,\sigma'(z)$,
# and nothing caps the weight $w$. Nielsen sets $w = 100$ in every layer and picks the
# biases so that every $z$ is 0: then $a = \sigma(0) = \tfrac12$, so $b = -w/2$. Every
# factor becomes $100 \cdot \tfrac14 = 25$. We measure
# $\partial \mathcal{L}/\partial b_1$ for longer and longer chains.

# %%
W_BIG = 100.0
for n_layers in (2, 4, 6, 8):
    w = np.full(n_layers, W_BIG)
    # the previous neuron outputs sigma(0) = 1/2, so z = 0
    b = np.full(n_layers, -W_BIG / 2)
    b[0] = 0.0  # the input is 0, so z_1 = 0 as well
    _, cache = chain_forward(0.0, w, b)
    grads = chain_backward(1.0, cache)
    db, factors = grads.db, grads.factors
    print(f"L = {n_layers}:  w·σ'(z) = {number(factors[0], '.3g')}   "
          f"∂ℒ/∂b_1 = {number(db[0], '.4g')}")

# %% [markdown] lang="vi"
# **Thử thay đổi:** đặt `W_BIG` bằng 3 rồi 5. Mọi $z$ vẫn bằng 0, nhưng thừa số
# thành 0,75 (gradient tiêu biến) rồi 1,25 (gradient bùng nổ, dù chậm): ranh giới
# nằm ở $w = 4$. Còn nếu thay `-W_BIG / 2` bằng `0.0` để mọi hệ số điều chỉnh bằng 0,
# $z$ vọt lên 50 rồi 100, nơ-ron bão hòa và $\sigma'(z)$ chỉ còn cỡ $10^{-22}$ rồi
# $10^{-44}$: với $L = 8$, $\partial \mathcal{L}/\partial b_1$ rơi xuống cỡ $10^{-269}$.
# Trọng số rất lớn, vậy mà gradient lại tiêu biến.

# %% [markdown] lang="en"
# **Try changing:** set `W_BIG` to 3, then 5. Every $z$ is still 0, but the factor
# becomes 0.75 (the gradient vanishes) and then 1.25 (it explodes, slowly): the
# boundary is $w = 4$. And if you replace `-W_BIG / 2` by `0.0`, so that every bias is
# 0, $z$ jumps to 50 and then 100, the neurons saturate and $\sigma'(z)$ drops to about
# $10^{-22}$ and then $10^{-44}$: with $L = 8$, $\partial \mathcal{L}/\partial b_1$ is
# about $10^{-269}$. Huge weights, and yet the gradient vanishes.

# %% [markdown] lang="vi"
# ## 3. Mạng ReLU với trọng số ban đầu gấp đôi
#
# Giờ là một mạng thật: 6 tầng ẩn ReLU, mỗi tầng 64 nơ-ron, phân loại ảnh chữ số.
# Khởi tạo He, $\mathcal N(0, 2/n_{in})$, giữ cho tín hiệu đi qua các tầng ReLU không
# to lên mà cũng không nhỏ đi. Mạng thứ hai giống hệt, cùng seed, chỉ khác là mọi trọng
# số được nhân đôi. Ta đo $\lVert \partial \mathcal{L}/\partial b^l \rVert$ của từng tầng
# lúc khởi tạo.

# %% [markdown] lang="en"
# ## 3. A ReLU network with doubled initial weights
#
# Now a real network: 6 hidden ReLU layers of 64 units classifying the digit images.
# He initialization, $\mathcal N(0, 2/n_{in})$, keeps the signal from growing or
# shrinking through ReLU layers. The second network is identical, same seed, except
# that every weight is doubled. We measure
# $\lVert \partial \mathcal{L}/\partial b^l \rVert$ for every layer at initialization.

# %%
HIDDEN, WIDTH = 6, 64
NET_SCALES = (1.0, 2.0)  # 1.0 is He initialization; 2.0 doubles every weight


def relu_net(scale):
    """HIDDEN ReLU layers of WIDTH units, He initialization times `scale`,
    always the same seed."""
    return MLP([64] + [WIDTH] * HIDDEN + [10], activation="relu",
               init=scaled_he_init(scale), rng=np.random.default_rng(1))


grad_by_layer = {s: layer_speeds(relu_net(s).loss_and_grads(X, y)[1])
                 for s in NET_SCALES}
for s, g in grad_by_layer.items():
    first, last = number(g[0], ".3g"), number(g[-1], ".3g")
    ratio = number(g[0] / g[-1], ".3g")
    print(f"×{number(s, 'g')}:",
          label(vi=f"tầng thứ nhất {first}; tầng đầu ra {last}; tỉ số {ratio}",
                en=f"first layer {first}, output layer {last}, ratio {ratio}"))

# %%
with plotting.figure(height=3) as (fig, ax):
    for s, g in grad_by_layer.items():
        ax.semilogy(range(1, len(g) + 1), g, marker="o",
                    label=f"He ×{number(s, 'g')}")
    ax.set_xlabel(label(vi=f"tầng (tầng {HIDDEN + 1} là tầng đầu ra)",
                        en=f"layer ({HIDDEN + 1} is the output)"))
    ax.set_ylabel(label(vi="‖∂ℒ/∂bˡ‖ lúc khởi tạo",
                        en="‖∂ℒ/∂bˡ‖ at initialization"))
    ax.legend()
alt = label(
    vi="Độ lớn gradient theo tầng lúc khởi tạo, thang log. Với khởi tạo He, "
       "đường gần như nằm ngang quanh 0,2; với trọng số gấp đôi, đi từ tầng "
       "đầu ra về tầng thứ nhất, gradient gần như nhân đôi sau mỗi tầng, lên "
       "tới khoảng 33.",
    en="Gradient size by layer at initialization, log scale. With He "
       "initialization the line is nearly flat around 0.2; with doubled "
       "weights, going from the output back to the first layer the gradient "
       "roughly doubles at each layer, up to about 33.")
plotting.to_svg(fig, alt=alt, decimal_mark=label(vi=",", en="."))

# %% [markdown] lang="vi"
# **Thử thay đổi:** đặt `HIDDEN = 8`: với trọng số gấp đôi, tỉ số giữa tầng thứ nhất và
# tầng đầu ra tăng từ khoảng 36 lên khoảng 155; thêm hai tầng là thêm hai lần nhân đôi.
# Hoặc thêm `1.5` và `0.5` vào `NET_SCALES`: ×1,5 cho một đường dốc vừa phải, còn ×0,5
# kéo cả đường xuống, thấp hơn khoảng 15 đến 200 lần tùy tầng, nhiều nhất ở tầng thứ
# nhất: đó là mặt kia của câu chuyện, tiêu biến gradient.

# %% [markdown] lang="en"
# **Try changing:** set `HIDDEN = 8`: with doubled weights the ratio between the first
# layer and the output grows from about 36 to about 155, two more layers, two more
# doublings. Or add `1.5` and `0.5` to `NET_SCALES`: ×1.5 gives a moderate slope, while
# ×0.5 pulls the whole line down, by about 15 to 200 times depending on the layer, the
# most at the first layer: the other side of the story, vanishing gradients.

# %% [markdown] lang="vi"
# ## 4. Huấn luyện: một mạng học, một mạng phân kỳ
#
# Ta huấn luyện cả hai mạng bằng SGD với cùng tốc độ học (learning rate), 100 bước,
# minibatch 64. Sau mỗi bước, `train_sgd` kiểm tra xem mất mát (loss) và gradient có
# còn hữu hạn không; ngay khi gặp giá trị `inf` hoặc `nan` đầu tiên, nó lặng lẽ dừng lại
# và ghi bước đó vào `History.diverged_at` (vẫn là `None` nếu không gặp giá trị nào như
# thế), thay vì tuôn ra hàng loạt cảnh báo tràn số. Mạng có mất mát thành NaN như thế
# được gọi là phân kỳ (diverge).

# %% [markdown] lang="en"
# ## 4. Training: one net learns, the other diverges
#
# We train both networks with SGD at the same learning rate, 100 steps, minibatches of
# 64. `train_sgd` checks after every step that the loss and the gradient are still
# finite; at the first `inf` or `nan` it stops quietly and records the step in
# `History.diverged_at` (still `None` if none turns up), instead of spilling a flood of
# overflow warnings. A network whose loss turns into NaN like this is said to diverge.

# %%
LR = 0.05
histories = {s: train_sgd(relu_net(s), X, y, lr=LR, steps=100, batch_size=64,
                          rng=np.random.default_rng(2))
             for s in NET_SCALES}
for s, history in histories.items():
    if history.diverged:
        state = label(vi=f"phân kỳ ở bước {history.diverged_at}, dừng huấn luyện",
                      en=f"diverged at step {history.diverged_at}, "
                         "training stopped")
    else:
        steps, final = len(history.loss), number(history.loss[-1], ".4g")
        state = label(vi=f"{steps} bước, mất mát cuối cùng {final}",
                      en=f"{steps} steps, final loss {final}")
    # and the attribute that train_sgd sets: None when the run stays finite
    print(f"×{number(s, 'g')}: {state}; diverged_at = {history.diverged_at}")
    print(label(vi="      mất mát:", en="      loss:"),
          "  ".join(number(v, ".3g") for v in history.loss[:6]), "...")

# %%
with plotting.figure(height=3) as (fig, ax):
    for s, history in histories.items():
        ax.semilogy(history.loss, marker="." if history.diverged else None,
                    label=f"He ×{number(s, 'g')}")
    ax.set_xlabel(label(vi="bước SGD", en="SGD step"))
    ax.set_ylabel(label(vi="mất mát", en="loss"))
    ax.set_ylim(bottom=1)
    ax.legend()
doubled = histories[2.0]
peak, step = power_of_ten(np.nanmax(doubled.loss)), doubled.diverged_at
alt = label(
    vi="Mất mát theo bước SGD, thang log. Mạng khởi tạo He giảm dần từ khoảng "
       "2,5; mạng có trọng số gấp đôi bắt đầu từ khoảng 130, vọt lên cỡ "
       f"{peak} rồi thành NaN ở bước {step}, nơi vòng lặp dừng.",
    en="Loss against SGD step, log scale. The He-initialized net goes down "
       "from about 2.5; the net with doubled weights starts near 130, shoots "
       f"up to about {peak} and becomes NaN at step {step}, where the loop "
       "stops.")
plotting.to_svg(fig, alt=alt, decimal_mark=label(vi=",", en="."))

# %% [markdown] lang="vi"
# **Thử thay đổi:** hạ `LR` xuống `0.01`. Lần này mạng gấp đôi sống sót và học được, vì
# mỗi bước nhảy đã ngắn lại. Nhưng nếu đặt thêm `HIDDEN = 8` (ở thí nghiệm 3) rồi chạy
# lại thì ngay cả với 0,01, mạng vẫn thành NaN sau khoảng sáu bước. Tốc độ học nhỏ chỉ
# là cái phanh; gốc của vấn đề là độ lớn ban đầu của trọng số.

# %% [markdown] lang="en"
# **Try changing:** lower `LR` to `0.01`. This time the doubled net survives and learns,
# because each jump is shorter. But also set `HIDDEN = 8` (in experiment 3) and run
# again: even at 0.01 it turns into NaN after about six steps. A small learning rate
# is only a brake; the root of the problem is the initial scale of the weights.

# %% [markdown] lang="vi"
# ## Câu hỏi cuối
#
# Gọt gradient (gradient clipping) chặn độ dài của mỗi bước cập nhật. Nhưng ở thí
# nghiệm 4, mạng có trọng số gấp đôi cho giá trị hàm mất mát khoảng 130 ngay từ bước 0,
# trước lần cập nhật đầu tiên: lan truyền xuôi (forward pass) đã bùng nổ. Chỉ gọt gradient thôi
# có đủ để mạng này học tốt không, hay phải sửa ngay từ khâu khởi tạo?

# %% [markdown] lang="en"
# ## Closing question
#
# Gradient clipping caps the length of each update. But in experiment 4 the doubled
# net has a loss of about 130 at step 0, before any update: the forward pass has
# already blown up. Is clipping the gradient enough for this network to learn well,
# or must the fix come from the initialization?
