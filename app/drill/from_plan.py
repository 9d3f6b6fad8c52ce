"""A drill file from a plan file: the one path ``drill new --from-plan`` and the GUI share.

``load_plan_for_drill`` reads the plan (a broken plan is refused with the first
problem); ``write_drill_from_plan`` generates the story and script (``generate``) and
saves them next to the plan unless told where. Errors are ``GenerateError`` with a
message that names the file and says what to do.
"""

from __future__ import annotations

from pathlib import Path

from app.drill.errors import GenerateError
from app.drill.generate import script_from_plan
from app.i18n import T
from app.model.drill import Drill
from app.model.plan import Plan
from app.model.problems import Severity
from app.storage.atomic import target_state
from app.storage.drills import DRILL_SUFFIX, relative_plan_path, save_drill
from app.storage.errors import LoadError, SaveError
from app.storage.names import safe_name
from app.storage.plans import load_plan


def _where(exc: LoadError | SaveError) -> str:
    return f"{exc.filename}:{exc.line}" if exc.line else exc.filename


def _failed(exc: LoadError | SaveError) -> GenerateError:
    return GenerateError(T(f"{_where(exc)}: {exc.text('zh')}", f"{_where(exc)}: {exc.text('en')}"))


def load_plan_for_drill(plan_path: Path) -> Plan:
    """The plan at ``plan_path``, refused when it has schema errors."""
    try:
        loaded = load_plan(plan_path)
    except LoadError as exc:
        raise _failed(exc) from None
    errors = [p for p in loaded.problems if p.severity is Severity.ERROR]
    if errors:
        first = errors[0]
        raise GenerateError(
            T(
                f"{plan_path}:{first.line or 1}: 预案有 {len(errors)} 处格式错误（{first.message.zh}），"
                f"请先用 validate 检查并修正",
                f"{plan_path}:{first.line or 1}: the plan has {len(errors)} schema error(s) "
                f"({first.message.en}); run validate and fix them first",
            )
        )
    return loaded.model


def plan_stem(path: Path) -> str:
    name = path.name
    for suffix in (".plan.yaml", ".yaml", ".yml"):
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return path.stem


def default_output(plan_path: Path, level: str | None) -> Path:
    """Where a drill for ``level`` goes by default: next to the plan, named after it."""
    name = plan_stem(plan_path) + (f"-{level}" if level else "")
    return plan_path.with_name(safe_name(name, suffix=DRILL_SUFFIX, limit=255))


def write_drill_from_plan(
    plan: Plan,
    plan_path: Path,
    level: str | None,
    output: Path,
    *,
    seed: int | None = None,
    force: bool = False,
) -> Drill:
    """Generate the drill for ``level`` of ``plan`` and save it at ``output``."""
    if output.exists() and not force:
        raise GenerateError(
            T(
                f"{output}: 文件已存在，未覆盖；如需覆盖请加 --force",
                f"{output}: the file exists and was left alone; add --force to overwrite it",
            )
        )
    if output.exists() and output.is_dir():
        raise GenerateError(T(f"{output}: 这是一个文件夹", f"{output}: this is a folder"))
    seen = target_state(output)
    try:
        drill = script_from_plan(
            plan, level, plan_path=relative_plan_path(plan_path, output), seed=seed
        )
    except GenerateError as exc:
        raise GenerateError(
            T(f"{plan_path}: {exc.message.zh}", f"{plan_path}: {exc.message.en}")
        ) from None
    try:
        save_drill(drill, output, expect=seen)
    except SaveError as exc:
        raise _failed(exc) from None
    return drill


__all__ = ["default_output", "load_plan_for_drill", "plan_stem", "write_drill_from_plan"]
