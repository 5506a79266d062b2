"""Action plan: the actions that add the most points, ticked off as done."""

from ssi_app.navigation import show
from ssi_app.views import plan

show(plan.render)
