"""Settings and data: the profile, its averages, export and deletion."""

from ssi_app.navigation import show
from ssi_app.views import settings

show(settings.render)
