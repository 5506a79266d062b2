"""Every chart's text alternative: a description in the user's language, its marks hidden from
screen readers behind it, and its numbers as a titled table."""

import pandas as pd

from ssi_app.charts import described
from ssi_app.charts.history import ssi_history_chart
from ssi_app.charts.pillars import pillar_bars
from ssi_app.charts.team import members_history_chart, pillar_distribution_chart
from ssi_core.demo import demo_history
from ssi_core.i18n import catalogue
from ssi_core.pillars import PILLAR_IDS


def words(lang: str) -> dict[str, str]:
    """The [chart] messages, as the page hands them to a builder."""
    return {
        k.removeprefix("chart."): v for k, v in catalogue(lang).items() if k.startswith("chart.")
    }


def marks(spec: dict) -> list[dict]:
    found = [spec["mark"]] if "mark" in spec else []
    for part in spec.get("layer", []):
        found += marks(part)
    return found


def test_the_history_chart_is_described_in_spanish_and_its_marks_are_silent():
    days = demo_history(days=30)
    text = words("es")
    drawn = described("ssi_history", lambda: ssi_history_chart(days, text, "es"), text, "es")
    assert drawn.spec["description"] == drawn.summary
    assert drawn.summary.startswith("Gráfico de líneas de tu SSI")
    assert "30 días" in drawn.summary and "Media del sector" in drawn.summary
    assert drawn.spec["config"]["aria"] is False
    assert marks(drawn.spec) and all(mark["aria"] is False for mark in marks(drawn.spec))
    assert list(drawn.numbers.columns[:2]) == ["Fecha", "Tu SSI"]
    assert len(drawn.numbers) == 30
    assert pd.api.types.is_datetime64_any_dtype(drawn.numbers["Fecha"])


def test_the_pillar_bars_list_each_pillar_with_its_values_in_portuguese():
    pillars = {
        "professional_brand": 21.4,
        "find_right_people": 17.66,
        "insight_engagement": 13.78,
        "strong_relationship": 19.4,
    }
    text = words("pt")
    drawn = described("what_if_bars", lambda: pillar_bars(pillars, text, "pt"), text, "pt")
    assert drawn.numbers.columns[0] == "Pilar"
    assert len(drawn.numbers) == 4
    assert "21,4" in drawn.summary


def test_a_chart_without_data_says_so():
    drawn = described("import_preview", lambda: ssi_history_chart(None, {}, "en"), {}, "en")
    assert drawn.numbers.empty
    assert drawn.summary.endswith("It has no data yet.")


def test_a_box_plots_parts_are_silent_too():
    """A composite mark's parts (box, median, whiskers) are marks of their own for Vega."""
    rows = pd.DataFrame(
        [{pid: 10.0 + n for pid in PILLAR_IDS} for n in range(6)], columns=list(PILLAR_IDS)
    )
    text = {k.removeprefix("team.chart_"): v for k, v in catalogue("en").items() if "chart_" in k}
    drawn = described(
        "team_pillars", lambda: pillar_distribution_chart(rows, "en", text), text, "en"
    )
    boxes = [mark for mark in marks(drawn.spec) if mark["type"] == "boxplot"]
    assert boxes
    for part in ("box", "median", "rule"):
        assert all(box[part]["aria"] is False for box in boxes)
    assert all("ticks" not in box for box in boxes)  # an object would turn the ticks on


def test_a_teams_band_is_described_by_its_median_and_middle_half():
    weeks = pd.date_range("2026-01-05", periods=8, freq="7D").date
    frame = pd.DataFrame(
        {"week": weeks, "members": 30, "mean": 50.0, "low": 40.0, "median": 51.0, "high": 60.0}
    )
    catalog = catalogue("en")
    text = {key: catalog[f"team.chart_{key}"] for key in ("ssi", "median", "low", "high")}
    text |= {key: catalog[f"team.chart_{key}"] for key in ("member", "week_of", "members")}
    chart_words = {**words("en"), **{k: text[k] for k in ("ssi", "median", "low", "high")}}
    drawn = described(
        "team_history",
        lambda: members_history_chart("band", frame, "en", text),
        chart_words,
        "en",
    )
    assert "Median" in drawn.numbers.columns and len(drawn.numbers) == 8
    assert "no data" not in drawn.summary and "51" in drawn.summary
