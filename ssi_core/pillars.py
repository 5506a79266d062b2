"""The four SSI pillars, their ranges and labels, and the snapshot of one measured day."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, fields
from datetime import date

from ssi_core.errors import SSIError
from ssi_core.i18n import t

PILLAR_MAX = 25.0
SSI_MAX = 100.0
RANK_MIN, RANK_MAX = 0.0, 100.0
# Tolerance for "the total agrees with the pillar sum": LinkedIn's gauge rounds the total.
SUM_TOLERANCE = 1.0
# A coach calls a pillar "well established" from 70 % of its points (17.5 of 25).
WELL_ESTABLISHED = 0.7 * PILLAR_MAX


@dataclass(frozen=True)
class Pillar:
    """A pillar: its ids here, its names in the catalogues (`pillar.<id>.label`, `.short`)."""

    id: str
    api_id: str

    def label(self, lang: str = "en") -> str:
        """The pillar's full name as LinkedIn writes it ('Build relationships')."""
        return t(f"pillar.{self.id}.label", lang)

    def short(self, lang: str = "en") -> str:
        """One word for legends and narrow columns ('Relationships')."""
        return t(f"pillar.{self.id}.short", lang)


PILLARS: tuple[Pillar, ...] = (
    Pillar("professional_brand", "PROFESSIONAL_BRAND"),
    Pillar("find_right_people", "FIND_RIGHT_PEOPLE"),
    Pillar("insight_engagement", "INSIGHT_ENGAGEMENT"),
    Pillar("strong_relationship", "STRONG_RELATIONSHIP"),
)
PILLAR_IDS: tuple[str, ...] = tuple(p.id for p in PILLARS)
PILLAR_BY_ID: dict[str, Pillar] = {p.id: p for p in PILLARS}
PILLAR_BY_API_ID: dict[str, Pillar] = {p.api_id: p for p in PILLARS}

# The groups LinkedIn compares a member with: the people of their industry and of their network.
GROUPS: tuple[str, ...] = ("industry", "network")
# Each group's average of each pillar, beside the member's own: group -> pillar id -> column.
GROUP_PILLAR_COLUMNS: dict[str, dict[str, str]] = {
    group: {pid: f"{group}_{pid}" for pid in PILLAR_IDS} for group in GROUPS
}
GROUP_PILLAR_IDS: tuple[str, ...] = tuple(
    column for group in GROUPS for column in GROUP_PILLAR_COLUMNS[group].values()
)
# Each group's average SSI and the member's rank in it: group -> column.
GROUP_SSI_COLUMNS: dict[str, str] = {group: f"{group}_ssi" for group in GROUPS}
GROUP_RANK_COLUMNS: dict[str, str] = {group: f"{group}_top_pct" for group in GROUPS}

# The canonical snapshot columns, in order, as files, JSON and the export name them. Export
# writes them without `source`, which stays last.
SNAPSHOT_COLUMNS: tuple[str, ...] = (
    "date",
    "ssi",
    *PILLAR_IDS,
    "industry_ssi",
    "industry_top_pct",
    "network_ssi",
    "network_top_pct",
    "industry",
    *GROUP_PILLAR_IDS,
    "source",
)
EXPORT_COLUMNS: tuple[str, ...] = SNAPSHOT_COLUMNS[:-1]
NUMERIC_COLUMNS: tuple[str, ...] = (
    "ssi",
    *PILLAR_IDS,
    "industry_ssi",
    "industry_top_pct",
    "network_ssi",
    "network_top_pct",
    *GROUP_PILLAR_IDS,
)
RANGES: dict[str, tuple[float, float]] = {
    "ssi": (0.0, SSI_MAX),
    **{pid: (0.0, PILLAR_MAX) for pid in PILLAR_IDS},
    "industry_ssi": (0.0, SSI_MAX),
    "network_ssi": (0.0, SSI_MAX),
    "industry_top_pct": (RANK_MIN, RANK_MAX),
    "network_top_pct": (RANK_MIN, RANK_MAX),
    **{column: (0.0, PILLAR_MAX) for column in GROUP_PILLAR_IDS},
}


def check_value(field_name: str, value: float | None) -> float | None:
    """Return the value as a float, or raise SSIError naming the field and the value.

    Args:
        field_name: a canonical numeric column.
        value: the number, or None for unknown.
    Returns:
        The float, or None when unknown.
    """
    if value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise SSIError(f"{field_name}: {value!r} is not a number") from None
    if math.isnan(number):
        return None
    low, high = RANGES[field_name]
    if not low <= number <= high:
        raise SSIError(f"{field_name}: {value} is outside {low:g}–{high:g}")
    return number


@dataclass
class Snapshot:
    """One day of measured SSI for one profile; None means unknown, never 0."""

    date: date
    ssi: float | None = None
    professional_brand: float | None = None
    find_right_people: float | None = None
    insight_engagement: float | None = None
    strong_relationship: float | None = None
    industry_ssi: float | None = None
    industry_top_pct: float | None = None
    network_ssi: float | None = None
    network_top_pct: float | None = None
    industry: str | None = None
    industry_professional_brand: float | None = None
    industry_find_right_people: float | None = None
    industry_insight_engagement: float | None = None
    industry_strong_relationship: float | None = None
    network_professional_brand: float | None = None
    network_find_right_people: float | None = None
    network_insight_engagement: float | None = None
    network_strong_relationship: float | None = None
    source: str | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.date, date):
            raise SSIError(f"date: {self.date!r} is not a date")
        for name in NUMERIC_COLUMNS:
            setattr(self, name, check_value(name, getattr(self, name)))
        pillars = [getattr(self, pid) for pid in PILLAR_IDS]
        if self.ssi is None and all(v is not None for v in pillars):
            self.ssi = round(sum(pillars), 4)

    def pillar_sum(self) -> float | None:
        values = [getattr(self, pid) for pid in PILLAR_IDS]
        return None if any(v is None for v in values) else sum(values)

    def group_pillars(self, group: str) -> dict[str, float | None]:
        """A group's ("industry" or "network") average of each pillar; None where unknown."""
        return {pid: getattr(self, column) for pid, column in GROUP_PILLAR_COLUMNS[group].items()}

    def to_dict(self) -> dict:
        return asdict(self)


SNAPSHOT_FIELDS = tuple(f.name for f in fields(Snapshot))
assert SNAPSHOT_FIELDS == SNAPSHOT_COLUMNS, "Snapshot fields must match the canonical columns"
