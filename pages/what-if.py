"""What-if: move the answers and see what each pillar would become."""

from ssi_app.navigation import show
from ssi_app.views import what_if

show(what_if.render)
