import numpy as np

from gradflow.book.language import label, number
from gradflow.book.residual import shortcut_scale_gradients
from gradflow.plotting import EXPLODING, HEALTHY, VANISHING, figure, to_svg

scales = (0.9, 1.0, 1.1)
run = shortcut_scale_gradients(scales=scales, depth=50)
k = run["blocks_below"]
depth = int(k[-1])
with figure() as (fig, ax):
    handles = []
    for lam, marker, color in zip(scales[::-1], "^so", (EXPLODING, HEALTHY, VANISHING)):
        line, = ax.semilogy(k, lam ** k.astype(float), "-", color=color, lw=1.2)
        points, = ax.semilogy(k[::5], run[lam][::5], marker, color=color, ms=6, mfc="none")
        handles.append((line, points))
    top = "x" + str(depth).translate(str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉"))  # x₅₀
    ax.set_xlabel(label(vi=f"số khối k giữa xₗ và đỉnh {top}", en=f"blocks k between xₗ and the top {top}"))
    ax.set_ylabel(f"‖∂ℒ/∂xₗ‖ / ‖∂ℒ/∂{top}‖")
    ax.legend(handles, [f"λ = {number(lam, '.1f')}" for lam in scales[::-1]], loc="upper left",
              title=label(vi="đường: λᵏ, điểm: đo được", en="lines: λᵏ, points: measured"))
    ax.set_ylim(1e-3, 1e4)
low, mid, high = (number(lam, "g") for lam in scales)
shrunk, grown = number(run[scales[0]][-1], ".1g"), number(run[scales[-1]][-1], ".0f")
print(to_svg(fig, decimal_mark=label(vi=",", en="."), alt=label(
    vi=f"Tỉ số giữa gradient tại khối thứ l và gradient tại đỉnh của một mạng phần dư {depth} khối có nhánh bằng 0, theo "
       f"số khối nằm giữa, thang log, với hệ số kết nối tắt λ bằng {low}; {mid} và {high}. Các điểm đo nằm đúng trên các "
       f"đường thẳng λᵏ: giảm xuống khoảng {shrunk} với λ = {low}, nằm ngang với λ = {mid}, tăng lên khoảng {grown} với "
       f"λ = {high}.",
    en=f"Ratio of the gradient at block l to the gradient at the top of a {depth}-block residual net with zero branches, "
       f"against the number of blocks in between, log scale, for shortcut scales λ of {low}, {mid} and {high}. The "
       f"measured points sit exactly on the straight lines λᵏ: down to about {shrunk} for λ = {low}, flat for "
       f"λ = {mid}, up to about {grown} for λ = {high}.")))
