"""New and edit customer: short, validated inline, asks about a duplicate phone."""

from __future__ import annotations

from PySide6.QtCore import Qt

from shopkeeper.services.search import search_customers
from shopkeeper.services.summary import customer_summary
from shopkeeper.ui import dialogs
from shopkeeper.ui.main_window import MainWindow
from tests.ui.conftest import press_enter, type_search, type_text


def start_new(qtbot, win: MainWindow) -> None:
    qtbot.keyClick(win, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert win.counter_view.page() == "form"


def test_name_and_phone_suffice_and_the_customer_is_found_after(
    qtbot,
    window: MainWindow,
    db,
) -> None:
    start_new(qtbot, window)
    form = window.counter_view.form
    assert form.name.hasFocus()
    assert not form.letters.isChecked()  # consent to letters is opt-in (issue 10)
    type_text(form.name, "Rūta Petrauskienė")
    type_text(form.phone, "8 655 12345")
    press_enter(qtbot, form.phone)
    profile = window.counter_view.profile
    assert window.counter_view.page() == "profile"
    assert profile.name.text() == "Rūta Petrauskienė"
    assert profile.balance.text() == "50"
    card = window.counter.profile.card_number
    assert card is not None and profile.details.text().startswith(f"Card {card} · +370 655 12345")
    assert "welcome bonus +50 points" in window.message.text()
    summary = customer_summary(db, card)
    assert (summary.language, summary.letters_consent) == ("lt", False)  # the shop is in LT
    window.counter_view.lookup.search.clear()
    type_search(qtbot, window, "petrausk")
    model = window.counter_view.lookup.model
    assert [model.hit(row).name for row in range(model.rowCount())] == ["Rūta Petrauskienė"]
    assert [hit.card_number for hit in search_customers(db, "655 12")] == [card]


def test_bad_phone_and_email_are_explained_under_their_fields(
    qtbot,
    window: MainWindow,
    db,
) -> None:
    start_new(qtbot, window)
    form = window.counter_view.form
    type_text(form.name, "Zoë Martin")
    type_text(form.phone, "12345")
    type_text(form.email, "zoe@example")
    type_text(form.birthday, "2030-01-01")
    form.save.click()
    assert form.errors["phone"].isVisible()
    assert "'12345' is not a valid phone number for LT" in form.errors["phone"].text()
    assert form.errors["email"].text() == "'zoe@example' is not an email address."
    assert form.errors["birthday"].text() == "2030-01-01 is not a plausible birthday."
    assert not form.errors["name"].isVisible()
    assert form.message.text() == "Please correct the fields marked in red."
    assert form.phone.hasFocus()
    assert search_customers(db, "zoe") == []
    # Typing in a field clears its message; a good value then saves.
    form.phone.clear()
    type_text(form.phone, "+44 7911 123457")
    assert not form.errors["phone"].isVisible()
    form.email.clear()
    form.birthday.clear()
    form.save.click()
    assert [hit.name for hit in search_customers(db, "zoe")] == ["Zoë Martin"]


def test_an_empty_name_is_explained_when_leaving_the_field(qtbot, window: MainWindow) -> None:
    start_new(qtbot, window)
    form = window.counter_view.form
    form.name.setFocus()
    form.phone.setFocus()  # leaving the name field checks it
    assert form.errors["name"].text() == "The name cannot be empty."


def test_a_duplicate_phone_asks_first(qtbot, window: MainWindow, db, shop, monkeypatch) -> None:
    answers = [False, True]
    asked: list[str] = []

    def ask(_parent, _title, question: str) -> bool:
        asked.append(question)
        return answers.pop(0)

    monkeypatch.setattr(dialogs, "ask", ask)
    start_new(qtbot, window)
    form = window.counter_view.form
    type_text(form.name, "Onutė Žemaitytė")
    type_text(form.phone, "+370 612 34567")  # Ona's phone
    form.save.click()
    assert asked[0] == (
        f"+370 612 34567 is the phone of Ona Žemaitė (card {shop.ona}).\n\n"
        "Save anyway, with the same phone for both?"
    )
    assert window.counter_view.page() == "form"
    assert "is the phone of Ona Žemaitė" in form.errors["phone"].text()
    assert [h.name for h in search_customers(db, "zemaityt")] == []
    form.save.click()
    assert len(asked) == 2
    assert [h.name for h in search_customers(db, "zemaityt")] == ["Onutė Žemaitytė"]
    assert window.counter_view.profile.name.text() == "Onutė Žemaitytė"


def test_edit_a_customer_and_replace_a_lost_card(qtbot, window: MainWindow, db, shop) -> None:
    window.counter.open_customer(shop.xiaoming)
    window.counter_view.profile.edit_button.click()
    form = window.counter_view.form
    assert form.title.text() == "Edit 王小明"
    assert form.phone.text() == "+86 138 0013 8000"
    assert form.language.currentData() == "zh-Hans"  # given as "zh", kept as zh-Hans
    assert not form.referrer.isVisible()
    form.name.clear()
    type_text(form.name, "王小明 Wang")
    type_text(form.email, "wang@example.cn")
    form.card.clear()
    type_text(form.card, "CARD-77")
    form.save.click()
    assert window.counter_view.page() == "profile"
    summary = customer_summary(db, "CARD-77")
    assert (summary.name, summary.email, summary.language) == (
        "王小明 Wang",
        "wang@example.cn",
        "zh-Hans",
    )
    assert window.counter_view.profile.name.text() == "王小明 Wang"


def test_cancel_with_escape_saves_nothing(qtbot, window: MainWindow, db, shop) -> None:
    window.counter.open_customer(shop.john)
    start_new(qtbot, window)
    type_text(window.counter_view.form.name, "Nobody Saved")
    qtbot.keyClick(window.counter_view.form.name, Qt.Key.Key_Escape)
    assert window.counter_view.page() == "profile"
    assert window.counter_view.profile.name.text() == "John Smith"
    assert window.counter_view.lookup.search.hasFocus()
    assert search_customers(db, "nobody") == []


def test_a_new_customer_defaults_to_the_shops_language_not_its_country(
    qtbot, db, shop, qsettings
) -> None:
    from shopkeeper.services import programme

    programme.update_shop(db, language="zh-Hant")  # a Taiwanese shop keeping its LT country
    win = MainWindow(db, qsettings)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    win.new_customer()  # what Ctrl+N and the menu's "New customer" do
    assert win.counter_view.page() == "form"
    form = win.counter_view.form
    assert form.language.currentData() == "zh-Hant"
    type_text(form.name, "林志明")
    press_enter(qtbot, form.name)
    card = win.counter.profile.card_number
    assert card is not None and customer_summary(db, card).language == "zh-Hant"
    win.close()
