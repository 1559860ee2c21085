import numpy as np

from gradflow.activations import ACTIVATIONS
from gradflow.book.language import label
from gradflow.plotting import figure, to_svg

z = np.linspace(-4, 4, 801)
NAMES = {"relu": "ReLU", "elu": "ELU", "gelu": "GELU", "silu": "SiLU", "softplus": "softplus"}
with figure(2, 1, height=5.4, sharex=True) as (fig, (top, bottom)):
    for name, style in [("relu", ":"), ("elu", "-"), ("gelu", "--"), ("silu", "-."), ("softplus", "-")]:
        f, f_grad = ACTIVATIONS[name]
        color = "0.5" if name == "relu" else None
        top.plot(z, f(z), style, color=color, label=NAMES[name])
        bottom.plot(z, f_grad(z), style, color=color, label=NAMES[name])
    top.set_ylabel("f(z)")
    top.set_ylim(-1.5, 4.2)
    top.legend(ncol=3, loc="upper left")
    bottom.set_ylabel("f′(z)")
    bottom.set_xlabel(label(vi="tiền kích hoạt z", en="pre-activation z"))
print(to_svg(fig, decimal_mark=label(vi=",", en="."), alt=label(
    vi="Trên: ELU, GELU, SiLU và softplus, với ReLU chấm xám để so sánh; cả bốn đều cong mềm quanh 0 thay vì gãy góc. "
       "Dưới: đạo hàm của chúng; GELU và SiLU nhô lên quá 1 một chút rồi trở về 1 và hơi âm ở bên trái, ELU và "
       "softplus tăng dần lên 1.",
    en="Top: ELU, GELU, SiLU and softplus, with ReLU dotted in grey for comparison; all four bend smoothly around 0 "
       "instead of having a corner. Bottom: their derivatives; GELU and SiLU overshoot 1 slightly, come back, and dip "
       "just below 0 on the left; ELU and softplus rise steadily to 1.")))
