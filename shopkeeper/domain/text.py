"""Text keys for search and sorting: case- and accent-insensitive, any script.

``search_key("Žemaitė")`` is ``"zemaite"``, so typing "zemaite" finds her; Chinese text is kept
as it is (it has no case or accents). Full-width forms are folded by NFKC first.
"""

import re
import unicodedata

from .errors import InvalidInput

# Letters that Unicode does not decompose into base + accent, but people type without the stroke.
_EXTRA_FOLDS = str.maketrans(
    {"ł": "l", "đ": "d", "ø": "o", "ß": "ss", "æ": "ae", "œ": "oe", "þ": "th", "ı": "i", "ħ": "h"}
)
_SPACES = re.compile(r"\s+")


def search_key(text: str) -> str:
    """Lower-case, accents removed, width folded, whitespace collapsed."""
    text = unicodedata.normalize("NFKC", text).casefold().translate(_EXTRA_FOLDS)
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
            f"The {field} is too long ({len(text)} characters, at most {max_length})."
        )
    if any(unicodedata.category(ch) == "Cc" for ch in text):
        raise InvalidInput(f"The {field} contains control characters.")
    return text


def clean_text(text: str, *, field: str, max_length: int) -> str:
    """Like ``clean_line`` but keeps line breaks (notes, postal addresses)."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n")).strip()
    if len(text) > max_length:
        raise InvalidInput(
            f"The {field} is too long ({len(text)} characters, at most {max_length})."
        )
    if any(unicodedata.category(ch) == "Cc" and ch not in "\n\t" for ch in text):
        raise InvalidInput(f"The {field} contains control characters.")
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
            f"The booking id is too long ({len(text)} characters, at most {MAX_REQUEST_ID})."
        )
    if not text.isprintable():
        raise InvalidInput("The booking id may hold printable characters only.")
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
