"""Starter plan templates: content, rendering, and safety against hostile input."""

from __future__ import annotations

import datetime as dt
import sys
import textwrap
from pathlib import Path

import pytest
from jinja2.exceptions import SecurityError, UndefinedError

from app.checks import check_plan
from app.model.kinds import PlanKind, rules_for
from app.model.plan import PARTS, walk_sections
from app.model.problems import Severity
from app.storage.documents import to_data
from app.storage.plans import load_plan, loads_plan
from app.storage.templates import (
    BUILTIN_DIR,
    TemplateError,
    _environment,
    find_template,
    list_templates,
    render_template,
    render_template_text,
    resolve_values,
    scan_templates,
)
from tests.helpers import HOSTILE_VALUES, data_shape, text_values

TODAY = dt.date(2026, 11, 23)
BUILTIN = [info.id for info in list_templates()]

EXPECTED = {
    "hazchem-comprehensive": PlanKind.ENTERPRISE_COMPREHENSIVE,
    "fire-special": PlanKind.ENTERPRISE_SPECIAL,
    "hazchem-leak-special": PlanKind.ENTERPRISE_SPECIAL,
    "confined-space-onsite": PlanKind.ENTERPRISE_ONSITE,
    "county-overall": PlanKind.GOV_OVERALL,
    "flood-drought-special": PlanKind.GOV_SPECIAL,
    "township": PlanKind.TOWNSHIP,
    "community": PlanKind.COMMUNITY,
}


# --- the bundled templates ------------------------------------------------------------------


def test_every_kind_asked_for_has_its_template() -> None:
    infos = {info.id: info for info in list_templates()}
    assert {k: v.kind for k, v in infos.items()} == EXPECTED
    assert all(info.builtin and info.path.parent == BUILTIN_DIR for info in infos.values())
    for info in infos.values():
        assert info.title.zh and info.description.zh and info.variables
        assert all(v.label.zh for v in info.variables)
        # defaults make "new --template X" work with no --set at all
        assert not [v.name for v in info.variables if v.required]


@pytest.mark.parametrize("use_examples", [False, True], ids=["defaults", "examples"])
@pytest.mark.parametrize("template_id", BUILTIN)
def test_template_renders_complete_and_valid(template_id: str, use_examples: bool) -> None:
    plan = render_template(template_id, {}, use_examples=use_examples)
    assert plan.meta.kind is EXPECTED[template_id]
    problems = check_plan(plan, today=TODAY)
    assert not [p for p in problems if p.severity is Severity.ERROR], problems
    # complete for its kind: the only warnings are blanks left for the user to fill in
    others = [p for p in problems if p.severity is Severity.WARNING]
    assert all(p.code == "content.placeholder" for p in others), others
    text = render_template_text(template_id, {}, use_examples=use_examples)
    assert "{{" not in text and "{%" not in text
    assert loads_plan(text).model == plan


@pytest.mark.parametrize("template_id", BUILTIN)
def test_sections_are_tagged_with_the_kinds_elements(template_id: str) -> None:
    plan = render_template(template_id, {})
    rules = rules_for(plan.meta.kind)
    tagged = {
        s.element
        for _, s, _ in walk_sections(plan.sections) + walk_sections(plan.appendices, ("a",))
    }
    assert {e.id for e in rules.standard} <= tagged
    assert {e.id for e in rules.appendices} <= tagged
    placed = [
        part
        for _, s, _ in walk_sections(plan.sections) + walk_sections(plan.appendices, ("a",))
        for part in s.insert
    ]
    filled = {part for part in PARTS if not plan.part_is_empty(part)}
    assert set(placed) == filled, "every filled table is placed in exactly one section"
    assert len(placed) == len(set(placed))


@pytest.mark.parametrize("template_id", BUILTIN)
def test_procedures_are_usable_by_drills(template_id: str) -> None:
    plan = render_template(template_id, {})
    org = {u.id for u in plan.organization.units()}
    contacts = {c.id for c in plan.contacts}
    assert plan.procedures
    for proc in plan.procedures:
        assert proc.title and proc.steps
        for n, step in enumerate(proc.steps, 1):
            assert step.id == f"{proc.id}-{n:02d}"
            assert step.actor in org and step.action
            assert set(step.contacts) <= contacts


def test_leak_plan_has_a_timed_procedure_per_level() -> None:
    plan = render_template("hazchem-leak-special", {})
    assert [lv.id for lv in plan.levels] == ["I", "II", "III", "IV"]
    by_level = {p.level: p for p in plan.procedures}
    assert set(by_level) == {"I", "II", "III", "IV"}
    org = {u.id for u in plan.organization.units()}
    for level, proc in by_level.items():
        assert proc.id == f"leak-{level.lower()}"
        assert 4 <= len(proc.steps) <= 8
        limits = [s.within_min for s in proc.steps]
        assert all(isinstance(m, int) and m > 0 for m in limits)
        assert limits == sorted(limits), "steps are listed in the order they fall due"
        assert {s.actor for s in proc.steps} <= org
    # the higher levels bring in the company-level groups
    assert {"g-rescue", "g-cordon", "g-monitor", "g-medical"} <= {
        s.actor for s in by_level["II"].steps
    }
    assert plan.levels[0].commander == "hq" and plan.levels[-1].commander == "shift"


def test_government_kinds_use_warning_colours() -> None:
    for template_id in ("county-overall", "flood-drought-special", "township", "community"):
        plan = render_template(template_id, {})
        assert [w.color.value for w in plan.warnings] == ["red", "orange", "yellow", "blue"]


def test_defaults_are_marked_as_placeholders() -> None:
    plan = render_template("hazchem-comprehensive", {})
    assert plan.meta.unit.name.startswith("【待填写")
    problems = check_plan(plan, today=TODAY)
    assert any(
        p.code == "content.placeholder" and p.path == ("meta", "unit", "name") for p in problems
    )
    assert plan.meta.issued is None and plan.meta.code is None


def test_values_are_filled_in_everywhere() -> None:
    values = {"unit.name": "甲化工公司", "region": "乙区", "park": "丙园区", "issued": "2026-05-06"}
    plan = render_template("hazchem-comprehensive", values)
    assert plan.meta.unit.name == "甲化工公司"
    assert plan.meta.issued == dt.date(2026, 5, 6)
    texts = text_values(to_data(plan))
    assert any("乙区应急管理局" in t for t in texts)
    assert any("丙园区管委会" in t for t in texts)
    assert not any("【待填写：所在园区】" in t for t in texts)
    contact = next(c for c in plan.contacts if c.id == "c-ema")
    assert contact.name == "乙区应急管理局"


def test_sample_plan_is_a_fresh_rendering_of_the_comprehensive_template(
    sample_plan_path: Path,
) -> None:
    expected = render_template_text("hazchem-comprehensive", {}, use_examples=True)
    assert sample_plan_path.read_text(encoding="utf-8") == expected, (
        "regenerate it: python -m app new --template hazchem-comprehensive --example "
        "--force --no-backup -o resources/sample/化工企业综合应急预案.plan.yaml"
    )
    assert load_plan(sample_plan_path).model.meta.unit.name == "示范化工有限公司"


# --- values from users ----------------------------------------------------------------------

PAYLOADS = HOSTILE_VALUES


@pytest.mark.parametrize("payload", PAYLOADS)
def test_hostile_values_stay_literal_text(payload: str) -> None:
    benign = render_template("hazchem-comprehensive", {"unit.name": "甲", "region": "乙"})
    plan = render_template("hazchem-comprehensive", {"unit.name": payload, "region": payload})
    assert plan.meta.unit.name == payload.strip()
    assert plan.meta.region == payload.strip()
    assert data_shape(to_data(plan)) == data_shape(to_data(benign))
    text = render_template_text("hazchem-comprehensive", {"unit.name": payload, "region": payload})
    again = loads_plan(text)
    assert not again.problems
    assert again.model == plan
    assert again.model.schema_ == "plandrill/plan@1"
    # the value lands inside longer strings unchanged as well
    assert any(f"{payload}应急管理局" in s for s in text_values(to_data(plan)))


@pytest.mark.parametrize(
    ("values", "words"),
    [
        ({"unit.nam": "x"}, ["unit.nam", "unit.name"]),
        ({"": "x"}, ["没有变量"]),
        ({"unit.name": "   "}, ["unit.name", "单位名称", "不能为空"]),
        ({"issued": "2026-02-30"}, ["issued", "颁布日期", "2026-02-30"]),
        ({"issued": "{{ 1 }}"}, ["issued", "日期"]),
        ({"unit.name": "a\x00b"}, ["unit.name", "控制字符"]),
        ({"unit.name": "长" * 3000}, ["unit.name", "过长"]),
    ],
)
def test_bad_values_are_refused_by_name(values: dict[str, str], words: list[str]) -> None:
    with pytest.raises(TemplateError) as caught:
        render_template("hazchem-comprehensive", values)
    message = caught.value.text("zh")
    assert all(w in message for w in words), message


def test_optional_values_may_be_empty() -> None:
    plan = render_template("hazchem-comprehensive", {"issued": "", "code": "", "drafted": ""})
    assert plan.meta.issued is None and plan.meta.code is None
    assert plan.meta.revision_history[0].date is None


def test_examples_fall_back_to_defaults() -> None:
    info = find_template("hazchem-comprehensive")
    values = resolve_values(info, {}, use_examples=True)
    assert values["unit.name"] == "示范化工有限公司"
    assert values["issued"] == ""  # no example: the sample stays an unissued draft


# --- templates written by users ---------------------------------------------------------------


def _write(folder: Path, name: str, body: str) -> Path:
    path = folder / f"{name}.plan-template.yaml"
    path.write_text(textwrap.dedent(body).lstrip(), encoding="utf-8")
    return path


def _user_template(
    folder: Path, title: str, *, tid: str = "mine", extra_vars: tuple[str, ...] = ()
) -> Path:
    lines = [
        "schema: plandrill/plan-template@1",
        "template:",
        f"  id: {tid}",
        "  kind: enterprise_onsite",
        "  title: 我的模板",
        "  variables:",
        "    - {name: unit.name, label: 单位名称, default: 【待填写】}",
        *(f"    - {v}" for v in extra_vars),
        "plan:",
        "  meta:",
        f"    title: {title}",
        '    unit: {name: "{{ unit.name }}"}',
    ]
    path = folder / f"{tid}.plan-template.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_user_templates_are_listed_after_the_builtin_ones(tmp_path: Path) -> None:
    _user_template(tmp_path, '"{{ unit.name }}现场处置方案"')
    infos = list_templates([tmp_path])
    assert [i.id for i in infos] == [*BUILTIN, "mine"]
    assert not infos[-1].builtin
    plan = render_template("mine", {"unit.name": "甲"}, [tmp_path])
    assert plan.meta.title == "甲现场处置方案"
    assert plan.meta.kind is PlanKind.ENTERPRISE_ONSITE


def test_a_required_variable_is_reported_by_name(tmp_path: Path) -> None:
    _user_template(
        tmp_path,
        '"{{ unit.name }}{{ site }}"',
        extra_vars=("{name: site, label: 作业场所}",),
    )
    assert find_template("mine", [tmp_path]).variable("site").required  # type: ignore[union-attr]
    with pytest.raises(TemplateError) as caught:
        render_template("mine", {}, [tmp_path])
    assert "site" in caught.value.text("zh") and "作业场所" in caught.value.text("zh")
    assert "site" in caught.value.text("en")
    assert render_template("mine", {"site": "污水池"}, [tmp_path]).meta.title == "【待填写】污水池"


def test_edited_template_is_read_again(tmp_path: Path) -> None:
    path = _user_template(tmp_path, "旧标题")
    assert render_template("mine", {}, [tmp_path]).meta.title == "旧标题"
    path.write_text(path.read_text(encoding="utf-8").replace("旧标题", "新的标题"), "utf-8")
    assert render_template("mine", {}, [tmp_path]).meta.title == "新的标题"


def test_dotted_names_are_not_dict_methods(tmp_path: Path) -> None:
    _user_template(
        tmp_path,
        '"{{ data.items }}-{{ data.keys }}"',
        extra_vars=(
            "{name: data.items, label: 甲, default: A}",
            "{name: data.keys, label: 乙, default: B}",
        ),
    )
    assert render_template("mine", {}, [tmp_path]).meta.title == "A-B"


HOSTILE_TEMPLATES = [
    ("{{ ''.__class__.__subclasses__() }}", "函数调用"),
    ("{{ ''.__class__.__mro__ }}", "属性访问"),
    ("{{ cycler.__init__.__globals__ }}", "下划线"),
    ("{{ unit.name.__class__ }}", "下划线"),
    ("{% include '/etc/passwd' %}", "引用其他文件"),
    ("{% include SECRET %}", "引用其他文件"),
    ("{% extends '/etc/passwd' %}", "继承"),
    ("{% import '/etc/passwd' as p %}", "导入"),
    ("{% for x in range(10**9) %}x{% endfor %}", "循环"),
    ("{{ 'x' * 10**9 }}", "常量"),
    ("{{ unit.name | attr('__class__') }}", "过滤器"),
    ("{{ lipsum.__globals__['os'] }}", "下标"),
    ("{% set a = 1 %}{{ a }}", "赋值"),
    ("{% if unit.name %}x{% endif %}", "条件"),
    ("{{ config }}", "未声明的变量“config”"),
    ("{{ unit.name ", "语法错误"),
]


class _OpenWatch:
    """Records every file a piece of code opens (via the audit hook ``open`` event)."""

    opened: list[str] | None = None

    @classmethod
    def hook(cls, event: str, args: tuple) -> None:
        if event == "open" and cls.opened is not None and args and isinstance(args[0], str):
            cls.opened.append(args[0])


sys.addaudithook(_OpenWatch.hook)


@pytest.mark.parametrize(("source", "words"), HOSTILE_TEMPLATES)
def test_hostile_user_templates_fail_clearly_and_read_nothing(
    tmp_path: Path, source: str, words: str
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET", encoding="utf-8")
    source = source.replace("SECRET", repr(str(secret)))
    folder = tmp_path / "templates"
    folder.mkdir()
    quoted = source.replace("\\", "\\\\").replace('"', '\\"')
    path = _user_template(folder, f'"{quoted}"')
    line = next(
        n
        for n, text in enumerate(path.read_text("utf-8").splitlines(), 1)
        if text.startswith("    title:")
    )
    find_template("mine", [folder])  # listing only reads metadata; it is fine
    _OpenWatch.opened = []
    try:
        with pytest.raises(TemplateError) as caught:
            render_template("mine", {}, [folder])
        opened = list(_OpenWatch.opened)
    finally:
        _OpenWatch.opened = None
    err = caught.value
    assert words in err.text("zh"), err.text("zh")
    assert err.text("en") and err.filename == str(path) and err.line == line
    assert "TOP-SECRET" not in err.text("zh") + err.text("en")
    assert not [p for p in opened if "passwd" in p or p == str(secret)], opened


def test_sandbox_is_the_backstop_behind_the_syntax_check() -> None:
    env = _environment()
    with pytest.raises(SecurityError):
        env.from_string("{{ ''.__class__.__mro__ }}").render()
    with pytest.raises(UndefinedError):  # no globals: cycler, range, lipsum are gone
        env.from_string("{{ cycler }}").render()
    with pytest.raises(SecurityError):  # and no constant folding at compile time either
        env.from_string("{{ 'x' * 10**9 }}").render()
    with pytest.raises(Exception, match="no loader"):
        env.from_string("{% include '/etc/passwd' %}").render()


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ("schema: plandrill/plan@1\nmeta: {title: x}\n", "不是预案模板"),
        ("schema: plandrill/plan-template@1\nplan: {}\n", "template:"),
        (
            "schema: plandrill/plan-template@1\ntemplate: {id: a, kind: nope, title: t}\nplan: {}\n",
            "预案类型",
        ),
        (
            "schema: plandrill/plan-template@1\n"
            "template: {id: a, kind: community, title: t, variables: [{name: Unit Name, label: x}]}\n"
            "plan: {}\n",
            "变量名“Unit Name”无效",
        ),
        (
            "schema: plandrill/plan-template@1\n"
            "template: {id: a, kind: community, title: t, variables: "
            "[{name: unit, label: x}, {name: unit.name, label: y}]}\nplan: {}\n",
            "相互包含",
        ),
        (
            "schema: plandrill/plan-template@1\n"
            "template: {id: a, kind: community, title: t, variables: "
            "[{name: d, label: x, type: date, default: 2026-02-31}]}\nplan: {}\n",
            "应为日期",
        ),
        (
            "schema: plandrill/plan-template@1\ntemplate: {id: a, kind: community, title: t}\n"
            "plan: {meta: {kind: township}}\n",
            "不一致",
        ),
        (
            "schema: plandrill/plan-template@1\ntemplate: {id: a, kind: community, title: t}\n"
            "plan: !!python/object/apply:os.system ['true']\n",
            "标签",
        ),
        ("schema: plandrill/plan-template@1\nextra: 1\n", "未知字段“extra”"),
    ],
)
def test_broken_template_files_are_reported_not_fatal(
    tmp_path: Path, body: str, words: str
) -> None:
    (tmp_path / "a.plan-template.yaml").write_text(body, encoding="utf-8")
    _user_template(tmp_path, "好模板", tid="good")
    infos, errors = scan_templates([tmp_path])
    assert "good" in [i.id for i in infos]
    assert len(errors) == 1
    assert words in errors[0].text("zh"), errors[0].text("zh")
    assert errors[0].filename.endswith("a.plan-template.yaml") and errors[0].line


def test_invalid_plan_content_names_the_template_line(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "bad",
        """
        schema: plandrill/plan-template@1
        template: {id: bad, kind: community, title: t}
        plan:
          meta: {title: x}
          contacts:
            - {id: c1, name: 甲, phone_no: 1}
        """,
    )
    with pytest.raises(TemplateError) as caught:
        render_template("bad", {}, [tmp_path])
    assert "phone_no" in caught.value.text("zh")
    assert caught.value.filename == str(path) and caught.value.line == 6


def test_duplicate_ids_and_missing_folders_are_reported(tmp_path: Path) -> None:
    _user_template(tmp_path, "x", tid="township")
    infos, errors = scan_templates([tmp_path, tmp_path / "missing"])
    assert [i.id for i in infos] == BUILTIN  # the built-in one wins
    texts = [e.text("zh") for e in errors]
    assert any("township" in t and "重复" in t for t in texts)
    assert any("不存在" in t for t in texts)


def test_unknown_template_lists_the_known_ones() -> None:
    with pytest.raises(TemplateError) as caught:
        render_template("no-such-template", {})
    text = caught.value.text("zh")
    assert "no-such-template" in text and "hazchem-leak-special" in text
