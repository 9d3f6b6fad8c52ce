"""The fonts the Word exports name, read from the export's style sheet (one source of truth).

Qt-free, so the About box, the missing-font notice and any CLI report list the same
fonts: ``export_fonts()`` in the order users know them (title, body, headings, page
numbers, Latin text), each with what it is used for and the font Word falls back to.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from app.i18n import T

# What each style role sets, as users name it. Roles not listed count as body text.
_ROLE_USES: dict[str, T] = {
    "title": T("标题", "titles"),
    "cover_title": T("标题", "titles"),
    "appendix_title": T("标题", "titles"),
    "body": T("正文", "body text"),
    "h1": T("一级标题", "level-1 headings"),
    "table_head": T("表头", "table headers"),
    "h2": T("二级标题", "level-2 headings"),
    "subtitle": T("副标题", "subtitles"),
    "h3": T("三级和四级标题", "level-3 and level-4 headings"),
    "table_text": T("表格", "tables"),
    "footer": T("页码", "page numbers"),
}
_LATIN_USE = T("西文和数字", "Latin letters and digits")

# English family names Windows reports for the Chinese fonts (an English Windows lists
# 宋体 as SimSun); a font counts as installed under either name.
ALIASES: dict[str, tuple[str, ...]] = {
    "方正小标宋简体": ("FZXiaoBiaoSong-B05S", "方正小标宋_GBK"),
    "仿宋_GB2312": ("FangSong_GB2312",),
    "黑体": ("SimHei",),
    "楷体_GB2312": ("KaiTi_GB2312",),
    "宋体": ("SimSun",),
    "仿宋": ("FangSong",),
    "楷体": ("KaiTi",),
}


@dataclass(frozen=True)
class ExportFont:
    name: str  # as the document names it
    uses: tuple[T, ...]
    fallback: str | None  # what Word shows when ``name`` is missing (fontTable altName)

    def uses_text(self, lang: str) -> str:
        sep = "、" if lang == "zh" else ", "
        text = sep.join(u.text(lang) for u in self.uses)
        return text[:1].upper() + text[1:]

    def names(self) -> tuple[str, ...]:
        return (self.name, *ALIASES.get(self.name, ()))


def export_fonts() -> list[ExportFont]:
    """Every font the export's style sheet names: East Asian fonts first, then Latin."""
    # the style sheet lives with python-docx: loaded here, not when the editor starts
    from app.export.gongwen import FONT_FALLBACKS, gongwen_stylesheet

    uses: dict[str, list[T]] = {}
    latin: list[str] = []
    for style in gongwen_stylesheet().styles:
        found = uses.setdefault(style.east_asia, [])
        use = _ROLE_USES.get(style.role)
        if use is not None and use not in found:
            found.append(use)
        if style.latin not in latin:
            latin.append(style.latin)
    for name in latin:
        if name not in uses:
            uses[name] = [_LATIN_USE]
    known = [*_ROLE_USES.values(), _LATIN_USE]
    ordered = sorted(uses, key=lambda n: _order(n, uses[n]))
    return [
        ExportFont(n, tuple(sorted(uses[n], key=known.index)), FONT_FALLBACKS.get(n))
        for n in ordered
    ]


_RANK = ("titles", "body text", "level-1 headings", "level-2 headings", "page numbers")


def _order(name: str, uses: list[T]) -> int:
    """Titles, body, level-1 and level-2 headings, page numbers, then Latin text."""
    english = {u.en for u in uses}
    return next((rank for rank, use in enumerate(_RANK) if use in english), len(_RANK))


@dataclass(frozen=True)
class MissingFont:
    font: ExportFont
    substitute: str | None  # the fallback, when that one is installed


def missing_fonts(has_family: Callable[[str], bool]) -> list[MissingFont]:
    """The export fonts this machine lacks, with the fallback it has (if any)."""
    out = []
    for font in export_fonts():
        if any(has_family(n) for n in font.names()):
            continue
        fallback = font.fallback
        have = fallback is not None and any(
            has_family(n) for n in (fallback, *ALIASES.get(fallback, ()))
        )
        out.append(MissingFont(font, fallback if have else None))
    return out


def family_checker(families: Iterable[str]) -> Callable[[str], bool]:
    """``has_family`` over a list of installed family names, ignoring case."""
    known = {f.casefold() for f in families}
    return lambda name: name.casefold() in known
