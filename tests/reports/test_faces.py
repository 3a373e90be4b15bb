"""The report faces: CLI JSON keys, CSV and PDF exports, and the Reports screen."""

from __future__ import annotations

import csv
import json

from pypdf import PdfReader

from shopkeeper.cli.main import main
from shopkeeper.services.report_export import run_table, write_csv
from shopkeeper.ui.operations import Operations
from shopkeeper.ui.reports import screen


def _cli(capsys, db_path, *args: str) -> dict:  # noqa: ANN001
    assert main(["report", *args, "--db", str(db_path), "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_cli_reports_name_customers_by_card_and_name(db, shop, db_path, capsys, tmp_path) -> None:  # noqa: ANN001
    db.dispose()  # the CLI opens the file itself (its clock is the real one: figures "now")
    at_risk = _cli(capsys, db_path, "at-risk")
    assert {"total", "rows", "title"} <= set(at_risk)
    for row in at_risk["rows"]:
        assert {"card_number", "name", "phone", "last_visit", "pinned_notes"} <= set(row)
    liability = _cli(capsys, db_path, "liability")
    assert (liability["outstanding_points"], liability["liability_cents"]) == (90, 225)
    tiers = _cli(capsys, db_path, "tiers")
    assert [row["tier"] for row in tiers["rows"]] == ["Gold", "Silver", "Bronze"]
    retention = _cli(capsys, db_path, "retention", "--from", "2026-07-01", "--to", "2026-09-30")
    assert [row["month"] for row in retention["rows"]] == ["2026-07", "2026-08", "2026-09"]
    assert retention["rows"][0]["members"] == 4
    out = tmp_path / "summary.pdf"
    summary = _cli(capsys, db_path, "summary", "--pdf", str(out))
    assert summary["members"] == 6
    assert PdfReader(str(out)).pages[0].extract_text().startswith("Summary")


def test_a_bad_report_request_is_one_line(db, db_path, capsys) -> None:  # noqa: ANN001
    db.dispose()
    assert main(["report", "summary", "--db", str(db_path), "--from", "2026-13-01"]) == 1
    assert "is not a date" in capsys.readouterr().err


def test_csv_and_pdf_keep_names_in_every_script(db, shop, tmp_path) -> None:  # noqa: ANN001
    _result, table = run_table(db, "at-risk")
    path = write_csv(table, tmp_path / "call.csv")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0][:3] == ["Card", "Name", "Phone"]
    assert [r[1] for r in rows[1:]] == ["Agnė Šimkutė", "Ona Žemaitė"]
    from shopkeeper.printing.reports import write_report

    result = write_report(table, tmp_path / "call.pdf", shop_name="Kepyklėlė 王")
    assert result.missing_characters == ()
    text = PdfReader(str(tmp_path / "call.pdf")).pages[0].extract_text()
    assert "Ona Žemaitė" in text and "Prefers rye" in text


def test_the_screen_shows_a_report_and_exports_it(qtbot, db, shop, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    operations = Operations(db)
    view = screen.ReportsView(operations, db)
    qtbot.addWidget(view)
    view.show()
    view.choose("at-risk")
    qtbot.waitUntil(lambda: view.table.title.startswith("Who to call"), timeout=5000)
    assert view.model.rowCount() == 2
    assert view.model.index(0, 1).data() == "Agnė Šimkutė"
    target = tmp_path / "export.csv"
    monkeypatch.setattr(screen, "ask_save_path", lambda parent, suggested, kind: str(target))
    assert view.export_csv() == str(target)
    rows = list(csv.reader(target.open(encoding="utf-8-sig")))
    assert [r[0] for r in rows[1:]] == [shop.big, shop.weekly]
    view.choose("points")
    qtbot.waitUntil(lambda: view.table.title.startswith("Points"), timeout=5000)
    assert view.table.rows[-1][0] == "2026-11"  # raw: the month itself
    assert view.chart.isVisible() and view.chart.labels[-1] == "November 2026"  # as shown
    pdf = tmp_path / "points.pdf"
    monkeypatch.setattr(screen, "ask_save_path", lambda parent, suggested, kind: str(pdf))
    view.export_pdf()
    assert "November 2026" in PdfReader(str(pdf)).pages[0].extract_text()
    view.grab()  # paints the chart
    operations.shutdown()
