"""Bilingual text for the Qt-free layers.

The domain (model, storage, checks, export, drill) cannot use Qt's ``tr``. Its messages
are ``T`` pairs: Chinese first, English second. The UI picks the language; the CLI takes
``--lang``. Qt widgets translate their own strings through .ts/.qm files.
"""

from __future__ import annotations

import os
from typing import NamedTuple

LANGUAGES = ("zh", "en")
_current = "zh"


class T(NamedTuple):
    """A message in Chinese and English, with ``str.format`` placeholders."""

    zh: str
    en: str

    def format(self, **kwargs: object) -> T:
        return T(self.zh.format(**kwargs), self.en.format(**kwargs))

    def text(self, lang: str | None = None) -> str:
        return self.en if (lang or _current) == "en" else self.zh

    def __str__(self) -> str:
        return self.text()


def set_language(lang: str) -> None:
    global _current
    _current = "en" if lang.lower().startswith("en") else "zh"


def current_language() -> str:
    return _current


def language_from_env() -> str:
    """PLANDRILL_LANG wins; otherwise Chinese, the users' language."""
    value = os.environ.get("PLANDRILL_LANG", "")
    return "en" if value.lower().startswith("en") else "zh"
