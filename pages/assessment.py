"""Self-assessment: the questionnaire and the estimate it gives."""

from ssi_app.navigation import show
from ssi_app.views import assessment

show(assessment.render)
