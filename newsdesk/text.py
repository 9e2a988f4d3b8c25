"""Text normalisation shared by every way a story body gets in (paste, upload, import, admin).

Bodies are stored normalised so that character offsets into them are stable forever: Unicode NFC,
`\n` newlines, no byte-order mark, no NUL or other C0 control characters except tab and newline.
"""

from __future__ import annotations

import codecs
import hashlib
import re
import unicodedata

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# A lone surrogate cannot be encoded as UTF-8 (nor stored by PostgreSQL); JSON can carry one.
_LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")


def normalise_text(text: str) -> str:
    """Return text in the canonical stored form (NFC, `\\n` newlines, no control characters).

    Idempotent: normalising a stored body again gives it back unchanged, so offsets and hashes
    computed on it stay valid. Control characters go first and every leading byte-order mark
    after them, so that no second pass finds anything left to strip.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", text)
    text = _LONE_SURROGATE.sub("\ufffd", text)
    text = text.lstrip("\ufeff")
    return unicodedata.normalize("NFC", text)


# Characters that draw nothing though Unicode does not count them as whitespace: fillers and
# blanks that are letters or symbols by category (Hangul fillers, the blank Braille pattern), the
# combining grapheme joiner, and variation selectors (which only modify a character before them).
_INVISIBLE = frozenset("\u034f\u115f\u1160\u2800\u3164\uffa0") | frozenset(
    chr(c) for c in (*range(0x180B, 0x1810), *range(0xFE00, 0xFE10), *range(0xE0100, 0xE01F0))
)
# Format characters (zero-width space and joiners, direction marks, soft hyphen, BOM), controls,
# and separators of every kind: none of them is a visible mark on its own.
_INVISIBLE_CATEGORIES = frozenset({"Cf", "Cc", "Zs", "Zl", "Zp"})


def is_blank(text: str) -> bool:
    """True when text shows nothing: only whitespace and invisible characters.

    A comment of one zero-width space looks empty on the page but is not "" to Python; this is
    the check that a required text has something a reader can see.
    """
    return all(
        ch.isspace() or ch in _INVISIBLE or unicodedata.category(ch) in _INVISIBLE_CATEGORIES
        for ch in text
    )


def same_text(a: str, b: str) -> bool:
    """Whether two bodies are the same story text once normalised as stored.

    Whitespace at the very start and end is not part of the text: forms strip it and files end
    in a newline, and neither is an edit anyone could see in the workspace.
    """
    return normalise_text(a).strip() == normalise_text(b).strip()


def sha256_hex(text: str) -> str:
    """SHA-256 of the UTF-8 encoding of text, as 64 hex digits."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# Byte-order marks and the codec that reads the text after each (each drops its mark). UTF-32
# first: the UTF-32 little-endian mark begins with the UTF-16 little-endian one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# C0 controls no text file holds (tab, newlines, vertical tab and form feed are text).
_BINARY_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f]")


def decode_upload(data: bytes) -> str:
    """Decode an uploaded file's text: UTF-8, or UTF-16 or UTF-32 when it starts with a BOM.

    Windows tools save "Unicode" text as UTF-16 with a byte-order mark, whose ASCII letters
    each carry a NUL byte: the mark says how to read it. Without a mark, NUL bytes mean a binary
    file. Raises UnicodeDecodeError for bytes that are not text in the encoding, ValueError for
    a binary file (NUL bytes, or control characters once decoded).
    """
    codec = next((codec for bom, codec in _BOMS if data.startswith(bom)), "utf-8")
    if codec.startswith("utf-8"):
        if b"\x00" in data:
            raise ValueError("the file is binary, not text")
        return data.decode(codec)
    text = data.decode(codec)
    # Bytes that merely start like a mark decode to garbage with controls in it.
    if _BINARY_CONTROL.search(text):
        raise ValueError("the file is binary, not text")
    return text


def encoding_name(exc: UnicodeDecodeError) -> str:
    """The encoding a failed decode tried, as people write it ("UTF-8", "UTF-16")."""
    for name in ("UTF-32", "UTF-16"):
        if exc.encoding.upper().replace("_", "-").startswith(name):
            return name
    return "UTF-8"
