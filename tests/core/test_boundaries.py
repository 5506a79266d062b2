"""ssi_core is pure Python: importing all of it must not pull in streamlit or altair."""

from tests.support import run_python


def test_ssi_core_never_imports_streamlit_or_altair():
    code = (
        "import sys, pkgutil, importlib, ssi_core\n"
        "for m in pkgutil.walk_packages(ssi_core.__path__, 'ssi_core.'):\n"
        "    if m.name != 'ssi_core.__main__': importlib.import_module(m.name)\n"
        "import ssi_core.__main__\n"
        "ui = ('streamlit', 'altair')\n"
        "bad = sorted(n for n in sys.modules if n.split('.')[0] in ui)\n"
        "print(len([n for n in sys.modules if n.startswith('ssi_core')]), bad)\n"
        "sys.exit(1 if bad else 0)\n"
    )
    modules_loaded = int(run_python(code)[-1].split()[0])
    assert modules_loaded >= 8  # the walk really imported the package


def test_the_duckdb_store_does_not_load_sqlalchemy(tmp_path):
    """SQLAlchemy and its dialects take 0.3-0.5 s to import: only PostgreSQL needs them, so the
    first page after a laptop's `make run` does not wait for them."""
    code = (
        "import sys\n"
        "from ssi_core.store import Store\n"
        f"store = Store({str(tmp_path / 'ssi.duckdb')!r})\n"
        "store.ensure_profile('p')\n"
        "assert [p.name for p in store.profiles()] == ['p']\n"
        "loaded = {n.split('.')[0] for n in sys.modules}\n"
        "print(sorted(loaded & {'sqlalchemy', 'duckdb_engine'}))\n"
    )
    assert run_python(code)[-1] == "[]"
