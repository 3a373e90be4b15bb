"""Customer sheets as shops have them: one per script, each encodable in its own code page.

``encode(rows, encoding, delimiter)`` writes them the way a spreadsheet program saves a CSV.
"""

from __future__ import annotations

import csv
import io

# Lithuanian shop's own sheet (cp1257 can hold it).
LITHUANIAN = [
    ["Vardas Pavardė", "Telefonas", "El. paštas", "Gimimo data", "Taškai", "Apsilankymai"],
    ["Žemaitė Ona", "8 612 34567", "ona@example.lt", "1980-11-20", "120", "14"],
    ["Šarūnas Vaišvila", "+370 699 11122", "", "1975.03.02", "0", "3"],
    ["Rūta Čiurlionytė", "", "ruta@example.lt", "", "45", ""],
    ["Kęstutis Ąžuolas", "+370 655 00011", "", "", "", ""],
]
# A Western sheet (cp1252 can hold it).
WESTERN = [
    ["Name", "Phone", "E-mail", "Birthday", "Points"],
    ["Françoise Lefèvre", "+33 6 12 34 56 78", "francoise@example.fr", "1984-06-07", "30"],
    ["Hélène Müller", "+49 1512 3456789", "", "", "12"],
    ["José Peña", "+34 612 34 56 78", "jose@example.es", "", ""],
    ["Søren Groß", "", "soren@example.dk", "", "7"],
]
# A mainland Chinese shop (GBK).
SIMPLIFIED = [
    ["姓名", "手机", "邮箱", "生日", "积分"],
    ["王小明", "+86 138 1234 5678", "wang@example.cn", "1990年5月3日", "200"],
    ["张伟", "+86 139 0000 1111", "", "", "15"],
    ["李娜", "", "lina@example.cn", "1988/12/01", ""],
    ["刘洋", "+86 137 2222 3333", "", "", ""],
]
# A Taiwanese shop (Big5).
TRADITIONAL = [
    ["姓名", "手機", "電郵", "生日", "積分"],
    ["陳美玲", "+886 912 345 678", "meiling@example.tw", "1985-02-01", "80"],
    ["林志明", "+886 922 111 222", "", "", "5"],
    ["黃淑芬", "", "shufen@example.tw", "", ""],
]
SHEETS = {
    "lithuanian": (LITHUANIAN, "cp1257"),
    "western": (WESTERN, "cp1252"),
    "simplified": (SIMPLIFIED, "gbk"),
    "traditional": (TRADITIONAL, "big5"),
}


def encode(rows: list[list[str]], encoding: str, delimiter: str = ",") -> bytes:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode(encoding)


def names(rows: list[list[str]]) -> list[str]:
    return [row[0] for row in rows[1:]]
