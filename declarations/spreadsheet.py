"""The one CSV writer: every CSV the site or a command writes goes through
csv_text(), which makes each cell one a spreadsheet shows as text and never
runs as a formula (a name such as `=HYPERLINK(…)` stays a name).

A cell that a spreadsheet would read as a formula (it begins with =, +, -,
@, a tab or a carriage return) is written after an apostrophe, which
spreadsheets take as "text follows" (OWASP, CSV injection). The escape is
reversible, for the curation files that the corpus reads back
(read_cell): a cell that begins with an apostrophe followed by one of those
characters or by another apostrophe is escaped too.
"""

import csv
import io

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
ESCAPE = "'"
BOM = "\ufeff"


def safe_cell(value):
    """Return a CSV cell that a spreadsheet shows as text, never runs."""
    if not isinstance(value, str):
        return value
    if value.startswith(FORMULA_STARTS) or (
        value.startswith(ESCAPE) and value[1:2].startswith((*FORMULA_STARTS, ESCAPE))
    ):
        return ESCAPE + value
    return value


def read_cell(value):
    """Return the value a cell written by safe_cell() was made from."""
    if value.startswith(ESCAPE) and value[1:2].startswith((*FORMULA_STARTS, ESCAPE)):
        return value[1:]
    return value


def csv_text(header, rows, *, lineterminator="\r\n", bom=False):
    """Return a header and rows as CSV, every cell through safe_cell()."""
    buffer = io.StringIO()
    if bom:
        buffer.write(BOM)
    writer = csv.writer(buffer, lineterminator=lineterminator)
    writer.writerow([safe_cell(cell) for cell in header])
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return buffer.getvalue()
