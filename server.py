"""The server: Streamlit's ASGI app around app.py. `make run` starts it (`streamlit run server.py`).

Between a fresh server answering and the first page asking for data, the browser spends about a
second loading Streamlit's page, while the server has nothing to do. The start-up hook imports
what My SSI needs (pandas, DuckDB, the store, the history and the message catalogues) in a thread
meanwhile, so that the first page's script does not wait for them (issue 5: start-up to first
page). `streamlit run app.py` still works, without that head start.
"""

import threading
from contextlib import asynccontextmanager

import streamlit as st


def _preload() -> None:
    import app_state  # noqa: F401  (pandas, DuckDB, the store and the history)
    from ssi_core.i18n import LANGUAGES, catalogue

    for lang in LANGUAGES:
        catalogue(lang)


@asynccontextmanager
async def _lifespan(_app):
    threading.Thread(target=_preload, name="ssi-preload", daemon=True).start()
    yield


app = st.App("app.py", lifespan=_lifespan)
