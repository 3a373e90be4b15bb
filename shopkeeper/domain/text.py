"""Text keys for search: case- and accent-insensitive, any script.

``search_key("Žemaitė")`` is ``"zemaite"``, so typing "zemaite" finds her. Chinese has no case or
accents, but two scripts: Traditional characters are folded to Simplified ones (``陳`` -> ``陈``),
so "陈美" finds "陳美玲" and "陳" finds "陈静" through one index. Full-width forms are folded by
NFKC first. (People's order of names is ``domain.collation``, not this key.)
"""

import re
import unicodedata
from functools import cache

from shopkeeper.i18n import _

from .errors import InvalidInput

# Letters that Unicode does not decompose into base + accent, but people type without the stroke.
_EXTRA_FOLDS = str.maketrans(
    {"ł": "l", "đ": "d", "ø": "o", "ß": "ss", "æ": "ae", "œ": "oe", "þ": "th", "ı": "i", "ħ": "h"}
)
_SPACES = re.compile(r"\s+")


# Han characters: the CJK unified ideographs (with extension A), the compatibility ideographs and
# the supplementary planes' extensions.
_HAN_RANGES = ((0x3400, 0x4DC0), (0x4E00, 0xA000), (0xF900, 0xFB00), (0x20000, 0x2FA20))
_HAN = re.compile("[" + "".join(f"{chr(a)}-{chr(b - 1)}" for a, b in _HAN_RANGES) + "]")


@cache
def _t2s():  # noqa: ANN202 - an opencc.OpenCC
    import opencc  # the fast C library (a manylinux wheel); loaded with the first Chinese text

    return opencc.OpenCC("t2s")


class _Simplified(dict):
    """Code point -> the character's Simplified form, from OpenCC's ``t2s`` tables, each
    character converted once when first met (``str.translate`` asks for it).

    Character by character, never by phrase: a fragment must fold as it does inside the whole
    name, or "陳美" would not be found in "陳美玲". Folding a key is then a dictionary look-up
    per character, with no converter call per row or per keystroke.
    """

    def __missing__(self, code: int) -> str:
        char = chr(code)
        folded = _t2s().convert(char) if _HAN.match(char) else char
        self[code] = folded
        return folded


_SIMPLIFIED = _Simplified()


def fold_chinese_script(text: str) -> str:
    """Traditional Chinese characters as Simplified ones; any other text unchanged."""
    if _HAN.search(text) is None:  # most names: one regular-expression scan, no table
        return text
    return text.translate(_SIMPLIFIED)


def search_key(text: str, *, one_script: bool = True) -> str:
    """Lower-case, accents removed, width folded, Chinese in one script, whitespace collapsed.

    ``one_script=False`` keeps Traditional characters (the import's column-header table lists
    both scripts' words as they are)."""
    text = unicodedata.normalize("NFKC", text).casefold().translate(_EXTRA_FOLDS)
    if one_script:
        text = fold_chinese_script(text)
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", unicodedata.normalize("NFC", stripped)).strip()


def digits_only(text: str) -> str:
    return "".join(
        ch for ch in unicodedata.normalize("NFKC", text) if ch.isdigit() and ch.isascii()
    )


def is_cjk(ch: str) -> bool:
    """Han, kana and hangul: scripts written without spaces between words."""
    code = ord(ch)
    return (
        0x2E80 <= code <= 0x9FFF
        or 0xAC00 <= code <= 0xD7AF
        or 0xF900 <= code <= 0xFAFF
        or 0x20000 <= code <= 0x3FFFF
    )


def search_tokens(key: str) -> set[str]:
    """Short-fragment index entries for a ``search_key``.

    Every word (for prefix matches such as "Jo" -> "Jonas"), and for runs of CJK characters every
    single character and every pair, because a two-character given name ("小明") sits inside the
    full name ("王小明") without a space and is below the three characters a trigram index needs.
    """
    tokens: set[str] = set()
    for word in key.split():
        tokens.add(word)
        run = ""
        for ch in word + " ":
            if is_cjk(ch):
                run += ch
                continue
            for i, c in enumerate(run):
                tokens.add(c)
                if i + 1 < len(run):
                    tokens.add(run[i : i + 2])
            run = ""
    return tokens


def clean_line(text: str, *, field: str, max_length: int) -> str:
    """Strip a one-line field and refuse control characters or an absurd length."""
    text = unicodedata.normalize("NFC", text).strip()
    if len(text) > max_length:
        raise InvalidInput(
            _("The {field} is too long ({length} characters, at most {max_length}).").format(
                field=field, length=len(text), max_length=max_length
            )
        )
    if any(unicodedata.category(ch) == "Cc" for ch in text):
        raise InvalidInput(_("The {field} contains control characters.").format(field=field))
    return text


def clean_text(text: str, *, field: str, max_length: int) -> str:
    """Like ``clean_line`` but keeps line breaks (notes, postal addresses)."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n")).strip()
    if len(text) > max_length:
        raise InvalidInput(
            _("The {field} is too long ({length} characters, at most {max_length}).").format(
                field=field, length=len(text), max_length=max_length
            )
        )
    if any(unicodedata.category(ch) == "Cc" and ch not in "\n\t" for ch in text):
        raise InvalidInput(_("The {field} contains control characters.").format(field=field))
    return text


MAX_REQUEST_ID = 64


def check_request_id(request_id: str | None) -> str | None:
    """A booking id (from a till or a script): at most 64 printable characters, no spaces
    around it; "" means none."""
    if request_id is None:
        return None
    text = request_id.strip()
    if len(text) > MAX_REQUEST_ID:
        raise InvalidInput(
            _("The booking id is too long ({length} characters, at most {max_length}).").format(
                length=len(text), max_length=MAX_REQUEST_ID
            )
        )
    if not text.isprintable():
        raise InvalidInput(_("The booking id may hold printable characters only."))
    return text or None


# Characters that show nothing by themselves: format controls (zero-width spaces and joiners,
# bidi marks and embeddings, the BOM), combining marks with no letter to sit on, separators.
_INVISIBLE_CATEGORIES = {"Cf", "Mn", "Me", "Zs", "Zl", "Zp", "Cc"}
_BLANKS = {"\u115f", "\u1160", "\u3164", "\uffa0", "\u2800"}  # Hangul fillers, Braille blank


def has_visible_text(text: str) -> bool:
    """Whether anything in ``text`` would show on a screen or a card."""
    return any(
        unicodedata.category(ch) not in _INVISIBLE_CATEGORIES and ch not in _BLANKS
        for ch in text
    )
