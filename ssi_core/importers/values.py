"""Numbers as people write them: '20,998', 'Top 3%', 'Primeiros 83%', '34 de 100', '7.50 pts'.

The fast path is pandas' own float parsing; only columns that did not come out as numbers go
through the vectorised text cleanup below.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ssi_core.importers.limits import MAX_NUMBER_CHARS
from ssi_core.importers.synonyms import null_tokens

# Optional words in front ("Top", "Primeiros", "Los primeros"), each ending in a space or a dot so
# the pattern cannot backtrack badly; the number; an optional unit or "of 100" after it.
NUMBER_PATTERN = (
    r"^(?:[^\W\d_]+[.\s]\s*)*"
    r"([-+\u2212]?\d+(?:[.,]\d+)?)"
    r"\s*(?:%(?:\s*[^\W\d_]+)*|(?:out\s+of|de|of|sobre|/)\s*\d+(?:[.,]\d+)?"
    r"|pts?\.?|points?|puntos|pontos)?$"
)
_NUMBER_RE = re.compile(NUMBER_PATTERN, re.IGNORECASE)


def parse_number(text: object) -> float | None:
    """One value: float, None when empty or not a number."""
    if text is None:
        return None
    if isinstance(text, int | float) and not isinstance(text, bool):
        return None if isinstance(text, float) and np.isnan(text) else float(text)
    text = str(text).strip()
    if len(text) > MAX_NUMBER_CHARS:
        return None
    match = _NUMBER_RE.match(text.replace("\xa0", " "))
    if not match:
        return None
    return float(match.group(1).replace(",", ".").replace("\u2212", "-"))


# Text work on a column runs a slice at a time: each step makes new strings, and a slice's
# copies are freed before the next slice starts.
_SLICE = 131_072


def _sliced(series: pd.Series, work) -> np.ndarray:
    """work(part) -> array, over slices of `series`, joined."""
    if len(series) <= _SLICE:
        return work(series)
    return np.concatenate(
        [work(series.iloc[start : start + _SLICE]) for start in range(0, len(series), _SLICE)]
    )


def _repeats(series: pd.Series) -> bool:
    """Text cells of which the first few thousand repeat (half of them or more)."""
    head = series.iloc[:4096]
    if pd.api.types.infer_dtype(head, skipna=True) != "string":
        return False
    return head.nunique(dropna=True) <= len(head) // 2


def blank_mask(series: pd.Series) -> np.ndarray:
    """True where a cell is empty or a 'no value' token ('-', 'n/a', ...)."""
    if series.dtype.kind in "fiubM":
        return series.isna().to_numpy()
    missing = series.isna().to_numpy()

    def tokens(part: pd.Series) -> np.ndarray:
        text = as_text(part).str.strip().str.lower()
        return text.isin(null_tokens()).to_numpy(dtype=bool, na_value=True)

    return missing | _sliced(series, tokens)


def as_text(series: pd.Series) -> pd.Series:
    """The cells as strings (vectorised; missing cells stay missing)."""
    if isinstance(series.dtype, pd.StringDtype):
        return series
    return series.astype(object).where(series.notna()).astype("str")


def to_numbers(series: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Coerce a column to float64.

    Returns:
        (values with NaN for unknown, mask of cells that hold something that is not a number).
    """
    if series.dtype.kind in "fiu":
        return series.to_numpy(dtype="float64", na_value=np.nan), np.zeros(len(series), bool)
    if series.dtype.kind == "b":
        return series.to_numpy(dtype="float64"), np.zeros(len(series), bool)
    if len(series) > _SLICE and _repeats(series):
        # Text cells repeat (the same junk in every row): each distinct one is read once.
        codes, uniques = pd.factorize(series, use_na_sentinel=True)
        if len(uniques) < len(series) // 2:
            distinct, distinct_bad = to_numbers(pd.Series(uniques, dtype=object))
            known = codes >= 0
            safe = np.where(known, codes, 0)
            values = np.where(known, distinct[safe] if len(uniques) else np.nan, np.nan)
            bad = known & (distinct_bad[safe] if len(uniques) else False)
            return values.astype("float64"), bad
    blank = blank_mask(series)
    numbers = pd.to_numeric(series.where(~blank), errors="coerce")
    values = np.array(numbers.to_numpy(dtype="float64", na_value=np.nan), dtype="float64")
    todo = np.isnan(values) & ~blank
    if todo.any():

        def extract(part: pd.Series) -> np.ndarray:
            text = as_text(part).astype(object).str.strip()
            # A longer cell is no number: it is not searched (the search's memory grows with it).
            text = text.where(text.str.len() <= MAX_NUMBER_CHARS, "").str.replace("\xa0", " ")
            found = text.str.extract(NUMBER_PATTERN, flags=re.IGNORECASE, expand=False)
            found = found.str.replace(",", ".", regex=False).str.replace("\u2212", "-", regex=False)
            return pd.to_numeric(found, errors="coerce").to_numpy(dtype="float64")

        values[todo] = _sliced(series[todo], extract)
    bad = np.isnan(values) & ~blank
    # Booleans and other non-numbers from JSON must not pass as 1/0.
    if series.dtype == object:
        is_bool = series.map(lambda v: isinstance(v, bool)).to_numpy(dtype=bool)
        values[is_bool] = np.nan
        bad |= is_bool
    return values, bad
