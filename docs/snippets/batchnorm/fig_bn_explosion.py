import numpy as np

from gradflow.book.batchnorm import bn_gradient_explosion, facts
from gradflow.book.language import label, number
from gradflow.plotting import figure, to_svg

run, mean_field = bn_gradient_explosion(), facts()["mean_field_growth"]
layers = np.arange(1, run["batchnorm"].size + 1)
with figure() as (fig, ax):
    ax.semilogy(layers, run["batchnorm"], "o-", ms=3, label=label(vi="ReLU + chuẩn hóa theo batch",
                                                                   en="ReLU + batch norm"))
    ax.semilogy(layers, run["plain"], "s-", ms=3, label=label(vi="ReLU, không chuẩn hóa", en="ReLU, no normalization"))
    # The mean-field rate, anchored at the last hidden layer: each layer back multiplies by it.
    prediction = run["batchnorm"][-1] * mean_field ** (layers[-1] - layers)
    ax.semilogy(layers, prediction, "k:", label=label(vi=f"trường trung bình: × {number(mean_field, '.3f')} mỗi tầng",
                                                      en=f"mean field: × {number(mean_field, '.3f')} per layer"))
    ax.set_xlabel(label(vi="tầng ẩn (1 = gần đầu vào)", en="hidden layer (1 = next to the input)"))
    ax.set_ylabel("‖∂ℒ/∂aˡ‖")
    ax.legend()
print(to_svg(fig, decimal_mark=label(vi=",", en="."), alt=label(
    vi=f"Độ lớn gradient theo từng tầng ẩn của hai mạng ReLU {layers.size} tầng lúc khởi tạo He, thang log. Không chuẩn "
       f"hóa: gần như nằm ngang. Có chuẩn hóa theo batch: tăng theo một đường thẳng khi đi về phía đầu vào, sát với dự "
       f"đoán trường trung bình × {number(mean_field, '.3f')} mỗi tầng.",
    en=f"Gradient size at each hidden layer of two {layers.size}-layer ReLU networks at He initialization, log scale. "
       f"Without normalization: nearly flat. With batch norm: rising along a straight line towards the input, close "
       f"to the mean-field prediction of × {number(mean_field, '.3f')} per layer.")))
