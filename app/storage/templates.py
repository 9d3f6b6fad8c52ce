"""Starter plans and drills (预案模板、演练模板): list them, fill in their variables.

A plan template is one YAML file, ``<id>.plan-template.yaml``::

    schema: plandrill/plan-template@1
    template:            # what the "new" wizard and ``python -m app templates`` show
      id: …
      kind: enterprise_comprehensive
      title: …
      description: …
      variables:
        - {name: unit.name, label: 单位名称, default: 【待填写：单位全称】, example: 示范化工有限公司}
    plan:                # a complete plandrill/plan@1 document
      meta:
        unit: {name: "{{ unit.name }}"}
      …

A drill template (``<id>.drill-template.yaml``, ``schema: plandrill/drill-template@1``)
has the same ``template:`` block (its ``kind`` is the kind of plan the drill exercises;
``plan_template`` optionally names the starter plan it is written against) and a
``drill:`` payload, a complete ``plandrill/drill@1`` document whose ``meta.plan`` is
usually a variable (the plan file, relative to the drill file). Template ids are one
namespace across both kinds, so ``python -m app new --template ID`` needs nothing else.
``scan_templates``, ``list_templates`` and ``find_template`` return plan templates unless
asked for drills (``doc=TemplateDoc.DRILL``) or both (``doc=None``).

A variable's ``type`` is ``text`` (the default), ``date`` (2026-03-01) or ``bool``
(是/否, yes/no, true/false, passed on as ``true``/``false`` for a field such as
``meta.blind: "{{ blind }}"``).

Rendering is safe for templates a user edits and for any value a user types:

* the file is parsed with the project's safe YAML loader first, so values are
  substituted into string scalars that already exist and can never add YAML structure;
* each string is rendered by a ``SandboxedEnvironment`` with ``StrictUndefined`` and no
  loader or globals, after its syntax tree has been checked to hold nothing but text and
  ``{{ variable }}`` placeholders (no loops, calls, filters, includes or attribute
  access beyond declared variable names), so a template cannot run code, read files
  or loop forever;
* substituted values are inserted once as literal text and never rendered again.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal, NoReturn, TypeVar

from jinja2 import StrictUndefined, nodes
from jinja2.exceptions import SecurityError, TemplateSyntaxError
from jinja2.exceptions import TemplateError as JinjaTemplateError
from pydantic import BaseModel, Field, ValidationError, field_validator

from app.i18n import T
from app.model.base import Id, LabeledEnum, Model, Text
from app.model.dates import try_parse_date
from app.model.drill import DRILL_SCHEMA, Drill, DrillMode
from app.model.kinds import PlanKind
from app.model.plan import Plan
from app.model.validation import problems_from
from app.paths import templates_dir
from app.storage.drills import DRILL_SUFFIX, dumps_drill
from app.storage.errors import LoadError, StorageError
from app.storage.plans import PLAN_SUFFIX, dumps_plan
from app.storage.sandbox import LimitedSandbox
from app.storage.yamlio import LineMap, read_file

TEMPLATE_SCHEMA = "plandrill/plan-template@1"
TEMPLATE_SUFFIX = ".plan-template.yaml"
DRILL_TEMPLATE_SCHEMA = "plandrill/drill-template@1"
DRILL_TEMPLATE_SUFFIX = ".drill-template.yaml"

# plan_templates/ next to app/, or inside a frozen build
BUILTIN_DIR = templates_dir()

MAX_VALUE_CHARS = 2000
_NAME = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$")
# Words the template language reserves; a variable segment may not be one of them.
_RESERVED = frozenset(
    {"and", "or", "not", "in", "is", "if", "else", "true", "false", "none", "loop", "self"}
)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_MARKERS = ("{{", "{%", "{#")


class TemplateError(StorageError):
    """A template cannot be listed or rendered, or a value for it is unusable."""

    def __init__(
        self,
        message: T,
        *,
        filename: str = "",
        line: int | None = None,
        hint: T | None = None,
        variable: str | None = None,
    ) -> None:
        super().__init__(filename, message, line=line, hint=hint)
        self.variable = variable  # the value of this variable is the problem (forms say so)

    def __str__(self) -> str:
        return f"{self.location()}: {self.text()}" if self.filename else self.text()


# --- what a template makes ------------------------------------------------------------------


class TemplateDoc(LabeledEnum):
    """The kind of document a template makes."""

    PLAN = ("plan", "预案", "Plan")
    DRILL = ("drill", "演练", "Drill")


@dataclass(frozen=True)
class _DocSpec:
    schema: str  # the template file's schema
    suffix: str  # the template file's name ends so
    payload: str  # the key holding the document
    document_schema: str  # the schema of what it renders
    output_suffix: str  # the file name the rendered document should have
    what: T  # 预案模板 / 演练模板


_DOCS: dict[TemplateDoc, _DocSpec] = {
    TemplateDoc.PLAN: _DocSpec(
        TEMPLATE_SCHEMA,
        TEMPLATE_SUFFIX,
        "plan",
        "plandrill/plan@1",
        PLAN_SUFFIX,
        T("预案模板", "plan template"),
    ),
    TemplateDoc.DRILL: _DocSpec(
        DRILL_TEMPLATE_SCHEMA,
        DRILL_TEMPLATE_SUFFIX,
        "drill",
        DRILL_SCHEMA,
        DRILL_SUFFIX,
        T("演练模板", "drill template"),
    ),
}


def _doc_of(path: Path) -> TemplateDoc | None:
    return next((d for d, spec in _DOCS.items() if path.name.endswith(spec.suffix)), None)


# --- metadata ------------------------------------------------------------------------------


class _VariableSpec(Model):
    name: str = Field(..., title="变量名", json_schema_extra={"title_en": "Variable name"})
    label: Text = Field(..., title="中文名称", json_schema_extra={"title_en": "Label"})
    label_en: Text | None = Field(
        None, title="英文名称", json_schema_extra={"title_en": "English label"}
    )
    type: Literal["text", "date", "bool"] = Field(
        "text", title="类型", json_schema_extra={"title_en": "Type"}
    )
    optional: bool = Field(False, title="可留空", json_schema_extra={"title_en": "Optional"})
    default: str | None = Field(None, title="默认值", json_schema_extra={"title_en": "Default"})
    example: str | None = Field(None, title="示例值", json_schema_extra={"title_en": "Example"})
    help: Text | None = Field(None, title="填写说明", json_schema_extra={"title_en": "Help"})

    @field_validator("default", "example", mode="before")
    @classmethod
    def _date_as_text(cls, value: Any) -> Any:
        # an unquoted 2026-03-01 in YAML arrives as a date
        return value.isoformat() if isinstance(value, dt.date) else value


class _TemplateSpec(Model):
    id: Id = Field(..., title="模板编号", json_schema_extra={"title_en": "Template id"})
    kind: PlanKind = Field(..., title="预案类型", json_schema_extra={"title_en": "Plan kind"})
    title: Text = Field(..., title="模板名称", json_schema_extra={"title_en": "Title"})
    title_en: Text | None = Field(
        None, title="英文名称", json_schema_extra={"title_en": "English title"}
    )
    description: Text = Field("", title="说明", json_schema_extra={"title_en": "Description"})
    description_en: Text | None = Field(
        None, title="英文说明", json_schema_extra={"title_en": "English description"}
    )
    variables: list[_VariableSpec] = Field(
        default_factory=list, title="变量", json_schema_extra={"title_en": "Variables"}
    )


class _DrillTemplateSpec(_TemplateSpec):
    kind: PlanKind = Field(
        ..., title="所检验预案的类型", json_schema_extra={"title_en": "Kind of plan exercised"}
    )
    plan_template: Id | None = Field(
        None, title="配套的预案模板", json_schema_extra={"title_en": "Matching plan template"}
    )


_SPECS: dict[TemplateDoc, type[_TemplateSpec]] = {
    TemplateDoc.PLAN: _TemplateSpec,
    TemplateDoc.DRILL: _DrillTemplateSpec,
}


@dataclass(frozen=True)
class TemplateVariable:
    """One blank a template asks the user to fill in."""

    name: str  # dotted, as written in the template: unit.name
    label: T
    type: str = "text"  # "text", "date" (YYYY-MM-DD) or "bool" (是/否, yes/no, true/false)
    optional: bool = False  # may be left empty; a field holding only it is then left out
    default: str | None = None  # used when no value is given; None makes the value required
    example: str | None = None  # sample value (the bundled sample plan uses these)
    help: str | None = None

    @property
    def required(self) -> bool:
        return self.default is None and not self.optional


@dataclass(frozen=True)
class TemplateInfo:
    """What a template is, without rendering it."""

    id: str
    kind: PlanKind  # a drill template: the kind of plan the drill exercises
    title: T
    description: T
    variables: tuple[TemplateVariable, ...]
    path: Path
    builtin: bool
    doc: TemplateDoc = TemplateDoc.PLAN
    mode: DrillMode | None = None  # drill templates: scripted or scriptless
    plan_template: str | None = None  # drill templates: the starter plan it is written for
    plan_variable: str | None = None  # drill templates: the variable meta.plan consists of

    @property
    def output_suffix(self) -> str:
        """What the name of a file rendered from this template ends with."""
        return _DOCS[self.doc].output_suffix

    def kind_text(self, lang: str = "zh") -> str:
        """For a kind column: the plan kind, or the drill's mode and 演练 (有脚本演练)."""
        if self.doc is TemplateDoc.PLAN:
            return self.kind.label(lang)
        mode = (self.mode or DrillMode.SCRIPTED).label(lang)
        return f"{mode} drill" if lang == "en" else f"{mode}{self.doc.label(lang)}"

    def variable(self, name: str) -> TemplateVariable | None:
        return next((v for v in self.variables if v.name == name), None)

    def defaults(self) -> dict[str, str]:
        return {v.name: v.default for v in self.variables if v.default is not None}

    def examples(self) -> dict[str, str]:
        """Example values, falling back to the defaults: what the sample plans use."""
        out = self.defaults()
        out.update({v.name: v.example for v in self.variables if v.example is not None})
        return out


@dataclass(frozen=True)
class _Loaded:
    info: TemplateInfo
    payload: dict[str, Any]  # the plan: or drill: mapping, unrendered
    lines: LineMap

    @property
    def key(self) -> str:
        return _DOCS[self.info.doc].payload


# --- reading template files ---------------------------------------------------------------


def _fail(
    path: Path, message: T, lines: LineMap | None = None, at: tuple = (), **kw: Any
) -> NoReturn:
    line = lines.line_for(at) if lines is not None else None
    raise TemplateError(message, filename=str(path), line=line, **kw)


def _load(path: Path, builtin: bool) -> _Loaded:
    kind_of_doc = _doc_of(path) or TemplateDoc.PLAN
    spec_of_doc = _DOCS[kind_of_doc]
    key = spec_of_doc.payload
    try:
        doc = read_file(path)
    except LoadError as exc:
        raise TemplateError(exc.message, filename=str(path), line=exc.line, hint=exc.hint) from None
    data, lines = doc.data, doc.lines
    if not isinstance(data, dict):
        _fail(path, T("模板文件的顶层应为“键: 值”形式", "The top level must be 'key: value' pairs"))
    if data.get("schema") != spec_of_doc.schema:
        what = spec_of_doc.what
        _fail(
            path,
            T(
                f"不是{what.zh}：缺少“schema: {spec_of_doc.schema}”",
                f"Not a {what.en}: 'schema: {spec_of_doc.schema}' is missing",
            ),
            lines,
            ("schema",),
            hint=_suffix_hint(data.get("schema"), path),
        )
    unknown = sorted(set(data) - {"schema", "template", key})
    if unknown:
        _fail(
            path,
            T(f"未知字段“{unknown[0]}”", f"unknown field '{unknown[0]}'"),
            lines,
            (unknown[0],),
            hint=T(
                f"模板只能包含 schema、template、{key} 三部分",
                f"A template holds only schema, template and {key}",
            ),
        )
    for part in ("template", key):
        if not isinstance(data.get(part), dict):
            _fail(
                path,
                T(f"缺少“{part}:”部分（应为键值对）", f"missing the '{part}:' mapping"),
                lines,
                (part,),
            )
    model = _SPECS[kind_of_doc]
    try:
        spec = model.model_validate(data["template"])
    except ValidationError as exc:
        first = problems_from(
            model,
            data["template"],
            exc,
            lambda p: lines.line_for(("template", *p)),
            str(path),
        )[0]
        raise TemplateError(first.message, filename=str(path), line=first.line) from None
    variables = _variables(spec, path, lines)
    payload = data[key]
    meta = payload.get("meta") if isinstance(payload.get("meta"), dict) else {}
    extra: dict[str, Any] = {}
    if kind_of_doc is TemplateDoc.PLAN:
        meta_kind = meta.get("kind")
        if meta_kind is not None and meta_kind != spec.kind.value:
            _fail(
                path,
                T(
                    f"模板类型“{spec.kind.value}”与预案类型“{meta_kind}”不一致",
                    f"template kind '{spec.kind.value}' differs from the plan's kind '{meta_kind}'",
                ),
                lines,
                ("plan", "meta", "kind"),
            )
    else:
        assert isinstance(spec, _DrillTemplateSpec)
        try:
            mode = DrillMode(meta.get("mode", DrillMode.SCRIPTED.value))
        except ValueError:
            choices = "、".join(f"{m.value}（{m.label('zh')}）" for m in DrillMode)
            _fail(
                path,
                T(
                    f"组织方式“{meta.get('mode')}”无效，应为 {choices}",
                    f"invalid mode '{meta.get('mode')}': use scripted or scriptless",
                ),
                lines,
                ("drill", "meta", "mode"),
            )
        plan_ref = meta.get("plan")
        extra = {
            "mode": mode,
            "plan_template": spec.plan_template,
            "plan_variable": _dotted_only(plan_ref) if isinstance(plan_ref, str) else None,
        }
    info = TemplateInfo(
        id=spec.id,
        kind=spec.kind,
        title=T(spec.title, spec.title_en or spec.title),
        description=T(spec.description, spec.description_en or spec.description),
        variables=variables,
        path=path,
        builtin=builtin,
        doc=kind_of_doc,
        **extra,
    )
    return _Loaded(info, payload, lines)


def _suffix_hint(schema: object, path: Path) -> T | None:
    """A template of the other kind saved under the wrong file name."""
    other = next((d for d, spec in _DOCS.items() if spec.schema == schema), None)
    if other is None or other is _doc_of(path):
        return None
    suffix = _DOCS[other].suffix
    return T(
        f"这是{_DOCS[other].what.zh}，文件名应以 {suffix} 结尾",
        f"This is a {_DOCS[other].what.en}; its file name should end with {suffix}",
    )


def _variables(spec: _TemplateSpec, path: Path, lines: LineMap) -> tuple[TemplateVariable, ...]:
    out: list[TemplateVariable] = []
    names: set[str] = set()
    for i, var in enumerate(spec.variables):
        where = ("template", "variables", i, "name")
        if not _NAME.match(var.name) or any(s in _RESERVED for s in var.name.split(".")):
            _fail(
                path,
                T(
                    f"变量名“{var.name}”无效：只能用小写字母、数字、下划线，以“.”分级，如 unit.name",
                    f"invalid variable name '{var.name}': use lower-case letters, digits and _, "
                    "with '.' between levels, e.g. unit.name",
                ),
                lines,
                where,
            )
        clash = next(
            (
                n
                for n in names
                if n == var.name or var.name.startswith(n + ".") or n.startswith(var.name + ".")
            ),
            None,
        )
        if clash is not None:
            _fail(
                path,
                T(
                    f"变量“{var.name}”与“{clash}”重复或相互包含",
                    f"variable '{var.name}' repeats or contains '{clash}'",
                ),
                lines,
                where,
            )
        names.add(var.name)
        for field in ("default", "example"):
            value = getattr(var, field)
            if value is not None:
                problem = _value_problem(var.name, var.label, var.type, var.optional, value)
                if problem is not None:
                    _fail(path, problem, lines, ("template", "variables", i, field))
        out.append(
            TemplateVariable(
                name=var.name,
                label=T(var.label, var.label_en or var.label),
                type=var.type,
                optional=var.optional,
                default=var.default,
                example=var.example,
                help=var.help,
            )
        )
    return tuple(out)


def _template_files(folder: Path) -> list[Path]:
    return sorted(
        p for spec in _DOCS.values() for p in folder.glob(f"*{spec.suffix}") if p.is_file()
    )


def _folders(extra_dirs: Iterable[str | Path]) -> list[tuple[Path, bool]]:
    return [(BUILTIN_DIR, True), *((Path(d), False) for d in extra_dirs)]


DocFilter = TemplateDoc | None  # None: templates of every kind


def _wanted(doc: DocFilter, of: TemplateDoc | None) -> bool:
    # a problem not tied to one kind of template (a missing folder) always counts
    return doc is None or of is None or of is doc


def scan_templates(
    extra_dirs: Iterable[str | Path] = (),
    *,
    doc: DocFilter = TemplateDoc.PLAN,
) -> tuple[list[TemplateInfo], list[TemplateError]]:
    """Every usable template (built-in first), and what was wrong with the others.

    ``doc`` picks plan templates (the default), drill templates, or (None) both; ids
    are unique across both kinds. A broken or duplicate template never hides the good
    ones: it is reported and skipped.
    """
    infos: list[TemplateInfo] = []
    errors: list[TemplateError] = []
    seen: dict[str, Path] = {}
    for folder, builtin in _folders(extra_dirs):
        if not folder.is_dir():
            errors.append(
                TemplateError(
                    T("模板文件夹不存在", "The template folder does not exist"),
                    filename=str(folder),
                )
            )
            continue
        found: list[TemplateInfo] = []
        for path in _template_files(folder):
            try:
                found.append(_cached_load(path, builtin, _stamp(path)).info)
            except TemplateError as exc:
                errors.append(exc)
        for info in sorted(found, key=_order):
            path = info.path
            if info.id in seen:
                errors.append(
                    TemplateError(
                        T(
                            f"模板编号“{info.id}”与 {seen[info.id]} 重复，已忽略此模板",
                            f"template id '{info.id}' is already used by {seen[info.id]}; "
                            "this one is ignored",
                        ),
                        filename=str(path),
                        hint=T("请修改 template.id", "Change template.id"),
                    )
                )
                continue
            seen[info.id] = path
            infos.append(info)
    return (
        [i for i in infos if _wanted(doc, i.doc)],
        [e for e in errors if _wanted(doc, _doc_of(Path(e.filename)))],
    )


def _order(info: TemplateInfo) -> tuple[int, int, str]:
    """Plans before drills; enterprise kinds first, as PlanKind lists them; then by id."""
    return list(TemplateDoc).index(info.doc), list(PlanKind).index(info.kind), info.id


def list_templates(
    extra_dirs: Iterable[str | Path] = (), *, doc: DocFilter = TemplateDoc.PLAN
) -> list[TemplateInfo]:
    """The usable templates: built-in first; within a folder plans before drills, then
    by plan kind and id. ``doc`` as for ``scan_templates``."""
    return scan_templates(extra_dirs, doc=doc)[0]


def find_template(
    template_id: str, extra_dirs: Iterable[str | Path] = (), *, doc: DocFilter = TemplateDoc.PLAN
) -> TemplateInfo:
    """The template with this id; ``doc`` says which kind the caller can use (None: any).

    Raises ``TemplateError``: no such id (listing the known ones), the file with that
    id is broken (saying why), or it makes the other kind of document.
    """
    infos, errors = scan_templates(extra_dirs, doc=None)
    for info in infos:
        if info.id == template_id:
            if doc is not None and info.doc is not doc:
                have, want = _DOCS[info.doc].what, _DOCS[doc].what
                raise TemplateError(
                    T(
                        f"“{template_id}”是{have.zh}，这里需要{want.zh}",
                        f"'{template_id}' is a {have.en}; a {want.en} is needed here",
                    ),
                    filename=str(info.path),
                )
            return info
    names = {f"{template_id}{spec.suffix}" for spec in _DOCS.values()}
    for err in errors:  # a broken file that would have had this id: say why it is unusable
        if Path(err.filename).name in names:
            raise err
    usable = [i.id for i in infos if _wanted(doc, i.doc)]
    known = "、".join(usable) or "（无）"
    known_en = ", ".join(usable) or "(none)"
    raise TemplateError(
        T(
            f"没有编号为“{template_id}”的模板。可用的模板：{known}",
            f"no template with id '{template_id}'. Available: {known_en}",
        ),
        hint=T(
            "用 python -m app templates 查看模板列表", "Run python -m app templates to list them"
        ),
    )


def _stamp(path: Path) -> tuple[int, int]:
    try:
        st = path.stat()
    except OSError as exc:
        raise TemplateError(
            T(f"无法读取模板文件：{exc.strerror}", f"cannot read the template: {exc.strerror}"),
            filename=str(path),
        ) from None
    return st.st_mtime_ns, st.st_size


@lru_cache(maxsize=64)
def _cached_load(path: Path, builtin: bool, stamp: tuple[int, int]) -> _Loaded:
    # keyed on mtime and size, so an edited template is read again
    return _load(path, builtin)


# --- values ----------------------------------------------------------------------------------


def _value_problem(name: str, label: str, kind: str, optional: bool, value: str) -> T | None:
    # users see the label; the variable's name (for --set) is in the error's hint
    who = f"“{label}”"
    if len(value) > MAX_VALUE_CHARS:
        return T(
            f"{who}的值过长（超过 {MAX_VALUE_CHARS} 个字符）",
            f"the value of '{label}' is too long (over {MAX_VALUE_CHARS} characters)",
        )
    if _CONTROL.search(value):
        return T(
            f"{who}的值含有不可见的控制字符",
            f"the value of '{label}' contains control characters",
        )
    if not value.strip():
        if optional:
            return None
        return T(f"{who}不能为空", f"'{label}' must not be empty")
    if kind == "date" and try_parse_date(value) is None:
        return T(
            f"{who}应为日期，如 2026-03-15 或 2026年3月15日，而不是“{value[:40]}”",
            f"'{label}' should be a date like 2026-03-15, not '{value[:40]}'",
        )
    if kind == "bool" and _yes_no(value) is None:
        return T(
            f"{who}应为“是”或“否”，而不是“{value[:40]}”",
            f"'{label}' should be yes or no, not '{value[:40]}'",
        )
    return None


_YES = frozenset({"是", "true", "yes", "y", "1"})
_NO = frozenset({"否", "false", "no", "n", "0"})


def _yes_no(value: str) -> str | None:
    """A yes/no answer as the text a bool field reads ("true"/"false"), or None."""
    word = value.strip().lower()
    return "true" if word in _YES else "false" if word in _NO else None


def resolve_values(
    info: TemplateInfo, values: Mapping[str, str], *, use_examples: bool = False
) -> dict[str, str]:
    """Check user values against a template and complete them with its defaults.

    Raises ``TemplateError`` for an unknown name, a missing or empty required value,
    a bad date or an unusable character; each message names the variable.
    """
    names = [v.name for v in info.variables]
    for key in values:
        if key not in names:
            known = "、".join(names) or "（无）"
            raise TemplateError(
                T(
                    f"模板“{info.id}”没有变量“{key}”。可用的变量：{known}",
                    f"template '{info.id}' has no variable '{key}'. "
                    f"Its variables: {', '.join(names) or '(none)'}",
                )
            )
    base = info.examples() if use_examples else info.defaults()
    out: dict[str, str] = {}
    for var in info.variables:
        if var.name in values:
            value = values[var.name]
        elif var.name in base:
            value = base[var.name]
        elif var.optional:
            value = ""
        else:
            raise TemplateError(
                T(
                    f"缺少变量“{var.name}”（{var.label.zh}）的值",
                    f"no value for '{var.name}' ({var.label.en})",
                ),
                hint=T(
                    f"请用 --set {var.name}=… 提供",
                    f"Give it with --set {var.name}=…",
                ),
            )
        if not isinstance(value, str):
            raise TemplateError(
                T(f"变量“{var.name}”的值应为文本", f"the value of '{var.name}' must be text")
            )
        problem = _value_problem(var.name, var.label.zh, var.type, var.optional, value)
        if problem is not None:
            raise TemplateError(
                problem,
                hint=T(f"变量名：{var.name}", f"variable: {var.name}"),
                variable=var.name,
            )
        if var.type == "date":
            day = try_parse_date(value)
            value = day.isoformat() if day is not None else ""
        elif var.type == "bool" and value.strip():
            value = _yes_no(value) or value
        out[var.name] = value
    return out


# --- rendering -----------------------------------------------------------------------------


class _Namespace:
    """Dotted variables for the template (``unit.name``) with no other attributes."""

    __slots__ = ("_items",)

    def __init__(self, items: dict[str, Any]) -> None:
        self._items = items

    def __getattr__(self, name: str) -> Any:
        try:
            return self._items[name]
        except KeyError:
            raise AttributeError(name) from None

    def __getitem__(self, name: str) -> Any:
        return self._items[name]


def _context(values: Mapping[str, str]) -> dict[str, Any]:
    tree: dict[str, Any] = {}
    for name, value in values.items():
        *parents, leaf = name.split(".")
        node = tree
        for part in parents:
            node = node.setdefault(part, {})
        node[leaf] = value

    def wrap(node: dict[str, Any]) -> dict[str, Any]:
        return {k: _Namespace(wrap(v)) if isinstance(v, dict) else v for k, v in node.items()}

    return wrap(tree)


class _Sandbox(LimitedSandbox):
    """No arithmetic at all (``'x' * 10**9``), even if a template got this far; and the
    limits of ``LimitedSandbox`` on formats and filters behind that."""

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        raise SecurityError(f"operator {operator!r} is not allowed in templates")


def _environment() -> LimitedSandbox:
    env = _Sandbox(
        undefined=StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        loader=None,
        cache_size=0,
    )
    # nothing to call or look up: placeholders name variables, nothing else
    env.globals.clear()
    env.filters.clear()
    env.tests.clear()
    return env


# What a template may not use, in the order a message names them.
_CONSTRUCTS: dict[type, T] = {
    nodes.For: T("循环（for）", "loops (for)"),
    nodes.If: T("条件（if）", "conditions (if)"),
    nodes.Include: T("引用其他文件（include）", "including files (include)"),
    nodes.Import: T("导入（import）", "imports (import)"),
    nodes.FromImport: T("导入（import）", "imports (import)"),
    nodes.Extends: T("继承（extends）", "inheritance (extends)"),
    nodes.Macro: T("宏（macro）", "macros (macro)"),
    nodes.Assign: T("赋值（set）", "assignments (set)"),
    nodes.AssignBlock: T("赋值（set）", "assignments (set)"),
    nodes.Call: T("函数调用", "function calls"),
    nodes.Filter: T("过滤器（|）", "filters (|)"),
    nodes.Getitem: T("下标访问（[]）", "subscripts ([])"),
    nodes.Getattr: T("对非变量的属性访问", "attribute access on anything but a variable"),
    nodes.Const: T("常量", "constants"),
}


def _dotted(node: nodes.Node) -> str | None:
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        base = _dotted(node.node)
        return None if base is None else f"{base}.{node.attr}"
    return None


def _check_syntax(tree: nodes.Template, declared: set[str]) -> tuple[T, int] | None:
    """Allow only text and ``{{ declared.variable }}``; say what else was found."""
    for stmt in tree.body:
        if not isinstance(stmt, nodes.Output):
            what = _CONSTRUCTS.get(type(stmt), T("模板语句", "template statements"))
            return what, stmt.lineno
        for item in stmt.nodes:
            if isinstance(item, nodes.TemplateData):
                continue
            name = _dotted(item)
            if name is None:
                found: set[type] = {type(item)}
                for kind in _CONSTRUCTS:
                    inner: nodes.Node
                    for inner in item.find_all(kind):
                        found.add(type(inner))
                what = next(
                    (label for kind, label in _CONSTRUCTS.items() if kind in found),
                    T("表达式", "expressions"),
                )
                return what, item.lineno
            if any(part.startswith("_") for part in name.split(".")):
                return T("下划线开头的名称", "names starting with '_'"), item.lineno
            if name not in declared:
                return (
                    T(f"未声明的变量“{name}”", f"the undeclared variable '{name}'"),
                    item.lineno,
                )
    return None


class _Renderer:
    def __init__(self, loaded: _Loaded, values: Mapping[str, str]) -> None:
        self.loaded = loaded
        self.path = str(loaded.info.path)
        self.declared = {v.name for v in loaded.info.variables}
        self.values = values
        self.context = _context(values)
        self.env = _environment()
        self.cache: dict[str, Any] = {}

    def _line(self, at: tuple, source: str = "", offset: int = 1) -> int | None:
        base = self.loaded.lines.line_for((self.loaded.key, *at))
        if base is None:
            return None
        # a block scalar (|) starts on the line after its indicator
        first = base + 1 if source.endswith("\n") else base
        return first + max(offset - 1, 0)

    def _compile(self, source: str, at: tuple) -> Any:
        if source in self.cache:
            return self.cache[source]
        try:
            tree = self.env.parse(source)
        except TemplateSyntaxError as exc:
            raise TemplateError(
                T(f"模板语法错误：{exc.message}", f"template syntax error: {exc.message}"),
                filename=self.path,
                line=self._line(at, source, exc.lineno),
                hint=T(
                    "占位符应写成 {{ 变量名 }}，如 {{ unit.name }}",
                    "Write placeholders as {{ name }}, e.g. {{ unit.name }}",
                ),
            ) from None
        found = _check_syntax(tree, self.declared)
        if found is not None:
            what, lineno = found
            raise TemplateError(
                T(
                    f"模板中不允许使用{what.zh}：只能使用 {{{{ 变量名 }}}} 形式的占位符",
                    f"templates may not use {what.en}: only {{{{ name }}}} placeholders are allowed",
                ),
                filename=self.path,
                line=self._line(at, source, lineno),
                hint=T(
                    f"可用的变量：{'、'.join(sorted(self.declared)) or '（无）'}",
                    f"Declared variables: {', '.join(sorted(self.declared)) or '(none)'}",
                ),
            )
        template = self.env.from_string(source)
        self.cache[source] = template
        return template

    def render_str(self, source: str, at: tuple) -> str | None:
        if not any(marker in source for marker in _MARKERS):
            return source
        template = self._compile(source, at)
        whole = _dotted_only(source)
        if whole is not None and not self.values.get(whole, "").strip():
            return None  # an optional field holding only an empty variable is left out
        try:
            return str(template.render(self.context))
        except (SecurityError, JinjaTemplateError) as exc:  # backstop: the syntax check passed
            raise TemplateError(
                T(f"模板无法填写：{exc}", f"the template cannot be filled in: {exc}"),
                filename=self.path,
                line=self._line(at, source),
            ) from None

    def render(self, node: Any, at: tuple = ()) -> Any:
        if isinstance(node, dict):
            out = {}
            for key, value in node.items():
                rendered = self.render(value, (*at, key))
                if rendered is not None or value is None:
                    out[key] = rendered
            return out
        if isinstance(node, list):
            items = (self.render(value, (*at, i)) for i, value in enumerate(node))
            return [item for item in items if item is not None]
        if isinstance(node, str):
            return self.render_str(node, at)
        return node


_WHOLE = re.compile(r"^\s*\{\{\s*([a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)*)\s*\}\}\s*$")


def _dotted_only(source: str) -> str | None:
    match = _WHOLE.match(source)
    return match.group(1) if match else None


def _load_for(
    template_id: str, extra_dirs: Iterable[str | Path], doc: DocFilter = TemplateDoc.PLAN
) -> _Loaded:
    info = find_template(template_id, extra_dirs, doc=doc)
    return _cached_load(info.path, info.builtin, _stamp(info.path))


def _render(loaded: _Loaded, values: Mapping[str, str], use_examples: bool) -> dict[str, Any]:
    resolved = resolve_values(loaded.info, values, use_examples=use_examples)
    data = _Renderer(loaded, resolved).render(loaded.payload)
    data.setdefault("schema", _DOCS[loaded.info.doc].document_schema)
    meta = data.setdefault("meta", {})
    if isinstance(meta, dict) and loaded.info.doc is TemplateDoc.PLAN:
        meta.setdefault("kind", loaded.info.kind.value)
    return data


def render_data(
    template_id: str,
    values: Mapping[str, str],
    extra_dirs: Sequence[str | Path] = (),
    *,
    use_examples: bool = False,
) -> dict[str, Any]:
    """The template's plan or drill as plain data with the values filled in (not yet
    validated)."""
    return _render(_load_for(template_id, extra_dirs, None), values, use_examples)


M = TypeVar("M", bound=BaseModel)


def _validated(loaded: _Loaded, data: dict[str, Any], model: type[M]) -> M:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        path = str(loaded.info.path)
        located = problems_from(
            model, data, exc, lambda p: loaded.lines.line_for((loaded.key, *p)), path
        )
        first = located[0]
        what = loaded.info.doc
        raise TemplateError(
            T(
                f"模板填写后不是有效的{what.label('zh')}：{first.message.zh}",
                f"the filled-in template is not a valid {what.label('en').lower()}: "
                f"{first.message.en}",
            ),
            filename=path,
            line=first.line,
        ) from None


def render_template(
    template_id: str,
    values: Mapping[str, str],
    extra_dirs: Sequence[str | Path] = (),
    *,
    use_examples: bool = False,
) -> Plan:
    """A new plan from a plan template. Values not given take the template's defaults
    (or its examples with ``use_examples``). Raises ``TemplateError``.

    The result is schema-valid. Whether it passes the checks is the caller's business
    (``app.checks.check_plan``): storage does not depend on checks.
    """
    loaded = _load_for(template_id, extra_dirs)
    return _validated(loaded, _render(loaded, values, use_examples), Plan)


def render_template_text(
    template_id: str,
    values: Mapping[str, str],
    extra_dirs: Sequence[str | Path] = (),
    *,
    use_examples: bool = False,
) -> str:
    """The new plan as ``*.plan.yaml`` text, exactly as ``save_plan`` writes it."""
    return dumps_plan(render_template(template_id, values, extra_dirs, use_examples=use_examples))


def render_drill(
    template_id: str,
    values: Mapping[str, str],
    extra_dirs: Sequence[str | Path] = (),
    *,
    use_examples: bool = False,
) -> Drill:
    """A new drill from a drill template, like ``render_template`` for plans.

    The result is schema-valid; the drill checks (``app.checks.drills.check_drill``,
    with the linked plan) are the caller's business.
    """
    loaded = _load_for(template_id, extra_dirs, TemplateDoc.DRILL)
    return _validated(loaded, _render(loaded, values, use_examples), Drill)


def render_drill_text(
    template_id: str,
    values: Mapping[str, str],
    extra_dirs: Sequence[str | Path] = (),
    *,
    use_examples: bool = False,
) -> str:
    """The new drill as ``*.drill.yaml`` text, exactly as ``save_drill`` writes it."""
    return dumps_drill(render_drill(template_id, values, extra_dirs, use_examples=use_examples))


__all__ = [
    "BUILTIN_DIR",
    "DRILL_TEMPLATE_SCHEMA",
    "DRILL_TEMPLATE_SUFFIX",
    "TEMPLATE_SCHEMA",
    "TEMPLATE_SUFFIX",
    "TemplateDoc",
    "TemplateError",
    "TemplateInfo",
    "TemplateVariable",
    "find_template",
    "list_templates",
    "render_data",
    "render_drill",
    "render_drill_text",
    "render_template",
    "render_template_text",
    "resolve_values",
    "scan_templates",
]
