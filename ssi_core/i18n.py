"""Message catalogues (data/locales/*.<lang>.toml), texts of the data files written per language,
and number and date formatting per language (Babel's CLDR data)."""

from __future__ import annotations

import math
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from babel import Locale
    from babel.numbers import NumberPattern

LOCALES_DIR = Path(__file__).resolve().parent.parent / "data" / "locales"
LANGUAGES: dict[str, str] = {"en": "English", "es": "Español", "pt": "Português"}
DEFAULT_LANGUAGE = "en"
# The Babel locale whose numbers, dates and month names each language uses.
LOCALES: dict[str, str] = {"en": "en_US", "es": "es_ES", "pt": "pt_BR"}


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


@dataclass(frozen=True)
class Localized:
    """A text of a data file written in several languages; English stands in for a missing one.

    `texts` holds (language, text) pairs; an empty Localized reads as "" in every language.
    """

    texts: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of(cls, table: Mapping[str, str]) -> Localized:
        return cls(tuple(table.items()))

    def get(self, lang: str = DEFAULT_LANGUAGE) -> str:
        by_lang = dict(self.texts)
        return by_lang.get(lang) or by_lang.get(DEFAULT_LANGUAGE, "")

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(lang for lang, _ in self.texts)


def normalise_language(value: str | None) -> str:
    """'es-ES', 'es_419', 'Español' -> 'es'; 'pt-BR' -> 'pt'; anything unknown -> English."""
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


def _unknown(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


@cache
def _babel(lang: str) -> Locale:
    """The Babel locale object of a language (Babel is imported on first use, not at start)."""
    from babel import Locale

    return Locale.parse(babel_locale(lang))


@cache
def _number_pattern(decimals: int, trailing_zeros: bool) -> NumberPattern:
    """Grouped thousands and `decimals` fraction digits, always shown or only when not zero."""
    from babel.numbers import parse_pattern

    fraction = ("0" if trailing_zeros else "#") * decimals
    return parse_pattern(f"#,##0.{fraction}" if decimals else "#,##0")


def _decimal(value: float, lang: str, decimals: int, trailing_zeros: bool = True) -> str:
    # -0.0 equals 0.0, so a cache would give whichever came first; Babel writes "-0.0".
    negative = math.copysign(1.0, value) < 0
    return _formatted_decimal(value, negative, lang, decimals, trailing_zeros)


# Pages write the same numbers on every rerun (points, scores, their differences), and Babel
# takes about 18 microseconds for each one (a dictionary look-up: under one).
@lru_cache(maxsize=4096)
def _formatted_decimal(
    value: float, _negative: bool, lang: str, decimals: int, trailing_zeros: bool
) -> str:
    from babel.numbers import format_decimal

    return format_decimal(value, _number_pattern(decimals, trailing_zeros), locale=_babel(lang))


def fmt_number(value: float | None, lang: str = DEFAULT_LANGUAGE, decimals: int = 1) -> str:
    """21.4 in English, 21,4 in Spanish and Portuguese; thousands grouped; '—' for unknown."""
    if _unknown(value):
        return "—"
    return _decimal(value, lang, decimals)


def fmt_points(value: float | None, lang: str = DEFAULT_LANGUAGE) -> str:
    """Pillar points as LinkedIn shows them: up to two decimals, no trailing zeros (13.78, 21.4)."""
    if _unknown(value):
        return "—"
    return _decimal(value, lang, 2, trailing_zeros=False)


def fmt_signed(value: float | None, lang: str = DEFAULT_LANGUAGE, decimals: int = 1) -> str:
    """+2.5, −2.5 (a true minus sign), ±0.0; '—' for unknown."""
    if _unknown(value):
        return "—"
    sign = "+" if value > 0 else ("−" if value < 0 else "±")
    return sign + fmt_number(abs(value), lang, decimals)


def fmt_date(value: date | datetime | None, lang: str = DEFAULT_LANGUAGE) -> str:
    """The language's medium date: 'Nov 25, 2026', '25 nov 2026', '25 de nov. de 2026'."""
    if value is None:
        return "—"
    if isinstance(value, datetime):
        # What Babel formats of a date and time: its own calendar day. (Two equal instants in
        # different time zones are one key to a cache but may be two days.)
        value = value.date()
    if type(value) is date:
        return _medium_date(value, lang)
    from babel.dates import format_date

    return format_date(value, "medium", locale=_babel(lang))


# A page writes the same dates on every rerun; Babel takes about 14 microseconds for each.
@lru_cache(maxsize=4096)
def _medium_date(value: date, lang: str) -> str:
    from babel.dates import format_date

    return format_date(value, "medium", locale=_babel(lang))


def fmt_top_pct(value: float | None, lang: str = DEFAULT_LANGUAGE) -> str:
    if _unknown(value):
        return "—"
    return t("common.top_pct", lang, pct=fmt_number(value, lang, 0 if value == int(value) else 1))


# The date formats st.date_input accepts: year, month and day in one of three orders, joined by
# one of three separators. Streamlit's table columns read the same tokens.
DATE_INPUT_ORDERS = ("YYYY MM DD", "DD MM YYYY", "MM DD YYYY")
DATE_INPUT_SEPARATORS = ("/", "-", ".")
DATE_INPUT_FORMATS = tuple(
    order.replace(" ", separator)
    for order in DATE_INPUT_ORDERS
    for separator in DATE_INPUT_SEPARATORS
)
# A CLDR field that means exactly what a Streamlit token means: a two-digit day and month and
# the whole year. 'd/M/yy' (no leading zeros, two-digit year) does not map onto them.
_CLDR_TO_STREAMLIT = {"dd": "DD", "MM": "MM", "y": "YYYY", "yyyy": "YYYY"}
_SHORT_DATE = re.compile(r"^(\w+)([/.-])(\w+)\2(\w+)$")


def cldr_to_date_input(cldr_pattern: str) -> str | None:
    """'dd/MM/y' -> 'DD/MM/YYYY'; None when the pattern has no exact Streamlit equivalent."""
    match = _SHORT_DATE.match(cldr_pattern)
    if not match:
        return None
    first, separator, second, third = match.groups()
    tokens = [_CLDR_TO_STREAMLIT.get(field) for field in (first, second, third)]
    if None in tokens:
        return None
    candidate = separator.join(tokens)
    return candidate if candidate in DATE_INPUT_FORMATS else None


@cache
def date_input_format(lang: str = DEFAULT_LANGUAGE) -> str:
    """The `format` for st.date_input (and date table columns) in the language.

    The locale's short date when it maps exactly onto a format Streamlit accepts ('dd/MM/y' ->
    'DD/MM/YYYY'); otherwise the catalogue's `format.date_input` ('YYYY-MM-DD' in English).
    """
    from babel.dates import get_date_format

    derived = cldr_to_date_input(get_date_format("short", locale=_babel(lang)).pattern)
    if derived:
        return derived
    chosen = t("format.date_input", lang)
    return chosen if chosen in DATE_INPUT_FORMATS else DATE_INPUT_FORMATS[0]


def datetime_column_format(lang: str = DEFAULT_LANGUAGE) -> str:
    """The `format` of a date-and-time table column: the date input's format, then 24-hour time."""
    return f"{date_input_format(lang)} HH:mm"
