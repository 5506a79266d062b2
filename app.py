"""SSI Coach: the app's entry (`streamlit run app.py`; `make run` starts server.py around it)."""

from ssi_app import navigation

navigation.run()
