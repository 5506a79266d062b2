"""The shape of the code: pages hand over to their view, only the data module holds the store."""

import ast
from pathlib import Path

from tests.support import ROOT

PRODUCT = [ROOT / "app.py", ROOT / "server.py", *sorted((ROOT / "pages").glob("*.py"))]
PRODUCT += sorted((ROOT / "ssi_app").rglob("*.py")) + sorted((ROOT / "ssi_core").rglob("*.py"))


def imported_names(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return names


def test_no_module_works_around_its_import_order():
    offenders = [str(p.relative_to(ROOT)) for p in PRODUCT if "noqa: E402" in p.read_text()]
    assert len(PRODUCT) > 40 and offenders == []


def test_each_page_file_only_hands_over_to_its_view():
    for page in sorted((ROOT / "pages").glob("*.py")):
        body = ast.parse(page.read_text(encoding="utf-8")).body
        statements = [node for node in body if not isinstance(node, ast.Expr | ast.Import)]
        calls = [node for node in body if isinstance(node, ast.Expr)][1:]  # after the docstring
        assert all(isinstance(node, ast.ImportFrom) for node in statements), page.name
        assert len(calls) == 1 and ast.unparse(calls[0]).startswith("show("), page.name


def test_only_the_data_module_opens_the_store():
    holders = [
        str(path.relative_to(ROOT))
        for path in PRODUCT
        if "ssi_core.store.Store" in imported_names(path) and "ssi_core" not in path.parts
    ]
    assert holders == ["ssi_app/data.py"]


OURS = ("ssi_core", "ssi_app")
# Other libraries' private names that tests and the bench reach on purpose, and why.
THEIRS = {
    "st.secrets._reset": "Streamlit's: what it does when the secrets file changes",
    "secrets._secrets": "Streamlit's Secrets given its values without a file (the load bench)",
    "LocalScriptRunner._bench_timed": "a mark the bench sets on Streamlit's test runner",
    "zf._didModify": "zipfile's: a hostile ZIP whose end record lies",
}


def private_uses(source: str) -> list[str]:
    """The private names (`_name`) that `source` imports from the project, or reaches as an
    attribute of anything but its own `self` or `cls` (THEIRS excepted)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(OURS):
            found += [f"{node.module}.{a.name}" for a in node.names if a.name.startswith("_")]
        elif (
            isinstance(node, ast.Attribute)
            and node.attr.startswith("_")
            and not node.attr.startswith("__")
            and not (isinstance(node.value, ast.Name) and node.value.id in ("self", "cls"))
            and ast.unparse(node) not in THEIRS
        ):
            found.append(ast.unparse(node))
    return found


def test_private_uses_sees_imports_and_attributes_of_anything():
    source = (
        "from ssi_core.i18n import _babel, t\n"
        "import ssi_core.store\n"
        "store._run(work)\nStore(db)._db\nssi_core.store._open\nself._own\n"
    )
    assert sorted(private_uses(source)) == sorted(
        ["ssi_core.i18n._babel", "store._run", "Store(db)._db", "ssi_core.store._open"]
    )
    assert private_uses("st.secrets._reset()\nos.__name__\n") == []


def test_tests_and_the_bench_use_public_names_only():
    files = sorted((ROOT / "tests").rglob("*.py")) + sorted((ROOT / "bench").rglob("*.py"))
    offenders = {}
    for path in files:
        if found := private_uses(path.read_text(encoding="utf-8")):
            offenders[str(path.relative_to(ROOT))] = found
    assert len(files) > 60 and offenders == {}
