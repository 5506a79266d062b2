"""The app's caches: shared reads keyed by data version, chart specs with Arrow datasets."""

import pyarrow as pa

from ssi_app.cache import SharedCache
from ssi_app.charts import chart_spec
from ssi_app.charts.pillars import pillar_bars
from ssi_core.demo import demo_history
from ssi_core.store import Store

PILLARS = {
    "professional_brand": 21.4,
    "find_right_people": 17.66,
    "insight_engagement": 13.78,
    "strong_relationship": 19.4,
}


def test_a_write_from_another_program_shows_on_the_next_rerun(app, app_db):
    app.run()
    assert not app.get("metric")  # the first visit: nothing stored yet
    Store(app_db).import_snapshots("default", demo_history())  # as the command line would
    app.run()
    assert app.get("metric")[0].value.startswith("72 / 100")


def test_the_shared_cache_makes_each_value_once_and_drops_the_least_recently_used():
    shared = SharedCache(2)
    made = []

    def make(value):
        made.append(value)
        return value

    assert shared.get("a", lambda: make(1)) == 1
    assert shared.get("a", lambda: make(2)) == 1  # found: not made again
    shared.get("b", lambda: make(3))
    shared.get("a", lambda: make(4))  # "a" is now the most recently used
    shared.get("c", lambda: make(5))  # over the size: "b" goes
    assert shared.get("b", lambda: make(6)) == 6
    assert made == [1, 3, 5, 6]
    shared.clear()
    assert shared.get("a", lambda: make(7)) == 7


def test_a_write_drops_only_the_writers_entries():
    shared = SharedCache(10)
    for key in [("db", "ana", 1, "snapshots"), ("db", "ana", 2, "summary"), ("db", "bob", 1, "x")]:
        shared.get(key, lambda: 0)
    shared.drop(("db", "ana"))
    assert shared.keys() == [("db", "bob", 1, "x")]


def test_a_chart_spec_carries_its_rows_as_the_arrow_streamlit_sends():
    built = pillar_bars(PILLARS)
    spec = chart_spec(lambda: built)
    ((name, arrow),) = spec["datasets"].items()
    assert isinstance(arrow, bytes)
    rows = pa.ipc.open_stream(arrow).read_all().to_pylist()
    expected = built.to_dict(validate=False)["datasets"][name]
    assert [{k: r[k] for k in e} for r, e in zip(rows, expected, strict=True)] == expected
