"""The print preview and the Letters screen, driven like a person would (offscreen).

The system print dialog is replaced by a printer writing a PDF file, which is then rendered and
scanned: what comes out of the Print button is checked, not just that it was clicked.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import ImageStat
from PySide6.QtCore import QItemSelectionModel, QSizeF, Qt
from PySide6.QtGui import QImage
from PySide6.QtPrintSupport import QPrinter

from shopkeeper.domain.errors import NotAllowed
from shopkeeper.printing.cards import write_cards
from shopkeeper.printing.common import pdf_bytes
from shopkeeper.services import cards, letters, rewards
from shopkeeper.storage.database import Database
from shopkeeper.ui import dialogs as ui_dialogs
from shopkeeper.ui.operations import Operations
from shopkeeper.ui.printing import (
    LetterPlanModel,
    LettersView,
    PdfPreview,
    dialogs,
    show_card_preview,
    show_voucher_preview,
)

from .conftest import NOVEMBER, Shop
from .helpers import MM, barcodes, page_texts, reader, render


def _card_pdf(db: Database, *numbers: str) -> bytes:
    batch = cards.card_batch(db, card_numbers=list(numbers), layout="single")
    return pdf_bytes(lambda stream: write_cards(batch, stream))[0]


def _painted(image: QImage) -> bool:
    """Some pixels of the page area are dark: the page was actually drawn."""
    step = max(1, image.width() // 60)
    for y in range(0, image.height(), step):
        for x in range(0, image.width(), step):
            if image.pixelColor(x, y).lightness() < 100:
                return True
    return False


@pytest.fixture
def pdf_printer(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[Path]:
    """Replace the print dialog by a printer that writes PDF files; returns the files."""
    files: list[Path] = []

    def ask(_parent: object, page_points: QSizeF) -> QPrinter:
        printer = dialogs.printer_for(page_points)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        path = tmp_path / f"printed-{len(files) + 1}.pdf"
        printer.setOutputFileName(str(path))
        files.append(path)
        return printer

    monkeypatch.setattr(dialogs, "ask_printer", ask)
    return files


def test_the_preview_shows_every_page(qtbot, db: Database, shop: Shop) -> None:  # noqa: ANN001
    preview = PdfPreview()
    qtbot.addWidget(preview)
    preview.resize(700, 600)
    preview.show()
    assert not preview.print_button.isEnabled()

    preview.set_pdf(_card_pdf(db, shop.ona, shop.xiaoming, shop.zoe), "cards.pdf")
    assert preview.page_count() == 3
    assert preview.pages_label.text() == "3 pages"
    assert preview.print_button.isEnabled() and preview.save_button.isEnabled()
    # QPdfView paints asynchronously: wait for the page to appear.
    qtbot.waitUntil(lambda: _painted(preview.view.viewport().grab().toImage()), timeout=10_000)


def test_save_as_pdf_writes_the_bytes_shown(
    qtbot,
    db: Database,
    shop: Shop,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,  # noqa: ANN001
) -> None:
    target = tmp_path / "card.pdf"
    monkeypatch.setattr(dialogs, "ask_save_path", lambda _parent, suggested: str(target))
    preview = PdfPreview()
    qtbot.addWidget(preview)
    data = _card_pdf(db, shop.ona)
    preview.set_pdf(data, "card.pdf")
    with qtbot.waitSignal(preview.saved) as saved:
        qtbot.mouseClick(preview.save_button, Qt.MouseButton.LeftButton)
    assert saved.args == [str(target)]
    assert target.read_bytes() == data
    assert "Ona Žemaitė" in page_texts(target)[0]


def test_print_sends_the_card_at_its_true_size_and_it_still_scans(
    qtbot,
    db: Database,
    shop: Shop,
    pdf_printer: list[Path],  # noqa: ANN001
) -> None:
    preview = PdfPreview()
    qtbot.addWidget(preview)
    preview.set_pdf(_card_pdf(db, shop.xiaoming), "card.pdf")
    with qtbot.waitSignal(preview.printed, timeout=60_000) as printed:
        qtbot.mouseClick(preview.print_button, Qt.MouseButton.LeftButton)
    assert printed.args == [1]
    [out] = pdf_printer
    [page] = reader(out).pages
    assert float(page.mediabox.width) == pytest.approx(85.6 * MM, abs=1.0)
    assert float(page.mediabox.height) == pytest.approx(54 * MM, abs=1.0)
    image = render(out, 1, dpi=300)
    assert ImageStat.Stat(image).mean[0] > 180  # white paper, not black
    assert barcodes(image) == {"CODE128": {shop.xiaoming}, "QRCODE": {shop.xiaoming}}
    assert preview.print_button.isEnabled()


def test_a_cancelled_print_dialog_prints_nothing(
    qtbot,
    db: Database,
    shop: Shop,
    monkeypatch: pytest.MonkeyPatch,  # noqa: ANN001
) -> None:
    monkeypatch.setattr(dialogs, "ask_printer", lambda _parent, _size: None)
    preview = PdfPreview()
    qtbot.addWidget(preview)
    preview.set_pdf(_card_pdf(db, shop.ona), "card.pdf")
    with qtbot.assertNotEmitted(preview.printed, wait=200):
        qtbot.mouseClick(preview.print_button, Qt.MouseButton.LeftButton)
    assert preview.print_button.isEnabled()


def test_card_and_voucher_previews_for_the_counter(qtbot, db: Database, shop: Shop) -> None:  # noqa: ANN001
    card = show_card_preview(None, Operations(db), shop.meiling)
    qtbot.addWidget(card)
    assert card.preview.page_count() == 1
    assert card.windowTitle() == f"Card {shop.meiling}"
    assert "陳美玲" in page_texts(card.preview.data)[0]

    voucher = show_voucher_preview(None, Operations(db), shop.voucher)
    qtbot.addWidget(voucher)
    assert voucher.preview.page_count() == 1
    assert "Free coffee" in page_texts(voucher.preview.data)[0]

    rewards.use_voucher(db, shop.voucher)
    with pytest.raises(NotAllowed):
        show_voucher_preview(None, Operations(db), shop.voucher)


def test_the_plan_model_passes_the_model_tester(qtmodeltester, db: Database, shop: Shop) -> None:  # noqa: ANN001
    model = LetterPlanModel()
    model.set_plan(letters.plan_letters(db, NOVEMBER))
    qtmodeltester.check(model)
    assert model.rowCount() == 7
    outcomes = [model.index(r, LetterPlanModel.OUTCOME).data() for r in range(7)]
    assert outcomes[:4] == ["Letter"] * 4
    assert sorted(outcomes[4:]) == ["archived", "no consent to letters", "no postal address"]
    assert model.index(0, 0).data(LetterPlanModel.GetsLetterRole) is True


def _wait_idle(qtbot, view: LettersView) -> None:  # noqa: ANN001
    qtbot.waitUntil(lambda: not view.busy, timeout=60_000)


def test_letters_view_plans_builds_saves_and_records(
    qtbot,
    db: Database,
    shop: Shop,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,  # noqa: ANN001
) -> None:
    target = tmp_path / "letters-2026-11.pdf"
    monkeypatch.setattr(dialogs, "ask_save_path", lambda _parent, suggested: str(target))
    view = LettersView(Operations(db))
    qtbot.addWidget(view)
    view.show()
    assert view.month.currentText() == "2026-11"  # the last complete month

    qtbot.mouseClick(view.show_button, Qt.MouseButton.LeftButton)
    _wait_idle(qtbot, view)
    assert view.summary.text() == "2026-11: 4 letters, 3 skipped"
    names = {
        view.model.index(r, LetterPlanModel.NAME).data(): view.model.index(
            r, LetterPlanModel.OUTCOME
        ).data()
        for r in range(view.model.rowCount())
    }
    assert names["王小明"] == "Letter" and names["Ona Žemaitė"] == "Letter"
    assert names["Jonas Jonaitis"] == "no consent to letters"
    assert names["Petras Petraitis"] == "no postal address"

    progress: list[int] = []
    view.progress.valueChanged.connect(progress.append)
    qtbot.mouseClick(view.build_button, Qt.MouseButton.LeftButton)
    _wait_idle(qtbot, view)
    assert view.preview.page_count() == 4
    assert progress and max(progress) == 4
    # A preview is not a letter sent.
    assert letters.letters_sent(db, shop.ona) == []

    # Saving a PDF asks whether the letters went out; "No" records nothing (issue 10).
    questions: list[str] = []
    answers = iter([False, True])

    def ask(_parent, _title, question):  # noqa: ANN001, ANN202
        questions.append(question)
        return next(answers)

    monkeypatch.setattr(ui_dialogs, "ask", ask)
    qtbot.mouseClick(view.preview.save_button, Qt.MouseButton.LeftButton)
    assert len(page_texts(target)) == 4
    assert "printed or posted" in questions[0]
    assert letters.letters_sent(db, shop.ona) == []
    assert "not recorded as sent" in view.message.text()
    assert view.build_button.isEnabled() and view.mark_sent_button.isEnabled()

    with qtbot.waitSignal(view.letters_recorded) as recorded:
        qtbot.mouseClick(view.mark_sent_button, Qt.MouseButton.LeftButton)
    assert recorded.args == ["2026-11", 4]
    assert [s.month for s in letters.letters_sent(db, shop.ona)] == ["2026-11"]
    _wait_idle(qtbot, view)
    outcomes = {
        view.model.index(r, LetterPlanModel.NAME).data(): view.model.index(
            r, LetterPlanModel.OUTCOME
        ).data()
        for r in range(view.model.rowCount())
    }
    for name in ("Ona Žemaitė", "王小明", "Zoë Faure", "陳美玲"):
        assert outcomes[name].startswith("already sent on 2026-12-01")
    assert view.preview.page_count() == 4  # still there for a second copy
    assert "Recorded 4 letters for 2026-11 as sent." in view.message.text()
    assert view.build_button.isEnabled()  # all sent: Build still answers (tick reprint)
    qtbot.mouseClick(view.build_button, Qt.MouseButton.LeftButton)
    assert "tick reprint" in view.message.text()


def test_reprint_selected_prints_just_those_and_counts_the_copy(
    qtbot,
    db: Database,
    shop: Shop,
    pdf_printer: list[Path],  # noqa: ANN001
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(ui_dialogs, "ask", lambda *_args: True)  # "it printed well"
    letters.record_sent(db, NOVEMBER, letters.plan_letters(db, NOVEMBER).customer_ids)
    view = LettersView(Operations(db))
    qtbot.addWidget(view)
    view.refresh()
    _wait_idle(qtbot, view)
    assert view.model.rowCount() == 7 and view.summary.text().endswith("0 letters, 7 skipped")
    row = next(r for r in range(7) if view.model.index(r, LetterPlanModel.CARD).data() == shop.ona)
    view.table.selectionModel().select(
        view.model.index(row, 0),
        QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
    )
    qtbot.mouseClick(view.reprint_selected_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.preview.page_count() == 1, timeout=60_000)
    _wait_idle(qtbot, view)
    assert "Ona Žemaitė" in page_texts(view.preview.data)[0]

    with qtbot.waitSignal(view.letters_recorded, timeout=60_000) as recorded:
        qtbot.mouseClick(view.preview.print_button, Qt.MouseButton.LeftButton)
    assert recorded.args == ["2026-11", 1]
    _wait_idle(qtbot, view)
    assert [(s.month, s.copies) for s in letters.letters_sent(db, shop.ona)] == [("2026-11", 2)]
    assert [s.copies for s in letters.letters_sent(db, shop.zoe)] == [1]
    [page] = reader(pdf_printer[0]).pages  # the printer got the one letter, at A4
    assert float(page.mediabox.width) == pytest.approx(210 * MM, abs=1.0)
    ink = render(pdf_printer[0], 1, dpi=50)
    assert 180 < ImageStat.Stat(ink).mean[0] < 254


def test_a_bad_month_or_template_is_shown_not_raised(qtbot, db: Database, shop: Shop) -> None:  # noqa: ANN001
    view = LettersView(Operations(db))
    qtbot.addWidget(view)
    view.month.setEditText("November")
    qtbot.mouseClick(view.show_button, Qt.MouseButton.LeftButton)
    assert "is not a month" in view.message.text()

    view.month.setEditText("2027-05")
    view.refresh()
    _wait_idle(qtbot, view)
    assert "has not started yet" in view.message.text()
    assert view.model.rowCount() == 0


def test_a_salutation_is_set_from_the_letters_screen(
    qtbot,  # noqa: ANN001
    db: Database,
    shop: Shop,
) -> None:
    from shopkeeper.ui.printing.salutation import SalutationDialog

    from .helpers import page_texts

    view = LettersView(Operations(db))
    qtbot.addWidget(view)
    view.show()
    _wait_idle(qtbot, view)
    qtbot.mouseClick(view.salutation_button, Qt.MouseButton.LeftButton)
    assert "Select one customer" in view.message.text()  # nothing selected: no dialog

    row = next(
        r for r in range(view.model.rowCount())
        if view.model.index(r, LetterPlanModel.CARD).data() == shop.ona
    )  # fmt: skip
    view.table.selectionModel().select(
        view.model.index(row, 0),
        QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
    )
    qtbot.mouseClick(view.salutation_button, Qt.MouseButton.LeftButton)
    dialog = view.findChild(SalutationDialog)
    assert dialog is not None and dialog.isVisible()
    assert dialog.text.text() == "" and dialog.text.placeholderText() == "Mieloji Ona,"
    qtbot.keyClicks(dialog.text, "Brangioji Onute,")
    dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    assert letters.customer_salutation(db, shop.ona).salutation == "Brangioji Onute,"
    _wait_idle(qtbot, view)  # planned again: the next letters use it
    assert "Ona Žemaitė's letters now greet: Brangioji Onute," in view.message.text()
    letter = next(x for x in view.plan.letters if x.card_number == shop.ona)
    assert letter.salutation == "Brangioji Onute,"
    view.build()
    _wait_idle(qtbot, view)
    assert view._built is not None
    index = [x.card_number for x in view.plan.letters].index(shop.ona)
    assert "Brangioji Onute," in page_texts(view._built.pdf)[index]
