"""The colours pass WCAG 2.2 AA: text and captions of the theme at 4.5:1, the colours of series,
pillars and group marks at 3:1 against the background and the track they are drawn on."""

import tomllib

import pytest

from ssi_app.charts import palette
from tests.support import ROOT

THEME = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))["theme"]
# Streamlit draws captions in the text colour at this opacity, and a selected or hovered choice
# in the primary colour on this tint of it.
CAPTION_OPACITY = 0.6
CHOICE_TINT = 0.2
TEXT, GRAPHICS = 4.5, 3.0


def luminance(colour: str) -> float:
    channels = [int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: str, other: str) -> float:
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def over(colour: str, background: str, alpha: float) -> str:
    """`colour` at `alpha` opacity over `background`."""
    fg, bg = colour.lstrip("#"), background.lstrip("#")
    mixed = (
        round(alpha * int(fg[i : i + 2], 16) + (1 - alpha) * int(bg[i : i + 2], 16))
        for i in (0, 2, 4)
    )
    return "#" + "".join(f"{c:02x}" for c in mixed)


BACKGROUNDS = [THEME["backgroundColor"], THEME["secondaryBackgroundColor"]]


@pytest.mark.parametrize("background", BACKGROUNDS)
def test_text_and_captions_of_the_theme_reach_4_5_to_1(background):
    text = THEME["textColor"]
    assert contrast(text, background) >= TEXT
    assert contrast(over(text, background, CAPTION_OPACITY), background) >= TEXT


def test_a_chosen_option_in_the_primary_colour_reaches_4_5_to_1_on_its_tint():
    primary, background = THEME["primaryColor"], THEME["backgroundColor"]
    assert contrast(primary, over(primary, background, CHOICE_TINT)) >= TEXT
    assert contrast("#FFFFFF", primary) >= TEXT  # a primary button's label


MEANINGFUL = {
    **{f"series {name}": colour for name, colour in palette.SERIES_COLORS.items()},
    **{f"pillar {name}": colour for name, colour in palette.PILLAR_COLORS.items()},
    "peak": palette.PEAK_NAVY,
    "gain": palette.GAIN_GREEN,
    "loss": palette.LOSS_RED,
}


@pytest.mark.parametrize("name", sorted(MEANINGFUL))
def test_every_colour_that_carries_meaning_reaches_3_to_1_on_white_and_on_its_track(name):
    colour = MEANINGFUL[name]
    assert contrast(colour, THEME["backgroundColor"]) >= GRAPHICS, name
    assert contrast(colour, palette.TRACK_GREY) >= GRAPHICS, name


def test_chart_text_reaches_4_5_to_1():
    for colour in (palette.TEXT_DARK, palette.TEXT_MUTED):
        assert contrast(colour, THEME["backgroundColor"]) >= TEXT
