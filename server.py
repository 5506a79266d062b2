"""The server: Streamlit's ASGI app around app.py. `make run` starts it (`streamlit run server.py`).

Between a fresh server answering and the first page asking for data, the browser spends about a
second loading Streamlit's page, while the server has nothing to do. The start-up hook imports
what My SSI needs (pandas, DuckDB, the store, the history and the message catalogues) in a thread
meanwhile, opens the store and reads what My SSI shows of the default profile, so that the first
page's script does not wait for them. `streamlit run app.py` still works, without that head
start.
"""

import logging
import threading
from contextlib import asynccontextmanager

import streamlit as st


def preload() -> None:
    """Import, open and read what the first page needs (run once, in a thread, at start-up)."""
    from ssi_app import data  # pandas, DuckDB, the store and the history
    from ssi_core.i18n import LANGUAGES, catalogue

    for lang in LANGUAGES:
        catalogue(lang)
    try:
        data.preload()
    except Exception:  # a head start only: the first page says what is wrong, if anything
        logging.getLogger("ssi_coach").warning("preloading the first page failed", exc_info=True)


@asynccontextmanager
async def _lifespan(_app):
    threading.Thread(target=preload, name="ssi-preload", daemon=True).start()
    yield


app = st.App("app.py", lifespan=_lifespan)
