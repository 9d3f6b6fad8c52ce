"""The drill console: a whole scripted drill by keyboard, scriptless draws, entries only
shown as recorded once the journal has them, and the models under qtmodeltester."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from app.drill import DrillSession, FakeTime, replay
from app.drill.state import ExpectedStatus, InjectStatus
from app.i18n import T
from app.storage.drills import load_drill, load_linked_plan
from app.storage.errors import SaveError
from app.storage.journal import JournalWriter, read_journal
from app.ui.drill import dialogs as drill_dialogs
from app.ui.drill.models import LogState
from tests.gui.drill_support import (
    SCRIPTED,
    SCRIPTLESS,
    copy_samples,
    elapse,
    enter,
    idle,
    key,
    open_console,
    type_text,
)


@pytest.fixture
def samples(tmp_path: Path) -> Path:
    return copy_samples(tmp_path)


@pytest.fixture
def time() -> FakeTime:
    return FakeTime()


def _journal(console: Any) -> list[Any]:
    return read_journal(console.snapshot.journal).entries


def _expected(console: Any, ident: str) -> ExpectedStatus:
    for inject in console.snapshot.injects:
        for ea in inject.expected:
            if ea.id == ident:
                return ea.status
    raise KeyError(ident)


def test_a_scripted_drill_runs_to_the_end_by_keyboard_only(
    qtbot: Any, samples: Path, time: FakeTime, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(drill_dialogs, "confirm_end", lambda *_: True)
    console = open_console(qtbot, samples / SCRIPTED, time)
    assert console.entry.hasFocus()  # ready to type from the first moment

    key(qtbot, console, "F5")  # start: i1 (T+0) is delivered at once, automatically
    elapse(qtbot, console, time, 1)
    snap = console.snapshot
    assert snap.running
    assert snap.inject("i1").status is InjectStatus.DELIVERED
    assert console.panel.inject.id == "i1"
    assert "泄漏报警" in console.panel.heading.text()

    elapse(qtbot, console, time, 60)
    key(qtbot, console, "Ctrl+J, 1")  # the commander decides: 启动Ⅱ级响应
    key(qtbot, console, "Ctrl+1")  # and that fulfils expected action e1
    assert _expected(console, "e1") is ExpectedStatus.DONE
    assert console.snapshot.inject("i1").decision_taken == "d-start"
    key(qtbot, console, "Alt+2")  # 抢险救援组
    type_text(qtbot, console, "抢险组佩戴空气呼吸器出发")
    enter(qtbot, console)
    assert console.entry.text() == ""

    elapse(qtbot, console, time, 8 * 60)  # i2 at T+8 arrives by itself…
    assert console.panel.inject.id == "i1"  # …the selection stays (issue 18)
    key(qtbot, console, "Ctrl+0")  # the coordinator turns to the inject in play
    assert console.panel.inject.id == "i2"
    key(qtbot, console, "Ctrl+1")  # e2 within its 15 minutes
    elapse(qtbot, console, time, 5 * 60 + 1)  # i3 fires 5 min after i2
    key(qtbot, console, "Ctrl+0")
    assert console.panel.inject.id == "i3"
    elapse(qtbot, console, time, 25 * 60)  # e3's 20 minutes run out…
    key(qtbot, console, "Ctrl+1")  # …so the engine judges it late
    assert _expected(console, "e3") is ExpectedStatus.LATE
    key(qtbot, console, "Ctrl+=")  # speed up ×2
    assert console.snapshot.speed == 2
    key(qtbot, console, "F7")  # i4 now rather than at T+40
    assert console.panel.inject.id == "i4"
    assert console.snapshot.inject("i4").delivered
    key(qtbot, console, "Ctrl+M, 1")  # e4 not done: noted
    assert "已记为未完成" in console.panel.expected_model.status_text(
        console.panel.expected_model.rows[0]
    )
    key(qtbot, console, "F6")  # pause
    assert console.snapshot.clock_state.value == "paused"
    key(qtbot, console, "F6")  # resume
    assert console.snapshot.running

    # evaluators mark the four criteria: F3, Enter into the score, type it, Enter
    key(qtbot, console, "F3")
    for score in ("85", "70", "90", "60"):
        key(qtbot, console, "Return")  # from the list into the score field
        for _ in range(4):
            key(qtbot, console, "Backspace")
        type_text(qtbot, console, score)
        enter(qtbot, console)
    marks = console.snapshot.marks
    assert {c: m.score for c, m in marks.items()} == {"c1": 85, "c2": 70, "c3": 90, "c4": 60}

    # an observation note (Ctrl+Enter), then end the drill
    key(qtbot, console, "Ctrl+L")
    type_text(qtbot, console, "指挥部未向园区报告")
    enter(qtbot, console, modifier=Qt.KeyboardModifier.ControlModifier)
    key(qtbot, console, "Ctrl+Shift+E")
    assert console.snapshot.ended
    assert console.pages.currentWidget() is console.hotwash
    qtbot.waitUntil(lambda: console.hotwash.metrics is not None)

    # a finding in the hot-wash, typed and entered
    assert console.hotwash.finding_form.text.hasFocus()
    type_text(qtbot, console, "未在规定时间内向园区报告")
    enter(qtbot, console)
    qtbot.waitUntil(lambda: len(console.snapshot.findings) == 1)

    # what the journal holds is exactly what the session did
    result = replay(console.snapshot.journal)
    state = result.state
    assert state.ended
    texts = [a.text for a in state.actions]
    assert "抢险组佩戴空气呼吸器出发" in texts
    assert [a.decision for a in state.actions if a.decision] == ["d-start"]
    assert any(n.text == "指挥部未向园区报告" for n in state.notes)
    assert state.findings[0].text == "未在规定时间内向园区报告"
    assert {r.id for r in state.delivered()} == {"i1", "i2", "i3", "i4"}

    # the hot-wash shows the engine's metrics
    metrics = console.hotwash.metrics
    assert metrics.counts["done"] == 2 and metrics.counts["late"] == 1
    assert metrics.counts["missed"] == 1  # e4, at the end
    summary = console.hotwash.summary.text()
    assert "按时完成 2" in summary and "超时完成 1" in summary and "未完成 1" in summary
    assert "已检验" in summary
    assert "加权得分" in console.hotwash.conclusion.text()
    assert console.hotwash.findings_model.rowCount() == 1
    # every row of the log is recorded, none pending or failed
    assert console.log_model.rows and all(
        r.state is LogState.RECORDED for r in console.log_model.rows
    )


def test_scriptless_draws_are_the_engines_seeded_draws(
    qtbot: Any, samples: Path, time: FakeTime
) -> None:
    path = samples / SCRIPTLESS
    console = open_console(qtbot, path, time)
    seed = console.snapshot.seed
    assert seed == 20260922  # the drill's own seed
    key(qtbot, console, "F5")
    requests: list[tuple[str | None, str]] = []  # (category, then what happened)
    # draw (F8) and deliver (F9) with no filter, twice
    for _ in range(2):
        key(qtbot, console, "F8")
        drawn = console.snapshot.drawn()
        assert len(drawn) == 1 and console.selected_id == drawn[0].id
        requests.append((None, drawn[0].id))
        key(qtbot, console, "F9")
        assert console.snapshot.inject(drawn[0].id).delivered
    # a category filter chosen from the keyboard, a card put back, another drawn
    key(qtbot, console, "Ctrl+F")
    assert console.category.hasFocus()
    target = console.category.findData("泄漏")
    while console.category.currentIndex() != target:
        key(qtbot, console, "Down")
    key(qtbot, console, "F8")
    first = console.snapshot.drawn()[0].id
    requests.append(("泄漏", first))
    key(qtbot, console, "Shift+F8")  # back into the library
    assert console.snapshot.inject(first).status is InjectStatus.IN_LIBRARY
    key(qtbot, console, "F8")
    second = console.snapshot.drawn()[0].id
    requests.append(("泄漏", second))
    key(qtbot, console, "F9")

    # the same requests to the engine alone, with the same seed, draw the same cards
    drill = load_drill(path).model
    plan = load_linked_plan(path, drill)
    rehearsal_dir = path.parent / "rehearsal"
    rehearsal_dir.mkdir()
    rehearsal = DrillSession.create(
        drill, rehearsal_dir / path.name, plan=plan.model if plan else None, time_source=FakeTime()
    )
    with rehearsal:
        rehearsal.start()
        got = []
        for n, (category, _) in enumerate(requests):
            card = rehearsal.draw(category)
            assert card is not None
            got.append(card.id)
            if n == 2:
                rehearsal.return_card(card.id)
            else:
                rehearsal.deliver(card.id)
    assert got == [card for _, card in requests]
    # and replaying the console's journal gives the same draws
    state = replay(console.snapshot.journal).state
    assert state.draws == len(requests)
    opening = {i.id for i in drill.script if i.at_min == 0}  # T+0 task cards: out on a poll
    cards = [r.id for r in state.delivered() if r.id not in opening]
    assert cards == [requests[0][1], requests[1][1], requests[3][1]]


def _open_scripted(qtbot: Any, samples: Path, time: FakeTime) -> Any:
    console = open_console(qtbot, samples / SCRIPTED, time, presenter=False)
    key(qtbot, console, "F5")
    elapse(qtbot, console, time, 30)
    return console


def test_an_entry_shows_as_recorded_only_once_the_journal_has_it(
    qtbot: Any, samples: Path, time: FakeTime, monkeypatch: pytest.MonkeyPatch
) -> None:
    console = _open_scripted(qtbot, samples, time)
    gate = threading.Event()
    entered = threading.Event()
    original = JournalWriter.append

    def slow_append(self: JournalWriter, type_: str, fields: Any = None) -> Any:
        if type_ == "action":
            entered.set()
            assert gate.wait(10)  # the disk is slow
        return original(self, type_, fields)

    monkeypatch.setattr(JournalWriter, "append", slow_append)
    console.entry.setFocus()
    type_text(qtbot, console, "指挥部宣布启动Ⅱ级响应")
    QTest.keyClick(console.entry, Qt.Key.Key_Return)
    qtbot.waitUntil(entered.is_set)
    QApplication.processEvents()
    [row] = [r for r in console.log_model.rows if r.text == "指挥部宣布启动Ⅱ级响应"]
    assert row.state is LogState.PENDING
    assert console.log_model.state_text(row) == "记录中…"
    assert "正在写入" in console.busy_label.text()
    assert not any(e.type == "action" for e in _journal(console))  # truly not on disk yet
    assert console.entry.text() == ""  # the next entry can be typed meanwhile

    gate.set()
    idle(qtbot, console)
    [row] = [r for r in console.log_model.rows if r.text.endswith("指挥部宣布启动Ⅱ级响应")]
    assert row.state is LogState.RECORDED
    assert console.log_model.state_text(row) == "✓ 已记录"
    assert any(
        e.type == "action" and e.get("text") == "指挥部宣布启动Ⅱ级响应" for e in _journal(console)
    )
    assert "全部写入" in console.busy_label.text()


def test_a_refused_entry_keeps_its_text_and_can_be_retried(
    qtbot: Any, samples: Path, time: FakeTime, monkeypatch: pytest.MonkeyPatch
) -> None:
    console = _open_scripted(qtbot, samples, time)
    original = JournalWriter.append

    def full_disk(self: JournalWriter, type_: str, fields: Any = None) -> Any:
        if type_ in ("action", "checkpoint"):
            raise SaveError(str(self.path), T("磁盘已满", "disk full"))
        return original(self, type_, fields)

    monkeypatch.setattr(JournalWriter, "append", full_disk)
    console.entry.setFocus()
    type_text(qtbot, console, "医疗组设立临时救护点")
    enter(qtbot, console)
    [row] = [r for r in console.log_model.rows if r.text == "医疗组设立临时救护点"]
    assert row.state is LogState.FAILED
    assert "磁盘已满" in console.log_model.state_text(row)
    assert console.entry.text() == "医疗组设立临时救护点"  # nothing typed is lost
    assert "未记录" in console.busy_label.text()
    assert not console.snapshot.actions

    monkeypatch.setattr(JournalWriter, "append", original)  # the disk has room again
    key(qtbot, console, "Ctrl+Shift+R")
    assert [a.text for a in console.snapshot.actions] == ["医疗组设立临时救护点"]
    assert console.entry.text() == ""  # it went, so it is no longer waiting in the field
    assert not console.log_model.failed()
    recorded = [r for r in console.log_model.rows if r.text.endswith("医疗组设立临时救护点")]
    assert [r.state for r in recorded] == [LogState.RECORDED]


def test_the_clock_comes_from_the_engine_not_from_ticks(
    qtbot: Any, samples: Path, time: FakeTime
) -> None:
    console = _open_scripted(qtbot, samples, time)
    # no poll, no timer tick counted: the display reads the clock when asked
    time.advance(125)
    console._tick()
    assert console.clock.text() == "T+02:35"
    key(qtbot, console, "Ctrl+=")  # ×2
    time.advance(10)
    console._tick()
    assert console.clock.text() == "T+02:55"


@pytest.fixture
def model_tester(request: pytest.FixtureRequest, qtbot: Any) -> Any:
    """Attach pytest-qt's model tester to several models at once (one tester each);
    each re-checks its model on every change while the drill runs."""
    from pytestqt.modeltest import ModelTester

    testers: list[Any] = []

    def attach(model: Any) -> None:
        tester = ModelTester(request.config)
        tester.check(model, force_py=True)
        testers.append(tester)

    yield attach
    for tester in testers:
        tester._cleanup()  # what pytest-qt's own fixture does at teardown


def test_models_pass_the_model_tester_while_a_drill_runs(
    qtbot: Any, model_tester: Any, samples: Path, time: FakeTime, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(drill_dialogs, "confirm_end", lambda *_: True)
    console = open_console(qtbot, samples / SCRIPTED, time, presenter=False)
    hot = console.hotwash
    models = (
        console.injects_model,
        console.injects_proxy,
        console.panel.expected_model,
        console.log_model,
        console.criteria_model,
        console.findings_model,
        hot.injects_model,
        hot.expected_model,
        hot.steps_model,
        hot.criteria_model,
        hot.findings_model,
    )
    for model in models:
        model_tester(model)
    key(qtbot, console, "F5")
    elapse(qtbot, console, time, 30)
    key(qtbot, console, "Ctrl+1")
    type_text(qtbot, console, "record one")
    enter(qtbot, console)
    elapse(qtbot, console, time, 9 * 60)
    key(qtbot, console, "F3")
    key(qtbot, console, "Return")
    type_text(qtbot, console, "8")
    enter(qtbot, console)
    key(qtbot, console, "F4")
    type_text(qtbot, console, "finding one")
    enter(qtbot, console)
    key(qtbot, console, "Ctrl+Shift+E")
    qtbot.waitUntil(lambda: hot.metrics is not None)
    for model in models:
        assert model.rowCount() > 0, model


def test_an_internal_error_is_shown_once_and_polling_stops(
    qtbot: Any, samples: Path, time: FakeTime, fake_dialogs: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    console = _open_scripted(qtbot, samples, time)

    def broken(self: DrillSession) -> list[Any]:
        raise RuntimeError("poll is broken")

    monkeypatch.setattr(DrillSession, "poll", broken)
    fake_dialogs.allow("show_error")
    console.runner.poll()
    idle(qtbot, console)
    qtbot.wait(4 * console.runner.POLL_MS)  # the timer would have polled again by now
    [(title, text, details)] = fake_dialogs.called("show_error")
    assert title == "内部错误" and text == "poll is broken"
    assert "RuntimeError" in details  # the trace is there, folded away
    assert console.snapshot.running  # the drill itself goes on; entries still work
    console.entry.setFocus()
    type_text(qtbot, console, "still recording")
    enter(qtbot, console)
    assert console.snapshot.actions[-1].text == "still recording"


def test_every_console_shortcut_is_shown_and_documented(
    qtbot: Any, samples: Path, time: FakeTime
) -> None:
    import re

    from PySide6.QtGui import QKeySequence

    from tests.helpers import ROOT

    console = open_console(qtbot, samples / SCRIPTED, time, presenter=False)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("## Drill console") : readme.index("## Files")]
    arrows = {"Up": "↑", "Down": "↓", "Return": "Enter"}
    checked = 0
    for menu in (
        console.drill_menu,
        console.inject_menu,
        console.record_menu,
        console.eval_menu,
        console.view_menu,
    ):
        for action in menu.actions():
            native = [
                k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts()
            ]
            if not native or action.menu() is not None:
                continue
            checked += 1
            assert native[0] in action.toolTip(), (action.text(), action.toolTip())
            documented = []
            for k in (
                k.toString(QKeySequence.SequenceFormat.PortableText) for k in action.shortcuts()
            ):
                for word, sign in arrows.items():
                    k = k.replace(word, sign)
                documented.append(re.search(rf"(?<![\w+]){re.escape(k)}(?!\w)", table))
            assert any(documented), (action.text(), native)
    assert checked >= 25
    for row in ("Alt+1…9", "Ctrl+1…9", "Ctrl+M, 1…9", "Ctrl+J, 1…9"):
        assert row in table
