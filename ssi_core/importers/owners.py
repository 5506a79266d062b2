"""Whose number a value is: the member's, or the average of their industry or network.

LinkedIn shows the same labels (a pillar, "SSI médio") for the member and for each group; only
the section or heading around a value says whose it is. Readers that see sections resolve a
field through `owned_field`, and a value whose owner nobody can tell is not read at all: it must
never land in the member's columns.
"""

from __future__ import annotations

from ssi_core.pillars import (
    GROUP_PILLAR_COLUMNS,
    GROUP_RANK_COLUMNS,
    GROUP_SSI_COLUMNS,
    GROUPS,
    PILLAR_IDS,
)

MEMBER = "member"
OWNERS: tuple[str, ...] = (MEMBER, *GROUPS)
# Fields named in the synonyms that say whose they are only through their section.
GROUP_SSI, GROUP_RANK = "group_ssi", "group_top_pct"
RELATIVE_FIELDS: frozenset[str] = frozenset({"ssi", *PILLAR_IDS, GROUP_SSI, GROUP_RANK})


def is_relative(field: str | None) -> bool:
    """True for a field whose owner comes from its section (a pillar, the SSI, an average)."""
    return field in RELATIVE_FIELDS


def owned_field(field: str, owner: str | None) -> str | None:
    """The canonical column of `field` as said of `owner`; None when it cannot be placed.

    Args:
        field: a canonical field, or GROUP_SSI / GROUP_RANK.
        owner: MEMBER, a group ("industry", "network"), or None when nobody can tell.
    Returns:
        Fields that name their owner themselves ("industry_ssi") come back unchanged; a pillar or
        the SSI becomes the owner's column ("network_professional_brand", "network_ssi"); None
        when the owner is unknown or the field means nothing for it (an average of the member).
    """
    if not is_relative(field):
        return field
    if owner == MEMBER:
        return field if field in PILLAR_IDS or field == "ssi" else None
    if owner not in GROUPS:
        return None
    if field in PILLAR_IDS:
        return GROUP_PILLAR_COLUMNS[owner][field]
    if field == GROUP_RANK:
        return GROUP_RANK_COLUMNS[owner]
    return GROUP_SSI_COLUMNS[owner]  # the SSI said of a group is its average
