"""The filing package (备案材料): every document the authority asks for, in one folder.

``build_package(plan, out_dir)`` writes ``out_dir/<预案名称>_备案材料_<date>/`` (and, with
``zip``, a .zip of it beside it) holding the checklist, the 备案申报表, the 评审意见 (or,
for government plans, the 编制说明), the plan and its response cards, the risk and
resource reports and the 评审表. What the plan lacks is marked in the documents and
listed in the checklist; the package is built all the same.

Writing is safe. Everything is built in a hidden folder next to the target and renamed
into place at the end. An existing package is replaced only with ``force``, and only
once the new one is complete. A cancelled or failed build leaves nothing behind.
Progress and cancellation go through the export's ``Progress``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import os
import shutil
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from app.export import (
    ExportError,
    ExportOptions,
    cards_docx_bytes,
    plan_docx_bytes,
    workbook_docx_bytes,
)
from app.export.layer.draft import DRAFT, mark_draft
from app.export.layer.placeholders import count_docx, sites
from app.filing.document import FilingDoc, Gap
from app.filing.facts import (
    FilingDeadline,
    ReviewRequirement,
    filing_deadline,
    full_title,
    is_enterprise,
    review_form_name,
    review_requirement,
)
from app.filing.forms import (
    CHECKLIST_TITLE,
    Item,
    application_form,
    application_title,
    checklist,
    drafting_notes,
)
from app.filing.reports import (
    resource_report,
    risk_report,
)
from app.filing.review import (
    review_form,
    review_opinion,
)
from app.i18n import T
from app.model.plan import Plan
from app.model.problems import Problem
from app.progress import Cancelled, Label, Progress
from app.storage import names
from app.storage.atomic import _fsync_dir, write_atomic
from app.storage.errors import SaveError, StorageError

PACKAGE_WORD = "备案材料"
CARDS_TITLE = "岗位应急处置卡"
# a government plan's departments get a handbook instead of position cards
# (国办发〔2024〕5号, domain-cn §3.2; GB/T 46793.2-2025 附录D)
WORKBOOK_TITLE = "应急工作手册"
MAX_NAME = 80  # characters of a file or folder name taken from a title


class PackageError(StorageError):
    """The package cannot be written where it was asked to go."""

    def __init__(self, path: str | Path, message: T, *, hint: T | None = None) -> None:
        super().__init__(str(path), message, hint=hint)


class PackageExists(PackageError):
    """The package folder (or its .zip) exists and ``force`` was not given."""


class GapsRemain(PackageError):
    """A final package was asked for while documents still hold unfilled values."""

    def __init__(self, marks: int, items: list[Item]) -> None:
        where = "；".join(f"{i.title}{i.marks}处" for i in items if i.marks)
        where_en = "; ".join(f"{i.title}: {i.marks}" for i in items if i.marks)
        super().__init__(
            "",
            T(
                f"材料中还有{marks}处待填写内容（{where}），不能生成正式备案材料",
                f"The documents still hold {marks} unfilled values ({where_en}); "
                "no final package was built",
            ),
            hint=T(
                "补全后重新生成；不加 --final 则生成标为草稿的材料；确需带缺项定稿，"
                "同时加 --accept-gaps",
                "Fill them in and build again; without --final a package marked 草稿 is "
                "built; to finalise with gaps anyway add --accept-gaps",
            ),
        )
        self.marks = marks


def draft_filename(filename: str) -> str:
    """03_预案.docx → 03_预案_草稿.docx (kept within the inner-name limit)."""
    stem, dot, ext = filename.rpartition(".")
    return names.safe_name(stem, suffix=f"_{DRAFT}{dot}{ext}", limit=names.INNER_NAME)


@dataclass(frozen=True)
class PackageOptions:
    export: ExportOptions = field(default_factory=ExportOptions)  # plan and cards
    zip: bool = False  # also write <folder>.zip beside the folder
    force: bool = False  # replace an existing package (only once the new one is complete)
    name: str | None = None  # the folder's name; default <预案名称>_备案材料_<date>
    today: dt.date | None = None  # the date the deadline is measured against
    stamp: Callable[[bytes], bytes] | None = None  # marks each file (the plan's version)
    # A package with unfilled values is built as a 草稿 (mark in every header and in every
    # name). ``final`` asks for the filed form: refused while gaps remain, unless
    # ``accept_gaps`` too.
    final: bool = False
    accept_gaps: bool = False


@dataclass
class PackageReport:
    folder: Path
    zip_path: Path | None
    items: list[Item]
    deadline: FilingDeadline
    requirement: ReviewRequirement
    problems: list[Problem] = field(default_factory=list)  # notes from the plan export
    draft: bool = False  # built as a 草稿: documents with unfilled values

    @property
    def gaps(self) -> list[Gap]:
        return [g for item in self.items for g in item.gaps]

    @property
    def marks(self) -> int:
        """Unfilled values marked in the documents (the checklist's own not counted)."""
        return sum(i.marks for i in self.items if i.key != "checklist")

    def gap_summary(self) -> list[T]:
        """How many gaps and where, for the CLI and the GUI alike: a line a document."""
        out = []
        for item in self.items:
            if item.key == "checklist" or not item.marks:
                continue
            places = list(dict.fromkeys(p for p, _ in item.sites if p))
            shown = "、".join(places[:3]) + ("等" if len(places) > 3 else "")
            where_zh = f"，在{shown}" if shown else ""
            where_en = f", in {'; '.join(places[:3])}" if shown else ""
            out.append(
                T(
                    f"{item.filename or item.title}：待填写{item.marks}处{where_zh}",
                    f"{item.filename or item.title}: {item.marks} unfilled{where_en}",
                )
            )
        return out

    @property
    def files(self) -> list[str]:
        return [i.filename for i in self.items if i.generated]


# --- names -------------------------------------------------------------------------------


def safe_name(text: str, fallback: str = "预案") -> str:
    """A file or folder name that Windows, macOS and Linux all accept."""
    return names.safe_name(text, fallback=fallback, limit=MAX_NAME)


def package_name(
    plan: Plan, today: dt.date, folder: str | Path | None = None, *, draft: bool = False
) -> str:
    """<预案名称>_备案材料_2026-03-20 (…_备案材料_草稿_2026-03-20 for a draft), short
    enough for ``folder`` and a nested unpack."""
    room = min(MAX_NAME, names.folder_room(folder, nested=2))
    suffix = f"_{PACKAGE_WORD}{'_' + DRAFT if draft else ''}_{today.isoformat()}"
    return names.safe_name(full_title(plan), suffix=suffix, fallback="预案", limit=room)


# --- progress ----------------------------------------------------------------------------


class _Slice(Progress):
    """A sub-job's progress mapped onto a range of the whole package's progress; it
    cancels when the package is cancelled."""

    def __init__(self, parent: Progress, start: int, span: int, total: int, name: str) -> None:
        super().__init__()
        self._parent = parent
        self._start, self._span, self._whole, self._name = start, span, total, name

    @property
    def cancelled(self) -> bool:
        return self._parent.cancelled

    def cancel(self) -> None:
        self._parent.cancel()

    def check(self) -> None:
        self._parent.check()

    def report(self, done: int, total: int, label: Label | None = None) -> None:
        share = min(done, total) / max(total, 1)
        self.done, self.total = done, total
        if label is not None:
            self.label = label
        zh, en = (label.zh, label.en) if isinstance(label, T) else (label or "",) * 2
        text = T(f"{self._name}：{zh}", f"{self._name}: {en}")
        self._parent.report(self._start + int(share * self._span), self._whole, text)


class _Steps:
    def __init__(self, progress: Progress | None, total: int) -> None:
        self.progress = progress
        self.total = total
        self.done = 0

    def step(self, label: T, weight: int = 1) -> Progress | None:
        """Report the next unit of work; returns a slice for a sub-job of ``weight``."""
        if self.progress is None:
            self.done += weight
            return None
        self.progress.report(self.done, self.total, label)
        sub = _Slice(self.progress, self.done, weight, self.total, label.zh)
        self.done += weight
        return sub


PLAN_WEIGHT = 12
CARDS_WEIGHT = 4


# --- building -----------------------------------------------------------------------------


@dataclass
class PackageFile:
    """One document of the package, built in memory."""

    item: Item
    data: bytes


NOTES = {
    "application": "打印后由主要负责人签字、单位盖章",
    "opinion": "附组长签字的原件和专家签名表",
    "notes": "随正式印发文本报送",
    "plan": "电子文档，与签署公布的文本一致",
    "cards": "发放到岗位，随身携带",
    "risk": "风险评估结果（办法第二十六条）",
    "resources": "应急资源调查清单（办法第二十六条）",
    "form": "评审时由专家填写",
}


GOV_NOTES = NOTES | {
    "risk": "编制依据材料",
    "resources": "编制依据材料",
    "cards": "按部门（单位）发放，对照执行",
}


def _filing_doc(
    key: str, number: int, build: Callable[[], FilingDoc], notes: dict[str, str]
) -> PackageFile:
    doc = build()
    name = names.safe_name(f"{number:02d}_{doc.title_text}", suffix=".docx", limit=names.INNER_NAME)
    item = Item(key, doc.title_text, name, note=notes.get(key, ""), gaps=list(doc.gaps))
    return PackageFile(item, doc.to_bytes())


def build_documents(
    plan: Plan,
    *,
    options: PackageOptions | None = None,
    progress: Progress | None = None,
) -> tuple[list[PackageFile], PackageReport]:
    """Every document of the package, in memory, in the order they are filed."""
    options = options or PackageOptions()
    today = options.today or dt.date.today()
    enterprise = is_enterprise(plan)
    req = review_requirement(plan)
    deadline = filing_deadline(plan, today)
    with_review = enterprise or plan.meta.review is not None
    count = 5 + (2 if enterprise else 1) + (1 if with_review and not enterprise else 0)
    steps = _Steps(progress, PLAN_WEIGHT + CARDS_WEIGHT + count + 2)
    report = PackageReport(Path(), None, [], deadline, req)
    docs: dict[str, PackageFile] = {}
    notes = NOTES if enterprise else GOV_NOTES

    title = full_title(plan)
    sub = steps.step(T("预案文档", "Plan document"), PLAN_WEIGHT)
    data, plan_report = plan_docx_bytes(plan, options=options.export, progress=sub)
    report.problems += plan_report.warnings
    plan_file = names.safe_name(f"03_{title}", suffix=".docx", limit=names.INNER_NAME)
    plan_item = Item("plan", f"《{title}》（电子文档）", plan_file)
    plan_item.note = NOTES["plan"]
    docs["plan"] = PackageFile(plan_item, data)

    if enterprise:
        sub = steps.step(T("处置卡", "Response cards"), CARDS_WEIGHT)
        handout, build_handout = CARDS_TITLE, cards_docx_bytes
    else:
        sub = steps.step(T("应急工作手册", "Emergency handbook"), CARDS_WEIGHT)
        handout, build_handout = WORKBOOK_TITLE, workbook_docx_bytes
    cards_name = f"04_{handout}.docx"
    try:
        data, cards_report = build_handout(plan, options=options.export, progress=sub)
        report.problems += cards_report.warnings
        docs["cards"] = PackageFile(Item("cards", handout, cards_name, note=notes["cards"]), data)
    except ExportError as exc:
        reason = exc.message.zh
        gap = Gap(
            handout,
            T("应急组织机构和工作组", "the command body and working groups"),
            exc.hint or T("在“组织机构及职责”中添加工作组", "Add working groups"),
        )
        docs["cards"] = PackageFile(
            Item("cards", handout, "", generated=False, note=reason, gaps=[gap]), b""
        )

    steps.step(T("风险评估报告", "Risk assessment report"))
    docs["risk"] = _filing_doc("risk", 5, lambda: risk_report(plan, today), notes)
    steps.step(T("应急资源调查报告", "Resource survey report"))
    docs["resources"] = _filing_doc("resources", 6, lambda: resource_report(plan, today), notes)
    if enterprise:
        steps.step(T("评审意见", "Review opinion"))
        docs["opinion"] = _filing_doc("opinion", 2, lambda: review_opinion(plan, today), notes)
        steps.step(T("评审表", "Review form"))
        docs["form"] = _filing_doc("form", 7, lambda: review_form(plan, today), notes)
    else:
        steps.step(T("编制说明", "Drafting note"))
        docs["notes"] = _filing_doc("notes", 2, lambda: drafting_notes(plan, today), notes)
        if with_review:
            steps.step(T("评审意见", "Review opinion"))
            docs["opinion"] = _filing_doc("opinion", 7, lambda: review_opinion(plan, today), notes)

    order = ["opinion", "notes", "plan", "cards", "risk", "resources", "form"]
    attachments = [docs[k].item.title for k in order if k in docs and docs[k].item.generated]
    steps.step(T("备案申报表", "Filing application"))
    application = _filing_doc(
        "application", 1, lambda: application_form(plan, today, attachments, req), notes
    )
    listed = [application] + [docs[k] for k in order if k in docs]
    listed.sort(key=lambda d: d.item.filename or "99")
    for d in listed:
        if d.item.generated:
            d.item.marks = count_docx(d.data)
            d.item.sites = sites(d.data)
    marks = sum(d.item.marks for d in listed)
    if marks and options.final and not options.accept_gaps:
        raise GapsRemain(marks, [d.item for d in listed])
    report.draft = draft = bool(marks) and not options.final
    if draft:
        for d in listed:
            if d.item.generated:
                d.item.filename = draft_filename(d.item.filename)
    steps.step(T("材料清单", "Checklist"))
    extra = _by_hand(plan, req)
    check = checklist(plan, today, [d.item for d in listed], deadline, req, extra, draft=draft)
    check_name = f"00_{CHECKLIST_TITLE}.docx"
    check_doc = PackageFile(
        Item("checklist", CHECKLIST_TITLE, draft_filename(check_name) if draft else check_name),
        check.to_bytes(),
    )
    if draft:
        check_doc.data = mark_draft(check_doc.data)
        for d in listed:
            if d.item.generated:
                d.data = mark_draft(d.data)
    # the checklist's own markers repeat gaps listed for the documents they belong to
    all_docs = [check_doc, *listed]
    report.items = [d.item for d in all_docs]
    return all_docs, report


def _by_hand(plan: Plan, req: ReviewRequirement) -> list[tuple[str, str]]:
    """What the clerk adds to the package: signed and sealed originals."""
    out: list[tuple[str, str]] = []
    if is_enterprise(plan):
        form = review_form_name(plan)
        if req.formal or plan.meta.review is not None:
            out.append(
                (
                    f"{form}意见（纪要）原件及专家签名表",
                    f"{form}组长签字；修改情况说明由组长签字确认",
                )
            )
        out.append(("签署公布的应急预案文本", "主要负责人签署，内容与电子文档一致"))
    else:
        out.append(("应急预案正式印发文本（含印发通知）", "加盖印章；电子文本即本目录中的预案文档"))
    out.append((application_title(plan) + "（签章件）", "打印后由主要负责人签字、单位盖章"))
    return out


# --- writing -----------------------------------------------------------------------------


def _zip_bytes(folder_name: str, docs: list[PackageFile]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for d in docs:
            if d.item.generated:
                z.writestr(f"{folder_name}/{d.item.filename}", d.data)
    return buffer.getvalue()


def _exists_error(path: Path) -> PackageExists:
    return PackageExists(
        path,
        T("备案材料已存在，未做任何改动", "The package exists already; nothing was changed"),
        hint=T(
            "使用 --force 替换（新材料全部生成后才替换旧的），或换一个输出文件夹",
            "Use --force to replace it (only once the new one is complete), or choose "
            "another output folder",
        ),
    )


def _prepare_folder(out_dir: Path) -> None:
    if out_dir.exists() and not out_dir.is_dir():
        raise PackageError(
            out_dir,
            T("输出位置是一个文件，不是文件夹", "The output location is a file, not a folder"),
        )
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise PackageError(
            out_dir,
            T(
                f"无法创建输出文件夹：{exc.strerror or exc}",
                f"Cannot create the output folder: {exc.strerror or exc}",
            ),
        ) from None


def _check_free(target: Path, zip_target: Path | None, force: bool) -> None:
    if force:
        return
    for path in (target, zip_target):
        if path is not None and (path.exists() or path.is_symlink()):
            raise _exists_error(path)


def build_package(
    plan: Plan,
    out_dir: str | Path,
    *,
    options: PackageOptions | None = None,
    progress: Progress | None = None,
) -> PackageReport:
    """Build the filing package into ``out_dir`` and return what it holds.

    Safe from a worker thread. Raises ``PackageExists`` (without ``force``), ``PackageError``
    or ``SaveError`` (cannot write), ``ExportError`` (bad reference document or template)
    or ``Cancelled``; in every case nothing is left behind and an existing package is
    untouched.
    """
    options = options or PackageOptions()
    today = options.today or dt.date.today()
    out = Path(out_dir)
    room = names.folder_room(out, nested=2)
    name = (
        names.safe_name(options.name, fallback="预案", limit=room)
        if options.name
        else package_name(plan, today, out)
    )
    target = out / name
    zip_target = out / f"{name}.zip" if options.zip else None
    _prepare_folder(out)
    _check_free(target, zip_target, options.force)
    docs, report = build_documents(plan, options=options, progress=progress)
    if report.draft and not options.name:  # the name says 草稿 too
        name = package_name(plan, today, out, draft=True)
        target = out / name
        zip_target = out / f"{name}.zip" if options.zip else None
        _check_free(target, zip_target, options.force)
    stamp = options.stamp or (lambda data: data)  # e.g. the plan's version, in each file
    docs = [PackageFile(d.item, stamp(d.data) if d.item.generated else d.data) for d in docs]
    if progress is not None:
        progress.report(
            max(progress.total - 1, 0), max(progress.total, 1), T("写入文件", "Writing files")
        )
    staging = _staging(out, name)
    try:
        folder = staging / name
        folder.mkdir()
        for d in docs:
            if d.item.generated:
                if progress is not None:
                    progress.check()
                write_atomic(folder / d.item.filename, d.data, backup=False)
        zip_tmp = None
        if zip_target is not None:
            zip_tmp = staging / zip_target.name
            write_atomic(zip_tmp, _zip_bytes(name, docs), backup=False)
        if progress is not None:
            progress.check()  # the last moment a cancel still leaves everything as it was
        _check_free(target, zip_target, options.force)
        _commit(staging, folder, target, zip_tmp, zip_target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    report.folder = target
    report.zip_path = zip_target
    if progress is not None:
        total = max(progress.total, 1)
        progress.report(total, total, T("已完成", "Done"))
    return report


def _staging(out: Path, name: str) -> Path:
    try:
        staging = Path(tempfile.mkdtemp(prefix=f".{PACKAGE_WORD}.", suffix=".building", dir=out))
    except OSError as exc:
        raise PackageError(
            out,
            T(
                f"无法在输出文件夹中写入：{exc.strerror or exc}",
                f"Cannot write in the output folder: {exc.strerror or exc}",
            ),
        ) from None
    with contextlib.suppress(OSError):  # mkdtemp makes it private; the package is not
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(staging, 0o777 & ~umask)
    return staging


def _commit(
    staging: Path, folder: Path, target: Path, zip_tmp: Path | None, zip_target: Path | None
) -> None:
    """Swap the new package in; on failure put the old one back."""
    old = staging / ".previous"
    moved = False
    try:
        if target.exists() or target.is_symlink():
            os.rename(target, old)
            moved = True
        os.rename(folder, target)
    except OSError as exc:
        if moved:
            with contextlib.suppress(OSError):
                os.rename(old, target)
        raise SaveError(
            str(target),
            T(
                f"无法把备案材料放到位：{exc.strerror or exc}；原有文件未改动",
                f"Cannot move the package into place: {exc.strerror or exc}; "
                "nothing existing was changed",
            ),
            hint=T(
                "请关闭正在打开该文件夹中文件的程序（如 WPS、Word、资源管理器）后重试",
                "Close programs that hold files in that folder (WPS, Word, Explorer) and retry",
            ),
        ) from None
    if zip_tmp is not None and zip_target is not None:
        try:
            os.replace(zip_tmp, zip_target)
        except OSError as exc:
            raise SaveError(
                str(zip_target),
                T(
                    f"文件夹已生成，但无法写入压缩包：{exc.strerror or exc}",
                    f"The folder is written but the .zip is not: {exc.strerror or exc}",
                ),
            ) from None
    with contextlib.suppress(OSError):
        _fsync_dir(target.parent)


__all__ = [
    "Cancelled",
    "GapsRemain",
    "PackageError",
    "PackageExists",
    "PackageFile",
    "PackageOptions",
    "PackageReport",
    "build_documents",
    "build_package",
    "draft_filename",
    "package_name",
    "safe_name",
]
