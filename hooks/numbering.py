"""Figure numbers, and the references to them, written in by the build.

A page never types a figure's number. A figure is a figure script followed by its caption::

    ```python exec="on" html="1"
    --8<-- "snippets/exploding/fig_cliff.py"
    ```
    /// caption
    The loss surface with a cliff, ...
    ///

and its prose refers to it by the script's name, ``[](#fig-cliff)``. Before the page is
converted, the figures are numbered in their order on the page: each caption starts with
"Hình 4." (or "Figure 4." in English) and its figure gets the id ``fig-cliff``, and each
reference becomes the link ``[Hình 4](#fig-cliff)``. Inserting a figure renumbers the ones after
it and every reference follows. A reference to a figure the page does not have is reported by
name; the strict build then fails.
"""

from __future__ import annotations

import re

WORDS = {"vi": "Hình", "en": "Figure"}
FIGURE = re.compile(r'^```python exec="on" html="1"\n--8<-- "snippets/[\w/]+/fig_(?P<name>\w+)\.py"\n```\n'
                    r"/// caption\n", re.M)
REFERENCE = re.compile(r"\[\]\(#fig-(?P<name>[\w-]+)\)")
TYPED = re.compile(r"^/// caption\n(?:Hình|Figure) \d+\.", re.M)


def figure_id(script_name: str) -> str:
    """``fig_cliff`` (a figure script's stem without its prefix) -> ``fig-cliff``."""
    return "fig-" + script_name.replace("_", "-")


def number(markdown: str, language: str) -> tuple[str, list[str]]:
    """The page's Markdown with its figures numbered and its references written in, and what is wrong."""
    word = WORDS[language]
    problems = [f"a caption types its figure's number ({match[0].splitlines()[1]!r}): leave it to the build"
                for match in TYPED.finditer(markdown)]
    numbers: dict[str, int] = {}

    def caption(match: re.Match) -> str:
        name = figure_id(match["name"])
        numbers[name] = len(numbers) + 1
        return f"{match[0]}    attrs: {{id: {name}}}\n{word} {numbers[name]}. "

    markdown = FIGURE.sub(caption, markdown)

    def reference(match: re.Match) -> str:
        name = f"fig-{match['name']}"
        if name not in numbers:
            problems.append(f"a reference to {name}, which this page does not have (its figures: "
                            f"{', '.join(numbers) or 'none'})")
            return match[0]
        return f"[{word} {numbers[name]}](#{name})"

    return REFERENCE.sub(reference, markdown), problems
