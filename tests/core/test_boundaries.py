"""ssi_core is pure Python: importing all of it must not pull in streamlit."""

import subprocess
import sys

from tests.conftest import ROOT


def test_ssi_core_never_imports_streamlit():
    code = (
        "import sys, pkgutil, importlib, ssi_core\n"
        "for m in pkgutil.walk_packages(ssi_core.__path__, 'ssi_core.'):\n"
        "    if m.name != 'ssi_core.__main__': importlib.import_module(m.name)\n"
        "import ssi_core.__main__\n"
        "bad = sorted(n for n in sys.modules if n == 'streamlit' or n.startswith('streamlit.'))\n"
        "print(len([n for n in sys.modules if n.startswith('ssi_core')]), bad)\n"
        "sys.exit(1 if bad else 0)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr
    modules_loaded = int(result.stdout.split()[0])
    assert modules_loaded >= 8  # the walk really imported the package
