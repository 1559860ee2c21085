import numpy as np

from gradflow.book.exploding import matrix_products
from gradflow.book.language import label
from gradflow.plotting import figure, to_svg

FACTORS, SIZE, TRIALS = 100, 4, 500
norms = matrix_products(n_factors=FACTORS, size=SIZE, trials=TRIALS)
k = np.arange(1, norms.shape[1] + 1)
low, median, high = np.percentile(norms, [10, 50, 90], axis=0)

with figure() as (fig, ax):
    ax.fill_between(k, low, high, alpha=0.3, label=label(vi="dải 10–90% của các lần chạy", en="10–90% band of the runs"))
    ax.semilogy(k, median, label=label(vi=f"trung vị của {TRIALS} lần chạy", en=f"median of {TRIALS} runs"))
    ax.set_xlabel(label(vi="số ma trận trong tích", en="number of matrices in the product"))
    ax.set_ylabel(label(vi="chuẩn của tích", en="norm of the product"))
    ax.legend(loc="upper left")
print(to_svg(fig, decimal_mark=label(vi=",", en="."), alt=label(
    vi=f"Chuẩn của tích các ma trận ngẫu nhiên {SIZE}×{SIZE} theo số thừa số, thang log: trung vị là một đường thẳng "
       f"đi lên, tức là tăng theo cấp số nhân, và dải 10–90% của {TRIALS} lần chạy bám sát nó.",
    en=f"Norm of a product of random {SIZE}×{SIZE} matrices against the number of factors, log scale: the median is a "
       f"straight rising line, so the growth is exponential, and the 10–90% band of {TRIALS} runs hugs it.")))
