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
