"""The importer's sentences, from data/locales/import.<lang>.toml via the shared catalogue."""

from __future__ import annotations

from functools import lru_cache

from ssi_core.i18n import catalogue
from ssi_core.importers.model import ImportRejected, RowIssue

MAX_VALUE_CHARS = 40


class _Keep(dict):
    """Leaves an unknown {placeholder} as it is instead of failing."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


@lru_cache(maxsize=512)
def template(key: str, lang: str = "en") -> str:
    """The raw message `import.<key>` in `lang` (English when missing)."""
    full = f"import.{key}"
    return catalogue(lang).get(full) or catalogue("en").get(full) or full


def fill(pattern: str, params: dict) -> str:
    try:
        return pattern.format_map(params)
    except (KeyError, IndexError, ValueError):
        return pattern.format_map(_Keep(params))


def text(key: str, lang: str = "en", **params: object) -> str:
    """The message `import.<key>` in `lang`, English when missing, filled with `params`."""
    return fill(template(key, lang), params)


def shown(value: object) -> str:
    """A cell as the user wrote it, shortened for a message."""
    # One line, whatever the cell held; only its start is looked at (a cell can be megabytes).
    rendered = " ".join(str(value)[: MAX_VALUE_CHARS * 8].split())
    if len(rendered) > MAX_VALUE_CHARS:
        rendered = rendered[: MAX_VALUE_CHARS - 1] + "…"
    return rendered


def number_text(value: float) -> str:
    """20.998 -> '20.998', 25.0 -> '25'."""
    return f"{value:g}" if abs(value) < 1e15 else str(value)


def issue(code: str, row: int | None = None, **params: object) -> RowIssue:
    """A RowIssue for `reason.*` or `warning.*` with its English message."""
    if row is not None:
        params["row"] = row
    return RowIssue(row, code, params, fill(template(code), params))


def rejected(code: str, **params: object) -> ImportRejected:
    """The exception for a file that cannot be imported at all (`error.*`)."""
    return ImportRejected(text(f"error.{code}", **params), f"error.{code}", params)
