"""The pieces of the drill documents: sources, teams, the timeline, the chart, conclusions."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from app.drill.evaluation import CriterionResult, EvaluationResult
from app.drill.metrics import metrics_from_journal
from app.drilldocs import DrillDoc, DrillDocError, default_output, prepare
from app.drilldocs import chart as chart_module
from app.drilldocs.chart import FONT_ENV, chart_rows, find_cjk_font, timeline_chart
from app.drilldocs.report import conclusion_text, lessons, timeline
from app.drilldocs.source import Names, when_text
from app.drilldocs.taskcards import is_task_card, task_injects, teams
from app.model.drill import EvalMethod
from app.storage.drills import load_drill
from tests.drill_docs_sessions import record_sample, scriptless_copy
from tests.drill_samples import SAMPLE_PLAN


@pytest.fixture(scope="module")
def played(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return record_sample(tmp_path_factory.mktemp("played"))


@pytest.fixture
def no_cjk_font(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv(FONT_ENV, "none")
    find_cjk_font.cache_clear()
    yield
    find_cjk_font.cache_clear()


def test_doc_kinds() -> None:
    assert [d.value for d in DrillDoc] == [
        "scheme",
        "script",
        "script-participant",
        "evaluation-forms",
        "report",
        "summary",
        "task-cards",
    ]
    assert {d for d in DrillDoc if d.needs_session} == {DrillDoc.REPORT, DrillDoc.SUMMARY}
    assert default_output("report", Path("d/液氯.drill.yaml")) == Path("d/液氯.演练评估报告.docx")
    assert (
        default_output("script-participant", Path("x.drill.yaml")).name
        == "x.演练脚本-参演人员版.docx"
    )


def test_prepare_finds_the_newest_ended_session_and_the_plan(played) -> None:  # type: ignore[no-untyped-def]
    drill, journal = played
    source = prepare(DrillDoc.REPORT, drill)
    assert source.session is not None and source.session.path == journal
    assert source.plan is not None and source.notes == []
    assert source.metrics.counts["late"] == 1
    assert prepare(DrillDoc.SCHEME, drill).session is None  # documents before the drill


def test_prepare_refuses_a_journal_of_another_drill(played, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    drill, journal = played
    other = tmp_path / "别的.drill.yaml"
    other.write_bytes(drill.read_bytes())
    with pytest.raises(DrillDocError) as err:
        prepare(DrillDoc.REPORT, other, session=journal)
    assert "不是 别的.drill.yaml" in err.value.text("zh")
    with pytest.raises(DrillDocError) as err:
        prepare(DrillDoc.REPORT, other, session=tmp_path / "无.journal.jsonl")
    assert "不存在" in err.value.text("zh")


def test_prepare_reports_a_broken_drill_file_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "坏.drill.yaml"
    path.write_text("schema: plandrill/drill@1\nmeta:\n  form: 沙盘\n", encoding="utf-8")
    with pytest.raises(DrillDocError) as err:
        prepare(DrillDoc.SCHEME, path)
    assert err.value.line == 3 and "格式错误" in err.value.text("zh")
    with pytest.raises(DrillDocError):
        prepare(DrillDoc.SCHEME, tmp_path / "没有.drill.yaml")


def test_a_missing_plan_is_a_note_not_a_failure(played, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    drill, _ = played
    lone = tmp_path / drill.name
    lone.write_bytes(drill.read_bytes())
    source = prepare(DrillDoc.SCRIPT, lone)
    assert source.plan is None
    assert len(source.notes) == 1 and "预案文件不存在" in source.notes[0].message.zh


def test_when_an_inject_comes() -> None:
    drill = load_drill(SAMPLE_PLAN.with_name("液氯泄漏桌面推演.drill.yaml")).model
    names = Names(drill, None)
    when = {i.id: when_text(i, drill, names) for i in drill.script}
    assert when == {
        "i1": "T+00:00",
        "i1b": "注入1决策“先派人核实，暂不启动响应”后 3 分钟",
        "i2": "T+08:00",
        "i3": "注入3下达后 5 分钟",  # i2 is the script's third inject
        "i4": "T+40:00",
    }


def test_timeline_lists_what_happened_in_order(played) -> None:  # type: ignore[no-untyped-def]
    drill, _ = played
    source = prepare(DrillDoc.REPORT, drill)
    events = timeline(source, Names(source.session.drill, source.names_plan))  # type: ignore[union-attr]
    kinds = [e.kind for e in events]
    assert kinds[0] == "开始" and "结束" in kinds
    ran = source.session.drill  # type: ignore[union-attr]
    titles = [ran.inject(i).title for i in ("i1", "i2", "i3", "i4")]  # type: ignore[union-attr]
    # names, never ids (issue 18)
    assert [e.text.split("：")[0] for e in events if e.kind == "下达注入"] == titles
    assert not any(e.text.startswith("i") for e in events)
    decision = next(e for e in events if e.kind == "决策")
    assert "启动Ⅱ级响应" in decision.text and decision.who == "总经理（应急救援指挥部）"
    assert [e.scn for e in events] == sorted(e.scn for e in events)


def test_lessons_come_from_the_metrics(played) -> None:  # type: ignore[no-untyped-def]
    _, journal = played
    m = metrics_from_journal(journal)
    source = prepare(DrillDoc.REPORT, journal.parent / "液氯泄漏桌面推演.drill.yaml")
    good, bad = lessons(
        m, Names(source.session.drill, source.names_plan), source.session.state.findings
    )  # type: ignore[union-attr]
    assert good[0] == "4 项期望行动中 2 项按时完成。"
    assert any("超时完成" in b and "用时 23 分钟，时限 15 分钟" in b for b in bad)
    # lessons come from what was recorded (a late action, a finding), not from an
    # expected action nobody ticked (issue 18)
    assert not any("统一口径答复并向园区报告" in b for b in bad)
    assert not any("没有响应记录" in b for b in bad)
    assert "媒体询问无人答复，对外口径未明确（一般问题）。" in bad
    noted = lessons(m, Names(source.session.drill, source.names_plan), [], {"e4"})[1]  # type: ignore[union-attr]
    assert (
        "应急救援指挥部：“统一口径答复并向园区报告”经评估人员记录为未完成（注入“媒体询问”）。"
        in noted
    )


def test_conclusion_as_score_or_choice() -> None:
    crit = (
        CriterionResult("c1", "处置", 2, True, 0.0, "not_achieved", failed_key=True),
        CriterionResult("c2", "报告", 1, False, 100.0, "achieved"),
    )
    ev = EvaluationResult("choice", 33.33, "不合格", False, True, 2, 2, ("c1",), crit)
    text = conclusion_text(ev, EvalMethod.CHOICE)
    assert "按选择项评定：达到 1 项、未达到 1 项" in text and "否决项“处置”未达到" in text
    assert "c1" not in text  # names, never ids
    done = EvaluationResult("score", 86.3, "良好", True, True, 2, 2, (), crit)
    assert conclusion_text(done, EvalMethod.SCORE).startswith("评估结论：良好（加权得分 86.3 分）")
    # no verdict before every criterion is marked (issue 18)
    score = EvaluationResult("score", 86.3, None, None, False, 3, 4, (), crit)
    text = conclusion_text(score, EvalMethod.SCORE)
    assert text.startswith("评估结论：未完成评估") and "良好" not in text
    assert "另有 1 个评估项未评估" in text
    empty = EvaluationResult("score", None, None, None, False, 0, 4)
    assert "尚未评分" in conclusion_text(empty, EvalMethod.SCORE)


def test_teams_and_task_cards_of_the_scriptless_sample(tmp_path: Path) -> None:
    path = scriptless_copy(tmp_path)
    drill = load_drill(path).model
    found = teams(drill, Names(drill, None))
    assert [t.name for t in found] == [
        "指挥席",
        "现场处置席",
        "警戒疏散席",
        "医疗救护席",
        "环境监测席",
        "保障与通讯席",
    ]
    assert found[0].units == ["hq", "office", "g-expert"]
    assert [[i.id for i in task_injects(drill, t)] for t in found] == [
        ["tc-command"],
        ["tc-site"],
        ["tc-evac"],
        ["tc-medical"],
        ["tc-monitor"],
        ["tc-support"],
    ]
    sample = load_drill(SAMPLE_PLAN.with_name("液氯泄漏桌面推演.drill.yaml")).model
    assert not any(is_task_card(i, sample) for i in sample.script)  # a phone call is not a card


def test_chart_rows_follow_the_metrics(played) -> None:  # type: ignore[no-untyped-def]
    _, journal = played
    rows = chart_rows(metrics_from_journal(journal))
    assert [(r.ascii_label, r.delivered, r.first, r.limit, r.status) for r in rows] == [
        ("i1", 0.0, 2.0, 15.0, "ok"),
        ("i2", 8.0, 31.0, 15.0, "late"),
        ("i3", 13.0, 31.0, 20.0, "ok"),
        ("i4", 41.0, None, 10.0, "missed"),  # polled at T+41
    ]


def test_chart_rows_with_names_show_inject_numbers_not_ids(played) -> None:  # type: ignore[no-untyped-def]
    # issue 17: the report's chart reads like the script (注入2), never i2
    _, journal = played
    drill = load_drill(SAMPLE_PLAN.with_name("液氯泄漏桌面推演.drill.yaml")).model
    rows = chart_rows(metrics_from_journal(journal), Names(drill, None))
    assert [r.ascii_label for r in rows] == ["#1", "#3", "#4", "#5"]  # i1b was not delivered
    assert rows[1].label == f"注入3 {drill.script[2].title}"


def test_chart_is_a_png_with_chinese_labels_when_a_font_is_there(played) -> None:  # type: ignore[no-untyped-def]
    _, journal = played
    find_cjk_font.cache_clear()
    if find_cjk_font() is None:
        pytest.skip("no CJK font on this machine")
    chart = timeline_chart(chart_rows(metrics_from_journal(journal)), end_min=41)
    image = Image.open(io.BytesIO(chart.png))
    assert image.format == "PNG" and image.size == (chart.width_px, chart.height_px)
    assert chart.chinese


def test_chart_falls_back_to_ascii_labels_without_a_cjk_font(
    played, no_cjk_font, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    _, journal = played
    assert find_cjk_font() is None
    drawn: list[str] = []
    real = chart_module.ImageDraw.ImageDraw.text

    def spy(self, xy, text, *a, **kw):  # type: ignore[no-untyped-def]
        drawn.append(text)
        return real(self, xy, text, *a, **kw)

    monkeypatch.setattr(chart_module.ImageDraw.ImageDraw, "text", spy)
    chart = timeline_chart(chart_rows(metrics_from_journal(journal)), end_min=41)
    assert not chart.chinese and Image.open(io.BytesIO(chart.png)).format == "PNG"
    assert drawn and all(t.isascii() for t in drawn)
    assert "i2" in drawn and "late" in drawn


def test_a_named_font_file_that_does_not_exist_means_ascii(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(FONT_ENV, "/nowhere/font.ttf")
    find_cjk_font.cache_clear()
    try:
        assert find_cjk_font() is None
    finally:
        find_cjk_font.cache_clear()


def test_report_notes_the_ascii_chart(played, no_cjk_font, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from app.drilldocs import export_drill_doc

    drill, _ = played
    report = export_drill_doc(DrillDoc.REPORT, prepare(DrillDoc.REPORT, drill), tmp_path / "r.docx")
    assert [p.code for p in report.problems] == ["export.chart_font"]
