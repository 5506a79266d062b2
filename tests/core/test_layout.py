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


def private_uses(source: str) -> list[str]:
    """The project's private names (`_name`) that `source` imports, or reaches through a module
    or class it imported from the project."""
    tree = ast.parse(source)
    ours, found = set(), []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(OURS):
            for alias in node.names:
                if alias.name.startswith("_"):
                    found.append(f"{node.module}.{alias.name}")
                ours.add(alias.asname or alias.name)
        elif isinstance(node, ast.Import):
            ours |= {a.asname or a.name for a in node.names if a.name.startswith(OURS)}
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and node.attr.startswith("_")
            and not node.attr.startswith("__")
            and isinstance(node.value, ast.Name)
            and node.value.id in ours
        ):
            found.append(f"{node.value.id}.{node.attr}")
    return found


def test_private_uses_sees_an_import_and_an_attribute():
    source = "from ssi_core.i18n import _babel, t\nfrom ssi_app import data\ndata._store()\n"
    assert private_uses(source) == ["ssi_core.i18n._babel", "data._store"]
    assert private_uses("import os\nos._exit\nfrom pathlib import _x\n") == []


def test_tests_and_the_bench_use_public_names_only():
    files = sorted((ROOT / "tests").rglob("*.py")) + sorted((ROOT / "bench").rglob("*.py"))
    offenders = {}
    for path in files:
        if found := private_uses(path.read_text(encoding="utf-8")):
            offenders[str(path.relative_to(ROOT))] = found
    assert len(files) > 60 and offenders == {}
