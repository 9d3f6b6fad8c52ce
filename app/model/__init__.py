"""Qt-free domain model: plans, drills, problems. Pure data and rules."""

from app.model.kinds import Industry, PlanKind, PlanSystem, UnitScale, rules_for
from app.model.plan import PARTS, PLAN_SCHEMA, Plan, Section, walk_sections
from app.model.problems import Problem, Severity

__all__ = [
    "PARTS",
    "PLAN_SCHEMA",
    "Industry",
    "Plan",
    "PlanKind",
    "PlanSystem",
    "Problem",
    "Section",
    "Severity",
    "UnitScale",
    "rules_for",
    "walk_sections",
]
