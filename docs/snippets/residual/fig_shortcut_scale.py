import numpy as np

from gradflow.book.language import label
from gradflow.book.residual import shortcut_scale_gradients
from gradflow.plotting import EXPLODING, HEALTHY, VANISHING, figure, to_svg

run = shortcut_scale_gradients(scales=(0.9, 1.0, 1.1), depth=50)
k = run["blocks_below"]
with figure() as (fig, ax):
    handles = []
    for lam, marker, color in zip((1.1, 1.0, 0.9), "^so", (EXPLODING, HEALTHY, VANISHING)):
        line, = ax.semilogy(k, lam ** k.astype(float), "-", color=color, lw=1.2)
        points, = ax.semilogy(k[::5], run[lam][::5], marker, color=color, ms=6, mfc="none")
        handles.append((line, points))
    ax.set_xlabel(label(vi="số khối k giữa xₗ và đỉnh x₅₀", en="blocks k between xₗ and the top x₅₀"))
    ax.set_ylabel(label(vi="‖∂ℒ/∂xₗ‖ / ‖∂ℒ/∂x₅₀‖", en="‖∂ℒ/∂xₗ‖ / ‖∂ℒ/∂x₅₀‖"))
    ax.legend(handles, ["λ = 1.1", "λ = 1.0", "λ = 0.9"], loc="upper left",
              title=label(vi="đường: λᵏ, điểm: đo được", en="lines: λᵏ, points: measured"))
    ax.set_ylim(1e-3, 1e4)
print(to_svg(fig, alt=label(
    vi="Tỉ số giữa gradient tại khối thứ l và tại đỉnh của một mạng phần dư 50 khối có nhánh bằng 0, theo số khối ở giữa, "
       "thang log, với hệ số kết nối tắt λ bằng 0,9, 1 và 1,1. Các điểm đo nằm đúng trên các đường thẳng λᵏ: giảm xuống "
       "khoảng 0,005 với λ = 0,9, nằm ngang với λ = 1, tăng lên khoảng 117 với λ = 1,1.",
    en="Ratio of the gradient at block l to the gradient at the top of a 50-block residual net with zero branches, "
       "against the number of blocks in between, log scale, for shortcut scales λ of 0.9, 1 and 1.1. The measured "
       "points sit exactly on the straight lines λᵏ: down to about 0.005 for λ = 0.9, flat for λ = 1, up to about 117 "
       "for λ = 1.1.")))
