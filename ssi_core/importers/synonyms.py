"""Recognise column names, long-layout fields and page labels by meaning (data/synonyms.toml)."""

from __future__ import annotations

import re
import tomllib
import unicodedata
from functools import cache, lru_cache
from pathlib import Path

SYNONYMS_PATH = Path(__file__).resolve().parent / "data" / "synonyms.toml"

_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_NON_WORD = re.compile(r"[^a-z0-9]+")
# ASCII other than letters and digits, as spaces: str.translate does in C what _NON_WORD does.
_ASCII_SPACES = {code: " " for code in range(128) if not chr(code).isalnum()}


def normalise(name: object) -> str:
    """'Total_SSI' -> 'total ssi', 'CapturedAt' -> 'captured at', 'Marca (0-25)' -> 'marca'."""
    text = str(name).strip().lstrip("\ufeff")
    text = _without_unit(text) or text
    text = _CAMEL.sub(" ", text)
    text = text.lower()
    if text.isascii():
        return " ".join(text.translate(_ASCII_SPACES).split())
    text = unicodedata.normalize("NFKD", text)  # accents off ('Interacción' -> 'interaccion')
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _NON_WORD.sub(" ", text).strip()


def _without_unit(text: str) -> str:
    """'Marca (0-25)' -> 'Marca': a bracketed part at the end, from its first opening bracket
    after any earlier closing one, goes. Found with a few scans from the end: a regular
    expression searching for it took time quadratic in a run of '(' (a header cell can be
    100,000 characters)."""
    end = len(text.rstrip())
    if end == 0 or text[end - 1] not in ")]":
        return text
    before = max(text.rfind(")", 0, end - 1), text.rfind("]", 0, end - 1))
    found = (text.find("(", before + 1, end - 1), text.find("[", before + 1, end - 1))
    openings = [i for i in found if i >= 0]
    if not openings:
        return text
    return text[: min(openings)].rstrip()


@lru_cache(maxsize=1)
def synonym_tables() -> dict:
    """data/synonyms.toml as written: each table's roles and the names that mean each."""
    with SYNONYMS_PATH.open("rb") as handle:
        return tomllib.load(handle)


def _lookup(table: str) -> dict[str, str]:
    entries = synonym_tables()[table].items()
    return {normalise(entry): role for role, names in entries for entry in names}


@lru_cache(maxsize=1)
def column_roles() -> dict[str, str]:
    """Normalised wide-file column name -> canonical field (or 'date' / 'time')."""
    return _lookup("columns")


@lru_cache(maxsize=1)
def long_column_roles() -> dict[str, str]:
    return _lookup("long_columns")


@lru_cache(maxsize=1)
def long_fields() -> dict[str, str]:
    return _lookup("long_fields")


@lru_cache(maxsize=1)
def long_sections() -> dict[str, str]:
    """Normalised section name of the long layout -> whose values it holds (see owners)."""
    return _lookup("long_sections")


@lru_cache(maxsize=1)
def record_owners() -> dict[str, str]:
    """Normalised key of a nested JSON object -> whose values it holds (see owners)."""
    return _lookup("record_owners")


@lru_cache(maxsize=1)
def page_sections() -> dict[str, str]:
    """Normalised heading of copied page text -> whose values follow it (see owners)."""
    return _lookup("page_sections")


@lru_cache(maxsize=1)
def page_labels() -> list[tuple[str, str]]:
    """(normalised label, field), longest label first so the most specific one matches."""
    pairs = [(label, role) for label, role in _lookup("page_labels").items()]
    return sorted(pairs, key=lambda pair: -len(pair[0]))


@lru_cache(maxsize=1)
def page_label_words() -> int:
    """The most words a page label has."""
    return max(len(label.split(" ")) for label, _ in page_labels())


def page_label(norm: str) -> str | None:
    """The field of the longest page label that `norm` (normalised text) starts with, whole
    words only; None when it starts with none. A few dictionary look-ups, whatever its length."""
    labels = _lookup_cached("page_labels")
    words = norm.split(" ", page_label_words())[: page_label_words()]
    for count in range(len(words), 0, -1):
        field = labels.get(" ".join(words[:count]))
        if field is not None:
            return field
    return None


@cache
def _lookup_cached(table: str) -> dict[str, str]:
    return _lookup(table)


@lru_cache(maxsize=1)
def day_first_words() -> frozenset[str]:
    return frozenset(normalise(word) for word in synonym_tables()["day_first_words"]["words"])


@lru_cache(maxsize=1)
def null_tokens() -> frozenset[str]:
    return frozenset(synonym_tables()["null_tokens"]["tokens"])


def column_role(name: object) -> str | None:
    return column_roles().get(normalise(name))


def headers_suggest_day_first(names: list[str]) -> bool:
    """Spanish or Portuguese column names: such sheets write dates day first."""
    words = day_first_words()
    return any(word in words for name in names for word in normalise(name).split())
