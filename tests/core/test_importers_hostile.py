"""Hostile uploads (tests/fixtures/hostile/corpus.py): each is read correctly or refused with a
clear message, and a refused file writes nothing. Each limit is met here with the limit made
small, so the inputs stay small; how long the real-size inputs take and how much memory they
need is make bench's to measure (bench/hostile.py), not asserted here."""

from __future__ import annotations

import io
import re
import subprocess
import sys
import zipfile
from datetime import date

import pytest

from ssi_core.importers import (
    ImportRejected,
    html_page,
    page_text,
    parse_bytes,
    parse_text,
    tabular,
    validate,
    workbook,
)
from ssi_core.importers.report import format_report
from ssi_core.store import Store
from tests.fixtures.hostile import corpus
from tests.support import ROOT

TODAY = date(2026, 6, 1)
MB = corpus.MB


def read(data: bytes, name: str = "f.csv", **kw):
    return parse_bytes(data, name, today=TODAY, **kw)


def refused(data: bytes, name: str = "f.csv", **kw) -> ImportRejected:
    with pytest.raises(ImportRejected) as caught:
        read(data, name, **kw)
    assert str(caught.value).startswith(name), "the message names the file"
    assert "\n" not in str(caught.value)
    return caught.value


@pytest.mark.parametrize("kind", list(corpus.KINDS))
def test_every_hostile_kind_is_read_or_refused_with_a_message(kind):
    spec = corpus.KINDS[kind]
    name, data = corpus.make(kind, min(spec.fixed_size or corpus.TEST_SIZE, corpus.TEST_SIZE))
    try:
        outcome = parse_bytes(data, name).format
    except ImportRejected as error:
        outcome = error.code
        assert str(error).startswith(name) and not re.search(r"\{[a-z_]+\}", str(error))
    assert outcome == spec.outcome


# --- the kinds the brief of this test names, at full size where it costs nothing -------------


def test_a_csv_line_of_20_mb_without_a_newline_is_refused_by_its_length():
    error = refused(b"date,ssi\n2026-01-01," + b"9" * (20 * MB - 30), "long.csv")
    assert error.code == "error.line_too_long" and error.params["line"] == 2


def test_page_text_of_one_20_mb_line_is_refused_and_a_long_line_among_others_is_skipped():
    assert refused(b"Establish your brand " * (MB // 2), "p.txt").code == "error.line_too_long"
    text = "Your current Social Selling Index\n60\nnoise " + "9" * 5_000 + "\nmore noise\n"
    result = parse_text(text, today=TODAY)
    assert list(result.snapshots["ssi"]) == [60.0]
    [warning] = result.warnings[:1]
    assert warning.code == "warning.long_lines" and warning.row == 3
    assert "1 lines longer than 2,000 characters" in warning.message


def test_a_number_as_long_as_the_page_after_a_label_is_read_in_linear_time():
    # Once a regular expression backtracked over it: 20 KB took 27 s.
    text = "Your current Social Selling Index\n60\nAverage SSI of " + "1" * 1_900 + "x\n"
    assert list(parse_text(text, today=TODAY).snapshots["ssi"]) == [60.0]


def test_nul_bytes_anywhere_and_utf16_without_a_bom():
    assert refused(b"\0" * (20 * MB), "zeros.bin").code == "error.binary"
    name, data = corpus.make("csv NUL bytes", 64 * 1024)
    result = read(data, name)
    assert result.rows_accepted == 1000 and result.skipped[0].code == "reason.not_a_number"
    name, data = corpus.make("utf-16 no BOM", 64 * 1024)
    result = read(data, name)
    assert result.encoding == "utf-16-le" and result.rows_skipped == 0
    assert result.snapshots["ssi"].between(10, 89).all()


def test_an_html_page_of_1_mb_of_nested_tags_holds_no_ssi():
    name, data = corpus.make("html nested tags", MB)
    assert refused(data, name).code == "error.no_ssi_in_page"


def test_a_saved_page_finds_its_ssi_after_any_amount_of_markup():
    name, data = corpus.make("html SSI after junk", MB)
    result = read(data, name)
    assert result.format == "html_page" and list(result.snapshots["ssi"]) == [61.5]


def test_markup_that_once_took_quadratic_time_is_read_in_one_pass():
    for data in (b"<html><body>" + b"</" * 200_000, b"<html><body>" + b"<!" * 200_000):
        assert refused(data, "p.html").code == "error.no_ssi_in_page"
    page = html_page.read('<p title="a>b">x</p><code><!--{"memberScore":{"overall":5}}--></code>')
    assert page.text == "x" and [v["memberScore"]["overall"] for v in page.json_values()] == [5]


def test_a_csv_of_100000_columns_is_refused():
    name, data = corpus.make("csv 100,000 columns", MB)
    error = refused(data, name)
    assert error.code == "error.too_many_columns" and "1,000 columns" in str(error)


def test_deeply_nested_json_is_refused():
    assert refused(b"[" * 100_000 + b"]" * 100_000, "d.json").code == "error.bad_json"
    assert refused(b"[" * 300_000 + b"]" * 300_000, "d.json").code == "error.json_too_big"


def test_a_zip_bomb_workbook_is_refused_before_anything_is_unpacked():
    name, data = corpus.make("xlsx zip bomb", 20 * MB)
    error = refused(data, name)
    assert error.code == "error.xlsx_ratio" and "xl/worksheets/sheet1.xml" in str(error)


def test_a_workbook_declaring_xfd_reads_only_its_cells():
    name, data = corpus.make("xlsx declared dimension", 5 * 1024)
    result = read(data, name)
    assert list(result.snapshots["ssi"]) == [50.0] and result.rows_read == 1


def test_cells_past_the_column_limit_are_not_read_with_a_warning():
    name, data = corpus.make("xlsx far cells", 64 * 1024)
    result = read(data, name)
    assert result.format == "xlsx" and result.snapshots["ssi"].eq(50).all()
    assert result.warnings[0].code == "warning.columns_not_read"
    assert "column 1,000" in result.warnings[0].message


# --- each limit, made small -------------------------------------------------------------------


def test_too_many_tags(monkeypatch):
    monkeypatch.setattr(html_page, "MAX_HTML_TAGS", 100)
    error = refused(b"<html><body>" + b"<p>x</p>" * 60, "p.html")
    assert error.code == "error.too_many_tags" and "100 HTML tags" in str(error)


def test_too_many_lines_of_page_text(monkeypatch):
    monkeypatch.setattr(page_text, "MAX_TEXT_LINES", 10)
    error = refused(b"Your current Social Selling Index\n60\n" + b"x\n" * 20, "p.txt")
    assert error.code == "error.too_many_lines"


def test_too_many_rows_and_the_long_layout_s_own_limit(monkeypatch):
    monkeypatch.setattr(tabular, "MAX_ROWS", 5)
    monkeypatch.setattr(tabular, "MAX_LONG_ROWS", 3)
    read(b"date,ssi\n" + b"2026-01-01,50\n" * 5)
    assert refused(b"date,ssi\n" + b"2026-01-01,50\n" * 6).code == "error.too_many_rows"
    long = b"data_referencia;campo;valor_numerico\n" + b"2026-01-01;SSI;50\n" * 4
    assert refused(long).params["limit"] == "3"


def test_too_many_keys_and_json_values(monkeypatch):
    keys = b"[" + b",".join(b'{"date":"2026-01-01","ssi":50,"k%d":1}' % n for n in range(20)) + b"]"
    monkeypatch.setattr(tabular, "MAX_COLUMNS", 10)
    assert refused(keys, "k.json").code == "error.too_many_keys"
    monkeypatch.undo()
    from ssi_core.importers import detect

    monkeypatch.setattr(detect, "MAX_JSON_CONTAINERS", 5)
    error = refused(keys, "k.json")
    assert error.code == "error.json_too_big" and error.params["count"] == "21"


def test_workbook_archive_limits(monkeypatch):
    _, data = corpus.make("xlsx declared dimension", 5 * 1024)
    monkeypatch.setattr(workbook, "MAX_XLSX_PARTS", 3)
    assert refused(data, "w.xlsx").code == "error.xlsx_parts"
    monkeypatch.undo()
    monkeypatch.setattr(workbook, "MAX_XLSX_UNPACKED_BYTES", 1000)
    assert refused(data, "w.xlsx").code == "error.xlsx_too_big"
    monkeypatch.undo()
    monkeypatch.setattr(workbook, "MAX_XLSX_OTHER_PART_BYTES", 1000)
    error = refused(data, "w.xlsx")
    assert error.code == "error.xlsx_part_too_big" and "xl/theme/theme1.xml" in str(error)


def test_a_part_that_lies_about_its_size_is_damaged_not_read_past_it():
    _, data = corpus.make("xlsx declared dimension", 5 * 1024)
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            archive.writestr(info, source.read(info.filename))
    lying = bytearray(out.getvalue())
    # The central directory (where the end record says) says the sheet unpacks to 40 bytes:
    # zipfile never reads past what a part declares.
    end = lying.rfind(b"PK\x05\x06")
    directory = int.from_bytes(lying[end + 16 : end + 20], "little")
    entry = lying.find(corpus.SHEET.encode(), directory) - 46  # the name follows 46 bytes
    assert lying[entry : entry + 4] == b"PK\x01\x02"
    lying[entry + 24 : entry + 28] = (40).to_bytes(4, "little")
    assert refused(bytes(lying), "w.xlsx").code == "error.bad_xlsx"


def test_only_the_first_reasons_are_listed_and_every_skipped_row_is_counted(monkeypatch):
    monkeypatch.setattr(validate, "MAX_LISTED_ISSUES", 3)
    result = read(b"date,ssi\n" + b"2026-01-01,abc\n" * 10 + b"2026-01-02,50\n")
    assert result.rows_read == 11 and result.rows_skipped == 10 and result.rows_accepted == 1
    assert [i.row for i in result.skipped] == [2, 3, 4]
    report = format_report(result)
    assert "skipped: 10" in report and "… and 7 more" in report
    result.skipped = result.skipped[:1]  # what the app keeps in the session
    assert result.rows_accepted == 1
    error = refused(b"date,ssi\n" + b"2026-01-01,abc\n" * 10)
    assert "(and 7 more)" in str(error)


# --- a refused file writes nothing ----------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "size", "says"),
    [
        ("html <code> tags", 7 * MB, "more than 1,000,000 HTML tags"),
        ("csv one line", 20 * MB, "line 2 is longer than 100,000 characters"),
        ("json empty objects", MB, "JSON objects and lists, more than the 250,000"),
        ("xlsx zip bomb", 20 * MB, "unpacks to 1,028 times its packed size"),
    ],
)
def test_the_command_line_refuses_with_one_message_and_writes_nothing(tmp_path, kind, size, says):
    db = tmp_path / "t.duckdb"
    store = Store(db)
    store.import_snapshots(
        "default",
        read(b"date,ssi\n2026-01-01,50\n").snapshots,
        file_name="first.csv",
        sha256="first",
    )
    before = store.snapshots("default"), store.imports("default")
    store.close()
    name, data = corpus.make(kind, size)
    path = tmp_path / name
    path.write_bytes(data)
    done = subprocess.run(
        [sys.executable, "-m", "ssi_core", "import", str(path), "--db", str(db)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.count("\n") == 1 and name in done.stderr and says in done.stderr
    after = Store(db)
    assert after.snapshots("default").equals(before[0])
    assert len(after.imports("default")) == len(before[1])
    after.close()
