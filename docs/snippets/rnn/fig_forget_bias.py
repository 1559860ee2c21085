from gradflow.book.language import label, number, power_of_ten
from gradflow.book.rnn import forget_gate_paths
from gradflow.plotting import HEALTHY, PALETTE, VANISHING, arrow, box, figure, node, to_svg

run = forget_gate_paths(biases=(0.0, 1.0, 3.0), T=100)
steps_back = run["t"][-1] - run["t"]                   # T - t


with figure(2, 1, height=5.2, height_ratios=[1.1, 2.2]) as (fig, (cell, ax)):
    # Top: one LSTM step. The cell state runs along the top, multiplied only by the forget gate f
    # and added to; the gates come from h_{t-1} and x_t.
    cell.text(0, 0.8, "cₜ₋₁", ha="center", va="center")
    cell.text(7.6, 0.8, "cₜ", ha="center", va="center")
    node(cell, 2.4, 0.8, "×", pad=0.2)
    node(cell, 4.4, 0.8, "+", pad=0.2)
    for start, end in (((0.45, 0.8), (2.15, 0.8)), ((2.65, 0.8), (4.15, 0.8)), ((4.65, 0.8), (7.25, 0.8))):
        arrow(cell, start, end, color=HEALTHY)
    cell.text(4.9, 1.15, label(vi="ô nhớ: chỉ nhân với f", en="cell: multiplied only by f"), ha="left",
              va="center", color=HEALTHY)
    box(cell, 1.6, -1.05, 4.5, 0.45)
    cell.text(3.85, -0.82, label(vi="các cổng f, i, o và g", en="gates f, i, o and g"),
              ha="center", va="center")
    cell.text(0.2, -0.82, "hₜ₋₁, xₜ", ha="center", va="center")
    arrow(cell, (0.95, -0.82), (1.5, -0.82))
    arrow(cell, (2.4, -0.55), (2.4, 0.55))
    cell.text(2.2, 0.0, "f", ha="right", va="center")
    arrow(cell, (4.4, -0.55), (4.4, 0.55))
    cell.text(4.2, 0.0, "i × g", ha="right", va="center")
    node(cell, 6.4, -0.1, "×", pad=0.2)
    arrow(cell, (6.4, 0.75), (6.4, 0.15))
    cell.text(6.55, 0.4, "tanh", ha="left", va="center")
    arrow(cell, (6.15, -0.82), (6.3, -0.35))
    cell.text(5.9, -0.3, "o", ha="right", va="center")
    cell.text(7.6, -0.1, "hₜ", ha="center", va="center")
    arrow(cell, (6.65, -0.1), (7.3, -0.1))
    cell.set_xlim(-0.6, 8.0)
    cell.set_ylim(-1.2, 1.35)
    cell.set_axis_off()
    for bias, color, style in zip((3.0, 1.0, 0.0), (HEALTHY, PALETTE[4], VANISHING), ("-o", "-s", "-^")):
        ax.semilogy(steps_back, run[bias]["path"], style, markevery=12, color=color,
                    label=f"b_f = {number(bias)}")
    ax.set_xlabel(label(vi="số bước lùi T − t", en="steps back T − t"))
    ax.set_ylabel(label(vi="∏ f qua các bước đó", en="∏ f over those steps"))
    ax.set_ylim(bottom=1e-33)
    ax.legend(loc="lower left", title=label(vi="hệ số điều chỉnh\ncủa cổng quên", en="forget-gate bias"))
span = int(steps_back[0])                              # T - 1: from the first step to the last
left = power_of_ten(run[3.0]["path"][0])               # what b_f = 3 leaves after that span
print(to_svg(fig, decimal_mark=label(vi=",", en="."), alt=label(
    vi="Trên: sơ đồ một bước của LSTM: trạng thái ô nhớ đi dọc phía trên, chỉ bị nhân với cổng quên f và "
       "cộng thêm i × g; các cổng đến từ hₜ₋₁ và xₜ, còn hₜ = o × tanh(cₜ). Dưới: tích các giá trị cổng quên "
       "của một LSTM lúc khởi tạo, theo số bước lùi, thang log, với hệ số điều chỉnh của cổng quên bằng 0, 1 "
       f"và 3. Với 0, tích giảm khoảng một nửa mỗi bước; với 1, tích giảm chậm hơn; với 3, sau {span} bước "
       f"vẫn còn cỡ {left}.",
    en="Top: a diagram of one LSTM step: the cell state runs along the top, multiplied only by the forget "
       "gate f and added to by i × g; the gates come from hₜ₋₁ and xₜ, and hₜ = o × tanh(cₜ). Bottom: the "
       "product of an LSTM's forget-gate values at initialization against the number of steps back, log scale, for "
       "forget-gate biases 0, 1 and 3. With 0 it roughly halves at each step; with 1 it falls more slowly; with 3 "
       f"it is still about {left} after {span} steps.")))
