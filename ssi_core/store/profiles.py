"""Profiles: the names the app starts with, the rule for a profile's name, a profile's settings.

Every profile belongs to one owner (the signed-in user); the single-user app has one owner,
LOCAL_OWNER. Two owners may use the same profile name without ever meeting.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ssi_core.errors import SSIError

DEFAULT_PROFILE = "default"
LOCAL_OWNER = "local"
PROFILE_NAME_MAX = 80


@dataclass(frozen=True)
class Profile:
    name: str
    industry: str | None
    industry_ssi: float | None
    network_ssi: float | None
    is_demo: bool
    created_at: datetime


def check_profile_name(name: str) -> str:
    """Return the trimmed profile name, or raise SSIError saying what is wrong with it."""
    cleaned = (name or "").strip()
    if not cleaned:
        raise SSIError("A profile needs a name.")
    if len(cleaned) > PROFILE_NAME_MAX:
        raise SSIError(f"Profile name is longer than {PROFILE_NAME_MAX} characters.")
    return cleaned
