"""hooks/tables.py: the cells of a lookup table carry their column's name, for a phone's cards."""

from __future__ import annotations

import tables

TABLE = ("<table><thead><tr><th>Giải pháp</th><th style=\"x\">Cái <em>giá</em> &amp; \"lời\"</th></tr></thead>"
         "<tbody><tr><td>ReLU</td><td>nút chết</td></tr><tr><td>He</td><td>không</td></tr></tbody></table>")


def test_every_cell_of_a_lookup_table_is_labelled_with_its_columns_header():
    labelled = tables.label_lookup_tables(f'<div class="gf-lookup">{TABLE}</div>')
    assert labelled.count('<td data-label="Giải pháp">') == 2
    assert labelled.count('<td data-label="Cái giá &amp; &quot;lời&quot;">') == 2
    assert labelled.replace(' data-label="Giải pháp"', "").replace(
        ' data-label="Cái giá &amp; &quot;lời&quot;"', "") == f'<div class="gf-lookup">{TABLE}</div>'


def test_a_table_outside_a_lookup_block_is_left_as_it_is():
    assert tables.label_lookup_tables(TABLE) == TABLE
