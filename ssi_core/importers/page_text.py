"""Text copied from the SSI page, in English, Spanish or Portuguese.

Older layouts put the value after the label ("Establish your professional brand<TAB>7.50"); newer
ones put it on its own line above the label ("8,38" then "Estabelecer sua marca profissional").
Ranks read "Top 3%" / "Primeiros 83%", averages "34 de 100".

The same labels come back under the headings of the groups LinkedIn compares the member with:
"Pessoas no seu setor" then "SSI médio" / "36 de 100" and, when shown, the industry's average of
each pillar. A heading decides whose the values below it are; the page starts with the member's
own. A pillar or average that no heading places (two group headings in a row, or the same
label again with another value) is not read, with a warning: it never becomes the member's.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ssi_core.importers.limits import MAX_LISTED_ISSUES, MAX_TEXT_LINE_CHARS, MAX_TEXT_LINES
from ssi_core.importers.messages import issue, rejected, shown
from ssi_core.importers.owners import GROUP_RANK, GROUP_SSI, MEMBER, is_relative, owned_field
from ssi_core.importers.synonyms import normalise, page_label, page_sections
from ssi_core.importers.validate import RawTable
from ssi_core.importers.values import parse_number
from ssi_core.pillars import GROUPS

_TRAILING_VALUE = re.compile(
    r"((?:[^\W\d_]+\s+){0,2}[-+\u2212]?\d+(?:[.,]\d+)?\s*(?:%|(?:out\s+of|de|of|/)\s*100)?)"
    r"\s*\.?\s*$",
    re.IGNORECASE,
)
# A value at the end of a line is short ("Top 3 %", "12.5 of 100"): only the line's end is
# searched, so a long line costs no more than a short one.
_TAIL_CHARS = 80
_CATEGORY = {
    "ssi": "ssi",
    "industry_top_pct": "rank",
    "network_top_pct": "rank",
    "industry_ssi": "average",
    "network_ssi": "average",
    GROUP_SSI: "average",
    GROUP_RANK: "rank",
}
_ACCEPTS = {
    "pillar": ("plain",),
    "ssi": ("plain", "of100"),
    "rank": ("percent", "plain"),
    "average": ("of100", "plain"),
}


def _kind(text: str) -> str:
    if "%" in text:
        return "percent"
    if re.search(r"(?:out\s+of|de|of|/)\s*100\s*$", text, re.IGNORECASE):
        return "of100"
    return "plain"


# A label or heading is a few words: only a line's start is looked at for one.
_LABEL_CHARS = 300


def _label_of(line: str) -> str | None:
    return page_label(normalise(line[:_LABEL_CHARS]))


def _inline_value(line: str) -> str | None:
    """'Establish your professional brand\\t7.50' -> '7.50'; None when the line has no value."""
    parts = re.split(r"\t|:\s", line)
    if len(parts) > 1 and parse_number(parts[-1].strip()) is not None:
        return parts[-1].strip()
    match = _TRAILING_VALUE.search(line[-_TAIL_CHARS:])
    if match and parse_number(match.group(1)) is not None:
        return match.group(1).strip()
    return None


def _heading_of(line: str) -> str | None:
    """Whose values follow a heading line ("Pessoas no seu setor" -> "industry"), else None."""
    if len(line) > _LABEL_CHARS:
        return None
    return page_sections().get(normalise(line))


def page_table(text: str, file_label: str = "The text") -> RawTable | None:
    """The values found next to known labels; None when no label is found.

    A line longer than MAX_TEXT_LINE_CHARS holds no label or value: it is not read, and one
    warning says how many were left out and where the first one is. Text of more than
    MAX_TEXT_LINES lines is refused (ImportRejected): it is no copied SSI page.
    """
    lines, long_lines = [], []
    for number, line in enumerate(re.split(r"\r\n|\n|\r", text), 1):
        line = line.strip()
        if len(line) > MAX_TEXT_LINE_CHARS:
            long_lines.append(number)
        elif line:
            lines.append((number, line))
            if len(lines) > MAX_TEXT_LINES:
                raise rejected("too_many_lines", file=file_label, limit=f"{MAX_TEXT_LINES:,}")
    # (index in lines, field as labelled, inline value, whose: MEMBER, a group or None)
    labelled: list[tuple[int, str, str | None, str | None]] = []
    headings: dict[int, str] = {}  # index of a label -> the group heading above it
    values: dict[int, tuple[str, str]] = {}  # index in lines -> (value text, kind)
    owner: str | None = MEMBER  # the page opens on the member's own score
    bare_group: str | None = None  # a group heading with no label read below it yet
    under = ""  # the heading line in force
    for index, (_, line) in enumerate(lines):
        field = _label_of(line)
        if field is not None:
            labelled.append((index, field, _inline_value(line), owner))
            headings[index] = under
            bare_group = None
            continue
        heading = _heading_of(line)
        if heading is not None:
            # Two group headings with nothing between them are tabs, not blocks: the values
            # below belong to whichever tab was open, and the text does not say which.
            owner = None if bare_group not in (None, heading) else heading
            bare_group = heading if heading in GROUPS else None
            under = line
        elif parse_number(line) is not None:
            values[index] = (line, _kind(line))
    if not labelled:
        if long_lines:
            raise LongLines(long_lines[0], len(long_lines))
        return None

    def category(field: str) -> str:
        return _CATEGORY.get(field, "pillar")

    def fits(index: int, field: str) -> bool:
        return index in values and values[index][1] in _ACCEPTS[category(field)]

    prefer: dict[str, int] = {}
    for index, field, inline, _ in labelled:
        if inline is None:
            vote = int(fits(index - 1, field)) - int(fits(index + 1, field))
            prefer[category(field)] = prefer.get(category(field), 0) + vote
    # Every label takes its value, even one that is not read: that value is then nobody else's.
    paired: list[tuple[int, str, str, int, str | None]] = []  # (index, field, value, line, whose)
    used: set[int] = set()
    for index, field, inline, whose in labelled:
        if inline is not None:
            paired.append((index, field, inline, lines[index][0], whose))
            continue
        steps = (-1, 1) if prefer.get(category(field), 0) >= 0 else (1, -1)
        for step in steps:
            other = index + step
            if other not in used and fits(other, field):
                used.add(other)
                paired.append((index, field, values[other][0], lines[other][0], whose))
                break
    found: dict[str, tuple[str, int]] = {}
    label_of: dict[str, str] = {}
    warnings = []
    unlisted = 0
    for index, field, value, line, whose in paired:
        # The SSI labels say "your current": they are the member's wherever they stand.
        column = owned_field(field, whose) if is_relative(field) and field != "ssi" else field
        label = _label_text(lines[index][1])
        if column is not None and column not in found:
            found[column] = (value, line)
            # A group's value says whose it is in messages: "Marca (Pessoas na sua rede)".
            label_of[column] = f"{label} ({headings[index]})" if column != field else label
        elif column is None or parse_number(value) != parse_number(found[column][0]):
            if len(warnings) < MAX_LISTED_ISSUES:
                line_number = lines[index][0]
                warnings.append(issue("warning.unplaced_label", line_number, field=shown(label)))
            else:
                unlisted += 1
    if not found:
        return None
    if long_lines:
        warnings.insert(
            0,
            issue(
                "warning.long_lines",
                long_lines[0],
                count=len(long_lines),
                limit=f"{MAX_TEXT_LINE_CHARS:,}",
            ),
        )
    fields = {name: pd.Series([value], dtype=object) for name, (value, _) in found.items()}
    cell_rows = {name: np.array([line], dtype="int64") for name, (_, line) in found.items()}
    return RawTable(
        fields=fields,
        rows=np.array([min(line for _, line in found.values())], dtype="int64"),
        labels=label_of,
        cell_rows=cell_rows,
        warnings=warnings,
        warnings_unlisted=unlisted,
    )


class LongLines(Exception):
    """Page text with no label, and lines too long to be read: the first one and how many."""

    def __init__(self, first: int, count: int) -> None:
        super().__init__(first, count)
        self.first, self.count = first, count


def _label_text(line: str) -> str:
    """The label part of a line ("Establish your professional brand\t7.50" -> the name)."""
    return re.split(r"\t|:\s", line)[0].strip()


def has_page_labels(text: str, minimum: int = 2) -> bool:
    """At least `minimum` different SSI labels on their own lines: copied page text."""
    seen = set()
    for line in re.split(r"\r\n|\n|\r", text[:200_000]):
        field = _label_of(line) if line.strip() else None
        if field is not None:
            seen.add(field)
            if len(seen) >= minimum:
                return True
    return False
