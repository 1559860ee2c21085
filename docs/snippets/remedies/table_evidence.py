import numpy as np

from gradflow.book.activations import dying_relu
from gradflow.book.batchnorm import bn_training
from gradflow.book.cache import settings
from gradflow.book.clipping import clipping_rescue
from gradflow.book.init import deep_relu_training
from gradflow.book.language import label, number
from gradflow.book.residual import plain_vs_residual_training
from gradflow.book.rnn import exploding_rnn_training, long_lag

# The same calls, with the same arguments, as the remedies chapters: the cached runs are reused.
dying, dying_setup = dying_relu(), settings(dying_relu)
init = deep_relu_training(depth=30)
bn = bn_training(hidden_layers=15, width=64, steps=500, lr=0.1, batch_size=64)
res = plain_vs_residual_training(blocks=20, width=64, steps=400, lr=0.03, batch_size=64)
rescue = clipping_rescue(clip_norm=5.0)
rnn_clip = exploding_rnn_training(scale=2.0, T=50, clip_norm=1.0)
lag = long_lag(lags=(10, 20, 40, 80))
longest = int(np.argmax(lag["lags"]))          # the longest lag, T = 80


def pct(x):
    return number(100 * x, ".0f") + "%"


def trained(run):
    """Loss over the last 50 steps, and training accuracy (in brackets)."""
    return f"{number(run['loss'][-50:].mean(), '.3f')} ({pct(run['accuracy'])})"


def diverged(run):
    what = "NaN" if np.isnan(run["loss"][-1]) else "∞"
    step = run["diverged_at"]
    return label(vi=f"phân kỳ: {what} ở bước {step}", en=f"diverged: {what} at step {step}")


loss_acc = label(vi="mất mát 50 bước cuối (độ chính xác)", en="loss, last 50 steps (accuracy)")
rows = [
    (label(vi="leaky ReLU thay ReLU", en="leaky ReLU instead of ReLU"),
     label(vi=f"mạng hai mặt trăng, hệ số điều chỉnh của tầng 1 dịch đi {number(dying_setup['bias_shift'], 'g').replace('-', '−')}, "
              f"thêm {dying_setup['steps']} bước",
           en=f"two-moons net, layer-1 biases shifted by {number(dying_setup['bias_shift'], 'g').replace('-', '−')}, "
              f"{dying_setup['steps']} more steps"),
     label(vi="độ chính xác huấn luyện", en="training accuracy"),
     pct(dying["relu"]["accuracy_after_training"]), pct(dying["leaky_relu"]["accuracy_after_training"]),
     label(vi="Hàm kích hoạt", en="Activation functions")),
    (label(vi="khởi tạo He thay Xavier", en="He instead of Xavier init"),
     label(vi="ReLU, 30 tầng ẩn, 400 bước SGD", en="ReLU, 30 hidden layers, 400 SGD steps"),
     loss_acc, trained(init["xavier_normal"]), trained(init["he_normal"]),
     label(vi="Khởi tạo trọng số", en="Weight initialization")),
    (label(vi="chuẩn hóa theo batch", en="batch normalization"),
     label(vi="sigmoid, 15 tầng ẩn, 500 bước SGD", en="sigmoid, 15 hidden layers, 500 SGD steps"),
     loss_acc, trained(bn["plain"]), trained(bn["batchnorm"]),
     label(vi="Chuẩn hóa theo batch", en="Batch normalization")),
    (label(vi="kết nối tắt", en="residual connections"),
     label(vi="ReLU, 42 tầng trọng số, khởi tạo He, 400 bước SGD", en="ReLU, 42 weight layers, He init, 400 SGD steps"),
     loss_acc, trained(res["plain_he"]), trained(res["residual"]),
     label(vi="Kết nối tắt", en="Residual connections")),
    (label(vi=f"gọt theo chuẩn, θ = {number(rescue['threshold'], 'g')}",
           en=f"clipping by norm, θ = {number(rescue['threshold'], 'g')}"),
     label(vi="ReLU, 8 tầng ẩn, trọng số gấp đôi mức He, 300 bước SGD",
           en="ReLU, 8 hidden layers, twice He init, 300 SGD steps"),
     label(vi="mất mát cuối (độ chính xác)", en="final loss (accuracy)"),
     diverged(rescue["plain"]), f"{number(rescue['clipped']['final_loss'], '.3g')} ({pct(rescue['clipped']['accuracy'])})",
     label(vi="Gọt gradient", en="Gradient clipping")),
    (label(vi="gọt theo chuẩn, θ = 1", en="clipping by norm, θ = 1"),
     label(vi=r"RNN với $\sigma_{max} = 2$, chuỗi dài 50, 1000 bước SGD",
           en=r"RNN with $\sigma_{max} = 2$, length-50 sequences, 1000 SGD steps"),
     label(vi="mất mát kiểm tra", en="test loss"),
     diverged(rnn_clip["unclipped"]), number(rnn_clip["clipped"]["test_loss"], ".2g"),
     label(vi="RNN, LSTM và GRU", en="RNNs, LSTM and GRU")),
]
for cell in ("lstm", "gru"):
    rows.append(
        (label(vi=f"{cell.upper()} thay RNN", en=f"{cell.upper()} instead of an RNN"),
         label(vi=f"bài toán cộng, T = {lag['lags'][longest]}, Adam, có gọt gradient",
               en=f"adding problem, T = {lag['lags'][longest]}, Adam with clipping"),
         label(vi="mất mát kiểm tra", en="test loss"),
         number(lag["rnn"]["test_loss"][longest], ".2g"), number(lag[cell]["test_loss"][longest], ".2g"),
         label(vi="RNN, LSTM và GRU", en="RNNs, LSTM and GRU")))

print(label(vi="| giải pháp | thí nghiệm | thước đo | chưa áp dụng | có áp dụng | chương |",
            en="| remedy | experiment | measure | untreated | treated | chapter |"))
print("|---|---|---|---|---|---|")
for row in rows:
    print("| " + " | ".join(row) + " |")
