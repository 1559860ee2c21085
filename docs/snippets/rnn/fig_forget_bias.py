from gradflow.book.language import label
from gradflow.book.rnn import forget_gate_paths
from gradflow.plotting import PALETTE, figure, to_svg

run = forget_gate_paths(biases=(0.0, 1.0, 3.0), T=100)
steps_back = run["t"][-1] - run["t"]                   # T - t
with figure() as (fig, ax):
    for bias, color, style in zip((3.0, 1.0, 0.0), PALETTE, ("-o", "-s", "-^")):
        ax.semilogy(steps_back, run[bias]["path"], style, markevery=12, color=color,
                    label=f"b_f = {bias:g}")
    ax.set_xlabel(label(vi="số bước lùi T − t", en="steps back T − t"))
    ax.set_ylabel(label(vi="∏ f qua các bước đó", en="∏ f over those steps"))
    ax.set_ylim(bottom=1e-33)
    ax.legend(loc="lower left", title=label(vi="hệ số điều chỉnh\ncủa cổng quên", en="forget-gate bias"))
print(to_svg(fig, alt=label(
    vi="Tích các giá trị cổng quên của một LSTM lúc khởi tạo, theo số bước lùi, thang log, với hệ số điều chỉnh "
       "cổng quên 0, 1 và 3. Với 0 tích giảm khoảng một nửa mỗi bước; với 1 chậm hơn; với 3 sau 99 bước vẫn còn "
       "cỡ một phần nghìn.",
    en="Product of an LSTM's forget-gate values at initialization against the number of steps back, log scale, for "
       "forget-gate biases 0, 1 and 3. With 0 it roughly halves at each step; with 1 it falls more slowly; with 3 "
       "it is still about a thousandth after 99 steps.")))
