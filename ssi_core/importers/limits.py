"""How much of an input the readers take, whatever it holds.

Every reader works in time linear in its input and within these bounds, so that any upload up to
the size limit is read or refused in seconds and a few hundred MB: a real SSI history is far
inside all of them (ten years of daily rows, a few dozen columns, one saved page).
"""

from __future__ import annotations

# A delimited file or a sheet: fields per row (and distinct keys of a JSON list of records),
# the longest physical line, and data rows; the long layout (a row per value, pivoted into
# captures) costs more per row.
MAX_COLUMNS = 1_000
MAX_LINE_CHARS = 100_000
MAX_ROWS = 2_000_000
MAX_LONG_ROWS = 300_000
# Copied page text (or a saved page's visible text): a longer line is no SSI label or value
# (it is skipped, with a warning); a copied SSI page has a few hundred lines.
MAX_TEXT_LINE_CHARS = 2_000
MAX_TEXT_LINES = 20_000
# A saved page: tags (and '<' signs) read; a saved SSI page has some tens of thousands.
MAX_HTML_TAGS = 1_000_000
# JSON: objects and arrays in one input, and values in all (each costs far more memory than its
# text: a number, a text, a key); both are counted on the text before it is parsed.
MAX_JSON_CONTAINERS = 250_000
MAX_JSON_VALUES = 1_000_000
# A workbook (.xlsx is a zip archive): what its parts may unpack to, in all and each compared
# with its packed size, how many parts it may have, and the cells kept per row.
MAX_XLSX_UNPACKED_BYTES = 12 * 1024 * 1024
MAX_XLSX_RATIO = 200
MAX_XLSX_PARTS = 1_000
# Parts other than the sheets and the shared strings (styles, workbook, themes).
MAX_XLSX_OTHER_PART_BYTES = 4 * 1024 * 1024
# The characters kept of a workbook cell; a longer cell is never a number as people write one
# ("Los primeros 10 %", "34 de 100"), so it is not searched for one.
MAX_CELL_CHARS = 10_000
MAX_NUMBER_CHARS = 100
# Reasons listed for rejected rows (every rejected row is still counted), and warnings kept.
MAX_LISTED_ISSUES = 1_000
