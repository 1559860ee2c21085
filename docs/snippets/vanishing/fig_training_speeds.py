import numpy as np

from gradflow.book.language import label, number
from gradflow.book.vanishing import SPEED_WINDOW, sigmoid_training
from gradflow.plotting import figure, to_svg

run = sigmoid_training(hidden_layers=4, steps=2000, lr=1.0)
window = SPEED_WINDOW  # a moving average over that many minibatches smooths the SGD noise
kernel = np.ones(window) / window
hidden = run["speeds"].shape[1] - 1  # the output layer is left out
smooth = [np.convolve(run["speeds"][:, layer], kernel, mode="valid") for layer in range(hidden)]
steps = np.arange(smooth[0].size) + window  # the step each moving average ends at
with figure(height=3.4) as (fig, ax):
    every = 5  # the smoothed curve loses nothing at every 5th step, and the figure a 5th of its weight
    for layer, curve in enumerate(smooth):
        ax.semilogy(steps[::every], curve[::every], label=label(vi=f"tầng ẩn {layer + 1}", en=f"hidden layer {layer + 1}"))
    ax.set_xlabel(label(vi="bước SGD", en="SGD step"))
    ax.set_ylabel(label(vi="nhịp học ‖∂ℒ/∂bˡ‖", en="speed of learning ‖∂ℒ/∂bˡ‖"))
    fig.legend(loc="outside upper center", ncol=2)
gap = smooth[-1] / smooth[0]  # how many times slower the first hidden layer learns than the last
half = run["checkpoint_steps"][-1] // 2  # halfway through
start, middle = number(gap[0], ".0f"), number(gap[steps == half][0], ".0f")
print(to_svg(fig, decimal_mark=label(vi=",", en="."), alt=label(
    vi=f"Nhịp học của {hidden} tầng ẩn trong lúc huấn luyện, thang log. Lúc đầu tầng 1 học chậm hơn tầng {hidden} tới "
       f"{start} lần; khoảng cách thu hẹp đều đặn, còn {middle} lần ở bước {half}, và khép lại khi mạng bắt đầu học được.",
    en=f"Speed of learning of the {hidden} hidden layers during training, log scale. At first layer 1 learns {start} "
       f"times slower than layer {hidden}; the gap narrows steadily, to {middle} times by step {half}, and closes once "
       f"the network starts to learn.")))
