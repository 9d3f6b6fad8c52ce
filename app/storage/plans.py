"""Plan files (``*.plan.yaml``)."""

from __future__ import annotations

from pathlib import Path

from app.model.plan import PLAN_SCHEMA, Plan
from app.storage import documents
from app.storage.documents import Loaded

PLAN_SUFFIX = ".plan.yaml"
HEADER = (
    "# PlanDrill 应急预案（plandrill/plan@1）。可用 PlanDrill 打开编辑，也可用文本编辑器修改。\n"
)


def load_plan(path: str | Path) -> Loaded[Plan]:
    return documents.load(path, Plan, PLAN_SCHEMA)


def loads_plan(text: str, filename: str = "<text>") -> Loaded[Plan]:
    return documents.loads(text, Plan, PLAN_SCHEMA, filename)


def dumps_plan(plan: Plan) -> str:
    return documents.dumps(plan, HEADER)


def save_plan(
    plan: Plan, path: str | Path, *, backup: bool = True, expect: str | None = None
) -> str:
    """Save a plan; see ``documents.save`` for ``expect`` and what it returns."""
    return documents.save(plan, path, HEADER, backup=backup, expect=expect)
