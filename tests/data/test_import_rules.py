"""The import's pure rules: encodings, separators, column guesses and row outcomes, no database."""

from __future__ import annotations

from datetime import date

import pytest

from shopkeeper.domain.errors import InvalidInput
from shopkeeper.domain.importing import (
    check_rows,
    detect_delimiter,
    detect_encoding,
    guess_mapping,
    join_name,
    parse_count,
    parse_csv,
    parse_date_cell,
    parse_mapping_options,
    sheet_from_rows,
)
from tests.data.sheets import LITHUANIAN, SHEETS, SIMPLIFIED, TRADITIONAL, WESTERN, encode, names

TODAY = date(2026, 11, 16)


@pytest.mark.parametrize("sheet", sorted(SHEETS))
@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
@pytest.mark.parametrize("country", ["LT", "GB", "CN", "TW"])
def test_each_code_page_is_recognised_whatever_the_shops_country(
    sheet: str, delimiter: str, country: str
) -> None:
    rows, code_page = SHEETS[sheet]
    data = encode(rows, code_page, delimiter)
    assert detect_encoding(data, country=country) == code_page
    parsed = parse_csv(data, country=country)
    assert (parsed.encoding, parsed.delimiter) == (code_page, delimiter)
    assert parsed.headers == tuple(rows[0])
    assert [r.cells[0] for r in parsed.rows] == names(rows)
    assert [list(r.cells) for r in parsed.rows] == rows[1:]


@pytest.mark.parametrize("sheet", sorted(SHEETS))
@pytest.mark.parametrize(
    ("encoding", "expected"),
    [("utf-8-sig", "utf-8-sig"), ("utf-8", "utf-8"), ("utf-16", "utf-16")],
)
def test_unicode_files_with_and_without_a_byte_order_mark(
    sheet: str, encoding: str, expected: str
) -> None:
    rows, _ = SHEETS[sheet]
    delimiter = "\t" if encoding == "utf-16" else ";"  # Excel's "Unicode text" is tab-separated
    parsed = parse_csv(encode(rows, encoding, delimiter))
    assert parsed.encoding == expected
    assert parsed.headers == tuple(rows[0])  # no stray BOM in the first header
    assert [r.cells[0] for r in parsed.rows] == names(rows)


def test_a_chosen_encoding_overrides_and_a_wrong_one_is_refused_clearly() -> None:
    data = encode(LITHUANIAN, "cp1257")
    assert parse_csv(data, encoding="cp1257").rows[0].cells[0] == "Žemaitė Ona"
    # cp1252 reads every byte, just wrongly: the override is obeyed, the preview shows it
    assert parse_csv(data, encoding="cp1252").rows[0].cells[0] == "Þemaitë Ona"
    with pytest.raises(InvalidInput, match=r"cannot be read as UTF-8 \(byte 0xEB at position 13\)"):
        parse_csv(data, encoding="utf-8")
    with pytest.raises(InvalidInput, match="Unknown encoding"):
        parse_csv(data, encoding="latin-9")


def test_an_ambiguous_legacy_file_follows_the_shops_country() -> None:
    # German umlauts are the same bytes in cp1257 and cp1252: the country decides the tie
    data = "Name\nJürgen Müller\n".encode("cp1252")
    assert detect_encoding(data, country="LT") == "cp1257"
    assert detect_encoding(data, country="DE") == "cp1252"
    assert parse_csv(data, country="LT").rows[0].cells == ("Jürgen Müller",)


def test_separators_are_told_apart_by_the_width_of_the_rows() -> None:
    assert detect_delimiter("Name;Amount\nOna;12,50\nJonas;3,20\n") == ";"
    assert detect_delimiter('Name,Note\nOna,"likes tea; black"\n') == ","
    assert detect_delimiter("Name\tPhone\nSmith, John\t+44 7911 123456\n") == "\t"
    assert detect_delimiter("Name|Phone\nOna|861234567\n") == "|"
    assert detect_delimiter("Name\nOna\n") == ","  # one column: any separator will do


def test_old_mac_line_ends_and_stray_quotes_do_not_break_the_detection() -> None:
    sheet = parse_csv(b"Name;Phone\rOna;861234567\rJonas;+37069911122\r")
    assert (sheet.delimiter, [r.cells for r in sheet.rows]) == (
        ";",
        [("Ona", "861234567"), ("Jonas", "+37069911122")],
    )
    assert detect_delimiter('Name,Note\nOna,"unclosed\rquote\n') == ","


def test_a_cell_an_export_kept_as_text_comes_back_as_typed() -> None:
    sheet = sheet_from_rows([["Name", "Phone"], ["'=1+1", "'+37061234567"], ["O'Brien", "'x"]])
    assert [r.cells for r in sheet.rows] == [("=1+1", "+37061234567"), ("O'Brien", "'x")]


def test_blank_lines_are_skipped_and_rows_keep_their_spreadsheet_numbers() -> None:
    sheet = parse_csv(b"\r\nName,Phone\r\n\r\nOna,1\r\n,\r\nJonas,2\r\n")
    assert sheet.headers == ("Name", "Phone")
    assert [(r.number, r.cells) for r in sheet.rows] == [(4, ("Ona", "1")), (6, ("Jonas", "2"))]
    assert sheet.blank_rows == 2
    with pytest.raises(InvalidInput, match="empty"):
        parse_csv(b"\r\n \r\n")


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        (  # Square's customer directory export
            ["Reference ID", "First Name", "Last Name", "Email Address", "Phone Number",
             "Nickname", "Company Name", "Street Address 1", "Street Address 2", "City",
             "State", "Postal Code", "Birthday", "Memo", "Square Customer ID",
             "Transaction Count", "Total Spend"],
            {"card": 0, "first_name": 1, "last_name": 2, "email": 3, "phone": 4, "address": 7,
             "address2": 8, "city": 9, "region": 10, "postal_code": 11, "birthday": 12,
             "notes": 13, "visits": 15},
        ),
        (  # Shopify's customers export
            ["Customer ID", "First Name", "Last Name", "Email", "Accepts Email Marketing",
             "Default Address Company", "Default Address Address1", "Default Address Address2",
             "Default Address City", "Default Address Province Code",
             "Default Address Country Code", "Default Address Zip", "Default Address Phone",
             "Phone", "Accepts SMS Marketing", "Total Spent", "Total Orders", "Note",
             "Tax Exempt", "Tags"],
            {"first_name": 1, "last_name": 2, "email": 3, "address": 6, "address2": 7,
             "city": 8, "region": 9, "country": 10, "postal_code": 11, "phone": 13,
             "visits": 16, "notes": 17},
        ),
        (  # Loyverse's customers export
            ["Customer name", "Email", "Phone", "Address", "City", "Province", "Postal code",
             "Country", "Customer code", "Note", "First visit", "Last visit", "Total visits",
             "Total spent", "Points balance"],
            {"name": 0, "email": 1, "phone": 2, "address": 3, "city": 4, "region": 5,
             "postal_code": 6, "country": 7, "card": 8, "notes": 9, "visits": 12,
             "points": 14},
        ),
        (  # a Lithuanian shop's own sheet
            ["Vardas Pavardė", "Telefonas", "El. paštas", "Gimimo data", "Taškai",
             "Apsilankymai", "Pastabos", "Kortelės Nr."],
            {"name": 0, "phone": 1, "email": 2, "birthday": 3, "points": 4, "visits": 5,
             "notes": 6, "card": 7},
        ),
        (  # Lithuanian with separate first and last names
            ["Vardas", "Pavardė", "Tel. nr.", "E-paštas"],
            {"first_name": 0, "last_name": 1, "phone": 2, "email": 3},
        ),
        (  # mainland Chinese
            ["姓名", "手机号码", "邮箱", "生日", "积分", "备注", "会员卡号", "地址"],
            {"name": 0, "phone": 1, "email": 2, "birthday": 3, "points": 4, "notes": 5,
             "card": 6, "address": 7},
        ),
        (  # Taiwanese, family and given name apart
            ["姓", "名", "手機", "電郵", "積分"],
            {"last_name": 0, "first_name": 1, "phone": 2, "email": 3, "points": 4},
        ),
        (  # English, the way people type headers
            ["Full name", "E-mail", "Mobile", "Date of birth", "Loyalty points", "Card No",
             "Comments", "Customer Phone"],
            {"name": 0, "email": 1, "phone": 2, "birthday": 3, "points": 4, "card": 5,
             "notes": 6},
        ),
    ],
)  # fmt: skip
def test_column_guesses(headers: list[str], expected: dict[str, int]) -> None:
    assert guess_mapping(headers) == expected


def test_a_header_that_only_contains_a_field_name_is_a_second_choice() -> None:
    assert guess_mapping(["Customer", "Customer Phone", "会员手机"])["phone"] == 1
    assert guess_mapping(["Klientas", "会员手机"]) == {"name": 0, "phone": 1}


def test_mapping_options_name_columns_by_header_or_number() -> None:
    headers = ["Vardas Pavardė", "Telefonas", "Kita"]
    assert parse_mapping_options(headers, ["name=vardas pavarde", "phone=2"]) == {
        "name": 0,
        "phone": 1,
    }
    with pytest.raises(InvalidInput, match="No column is headed 'Phone'"):
        parse_mapping_options(headers, ["phone=Phone"])
    with pytest.raises(InvalidInput, match="is not FIELD=COLUMN"):
        parse_mapping_options(headers, ["shoe_size=Kita"])
    with pytest.raises(InvalidInput, match="no column 9"):
        parse_mapping_options(headers, ["phone=9"])


@pytest.mark.parametrize(
    ("text", "country", "expected"),
    [
        ("2026-11-16", "LT", date(2026, 11, 16)),
        ("2026/11/16", "CN", date(2026, 11, 16)),
        ("2026.11.16", "LT", date(2026, 11, 16)),
        ("2026年11月16日", "CN", date(2026, 11, 16)),
        ("2026-11-16 00:00:00", "LT", date(2026, 11, 16)),
        ("16.11.2026", "LT", date(2026, 11, 16)),
        ("03/04/1990", "GB", date(1990, 4, 3)),
        ("03/04/1990", "US", date(1990, 3, 4)),
        ("11-16-2026", "GB", date(2026, 11, 16)),  # Square's MM-DD-YYYY: 16 cannot be a month
        ("16/11/2026", "US", date(2026, 11, 16)),
    ],
)
def test_dates_as_spreadsheets_write_them(text: str, country: str, expected: date) -> None:
    assert parse_date_cell(text, country=country) == expected


@pytest.mark.parametrize("text", ["1990-02-30", "31.04.1990", "11-20", "yesterday", "1990-13-01"])
def test_dates_that_cannot_be_stored(text: str) -> None:
    with pytest.raises(InvalidInput):
        parse_date_cell(text, country="LT")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("120", 120), ("1 200", 1200), ("1,200", 1200), ("120.0", 120), ("120,00", 120),
     ("１２０", 120), ("+5", 5), ("0", 0)],
)  # fmt: skip
def test_counts(text: str, expected: int) -> None:
    assert parse_count(text, maximum=1_000_000) == expected


@pytest.mark.parametrize("text", ["-5", "12.5", "1,2", "x", "2000000", "1e6"])
def test_counts_refused(text: str) -> None:
    with pytest.raises(InvalidInput):
        parse_count(text, maximum=1_000_000)


def test_names_joined_the_way_each_script_writes_them() -> None:
    assert join_name("Ona", "Žemaitė") == "Ona Žemaitė"
    assert join_name("小明", "王") == "王小明"
    assert join_name("", "Jonaitis") == "Jonaitis"


def check(rows: list[list[str]], country: str = "LT") -> list:
    sheet = sheet_from_rows(rows)
    return check_rows(sheet, guess_mapping(sheet.headers), country=country, today=TODAY)


def test_a_bad_optional_field_is_dropped_with_a_warning_and_the_row_kept() -> None:
    [outcome] = check(
        [
            ["Name", "Phone", "E-mail", "Birthday", "Points", "Card"],
            ["Ona", "12345", "ona@", "1990-02-30", "-5", "#12"],
        ]
    )
    assert outcome.row is not None and outcome.problem is None
    assert (outcome.row.name, outcome.row.phone, outcome.row.email) == ("Ona", None, None)
    assert (outcome.row.birthday, outcome.row.points, outcome.row.card) == (None, None, None)
    assert outcome.warnings == (
        "Phone: '12345' is not a valid phone number for LT; add the country code (+...) if "
        "it is foreign; left out.",
        "E-mail: 'ona@' is not an email address; left out.",
        "Birthday: '1990-02-30' is not a date that exists; left out.",
        "Card: '#12' is not a card number (letters, digits and dashes, at most 32); left out.",
        "Points: '-5' is negative; left out.",
    )


def test_birthdays_in_the_future_or_long_ago_are_dropped() -> None:
    outcomes = check(
        [["Name", "Birthday"], ["Ona", "2027-01-01"], ["Jonas", "1890-01-01"], ["Rūta", "05-06"]]
    )
    assert [o.row.birthday for o in outcomes] == [None, None, None]
    assert [o.warnings for o in outcomes] == [
        ("Birthday: 2027-01-01 is not a plausible birthday; left out.",),
        ("Birthday: 1890-01-01 is not a plausible birthday; left out.",),
        ("Birthday: '05-06' has no year; left out.",),
    ]


def test_phones_use_the_shops_country_unless_they_carry_their_own() -> None:
    outcomes = check(
        [["Name", "Phone"], ["Ona", "8 612 34567"], ["王小明", "+86 138 1234 5678"],
         ["John", "0044 7911 123456"]],
    )  # fmt: skip
    assert [o.row.phone for o in outcomes] == ["+37061234567", "+8613812345678", "+447911123456"]
    taiwan = check([["姓名", "手機"], ["陳美玲", "0912 345 678"]], country="TW")
    assert taiwan[0].row.phone == "+886912345678"


def test_a_row_with_nothing_to_know_the_customer_by_is_rejected() -> None:
    outcomes = check([["Name", "Phone", "E-mail"], ["", "123", "not-mail"], ["", "", "x@y.lt"]])
    assert outcomes[0].rejected
    assert outcomes[0].problem == (
        "No name, no valid phone and no valid e-mail: nothing to know the customer by."
    )
    assert len(outcomes[0].warnings) == 2  # and why the phone and e-mail did not count
    assert not outcomes[1].rejected
    assert (outcomes[1].row.name, outcomes[1].row.name_given) == ("x@y.lt", False)
    assert outcomes[1].warnings == ("No name: saved as x@y.lt until you add one.",)


def test_a_repeated_phone_email_or_card_is_rejected_naming_the_earlier_row() -> None:
    outcomes = check(
        [
            ["Name", "Phone", "E-mail", "Card"],
            ["Ona", "861234567", "ona@example.lt", "A-1"],
            ["", "", "", ""],
            ["Ona again", "+370 612 34567", "", ""],
            ["Ona's twin", "", "ONA@example.lt", ""],
            ["Card twin", "", "", "a-1"],
            ["Jonas", "+37069911122", "jonas@example.lt", ""],
        ]
    )
    assert [o.number for o in outcomes] == [2, 4, 5, 6, 7]  # the blank row 3 is ignored
    assert [o.problem for o in outcomes] == [
        None,
        "Duplicate: the same phone as row 2.",
        "Duplicate: the same e-mail as row 2.",
        "Duplicate: the same card as row 2.",
        None,
    ]


def test_first_and_last_names_and_address_parts_are_put_together() -> None:
    [lt, zh] = check(
        [
            ["Vardas", "Pavardė", "Address1", "Zip", "City", "Country"],
            ["Ona", "Žemaitė", "Gedimino pr. 1", "LT-01103", "Vilnius", "Lithuania"],
            ["小明", "王", "", "", "", ""],
        ]
    )
    assert lt.row.name == "Ona Žemaitė"
    assert lt.row.address == "Gedimino pr. 1\nLT-01103 Vilnius\nLithuania"
    assert zh.row.name == "王小明"


def test_the_mapping_must_name_a_way_to_know_the_customer() -> None:
    sheet = sheet_from_rows([["Points"], ["10"]])
    with pytest.raises(InvalidInput, match="name, the phone or the e-mail"):
        check_rows(sheet, {"points": 0}, country="LT", today=TODAY)
    sheet = sheet_from_rows([["Name", "Phone"], ["Ona", "1"]])
    with pytest.raises(InvalidInput, match="several fields: Name, Phone"):
        check_rows(sheet, {"name": 0, "phone": 0}, country="LT", today=TODAY)


def test_every_sample_sheet_passes_the_rules_whole() -> None:
    for rows, country in ((LITHUANIAN, "LT"), (WESTERN, "FR"), (SIMPLIFIED, "CN"),
                          (TRADITIONAL, "TW")):  # fmt: skip
        outcomes = check(rows, country)
        assert [o.row.name for o in outcomes] == names(rows)
        assert all(not o.warnings for o in outcomes), [o.warnings for o in outcomes]
