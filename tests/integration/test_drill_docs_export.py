"""Every drill document from a session recorded on a fake clock, checked by reopening
the .docx: what it must say, what it must never say, and that it is a GB/T 9704 file."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree

from app.drill import DrillSession, FakeTime
from app.drill.metrics import metrics_from_journal
from app.drill.state import ExpectedStatus
from app.drilldocs import DrillDoc, DrillDocError, export_drill_doc, prepare
from app.drilldocs.source import clock, minutes_text
from app.export import Cancelled, Progress
from app.findings import sync_journal
from app.storage.drills import load_drill, save_drill
from tests.drill_docs_sessions import SAMPLE_FACTS, Wall, record_sample, record_scriptless
from tests.drill_samples import scriptless_drill

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MIN = 60.0


def package_text(path: Path) -> str:
    """Every piece of text anywhere in the package: body, tables, headers, footers,
    document properties, comments."""
    out = []
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.endswith(".xml") or name.endswith(".rels"):
                root = etree.fromstring(z.read(name))
                out.append("".join(root.itertext()))
                out += [v for el in root.iter() for v in el.attrib.values()]
    return "\n".join(out)


def tables(path: Path) -> list[list[list[str]]]:
    d = docx.Document(str(path))
    return [[[c.text for c in row.cells] for row in t.rows] for t in d.tables]


def paragraphs(path: Path) -> list[str]:
    return [p.text for p in docx.Document(str(path)).paragraphs]


def table_with(path: Path, header: str) -> list[list[str]]:
    for t in tables(path):
        if t and header in t[0]:
            return t
    raise AssertionError(f"no table with column {header!r}")


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    folder = tmp_path_factory.mktemp("sample")
    drill, journal = record_sample(folder)
    return folder, drill, journal


def _export(kind: DrillDoc, drill: Path, out: Path, **kw) -> Path:  # type: ignore[no-untyped-def]
    source = prepare(kind, drill, **kw)
    report = export_drill_doc(kind, source, out)
    assert report.path == out and out.is_file()
    return out


# --- controller script ----------------------------------------------------------------------


def test_controller_script_has_every_inject_with_everything(sample, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _, drill_path, _ = sample
    out = _export(DrillDoc.SCRIPT, drill_path, tmp_path / "script.docx")
    text = package_text(out)
    drill = load_drill(drill_path).model
    for item in (*drill.script, *drill.library):
        assert item.text in text, item.id
        for ea in item.expected:
            assert ea.text in text
        for point in item.evaluation_points:
            assert point in text
        for d in item.decisions:
            assert d.text in text
    assert "仅当指挥部决定“先核实”时下达" in text  # the controller note of i1b
    # injects by their number in the script, never their ids (issue 17)
    assert "3 分钟后下达注入2 泄漏扩大" in text  # the branch to i1b
    assert "注入3下达后 5 分钟" in text  # the trigger of i3: after i2
    rows = table_with(out, "期望行动")
    assert [r[0] for r in rows[1:]] == ["注入1", "注入2", "注入3", "注入4", "注入5"]
    # the script is set on landscape pages
    body = docx.Document(str(out)).sections[-1]
    assert body.page_width > body.page_height


# --- participant script: nothing hidden may leak ------------------------------------------


SECRETS = ("SECRET-", "EXPECT-", "POINT-", "NOTE-", "TITLE-")


def _blind(tmp_path: Path) -> Path:
    path = tmp_path / "双盲.drill.yaml"
    save_drill(scriptless_drill(blind=True, seed=7), path, backup=False)
    return path


def test_participant_script_of_a_blind_drill_leaks_nothing(tmp_path: Path) -> None:
    path = _blind(tmp_path)
    out = _export(DrillDoc.SCRIPT_PARTICIPANT, path, tmp_path / "p.docx")
    text = package_text(out)
    for marker in SECRETS:
        assert marker not in text, marker
    assert "组织疏散" not in text and "就地避险" not in text  # decision options
    assert "双盲无脚本推演" in text  # the title is public
    assert "双盲演练" in text  # and players are told it is blind


def test_participant_script_shows_only_what_was_delivered(tmp_path: Path) -> None:
    path = _blind(tmp_path)
    drill = load_drill(path).model
    t = FakeTime()
    s = DrillSession.create(drill, path, time_source=t, wall=Wall(t))
    s.start()
    s.deliver("open")
    t.advance(5 * MIN)
    card = s.draw("人员")  # the only card of that category whose preconditions hold
    assert card is not None and card.id == "k-people"
    s.deliver(card.id)
    s.record_action("组织疏散", who="u-hq", inject=card.id, decision="d-evacuate")
    s.close()
    out = _export(DrillDoc.SCRIPT_PARTICIPANT, path, tmp_path / "p.docx", session=s.path)
    text = package_text(out)
    assert "SECRET-open" in text and "SECRET-k-people" in text
    assert "TITLE-k-people" in text
    delivered = {"open", "k-people"}
    every = [i.id for i in (*drill.script, *drill.library)]
    for ident in every:
        for marker in ("EXPECT-", "POINT-", "NOTE-"):
            assert f"{marker}{ident}" not in text
        if ident not in delivered:
            assert f"SECRET-{ident}" not in text and f"TITLE-{ident}" not in text, ident
    # k-after-fire was armed by the decision but not delivered: still hidden
    assert "SECRET-k-after-fire" not in text
    assert "就地避险" not in text  # the other decision option
    assert "SECRET-scenario" not in text
    rows = table_with(out, "内容")
    assert [r[1] for r in rows[1:]] == ["T+00:00", "T+05:00"]


def test_scripted_participant_script_gives_the_public_agenda(sample, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _, drill_path, _ = sample
    out = _export(DrillDoc.SCRIPT_PARTICIPANT, drill_path, tmp_path / "p.docx")
    text = package_text(out)
    drill = load_drill(drill_path).model
    assert drill.meta.scenario in text  # not blind: the scenario is public
    agenda = table_with(out, "环节")
    # the drill's phases, not the injects' titles (issue 18 item 7: they told the course)
    assert agenda[1][1] == "介绍情景，宣布演练开始"
    assert not {"泄漏报警", "现场情况", "媒体询问"} & {r[1] for r in agenda}
    for item in (*drill.script, *drill.library):
        assert item.text not in text, item.id  # inject texts are never in the handout
        for ea in item.expected:
            assert ea.text not in text
        for point in item.evaluation_points:
            assert point not in text
        assert not item.note or item.note not in text
    assert "泄漏扩大" not in text  # a branch is never announced


# --- reports ------------------------------------------------------------------------------------


def test_report_numbers_match_the_metrics(sample, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _, drill_path, journal = sample
    kind = DrillDoc.REPORT
    out = _export(kind, drill_path, tmp_path / f"{kind.value}.docx")
    m = metrics_from_journal(journal)
    titles = {i.id: i.title for i in m.injects}
    # per-inject response times, as the metrics give them (and as the play set them up);
    # the rows name the injects by their titles, never by their ids (issue 18)
    rows = table_with(out, "首次响应")
    got = {r[0]: (r[1], r[2], r[3]) for r in rows[1:]}
    want = {
        titles[i.id]: (
            clock(i.delivered_min),
            clock(i.first_action_min),
            minutes_text(i.response_min),
        )
        for i in m.injects
        if i.delivered
    }
    assert got == want
    by_title = {v: k for k, v in titles.items()}
    responses = {by_title[k]: float(v[2]) for k, v in got.items() if v[2] != "—"}
    assert responses == SAMPLE_FACTS["response_min"]
    assert [by_title[t] for t in got] == SAMPLE_FACTS["delivered"]
    # done / late / missed
    c = m.counts
    assert {k: c[k] for k in ("done", "late", "missed")} == SAMPLE_FACTS["counts"]
    sentence = f"按时完成 {c['done']} 项，超时完成 {c['late']} 项，未完成 {c['missed']} 项"
    assert any(sentence in p for p in paragraphs(out))
    results = table_with(out, "结果")
    labels = {r[1]: r[-1] for r in results[1:]}
    assert labels == {e.text: ExpectedStatus(e.status).label.zh for e in m.expected}
    assert {r[0] for r in results[1:]} <= set(titles.values())
    # steps exercised and not exercised
    assert any(f"已检验 {m.steps_exercised} 个（{m.coverage:.0%}）" in p for p in paragraphs(out))
    steps = table_with(out, "检验情况")
    assert sum(r[-1] == "已检验" for r in steps[1:]) == m.steps_exercised
    # the conclusion, the findings, lessons and recommendations
    text = package_text(out)
    assert m.evaluation is not None and f"加权得分 {m.evaluation.score:.1f} 分" in text
    assert "抢险救援组关阀超时，个体防护未到位" in text and "2026年7月31日" in text
    assert "经验" in text and "教训" in text
    assert "“佩戴正压式空气呼吸器到场，关闭泄漏点上游阀门”超时完成" in text
    assert "整改问题1（" in text  # its number, not the program's F1
    # the timeline of what actually happened
    timeline = table_with(out, "事项")
    kinds = [r[1] for r in timeline[1:]]
    assert kinds.count("下达注入") == 4 and "决策" in kinds and kinds[-1] == "发现问题"
    # one chart image
    with zipfile.ZipFile(out) as z:
        media = [n for n in z.namelist() if n.startswith("word/media/")]
        assert len(media) == 1 and z.read(media[0])[:8] == b"\x89PNG\r\n\x1a\n"
        document = z.read("word/document.xml").decode("utf-8")
    assert document.count("<w:drawing>") == 1
    assert "注入下达与首次响应时间线" in text


def test_report_takes_the_findings_from_the_file_and_the_session_once(
    sample, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    folder, drill_path, journal = sample
    copy = tmp_path / drill_path.name
    copy.write_bytes(drill_path.read_bytes())
    (tmp_path / journal.name).write_bytes(journal.read_bytes())
    (tmp_path / "化工企业综合应急预案.plan.yaml").write_bytes(
        (folder / "化工企业综合应急预案.plan.yaml").read_bytes()
    )
    sync_journal(tmp_path / journal.name)
    out = _export(DrillDoc.REPORT, copy, tmp_path / "r.docx")
    rows = table_with(out, "问题描述")
    assert [r[0] for r in rows[1:]] == ["1", "2"]  # carried, not listed twice


def test_report_without_a_session_says_what_to_do(tmp_path: Path) -> None:
    drill = record_sample(tmp_path, end=False)[0]
    with pytest.raises(DrillDocError) as err:
        prepare(DrillDoc.REPORT, drill)
    assert "都未结束" in err.value.text("zh") and "--session" in err.value.text("zh")
    for journal in tmp_path.glob("*.journal.jsonl"):
        journal.unlink()
    with pytest.raises(DrillDocError) as err:
        prepare(DrillDoc.SUMMARY, drill)
    assert "还没有演练记录" in err.value.text("zh")


# --- evaluation forms -------------------------------------------------------------------------


def test_evaluation_forms_one_per_objective_with_criteria(sample, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _, drill_path, _ = sample
    out = _export(DrillDoc.EVALUATION_FORMS, drill_path, tmp_path / "forms.docx")
    paras = paragraphs(out)
    forms = [p for p in paras if re.fullmatch(r"评估表\d+", p)]
    # three objectives, and c4 belongs to none: a fourth form for the rest
    assert forms == ["评估表1", "评估表2", "评估表3", "评估表4"]
    assert [p for p in paras if p.startswith("演练评估表")] == [
        "演练评估表（目标一）",
        "演练评估表（目标二）",
        "演练评估表（目标三）",
        "演练评估表（其他评估项）",
    ]
    drill = load_drill(drill_path).model
    grids = [t for t in tables(out) if t and t[0][:4] == ["序号", "评估内容", "权重", "得分"]]
    assert len(grids) == 4
    got = [(r[1].split("\n")[0], r[2]) for g in grids for r in g[1:]]
    want = [
        (c.text + ("（否决项）" if c.key else ""), minutes_text(c.weight))
        for o in [*drill.meta.objectives, None]
        for c in drill.evaluation.criteria
        if (c.objective == o.id if o else c.objective is None)
    ]
    assert got == want
    assert sum("评估人员（签字）" in p for p in paras) == 4
    assert "是否在15分钟内确定响应级别" in package_text(out)  # observation points
    # rows have room to write in
    with zipfile.ZipFile(out) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    assert 'w:hRule="atLeast"' in xml


def test_choice_method_forms_have_boxes_to_tick(sample, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _, drill_path, _ = sample
    drill = load_drill(drill_path).model
    drill.evaluation.method = "choice"  # type: ignore[assignment]
    path = tmp_path / "选择项.drill.yaml"
    save_drill(drill, path, backup=False)
    out = _export(DrillDoc.EVALUATION_FORMS, path, tmp_path / "forms.docx")
    grids = [t for t in tables(out) if t and t[0][:4] == ["序号", "评估内容", "权重", "评定"]]
    assert grids and all(r[3] == "□达到\n□部分达到\n□未达到" for g in grids for r in g[1:])


# --- task cards and the scheme ---------------------------------------------------------------


def test_task_cards_one_per_team_with_its_task(tmp_path: Path) -> None:
    drill_path, _, _ = record_scriptless(tmp_path)
    out = _export(DrillDoc.TASK_CARDS, drill_path, tmp_path / "cards.docx")
    paras = paragraphs(out)
    assert paras.count("任务卡") == 6
    drill = load_drill(drill_path).model
    seats = ["指挥席", "现场处置席", "警戒疏散席", "医疗救护席", "环境监测席", "保障与通讯席"]
    assert [paras[i + 1] for i, p in enumerate(paras) if p == "任务卡"] == seats
    text = package_text(out)
    for item in drill.script:  # the six T+0 written task injects
        for line in item.text.split("\n"):
            if line.strip():
                assert line.strip() in text
        assert item.note not in text  # never the controller note
    for card in drill.library:
        assert card.text not in text
        for ea in card.expected:
            assert ea.text not in text
    assert drill.meta.scenario.split("\n")[0] not in text  # blind: no scenario
    # each card on its own page
    with zipfile.ZipFile(out) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    assert xml.count("<w:pageBreakBefore/>") == 5


def test_task_cards_of_a_scripted_drill_fall_back_to_plan_duties(sample, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _, drill_path, _ = sample
    source = prepare(DrillDoc.TASK_CARDS, drill_path)
    report = export_drill_doc(DrillDoc.TASK_CARDS, source, tmp_path / "cards.docx")
    assert report.count == 3  # three players, each playing one unit
    assert [p.code for p in report.problems] == ["export.task_cards"]
    text = package_text(tmp_path / "cards.docx")
    assert source.plan is not None
    rescue = next(u for u in source.plan.organization.units() if u.id == "g-rescue")
    assert rescue.duties and rescue.duties[0] in text


def test_scheme_covers_the_work_plan(sample, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _, drill_path, _ = sample
    out = _export(DrillDoc.SCHEME, drill_path, tmp_path / "scheme.docx")
    paras = paragraphs(out)
    headings = [p for p in paras if re.match(r"^[一二三四五六七八九十]+、", p)]
    assert headings == [
        "一、演练目的",
        "二、演练形式和规模",
        "三、演练范围",
        "四、演练时间和地点",
        "五、组织机构和职责",
        "六、情景概要",
        "七、演练进度安排",
        "八、安全和保障措施",
        "九、评估和总结",
    ]
    text = package_text(out)
    drill = load_drill(drill_path).model
    assert drill.meta.scenario in text and "公司应急指挥中心" in text
    for o in drill.meta.objectives:
        assert o.text in text
    roles = table_with(out, "职责")
    assert [r[0] for r in roles[1:]][:4] == ["总指挥", "总策划/导调", "控制人员", "评估人员"]


def test_documents_use_the_gongwen_styles(sample, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _, drill_path, _ = sample
    out = _export(DrillDoc.SUMMARY, drill_path, tmp_path / "s.docx")
    with zipfile.ZipFile(out) as z:
        styles = etree.fromstring(z.read("word/styles.xml"))
        footer = "".join(
            etree.fromstring(z.read(n)).xpath("string()") for n in z.namelist() if "footer" in n
        )
    normal = styles.find(f".//{W}style[@{W}styleId='Normal']")
    fonts = normal.find(f"{W}rPr/{W}rFonts")
    assert fonts.get(f"{W}eastAsia") == "仿宋_GB2312"
    title = styles.find(f".//{W}style[@{W}styleId='Title']/{W}rPr/{W}rFonts")
    assert title.get(f"{W}eastAsia") == "方正小标宋简体"
    assert "— " in footer  # "— N —" page numbers
    d = docx.Document(str(out))
    assert round(d.sections[0].page_width.mm) == 210 and round(d.sections[0].page_height.mm) == 297


def test_cancelled_export_writes_nothing(sample, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _, drill_path, _ = sample
    seen: list[str] = []
    progress = Progress(lambda done, total, label: seen.append(label.zh))
    progress.cancel()
    source = prepare(DrillDoc.REPORT, drill_path)
    with pytest.raises(Cancelled):
        export_drill_doc(DrillDoc.REPORT, source, tmp_path / "r.docx", progress=progress)
    assert not (tmp_path / "r.docx").exists()
    labels: list[str] = []
    export_drill_doc(
        DrillDoc.REPORT,
        source,
        tmp_path / "r.docx",
        progress=Progress(lambda done, total, label: labels.append(label.zh)),
    )
    assert labels[0] == "封面" and labels[-1] == "已完成" and "时间线" in labels


def _starter_played(folder: Path) -> tuple[Path, Path]:
    """The starter scripted drill next to its plan, only the first injects answered."""
    from app.drill import DrillSession, FakeTime
    from app.storage.drills import load_linked_plan, save_drill
    from app.storage.templates import (
        TemplateDoc,
        find_template,
        render_drill,
        render_template_text,
    )

    drill = render_drill("hazchem-leak-tabletop", {}, use_examples=True)
    info = find_template("hazchem-leak-tabletop", doc=TemplateDoc.DRILL)
    assert drill.meta.plan and info.plan_template
    (folder / drill.meta.plan).write_text(
        render_template_text(info.plan_template, {}, use_examples=True), encoding="utf-8"
    )
    path = folder / "leak.drill.yaml"
    save_drill(drill, path, backup=False)
    plan = load_linked_plan(path, drill)
    t = FakeTime()
    s = DrillSession.create(drill, path, plan=plan.model if plan else None, time_source=t)
    s.start()
    for _ in range(80):
        s.poll()
        for run in s.state.delivered():
            if run.id not in ("i01", "i02", "i03", "i04"):
                continue  # the rest is never recorded done: missed at the end
            for ea in run.item.expected:
                if ea.id not in s.state.fulfilled:
                    s.record_action("按预案处置", inject=run.id, fulfils=[ea.id])
        t.advance(MIN)
    s.end()
    s.close()
    return path, s.path


@pytest.mark.parametrize("kind", [DrillDoc.REPORT, DrillDoc.SUMMARY])
def test_one_count_of_untested_plan_steps(tmp_path: Path, kind: DrillDoc) -> None:
    """ "未检验 19 个" and "仍有 8 个未经演练检验" in one report (issue 18): one count now."""
    import re

    drill_path, journal = _starter_played(tmp_path)
    out = _export(kind, drill_path, tmp_path / f"{kind.value}.docx")
    m = metrics_from_journal(journal)
    assert any(s.status == "missed" for s in m.steps)  # the case that contradicted itself
    text = "\n".join(paragraphs(out))
    counts = [int(n) for n in re.findall(r"未检验 (\d+) 个", text)]
    counts += [int(n) for n in re.findall(r"仍有 (\d+) 个[^，。]*?未经演练检验", text)]
    assert counts and set(counts) == {m.steps_in_scope - m.steps_exercised}
