"""My SSI: the latest score, its pillars, and how it compares."""

from ssi_app.navigation import show
from ssi_app.views import overview

show(overview.render)
