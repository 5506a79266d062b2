"""The import and export commands. The exit-status contract is checked on a real process
(python -m ssi_core ...); the rest runs main() in-process to keep the suite fast."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from ssi_core.__main__ import main
from ssi_core.pillars import EXPORT_COLUMNS, GROUP_PILLAR_IDS

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "imports"


def run_process(*args: str | Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "ssi_core", *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )


@pytest.fixture
def cli(capsys):
    """Run the command line in-process: (exit status, stdout, stderr)."""

    def run(*args: str | Path) -> tuple[int, str, str]:
        status = main([str(arg) for arg in args])
        out, err = capsys.readouterr()
        return status, out, err

    return run


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "t.duckdb"


def export_json(cli, db: Path, profile: str = "default") -> list[dict]:
    status, out, err = cli("export", "--db", db, "--profile", profile, "--format", "json")
    assert status == 0, err
    return json.loads(out)


def test_a_real_process_imports_and_rejects_as_the_contract_says(db, tmp_path, cli):
    done = run_process("import", FIXTURES / "tracker_bom_crlf.csv", "--db", db)
    assert done.returncode == 0, done.stderr
    assert "3 new, 0 replaced, 0 unchanged" in done.stdout
    before = export_json(cli, db)
    assert [r["ssi"] for r in before] == [52.0, 53.0, 54.0]

    bad = tmp_path / "broken.csv"
    bad.write_text("date,ssi\n2026-05-01,500\n", encoding="utf-8")
    done = run_process("import", bad, "--db", db)
    assert done.returncode == 2
    assert "broken.csv" in done.stderr and "Row 2: ssi = 500 is outside 0–100" in done.stderr
    assert done.stderr.count("\n") == 1 and done.stdout == ""
    assert export_json(cli, db) == before


def test_import_export_import_round_trip_and_reimport_changes_nothing(cli, db, tmp_path):
    status, out, err = cli("import", FIXTURES / "hoja_es_cp1252.csv", "--db", db)
    assert status == 0, err
    assert "Format: csv_wide" in out and "Encoding: cp1252" in out
    assert "Row 5: Marca = 27.5 is outside 0–25" in out
    assert "4 new, 0 replaced, 0 unchanged" in out
    first = export_json(cli, db)
    assert [r["date"] for r in first] == ["2026-04-03", "2026-04-04", "2026-04-13", "2026-04-15"]
    assert first[3]["find_right_people"] is None and first[3]["ssi"] is None
    assert first[0]["professional_brand"] == 12.25 and first[0]["industry_top_pct"] is None

    status, out, _ = cli("import", FIXTURES / "hoja_es_cp1252.csv", "--db", db)
    assert status == 0 and "Nothing changed" in out
    assert "This file was imported before." in out

    for fmt in ("csv", "json"):
        path = tmp_path / f"history.{fmt}"
        status, _, _ = cli("export", "--db", db, "--format", fmt, "--out", path)
        assert status == 0
        status, out, err = cli("import", path, "--db", db, "--profile", f"copy-{fmt}")
        assert status == 0 and "Format: ssi_export" in out, err
        assert export_json(cli, db, f"copy-{fmt}") == first


def test_csv_export_to_stdout(cli, db):
    cli("import", FIXTURES / "ssi_export.csv", "--db", db)
    status, out, _ = cli("export", "--db", db)
    assert status == 0
    # The fixture is an export from before text cells were quoted and before the groups'
    # pillars: it still imports the same, and exports again with the group pillars unknown.
    written = (FIXTURES / "ssi_export.csv").read_text(encoding="utf-8")
    quoted = [line.rsplit(",", 1) for line in written.splitlines()[1:]]
    unknown_groups = "," * len(GROUP_PILLAR_IDS)
    expected = [",".join(EXPORT_COLUMNS)]
    expected += [
        (f'{rest},"{text}"' if text else f"{rest},") + unknown_groups for rest, text in quoted
    ]
    assert "\n".join(expected) + "\n" == out


def test_the_long_layout_with_sections_goes_in_and_comes_out_with_every_groups_pillar(
    cli, db, tmp_path
):
    status, out, err = cli("import", FIXTURES / "rastreador_longo_secoes.csv", "--db", db)
    assert status == 0, err
    assert "Format: csv_long" in out and "'Média da sua equipe' not read" in out
    first = export_json(cli, db)
    assert [r["date"] for r in first] == ["2026-05-26", "2026-05-27"]
    assert first[0]["professional_brand"] == 20.998
    assert [first[0][c] for c in GROUP_PILLAR_IDS] == [9.61, 9.05, 2.1, 15.2, 13.22, 8.1, 2.4, 16.3]
    assert [first[1][c] for c in GROUP_PILLAR_IDS] == [None] * 4 + [13.3, 8.1, 2.5, 16.3]
    for fmt in ("csv", "json"):
        path = tmp_path / f"history.{fmt}"
        assert cli("export", "--db", db, "--format", fmt, "--out", path)[0] == 0
        status, out, err = cli("import", path, "--db", db, "--profile", f"copy-{fmt}")
        assert status == 0 and "Format: ssi_export" in out, err
        assert export_json(cli, db, f"copy-{fmt}") == first
        status, out, _ = cli("import", path, "--db", db)
        assert status == 0 and "Nothing changed" in out


def test_dry_run_writes_nothing_and_date_dates_a_single_response(cli, db):
    args = ("import", FIXTURES / "linkedin_ssi.json", "--db", db, "--date", "2026-05-02")
    status, out, _ = cli(*args, "--dry-run")
    assert status == 0 and "Dry run: nothing was written." in out
    assert "New days: 1" in out
    assert export_json(cli, db) == []
    status, _, err = cli(*args)
    assert status == 0, err
    (record,) = export_json(cli, db)
    assert record["date"] == "2026-05-02" and record["ssi"] == 19.705751
    assert record["network_ssi"] == 32.72 and record["industry_top_pct"] == 75.0


def test_bad_date_option_missing_file_and_unknown_profile_exit_2(cli, db, tmp_path):
    status, _, err = cli("import", FIXTURES / "linkedin_ssi.json", "--db", db, "--date", "2/5/26")
    assert status == 2 and "YYYY-MM-DD" in err
    status, _, err = cli("import", tmp_path / "nope.csv", "--db", db)
    assert status == 2 and "nope.csv" in err
    status, _, err = cli("export", "--db", db, "--profile", "nobody")
    assert status == 2 and "nobody" in err
