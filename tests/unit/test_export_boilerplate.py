"""Boilerplate templates: the line markup, user overrides, and the sandbox."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from app.export.boilerplate import TEMPLATES, Line, Templates, parse_lines, render_source
from app.export.errors import ExportError
from app.export.plan_docx import template_context
from tests.helpers import minimal_plan

CONTEXT = {"title": "综合应急预案", "unit": "甲公司", "issued": None, "today": dt.date(2026, 1, 2)}


def test_markers_choose_the_kind_of_paragraph() -> None:
    text = "# 标题\n## 副标题\n^ 居中\n> 右\n< 左\n正文\n--- 2\n---\n\n"
    assert parse_lines(text) == [
        Line("title", "标题"),
        Line("subtitle", "副标题"),
        Line("center", "居中"),
        Line("right", "右"),
        Line("left", "左"),
        Line("body", "正文"),
        Line("blank", ""),
        Line("blank", ""),
        Line("blank", ""),
    ]


def test_builtin_templates_render_for_a_minimal_plan() -> None:
    context = template_context(minimal_plan())
    templates = Templates()
    for name in TEMPLATES:
        assert templates.render(name, context).strip()
    cover = templates.render("cover.j2", context)
    assert "测试预案" in cover and "甲公司" in cover
    assert "None" not in cover


def test_dates_and_blanks_in_templates() -> None:
    out = render_source(
        "{{ issued | cn_date(blank='　年　月　日') }}|{{ d | cn_date }}|{{ 12 | cn_number }}",
        {**CONTEXT, "d": dt.date(2026, 3, 1)},
        "t.j2",
    )
    assert out == "　年　月　日|2026年3月1日|十二"


def test_override_folder_wins_and_missing_files_fall_back(tmp_path) -> None:
    (tmp_path / "cover.j2").write_text("# 我们的封面 {{ unit }}", encoding="utf-8")
    templates = Templates(tmp_path)
    assert templates.render("cover.j2", CONTEXT) == "# 我们的封面 甲公司"
    assert "发" in templates.render("approval.j2", {**template_context(minimal_plan())})


def test_gbk_override_is_read(tmp_path) -> None:
    (tmp_path / "cover.j2").write_bytes("# 封面{{ unit }}".encode("gbk"))
    assert Templates(tmp_path).render("cover.j2", CONTEXT) == "# 封面甲公司"


def test_missing_override_folder_is_an_error(tmp_path) -> None:
    with pytest.raises(ExportError) as info:
        Templates(tmp_path / "nope")
    assert "模板文件夹不存在" in info.value.message.zh


def test_errors_name_the_file_and_line(tmp_path) -> None:
    (tmp_path / "approval.j2").write_text("# 标题\n正文\n{{ no_such_thing }}\n", encoding="utf-8")
    with pytest.raises(ExportError) as info:
        Templates(tmp_path).render("approval.j2", CONTEXT)
    assert info.value.filename == str(tmp_path / "approval.j2")
    assert info.value.line == 3
    assert "no_such_thing" in info.value.message.zh
    (tmp_path / "cover.j2").write_text("正文\n{% if %}\n", encoding="utf-8")
    with pytest.raises(ExportError) as info:
        Templates(tmp_path).render("cover.j2", CONTEXT)
    assert info.value.line == 2
    assert "语法错误" in info.value.message.zh


HOSTILE = {
    "class walk": "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "globals": "{{ self.__init__.__globals__ }}",
    "cycler": "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
    "lipsum": "{{ lipsum.__globals__['os'].system('id') }}",
    "namespace": "{% set ns = namespace(a=1) %}{{ ns }}",
    "include": "{% include SECRET %}",
    "import": "{% import SECRET as x %}{{ x }}",
    "extends": "{% extends SECRET %}",
    "format": "{{ '{0.__class__.__init__.__globals__}'.format(title) }}",
    "method": "{{ title.__len__() }}",
    "dict pop": "{{ {'a': 1}.pop('a') }}",
    "big string": "{{ 'x' * 1000000000 }}",
    "big power": "{{ 10 ** 10 ** 10 }}",
    "big center": "{{ title.center(1000000000) }}",
    "big replace": "{% set a = 'x' * 5000 %}{{ a.replace('x', a) }}",
    "big replace filter": "{% set a = 'x' * 5000 %}{{ a | replace('x', a) }}",
    "doubling": "{% set a = 'x' * 5000 %}{% set b = a ~ a ~ a %}{% set c = b ~ b ~ b %}{{ c }}",
    "recursion": "{% macro f(x) %}{{ f(x ~ x) }}{% endmacro %}{{ f('ab') }}",
    "loops": "{% for a in range(1000) %}{% for b in range(1000) %}{% for c in range(1000) %}"
    "{% endfor %}{% endfor %}{% endfor %}",
    "range": "{% for a in range(100000000) %}{% endfor %}",
    "output": "{% for a in range(1000) %}{{ 'x' * 5000 }}{% endfor %}",
}


@pytest.mark.parametrize("source", list(HOSTILE.values()), ids=list(HOSTILE))
def test_hostile_template_runs_nothing_and_reads_nothing(tmp_path, source: str) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT", encoding="utf-8")
    marker = tmp_path / "pwned"
    folder = tmp_path / "templates"
    folder.mkdir()
    source = source.replace("SECRET", repr(str(secret))).replace("'id'", repr(f"touch {marker}"))
    (folder / "cover.j2").write_text(source, encoding="utf-8")
    started = time.monotonic()
    with pytest.raises(ExportError) as info:
        Templates(folder).render("cover.j2", {**CONTEXT, "secret_path": str(secret)})
    assert time.monotonic() - started < 10
    assert "TOP-SECRET" not in info.value.text()
    assert not marker.exists()
    assert info.value.filename == str(folder / "cover.j2")


def test_oversized_template_is_refused(tmp_path) -> None:
    (tmp_path / "cover.j2").write_text("x" * 100_000, encoding="utf-8")
    with pytest.raises(ExportError) as info:
        Templates(tmp_path).render("cover.j2", CONTEXT)
    assert "过大" in info.value.message.zh
