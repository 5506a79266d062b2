"""The one-page report's rendering: its Vega-Lite page to PDF or PNG through vl-convert.

Kept apart from ssi_core.report (the page's content, made with pandas) so that the command line
can start vl-convert's JavaScript engine, most of a second, while a child process reads the store
and writes the page: this module imports neither pandas nor the store.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable

from ssi_core.errors import SSIError

# Page sizes in points (1/72 inch); the report is drawn one Vega pixel to one point.
PAPERS = {"a4": (595, 842), "letter": (612, 792)}
FORMATS = ("pdf", "png")
MARGIN = 36
# d3's locales, which vl-convert bundles, per language of the app.
_LOCALES = {"en": "en-US", "es": "es-ES", "pt": "pt-BR"}


def vega_of(spec: dict, paper: str) -> dict:
    """The Vega spec of the page: the paper's exact size, whatever the content measures."""
    import vl_convert

    page_width, page_height = PAPERS[paper]
    vega = vl_convert.vegalite_to_vega(spec)
    vega.update(
        autosize={"type": "none"},
        width=page_width - 2 * MARGIN,
        height=page_height - 2 * MARGIN,
        padding=MARGIN,
    )
    return vega


def render_spec(spec: dict, fmt: str, lang: str, paper: str) -> bytes:
    """The page's Vega-Lite spec as PDF or PNG bytes (PNG at twice the page's size in points)."""
    import vl_convert

    if fmt not in FORMATS:
        raise SSIError(f"format {fmt!r}: choose pdf or png")
    vega = vega_of(spec, paper)
    # Month names and number symbols of the report's language on the time axis.
    locale = {"format_locale": _LOCALES[lang], "time_format_locale": _LOCALES[lang]}
    if fmt == "pdf":
        return vl_convert.vega_to_pdf(vega, **locale)
    return vl_convert.vega_to_png(vega, scale=2, **locale)


def start_engine() -> None:
    """Start vl-convert's JavaScript engine (its first call of any kind pays for it)."""
    import vl_convert

    vl_convert.vegalite_to_vega({"mark": "point"})


def spec_beside_the_engine(make_spec: Callable[[], dict]) -> dict:
    """make_spec() run in a child process while this one starts the engine, on two cores.

    vl-convert holds the GIL while its engine starts, so a thread would wait for it. The child
    sends the spec back as JSON; its SSIError is raised here again (a refusal), anything else
    as a RuntimeError. Without fork (Windows), the two run one after the other.
    """
    if not hasattr(os, "fork"):
        start_engine()
        return make_spec()
    sys.stdout.flush()
    sys.stderr.flush()
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        os.close(read_end)
        try:
            try:
                payload = {"spec": make_spec()}
            except SSIError as error:
                payload = {"rejected": str(error)}
            except BaseException as error:  # noqa: BLE001 - told to the parent, which raises
                payload = {"failed": f"{type(error).__name__}: {error}"}
            with os.fdopen(write_end, "wb") as out:
                out.write(json.dumps(payload, ensure_ascii=False).encode("utf-8"))
        finally:
            os._exit(0)
    os.close(write_end)
    try:
        start_engine()
    finally:
        with os.fdopen(read_end, "rb") as incoming:
            received = incoming.read()
        os.waitpid(pid, 0)
    if not received:
        raise RuntimeError("the process making the report's page stopped without an answer")
    payload = json.loads(received)
    if "rejected" in payload:
        raise SSIError(payload["rejected"])
    if "failed" in payload:
        raise RuntimeError(payload["failed"])
    return payload["spec"]
