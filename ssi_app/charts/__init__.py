"""Altair charts of the SSI history, one module per chart, the palette they share, and `draw`.

The builders (history, pillars, groups, weekly, ranks, preview) take frames and labels and return an
unconfigured Altair chart; `draw` turns one into a Vega-Lite spec once per data version and
inputs, and hands it to Streamlit.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING

import streamlit as st
from streamlit import dataframe_util

from ssi_app import session
from ssi_app.cache import SPECS
from ssi_app.data import cache_prefix
from ssi_core.i18n import catalogue

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
    _altair()
    # Not validated here: the chart tests validate every builder's spec at every size, and
    # validating again at run time made each new What-if answer 20 ms slower.
    spec = build().to_dict(validate=False)
    # Streamlit sends a chart's datasets as Arrow, and turns rows into Arrow on every rerun
    # (through a DataFrame: 4 ms for ten years of days). Turned once here by the same function,
    # the bytes go out as they are, as st.altair_chart's own datasets do.
    datasets = spec.get("datasets", {})
    for dataset, rows in datasets.items():
        datasets[dataset] = dataframe_util.convert_anything_to_arrow_bytes(rows)
    return spec


def draw(name: str, build: Callable[[], alt.TopLevelMixin], *inputs: Hashable, **options) -> None:
    """Draw the Altair chart `build()` makes, building it only when its inputs change.

    Turning a chart into Vega-Lite JSON validates it against the schema, which costs more than
    the rest of a page (60 ms for the history chart), and st.altair_chart does it on every rerun.
    The spec is kept per database, owner, data version, chart `name`, profile, language and
    `inputs`: everything else the chart shows must be in `inputs`.
    """
    key = (*cache_prefix(), name, session.profile(), session.lang(), *inputs)
    st.vega_lite_chart(SPECS.get(key, lambda: chart_spec(build)), **options)


def labels() -> dict[str, str]:
    """The chart builders' labels in the session's language (the [chart] messages)."""
    return {
        key.removeprefix("chart."): value
        for key, value in catalogue(session.lang()).items()
        if key.startswith("chart.")
    }
