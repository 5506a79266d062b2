"""Text copied from the SSI page, in English, Spanish or Portuguese.

Older layouts put the value after the label ("Establish your professional brand<TAB>7.50"); newer
ones put it on its own line above the label ("8,38" then "Estabelecer sua marca profissional").
Ranks read "Top 3%" / "Primeiros 83%", averages "34 de 100".
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ssi_core.importers.synonyms import normalise, page_labels
from ssi_core.importers.validate import RawTable
from ssi_core.importers.values import parse_number

_TRAILING_VALUE = re.compile(
    r"((?:[^\W\d_]+\s+){0,2}[-+\u2212]?\d+(?:[.,]\d+)?\s*(?:%|(?:out\s+of|de|of|/)\s*100)?)"
    r"\s*\.?\s*$",
    re.IGNORECASE,
)
_CATEGORY = {
    "ssi": "ssi",
    "industry_top_pct": "rank",
    "network_top_pct": "rank",
    "industry_ssi": "average",
    "network_ssi": "average",
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


def _label_of(line: str) -> str | None:
    norm = normalise(line)
    for label, field in page_labels():
        if norm == label or norm.startswith(label + " "):
            return field
    return None


def _inline_value(line: str) -> str | None:
    """'Establish your professional brand\\t7.50' -> '7.50'; None when the line has no value."""
    parts = re.split(r"\t|:\s", line)
    if len(parts) > 1 and parse_number(parts[-1].strip()) is not None:
        return parts[-1].strip()
    match = _TRAILING_VALUE.search(line)
    if match and parse_number(match.group(1)) is not None:
        return match.group(1).strip()
    return None


def page_table(text: str) -> RawTable | None:
    """The values found next to known labels; None when no label is found."""
    lines = [(number, line.strip()) for number, line in enumerate(re.split(r"\r\n|\n|\r", text), 1)]
    lines = [(number, line) for number, line in lines if line]
    labelled: list[tuple[int, str, str | None]] = []  # (index in lines, field, inline value)
    values: dict[int, tuple[str, str]] = {}  # index in lines -> (value text, kind)
    for index, (_, line) in enumerate(lines):
        field = _label_of(line)
        if field is not None:
            labelled.append((index, field, _inline_value(line)))
        elif parse_number(line) is not None:
            values[index] = (line, _kind(line))
    if not labelled:
        return None

    def category(field: str) -> str:
        return _CATEGORY.get(field, "pillar")

    def fits(index: int, field: str) -> bool:
        return index in values and values[index][1] in _ACCEPTS[category(field)]

    prefer: dict[str, int] = {}
    for index, field, inline in labelled:
        if inline is None:
            vote = int(fits(index - 1, field)) - int(fits(index + 1, field))
            prefer[category(field)] = prefer.get(category(field), 0) + vote
    found: dict[str, tuple[str, int]] = {}
    used: set[int] = set()
    for index, field, inline in labelled:
        if field in found:
            continue
        if inline is not None:
            found[field] = (inline, lines[index][0])
            continue
        steps = (-1, 1) if prefer.get(category(field), 0) >= 0 else (1, -1)
        for step in steps:
            other = index + step
            if other not in used and fits(other, field):
                used.add(other)
                found[field] = (values[other][0], lines[other][0])
                break
    if not found:
        return None
    fields = {name: pd.Series([value], dtype=object) for name, (value, _) in found.items()}
    cell_rows = {name: np.array([line], dtype="int64") for name, (_, line) in found.items()}
    labels = {name: _label_text(lines, name, labelled) for name in found}
    return RawTable(
        fields=fields,
        rows=np.array([min(line for _, line in found.values())], dtype="int64"),
        labels=labels,
        cell_rows=cell_rows,
    )


def _label_text(lines, name, labelled) -> str:
    for index, field, _ in labelled:
        if field == name:
            return re.split(r"\t|:\s", lines[index][1])[0].strip()
    return name


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
