"""A deterministic demo profile: six months of plausible daily SSI, for exploring the app."""

from __future__ import annotations

import math
import random
from datetime import date, timedelta

import pandas as pd

from ssi_core.pillars import GROUP_PILLAR_COLUMNS, PILLAR_IDS, SNAPSHOT_COLUMNS

DEMO_PROFILE = "Demo"
DEMO_DAYS = 180
# Where the demo ends up, from a real SSI page: 21.4 / 17.66 / 13.78 / 19.4.
_END = {
    "professional_brand": 21.4,
    "find_right_people": 17.66,
    "insight_engagement": 13.78,
    "strong_relationship": 19.4,
}
_START = {
    "professional_brand": 14.0,
    "find_right_people": 11.0,
    "insight_engagement": 6.5,
    "strong_relationship": 12.0,
}
# The groups' average of each pillar on an average day (industry SSI 22, network SSI 37): as on
# real pages, building relationships carries most of an average member's score and engaging
# with insights the least, so the member's lead shows most there, while the network builds
# relationships a little better than the member does: a first visit shows both a lead and a
# pillar to work on. Each day's group pillars are these shares of that day's group SSI, so they
# add up to it.
_GROUP_PILLARS = {
    "industry": {
        "professional_brand": 4.2,
        "find_right_people": 3.1,
        "insight_engagement": 2.1,
        "strong_relationship": 12.6,
    },
    "network": {
        "professional_brand": 7.0,
        "find_right_people": 7.5,
        "insight_engagement": 2.4,
        "strong_relationship": 20.1,
    },
}


def demo_history(end: date | None = None, days: int = DEMO_DAYS, seed: int = 7) -> pd.DataFrame:
    """Daily snapshots that rise with some noise and one dip, ending on `end` (default today)."""
    end = end or date.today()
    rng = random.Random(seed)
    rows = []
    for i in range(days):
        day = end - timedelta(days=days - 1 - i)
        progress = i / (days - 1)
        # A holiday dip around two thirds of the way: real histories have them.
        dip = 2.5 * math.exp(-(((progress - 0.66) / 0.03) ** 2))
        values = {}
        for pid in PILLAR_IDS:
            base = _START[pid] + (_END[pid] - _START[pid]) * progress
            noise = 0 if i == days - 1 else rng.gauss(0, 0.25)
            value = base + noise - (dip if pid == "insight_engagement" else dip / 3)
            values[pid] = round(min(25.0, max(0.0, value)), 2)
        ssi = round(sum(values.values()), 2)
        averages = {
            "industry": round(21 + progress * 1 + rng.gauss(0, 0.2), 1),
            "network": round(35 + progress * 2 + rng.gauss(0, 0.2), 1),
        }
        rows.append(
            {
                "date": day,
                "ssi": ssi,
                **values,
                "industry_ssi": averages["industry"],
                "industry_top_pct": max(1.0, round(12 - 9 * progress)),
                "network_ssi": averages["network"],
                "network_top_pct": max(1.0, round(10 - 7 * progress)),
                "industry": "Staffing and Recruiting",
                **_group_pillars(averages),
                "source": "demo",
            }
        )
    return pd.DataFrame(rows, columns=list(SNAPSHOT_COLUMNS))


def _group_pillars(averages: dict[str, float]) -> dict[str, float]:
    """Each group's pillars on a day whose group SSI is `averages[group]`."""
    values = {}
    for group, shares in _GROUP_PILLARS.items():
        total = sum(shares.values())
        for pid, share in shares.items():
            values[GROUP_PILLAR_COLUMNS[group][pid]] = round(averages[group] * share / total, 2)
    return values
