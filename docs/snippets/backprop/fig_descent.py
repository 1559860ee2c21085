import numpy as np

from gradflow.book.backprop import DESCENT_RATES
from gradflow.book.language import label, number
from gradflow.descent import gradient_descent
from gradflow.plotting import figure, to_svg

f = lambda x: x**2 + 5 * np.sin(x)
grad = lambda x: 2 * x + 5 * np.cos(x)
x_min = gradient_descent(grad, 0.0, lr=0.05, steps=500)[-1]  # the minimum, found the slow, safe way

with figure(2, 1, height=5.4) as (fig, (top, bottom)):
    xs = np.linspace(-6, 6, 400)
    top.plot(xs, f(xs), color="0.6")
    slow, smooth, bouncing, _ = DESCENT_RATES
    for lr, style in [(smooth, "o-"), (bouncing, "s--")]:
        path = gradient_descent(grad, 5.0, lr=lr, steps=12)
        top.plot(path, f(path), style, ms=4, label=f"η = {number(lr)}")
    top.set_xlabel("x")
    top.set_ylabel("f(x) = x² + 5 sin x")
    top.legend()

    for lr in DESCENT_RATES:  # slow, fast, oscillating, diverging
        path = gradient_descent(grad, 5.0, lr=lr, steps=40)
        bottom.semilogy(np.abs(path - x_min) + 1e-16, label=f"η = {number(lr)}")
    bottom.set_xlabel(label(vi="bước t", en="step t"))
    bottom.set_ylabel(label(vi="khoảng cách |xₜ − x*|", en="distance |xₜ − x*|"))
    bottom.set_ylim(1e-12, 1e8)
    bottom.legend(ncol=2)
slow, fast, oscillating, diverging = (number(lr) for lr in DESCENT_RATES)
print(to_svg(fig, decimal_mark=label(vi=",", en="."), alt=label(
    vi=f"Trên: hạ gradient trên f(x) = x² + 5 sin x từ x = 5; với η = {number(smooth)} các bước trượt xuống đáy, với "
       f"η = {number(bouncing)} chúng nhảy qua lại. Dưới: khoảng cách tới cực tiểu theo thang log; η = {slow} giảm chậm, "
       f"η = {fast} giảm nhanh, η = {oscillating} không giảm, η = {diverging} tăng vọt.",
    en=f"Top: gradient descent on f(x) = x² + 5 sin x from x = 5; with η = {number(smooth)} the steps slide to the bottom, "
       f"with η = {number(bouncing)} they bounce. Bottom: distance to the minimum on a log scale; η = {slow} shrinks "
       f"slowly, η = {fast} fast, η = {oscillating} not at all, η = {diverging} blows up.")))
