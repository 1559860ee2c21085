from gradflow.book.language import label, number, power_of_ten
from gradflow.book.rnn import long_lag
from gradflow.plotting import PALETTE, figure, to_svg

run = long_lag(lags=(10, 20, 40, 80))
with figure(2, 1, height=5.4, sharex=True, sharey=True) as (fig, (top, bottom)):
    for ax, key, title in ((top, "dh_init", label(vi="lúc khởi tạo", en="at initialization")),
                           (bottom, "dh_trained", label(vi="sau huấn luyện", en="after training"))):
        for cell, color, style in zip(("rnn", "lstm", "gru"), PALETTE, ("-o", "-s", "-^")):
            dh = run[cell][key]
            t = range(1, len(dh) + 1)
            ax.semilogy(t, dh / dh[-1], style, markevery=10, color=color, label=cell.upper())
        ax.set_title(title)
        ax.set_ylabel("‖∂ℒ/∂hₜ‖ / ‖∂ℒ/∂h₈₀‖")
    bottom.set_xlabel(label(vi="bước thời gian t (mất mát tính ở t = 80)", en="time step t (the loss reads t = 80)"))
    bottom.legend(loc="lower right")
T = len(run["rnn"]["dh_trained"])
kept = {cell: run[cell]["dh_trained"][0] / run[cell]["dh_trained"][-1] for cell in ("rnn", "lstm", "gru")}
print(to_svg(fig, decimal_mark=label(vi=",", en="."), alt=label(
    vi="Độ lớn gradient theo trạng thái ẩn ở từng bước, chia cho giá trị ở bước cuối, của RNN, LSTM và GRU trên "
       f"cùng các chuỗi dài {T} của bài toán cộng, thang log. Lúc khởi tạo cả ba đều giảm mạnh khi lùi về đầu chuỗi. "
       f"Sau huấn luyện, LSTM và GRU giữ được gradient cỡ {number(kept['lstm'], '.1g')} và "
       f"{number(kept['gru'], '.1g')} ở bước 1, còn RNN tụt xuống cỡ {power_of_ten(kept['rnn'])}.",
    en="Size of the gradient with respect to the hidden state at each step, divided by its value at the last step, "
       f"for an RNN, an LSTM and a GRU on the same length-{T} adding-problem sequences, log scale. At initialization "
       f"all three fall steeply towards the start. After training the LSTM and the GRU keep about "
       f"{number(kept['lstm'], '.1g')} and {number(kept['gru'], '.1g')} of it at step 1, while the RNN drops to about "
       f"{power_of_ten(kept['rnn'])}.")))
