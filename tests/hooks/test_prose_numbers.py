"""No number from a run is typed in a page's prose: it is written in from the chapter's facts() (hooks/values.py).

The scan reads a page's Markdown without its code, its maths and its ``{{ ... }}`` and lists every
literal number left. Each one must be explained by a rule below: a rule names the kind of number
it lets through and why that number does not come from a run (a figure's or a section's number,
a year, an exact fact of the mathematics, a number given by an exercise or quoted from a source).

The pages are held to it as they are converted; ``CONVERTED`` lists them, both languages. The
labs' Markdown cells are scanned too (``LABS``, at the end): a lab has no template, so what a rule
lets through there is a number that a test runs the lab to assert (tests/book/test_lab_variants.py).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import labs

DOCS = Path(__file__).parents[2] / "docs"
CONVERTED = ["exploding.md", "exploding.en.md",
             "diagnosis.md", "diagnosis.en.md",
             "backprop.md", "backprop.en.md",
             "vanishing.md", "vanishing.en.md",
             "activations.md", "activations.en.md",
             "remedies/residual.md", "remedies/residual.en.md",
             "remedies/batchnorm.md", "remedies/batchnorm.en.md",
             "remedies/rnn.md", "remedies/rnn.en.md",
             "remedies/init.md", "remedies/init.en.md",
             "remedies/clipping.md", "remedies/clipping.en.md",
             "remedies/remedies.md", "remedies/remedies.en.md",
             "index.md", "index.en.md", "reference/api.md", "reference/api.en.md",
             "reference/layers.md", "reference/layers.en.md", "reference/recurrent.md",
             "reference/recurrent.en.md", "reference/training.md", "reference/training.en.md",
             "reference/glossary.md", "reference/glossary.en.md"]

NUMBER = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)*")

# (pattern matched around the number, why it is not a result) for every page
EVERYWHERE = [
    (r"^\s*\d+\. ", "the number of an item in an ordered list (the exercises)"),
    (r"\b(?:Figure|Hình) \d+", "a figure's number"),
    (r"\b(?:19|20)\d\d\b", "a year: of a citation, or of the original article"),
    (r"\b(?:[Ss]ections?|[Mm]ục|[Cc]hapter|[Cc]hương|equation|phương trình) \d+(?:\.\d+)*(?: (?:and|và) \d+(?:\.\d+)*)?",
     "the number of a section, chapter or equation of a cited work"),
    (r"\b\d+\.\d+\.\d+\b", "a section of a cited book (8.2.4)"),
    (r"\b\d+ January\b|\b\d+/\d+/\d{4}", "the date of the original article"),
    (r"--8<--", "the include marker of pymdownx.snippets (a code block's, indented in an exercise's solution)"),
    (r"(?<![\w.,])[01](?!\w|[.,]\d)", "0 and 1, the thresholds the mathematics compares with (a factor above 1, a value near 0)"),
]
PER_PAGE = {
    "diagnosis": [
        (r"\bscale times 4\b|\bgấp 4 lần Xavier\b|\(gain\) của sigmoid là 4\b",
         "the sigmoid's gain, 1/σ′(0) = 4: exact (the initialization chapter measures it)"),
        (r"\b10(?:-class| lớp)\b", "exercise 1: its number of classes, given by the exercise"),
        (r"\b25 (?:times the rule|lần)\b", "exercise 2's answer: 0.1 · 2 / 8 = 0.025 against 10⁻³, exact arithmetic on the exercise's numbers"),
        (r"\b(?:sections|mục) 2 (?:to|đến) 4\b", "the sections of the original article"),
        (r"Neural Networks Part 3\b", "the title of the cited CS231n notes"),
    ],
    "backprop": [
        (r"\b(?:threshold of|ngưỡng) 2\b", "the exact threshold of gradient descent on a quadratic: |1 − ηλ| < 1 iff 0 < ηλ < 2"),
        (r"\b(?:reach|lên tới) 25\b", "the note's example: w = 100 times the sigmoid's largest slope ¼, exact"),
        (r"\b7 (?:digits|chữ số)\b", "the tolerance delta_recursion.pycon checks in its code (rel_error < 1e-7), shown right above"),
        (r"\b(?:[Ss]ections|[Mm]ục) 1–2\b", "the sections of the original article"),
    ],
    "vanishing": [
        (r"\bby at least 4\b|\bít nhất 4\b", "a chain layer with |w| ≤ 1 divides the gradient by at least 1/σ′max = 4: exact"),
        (r"(?:gain is about|khuếch đại (?:\(gain\) )?của sigmoid vào khoảng) 4\b",
         "the sigmoid's gain in the small-weight limit, 1/σ′(0) = 4: exact (the initialization chapter measures it)"),
        (r"\b8×8\b", "the image size of gradflow.data.digits_like"),
        (r"\b(?:layers|tầng) 1 (?:and|và) 2\b",
         "the first two layers, which Figure 3's claim names (tests/book/test_vanishing.py asserts they barely move)"),
        (r"\b20 (?:sigmoid layers|tầng sigmoid)\b|\b(?:layer|tầng) 20\b", "exercise 1: its depth, given by the exercise"),
    ],
    "activations": [
        (r"\b1/4\b|\b0[.,]25\b", "the sigmoid's largest slope, ¼: exact"),
        (r"(?:gain is about|khuếch đại (?:\(gain\) )?của sigmoid vào khoảng) 4\b",
         "the sigmoid's gain in the small-weight limit, 1/σ′(0) = 4: exact (the initialization chapter measures it)"),
        (r"\bGPT-2\b", "the name of a model"),
        (r"--8<--", "the snippet marker of an indented code block (inside an exercise's solution), not prose"),
        (r"\b100(?:-layer| tầng)", "exercise 5: its depth, given by the exercise"),
        (r"arXiv:\d{4}\.\d{4,5}", "the arXiv identifier of a cited paper"),
    ],
    "exploding": [
        (r"(?:by another|với|is|bằng|of|số) 25\b", "Nielsen's chain: his w = 100 times the sigmoid's largest slope ¼ (his example, cited)"),
        (r"\b0[.,]25\b", "the sigmoid's largest slope, ¼: exact"),
        (r"\b10–90\s?%", "the band fig_matrix_products.py draws, between its 10th and 90th percentiles"),
        (r"\b8×8\b", "the image size of gradflow.data.digits_like"),
        (r"\b100 (?:ma trận )?4×4\b|\b4×4\b(?= (?:matrix whose|có phần tử))", "d2l's experiment, quoted (its 4×4 matrices)"),
        (r"\b4×4\b|\b4 (?:degrees|bậc)", "exercise 5: a 4×4 matrix, whose rows give a chi-squared law with 4 degrees of freedom"),
        (r"(?:threshold of|ngưỡng|length|độ dài) 5\b", "exercise 4: its threshold, given by the exercise"),
        (r"(?:exercise|bài tập) 5\b", "an exercise's number"),
    ],
    "remedies/residual": [
        (r"\b(?:19|20)\d\d[ab]\b", "a year of a citation, with the letter that tells He et al.'s two 2016 papers apart"),
        (r"\b8×8\b", "the image size of gradflow.data.digits_like"),
        (r"\b44\b", "exercise 2's answer: the smallest L with 0.9^L < 0.01, exact arithmetic on the exercise's numbers"),
        (r"--8<--", "the snippet marker of an indented code block (inside an exercise's solution), not prose"),
    ],
    "remedies/batchnorm": [
        (r"\b8×8\b", "the image size of gradflow.data.digits_like"),
        (r"\b(?:layer|tầng) 2 (?:on|trở đi)\b", "the first layer whose input is a sigmoid's output (layer 1 reads the pixels)"),
        (r"\b(?:Exercise|Bài tập) \d+\b", "an exercise's number"),
        (r"\b44 steps\b", "exercise 4's answer: the smallest k with 0.9^k < 0.01, exact arithmetic on the exercise's numbers"),
        (r"\b(?:assignment|bài tập) 2\b", "the number of the cited CS231n assignment"),
        (r"--8<--", "the snippet marker of an indented code block (inside an exercise's solution), not prose"),
    ],
    "index": [(r"Python 3\.11\b", "the oldest Python the project supports (pyproject.toml's requires-python)")],
    "remedies/remedies": [
        (r"Xavier × 4\b", "the sigmoid's gain, 1/σ′(0) = 4: exact (the init chapter's table computes it)"),
        (r"\b10\s?%", "a uniform guess among the digits' ten classes: 1/10, exact"),
        (r"\b50(?=-layer| layers| tầng)", "exercise 1: the depth the exercise gives"),
        (r"\b3\b(?= (?:at every|mỗi tầng))", "the variance of U[-1, 1] is 1/3: exact (exercise 1's solution)"),
        (r"\b(?:Exercise|Bài tập) \d+", "an exercise's number"),
        (r"\b10\.\d+(?:\.\d+)?\b", "sections of a cited book (d2l's chapter 10)"),
    ],
    "remedies/rnn": [
        (r"\b6(?:-step| bước)", "the length of the sequence bptt_product.pycon builds in its code, shown right below"),
        (r"\b20 (?:consecutive steps|bước liền nhau)", "the window fig_exploding_training.py smooths the loss over"),
        (r"lũy thừa của 10\b", "the base of the caption's powers of ten (the English caption says 'ten')"),
        (r"bias of 1, after 30 steps|^30 bước tích ấy",
         "the length of the sequence cell_path.pycon builds in its code, shown right above"),
        (r"\b0[.,]01\b|\b3 (?:and|và) 5\b", "exercise 3: its threshold 0.01 and its biases, given by the exercise"),
        (r"arXiv:\d{4}\.\d{4,5}", "the arXiv identifier of a cited paper"),
        (r"\b10\.10\b", "a section of the cited Deep Learning book, after 10.7 in the same list"),
    ],
    "remedies/init": [
        (r"\bby 3\b|\bby about 3\b|\bcho 3\b|\bcho khoảng 3\b|\bvới khoảng 3\b",
         "the standard init's n·Var[W] = 1/3: a factor of 3 per layer, exact (the runs measure 'about threefold')"),
        (r"\b500×500\b", "the layer variance_facts.pycon builds in its code (n = 500), shown right above"),
        (r"\b8×8\b", "the image size of gradflow.data.digits_like"),
        (r"\b1000 (?:units|nút|nơ-ron)\b", "Glorot & Bengio's 1000 units per layer: the paper's setup, quoted"),
        (r"\b(?:about|khoảng) 0[.,]5 (?:with the|với khởi tạo)|\b0[.,]8 (?:with the normalized|với khởi tạo chuẩn hóa)"
         r"|\b0[.,]5 (?:and|và) 0[.,]8\b",
         "Glorot & Bengio's mean singular values, about 0.5 and 0.8: the paper's numbers, quoted"),
        (r"\b30-layer (?:convolutional|result)\b|mạng tích chập 30 tầng|mạng 30 tầng là của bài báo",
         "He et al.'s 30-layer network: the paper's, quoted"),
        (r"\b(?:layers|tầng) 2 (?:to|đến)\b", "layer 2, the first whose input is a hidden layer (layer 1 reads the pixels)"),
        (r"\bby at least 4\b|\bcho ít nhất 4\b|\bgain of about 4\b|\bcỡ 4\b|\bbound by 4\b|^lên 4 lần",
         "the sigmoid's gain in the small-weight limit, 1/σ′(0) = 4: exact (table_gains.py computes it)"),
        (r"\b(?:Exercises?|Bài tập) \d+(?: (?:and|và) \d+)?", "an exercise's number"),
        (r"\bafter 30 layers\b|\bsau 30 tầng\b", "exercise 4: its depth, given by the exercise"),
        (r"\b784 (?:inputs|đầu vào) (?:and|và) 256\b", "exercise 5: its layer sizes, given by the exercise"),
    ],
    "remedies/clipping": [
        (r"\b95(?:th|\s?%)", "the high percentile of the rule of thumb, the 95th: the method's choice, not a result"),
        (r"(?:translation model at|dịch máy ở) 5\b|(?:batch size of|kích thước batch) 128\b"
         r"|(?:global norm at|toàn cục ở) 1[.,]0\b|(?:threshold of|[Nn]gưỡng) (?:5|1[.,]0) (?:is|là) (?:the paper's|that code's|của)",
         "the thresholds of Sutskever et al. (2014) and of BERT's released code, and Sutskever's batch size: quoted"),
    ],
}


def prose(markdown: str) -> str:
    """The page's text without its front matter (settings for the build, not prose), code blocks,
    inline code, maths, templates, link targets and HTML."""
    markdown = re.sub(r"\A---\n.*?^---[ \t]*$", "", markdown, flags=re.M | re.S)
    markdown = re.sub(r"^(`{3,}|~{3,})[^\n]*\n.*?^\1[ \t]*$", "", markdown, flags=re.M | re.S)
    markdown = re.sub(r"\{\{.*?\}\}", "", markdown, flags=re.S)
    markdown = re.sub(r"\$\$.*?\$\$", "", markdown, flags=re.S)
    markdown = re.sub(r"\$[^$]+\$", "", markdown)
    markdown = re.sub(r"`[^`\n]+`", "", markdown)
    markdown = re.sub(r"\]\([^)]*\)", "]", markdown)
    return re.sub(r"<[^>]+>", "", markdown)


def unexplained(markdown: str, rules) -> list[str]:
    """Every literal number of the prose that no rule covers, with its line."""
    found = []
    for line in prose(markdown).splitlines():
        covered = [m.span() for pattern, _ in rules for m in re.finditer(pattern, line)]
        for number in NUMBER.finditer(line):
            if not any(start <= number.start() and number.end() <= end for start, end in covered):
                found.append(f"{number.group()!r} in: {line.strip()}")
    return found


@pytest.mark.parametrize("page", CONVERTED)
def test_no_number_from_a_run_is_typed_in_the_prose(page):
    rules = EVERYWHERE + PER_PAGE.get(page.split(".")[0], [])
    found = unexplained((DOCS / page).read_text(encoding="utf-8"), rules)
    assert not found, f"docs/{page}: numbers typed in the prose; write them in from facts():\n" + "\n".join(found)


def test_the_scan_finds_a_typed_result_and_lets_the_rules_through():
    page = ("---\nsearch:\n  boost: 0.1\n---\n"
            "Figure 2. The first layer's gradient is 135, after {{ steps }} steps (Glorot, 2010).\n"
            "Its slope is $0.25$ and `lr=0.05`; a factor above 1.\n")
    assert unexplained(page, EVERYWHERE) == ["'135' in: Figure 2. The first layer's gradient is 135, after  steps "
                                             "(Glorot, 2010)."]


# --- the labs -------------------------------------------------------------------------------------
# A lab (docs/labs/<name>.py) is a notebook the reader downloads and runs: it has no template, so a
# number of its Markdown cells that comes from its run is asserted instead, by a test that runs the
# lab's published cells (tests/book/test_lab_variants.py), and the rule that lets it through names it.
# A setting the prose repeats (the lab's HIDDEN = 6 as "6 hidden layers") is in LAB_SETTINGS: a
# pattern and the Python expression, on the lab's published run, that gives its numbers;
# test_lab_variants.py::test_a_setting_the_prose_repeats_is_the_labs_own checks every match of it.

LABS = [source.stem for source in labs.lab_sources(DOCS)]
VARIANTS = "tests/book/test_lab_variants.py::"
CLAIMED = VARIANTS + "test_a_lab_says_what_its_own_run_shows"
SETTINGS_TEST = VARIANTS + "test_a_setting_the_prose_repeats_is_the_labs_own"


def claimed(pattern: str, case: str):
    """A rule for numbers of the lab's published run that the claim ``case`` of test_lab_variants.py asserts."""
    return pattern, f"a result of the lab's published run, asserted by {CLAIMED}[{case}]"


EVERY_LAB = [
    (r"\*\*(?:Try changing|Thử thay đổi):\*\*.*",
     "a 'Try changing' prediction (to the end of its paragraph): each is asserted on a run of its variant by "
     f"{VARIANTS}test_a_try_changing_prediction_holds_on_a_run_of_its_variant, and "
     "test_every_try_changing_paragraph_is_checked_by_a_run_of_its_variant leaves none out"),
    (r"^#{2,3} \d+\.", "the number of the lab's experiment, in its heading"),
    (r"\b(?:[Ee]xperiments?|thí nghiệm) \d+\b",
     "the number of one of the lab's experiments (test_a_lab_names_only_experiments_it_has checks it has it)"),
    (r"Python 3\.11\b", "the setup note's oldest Python the project supports (pyproject.toml's requires-python)"),
]

# (pattern, expression): the numbers of every match are the expression's, on the lab's published run;
# ``keyword("steps")`` is the one literal the lab's code passes as ``steps=``.
LAB_SETTINGS = {
    "exploding": [
        (r"\b50 (?:random |ma trận )4×4\b", "(K, SIZE, SIZE)"),
        (r"\b200 (?:times|lần)\b", 'keyword("trials")'),
        (r"\b6 (?:hidden ReLU layers of|tầng ẩn ReLU, mỗi tầng) 64\b", "(HIDDEN, WIDTH)"),
        (r"\b100 (?:steps, minibatches of|bước, minibatch) 64\b", '(keyword("steps"), keyword("batch_size"))'),
    ],
    "vanishing": [
        (r"\b10-layer chain|chuỗi 10 tầng", "L"),
        (r"\b1 (?:to|đến) 4 (?:hidden layers|tầng ẩn)", "(DEPTHS[0], DEPTHS[-1])"),
        (r"(?:layers of|mỗi tầng) 30 (?:units|nơ-ron)", "nielsen_net(1, seed=0).sizes[1]"),
        (r"\b500 (?:digit images|ảnh chữ số)", "len(X)"),
        (r"\b4-hidden-layer net|mạng 4 tầng ẩn bằng SGD", "net.n_layers - 1"),
        (r"(?:minibatches of|minibatch) 50\b", 'keyword("batch_size")'),
        (r"\b600 (?:steps|bước)", "STEPS"),
        (r"(?:every|cứ) 50 (?:steps|bước)", 'keyword("steps")'),
        (r"\b6 (?:hidden layers that|tầng ẩn chỉ khác)", 'len(by_activation["sigmoid"])'),
    ],
    "activations": [
        (r"\bsubtract 3\b|\bđi 3, khiến", "-SHIFT"),
        (r"(?:for|tiếp) 300 (?:steps|bước)", "steps[-1]"),
        (r"\b150 (?:steps, with|bước, với)", "len(history.loss)"),
        (r"(?:from|từ) 0[.,]1 (?:to|đến) 8\b", "(LRS[0], LRS[-1])"),
    ],
    "init": [
        (r"\b30 (?:layers|times|square|bias-free|tầng|lần)\b", "DEPTH"),
        (r"\b29 (?:ratios|tỉ số)", "DEPTH - 1"),
        (r"(?:into the|tới) 8 (?:units|nút|nơ-ron)", "net.sizes[1]"),
    ],
    "normalization": [
        (r"\b10 (?:hidden layers|tầng ẩn)", "HIDDEN"),
        (r"(?:batch of|\bbatch) 64 (?:images|ảnh)", "len(Xb)"),
        (r"(?:learning rate|tốc độ học) 0[.,]1, (?:minibatches of|minibatch) 64 (?:images|ảnh), 150\b",
         "(LR, BATCH, STEPS)"),
        (r"\b22 (?:weight layers of width|tầng trọng số rộng) 64\b", "(plain.n_layers, WIDTH)"),
        (r"\b21 (?:hidden layers|tầng ẩn)", "plain.n_layers - 1"),
        (r"\b10 (?:residual blocks|khối phần dư)", "BLOCKS"),
    ],
    "clipping": [
        (r"\b8(?:-hidden-layer| tầng ẩn có)", "relu_net(1.0).n_layers - 1"),
        (r"(?:learning rate|tốc độ học) 0[.,]05\b", "LR"),
        (r"(?:after|sau) 150 (?:steps|bước)", "STEPS"),
        (r"(?:from|từ) 1 (?:to|đến) 1000\b", "(thresholds[0], thresholds[-1])"),
        (r"\b(?:threshold (?:of )?|[Nn]gưỡng )1000\b", "thresholds[-1]"),
        (r"\b(?:From|Từ) 3 (?:to|đến) 100\b", "(thresholds[1], thresholds[-2])"),
        (r"\b4 (?:hidden layers suffers|tầng ẩn bị)", "len(speeds) - 1"),
    ],
    "rnn": [
        (r"\b40 (?:steps|bước)", "T"),
        (r"\b39 (?:steps|bước)", "T - 1"),
        (r"\b0, 1 (?:and|và) 3\b", "tuple(update_biases)"),
        (r"\b2, 4 (?:and|và) 8\b", "tuple(factors[1:])"),
    ],
}

PER_PAGE.update({
    "labs/exploding": [
        claimed(r"(?:loss of about|hàm mất mát khoảng) 130\b", "exploding-the_doubled_net_starts_at_a_loss_of_about_130"),
    ],
    "labs/vanishing": [
        (r"\b50 layers deep\b|\bsâu tới 50 tầng\b", "the closing question's depth: asked about, not run"),
    ],
    "labs/init": [
        claimed(r"\(every weight 0\.5\)|\(mọi trọng số bằng 0,5\)", "init-the_constant_init_sets_every_weight_to_one_half"),
        (r"(?:factor of|hệ số) 1[.,]25 \((?:for|với) \)",
         "1 + α² at α = 0.5, exact: the factor that the plain He init's formula, just above, gives"),
    ],
    "labs/clipping": [
        claimed(r"(?:longer than|dài hơn) 100\b", "clipping-clipping_by_value_turns_the_gradient"),
        claimed(r"(?:at step|ở bước) 4\b|(?:norm about|chuẩn khoảng) 1400\b|(?:never falls below|không lần nào xuống dưới) 5\b"
                r"|(?:accuracy is about|độ chính xác đã khoảng) 60\s?%", "clipping-clipping_rescues_the_doubled_net"),
        claimed(r"(?:up to|dài tới) 50 (?:units|đơn vị)|(?:between about 1 and|quanh 1 đến) 2[.,]6\b",
                "clipping-a_good_threshold_spans_an_order_of_magnitude"),
        claimed(r"(?:stays at|giữ nguyên) 0[.,]0027\b", "clipping-clipping_by_norm_keeps_the_ratio"),
        (r"\b95(?:th|\s?%)", "the high percentile of the rule of thumb, the 95th: the method's choice, not a result"),
    ],
    "labs/rnn": [
        claimed(r"(?:only about|chỉ còn khoảng) 0[.,]003\b", "rnn-the_rnn_gradient_vanishes_or_explodes"),
        claimed(r"(?:against|so với) 0[.,]003\b", "rnn-a_gru_needs_an_open_update_gate"),
    ],
})
for _lab, _settings in LAB_SETTINGS.items():
    PER_PAGE.setdefault(f"labs/{_lab}", []).extend(
        (pattern, f"set by the lab's code, in the cell next to it ({expression}): {SETTINGS_TEST} checks it")
        for pattern, expression in _settings)


def lab_cells(name: str, language: str) -> list[str]:
    """The prose (`prose`) of each cell of lab ``name`` as a reader of ``language`` gets it (hooks/labs.py),
    with each paragraph on one line, so that a rule can match across a line break; "" for a code cell."""
    notebook = labs.notebook_for(DOCS / labs.LABS_FOLDER / f"{name}.py", language)
    return ["\n".join(" ".join(paragraph.split()) for paragraph in re.split(r"\n\s*\n", prose(cell.source)))
            if cell.cell_type == "markdown" else "" for cell in notebook.cells]


@pytest.mark.parametrize("language", labs.LANGUAGES)
@pytest.mark.parametrize("lab", LABS)
def test_no_number_from_a_run_is_typed_in_a_labs_prose(lab, language):
    rules = EVERYWHERE + EVERY_LAB + PER_PAGE.get(f"labs/{lab}", [])
    found = unexplained("\n".join(lab_cells(lab, language)), rules)
    assert not found, (f"docs/labs/{lab}.py [{language}]: numbers typed in the prose; assert each on the lab's run "
                       "(tests/book/test_lab_variants.py) and add a rule that names the test:\n" + "\n".join(found))


@pytest.mark.parametrize("language", labs.LANGUAGES)
@pytest.mark.parametrize("lab", LABS)
def test_a_lab_names_only_experiments_it_has(lab, language):
    text = "\n".join(lab_cells(lab, language))
    headings = {int(n) for n in re.findall(r"^#{2,3} (\d+)\.", text, flags=re.M)}
    named = {int(n) for n in re.findall(r"\b(?:[Ee]xperiments?|thí nghiệm) (\d+)\b", text)}
    assert named <= headings, f"docs/labs/{lab}.py [{language}]: experiments {sorted(named - headings)} have no heading"


@pytest.mark.parametrize("lab", LABS)
def test_both_languages_number_the_same_experiments(lab):
    def numbered(language):
        return re.findall(r"^#{2,3} (\d+)\.", "\n".join(lab_cells(lab, language)), flags=re.M)

    assert numbered("vi") == numbered("en"), f"docs/labs/{lab}.py: the headings of its experiments differ"


@pytest.mark.parametrize("lab", LABS)
def test_a_labs_vietnamese_has_decimal_commas(lab):
    """In the Vietnamese Markdown cells, maths included (``0{,}5``); code keeps its points."""
    notebook = labs.notebook_for(DOCS / labs.LABS_FOLDER / f"{lab}.py", "vi")
    points = []
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            text = re.sub(r"^(`{3,}|~{3,})[^\n]*\n.*?^\1[ \t]*$", "", cell.source, flags=re.M | re.S)
            text = re.sub(r"`[^`]+`|Python 3\.11\b", "", text)  # inline code may wrap
            points += [line.strip() for line in text.splitlines() if re.search(r"\d\.\d", line)]
    assert not points, f"docs/labs/{lab}.py: a decimal point in Vietnamese:\n" + "\n".join(points)


def test_every_page_is_held_to_the_scan():
    """A new page cannot stay out of the scan: every page of both languages is in CONVERTED."""
    pages = {str(page.relative_to(DOCS)) for page in DOCS.rglob("*.md") if "snippets" not in page.parts}
    assert pages == set(CONVERTED), f"pages outside the scan: {sorted(pages - set(CONVERTED))}"
