import numpy as np

from gradflow.book.activations import activation_table
from gradflow.book.language import label, number


def value(x):
    """A whole number as one, anything else with two decimals; ∞ and a true minus sign."""
    if np.isinf(x):
        return "−∞" if x < 0 else "∞"
    text = number(abs(x), ".0f" if abs(x - round(x)) < 5e-3 else ".2f")
    return "−" + text if x < 0 else text


def interval(row):
    left = "[" if row["min_attained"] else "("
    right = "]" if row["max_attained"] else ")"
    # Vietnamese separates the ends with a semicolon, since its decimal mark is a comma.
    return f"{left}{value(row['min'])}{label(vi='; ', en=', ')}{value(row['max'])}{right}"


def where(row):
    if row["argmax_hi"] >= 14.9 and row["argmax_lo"] >= 14.0:
        return "z → ∞"
    if row["argmax_hi"] >= 14.9:
        return "z > 0"
    return f"z ≈ {value((row['argmax_lo'] + row['argmax_hi']) / 2)}"


table = activation_table()
yes, no = label(vi="có", en="yes"), label(vi="không", en="no")
print(label(vi="| hàm | miền giá trị | f′ lớn nhất | đạt tại | đối xứng quanh 0? |",
            en="| function | range | largest f′ | reached at | zero-centred? |"))
print("|---|---|---|---|---|")
for name, row in table.items():
    centred = yes if abs(row["mean_on_normal"]) < 0.05 else no
    print(f"| `{name}` | {interval(row)} | {value(row['max_grad'])} | {where(row)} | {centred} |")
