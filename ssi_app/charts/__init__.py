"""Altair charts of the SSI history, one module per chart, the palette they share, and `draw`.

The builders (history, pillars, groups, weekly, ranks, preview) take frames and labels and return an
unconfigured Altair chart; `draw` turns one into a Vega-Lite spec once per data version and
inputs, and hands it to Streamlit with its text alternative (see `alternative`): a paragraph
that a screen reader reads for the chart, and its numbers as a table in a collapsed section.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Hashable, Mapping
from typing import TYPE_CHECKING, NamedTuple

import pandas as pd
import streamlit as st
from streamlit import dataframe_util

from ssi_app import session
from ssi_app.cache import SPECS
from ssi_app.charts import alternative
from ssi_app.data import cache_prefix
from ssi_app.session import tr
from ssi_core.i18n import catalogue, date_input_format, t

if TYPE_CHECKING:
    import altair as alt


@functools.cache
def _altair() -> None:
    """Import Altair when the first chart is drawn (My SSI, the first page, draws none).

    Streamlit draws every Altair chart without Altair's default theme (a 300 px view). Switched
    off once for the process, the cached specs equal what st.altair_chart would send, and no
    thread has to toggle this global while another one turns a chart into JSON.
    """
    import altair as alt

    alt.theme.enable("none")


def chart_spec(build: Callable[[], alt.TopLevelMixin]) -> dict:
    """The Vega-Lite spec of the chart `build()` makes, its datasets as Arrow bytes."""
    return _arrow(_spec(build))


def _spec(build: Callable[[], alt.TopLevelMixin | dict]) -> dict:
    """The spec of `build()`'s chart; a builder may hand over a spec it has made already."""
    _altair()
    # Not validated here: the chart tests validate every builder's spec at every size, and
    # validating again at run time made each new What-if answer 20 ms slower.
    chart = build()
    return chart if isinstance(chart, dict) else chart.to_dict(validate=False)


def _arrow(spec: dict) -> dict:
    # Streamlit sends a chart's datasets as Arrow, and turns rows into Arrow on every rerun
    # (through a DataFrame: 4 ms for ten years of days). Turned once here by the same function,
    # the bytes go out as they are, as st.altair_chart's own datasets do.
    datasets = spec.get("datasets", {})
    for dataset, rows in datasets.items():
        datasets[dataset] = dataframe_util.convert_anything_to_arrow_bytes(rows)
    return spec


class Drawn(NamedTuple):
    """What `draw` keeps per chart: the spec, its numbers as a table, and what it shows."""

    spec: dict
    numbers: pd.DataFrame
    summary: str


def described(
    name: str, build: Callable[[], alt.TopLevelMixin], words: Mapping[str, str], lang: str
) -> Drawn:
    """The chart with its text alternative: the summary becomes the chart's `description` (the
    label a screen reader reads for the whole picture), and Vega's own labels of each mark and
    axis are switched off (`aria: false`), so a reader meets one image with one text, not
    hundreds of unlabelled marks."""
    from ssi_app.charts.common import words as chart_words

    spec = _spec(build)
    titles = {**chart_words(words, lang), "pillar": t("a11y.pillar", lang)}
    numbers = alternative.table(alternative.main_rows(spec), titles)
    text = alternative.summary(name, numbers, lang)
    spec["description"] = text
    spec.setdefault("config", {})["aria"] = False  # the axes, legends and each mark's items
    _silence_marks(spec)
    return Drawn(_arrow(spec), numbers, text)


# The parts of Vega-Lite's composite marks that are drawn unless switched off.
_COMPOSITE_PARTS = {
    "boxplot": ("box", "median", "rule", "outliers"),
    "errorbar": ("rule",),
    "errorband": ("band",),
}


def _silence_marks(spec: dict | list) -> None:
    """`aria: false` on every mark (Vega then hides its container too, which `config.aria`
    leaves as an unlabelled graphic)."""
    if isinstance(spec, list):
        for part in spec:
            _silence_marks(part)
        return
    mark = spec.get("mark")
    if isinstance(mark, str):
        spec["mark"] = {"type": mark, "aria": False}
    if isinstance(spec.get("mark"), dict):
        mark = spec["mark"]
        mark["aria"] = False
        for overlay in ("line", "point"):  # an area's line, a line's points: marks of their own
            if mark.get(overlay) is True:
                mark[overlay] = {"aria": False}
            elif isinstance(mark.get(overlay), dict):
                mark[overlay]["aria"] = False
        # A composite mark (a box plot, an error bar) draws parts that are marks of their own and
        # do not inherit its `aria`; only the parts drawn by default, as an object turns one on.
        for part in _COMPOSITE_PARTS.get(mark["type"], ()):
            if mark.get(part) is not False:
                mark[part] = {
                    **(mark[part] if isinstance(mark.get(part), dict) else {}),
                    "aria": False,
                }
    for part in ("layer", "concat", "hconcat", "vconcat"):
        if isinstance(spec.get(part), list):
            _silence_marks(spec[part])
    if isinstance(spec.get("spec"), dict):  # facet and repeat
        _silence_marks(spec["spec"])


def draw(
    name: str,
    build: Callable[[], alt.TopLevelMixin],
    *inputs: Hashable,
    words: Mapping[str, str] | None = None,
    **options,
) -> None:
    """Draw the Altair chart `build()` makes, building it only when its inputs change, and the
    numbers it draws in a collapsed section under it (drawn only when opened).

    Turning a chart into Vega-Lite JSON validates it against the schema, which costs more than
    the rest of a page (60 ms for the history chart), and st.altair_chart does it on every rerun.
    The spec is kept per database, owner, data version, chart `name`, profile, language and
    `inputs`: everything else the chart shows must be in `inputs`.

    Args:
        words: the labels the builder was given, when they are not `labels()` (they title the
            table's columns).
    """
    language = session.lang()
    key = (*cache_prefix(), name, session.profile(), language, *inputs)
    drawn = SPECS.get(key, lambda: described(name, build, words or labels(), language))
    st.vega_lite_chart(drawn.spec, **options)
    if drawn.numbers.empty or len(drawn.numbers.columns) < 2:
        return
    section = st.expander(tr("a11y.table"), key=f"chart_numbers_{name}", on_change="rerun")
    if section.open:
        _numbers(section, drawn, language)


def _numbers(section, drawn: Drawn, language: str) -> None:
    from ssi_app.widgets import escape_markdown  # widgets imports the palette, from this package

    section.markdown(escape_markdown(drawn.summary))
    first = drawn.numbers.columns[0]
    dated = pd.api.types.is_datetime64_any_dtype(drawn.numbers[first])
    section.dataframe(
        drawn.numbers.iloc[::-1] if dated else drawn.numbers,  # newest first, as History's table
        hide_index=True,
        width="stretch",
        placeholder="—",
        column_config={
            first: st.column_config.DateColumn(first, format=date_input_format(language))
            if dated
            else st.column_config.TextColumn(first),
            **{
                column: st.column_config.NumberColumn(column, format="localized")
                for column in drawn.numbers.columns[1:]
            },
        },
    )


def labels() -> dict[str, str]:
    """The chart builders' labels in the session's language (the [chart] messages)."""
    return {
        key.removeprefix("chart."): value
        for key, value in catalogue(session.lang()).items()
        if key.startswith("chart.")
    }
