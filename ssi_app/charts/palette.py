"""The colours of every chart, as plain strings.

My SSI draws its pillar meters as HTML with these colours: importing this module must not load
Altair, pandas or Streamlit.
"""

from __future__ import annotations

BRAND_BLUE = "#0A66C2"  # LinkedIn blue: the user's own SSI
ROLLING_BLUE = "#8DBBEA"  # drawn wider and under the SSI line, like a halo
PEAK_NAVY = "#004182"
INDUSTRY_GREY = "#8A8D91"
NETWORK_ORANGE = "#E07B00"
ESTIMATE_PURPLE = "#8344CC"
GAIN_GREEN = "#2E7D32"
LOSS_RED = "#C62828"
TRACK_GREY = "#E9EDF1"
RULE_GREY = "#9AA4AF"
GRID_GREY = "#EEF1F4"
MAX_RULE_GREY = "#C3CAD2"
AXIS_GREY = "#D0D5DB"
TEXT_DARK = "#1F2937"
TEXT_MUTED = "#6B7280"

# One colour per series of the SSI and rank charts.
SERIES_COLORS: dict[str, str] = {
    "ssi": BRAND_BLUE,
    "ssi_avg": ROLLING_BLUE,
    "industry_ssi": INDUSTRY_GREY,
    "network_ssi": NETWORK_ORANGE,
    "estimate": ESTIMATE_PURPLE,
    "industry_top_pct": INDUSTRY_GREY,
    "network_top_pct": NETWORK_ORANGE,
}

# One colour per pillar, the same in every chart and on My SSI's pillar meters.
PILLAR_COLORS: dict[str, str] = {
    "professional_brand": "#0E7C86",
    "find_right_people": "#6C5CE7",
    "insight_engagement": "#E3A008",
    "strong_relationship": "#D6456B",
}
