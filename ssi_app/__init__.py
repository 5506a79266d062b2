"""The Streamlit app: session, login, cached reads and the one write path, widgets, charts, views.

The only package that imports streamlit or altair; the product's logic lives in ssi_core.
"""
