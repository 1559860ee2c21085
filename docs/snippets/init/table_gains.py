from gradflow.activations import ACTIVATIONS
from gradflow.book.language import label, number
from gradflow.init import gain

# torch.nn.init.calculate_gain, as PyTorch's documentation gives it (only these four of ours).
PYTORCH_GAIN = {"sigmoid": "1", "tanh": "5/3", "relu": "√2", "leaky_relu": "√(2 / (1 + α²))"}

print(label(vi="| hàm | $f'(0)$ | $g$ khi $z$ nhỏ ($q \\to 0$) | $g$ khi $z \\sim \\mathcal N(0, 1)$ | $g$ của PyTorch |",
            en="| function | $f'(0)$ | $g$ for small $z$ ($q \\to 0$) | $g$ for $z \\sim \\mathcal N(0, 1)$ | PyTorch's $g$ |"))
print("|---|---|---|---|---|")
for name, (f, f_grad) in ACTIVATIONS.items():
    kinked = abs(float(f_grad(1e-9)) - float(f_grad(-1e-9))) > 1e-6  # no derivative at 0
    slope = "—" if kinked else number(float(f_grad(0.0)), ".2f")
    print(f"| `{name}` | {slope} | {number(gain(name, q=1e-12), '.2f')} | {number(gain(name), '.2f')} "
          f"| {PYTORCH_GAIN.get(name, '—')} |")
