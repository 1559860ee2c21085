"""Lookup tables: a wide table that reads, on a phone, as one card per row.

A table inside ``<div class="gf-lookup" markdown>`` gets the header of its column on every cell
(``data-label``); on a narrow screen, book.css stacks the rows and shows each cell under that
name (the remedies summary, issue #13). Python-Markdown writes the table; this only adds attributes.
"""

from __future__ import annotations

import html
import re

LOOKUP = re.compile(r'(<div class="gf-lookup">)(.*?</table>)', re.S)
HEADER = re.compile(r"<th\b[^>]*>(.*?)</th>", re.S)
ROW = re.compile(r"<tr>(.*?)</tr>", re.S)
CELL = re.compile(r"<td\b")
TAG = re.compile(r"<[^>]+>")


def label_lookup_tables(page_html: str) -> str:
    """``page_html`` with every cell of every lookup table labelled by its column's header."""
    return LOOKUP.sub(lambda match: match[1] + _labelled(match[2]), page_html)


def _labelled(table: str) -> str:
    headers = [html.escape(html.unescape(TAG.sub("", header)).strip(), quote=True) for header in HEADER.findall(table)]

    def row(match):
        cells = iter(headers)
        return "<tr>" + CELL.sub(lambda _: f'<td data-label="{next(cells, "")}"', match[1]) + "</tr>"

    return ROW.sub(row, table)
