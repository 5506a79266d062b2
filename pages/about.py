"""What is the SSI: the score, its four pillars, the groups and ranks, and how to read them."""

from ssi_app.navigation import show
from ssi_app.views import about

show(about.render)
