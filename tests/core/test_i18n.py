import re
import string
from datetime import date, datetime
from pathlib import Path

import pandas as pd
import pytest

from ssi_core.archive.reader import ACTIVITIES, FACT_NAMES
from ssi_core.goals import STATUSES
from ssi_core.i18n import (
    DATE_INPUT_FORMATS,
    DEFAULT_LANGUAGE,
    LANGUAGES,
    LOCALES,
    LOCALES_DIR,
    catalogue,
    cldr_to_date_input,
    date_input_format,
    datetime_column_format,
    fmt_date,
    fmt_number,
    fmt_points,
    fmt_signed,
    fmt_top_pct,
    normalise_language,
    t,
)
from ssi_core.pillars import GROUPS, PILLAR_IDS
from ssi_core.store.teams import SHARE_CHOICES

ROOT = Path(__file__).resolve().parents[2]


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


# Every language but English: each must say everything English says.
TRANSLATIONS = [lang for lang in LANGUAGES if lang != DEFAULT_LANGUAGE]


def test_the_languages_and_their_locales():
    assert list(LANGUAGES) == ["en", "es", "pt"] == list(LOCALES)
    assert LANGUAGES["pt"] == "Português" and LOCALES["pt"] == "pt_BR"


def missing_keys(english: dict[str, str], translation: dict[str, str]) -> list[str]:
    """Keys one side has and the other lacks (an extra key is as wrong as a missing one)."""
    return sorted(set(english) ^ set(translation))


def placeholder_mismatches(english: dict[str, str], translation: dict[str, str]) -> list[str]:
    """Keys whose translation drops an English {placeholder} or adds one the code never fills."""
    return sorted(
        key
        for key, text in english.items()
        if key in translation and placeholders(text) != placeholders(translation[key])
    )


def test_the_checks_catch_a_missing_key_and_a_lost_placeholder():
    english = {"a.title": "Hello", "a.days": "{count} days from {start}"}
    assert missing_keys(english, {"a.title": "Olá"}) == ["a.days"]
    assert placeholder_mismatches(english, {"a.days": "{count} dias"}) == ["a.days"]
    assert placeholder_mismatches(english, {"a.days": "{count} dias desde {start}"}) == []


@pytest.mark.parametrize("lang", TRANSLATIONS)
def test_every_english_key_exists_in_every_language(lang):
    english = catalogue("en")
    assert len(english) > 100
    assert missing_keys(english, catalogue(lang)) == []


@pytest.mark.parametrize("lang", TRANSLATIONS)
def test_translations_keep_the_same_placeholders(lang):
    assert placeholder_mismatches(catalogue("en"), catalogue(lang)) == []


def test_every_locale_file_exists_in_every_language():
    stems = {p.name.rsplit(".", 2)[0] for p in LOCALES_DIR.glob("*.toml")}
    assert {"app", "pages", "import", "auth", "pillars"} <= stems
    for stem in stems:
        for lang in LANGUAGES:
            assert (LOCALES_DIR / f"{stem}.{lang}.toml").exists(), (stem, lang)


# The keys the UI builds at run time, from each f-string it passes to tr().
# Built by the "What is the SSI" page (views/about.py SECTIONS) and the import guide
# (explain.py GUIDE_WAYS).
ABOUT_SECTIONS = ("groups", "changes", "why", "formula")
GUIDE_WAYS = ("save", "paste", "json")
BUILT_KEYS = {
    "coach.strong.{reading.strongest}": [f"coach.strong.{pillar}" for pillar in PILLAR_IDS],
    "coach.weak.{reading.weakest}": [f"coach.weak.{pillar}" for pillar in PILLAR_IDS],
    "history.pillars_{'stacked' if m == 'stacked' else 'multiples'}": [
        "history.pillars_stacked",
        "history.pillars_multiples",
    ],
    # Standing.verdict(): where the member stands against the groups whose average is known.
    "groups.{standing.verdict()}": [
        f"groups.{verdict}"
        for verdict in ("ahead_both", "behind_both", "ahead_of_industry", "ahead_of_network")
    ]
    + [f"groups.{side}_{group}_only" for side in ("ahead", "behind") for group in GROUPS],
    "chart.{group}_ssi": [f"chart.{group}_ssi" for group in GROUPS],
    "groups.{group}_mark": [f"groups.{group}_mark" for group in GROUPS],
    # The data archive: its facts, activities, and the reading of what moved the SSI.
    "archive.fact.{fact}": [f"archive.fact.{fact}" for fact in FACT_NAMES],
    "archive.activity.{name}": [f"archive.activity.{name}" for name in ACTIVITIES],
    "archive.activity.{link.activity}": [f"archive.activity.{name}" for name in ACTIVITIES],
    "archive.history.{link.strength}": [
        f"archive.history.{strength}" for strength in ("strong", "moderate", "weak")
    ],
    "archive.history.lag_{link.lag_weeks}": ["archive.history.lag_0", "archive.history.lag_1"],
    "team.share_{choice}": [f"team.share_{choice}" for choice in SHARE_CHOICES],
    "team.history_{kind}": ["team.history_lines", "team.history_band"],
    "team.goal_{state}": [f"team.goal_{state}" for state in STATUSES],
    "team.chart_{key}": [
        f"team.chart_{key}"
        for key in ("ssi", "member", "week_of", "median", "low", "high", "members", "points")
    ],
    # The "What is the SSI" page, the pillars' notes and the import guide.
    "explain.{pillar_id}.summary": [f"explain.{pillar}.summary" for pillar in PILLAR_IDS],
    "explain.{pillar_id}.looks_at": [f"explain.{pillar}.looks_at" for pillar in PILLAR_IDS],
    "about.{section}_title": [f"about.{s}_title" for s in ABOUT_SECTIONS],
    "about.{section}": [f"about.{s}" for s in ABOUT_SECTIONS],
    "guide.{way}_title": [f"guide.{way}_title" for way in GUIDE_WAYS],
    "guide.{way}": [f"guide.{way}" for way in GUIDE_WAYS],
    "alerts.rank_{group}": [f"alerts.rank_{group}" for group in GROUPS],
    "goal.rank_{g or 'none'}": ["goal.rank_none"] + [f"goal.rank_{group}" for group in GROUPS],
    "goal.{status.state}": ["goal.reached", "goal.on_track", "goal.behind"],
    "report_ui.paper_{p}": ["report_ui.paper_a4", "report_ui.paper_letter"],
}


def test_every_key_the_ui_uses_exists():
    used: set[str] = set()
    built: set[str] = set()
    sources = [ROOT / "app.py", *sorted((ROOT / "ssi_app").rglob("*.py"))]
    sources += sorted((ROOT / "pages").glob("*.py"))
    for path in sources:
        source = path.read_text()
        used |= set(re.findall(r"""\b(?:tr|t)\(\s*["']([a-z_]+\.[a-z_.]+)["']""", source))
        built |= {m[1] for m in re.findall(r"""\b(?:tr|t)\(\s*f(["'])(.*?)\1""", source)}
    assert used, "the pattern found no keys: the test would prove nothing"
    assert "common.unexpected_error" in used
    assert built == set(BUILT_KEYS), "a new key built at run time: list what it can be"
    used |= {key for keys in BUILT_KEYS.values() for key in keys}
    missing = sorted(
        (lang, key) for lang in LANGUAGES for key in used if key not in catalogue(lang)
    )
    assert missing == []


def test_spanish_numbers_use_a_decimal_comma():
    assert fmt_number(21.4, "es") == "21,4"
    assert fmt_number(21.4, "en") == "21.4"
    # Thousands grouped as CLDR groups them, from four digits in Spanish too.
    assert fmt_number(1234.5, "es", 1) == "1.234,5"
    assert fmt_number(12345.5, "es", 1) == "12.345,5"
    assert fmt_number(12345.5, "en", 1) == "12,345.5"
    assert fmt_number(7, "en", 0) == "7" and fmt_number(7, "es", 2) == "7,00"
    assert fmt_number(None, "es") == "—" and fmt_number(float("nan"), "en") == "—"
    assert fmt_signed(-2.5, "es") == "−2,5" and fmt_signed(3, "en") == "+3.0"
    assert fmt_signed(0, "es") == "±0,0" and fmt_signed(None) == "—"


def test_dates_per_language():
    assert fmt_date(date(2026, 11, 25), "en") == "Nov 25, 2026"
    assert fmt_date(date(2026, 11, 25), "es") == "25 nov 2026"
    assert fmt_date(datetime(2026, 9, 5, 23, 59), "es") == "5 sept 2026"
    assert fmt_date(None, "es") == "—"


def test_kept_numbers_and_dates_are_the_same_whatever_came_first():
    """Numbers and dates are formatted once and kept: values a cache takes as one key but that
    read differently must still read as themselves, in either order."""
    assert [fmt_number(v, "en") for v in (0.0, -0.0, 0.0)] == ["0.0", "-0.0", "0.0"]
    assert fmt_number(5, "en", 1) == fmt_number(5.0, "en", 1) == "5.0"
    # One instant, two calendar days: each date and time is its own day.
    late = pd.Timestamp("2026-03-01 23:30", tz="UTC")
    early = late.tz_convert("Asia/Tokyo")  # 2 March, 08:30
    assert late == early
    assert (fmt_date(late, "en"), fmt_date(early, "en")) == ("Mar 1, 2026", "Mar 2, 2026")


def test_top_percent_per_language():
    assert fmt_top_pct(2.0, "en") == "Top 2%" and fmt_top_pct(2.5, "es") == "Top 2,5 %"
    assert fmt_top_pct(None) == "—"


def test_portuguese_numbers_and_dates():
    assert fmt_number(21.4, "pt") == "21,4" and fmt_points(21.4, "pt") == "21,4"
    assert fmt_number(12345.5, "pt", 1) == "12.345,5"
    assert fmt_points(13.78, "pt") == "13,78" and fmt_points(25.0, "pt") == "25"
    assert fmt_signed(-2.5, "pt") == "−2,5" and fmt_signed(0.04, "pt") == "+0,0"
    assert fmt_date(date(2026, 1, 13), "pt") == "13 de jan. de 2026"
    assert fmt_top_pct(4.5, "pt") == "Top 4,5%"
    assert date_input_format("pt") == "DD/MM/YYYY"  # straight from pt_BR's 'dd/MM/y'
    when = fmt_date(date(2026, 11, 2), "pt")
    assert t("assessment.last_saved", "pt", count=1, date=when) == (
        "1 autoavaliação salva, em 2 de nov. de 2026."
    )


def test_date_input_formats_are_ones_streamlit_accepts():
    assert date_input_format("en") == "YYYY-MM-DD"
    assert date_input_format("es") == "DD/MM/YYYY"
    assert date_input_format("xx") == "YYYY-MM-DD"  # an unknown language reads as English
    assert datetime_column_format("es") == "DD/MM/YYYY HH:mm"
    for lang in LANGUAGES:
        assert date_input_format(lang) in DATE_INPUT_FORMATS


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("dd/MM/y", "DD/MM/YYYY"),
        ("y-MM-dd", "YYYY-MM-DD"),
        ("MM.dd.yyyy", "MM.DD.YYYY"),
        ("d/M/yy", None),  # no leading zeros and a two-digit year: not the same date
        ("M/d/yy", None),
        ("dd/MM-y", None),  # two separators
        ("y/dd/MM", None),  # an order Streamlit does not offer
        ("d MMM y", None),
    ],
)
def test_only_an_exact_short_date_becomes_a_date_input_format(pattern, expected):
    assert cldr_to_date_input(pattern) == expected


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        ("es-ES", "es"),
        ("es_419", "es"),
        ("en-US", "en"),
        ("pt-BR", "pt"),
        ("pt_PT", "pt"),
        ("Português", "pt"),
        ("fr-FR", "en"),
        (None, "en"),
    ],
)
def test_browser_locale_picks_the_language(locale, expected):
    assert normalise_language(locale) == expected


def test_missing_key_falls_back_to_the_key():
    assert t("no.such.key", "es") == "no.such.key"


def test_points_show_like_linkedin():
    assert fmt_points(13.78, "en") == "13.78" and fmt_points(21.4, "es") == "21,4"
    assert fmt_points(25.0, "en") == "25" and fmt_points(None) == "—"


def test_a_count_of_one_takes_the_singular():
    assert t("assessment.last_saved", "en", count=1, date="Nov 2") == (
        "1 saved assessment, on Nov 2."
    )
    assert t("assessment.last_saved", "en", count=2, date="Nov 2").startswith("2 saved assessments")
    assert t("assessment.last_saved", "es", count=1, date="2 nov").startswith(
        "1 autoevaluación guardada"
    )
    # Without a singular in the catalogue, the one message serves every count.
    assert t("import_page.skipped_rows", "en", count=1) == "Skipped rows and why (1)"
