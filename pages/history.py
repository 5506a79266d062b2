"""History: the SSI and its pillars over time, against the averages."""

from ssi_app.navigation import show
from ssi_app.views import history

show(history.render)
