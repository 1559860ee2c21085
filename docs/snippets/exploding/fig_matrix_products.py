import numpy as np

from gradflow.book.exploding import matrix_products
from gradflow.book.language import label
from gradflow.plotting import figure, to_svg

norms = matrix_products(n_factors=100, size=4, trials=500)
k = np.arange(1, norms.shape[1] + 1)
low, median, high = np.percentile(norms, [10, 50, 90], axis=0)

with figure() as (fig, ax):
    ax.fill_between(k, low, high, alpha=0.3, label=label(vi="10% – 90% các lần chạy", en="10% – 90% of runs"))
    ax.semilogy(k, median, label=label(vi="trung vị của 500 lần chạy", en="median of 500 runs"))
    ax.set_xlabel(label(vi="số ma trận trong tích", en="number of matrices in the product"))
    ax.set_ylabel(label(vi="chuẩn của tích", en="norm of the product"))
    ax.legend(loc="upper left")
print(to_svg(fig, alt=label(
    vi="Chuẩn của tích các ma trận ngẫu nhiên 4×4 theo số thừa số, thang log: trung vị là một đường thẳng đi lên, "
       "tức là tăng theo cấp số nhân, và dải 10–90% của 500 lần chạy bám sát nó.",
    en="Norm of a product of random 4×4 matrices against the number of factors, log scale: the median is a straight "
       "rising line, so the growth is exponential, and the 10–90% band of 500 runs hugs it.")))
