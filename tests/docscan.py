"""Every document PlanDrill writes, generated and read back as text (issue 17: names, never ids).

``generate_all(folder)`` builds each document kind from the bundled sample plan, every plan
template, the sample drills and every drill template (drill documents; the two reports from
a session recorded on a fake clock), the filing package of each plan, the library's work
plan and plan-system documents and the sample's 修订对照表. ``text_of(data)`` reads every
paragraph of a .docx with python-docx: body, tables (nested too), text boxes, headers and
footers. ``program_text(text, ids)`` lists what a reader must not see: the program ids of
the source data and Latin words outside ``ALLOWED``.

    python tests/docscan.py          # the figures: documents, kinds, hits (by hand)
"""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run by hand
    sys.path.insert(0, str(ROOT))

import docx  # noqa: E402
import yaml  # noqa: E402
from docx.oxml.ns import qn  # noqa: E402

SAMPLE = ROOT / "resources" / "sample"
SAMPLE_PLAN = SAMPLE / "化工企业综合应急预案.plan.yaml"
COMPARE_BASE = ROOT / "tests" / "data" / "compare-base.plan.yaml"
TODAY = dt.date(2026, 12, 8)

# Latin text a Chinese official document legitimately carries, beyond what the user wrote
# into the data (see ``user_words``). Kept small: each entry is a standard's prefix, a
# unit of measure, or a notation the domain writes in Latin letters.
ALLOWED = {
    # standard numbers: GB/T 29639—2020, AQ/T 9007—2019, YJ/T 9009—2015
    "GB/T",
    "GB",
    "AQ/T",
    "YJ/T",
    # units of measure
    "km",
    "m",
    "kg",
    "mg",
    "t",
    "h",
    "kPa",
    "MPa",
    "m³",
}
# Notations: scenario time "T+00:08" (演练脚本 convention), a standard's 附录A/附录B,
# a chemical formula with subscripts (O₂, H₂S), checked before a word is tokenised.
NOTATIONS = re.compile(
    r"\bT[+＋]\d|附录[A-Z](?![A-Za-z0-9])|(?<![A-Za-z0-9])(?=[A-Za-z₀-₉]*[₀-₉])(?:[A-Z][a-z]?[₀-₉]*)+"
)

# A Latin token: letters with digits, dots, hyphens and superscripts joined on; a slash
# separates tokens (O₂/H₂S/CO) except in a standard's prefix (GB/T).
LATIN = re.compile(r"(?:GB|AQ|YJ)/T|[A-Za-z][A-Za-z0-9_³²₀-₉.\-]*")
# What a program writes and a user does not: lowercase identifiers (g-hq, tabletop, docx).
IDENTIFIER = re.compile(r"[a-z][a-z0-9_\-.]*")


@dataclass(frozen=True)
class Doc:
    """One generated document: what it is, from which source, and its bytes."""

    kind: str  # 预案文本, 处置卡, 备案材料清单, 演练脚本（导调版）…
    source: str  # the plan/drill/template it was made from
    data: bytes
    ids: frozenset[str]  # the program ids of its source data
    words: frozenset[str] = frozenset()  # Latin words the user wrote in that data
    owner: str = ""  # "drill-eval" for the reports app/drilldocs/report.py writes


# --- reading ----------------------------------------------------------------------------


def _paragraph_texts(root: Any) -> Iterator[str]:
    # every w:p under root: body, table cells (nested), text boxes; the text of its runs
    for p in root.iter(qn("w:p")):
        parts = []
        for el in p.iter(qn("w:t"), qn("w:tab"), qn("w:br")):
            parts.append(el.text or "" if el.tag == qn("w:t") else " ")
        text = "".join(parts).strip()
        if text:
            yield text


def text_of(data: bytes) -> list[str]:
    """Every paragraph of a .docx: body, tables, text boxes, headers and footers."""
    d = docx.Document(io.BytesIO(data))
    out = list(_paragraph_texts(d.element.body))
    seen: set[str] = set()
    for section in d.sections:
        for part in (
            section.header,
            section.footer,
            section.first_page_header,
            section.first_page_footer,
            section.even_page_header,
            section.even_page_footer,
        ):
            if part.is_linked_to_previous:
                continue
            name = str(part.part.partname)
            if name in seen:
                continue
            seen.add(name)
            out += list(_paragraph_texts(part._element))
    return out


# --- what a reader must not see ---------------------------------------------------------


def source_ids(data: Any) -> set[str]:
    """Program ids of a plan or drill: every ``id:`` value and every reference to one.

    Only ids a reader could mistake for text are kept: ASCII words of two characters or
    more (``fire-i``, ``g-hq``, ``i03``, ``c-judge``). A level id like ``I`` is left to the
    Latin-word check.
    """
    ids: set[str] = set()

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                if key == "id" and isinstance(item, str):
                    ids.add(item)
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(data)
    return {i for i in ids if len(i) >= 2 and re.fullmatch(r"[A-Za-z0-9_\-]+", i)}


def _id_pattern(ids: Iterable[str]) -> re.Pattern[str] | None:
    words = sorted(ids, key=len, reverse=True)
    if not words:
        return None
    alt = "|".join(re.escape(w) for w in words)
    return re.compile(rf"(?<![A-Za-z0-9_\-])(?:{alt})(?![A-Za-z0-9_\-])")


# Keys whose values are the program's references, never the user's words: ids, and the
# code of the standard's element a section answers (A13.2).
PROGRAM_KEYS = {"id", "element"}


def user_words(data: Any) -> set[str]:
    """Latin words the user wrote into the data's texts: equipment models (MFTZ/ABC35),
    document codes (SFHG-YA-2026-01), tag numbers (T-103), acronyms (DCS, UPS). A
    lowercase identifier is never one of them: that is an id or an enum value."""
    out: set[str] = set()

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                if key not in PROGRAM_KEYS:
                    walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)
        elif isinstance(value, str):
            for m in LATIN.finditer(NOTATIONS.sub(" ", value)):
                word = m.group(0).rstrip(".-")
                if not IDENTIFIER.fullmatch(word):
                    out.add(word)

    walk(data)
    return out


def program_text(
    lines: Iterable[str], ids: Iterable[str], allowed: Iterable[str] = ()
) -> list[tuple[str, str]]:
    """(hit, the line it is in) for every program id and every Latin word outside
    ``ALLOWED``, the notations and ``allowed`` (the user's own words)."""
    pattern = _id_pattern(ids)
    ok = ALLOWED | set(allowed)
    hits: list[tuple[str, str]] = []
    for line in lines:
        found: set[str] = set()
        if pattern is not None:
            for m in pattern.finditer(line):
                found.add(m.group(0))
                hits.append((m.group(0), line))
        rest = NOTATIONS.sub(" ", line)
        for m in LATIN.finditer(rest):
            word = m.group(0).rstrip(".-")
            if word in found or word in ok:
                continue
            hits.append((word, line))
    return hits


# --- generating -------------------------------------------------------------------------


def _load_yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _facts(*paths: Path) -> tuple[frozenset[str], frozenset[str]]:
    """(program ids, the user's Latin words) of the source files."""
    ids: set[str] = set()
    words: set[str] = set()
    for path in paths:
        data = _load_yaml(path)
        ids |= source_ids(data)
        words |= user_words(data)
    return frozenset(ids), frozenset(words - ids)


def _plan_documents(plan_path: Path, label: str) -> Iterator[Doc]:
    from app.export import cards_docx_bytes, plan_docx_bytes
    from app.export.errors import ExportError
    from app.filing import PackageOptions, build_documents
    from app.storage.plans import load_plan

    plan = load_plan(plan_path).model
    ids, words = _facts(plan_path)
    data, _ = plan_docx_bytes(plan)
    yield Doc("预案文本", label, data, ids, words)
    try:
        data, _ = cards_docx_bytes(plan)
        yield Doc("处置卡", label, data, ids, words)
    except ExportError:
        pass  # a plan without working groups has no cards (the package says so)
    files, _ = build_documents(plan, options=PackageOptions(today=TODAY))
    for f in files:
        if f.data and f.item.key not in ("plan", "cards"):
            yield Doc(f"备案材料：{f.item.title}", label, f.data, ids, words)


def _drill_documents(drill_path: Path, label: str, *, reports: bool) -> Iterator[Doc]:
    from app.drilldocs import DrillDoc, drill_doc_bytes, prepare

    plan_file = (_load_yaml(drill_path).get("meta") or {}).get("plan")
    paths = [drill_path]
    if plan_file and (drill_path.parent / plan_file).exists():
        paths.append(drill_path.parent / plan_file)
    found, words = _facts(*paths)
    ids = set(found)
    for kind in DrillDoc:
        if kind.needs_session:
            continue
        data, _ = drill_doc_bytes(kind, prepare(kind, drill_path))
        yield Doc(kind.title, label, data, frozenset(ids), words)
    if reports:
        from tests.drill_docs_sessions import record_sample

        folder = drill_path.parent / "session"
        folder.mkdir(exist_ok=True)
        path, journal = record_sample(folder)
        ids |= {_session_id(journal)}
        kind = DrillDoc.SCRIPT_PARTICIPANT  # with what the session delivered
        data, _ = drill_doc_bytes(kind, prepare(kind, path, session=journal))
        yield Doc(kind.title, label + "（演练记录）", data, frozenset(ids), words)
        for kind in (DrillDoc.REPORT, DrillDoc.SUMMARY):
            data, _ = drill_doc_bytes(kind, prepare(kind, path, session=journal))
            yield Doc(kind.title, label, data, frozenset(ids), words, owner="drill-eval")


def _session_id(journal: Path) -> str:
    header = journal.read_text(encoding="utf-8").splitlines()[0]
    m = re.search(r'"session"\s*:\s*"([^"]+)"', header)
    return m.group(1) if m else journal.stem.split(".")[-1]


def _template_files(folder: Path) -> tuple[list[Path], list[Path]]:
    from app.storage.drills import save_drill
    from app.storage.plans import save_plan
    from app.storage.templates import TemplateDoc, list_templates, render_drill, render_template

    plans: list[Path] = []
    drills: list[Path] = []
    by_id: dict[str, Path] = {}
    for info in list_templates():
        if not info.builtin:
            continue
        path = folder / f"{info.id}.plan.yaml"
        save_plan(render_template(info.id, {}, use_examples=True), path)
        plans.append(path)
        by_id[info.id] = path
    for info in list_templates(doc=TemplateDoc.DRILL):
        if not info.builtin:
            continue
        values = {}
        if info.plan_variable and info.plan_template in by_id:
            values[info.plan_variable] = by_id[info.plan_template].name
        path = folder / f"{info.id}.drill.yaml"
        save_drill(render_drill(info.id, values, use_examples=True), path)
        drills.append(path)
    return plans, drills


def generate_all(folder: Path) -> list[Doc]:
    """Every document kind from the sample and every template, written into nothing but
    memory (``folder`` holds the source files the documents are built from)."""
    from app.compare import build_comparison_docx, diff_plans
    from app.library import scan_library
    from app.library.reports import system_docx_bytes, work_plan_docx_bytes
    from app.storage.plans import load_plan

    folder.mkdir(parents=True, exist_ok=True)
    sample = folder / "sample"
    sample.mkdir(exist_ok=True)
    for f in SAMPLE.iterdir():
        shutil.copy(f, sample / f.name)
    docs: list[Doc] = []
    docs += _plan_documents(sample / SAMPLE_PLAN.name, "示例预案")
    for drill in sorted(sample.glob("*.drill.yaml")):
        docs += _drill_documents(drill, drill.name, reports=drill.name.startswith("液氯"))

    templates = folder / "templates"
    templates.mkdir(exist_ok=True)
    plans, drills = _template_files(templates)
    for path in plans:
        docs += _plan_documents(path, path.name)
    for path in drills:
        docs += _drill_documents(path, path.name, reports=False)

    ids: set[str] = set()
    words: set[str] = set()
    for d in docs:
        ids |= d.ids
        words |= d.words
    library = scan_library(folder, today=TODAY)
    data = work_plan_docx_bytes(library, TODAY.year + 1)
    docs.append(Doc("年度工作计划", "示例与模板", data, frozenset(ids), frozenset(words)))
    data, _ = system_docx_bytes(library, cjk=False)
    docs.append(Doc("预案体系", "示例与模板", data, frozenset(ids), frozenset(words)))

    old = load_plan(COMPARE_BASE).model
    new = load_plan(sample / SAMPLE_PLAN.name).model
    data = build_comparison_docx(diff_plans(old, new))
    docs.append(Doc("修订对照表", "示例预案", data, *_facts(COMPARE_BASE, SAMPLE_PLAN)))
    return docs


def main() -> None:
    import tempfile
    from collections import Counter

    with tempfile.TemporaryDirectory() as tmp:
        docs = generate_all(Path(tmp))
    kinds = Counter(d.kind for d in docs)
    total = 0
    words: Counter[str] = Counter()
    for d in docs:
        hits = program_text(text_of(d.data), d.ids, d.words)
        total += len(hits)
        for word, _line in hits:
            words[word] += 1
        if hits:
            print(f"{d.kind} / {d.source}: {len(hits)}")
            for word, line in hits[:6]:
                print(f"    {word!r:24} {line[:90]}")
    print(f"{len(docs)} documents, {len(kinds)} kinds, {total} hits")
    print(words.most_common(40))


if __name__ == "__main__":
    main()
