"""What moved my SSI: which activity's weekly changes came before each pillar's weekly changes.

A lagged correlation between the week-on-week change of an activity (posts, comments, ...) and
the week-on-week change of a pillar some weeks later (0 to MAX_LAG_WEEKS). It says what went
together, never what caused what: the reading is a correlation, and is worded so on screen.
It is read only where at least MIN_OVERLAP_WEEKS weeks hold both a measured SSI and activity.

Each pillar is compared with 6 activities at 5 lags: the strongest of 30 correlations on noise
alone is often 0.5 over half a year of weeks. A link is therefore shown only when it would be
unlikely from noise across all 30 tries (Fisher's z against a 5 % level split 30 ways), and never
below WEAK. Weekly changes are autocorrelated (a high week is followed by a fall), which makes
chance correlations larger: the weeks are counted as Bartlett's effective number of
independent pairs.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ssi_core.archive.dates import week_of
from ssi_core.archive.reader import ACTIVITIES
from ssi_core.pillars import PILLAR_IDS

MIN_OVERLAP_WEEKS = 12
MAX_LAG_WEEKS = 4
# Pairs of weekly changes a single correlation needs.
MIN_PAIRS = 8
# |r| from these values on is called moderate and strong; below WEAK it is no link at all.
WEAK, MODERATE, STRONG = 0.3, 0.5, 0.7
# Fisher's z for a two-sided 5 % level over the 30 correlations tried per pillar (0.05 / 30).
Z_CRITICAL = 3.14


# Autocorrelation lags counted in the effective number of pairs.
BARTLETT_LAGS = 4


def least_shown(pairs: float) -> float:
    """The smallest |r| shown for a correlation over `pairs` (effective) independent pairs."""
    return max(WEAK, math.tanh(Z_CRITICAL / math.sqrt(max(pairs - 3, 1))))


def _autocorrelations(values: np.ndarray) -> np.ndarray:
    centred = values - values.mean()
    total = float(centred @ centred)
    return np.array(
        [float(centred[k:] @ centred[:-k]) / total for k in range(1, BARTLETT_LAGS + 1)]
    )


def effective_pairs(x: np.ndarray, y: np.ndarray) -> float:
    """Bartlett's effective number of independent pairs of two autocorrelated series."""
    if len(x) <= BARTLETT_LAGS + 2:
        return float(len(x))
    inflation = 1 + 2 * float(_autocorrelations(x) @ _autocorrelations(y))
    return float(min(len(x), len(x) / max(inflation, 1e-6)))


@dataclass(frozen=True)
class PillarLink:
    """The activity whose changes went most closely with a pillar's changes `lag_weeks` later."""

    pillar: str
    activity: str
    lag_weeks: int
    correlation: float
    pairs: int

    @property
    def strength(self) -> str:
        """ "strong", "moderate" or "weak" (by |correlation|)."""
        size = abs(self.correlation)
        return "strong" if size >= STRONG else "moderate" if size >= MODERATE else "weak"


@dataclass(frozen=True)
class Influence:
    """The reading per pillar (None: no activity's changes went with it), and the overlap."""

    overlap_weeks: int
    links: dict[str, PillarLink | None]

    @property
    def enough(self) -> bool:
        return self.overlap_weeks >= MIN_OVERLAP_WEEKS


def weekly_pillars(snapshots: pd.DataFrame) -> pd.DataFrame:
    """The last measured value of each pillar per week (indexed by the week's Monday)."""
    if snapshots is None or snapshots.empty:
        return pd.DataFrame(columns=list(PILLAR_IDS))
    frame = snapshots[["date", *PILLAR_IDS]].copy()
    frame["week"] = [week_of(pd.Timestamp(day).date()) for day in frame["date"]]
    return frame.sort_values("date").groupby("week")[list(PILLAR_IDS)].last()


def what_moved(snapshots: pd.DataFrame, activity: pd.DataFrame) -> Influence:
    """Per pillar, the activity and lag (0..MAX_LAG_WEEKS weeks) whose weekly changes correlate
    most with the pillar's weekly changes.

    Args:
        snapshots: the measured history (Store.snapshots()).
        activity: weekly activity (Store.activity()): `week` and ACTIVITIES.
    Returns:
        The overlap in weeks and, when it reaches MIN_OVERLAP_WEEKS, the strongest link per
        pillar that noise would hardly give (least_shown), None otherwise.
    """
    pillars = weekly_pillars(snapshots)
    if activity is None or activity.empty or pillars.empty:
        return Influence(0, dict.fromkeys(PILLAR_IDS))
    counts = activity.set_index("week")[list(ACTIVITIES)].astype("float64")
    weeks = pd.Index(sorted(set(pillars.index) | set(counts.index)))
    start, end = (
        max(min(pillars.index), min(counts.index)),
        min(max(pillars.index), max(counts.index)),
    )
    measured = pillars.reindex(weeks)
    active = counts.reindex(weeks)
    both = measured.notna().any(axis=1) & active.notna().any(axis=1)
    overlap = int(both[(weeks >= start) & (weeks <= end)].sum())
    if overlap < MIN_OVERLAP_WEEKS:
        return Influence(overlap, dict.fromkeys(PILLAR_IDS))
    # Whole weeks in a row: a change is between one week and the next.
    full = pd.date_range(min(weeks), max(weeks), freq="W-MON").date
    measured, active = measured.reindex(full), active.reindex(full)
    pillar_changes, activity_changes = measured.diff(), active.diff()
    links = {
        pillar: _strongest(pillar, pillar_changes[pillar].to_numpy(), activity_changes)
        for pillar in PILLAR_IDS
    }
    return Influence(overlap, links)


def _strongest(
    pillar: str, changes: np.ndarray, activity_changes: pd.DataFrame
) -> PillarLink | None:
    best: PillarLink | None = None
    for name in ACTIVITIES:
        series = activity_changes[name].to_numpy()
        for lag in range(MAX_LAG_WEEKS + 1):
            earlier = np.concatenate([np.full(lag, np.nan), series[: len(series) - lag]])
            keep = ~np.isnan(earlier) & ~np.isnan(changes)
            pairs = int(keep.sum())
            if pairs < MIN_PAIRS:
                continue
            x, y = earlier[keep], changes[keep]
            if x.std() == 0 or y.std() == 0:
                continue
            r = float(np.corrcoef(x, y)[0, 1])
            if abs(r) < least_shown(effective_pairs(x, y)):
                continue
            # The strongest wins; on a tie the shorter lag and the earlier activity.
            if best is None or abs(r) > abs(best.correlation) + 1e-9:
                best = PillarLink(pillar, name, lag, round(r, 3), pairs)
    return best
