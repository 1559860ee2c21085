from gradflow.book.language import label, number
from gradflow.book.rnn import pascanu_products
from gradflow.plotting import PALETTE, figure, to_svg

small, large = 0.5, 0.9
run = pascanu_products(scales=(small, large), T=60)
n = run["lags"]
with figure(height=3.7) as (fig, ax):
    for scale, color, marker in zip((large, small), PALETTE, ("o", "s")):
        ax.semilogy(n, run[scale]["bound"], "--", color=color,
                    label=label(vi=f"cận trên {number(scale)}ⁿ", en=f"bound {number(scale)}ⁿ"))
        ax.semilogy(n, run[scale]["actual"], "-", marker=marker, markevery=6, color=color,
                    label=f"{label(vi='thực tế', en='actual')}, σₘₐₓ = {number(scale)}")
    ax.set_xlabel(label(vi="số bước lùi n = t − k", en="steps back n = t − k"))
    ax.set_ylabel("‖∂hₜ / ∂hₖ‖")
    fig.legend(loc="outside lower center", ncols=2)
print(to_svg(fig, decimal_mark=label(vi=",", en="."), alt=label(
    vi=f"Chuẩn của tích các ma trận Jacobi ∂h_t/∂h_k theo số bước lùi, thang log, với σ_max bằng "
       f"{number(small)} và {number(large)}. Đường thực tế luôn nằm dưới cận trên σ_maxⁿ (nét đứt) và cũng là "
       "một đường thẳng đi xuống, dốc hơn cận trên.",
    en=f"Norm of the Jacobian product ∂h_t/∂h_k against the number of steps back, log scale, for σ_max of "
       f"{number(small)} and {number(large)}. The actual norm always lies below the bound σ_maxⁿ (dashed) and is "
       "itself a falling straight line, steeper than the bound.")))
