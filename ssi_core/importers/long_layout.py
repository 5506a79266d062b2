"""The long layout (one value per row) that a Portuguese tracker writes:

data_referencia;hora_referencia;secao;campo;valor_original;unidade;valor_numerico;escala;observacao;fonte

Lines of the same date and time form one capture; each field's line number is kept so a message
points at the exact line of a bad value.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ssi_core.importers.synonyms import headers_suggest_day_first, long_fields, normalise
from ssi_core.importers.tabular import Header
from ssi_core.importers.validate import RawTable
from ssi_core.importers.values import blank_mask


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
    fields = names.map(lambda name: mapping.get(str(name)) if name is not None else None)
    ignored = [name for name in unique_names if mapping[name] is None and name.strip()]
    # Text fields (the industry) keep the value as written, not a number.
    text_field = (fields == "industry").to_numpy()
    if original is not None and text_field.any():
        cells[text_field] = original[text_field]

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
        return RawTable(fields={}, rows=np.zeros(0, "int64"), ignored_columns=ignored)
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
        labels={name: _first_name(names, fields, name) for name in table_fields},
        dates=date_values,
        times=time_values if time_values.notna().any() else None,
        cell_rows=cell_rows,
        ignored_columns=ignored,
        day_first_hint=headers_suggest_day_first(header.names),
        undated_warning="warning.no_date_column",
    )


def _first_name(names: pd.Series, fields: pd.Series, field: str) -> str:
    """The field as the file names it ("Estabelecer sua marca profissional")."""
    matches = names[(fields == field).to_numpy()]
    return str(matches.iloc[0]).strip() if len(matches) else field
