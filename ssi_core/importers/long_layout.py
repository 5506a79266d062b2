"""The long layout (one value per row) that a Portuguese tracker writes:

data_referencia;hora_referencia;secao;campo;valor_original;unidade;valor_numerico;escala;observacao;fonte

Lines of the same date and time form one capture; each field's line number is kept so a message
points at the exact line of a bad value.

The same field appears under several sections: "Estabelecer sua marca profissional" under "Os
quatro componentes da sua pontuação" is the member's, under "Pessoas no seu setor" the industry's
average, under "Pessoas na sua rede" the network's. The section decides whose number it is; the
pillars of a section nobody recognises are not read (with a warning naming the section).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ssi_core.importers.messages import issue, shown
from ssi_core.importers.owners import MEMBER, RELATIVE_FIELDS, owned_field
from ssi_core.importers.synonyms import (
    headers_suggest_day_first,
    long_fields,
    long_sections,
    normalise,
)
from ssi_core.importers.tabular import Header
from ssi_core.importers.validate import RawTable
from ssi_core.importers.values import blank_mask

# A warning lists at most this many of the fields it did not read.
_LISTED_FIELDS = 4


def long_table(frame: pd.DataFrame, header: Header, rows: np.ndarray) -> RawTable:
    """Pivot the value lines into one record per capture (date + time)."""
    role_at = {role: position for position, role in enumerate(header.roles) if role is not None}

    def column(role: str) -> pd.Series | None:
        position = role_at.get(role)
        if position is None or position not in frame.columns:
            return None
        return frame[position].reset_index(drop=True).astype(object)

    blank = pd.Series([None] * len(frame), dtype=object)
    names = column("field") if column("field") is not None else blank
    numeric, original = column("value"), column("value_text")
    if numeric is None:
        numeric, original = original, None
    cells = numeric.copy()
    if original is not None:
        # Prefer the numeric column; where it is empty, the value as written ("Primeiros 9%").
        missing = blank_mask(cells)
        cells[missing] = original[missing]
    dates = column("date") if column("date") is not None else blank
    times = column("time") if column("time") is not None else blank

    unique_names = names.dropna().astype(str).unique()
    mapping = {name: long_fields().get(normalise(name)) for name in unique_names}
    named = names.map(lambda name: mapping.get(str(name)) if name is not None else None)
    ignored = [name for name in unique_names if mapping[name] is None and name.strip()]
    # Text fields (the industry) keep the value as written, not a number.
    text_field = (named == "industry").to_numpy()
    if original is not None and text_field.any():
        cells[text_field] = original[text_field]

    sections = column("section")
    fields, labels, warnings = _owned_fields(
        named, sections if sections is not None else blank, names, rows
    )

    lines = pd.DataFrame(
        {
            "date": dates.fillna("").astype(str).str.strip(),
            "time": times.fillna("").astype(str).str.strip(),
            "field": fields,
            "cell": cells,
            "row": rows,
        }
    )
    lines = lines[lines["field"].notna()]
    if lines.empty:
        return RawTable(
            fields={}, rows=np.zeros(0, "int64"), ignored_columns=ignored, warnings=warnings
        )
    lines["capture"] = lines.groupby(["date", "time"], sort=False).ngroup()
    lines = lines.drop_duplicates(["capture", "field"], keep="last")
    values = lines.pivot(index="capture", columns="field", values="cell")
    line_of = lines.pivot(index="capture", columns="field", values="row")
    firsts = lines.groupby("capture", sort=True).agg(
        date=("date", "first"), time=("time", "first"), row=("row", "min")
    )
    table_fields = {name: values[name].reset_index(drop=True) for name in values.columns}
    cell_rows = {name: line_of[name].fillna(0).to_numpy(dtype="int64") for name in line_of.columns}
    date_values = firsts["date"].replace("", None).reset_index(drop=True)
    time_values = firsts["time"].replace("", None).reset_index(drop=True)
    return RawTable(
        fields=table_fields,
        rows=firsts["row"].to_numpy(dtype="int64"),
        labels={name: labels.get(name, name) for name in table_fields},
        dates=date_values,
        times=time_values if time_values.notna().any() else None,
        cell_rows=cell_rows,
        ignored_columns=ignored,
        warnings=warnings,
        day_first_hint=headers_suggest_day_first(header.names),
        undated_warning="warning.no_date_column",
    )


def _owner(section: str) -> str | None:
    """Whose values a section holds; a file (or line) without a section is the member's own."""
    if not section:
        return MEMBER
    return long_sections().get(normalise(section))


def _owned_fields(
    named: pd.Series, sections: pd.Series, names: pd.Series, rows: np.ndarray
) -> tuple[pd.Series, dict[str, str], list]:
    """Each line's canonical column, decided by its name and its section.

    Returns:
        The column per line (None where the line is not read); each column as the file names
        it ("Estabelecer sua marca profissional", with its section for a group's value); and a
        warning per section whose values could not be placed, naming it and the fields left out.
    """
    # Each distinct (field, section) pair is placed once, then spread over its lines.
    field_codes, field_values = pd.factorize(named)
    section_codes, section_values = pd.factorize(sections.fillna(""))
    section_names = np.array([str(value).strip() for value in section_values] + [""], object)
    width = len(section_names)
    pairs = np.where(field_codes >= 0, field_codes * width + section_codes, -1)
    unique_pairs, first_line, inverse = np.unique(pairs, return_index=True, return_inverse=True)
    placed = np.array(
        [
            owned_field(field_values[pair // width], _owner(section_names[pair % width]))
            if pair >= 0
            else None
            for pair in unique_pairs.tolist()
        ],
        dtype=object,
    )
    fields = pd.Series(placed[inverse], dtype=object)

    labels: dict[str, str] = {}
    for position in np.argsort(first_line, kind="stable").tolist():  # in file order
        column = placed[position]
        if column is None or column in labels:
            continue
        pair, line = int(unique_pairs[position]), int(first_line[position])
        label, section = str(names.iat[line]).strip(), section_names[pair % width]
        labels[column] = label if column == field_values[pair // width] else f"{label} ({section})"

    unread = (field_codes >= 0) & fields.isna().to_numpy() & named.isin(RELATIVE_FIELDS).to_numpy()
    warnings = []
    if unread.any():
        left = pd.DataFrame(
            {
                "section": section_names[section_codes[unread]],
                "name": names[unread].astype(str).str.strip().to_numpy(),
                "row": np.asarray(rows)[unread],
            }
        )
        for section, group in left.groupby("section", sort=False):
            listed = list(dict.fromkeys(group["name"]))
            text = ", ".join(listed[:_LISTED_FIELDS])
            if len(listed) > _LISTED_FIELDS:
                text += ", …"
            warnings.append(
                issue(
                    "warning.unplaced_section",
                    int(group["row"].min()),
                    section=shown(section),
                    fields=text,
                )
            )
    return fields, labels, warnings
