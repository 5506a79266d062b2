"""Property tests: whatever bytes or CSV text arrive, the importer either returns a consistent
result or raises SSIError (one sentence), and a rejected input never reaches the store."""

from __future__ import annotations

import io
import itertools
from contextlib import redirect_stderr, redirect_stdout
from datetime import date

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ssi_core.__main__ import main
from ssi_core.errors import SSIError
from ssi_core.importers import ImportResult, parse_bytes, parse_text
from ssi_core.pillars import NUMERIC_COLUMNS, RANGES, SNAPSHOT_COLUMNS
from ssi_core.store import Store

TODAY = date(2026, 6, 1)
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
PROFILES = itertools.count()

HEADERS = [
    "Date",
    "fecha",
    "data_referencia",
    "CapturedAt",
    "Total",
    "SSI",
    "ssi_overall_score",
    "Brand",
    "Marca",
    "People",
    "Personas",
    "Insights",
    "Interacción",
    "Relationships",
    "Relacionamentos",
    "Industry_Rank",
    "Media del sector",
    "network_ssi",
    "industry",
    "Notes",
    "campo",
    "valor",
    "valor_numerico",
    "",
    "x",
]
CELLS = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.integers(-10, 200).map(str),
    st.decimals(0, 120, places=3).map(lambda d: str(d).replace(".", ",")),
    st.dates(date(1990, 1, 1), date(2035, 1, 1)).map(lambda d: d.strftime("%d/%m/%Y")),
    st.dates(date(1990, 1, 1), date(2035, 1, 1)).map(lambda d: d.strftime("%m/%d/%Y")),
    st.dates(date(1990, 1, 1), date(2035, 1, 1)).map(lambda d: d.isoformat()),
    st.integers(0, 2_000_000_000_000).map(str),
    st.sampled_from(["Top 3%", "Primeiros 83%", "34 de 100", "n/a", "-", "", " ", '"', "'=1+1"]),
    st.text(max_size=12),
)


@st.composite
def csv_texts(draw) -> str:
    sep = draw(st.sampled_from([",", ";", "\t", "|"]))
    columns = draw(st.lists(st.sampled_from(HEADERS), min_size=1, max_size=8))
    rows = draw(st.lists(st.lists(CELLS, min_size=0, max_size=len(columns) + 2), max_size=12))
    end = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    lines = [sep.join(columns)] + [sep.join(row) for row in rows]
    return end.join(lines) + draw(st.sampled_from(["", end]))


# A tracker's columns, each with the values it may hold; a cell in ten is junk from CELLS.
TRACKER_COLUMNS = {
    "SSI": st.decimals(1, 100, places=2),
    "Brand": st.decimals("0.25", 25, places=2),
    "People": st.decimals("0.25", 25, places=2),
    "Insights": st.decimals("0.25", 25, places=2),
    "Relationships": st.decimals("0.25", 25, places=2),
    "Industry_Rank": st.integers(1, 100).map(lambda n: f"Top {n}%"),
    "network_ssi": st.decimals(1, 100, places=1),
    "industry": st.sampled_from(["Software", "Recruiting", "=Sales", "Educación", ""]),
}


@st.composite
def tracker_texts(draw) -> str:
    """A tracker's CSV: a date column, known columns, mostly valid rows (accepted more often
    than not, so the checks on a result run as often as the rejections)."""
    sep = draw(st.sampled_from([",", ";", "\t"]))
    columns = draw(
        st.lists(st.sampled_from(list(TRACKER_COLUMNS)), min_size=1, max_size=6, unique=True)
    )
    lines = [sep.join(["Date", *columns])]
    for _ in range(draw(st.integers(1, 8))):
        day = draw(st.dates(date(2015, 1, 1), TODAY)).isoformat()
        cells = [day]
        for column in columns:
            junk = draw(st.integers(0, 9)) == 9  # one cell in ten
            value = str(draw(CELLS if junk else TRACKER_COLUMNS[column]))
            if sep == ";":
                value = value.replace(".", ",")
            cells.append(value if sep not in value and '"' not in value else "")
        lines.append(sep.join(cells))
    return "\n".join(lines) + "\n"


def check(result: ImportResult, today: date = TODAY) -> None:
    frame = result.snapshots
    assert tuple(frame.columns) == SNAPSHOT_COLUMNS
    assert len(frame) >= 1
    assert result.rows_read == result.rows_accepted + len(result.skipped)
    assert all(type(d) is date and d <= today for d in frame["date"])
    assert frame["date"].is_unique and list(frame["date"]) == sorted(frame["date"])
    for column in NUMERIC_COLUMNS:
        low, high = RANGES[column]
        values = pd.to_numeric(frame[column]).dropna()
        assert ((values >= low) & (values <= high)).all(), column
    for item in result.skipped + result.warnings:
        assert item.message and item.code


def parse_or_reject(read) -> ImportResult | None:
    try:
        result = read()
    except SSIError as error:
        message = str(error)
        assert message and "\n" not in message.strip()
        return None
    check(result)
    return result


@FAST
@given(st.binary(max_size=600))
def test_random_bytes_never_crash(data):
    parse_or_reject(lambda: parse_bytes(data, "random.bin", today=TODAY))


@FAST
@given(st.one_of(csv_texts(), tracker_texts()), st.sampled_from(["utf-8", "utf-16", "cp1252"]))
def test_random_csv_never_crashes(text, encoding):
    data = text.encode(encoding, errors="replace")
    parse_or_reject(lambda: parse_bytes(data, "random.csv", today=TODAY))


@FAST
@given(st.text(max_size=400))
def test_random_pasted_text_never_crashes(text):
    parse_or_reject(lambda: parse_text(text, today=TODAY))


@FAST
@given(
    st.recursive(
        st.none() | st.booleans() | st.floats() | st.text(max_size=8) | st.integers(),
        lambda inner: (
            st.lists(inner, max_size=4)
            | st.dictionaries(
                st.sampled_from(
                    [
                        "memberScore",
                        "overall",
                        "subScores",
                        "pillar",
                        "score",
                        "data",
                        "groupScore",
                        "groupType",
                        "rank",
                        "date",
                        "timestamp",
                        "total",
                        "brand",
                        "PROFESSIONAL_BRAND",
                        "INDUSTRY",
                    ]
                ),
                inner,
                max_size=5,
            )
        ),
        max_leaves=20,
    )
)
def test_random_json_never_crashes(value):
    import json

    data = json.dumps(value).encode()
    parse_or_reject(lambda: parse_bytes(data, "random.json", today=TODAY))


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(st.one_of(tracker_texts(), csv_texts()))
def test_an_import_is_all_or_nothing(tmp_path, text):
    """A rejected file writes nothing (the command line exits 2); an accepted one stores exactly
    its days, value for value, unknown staying unknown."""
    db = tmp_path / "fuzz.duckdb"
    profile = f"p{next(PROFILES)}"  # a fresh profile in one database: no migration per example
    path = tmp_path / "f.csv"
    path.write_bytes(text.encode())
    try:
        result = parse_bytes(path.read_bytes(), str(path), max_bytes=None)  # as the CLI reads
    except SSIError:
        with redirect_stdout(io.StringIO()) as out, redirect_stderr(io.StringIO()):
            status = main(["import", str(path), "--db", str(db), "--profile", profile])
        assert status == 2 and out.getvalue() == ""
        assert profile not in {p.name for p in Store(db).profiles()}
        return
    check(result, today=date.today())
    store = Store(db)
    counts = store.import_snapshots(profile, result.snapshots)
    assert counts == {"new": len(result.snapshots), "replaced": 0, "unchanged": 0}
    pd.testing.assert_frame_equal(
        store.snapshots(profile).reset_index(drop=True),
        result.snapshots.reset_index(drop=True),
        check_dtype=False,
    )
