"""The colours of every chart, as plain strings.

My SSI draws its pillar meters as HTML with these colours: importing this module must not load
Altair, pandas or Streamlit.

Every colour that carries meaning (a series, a pillar, a group's mark) has a contrast of at least
3:1 (WCAG 2.2, non-text contrast) against the white background and the grey track it is drawn
on; text colours reach 4.5:1. The ratios are in the comments (against white / TRACK_GREY) and a
test checks them.
"""

from __future__ import annotations

BRAND_BLUE = "#0A66C2"  # 5.69 / 4.83; LinkedIn blue: the user's own SSI
ROLLING_BLUE = "#4F86C6"  # 3.78 / 3.21; drawn wider and under the SSI line, like a halo
PEAK_NAVY = "#004182"  # 10.10 / 8.59
INDUSTRY_GREY = "#737880"  # 4.44 / 3.78
NETWORK_ORANGE = "#C25E00"  # 4.29 / 3.65
ESTIMATE_PURPLE = "#8344CC"  # 5.73 / 4.87
GAIN_GREEN = "#2E7D32"  # 5.13 / 4.36
LOSS_RED = "#C62828"  # 5.62 / 4.78
# The track under a bar, and the lines that only guide the eye (a grid, an axis, the pointer's
# rule, the 25-point limit): nothing is read from them alone, so they stay light.
TRACK_GREY = "#E9EDF1"
RULE_GREY = "#9AA4AF"
GRID_GREY = "#EEF1F4"
MAX_RULE_GREY = "#C3CAD2"
AXIS_GREY = "#D0D5DB"
TEXT_DARK = "#1F2937"  # 14.68 on white
TEXT_MUTED = "#6B7280"  # 4.83 on white: axis labels

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
    "professional_brand": "#0E7C86",  # 4.95 / 4.20
    "find_right_people": "#6C5CE7",  # 4.86 / 4.13
    "insight_engagement": "#A16207",  # 4.92 / 4.18 (a darker gold)
    "strong_relationship": "#C7365F",  # 5.10 / 4.33
}
