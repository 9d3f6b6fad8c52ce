"""File and folder names made from plan content: the one function every such name goes
through, safe on Windows and on Linux.

A title becomes a name (``safe_name``) by these rules, the strictest of the two systems:

* characters Windows reserves (``< > : " / \\ | ? *``), control characters (C0 and C1)
  and invisible direction marks become ``_``; so no ``../`` piece can leave the folder;
* runs of white space become one space; leading dots and spaces (hidden files, ``..``)
  and trailing dots and spaces (which Windows drops silently) are removed;
* a name Windows keeps for a device (``CON``, ``PRN``, ``AUX``, ``NUL``, ``COM0``–``COM9``,
  ``LPT0``–``LPT9``, also with superscript digits, ``CONIN$``, ``CONOUT$``), with or
  without an extension, gets a leading ``_``;
* a component is at most 255 UTF-16 units (NTFS) and 255 bytes of UTF-8 (ext4), the
  stricter one winning, and at most ``limit`` units; it is cut between characters, never
  inside an emoji sequence or before a combining mark, and the suffix (``.docx``,
  ``_备案材料_2026-03-20``) is always kept whole.

Where the name goes into a folder, ``folder_room`` and ``file_room`` give the ``limit``
that keeps the whole path within MAX_PATH (260 UTF-16 units with the terminating NUL):
Windows applies it where long paths are not enabled, and Word and WPS refuse longer
paths even where they are. The folder counts as at least ``DOCUMENTS_PREFIX`` units, the
length of a user's Documents folder on Windows, so a package built anywhere still fits
when it is copied there, or unpacked from its .zip (which nests the folder twice).
"""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path

MAX_COMPONENT = 255  # UTF-16 units (NTFS) and UTF-8 bytes (ext4) of one name
MAX_PATH = 260  # Windows, including the terminating NUL
# C:\Users\<name>\OneDrive - <organisation>\Documents\<a folder>\ is about this long
DOCUMENTS_PREFIX = 64
INNER_NAME = 48  # room a folder keeps for the names of the files inside it
DEFAULT_LIMIT = 80  # a name taken from a title, unless the caller has more room

_UNSAFE = re.compile(
    r'[\x00-\x1f\x7f-\x9f<>:"/\\|?*\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]+'
)
_SPACE = re.compile(r"\s+")
_DEVICES = frozenset(
    {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"}
    | {f"{port}{n}" for port in ("COM", "LPT") for n in (*"0123456789", "¹", "²", "³")}
)
_JOINERS = {"\u200d", "\u20e3"}  # zero-width joiner, combining keycap


def utf16_units(text: str) -> int:
    """Length as Windows counts it: characters beyond the BMP take two units."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def utf8_bytes(text: str) -> int:
    return len(text.encode("utf-8", "surrogatepass"))


def _continues(char: str) -> bool:
    """Whether ``char`` belongs to the character before it (must not start a cut-off)."""
    code = ord(char)
    return (
        unicodedata.category(char) in ("Mn", "Me", "Mc")
        or char in _JOINERS
        or 0xFE00 <= code <= 0xFE0F  # variation selectors
        or 0xE0100 <= code <= 0xE01EF
        or 0x1F3FB <= code <= 0x1F3FF  # skin tones
        or 0xE0020 <= code <= 0xE007F  # tag characters (subdivision flags)
    )


def fit(text: str, units: int, octets: int) -> str:
    """The longest start of ``text`` within both budgets, ending between characters."""
    used_units = used_bytes = 0
    end = 0
    for char in text:
        u, b = utf16_units(char), utf8_bytes(char)
        if used_units + u > units or used_bytes + b > octets:
            break
        used_units += u
        used_bytes += b
        end += 1
    if end == len(text):
        return text
    # do not leave half of an emoji sequence or a letter without its accent
    while end > 0 and (_continues(text[end]) or text[end - 1] in _JOINERS):
        end -= 1
    return text[:end]


def _tidy(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    text = _UNSAFE.sub("_", text)
    text = _SPACE.sub(" ", text)
    return text.lstrip(". ").rstrip(". ")


def is_device_name(name: str) -> bool:
    """``CON``, ``nul.txt``, ``COM1 .docx``: names Windows gives to devices."""
    base = name.split(".", 1)[0].rstrip(" ").upper()
    return base in _DEVICES


def safe_name(
    text: str, *, suffix: str = "", fallback: str = "未命名", limit: int = DEFAULT_LIMIT
) -> str:
    """``text`` as one file or folder name, with ``suffix`` kept whole at its end.

    ``limit`` is in UTF-16 units for the whole name (suffix included); it never exceeds
    255, and the name never exceeds 255 bytes of UTF-8 either.
    """
    units = min(limit, MAX_COMPONENT) - utf16_units(suffix)
    octets = MAX_COMPONENT - utf8_bytes(suffix)
    stem = fit(_tidy(text), max(units, 1), max(octets, 1)).rstrip(". ")
    if not stem:
        stem = fit(_tidy(fallback), max(units, 1), max(octets, 1)).rstrip(". ") or "_"
    name = stem + suffix
    if is_device_name(name):
        name = "_" + fit(stem, max(units - 1, 1), max(octets - 1, 1)) + suffix
    return name


def _folder_units(folder: str | Path | None) -> int:
    if folder is None:
        return DOCUMENTS_PREFIX
    return max(utf16_units(os.path.abspath(folder)), DOCUMENTS_PREFIX)


def file_room(folder: str | Path | None) -> int:
    """How long a file name in ``folder`` may be for the path to stay within MAX_PATH."""
    return max(min(MAX_COMPONENT, MAX_PATH - 1 - _folder_units(folder) - 1), 1)


def folder_room(folder: str | Path | None, *, nested: int = 1, inner: int = INNER_NAME) -> int:
    """How long the name of a folder made in ``folder`` may be, so that a file of up to
    ``inner`` units inside it stays within MAX_PATH, with the folder's name appearing
    ``nested`` times on the way (2 for a package whose .zip is unpacked into a folder
    of its own name)."""
    free = MAX_PATH - 1 - _folder_units(folder) - nested - 1 - inner
    return max(min(MAX_COMPONENT, free // nested), 1)


__all__ = [
    "DEFAULT_LIMIT",
    "DOCUMENTS_PREFIX",
    "INNER_NAME",
    "MAX_COMPONENT",
    "MAX_PATH",
    "file_room",
    "fit",
    "folder_room",
    "is_device_name",
    "safe_name",
    "utf8_bytes",
    "utf16_units",
]
