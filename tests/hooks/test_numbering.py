"""hooks/numbering.py: figures numbered in their order on the page, and references written in."""

from __future__ import annotations

import numbering


def figure(name: str, caption: str) -> str:
    return f'```python exec="on" html="1"\n--8<-- "snippets/x/fig_{name}.py"\n```\n/// caption\n{caption}\n///\n'


PAGE = ("As [](#fig-cliff) shows, and then [](#fig-loss_curve).\n\n" + figure("loss_curve", "The loss.")
        + "\nText.\n\n" + figure("cliff", "A cliff.") + "\nSee [](#fig-loss_curve) again.\n")


def test_figures_are_numbered_in_page_order_with_an_id_and_references_follow():
    english, problems = numbering.number(PAGE.replace("fig-loss_curve", "fig-loss-curve"), "en")
    assert problems == []
    assert "/// caption\n    attrs: {id: fig-loss-curve}\nFigure 1. The loss." in english
    assert "/// caption\n    attrs: {id: fig-cliff}\nFigure 2. A cliff." in english
    assert english.startswith("As [Figure 2](#fig-cliff) shows, and then [Figure 1](#fig-loss-curve).")
    assert "See [Figure 1](#fig-loss-curve) again." in english
    vietnamese, _ = numbering.number(PAGE.replace("fig-loss_curve", "fig-loss-curve"), "vi")
    assert "Hình 1. The loss." in vietnamese and "[Hình 2](#fig-cliff)" in vietnamese


def test_inserting_a_figure_renumbers_the_ones_after_it_and_their_references():
    page = PAGE.replace("fig-loss_curve", "fig-loss-curve")
    inserted = page.replace("\nText.\n", "\nText.\n\n" + figure("new", "New.") + "\n")
    text, _ = numbering.number(inserted, "en")
    assert "Figure 3. A cliff." in text and "[Figure 3](#fig-cliff)" in text and "Figure 2. New." in text


def test_a_reference_to_a_missing_figure_and_a_typed_number_are_reported():
    page = figure("cliff", "Figure 4. A cliff.") + "See [](#fig-nowhere).\n"
    text, problems = numbering.number(page, "en")
    assert any("fig-nowhere" in p and "fig-cliff" in p for p in problems)
    assert any("types its figure's number" in p for p in problems)
    assert "[](#fig-nowhere)" in text
