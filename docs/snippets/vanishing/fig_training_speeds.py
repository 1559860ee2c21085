import numpy as np

from gradflow.book.language import label
from gradflow.book.vanishing import sigmoid_training
from gradflow.plotting import figure, to_svg

run = sigmoid_training(hidden_layers=4, steps=2000, lr=1.0)
window = 50  # a moving average over 50 minibatches smooths the SGD noise
kernel = np.ones(window) / window
with figure(height=4.0) as (fig, ax):
    every = 5  # the smoothed curve loses nothing at every 5th step, and the figure a 5th of its weight
    for layer in range(run["speeds"].shape[1] - 1):  # hidden layers only
        smooth = np.convolve(run["speeds"][:, layer], kernel, mode="valid")
        ax.semilogy((np.arange(smooth.size) + window)[::every], smooth[::every],
                    label=label(vi=f"tầng ẩn {layer + 1}", en=f"hidden layer {layer + 1}"))
    ax.set_xlabel(label(vi="bước SGD", en="SGD step"))
    ax.set_ylabel(label(vi="tốc độ học ‖∂ℒ/∂bˡ‖", en="speed of learning ‖∂ℒ/∂bˡ‖"))
    fig.legend(loc="outside upper center", ncol=4)
print(to_svg(fig, alt=label(
    vi="Tốc độ học của bốn tầng ẩn trong lúc huấn luyện, thang log. Suốt khoảng một nghìn bước đầu, tầng 1 học chậm hơn "
       "tầng 4 cả trăm lần; về sau khoảng cách thu hẹp dần khi mạng bắt đầu học được.",
    en="Speed of learning of the four hidden layers during training, log scale. For roughly the first thousand steps "
       "layer 1 learns a hundred times slower than layer 4; later the gap narrows as the network starts to learn.")))
