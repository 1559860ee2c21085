from gradflow.book.language import label
from gradflow.book.rnn import pascanu_products
from gradflow.plotting import PALETTE, figure, to_svg


def num(x):
    return label(vi=f"{x:g}".replace(".", ","), en=f"{x:g}")


run = pascanu_products(scales=(0.5, 0.9), T=60)
n = run["lags"]
with figure(height=3.7) as (fig, ax):
    for scale, color, marker in zip((0.9, 0.5), PALETTE, ("o", "s")):
        ax.semilogy(n, run[scale]["bound"], "--", color=color,
                    label=label(vi=f"chặn {num(scale)}ⁿ", en=f"bound {num(scale)}ⁿ"))
        ax.semilogy(n, run[scale]["actual"], "-", marker=marker, markevery=6, color=color,
                    label=label(vi=f"thực tế, σₘₐₓ = {num(scale)}", en=f"actual, σₘₐₓ = {num(scale)}"))
    ax.set_xlabel(label(vi="số bước lùi n = t − k", en="steps back n = t − k"))
    ax.set_ylabel("‖∂hₜ / ∂hₖ‖")
    fig.legend(loc="outside lower center", ncols=2)
print(to_svg(fig, alt=label(
    vi="Chuẩn của tích ma trận Jacobi ∂h_t/∂h_k theo số bước lùi, thang log, với σ_max bằng 0,5 và 0,9. "
       "Đường thực tế luôn nằm dưới chặn σ_maxⁿ (nét đứt) và cũng là một đường thẳng đi xuống, dốc hơn chặn.",
    en="Norm of the Jacobian product ∂h_t/∂h_k against the number of steps back, log scale, for σ_max of 0.5 and "
       "0.9. The actual norm always lies below the bound σ_maxⁿ (dashed) and is itself a falling straight line, "
       "steeper than the bound.")))
