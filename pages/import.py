"""Import: a file or pasted page text, checked before it is saved."""

from ssi_app.navigation import show
from ssi_app.views import importing

show(importing.render)
