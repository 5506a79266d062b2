"""Message catalogues (data/locales/*.<lang>.toml) and number and date formatting per language."""

from __future__ import annotations

import math
import tomllib
from datetime import date, datetime
from functools import cache
from pathlib import Path

LOCALES_DIR = Path(__file__).resolve().parent.parent / "data" / "locales"
LANGUAGES: dict[str, str] = {"en": "English", "es": "Español"}
DEFAULT_LANGUAGE = "en"
# The Babel locale whose numbers, dates and month names each language uses.
LOCALES: dict[str, str] = {"en": "en_US", "es": "es_ES"}

_MONTHS = {
    "en": ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
    "es": ["ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sept", "oct", "nov", "dic"],
}


def babel_locale(lang: str) -> str:
    """The Babel locale of a language ('es' -> 'es_ES'); English for an unknown one."""
    return LOCALES.get(lang, LOCALES[DEFAULT_LANGUAGE])


@cache
def month_abbreviations(lang: str) -> tuple[str, ...]:
    """January..December abbreviated as the language writes them in a date (Babel's CLDR data)."""
    from babel.dates import get_month_names

    names = get_month_names("abbreviated", context="format", locale=babel_locale(lang))
    return tuple(names[month] for month in range(1, 13))


@cache
def number_symbols(lang: str) -> tuple[str, str]:
    """(decimal separator, group separator) of the language's numbers."""
    from babel.numbers import get_decimal_symbol, get_group_symbol

    locale = babel_locale(lang)
    return get_decimal_symbol(locale), get_group_symbol(locale)


def _flatten(table: dict, prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in table.items():
        full = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{full}."))
        else:
            flat[full] = str(value)
    return flat


@cache
def catalogue(lang: str) -> dict[str, str]:
    """Every message of a language: all data/locales/*.<lang>.toml files merged, keys flattened."""
    messages: dict[str, str] = {}
    for path in sorted(LOCALES_DIR.glob(f"*.{lang}.toml")):
        with path.open("rb") as handle:
            messages.update(_flatten(tomllib.load(handle)))
    return messages


def normalise_language(value: str | None) -> str:
    """'es-ES', 'es_419', 'Español' -> 'es'; anything unknown -> English."""
    if not value:
        return DEFAULT_LANGUAGE
    code = value.strip().lower().replace("_", "-").split("-")[0]
    if code in LANGUAGES:
        return code
    for key, name in LANGUAGES.items():
        if value.strip().lower() == name.lower():
            return key
    return DEFAULT_LANGUAGE


def t(key: str, lang: str = DEFAULT_LANGUAGE, **params: object) -> str:
    """The message for `key` in `lang` (falling back to English, then to the key itself).

    With a `count` of 1, the singular `KEY_one` is used where the catalogue has one ("1 saved
    assessment", not "1 saved assessments").
    """
    messages = catalogue(lang)
    text = messages.get(f"{key}_one") if params.get("count") == 1 else None
    text = text or messages.get(key) or catalogue(DEFAULT_LANGUAGE).get(key) or key
    return text.format(**params) if params else text


def fmt_number(value: float | None, lang: str = DEFAULT_LANGUAGE, decimals: int = 1) -> str:
    """21.4 in English, 21,4 in Spanish; thousands grouped; '—' for unknown."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    text = f"{value:,.{decimals}f}"
    if lang == "es":
        text = text.replace(",", "\u202f").replace(".", ",")
        # Spanish groups thousands only from five digits (RAE): 1234 but 12 345.
        integer = text.split(",")[0].lstrip("-")
        if len(integer.replace("\u202f", "")) <= 4:
            text = text.replace("\u202f", "")
    return text


def fmt_points(value: float | None, lang: str = DEFAULT_LANGUAGE) -> str:
    """Pillar points as LinkedIn shows them: up to two decimals, no trailing zeros (13.78, 21.4)."""
    text = fmt_number(value, lang, 2)
    if text == "—":
        return text
    decimal = "," if lang == "es" else "."
    return text.rstrip("0").rstrip(decimal) if decimal in text else text


def fmt_signed(value: float | None, lang: str = DEFAULT_LANGUAGE, decimals: int = 1) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    sign = "+" if value > 0 else ("−" if value < 0 else "±")
    return sign + fmt_number(abs(value), lang, decimals)


def fmt_date(value: date | datetime | None, lang: str = DEFAULT_LANGUAGE) -> str:
    """'Nov 25, 2026' in English, '25 nov 2026' in Spanish."""
    if value is None:
        return "—"
    month = _MONTHS.get(lang, _MONTHS["en"])[value.month - 1]
    if lang == "es":
        return f"{value.day} {month} {value.year}"
    return f"{month} {value.day}, {value.year}"


def fmt_top_pct(value: float | None, lang: str = DEFAULT_LANGUAGE) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    return t("common.top_pct", lang, pct=fmt_number(value, lang, 0 if value == int(value) else 1))
