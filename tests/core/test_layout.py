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
