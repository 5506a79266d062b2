"""Team: profiles side by side, or a team whose members each choose what it sees."""

from ssi_app.navigation import show
from ssi_app.views import team

show(team.render)
