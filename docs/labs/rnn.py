# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#   gradflow_lab:
#     chapters:
#     - page: remedies/rnn.md
#       vi: RNN, LSTM và GRU
#       en: RNNs, LSTM and GRU
# ---

# %% [markdown] lang="vi"
# # Thí nghiệm: gradient đi ngược thời gian trong RNN, LSTM và GRU

# %% [markdown] lang="en"
# # Lab: gradients travelling back in time through RNNs, LSTMs and GRUs

# %% [markdown] lang="vi"
# Khi trải ra theo thời gian, một mạng nơ-ron hồi tiếp (recurrent neural network, RNN) là
# một mạng sâu mà mọi tầng dùng chung một ma trận $W_h$, nên gradient có thể tiêu biến hoặc
# bùng nổ theo số bước lùi lại. Ta đo gradient ấy ngay lúc khởi tạo, không huấn luyện gì
# cả: ở RNN thường, dọc đường ô nhớ của LSTM, và ở GRU. Qua đó ta thấy các cổng khắc phục
# được gì, và điều gì chúng không khắc phục được.

# %% [markdown] lang="en"
# Unrolled in time, a recurrent neural network (RNN) is a deep network whose layers all
# share one matrix $W_h$, so its gradient can vanish or explode with the number of steps
# back. We measure that gradient at initialization, without any training: in a plain
# RNN, along the LSTM's cell path, and in a GRU. This shows what the gates cure, and
# what they do not.

# %%
import numpy as np

from gradflow import plotting
from gradflow.book.language import label, number, set_language
from gradflow.data import adding_problem
from gradflow.lstm import (cell_path_gradient, lstm_backward, lstm_forward,
                           lstm_init)
from gradflow.sequences import SequenceModel

T, H, N = 40, 16, 32  # steps, hidden units, sequences
X, y = adding_problem(N, T, np.random.default_rng(0))
# step t = 1 .. T lies T - t steps before the loss
lags = np.arange(T)[::-1]


def gradient_profile(cell, wh_factor=1.0, **init_options):
    """‖∂ℒ/∂h_t‖ for t = 1..T (batch mean) divided by its value at t = T.

    The loss reads only the last state. `init_options` go to the cell's
    initializer (scale, forget_bias or update_bias); `wh_factor` then
    multiplies every recurrent weight.
    """
    model = SequenceModel(2, H, 1, cell=cell, loss="mse",
                          rng=np.random.default_rng(1),
                          init_options=init_options)
    model.Wh *= wh_factor
    _, grads = model.loss_and_grads(X, y)
    norms = np.linalg.norm(grads.dhidden, axis=2).mean(axis=0)
    return norms / norms[-1]


# %% lang="vi"
set_language("vi")  # số in ra theo kiểu Việt: 0,25

# %% lang="en"
set_language("en")  # numbers printed the English way: 0.25

# %% [markdown] lang="vi"
# ## 1. RNN thường: tiêu biến hay bùng nổ theo thời gian
#
# Mỗi lần lùi lại một bước, lan truyền ngược qua thời gian (backpropagation through time)
# nhân gradient với ma trận Jacobi (Jacobian) $\mathrm{diag}(1 - h_t^2)\, W_h^\top$. Ta cho
# mọi giá trị suy biến (singular value) của $W_h$ bằng $\sigma$ và đo
# $\lVert \partial \mathcal{L} / \partial h_t \rVert$ chia cho giá trị của nó ở bước cuối. Vì
# $|\tanh'| \le 1$, tỉ số này sau $n$ bước lùi không thể vượt quá $\sigma^n$ (cận trên của
# Pascanu).

# %% [markdown] lang="en"
# ## 1. A plain RNN: vanishing or exploding through time
#
# Each step back, backpropagation through time multiplies the gradient by the Jacobian
# $\mathrm{diag}(1 - h_t^2)\, W_h^\top$. We give $W_h$ every singular value equal to
# $\sigma$ and measure $\lVert \partial \mathcal{L} / \partial h_t \rVert$ divided by its value at
# the last step. Since $|\tanh'| \le 1$, this ratio after $n$ steps back cannot exceed
# $\sigma^n$ (Pascanu's bound).

# %%
scales = [0.5, 1.0, 1.5, 2.0]
rnn = {s: gradient_profile("rnn", scale=s) for s in scales}
for s in scales:
    start, bound = number(rnn[s][0], ".3g"), number(s ** (T - 1), ".3g")
    line = label(vi=f"σ = {number(s)}: tỉ số ở bước 1 (lùi {T - 1} bước) "
                    f"{start}; cận trên σ^{T - 1} = {bound}",
                 en=f"sigma = {s}: ratio at step 1 ({T - 1} steps back) "
                    f"{start}, bound sigma^{T - 1} = {bound}")
    print(line)

# %%
with plotting.figure(height=3) as (fig, ax):
    for s in scales:
        ax.semilogy(lags, rnn[s], label=f"σ = {number(s)}")
    ax.set_xlabel(label(vi="số bước lùi lại từ bước cuối", en="steps back from the last step"))
    ax.set_ylabel(label(vi="‖∂ℒ/∂hₜ‖ chia cho giá trị ở bước cuối", en="‖∂ℒ/∂hₜ‖ over its last-step value"))
    ax.legend()
sigma = [number(s, "g") for s in scales]
alt = label(
    vi=f"Gradient của RNN theo số bước lùi, thang log: với σ = {sigma[0]} "
       f"và {sigma[1]} nó giảm theo hàm mũ, với σ = {sigma[2]} gần như "
       f"phẳng, với σ = {sigma[3]} nó lớn dần về phía đầu chuỗi.",
    en=f"RNN gradient against the number of steps back, log scale: with "
       f"σ = {sigma[0]} and {sigma[1]} it falls exponentially, with "
       f"σ = {sigma[2]} it is nearly flat, with σ = {sigma[3]} it grows "
       "towards the start.")
plotting.to_svg(fig, alt=alt, decimal_mark=label(vi=",", en="."))

# %% [markdown] lang="vi"
# Trên thang log, mỗi đường gần như thẳng: gradient thay đổi theo hàm mũ của số bước lùi.
# Với $\sigma = 0{,}5$, cận trên của Pascanu buộc gradient phải tiêu biến, và nó rơi xuống
# cỡ $10^{-13}$. Với $\sigma = 1$, cận trên bằng 1 nên chẳng ràng buộc gì, vậy mà gradient
# vẫn chỉ còn khoảng 0,003: riêng việc $\tanh'$ nhỏ hơn 1 dọc quỹ đạo đã đủ làm nó nhỏ dần.
# Với $\sigma = 2$, gradient ở bước đầu lớn hơn ở bước cuối gần trăm lần: bùng nổ.
#
# **Thử thay đổi:** đặt `T = 80` ở ô thiết lập. Hai đường phía trên lên cao hơn (với
# $\sigma = 2$, tỉ số vọt lên vài nghìn), hai đường phía dưới tụt sâu hơn (với $\sigma = 1$
# còn cỡ $10^{-5}$): chuỗi dài hơn chỉ làm cả hai bệnh nặng thêm. Hoặc thêm `1.2` vào `scales`:
# đường của nó nằm ở giữa và chỉ giảm chậm, còn khoảng 0,15 sau 39 bước.

# %% [markdown] lang="en"
# On a log scale each line is nearly straight: the gradient changes exponentially with
# the number of steps back. With $\sigma = 0.5$ Pascanu's bound forces it to vanish, and
# it drops to about $10^{-13}$. With $\sigma = 1$ the bound is 1 and forbids nothing, yet
# only about 0.003 of the gradient is left: $\tanh'$ below 1 along the trajectory is
# enough to shrink it. With $\sigma = 2$ the first step receives a gradient almost a
# hundred times the last step's: it explodes.
#
# **Try changing:** set `T = 80` in the setup cell. The upper lines climb higher
# (with $\sigma = 2$ the ratio shoots up to a few thousand) and the lower ones sink further
# (with $\sigma = 1$ down to about $10^{-5}$): a longer sequence only amplifies both
# illnesses. Or add `1.2` to `scales`: its line lies in between and falls only slowly,
# to about 0.15 after 39 steps.

# %% [markdown] lang="vi"
# ## 2. Đường ô nhớ của LSTM và hệ số điều chỉnh của cổng quên
#
# LSTM có một ô nhớ (memory cell) $c_t = f_t \odot c_{t-1} + i_t \odot g_t$. Dọc theo
# đường ô nhớ chỉ có phép nhân từng phần tử với cổng quên (forget gate) $f_t$, nên
# $\partial c_T / \partial c_0 = \mathrm{diag}\bigl(\prod_t f_t\bigr)$: không có $W_h$,
# không có $\tanh'$. Khi $W_h = 0$, đó là toàn bộ gradient; ta kiểm tra điều này bằng
# lan truyền ngược thật, rồi xem hệ số điều chỉnh (bias) $b_f$ của cổng quên mở con đường
# này rộng đến đâu: lúc khởi tạo, $f \approx \sigma(b_f)$ (ở đây $\sigma$ là hàm sigmoid,
# không phải giá trị suy biến ở mục 1).

# %% [markdown] lang="en"
# ## 2. The LSTM's cell path and the forget-gate bias
#
# An LSTM has a memory cell $c_t = f_t \odot c_{t-1} + i_t \odot g_t$. Along the cell path
# there is only an elementwise product with the forget gate $f_t$, so
# $\partial c_T / \partial c_0 = \mathrm{diag}\bigl(\prod_t f_t\bigr)$: no $W_h$, no
# $\tanh'$. When $W_h = 0$ that is the whole gradient; we check it against real
# backpropagation, then see how wide the forget-gate bias $b_f$ opens this path: at
# initialization $f \approx \sigma(b_f)$ (here $\sigma$ is the sigmoid, not the singular
# value of section 1).

# %%
Wx, Wh, b = lstm_init(2, H, np.random.default_rng(1), forget_bias=1.0)
states, cache = lstm_forward(X, np.zeros((N, H)), np.zeros((N, H)),
                             Wx, np.zeros_like(Wh), b)
dH = np.zeros_like(states)
dH[:, -1] = 1.0                                   # the loss reads only h_T
back = lstm_backward(dH, cache)
bptt = back.dc0 / back.dc[:, -1]            # ∂ℒ/∂c_0 over ∂ℒ/∂c_T, from BPTT
product = cell_path_gradient(cache)               # ∏ f_t
gap = number(np.max(np.abs(bptt / product - 1)), ".1e")
print(label(vi="sai lệch tương đối lớn nhất giữa BPTT và tích các f:",
            en="largest relative difference between BPTT and the product of f:"),
      gap)

biases = [0.0, 1.0, 3.0]
paths = {}
for bf in biases:
    Wx, Wh, b = lstm_init(2, H, np.random.default_rng(1), forget_bias=bf)
    _, cache = lstm_forward(X, np.zeros((N, H)), np.zeros((N, H)), Wx, Wh, b)
    log_f = np.log(cache.f).mean(axis=(0, 2))  # mean log f at each step
    # ∏ f over the last n steps, n = 0..T
    paths[bf] = np.exp(np.concatenate([[0.0], np.cumsum(log_f[::-1])]))
    f_mean = number(cache.f.mean(), ".3f")
    f_product = number(paths[bf][-1], ".3g")
    line = label(vi=f"b_f = {number(bf)}: f trung bình {f_mean}; "
                    f"tích các f qua {T} bước {f_product}",
                 en=f"b_f = {bf:g}: mean f {f_mean}, "
                    f"prod f over {T} steps {f_product}")
    print(line)

# %%
with plotting.figure(height=3) as (fig, ax):
    for bf in biases:
        ax.semilogy(np.arange(T + 1), paths[bf], label=f"b_f = {number(bf)}")
    ax.set_xlabel(label(vi="số bước lùi lại từ bước cuối", en="steps back from the last step"))
    ax.set_ylabel(label(vi="tích các cổng quên ∏f", en="product of forget gates ∏f"))
    ax.legend()
alt = label(
    vi="Tích các cổng quên của LSTM theo số bước lùi, thang log: với "
       "b_f = 0 nó tụt xuống cỡ 10⁻¹³ sau 40 bước, với b_f = 1 cỡ 10⁻⁶, còn "
       "với b_f = 3 vẫn giữ được hơn một phần mười.",
    en="Product of the LSTM's forget gates against the number of steps back, "
       "log scale: with b_f = 0 it falls to about 10⁻¹³ after 40 steps, with "
       "b_f = 1 to about 10⁻⁶, while b_f = 3 keeps more than a tenth.")
plotting.to_svg(fig, alt=alt, decimal_mark=label(vi=",", en="."))

# %% [markdown] lang="vi"
# Kết quả lan truyền ngược khớp với $\prod f_t$, chỉ sai khác ở mức sai số làm tròn. Nhưng
# đường ô nhớ chỉ thông khi cổng quên gần bằng 1. Với $b_f = 0$, $f \approx 0{,}5$ và tích
# sau 40 bước cỡ $10^{-13}$, chẳng hơn gì RNN. Với $b_f = 1$ (lựa chọn thông dụng), tích còn
# cỡ $10^{-6}$; với $b_f = 3$, $f \approx 0{,}95$ và hơn một phần mười gradient đi hết 40
# bước.
#
# **Thử thay đổi:** trong lời gọi `lstm_forward` đầu tiên, thay `np.zeros_like(Wh)` bằng
# `Wh`. Sai lệch không còn cỡ $10^{-15}$ mà vượt xa 1: gradient còn đi qua $h_{t-1}$,
# $W_h$ và các cổng, và ở đây các đường ấy lấn át đường ô nhớ. Hoặc thêm `5.0` vào
# `biases`: $f \approx 0{,}99$, và sau 40 bước vẫn còn khoảng ba phần tư.

# %% [markdown] lang="en"
# Backpropagation matches $\prod f_t$ up to rounding. But the cell path is only open when
# the forget gate is close to 1. With $b_f = 0$, $f \approx 0.5$ and the product after 40
# steps is about $10^{-13}$, no better than an RNN. With $b_f = 1$ (the usual choice) it is
# about $10^{-6}$; with $b_f = 3$, $f \approx 0.95$ and more than a tenth of the gradient makes
# it through all 40 steps.
#
# **Try changing:** in the first call to `lstm_forward`, replace `np.zeros_like(Wh)` by
# `Wh`. The difference is no longer about $10^{-15}$ but far above 1: the gradient also
# flows through $h_{t-1}$, $W_h$ and the gates, and here those routes outweigh the cell
# path. Or add `5.0` to `biases`: $f \approx 0.99$, and about three quarters is left
# after 40 steps.

# %% [markdown] lang="vi"
# ## 3. GRU so với RNN: cổng cập nhật phải gần bằng 1 từ đầu
#
# GRU trộn trạng thái cũ $h_{t-1}$ với trạng thái ứng viên $\tilde h_t$:
# $h_t = z_t \odot h_{t-1} + (1 - z_t) \odot \tilde h_t$, nên ma trận Jacobi ở mỗi bước chứa
# số hạng $\mathrm{diag}(z_t)$, đóng vai trò của cổng quên. Ta so sánh gradient qua thời
# gian của RNN ($\sigma = 1$) với GRU có hệ số điều chỉnh $b_z$ của cổng cập nhật (update
# gate) bằng 0, 1 và 3.

# %% [markdown] lang="en"
# ## 3. GRU against RNN: the update gate must start open
#
# A GRU mixes the old state $h_{t-1}$ with a candidate state $\tilde h_t$,
# $h_t = z_t \odot h_{t-1} + (1 - z_t) \odot \tilde h_t$, so each step's Jacobian contains
# the term $\mathrm{diag}(z_t)$, which plays the forget gate's role. We compare the gradient
# through time of an RNN ($\sigma = 1$) with GRUs whose update-gate bias $b_z$ is 0, 1 and 3.

# %%
update_biases = [0.0, 1.0, 3.0]
gru = {bz: gradient_profile("gru", update_bias=bz) for bz in update_biases}
at_step_one = label(vi="tỉ số ở bước 1 là", en="ratio at step 1")
print(label(vi="RNN (σ = 1):", en="RNN (sigma = 1):"), at_step_one,
      number(rnn[1.0][0], ".3g"))
for bz in update_biases:
    print(f"GRU, b_z = {number(bz)}:", at_step_one, number(gru[bz][0], ".3g"))

# %%
with plotting.figure(height=3) as (fig, ax):
    ax.semilogy(lags, rnn[1.0], color="grey", ls="--", label="RNN, σ = 1")
    for bz in update_biases:
        ax.semilogy(lags, gru[bz], label=f"GRU, b_z = {number(bz)}")
    ax.set_xlabel(label(vi="số bước lùi lại từ bước cuối", en="steps back from the last step"))
    ax.set_ylabel(label(vi="‖∂ℒ/∂hₜ‖ chia cho giá trị ở bước cuối", en="‖∂ℒ/∂hₜ‖ over its last-step value"))
    ax.legend()
alt = label(
    vi="Gradient theo số bước lùi, thang log: GRU với b_z = 0 tiêu biến còn "
       "nhanh hơn RNN, với b_z = 1 gần như RNN, với b_z = 3 giữ được gần một "
       "phần năm sau 39 bước.",
    en="Gradient against the number of steps back, log scale: the GRU with "
       "b_z = 0 vanishes even faster than the RNN, with b_z = 1 about like "
       "it, with b_z = 3 it keeps nearly a fifth after 39 steps.")
plotting.to_svg(fig, alt=alt, decimal_mark=label(vi=",", en="."))

# %% [markdown] lang="vi"
# Chỉ có cổng thôi thì chưa đủ. Với $b_z = 0$, $z \approx 0{,}5$ nên đường trực tiếp qua
# $\mathrm{diag}(z_t)$ mỗi bước chỉ truyền tiếp được khoảng một nửa: GRU tiêu biến còn nhanh
# hơn RNN (cỡ $3{,}4 \cdot 10^{-6}$ so với 0,003). Chỉ khi cổng cập nhật gần bằng 1 ngay từ
# đầu (với $b_z = 3$), tức là gần như giữ nguyên trạng thái cũ, gradient mới đi qua được 39
# bước mà vẫn còn gần một phần năm. Cổng cho gradient một lối đi; trong lúc huấn luyện, mạng
# phải học cách mở lối ấy ở những thành phần của trạng thái ẩn cần nhớ lâu.
#
# **Thử thay đổi:** thêm `5.0` vào `update_biases`: tỉ số ở bước 1 lên khoảng 0,75: sau 39
# bước chỉ mất chừng một phần tư. Hoặc thêm `-3.0`: $z \approx 0{,}05$, GRU gần như luôn
# ghi đè trạng thái của nó, và gradient tụt xuống cỡ $10^{-13}$, tệ hơn hẳn RNN.

# %% [markdown] lang="en"
# Having a gate is not enough. With $b_z = 0$, $z \approx 0.5$, so the direct route
# through $\mathrm{diag}(z_t)$ passes on only about half at each step: the GRU vanishes
# even faster than the RNN (about $3.4 \cdot 10^{-6}$ against 0.003). Only when the
# update gate starts close to 1, with $b_z = 3$, that is when it nearly keeps the old
# state, does the gradient cross 39 steps with nearly a fifth left. A gate gives the
# gradient a route; during training, the network has to learn to open it in the
# components of the hidden state that must remember for long.
#
# **Try changing:** add `5.0` to `update_biases`: the ratio at step 1 rises to about 0.75:
# after 39 steps only about a quarter is lost. Or add `-3.0`: $z \approx 0.05$, the GRU
# nearly always overwrites its state, and the gradient falls to about $10^{-13}$, far worse
# than the RNN.

# %% [markdown] lang="vi"
# ## 4. Cổng không khắc phục được bùng nổ gradient
#
# Ngoài đường ô nhớ, gradient còn đi qua $W_h$ vào các cổng và vào $g_t$ (hay
# $\tilde h_t$). Ta lấy RNN, LSTM và GRU với khởi tạo mặc định của `gradflow`, rồi nhân
# mọi trọng số hồi tiếp với 2, 4 và 8.

# %% [markdown] lang="en"
# ## 4. Gates do not cure exploding gradients
#
# Besides the cell path, the gradient also flows through $W_h$ into the gates and into
# $g_t$ (or $\tilde h_t$). We take an RNN, an LSTM and a GRU at `gradflow`'s default
# initialization, then multiply every recurrent weight by 2, 4 and 8.

# %%
factors = [1.0, 2.0, 4.0, 8.0]
header = label(vi="tỉ số ở bước 1, W_h nhân với:",
               en="ratio at step 1, W_h times:")
print(header, "  ".join(f"{f:>8g}" for f in factors))
for cell in ("rnn", "lstm", "gru"):
    ratios = [gradient_profile(cell, wh_factor=f)[0] for f in factors]
    row = "  ".join(number(r, "8.2g") for r in ratios)
    print(f"{cell:>4}:".ljust(len(header)), row)

# %% [markdown] lang="vi"
# Với khởi tạo mặc định, cả ba đều tiêu biến. Khi $W_h$ lớn gấp tám lần, gradient ở bước
# đầu gấp hàng chục nghìn lần ở bước cuối với LSTM, và hàng trăm triệu lần với GRU: các
# cổng không ngăn được gì. Cổng khắc phục tiêu biến chứ không khắc phục bùng nổ; vì vậy
# LSTM và GRU vẫn cần gọt gradient (gradient clipping) khi huấn luyện.
#
# **Thử thay đổi:** đặt `T = 80` ở ô thiết lập rồi chạy lại: với hệ số 8, tỉ số của GRU
# vọt lên cỡ $10^{18}$, còn với hệ số 1 cả ba tiêu biến còn mạnh hơn. Chuỗi càng dài, cả
# hai hiện tượng càng trầm trọng.

# %% [markdown] lang="en"
# At the default initialization all three vanish. With $W_h$ eight times larger, the
# gradient at the first step is tens of thousands of times the last step's for the LSTM
# and hundreds of millions of times for the GRU: the gates prevent nothing. Gates cure
# vanishing, not exploding; that is why LSTMs and GRUs still need gradient clipping in
# training.
#
# **Try changing:** set `T = 80` in the setup cell and run again: with a factor of 8 the
# GRU's ratio shoots up to about $10^{18}$, while at a factor of 1 all three vanish even
# more. The sequence length amplifies both sides.

# %% [markdown] lang="vi"
# ## Câu hỏi cuối
#
# Với $b_f$ rất lớn, cổng quên gần bằng 1 và gradient đi qua hàng trăm bước gần như
# nguyên vẹn. Vậy tại sao không đặt $b_f = 10$ cho mọi LSTM? Một ô nhớ không bao giờ quên
# sẽ gặp rắc rối gì khi chuỗi chứa nhiều thông tin vô ích?

# %% [markdown] lang="en"
# ## Closing question
#
# With a very large $b_f$, the forget gate is close to 1 and the gradient crosses hundreds
# of steps almost intact. So why not set $b_f = 10$ in every LSTM? What goes wrong with a
# memory cell that never forgets, when the sequence is full of useless information?
