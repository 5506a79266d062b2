"""A bare Streamlit page: the yardstick every page and the start-up are compared with."""

import streamlit as st

st.title("Bare page")
