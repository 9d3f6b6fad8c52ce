"""The console's log (演练记录, F2): rows from journal entries, and corrections.

``LogController`` turns recorded entries into log rows (a correction also shows its
target as corrected or struck through) and runs 更正… / 撤回… on the selected row: a
dialog (``drill_dialogs.ask_correction``), then ``DrillSession.correct`` as a new
journal entry. It works over the console's snapshot and submits through the console,
like every other command.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QMenu

from app.drill import DrillSession
from app.drill.clock import format_clock
from app.drill.evaluation import analysis_topics
from app.drill.state import ActionRecord, NoteRecord
from app.i18n import current_language
from app.model.drill import MarkLevel
from app.storage.journal import Entry
from app.ui.drill import dialogs as drill_dialogs
from app.ui.drill.models import HIDDEN_KINDS, LogModel, LogRow, LogState, kind_label
from app.ui.drill.runner import Snapshot


def _logged(snap: Snapshot, seq: object) -> ActionRecord | NoteRecord | None:
    """The action or note the log row ``seq`` shows, as corrections left it."""
    records: list[ActionRecord | NoteRecord] = [*snap.actions, *snap.notes]
    return next((r for r in records if r.seq == seq), None)


class LogController(QObject):
    """Rows of the log and corrections of its entries, for one console."""

    def __init__(self, console: Any, model: LogModel, view: Any) -> None:
        # console: the ConsoleWindow (not imported: windows sit above their controllers)
        super().__init__(console)
        self.console = console
        self.model = model
        self.view = view
        self.menu: QMenu | None = None  # the last context menu (tests reach it here)
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        view.customContextMenuRequested.connect(self.context_menu)

    def record_rows(self, entries: list[Entry], snap: Snapshot, ticket: int | None = None) -> None:
        """Show recorded entries; a correction also shows its target as corrected."""
        for n, entry in enumerate(entries):
            row = self.row_for(entry, snap)
            self.model.record([row] if row else [], ticket if n == 0 else None)
            if entry.type == "correct":
                self.show_corrected(entry.get("target"), snap)
        if not entries and ticket is not None:
            self.model.record([], ticket)

    def show_corrected(self, target: Any, snap: Snapshot) -> None:
        original = next((r for r in self.model.rows if r.key == target), None)
        if original is None or original.entry is None:
            return
        record = _logged(snap, target)
        if record is None:
            self.model.amend(target, None)
            return
        data = dict(original.entry.data)
        data.update(text=record.text, who=record.who, inject=record.inject, scn=record.scn)
        if hasattr(record, "fulfils"):
            data["fulfils"] = list(getattr(record, "fulfils", ()))
        fresh = self.row_for(Entry(original.entry.seq, original.entry.type, data), snap)
        self.model.amend(target, fresh)

    def title(self, snap: Snapshot, ident: str | None) -> str:
        item = snap.inject(ident)
        return f"{ident} {item.title}".strip() if item else (ident or "")

    def row_for(self, entry: Entry, snap: Snapshot) -> LogRow | None:
        kind = entry.type
        if kind in HIDDEN_KINDS:
            return None
        who = self.console.names.who(entry.get("who")) or None
        text = ""
        if kind == "action":
            decision = entry.get("decision")
            parts = []
            if entry.get("inject"):
                parts.append(f"[{entry.get('inject')}]")
            if decision:
                kind = "decision"
                text_d = next(
                    (d.text for i in snap.injects for d in i.decisions if d.id == decision),
                    decision,
                )
                parts.append(text_d)
            if entry.get("text") and entry.get("text") != (parts[-1] if decision else None):
                parts.append(str(entry.get("text")))
            fulfils = entry.get("fulfils") or []
            if fulfils:
                parts.append(self.tr("（完成：{ids}）").format(ids="、".join(fulfils)))
            text = " ".join(parts)
        elif kind == "note":
            text = str(entry.get("text") or "")
            if entry.get("inject"):
                text = f"[{entry.get('inject')}] {text}"
        elif kind in ("deliver", "skip"):
            text = self.title(snap, entry.get("inject"))
            if entry.get("reason"):
                text += f"（{entry.get('reason')}）"
        elif kind in ("draw", "return"):
            text = self.title(snap, entry.get("card"))
        elif kind == "added":
            data = entry.get("inject") or {}
            text = f"{data.get('id', '')} {data.get('title', '')} {data.get('text', '')}".strip()
        elif kind == "mark":
            criterion = snap.drill.criterion(entry.get("criterion") or "")
            value = entry.get("score")
            level = entry.get("level")
            if entry.get("skip"):
                shown = self.tr("不评估（{reason}）").format(reason=entry.get("skip"))
            elif level:
                shown = MarkLevel(level).label(current_language())
            else:
                shown = f"{value:g}" if isinstance(value, (int, float)) else ""
            name = (criterion.text or criterion.id) if criterion else entry.get("criterion")
            text = f"{name}：{shown}"
            who = self.console.names.who(entry.get("by")) or None
            if entry.get("note"):
                text += f"（{entry.get('note')}）"
        elif kind == "finding":
            data = entry.get("finding") or {}
            text = f"{data.get('id', '')} {data.get('text', '')}".strip()
        elif kind == "correct":
            target = entry.get("target")
            original = next((r for r in self.model.rows if r.key == target), None)
            what = original.text if original is not None else ""
            when = (
                format_clock(float(original.scn)) if original and original.scn is not None else ""
            )
            if entry.get("retract"):
                kind = "retract"
            text = self.tr("{when} {what}（理由：{reason}）").format(
                when=when, what=what, reason=entry.get("reason") or ""
            )
            who = self.console.names.who(entry.get("by")) or None
        elif kind == "analysis":
            label = analysis_topics(snap.drill).get(str(entry.get("topic") or ""))
            topic = label.text(current_language()) if label else ""
            text = f"{topic}：{entry.get('text') or ''}"
            who = self.console.names.who(entry.get("by")) or None
        elif kind == "speed":
            text = f"×{entry.get('speed'):g}"
        elif kind == "jump":
            text = format_clock(float(entry.get("to") or 0.0))
        elif kind == "end":
            text = str(entry.get("reason") or "")
        return LogRow(entry.seq, LogState.RECORDED, kind, entry.get("scn"), who, text, entry=entry)

    # --- corrections ----------------------------------------------------------------------

    def selected_row(self) -> LogRow | None:
        index = self.view.currentIndex()
        if not index.isValid() or not 0 <= index.row() < len(self.model.rows):
            return None
        return self.model.rows[index.row()]

    def context_menu(self, pos: Any) -> None:
        index = self.view.indexAt(pos)
        if index.isValid():
            self.view.setCurrentIndex(index)
        row = self.selected_row()
        menu = QMenu(self.console)
        for action in (self.console.correct_action, self.console.retract_action):
            item = menu.addAction(action.text())
            item.setEnabled(bool(row and row.correctable))
            item.triggered.connect(action.trigger)
        menu.popup(self.view.viewport().mapToGlobal(pos))
        self.menu = menu  # tests reach it here

    def correction_draft(self, row: LogRow) -> drill_dialogs.CorrectionDraft:
        snap = self.console.snapshot
        assert snap is not None and row.entry is not None
        entry = row.entry
        record = _logged(snap, row.key)
        who = record.who if record else entry.get("who")
        inject = record.inject if record else entry.get("inject")
        scn = float(row.scn or 0.0)
        head = " ".join(t for t in (format_clock(scn), kind_label(row.kind), row.who) if t)
        summary = f"{head}：{row.text}"
        teams = [(key, label) for key, label, _ in self.console._who_entries(snap)]
        if who and who not in {k for k, _ in teams}:
            teams.append((who, self.console.names.who(who) or who))
        return drill_dialogs.CorrectionDraft(
            summary=summary,
            text=(record.text if record else str(entry.get("text") or "")),
            who=who,
            inject=inject,
            at_min=scn / 60.0,
            now_min=snap.scenario_s() / 60.0,
            teams=teams,
            injects=[(i.id, f"{i.id} {i.title}".strip()) for i in snap.delivered()],
        )

    def correct_selected(self, retract: bool) -> None:
        """更正… / 撤回… the selected log row: a new journal entry, never an edit."""
        row = self.selected_row()
        if self.console.snapshot is None or row is None or not row.correctable:
            self.console.statusBar().showMessage(
                self.tr("请先在演练记录（F2）中选择一条行动或观察记录"), 6000
            )
            return
        draft = self.correction_draft(row)
        answer = drill_dialogs.ask_correction(self.console, draft, retract)
        if answer is None:
            return
        target = row.key
        changes: dict[str, Any] = {}
        if not retract:
            if answer.text and answer.text != draft.text:
                changes["text"] = answer.text
            if answer.who is not None and answer.who != draft.who:
                changes["who"] = answer.who
            if answer.inject is not None and answer.inject != draft.inject:
                changes["inject"] = answer.inject
            if answer.at_min is not None:
                changes["at_min"] = answer.at_min
            if not changes:
                self.console.statusBar().showMessage(self.tr("没有要更正的内容"), 6000)
                return

        def fn(s: DrillSession) -> Entry:
            return s.correct(target, reason=answer.reason, retract=retract, **changes)

        label = self.tr("撤回") if retract else self.tr("更正")
        self.console._submit("correct", f"{label}：{row.text}（{answer.reason}）", fn)


__all__ = ["LogController"]
