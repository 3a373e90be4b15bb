"""Reading a shop's existing customer list: encodings, separators, column guesses, row rules.

Pure functions on bytes and strings (no file, no database), so every rule is tested alone:

* ``detect_encoding``: a byte-order mark, else strict UTF-8, else the legacy code page whose text
  is most plausible (Windows Baltic cp1257, Western cp1252, GBK, Big5), ties going to the code
  page of the shop's country;
* ``detect_delimiter``: the separator (comma, semicolon, tab, bar) that gives the header's
  width to most rows;
* ``guess_mapping``: which column holds which field, from headers in English, Lithuanian or
  Chinese and the customer exports of Square, Shopify and Loyverse;
* ``check_rows``: per-row rules. A bad optional field is dropped with a warning and the row
  kept; a row with no name, no valid phone and no valid email is rejected (nothing to know the
  customer by), and so is a row repeating an earlier row's phone, email or card.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import phonenumbers

from shopkeeper.i18n import N_, _, ngettext

from .codes import clean_card_number
from .contact import (
    check_birthday,
    clean_address,
    clean_email,
    clean_name,
    format_phone,
    normalise_phone,
)
from .errors import InvalidInput
from .products import clean_product_name, product_name_key
from .text import clean_text, is_cjk, search_key

# Offered by the override, in this order; None for XLSX (no encoding).
ENCODINGS = (
    "utf-8-sig", "utf-8", "utf-16", "utf-16-le", "utf-16-be", "cp1257", "cp1252", "gbk", "big5",
)  # fmt: skip
ENCODING_NAMES = {
    "utf-8-sig": N_("UTF-8 with BOM"),
    "utf-8": N_("UTF-8"),
    "utf-16": N_("UTF-16 (Excel Unicode text)"),
    "utf-16-le": N_("UTF-16 little-endian, no BOM"),
    "utf-16-be": N_("UTF-16 big-endian, no BOM"),
    "cp1257": N_("Windows Baltic (cp1257)"),
    "cp1252": N_("Windows Western (cp1252)"),
    "gbk": N_("Chinese simplified (GBK)"),
    "big5": N_("Chinese traditional (Big5)"),
}
DELIMITERS = (",", ";", "\t", "|")
# Labels (shown through ``_()``); the keys are the separators themselves.
DELIMITER_NAMES = {",": N_("comma"), ";": N_("semicolon"), "\t": N_("tab"), "|": N_("bar")}
_LEGACY = ("cp1257", "cp1252", "gbk", "big5")
_PREFERRED = {
    **dict.fromkeys(("LT", "LV", "EE", "PL"), "cp1257"),
    **dict.fromkeys(("CN", "SG"), "gbk"),
    **dict.fromkeys(("TW", "HK", "MO"), "big5"),
}
_SCORE_CHARS = 200_000  # plausibility is judged on the beginning of a large file

MAX_POINTS = 1_000_000
MAX_VISITS = 100_000
MAX_NOTES = 4000


# --- encodings -----------------------------------------------------------------------------

# Letters with accents, by language, as they appear in names. A word whose accented letters all
# belong to one language reads as that language; text decoded with the wrong code page mixes
# letters no language has together (cp1252 turns "Žemaitė" into "Þemaitë").
_ALPHABETS = {
    "lt": "ąčęėįšųūž",
    "lv": "āčēģīķļņšūž",
    "et": "äöõüšž",
    "pl": "ąćęłńóśźż",
    "de": "äöüß",
    "fr": "àâæçéèêëîïôœùûüÿ",
    "es": "áéíñóúü",
    "pt": "àáâãçéêíóôõú",
    "it": "àèéìíîòóù",
    "nl": "áéèëïóöü",
    "sv": "åäöé",
    "fi": "åäöšž",
    "da": "åæøé",
    "ca": "àçéèíïòóúü",
}
_ALPHABET_SETS = {lang: set(letters) for lang, letters in _ALPHABETS.items()}
_WORD = re.compile(r"[^\W\d_]+")


def _latin_plausibility(text: str) -> float:
    """Share of accented words that read as the file's most common language (0..1)."""
    words: list[set[str]] = []
    for word in _WORD.findall(text):
        accents = {ch for ch in word.lower() if ord(ch) > 127}
        if accents:
            words.append(accents)
    stray = sum(1 for ch in text if ord(ch) > 127 and not ch.isalpha() and not ch.isspace())
    total = len(words) + stray
    if total == 0:
        return 0.0
    best = max(
        sum(1 for accents in words if accents <= alphabet) for alphabet in _ALPHABET_SETS.values()
    )
    return best / total


def _cjk_punctuation(ch: str) -> bool:
    return 0x3000 <= ord(ch) <= 0x303F or 0xFF00 <= ord(ch) <= 0xFFEF


def _common_han(ch: str, encoding: str) -> bool:
    """A frequent character of the script the code page is for: GB2312's hanzi for GBK, Big5's
    level-1 (frequent) hanzi for Big5. Text decoded with the other one lands on rare
    characters, kana or symbols."""
    if not "\u4e00" <= ch <= "\u9fff":
        return False
    try:
        if encoding == "gbk":
            ch.encode("gb2312")
            return True
        lead = ch.encode("big5")[0]
    except UnicodeEncodeError:
        return False
    return 0xA4 <= lead <= 0xC6


def _cjk_plausibility(text: str, encoding: str) -> float:
    wide = [ch for ch in text if ord(ch) > 127 and not _cjk_punctuation(ch)]
    if not wide:
        return 0.0
    return sum(1 for ch in wide if _common_han(ch, encoding)) / len(wide)


def _plausibility(text: str, encoding: str) -> float:
    sample = text[:_SCORE_CHARS]
    if encoding in ("gbk", "big5"):
        return _cjk_plausibility(sample, encoding)
    return _latin_plausibility(sample)


def legacy_order(country: str) -> tuple[str, ...]:
    """The legacy code pages, the shop's own country's first (it wins a tie)."""
    preferred = _PREFERRED.get(country.upper(), "cp1252")
    return (preferred, *(e for e in _LEGACY if e != preferred))


def utf16_without_bom(data: bytes) -> str | None:
    """ "utf-16-le" or "utf-16-be" when ``data`` is UTF-16 text that lost its byte-order mark:
    text in a Latin or Cyrillic script then has a NUL in most of its odd (or even) bytes, which
    no 8-bit code page or UTF-8 file has."""
    sample = data[:65_536]
    if len(sample) < 4 or len(sample) % 2:
        sample = sample[: len(sample) - len(sample) % 2]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    pairs = len(sample) // 2
    for encoding, zeros, other in (
        ("utf-16-le", odd.count(0), even.count(0)),
        ("utf-16-be", even.count(0), odd.count(0)),
    ):
        if zeros >= pairs * 0.3 and other <= pairs * 0.05:
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                continue
            if "\x00" not in text:
                return encoding
    return None


def _utf8_lines(data: bytes, encoding: str) -> list[int]:
    """Lines (1 = first) written in UTF-8 inside a file otherwise in ``encoding``: valid UTF-8
    with letters that read better so than in the code page ("Å½emaitÄ—" in cp1257 is
    "Žemaitė" in UTF-8). A file with such lines mixes encodings and has no right reading."""
    found = []
    for number, line in enumerate(data.split(b"\n"), start=1):
        if line.isascii():
            continue
        try:
            as_utf8 = line.decode("utf-8")
        except UnicodeDecodeError:
            continue
        try:
            as_legacy = line.decode(encoding)
        except UnicodeDecodeError:
            found.append(number)
            continue
        read_utf8 = max(_plausibility(as_utf8, e) for e in ("utf-8", "gbk", "big5"))
        if read_utf8 > _plausibility(as_legacy, encoding):
            found.append(number)
    return found


def _line_ranges(numbers: list[int], limit: int = 3) -> str:
    shown = ", ".join(str(n) for n in numbers[:limit])
    if len(numbers) <= limit:
        return shown
    return _("{lines} and {n} more").format(lines=shown, n=len(numbers) - limit)


def looks_garbled(text: str) -> bool:
    """Text that is not what a person typed: NULs and other control characters, replacement
    characters, or UTF-8 read in a code page ("Å½emaitÄ—"). Never remembered, never stored."""
    if any(ch == "\ufffd" or (unicodedata.category(ch) == "Cc" and ch not in "\t\n\r")
           for ch in text):  # fmt: skip
        return True
    if text.isascii():
        return False
    for code_page in ("cp1252", "cp1257", "latin-1"):
        try:
            again = text.encode(code_page).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        if again != text:
            return True
    return False


def detect_encoding(data: bytes, *, country: str = "") -> str:
    """The encoding a spreadsheet program most likely wrote ``data`` in. A file that is neither
    UTF-8 nor one code page throughout (some lines saved as UTF-8, others not) is refused:
    any single reading would store part of it as mojibake."""
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if wide := utf16_without_bom(data):
        return wide
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    if b"\x00" in data[:65_536]:
        raise InvalidInput(
            _(
                "The file holds NUL bytes but is not UTF-16 text: it is not a readable CSV; "
                "save it again as CSV UTF-8."
            )
        )
    scores: dict[str, float] = {}
    for encoding in legacy_order(country):
        try:
            scores[encoding] = _plausibility(data.decode(encoding), encoding)
        except UnicodeDecodeError:
            continue
    if not scores:
        raise InvalidInput(
            _(
                "The file's text encoding could not be recognised; save it as UTF-8 "
                "(CSV UTF-8 in Excel) or choose the encoding by hand."
            )
        )
    best = max(scores.values())
    chosen = next(e for e in scores if scores[e] == best)  # dicts keep the preference order
    check_one_encoding(data, chosen)
    return chosen


def check_one_encoding(data: bytes, encoding: str) -> None:
    """Refuse a file whose lines are in different encodings (some UTF-8, some ``encoding``)."""
    if encoding.startswith("utf"):
        return
    mixed = _utf8_lines(data, encoding)
    if mixed:
        raise InvalidInput(
            ngettext(
                "The file mixes text encodings: line {lines} is UTF-8, the rest {encoding}; "
                "no single reading is right. Open it in a spreadsheet, fix those names and "
                "save it again as CSV UTF-8.",
                "The file mixes text encodings: lines {lines} are UTF-8, the rest {encoding}; "
                "no single reading is right. Open it in a spreadsheet, fix those names and "
                "save it again as CSV UTF-8.",
                len(mixed),
            ).format(lines=_line_ranges(mixed), encoding=_(ENCODING_NAMES[encoding]))
        )


def decode(data: bytes, encoding: str) -> str:
    """Strict decoding: a wrong choice is refused, never turned into replacement characters."""
    if encoding not in ENCODINGS:
        raise InvalidInput(
            _("Unknown encoding {encoding}; use one of {choices}.").format(
                encoding=repr(encoding), choices=", ".join(ENCODINGS)
            )
        )
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise InvalidInput(
            _(
                "The file cannot be read as {encoding} (byte {byte} at position {position}); "
                "choose another encoding."
            ).format(
                encoding=_(ENCODING_NAMES[encoding]),
                byte=f"0x{data[error.start]:02X}",
                position=error.start,
            )
        ) from None


# --- separators and rows --------------------------------------------------------------------


def detect_delimiter(text: str) -> str:
    """The separator that gives the header's width (two columns or more) to the most rows."""
    sample = text[:65_536]
    best, best_score = ",", (0, 0)
    for delimiter in DELIMITERS:
        try:
            reader = csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)
            rows = [r for r in reader if any(r)][:50]
        except csv.Error:  # a stray quote or a lone carriage return: not this separator
            continue
        if not rows or len(rows[0]) < 2:
            continue
        width = len(rows[0])
        score = (sum(1 for r in rows if len(r) == width), width)
        if score > best_score:
            best, best_score = delimiter, score
    return best


@dataclass(frozen=True)
class SheetRow:
    number: int  # the row number a spreadsheet shows (the header is row 1 if it comes first)
    cells: tuple[str, ...]


@dataclass(frozen=True)
class Sheet:
    """A table read from a file: the header row and the non-blank rows after it."""

    headers: tuple[str, ...]
    rows: tuple[SheetRow, ...]
    encoding: str | None = None  # None for XLSX
    delimiter: str | None = None
    blank_rows: int = 0

    def cell(self, row: SheetRow, column: int | None) -> str:
        if column is None or column >= len(row.cells):
            return ""
        return row.cells[column]


def _cell(value: str) -> str:
    value = value.replace("\ufeff", "").strip()
    if value[:2] in ("'=", "'+", "'-", "'@"):  # kept as text by an export (ours included)
        return value[1:]
    return value


def sheet_from_rows(
    records: Iterable[Sequence[str]], *, encoding: str | None = None, delimiter: str | None = None
) -> Sheet:
    """Header = the first non-blank record; blank records are skipped (and counted)."""
    headers: tuple[str, ...] | None = None
    rows: list[SheetRow] = []
    blank = 0
    for number, record in enumerate(records, start=1):
        cells = tuple(_cell(str(value)) for value in record)
        if not any(cells):
            if headers is not None:
                blank += 1
            continue
        if headers is None:
            headers = cells
        else:
            rows.append(SheetRow(number, cells))
    if headers is None:
        raise InvalidInput(_("The file is empty: it has no header row and no customers."))
    return Sheet(headers, tuple(rows), encoding, delimiter, blank)


def parse_csv(
    data: bytes,
    *,
    encoding: str | None = None,
    delimiter: str | None = None,
    country: str = "",
) -> Sheet:
    """A CSV file's bytes as a ``Sheet``; encoding and separator detected unless given."""
    if encoding is None:
        encoding = detect_encoding(data, country=country)
    else:
        check_one_encoding(data, encoding)
    text = decode(data, encoding)
    if delimiter is not None and delimiter not in DELIMITERS:
        raise InvalidInput(
            _("Unknown separator {separator}; use a comma, a semicolon, a tab or a bar.").format(
                separator=repr(delimiter)
            )
        )
    delimiter = delimiter or detect_delimiter(text)
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as error:
        raise InvalidInput(
            _("The file is not a readable CSV table ({error}).").format(error=error)
        ) from None
    return sheet_from_rows(records, encoding=encoding, delimiter=delimiter)


# --- column mapping -------------------------------------------------------------------------

# The fields a column can fill, with their labels (shown through ``_()``).
FIELDS = {
    "name": N_("Name"),
    "first_name": N_("First name"),
    "last_name": N_("Last name"),
    "phone": N_("Phone"),
    "email": N_("E-mail"),
    "birthday": N_("Birthday"),
    "card": N_("Card number"),
    "points": N_("Points balance"),
    "visits": N_("Past visits"),
    "items": N_("Items bought"),
    "notes": N_("Notes"),
    "address": N_("Address"),
    "address2": N_("Address line 2"),
    "postal_code": N_("Postal code"),
    "city": N_("City"),
    "region": N_("Region / state"),
    "country": N_("Country"),
}

# Headers as ``header_key`` writes them (accents, case, spaces and punctuation gone), the best
# first. From shops' own sheets in English, Lithuanian and Chinese, and the customer exports of
# Square (First Name, Email Address, Phone Number, Reference ID, Memo, Transaction Count),
# Shopify (Email, Phone, Default Address Address1, Total Orders, Note) and Loyverse (Customer
# name, Customer code, Points balance, Total visits), and Shopkeeper's own export.
_ALIASES: dict[str, tuple[str, ...]] = {
    "name": (
        "name", "fullname", "customername", "customer", "clientname", "client", "membername",
        "displayname", "vardaspavarde", "vardasirpavarde", "pirkejas", "klientas",
        "klientovardas", "姓名", "名字", "客户", "客户名称", "客户姓名", "顾客", "顾客姓名",
        "客戶", "客戶名稱", "客戶姓名", "顧客", "顧客姓名", "会员姓名", "會員姓名", "会员", "會員",
    ),
    "first_name": ("firstname", "givenname", "forename", "vardas", "名"),
    "last_name": ("lastname", "surname", "familyname", "pavarde", "姓", "姓氏"),
    "phone": (
        "phone", "phonenumber", "mobile", "mobilephone", "mobilenumber", "cellphone", "cell",
        "telephone", "tel", "telnr", "telefonas", "telefononr", "telefononumeris", "mobilusis",
        "mobtel", "手机", "手机号", "手机号码", "电话", "电话号码", "联系电话", "手機", "手機號碼",
        "電話", "電話號碼", "聯絡電話", "defaultaddressphone",
    ),
    "email": (
        "email", "emailaddress", "mail", "epastas", "elpastas", "epastoadresas",
        "elpastoadresas", "邮箱", "电子邮件", "电子邮箱", "邮件", "電子郵件", "郵箱", "電郵",
    ),
    "birthday": (
        "birthday", "birthdate", "dateofbirth", "dob", "gimimodata", "gimtadienis", "生日",
        "出生日期", "出生年月日",
    ),
    "card": (
        "card", "cardnumber", "cardno", "loyaltycard", "loyaltycardnumber", "membernumber",
        "memberid", "membershipnumber", "customercode", "referenceid", "kortele",
        "kortelesnumeris", "kortelesnr", "klientokortele", "卡号", "会员卡号", "會員卡號", "卡號",
        "会员号", "会员编号", "會員編號",
    ),
    "points": (
        "points", "pointsbalance", "loyaltypoints", "rewardpoints", "totalpoints", "balance",
        "taskai", "taskulikutis", "balai", "积分", "積分", "积分余额", "積分餘額", "点数", "點數",
    ),
    "visits": (
        "visits", "totalvisits", "visitcount", "numberofvisits", "transactioncount",
        "totalorders", "orders", "apsilankymai", "apsilankymuskaicius", "vizitai", "到店次数",
        "消费次数", "来访次数", "到店次數", "消費次數", "來訪次數",
    ),
    "items": (
        "items", "itemhistory", "itemsbought", "products", "purchases", "usualitems",
        "prekes", "pirkiniai", "商品", "购买商品", "購買商品", "购买记录", "購買紀錄",
    ),
    "notes": (
        "notes", "note", "memo", "comment", "comments", "remarks", "pastabos", "pastaba",
        "komentaras", "komentarai", "备注", "備註", "附注", "说明",
    ),
    "address": (
        "address", "address1", "streetaddress", "streetaddress1", "street",
        "defaultaddressaddress1", "adresas", "gatve", "地址", "住址", "通讯地址", "通訊地址",
    ),
    "address2": ("address2", "streetaddress2", "defaultaddressaddress2"),
    "postal_code": (
        "postalcode", "postcode", "zip", "zipcode", "defaultaddresszip", "pastokodas", "邮编",
        "邮政编码", "郵遞區號", "郵編",
    ),
    "city": ("city", "town", "defaultaddresscity", "miestas", "城市", "市"),
    "region": (
        "state", "province", "region", "county", "provincecode", "defaultaddressprovincecode",
        "apskritis", "省", "省份",
    ),
    "country": (
        "country", "countrycode", "defaultaddresscountrycode", "salis", "国家", "國家",
    ),
}  # fmt: skip
# Fragments that name a field inside a longer header ("Customer Phone", "会员手机").
_FRAGMENTS = {
    "phone": ("phone", "mobile", "telefon", "手机", "电话", "手機", "電話"),
    "email": ("email", "epast", "elpast", "邮箱", "邮件", "郵件"),
    "birthday": ("birth", "gimim", "生日"),
    "points": ("points", "taskai", "积分", "積分"),
    "visits": ("visits", "apsilank", "次数", "次數"),
    "notes": ("note", "memo", "pastab", "备注", "備註"),
    "card": ("cardn", "kortel", "卡号", "卡號"),
}


def header_key(header: str) -> str:
    """ "E-mail address" -> "emailaddress", "Vardas Pavardė" -> "vardaspavarde"."""
    return "".join(ch for ch in search_key(header, one_script=False) if ch.isalnum())


def guess_mapping(headers: Sequence[str]) -> dict[str, int]:
    """Field -> column index for every field a header names; each column used once."""
    keys = [header_key(h) for h in headers]
    mapping: dict[str, int] = {}
    used: set[int] = set()
    for field, aliases in _ALIASES.items():
        best: tuple[int, int] | None = None  # (alias rank, column)
        for column, key in enumerate(keys):
            if column in used or key not in aliases:
                continue
            candidate = (aliases.index(key), column)
            if best is None or candidate < best:
                best = candidate
        if best is not None:
            mapping[field] = best[1]
            used.add(best[1])
    for field, fragments in _FRAGMENTS.items():
        if field in mapping:
            continue
        for column, key in enumerate(keys):
            if column not in used and any(f in key for f in fragments):
                mapping[field] = column
                used.add(column)
                break
    return mapping


def resolve_column(headers: Sequence[str], column: str) -> int:
    """A column named by its header (any case, accents optional) or its number (1 = first)."""
    text = column.strip()
    if text.isdigit():
        index = int(text) - 1
        if 0 <= index < len(headers):
            return index
        raise InvalidInput(
            ngettext(
                "There is no column {column}; the file has {n} column.",
                "There is no column {column}; the file has {n} columns.",
                len(headers),
            ).format(column=text, n=len(headers))
        )
    key = header_key(text)
    for index, header in enumerate(headers):
        if header.strip() == text or (key and header_key(header) == key):
            return index
    raise InvalidInput(
        _("No column is headed {text}; the headers are: {headers}").format(
            text=repr(text), headers=", ".join(h for h in headers if h)
        )
    )


def parse_mapping_options(headers: Sequence[str], options: Iterable[str]) -> dict[str, int]:
    """``FIELD=COLUMN`` options (command line) as field -> column index."""
    mapping: dict[str, int] = {}
    for option in options:
        field, sep, column = option.partition("=")
        field = field.strip().lower().replace("-", "_")
        if not sep or field not in FIELDS:
            raise InvalidInput(
                _("{option} is not FIELD=COLUMN with a field among {fields}.").format(
                    option=repr(option), fields=", ".join(FIELDS)
                )
            )
        mapping[field] = resolve_column(headers, column)
    return mapping


def check_mapping(mapping: Mapping[str, int], width: int) -> None:
    unknown = set(mapping) - set(FIELDS)
    if unknown:
        raise InvalidInput(
            ngettext("Unknown field: {fields}.", "Unknown fields: {fields}.", len(unknown)).format(
                fields=", ".join(sorted(unknown))
            )
        )
    if not {"name", "first_name", "last_name", "phone", "email"} & set(mapping):
        raise InvalidInput(
            _(
                "Choose at least the column with the name, the phone or the e-mail: "
                "without one no customer can be recognised."
            )
        )
    columns = list(mapping.values())
    if any(not 0 <= c < width for c in columns):
        raise InvalidInput(_("A chosen column is not in the file."))
    if len(set(columns)) != len(columns):
        twice = {c for c in columns if columns.count(c) > 1}
        fields = [_(FIELDS[f]) for f, c in mapping.items() if c in twice]
        raise InvalidInput(
            _("One column is chosen for several fields: {fields}.").format(
                fields=", ".join(fields)
            )
        )


# --- values ---------------------------------------------------------------------------------

_DATE_ISO = re.compile(
    r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"
)
_DATE_CJK = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?$")
_DATE_DMY = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
_DATE_NO_YEAR = re.compile(r"^(\d{1,2})[-/.](\d{1,2})$|^--\d{2}-\d{2}$")
MONTH_FIRST_COUNTRIES = {"US", "PH", "FM", "MH", "PW"}


def parse_date_cell(text: str, *, country: str = "") -> date:
    """A date as spreadsheets write it: 2026-11-16, 2026/11/16, 2026年11月16日, 16.11.2026,
    16/11/2026 (11/16/2026 in the United States, or whenever the first number is above 12)."""
    value = unicodedata.normalize("NFKC", text).strip()
    if match := _DATE_ISO.match(value) or _DATE_CJK.match(value):
        year, month, day = (int(x) for x in match.groups())
    elif match := _DATE_DMY.match(value):
        first, second, year = (int(x) for x in match.groups())
        month_first = country.upper() in MONTH_FIRST_COUNTRIES
        if first > 12 or second > 12:
            month_first = second > 12
        month, day = (first, second) if month_first else (second, first)
    elif _DATE_NO_YEAR.match(value):
        raise InvalidInput(_("{value} has no year").format(value=repr(value)))
    else:
        raise InvalidInput(_("{value} is not a date").format(value=repr(value[:40])))
    try:
        return date(year, month, day)
    except ValueError:
        raise InvalidInput(
            _("{value} is not a date that exists").format(value=repr(value))
        ) from None


_WHOLE = re.compile(r"^[+]?(\d{1,3}(?:[ \u00a0\u202f',.]\d{3})+|\d+)(?:[.,]0+)?$")


def parse_count(text: str, *, maximum: int) -> int:
    """A whole number ≥ 0 as spreadsheets write it: "120", "1 200", "1,200", "120.0"."""
    value = unicodedata.normalize("NFKC", text).strip()
    match = _WHOLE.match(value)
    if not match:
        if value.startswith("-"):
            raise InvalidInput(_("{value} is negative").format(value=repr(value[:20])))
        raise InvalidInput(_("{value} is not a whole number").format(value=repr(value[:20])))
    number = int(re.sub(r"\D", "", match.group(1)))
    if number > maximum:
        raise InvalidInput(
            _("{number} is more than {maximum}").format(
                number=number, maximum=f"{maximum:,}".replace(",", " ")
            )
        )
    return number


MAX_ITEMS_TEXT = 4000  # characters in one "items" cell
MAX_ITEMS_LISTED = 50  # products in one "items" cell (as on one visit)
_ITEM_SEPARATORS = re.compile(r"[;\n]")


def parse_item_history(text: str) -> tuple[tuple[str, int], ...]:
    """ "Rye loaf:12; Oat latte:3" -> (("Rye loaf", 12), ("Oat latte", 3)): how many times the
    customer bought each product before the shop used Shopkeeper (no dates, so no visit rows).
    The same product named twice (any case) counts once, its times added."""
    if len(text) > MAX_ITEMS_TEXT:
        raise InvalidInput(
            _("the list of items has {n} characters, more than {most}").format(
                n=len(text), most=MAX_ITEMS_TEXT
            )
        )
    found: dict[str, tuple[str, int]] = {}
    for part in _ITEM_SEPARATORS.split(unicodedata.normalize("NFKC", text)):
        if not part.strip():
            continue
        name, colon, times = part.rpartition(":")
        if not colon or not name.strip():
            raise InvalidInput(
                _("{item} does not say how many times (write it as Rye loaf:12)").format(
                    item=repr(part.strip()[:40])
                )
            )
        count = parse_count(times, maximum=MAX_VISITS)
        product = clean_product_name(name)
        key = product_name_key(product)
        before = found.get(key, (product, 0))
        found[key] = (before[0], before[1] + count)
        if len(found) > MAX_ITEMS_LISTED:
            raise InvalidInput(
                _("more than {most} products in one cell").format(most=MAX_ITEMS_LISTED)
            )
    return tuple((name, times) for name, times in found.values() if times)


def join_name(first: str, last: str) -> str:
    """First and last name as one: "Ona Žemaitė"; a Chinese family name first, no space."""
    first, last = first.strip(), last.strip()
    if first and last and all(is_cjk(ch) for ch in first + last):
        return last + first
    return " ".join(part for part in (first, last) if part)


# --- rows -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CustomerRow:
    """A row's values after the rules; ``None`` where the file had nothing usable."""

    name: str
    name_given: bool  # False: no name in the file, ``name`` is the phone or e-mail
    phone: str | None = None  # E.164
    email: str | None = None
    birthday: date | None = None
    card: str | None = None
    points: int | None = None
    visits: int | None = None
    notes: str | None = None
    address: str | None = None
    items: tuple[tuple[str, int], ...] = ()  # (product name, times bought) before Shopkeeper


@dataclass(frozen=True)
class RowCheck:
    number: int
    cells: tuple[str, ...]
    row: CustomerRow | None  # None: rejected
    warnings: tuple[str, ...] = ()
    problem: str | None = None  # why the row is rejected

    @property
    def rejected(self) -> bool:
        return self.row is None


def _reason(error: InvalidInput) -> str:
    return str(error).rstrip(".。")


def left_out(label: str, reason: str) -> str:
    """The warning of a cell left out: "Phone: '123' is not a phone number; left out."."""
    return _("{field}: {reason}; left out.").format(field=label, reason=reason)


def is_left_out(warning: str, label: str) -> bool:
    """Whether ``warning`` is ``left_out`` of the column ``label`` (in the language spoken)."""
    return warning.startswith(_("{field}: {reason}; left out.").split("{reason}")[0].format(
        field=label
    ))


def _values(
    sheet: Sheet, row: SheetRow, mapping: Mapping[str, int], *, country: str, today: date,
    phone_country: str,
) -> tuple[CustomerRow | None, list[str]]:  # fmt: skip
    warnings: list[str] = []

    def cell(field: str) -> str:
        return sheet.cell(row, mapping.get(field))

    def label(field: str) -> str:
        column = mapping[field]
        return sheet.headers[column] or _(FIELDS[field])

    def take(field: str, clean) -> object | None:  # noqa: ANN001 - a cleaning function
        text = cell(field)
        if not text:
            return None
        try:
            return clean(text)
        except InvalidInput as error:
            warnings.append(left_out(label(field), _reason(error)))
            return None

    name_text = cell("name") or join_name(cell("first_name"), cell("last_name"))
    name = None
    if name_text:
        try:
            name = clean_name(name_text)
        except InvalidInput as error:
            warnings.append(left_out(_("Name"), _reason(error)))
    phone = take("phone", lambda text: normalise_phone(text, phone_country))
    email = take("email", clean_email)

    def birthday(text: str) -> date:
        day = parse_date_cell(text, country=country)
        check_birthday(day, today)
        return day

    born = take("birthday", birthday)
    card = take("card", clean_card_number)
    points = take("points", lambda text: parse_count(text, maximum=MAX_POINTS))
    visits = take("visits", lambda text: parse_count(text, maximum=MAX_VISITS))
    notes = take("notes", lambda text: clean_text(text, field=_("note"), max_length=MAX_NOTES))
    items = take("items", parse_item_history) or ()
    town = " ".join(filter(None, [cell("postal_code"), cell("city")]))
    lines = [cell("address"), cell("address2"), town, cell("region"), cell("country")]
    address = None
    if any(lines):
        try:
            address = clean_address("\n".join(line for line in lines if line))
        except InvalidInput as error:
            warnings.append(left_out(_("Address"), _reason(error)))
    if name is None and phone is None and email is None:
        return None, warnings
    given = name is not None
    if name is None:
        name = format_phone(phone) if phone else str(email)
        warnings.append(_("No name: saved as {name} until you add one.").format(name=name))
    return (
        CustomerRow(name, given, phone, email, born, card, points, visits, notes, address,
                    items),  # fmt: skip
        warnings,
    )


RowValues = tuple[CustomerRow | None, tuple[str, ...]]


def row_values(
    sheet: Sheet, mapping: Mapping[str, int], *, country: str, today: date,
    phone_country: str | None = None,
) -> list[RowValues]:  # fmt: skip
    """Each row's values after the rules, with its warnings (the slow part of ``check_rows``:
    independent rows, so a big file can be split among processes)."""
    results: list[RowValues] = []
    for row in sheet.rows:
        values, warnings = _values(
            sheet, row, mapping, country=country, today=today,
            phone_country=phone_country or country,
        )  # fmt: skip
        results.append((values, tuple(warnings)))
    return results


def judge_rows(sheet: Sheet, values: Sequence[RowValues]) -> list[RowCheck]:
    """Reject rows with nothing to know the customer by, or repeating an earlier row's card,
    phone or e-mail."""
    seen: dict[tuple[str, str], int] = {}  # ("phone", value) -> the row that had it first
    checks: list[RowCheck] = []
    for row, (found, warnings) in zip(sheet.rows, values, strict=True):
        if found is None:
            checks.append(
                RowCheck(row.number, row.cells, None, warnings,
                         _("No name, no valid phone and no valid e-mail: nothing to know "
                           "the customer by."))
            )  # fmt: skip
            continue
        keys = [
            (what, value)
            for what, value in (("card", found.card), ("phone", found.phone),
                                ("e-mail", found.email))
            if value
        ]  # fmt: skip
        earlier = next(((what, seen[(what, v)]) for what, v in keys if (what, v) in seen), None)
        if earlier is not None:
            what, number = earlier
            checks.append(RowCheck(row.number, row.cells, None, warnings,
                                   _("Duplicate: the same {what} as row {row}.").format(
                                       what=_(what), row=number)))  # fmt: skip
            continue
        for key in keys:
            seen[key] = row.number
        checks.append(RowCheck(row.number, row.cells, found, warnings))
    return checks


def check_rows(
    sheet: Sheet, mapping: Mapping[str, int], *, country: str, today: date,
    phone_country: str | None = None,
) -> list[RowCheck]:  # fmt: skip
    """Every non-blank row with its outcome, in file order. ``country`` reads dates;
    ``phone_country`` (``country`` by default) reads national phone numbers."""
    check_mapping(mapping, max(len(sheet.headers), 1))
    values = row_values(
        sheet, mapping, country=country, today=today, phone_country=phone_country
    )
    return judge_rows(sheet, values)


# --- the phone numbers' country ------------------------------------------------------------

PHONE_SAMPLE = 40  # invalid numbers tried against every country


def check_country(code: str) -> str:
    """An ISO country code phone numbers can be read in ("cn" -> "CN")."""
    value = code.strip().upper()
    if value not in phonenumbers.SUPPORTED_REGIONS:
        raise InvalidInput(
            _("{code} is not a country code such as LT, CN or US.").format(code=repr(code))
        )
    return value


def phone_countries(
    texts: Sequence[str], *, exclude: str = "", encoding: str | None = None
) -> tuple[str, ...]:
    """The one country, other than ``exclude``, whose numbering plan the file's national numbers
    follow (numbers with a country code say nothing and are left out); () when none or several
    fit. A short number is valid in many plans, so the candidates are narrowed: those where
    every number is a mobile one, then those whose code page the file was written in."""
    national = [t for t in texts if t.strip() and not t.strip().startswith(("+", "00"))]
    sample = national[:: max(1, len(national) // PHONE_SAMPLE)][:PHONE_SAMPLE]
    if not sample:
        return ()
    valid, mobile = [], []
    mobile_types = (phonenumbers.PhoneNumberType.MOBILE,
                    phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE)  # fmt: skip
    for region in sorted(phonenumbers.SUPPORTED_REGIONS - {exclude.upper()}):
        numbers = []
        for text in sample:
            try:
                number = phonenumbers.parse(text, region)
            except phonenumbers.NumberParseException:
                break
            if not phonenumbers.is_valid_number(number):
                break
            numbers.append(number)
        else:
            valid.append(region)
            if all(phonenumbers.number_type(n) in mobile_types for n in numbers):
                mobile.append(region)
    by_code_page = {c for c, e in _PREFERRED.items() if e == encoding}
    for candidates in (valid, mobile, [c for c in mobile or valid if c in by_code_page]):
        if len(candidates) == 1:
            return tuple(candidates)
    return ()
