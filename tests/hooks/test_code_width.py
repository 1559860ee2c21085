"""Every line a page shows as code fits in `codewidth.WIDTH` = 80 columns (issue #13), checked
from the sources; the browser suite checks the built pages, lab outputs included."""

from __future__ import annotations

import codewidth


def test_every_displayed_code_line_fits_in_80_columns():
    wide = [f"{where}:{number}: {len(line)} columns: {line}"
            for where, text in codewidth.everything() for number, line in codewidth.too_wide(text)]
    assert not wide, f"{len(wide)} lines over {codewidth.WIDTH} columns:\n" + "\n".join(wide[:40])


def test_the_check_reads_what_a_page_shows_and_only_that(tmp_path):
    long = "x = " + "1 + " * 30 + "1"
    (tmp_path / "snippets").mkdir()
    for name in ("shown.pycon", "figure.py", "above.py"):
        (tmp_path / "snippets" / name).write_text(f">>> {long}\n" if name.endswith("pycon") else long + "\n")
    (tmp_path / "page.md").write_text(
        "Text " + long + "\n\n"
        '```pycon exec="on"\n--8<-- "snippets/shown.pycon"\n```\n\n'
        '```python exec="on" html="1"\n--8<-- "snippets/figure.py"\n```\n\n'
        '```python exec="on" source="above" result="text"\n--8<-- "snippets/above.py"\n```\n\n'
        '    ```python\n    ' + long + "\n    ```\n")
    shown = {where: codewidth.too_wide(text) for where, text in codewidth.page_code(tmp_path)}
    assert set(shown) == {"snippets/shown.pycon", "snippets/above.py", "page.md:15"}, "not the figure script, not prose"
    assert all(len(lines) == 1 for lines in shown.values())
    assert shown["page.md:15"][0][1] == long, "a fence inside a list loses its indent"
