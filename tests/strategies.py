"""Hypothesis strategies for plans and drills, valid by construction.

Every plan drawn here passes the schema, has unique ids, and every reference in it
(actors, commanders, issuers, contacts, levels, parts a section places) resolves; every
drill likewise (triggers and follow-ups name earlier injects, criteria and objectives
exist). Their text is what users paste: Chinese above all, with emoji, full-width
punctuation, control characters, very long lines and deep outlines mixed in.

    from tests.strategies import plans, drills, fuzz_settings

    @fuzz_settings(40)
    @given(plans())
    def test_something(plan): ...

``fuzz_settings(n)`` runs ``n`` examples by default; ``PLANDRILL_FUZZ_EXAMPLES=N`` runs
N for every fuzz test instead (the long runs the README describes), and
``PLANDRILL_FUZZ_SEED`` fixes the seed.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from typing import Any, TypeVar

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from app.model.drill import (
    CardSeverity,
    Channel,
    Drill,
    DrillForm,
    DrillMode,
    DrillPurpose,
    DrillScope,
    EvalMethod,
    FindingSeverity,
    FindingStatus,
    Role,
)
from app.model.kinds import Industry, PlanKind, UnitScale
from app.model.plan import PARTS, Numbering, Plan, ReviewForm, RiskLevel, WarningColor

F = TypeVar("F", bound=Callable[..., Any])


def fuzz_settings(examples: int) -> Callable[[F], F]:
    """Modest by default (two shared cores); ``PLANDRILL_FUZZ_EXAMPLES`` for long runs."""
    wanted = os.environ.get("PLANDRILL_FUZZ_EXAMPLES")
    count = int(wanted) if wanted else examples
    return settings(
        max_examples=count,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        derandomize=bool(os.environ.get("PLANDRILL_FUZZ_SEED")),
    )


# --- text -------------------------------------------------------------------------------

CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
EMOJI = st.characters(min_codepoint=0x1F300, max_codepoint=0x1FAFF) | st.sampled_from(
    ["🚒", "🧯", "☢", "\u26a0"]
)
# emoji made of several code points: a base and a variation selector, ZWJ people, flags
EMOJI_SEQUENCES = st.sampled_from(["⚠️", "👨‍🚒", "🇨🇳", "👩🏽‍⚕️", "1️⃣"])
PUNCT = st.sampled_from(list("，。、；：？！“”‘’（）【】《》—…·％＃＠　"))
ASCII = st.characters(min_codepoint=0x20, max_codepoint=0x7E)
CONTROL = st.characters(categories=["Cc"]) | st.sampled_from(
    ["\u2028", "\u2029", "\u200b", "\u00ad", "\ufeff", "\u202e", "\ufffe"]
)
ANY = st.characters(codec="utf-8", exclude_categories=["Cs"])

# what users type: mostly Chinese, some Latin and numbers, the odd emoji or control char
CHAR = st.one_of(CJK, CJK, CJK, CJK, PUNCT, ASCII, ASCII, EMOJI, st.just(" "), CONTROL, ANY)


def _no_breaks(text: str) -> str:
    return "".join(" " if ch in "\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029" else ch for ch in text)


@st.composite
def long_runs(draw: st.DrawFn, base: st.SearchStrategy[str]) -> str:
    """A short string repeated into a very long line (thousands of characters)."""
    unit = draw(base.filter(bool))
    return unit * draw(st.integers(min_value=1, max_value=max(1, 6000 // len(unit))))


# A single line: labels, names, titles.
LINE = st.one_of(
    st.text(CHAR, max_size=30).map(_no_breaks),
    st.lists(EMOJI_SEQUENCES | st.text(CJK, max_size=4), max_size=6).map("".join),
    st.text(CJK, min_size=1, max_size=12),
    long_runs(st.text(CHAR, min_size=1, max_size=8).map(_no_breaks)).map(lambda s: s[:3000]),
).map(str.strip)  # schema text is stored stripped

# A body: several lines, blank lines, indentation, a very long one now and then.
BODY = st.one_of(
    st.text(CHAR | st.just("\n"), max_size=200),
    st.lists(st.text(CHAR, max_size=80).map(_no_breaks), max_size=8).map("\n".join),
    long_runs(st.text(CJK | PUNCT, min_size=1, max_size=6)),
    st.just(""),
)
OPTIONAL_LINE = st.none() | LINE
# a drill file leaves out empty text, so an optional one that is empty reads back as None
MAYBE_TEXT = st.none() | LINE.map(lambda s: s or None)
DATES = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 12, 31))
OPTIONAL_DATE = st.none() | DATES
STEP_REFS = st.from_regex(r"st[0-9]{1,3}", fullmatch=True)  # plan step ids, as drills name them
MINUTES = st.floats(min_value=0, max_value=10_000, allow_nan=False, allow_subnormal=False)


# --- ids --------------------------------------------------------------------------------

ID_PREFIX = st.sampled_from(["", "s", "节", "组-", "🚒", "a_b.c", "第1", "ID"])


class Ids:
    """Hands out unique ids for one document (references need them to be unique)."""

    def __init__(self, draw: st.DrawFn) -> None:
        self.draw = draw
        self.used: set[str] = set()

    def __call__(self, kind: str) -> str:
        prefix = self.draw(ID_PREFIX)
        n = len(self.used)
        ident = f"{prefix}{kind}{n}"
        self.used.add(ident)
        return ident


def _some(draw: st.DrawFn, pool: list[str], most: int = 3) -> list[str]:
    return draw(st.lists(st.sampled_from(pool), max_size=most)) if pool else []


def _maybe(draw: st.DrawFn, pool: list[str]) -> str | None:
    return draw(st.none() | st.sampled_from(pool)) if pool else None


# --- plans ------------------------------------------------------------------------------


def _sections(
    draw: st.DrawFn, ids: Ids, parts: list[str], depth: int, max_depth: int, width: int
) -> list[dict[str, Any]]:
    out = []
    for _ in range(draw(st.integers(0, width))):
        children = (
            _sections(draw, ids, parts, depth + 1, max_depth, max(1, width - 1))
            if depth < max_depth
            else []
        )
        out.append(
            {
                "id": ids("s"),
                "title": draw(LINE),
                "element": draw(OPTIONAL_LINE),
                "body": draw(BODY),
                "insert": _some(draw, parts, 2),
                "children": children,
            }
        )
    return out


def _chain(draw: st.DrawFn, ids: Ids, depth: int) -> list[dict[str, Any]]:
    """One very deep outline: a heading under a heading, ``depth`` levels down."""
    node: list[dict[str, Any]] = []
    for _ in range(depth):
        node = [{"id": ids("d"), "title": draw(LINE), "body": draw(BODY), "children": node}]
    return node


def _org_unit(draw: st.DrawFn, ident: str, contacts: list[str]) -> dict[str, Any]:
    return {
        "id": ident,
        "name": draw(LINE),
        "lead": draw(OPTIONAL_LINE),
        "deputies": draw(st.lists(LINE, max_size=2)),
        "members": draw(st.lists(LINE, max_size=3)),
        "duties": draw(st.lists(LINE, max_size=3)),
        "contacts": _some(draw, contacts),
    }


@st.composite
def plan_data(draw: st.DrawFn, *, max_depth: int = 3, width: int = 3) -> dict[str, Any]:
    """A plan as plain data (what a ``*.plan.yaml`` holds)."""
    ids = Ids(draw)
    contact_ids = [ids("c") for _ in range(draw(st.integers(0, 5)))]
    group_ids = [ids("g") for _ in range(draw(st.integers(0, 4)))]
    command = draw(st.booleans())
    office = draw(st.booleans())
    units = group_ids + (["hq"] if command else []) + (["office"] if office else [])
    level_ids = [ids("L") for _ in range(draw(st.integers(0, 3)))]
    parts = list(PARTS)
    sections = _sections(draw, ids, parts, 1, max_depth, width)
    if draw(st.integers(0, 9)) == 0:
        sections += _chain(draw, ids, draw(st.integers(5, 12)))
    organization: dict[str, Any] = {"groups": [_org_unit(draw, g, contact_ids) for g in group_ids]}
    if command:
        organization["command"] = _org_unit(draw, "hq", contact_ids)
    if office:
        organization["office"] = _org_unit(draw, "office", contact_ids)
    return {
        "schema": "plandrill/plan@1",
        "meta": {
            "title": draw(LINE),
            "kind": draw(st.sampled_from(list(PlanKind))).value,
            "unit": {
                "name": draw(LINE),
                "industry": draw(st.none() | st.sampled_from(list(Industry))),
                "scale": draw(st.none() | st.sampled_from(list(UnitScale))),
                "address": draw(OPTIONAL_LINE),
                "principal": draw(OPTIONAL_LINE),
                "phone": draw(OPTIONAL_LINE),
            },
            "code": draw(OPTIONAL_LINE),
            "version": draw(LINE),
            "numbering": draw(st.none() | st.sampled_from(list(Numbering))),
            "issued": draw(OPTIONAL_DATE),
            "effective": draw(OPTIONAL_DATE),
            "approved_by": draw(OPTIONAL_LINE),
            "drafted_by": draw(OPTIONAL_LINE),
            "parent": draw(OPTIONAL_LINE),
            "region": draw(OPTIONAL_LINE),
            "last_evaluated": draw(OPTIONAL_DATE),
            "revision_history": draw(
                st.lists(
                    st.fixed_dictionaries(
                        {"version": LINE, "date": OPTIONAL_DATE, "summary": LINE},
                        optional={"author": LINE},
                    ),
                    max_size=3,
                )
            ),
            "review": draw(
                st.none()
                | st.fixed_dictionaries(
                    {
                        "form": st.sampled_from(list(ReviewForm)),
                        "date": OPTIONAL_DATE,
                        "experts": st.lists(LINE, max_size=3),
                        "required_changes": st.lists(LINE, max_size=2),
                    },
                    optional={"organizer": LINE, "conclusion": LINE},
                )
            ),
            "filing": draw(  # an empty filing record is no filing record: never drawn
                st.none()
                | st.fixed_dictionaries(
                    {"submitted": DATES},
                    optional={"authority": LINE, "registration_no": LINE, "registered": DATES},
                )
            ),
            "drill_history": draw(
                st.lists(
                    st.fixed_dictionaries(
                        {"date": DATES, "title": LINE}, optional={"form": LINE, "file": LINE}
                    ),
                    max_size=2,
                )
            ),
        },
        "sections": sections,
        "organization": organization,
        "contacts": [
            {
                "id": c,
                "name": draw(LINE),
                "role": draw(OPTIONAL_LINE),
                "title": draw(OPTIONAL_LINE),
                "org": draw(OPTIONAL_LINE),
                "org_unit": _maybe(draw, units),
                "phone": draw(st.none() | st.from_regex(r"0\d{2,3}-\d{7,8}", fullmatch=True)),
                "mobile": draw(st.none() | st.from_regex(r"1[3-9]\d{9}", fullmatch=True)),
                "note": draw(OPTIONAL_LINE),
            }
            for c in contact_ids
        ],
        "levels": [
            {
                "id": lv,
                "name": draw(LINE),
                "triggers": draw(st.lists(LINE, max_size=3)),
                "commander": _maybe(draw, units),
                "actions": draw(st.lists(LINE, max_size=3)),
            }
            for lv in level_ids
        ],
        "warnings": [
            {
                "id": ids("w"),
                "name": draw(LINE),
                "color": draw(st.none() | st.sampled_from(list(WarningColor))),
                "criteria": draw(st.lists(LINE, max_size=2)),
                "issuer": _maybe(draw, units),
                "actions": draw(st.lists(LINE, max_size=2)),
            }
            for _ in range(draw(st.integers(0, 2)))
        ],
        "risks": [
            {
                "id": ids("r"),
                "hazard": draw(LINE),
                "place": draw(OPTIONAL_LINE),
                "accident_types": draw(st.lists(LINE, max_size=3)),
                "consequence": draw(OPTIONAL_LINE),
                "level": draw(st.none() | st.sampled_from(list(RiskLevel))),
                "controls": draw(st.lists(LINE, max_size=2)),
            }
            for _ in range(draw(st.integers(0, 3)))
        ],
        "resources": [
            {
                "id": ids("m"),
                "name": draw(LINE),
                "category": draw(OPTIONAL_LINE),
                "model": draw(OPTIONAL_LINE),
                "quantity": draw(
                    st.none()
                    | st.integers(0, 10**6)
                    | st.floats(0, 1e6, allow_nan=False, allow_subnormal=False)
                ),
                "unit": draw(OPTIONAL_LINE),
                "performance": draw(OPTIONAL_LINE),
                "place": draw(OPTIONAL_LINE),
                "keeper": draw(OPTIONAL_LINE),
                "contact": _maybe(draw, contact_ids),
                "expires": draw(OPTIONAL_DATE),
                "note": draw(OPTIONAL_LINE),
            }
            for _ in range(draw(st.integers(0, 5)))
        ],
        "teams": [
            {
                "id": ids("t"),
                "name": draw(LINE),
                "specialty": draw(OPTIONAL_LINE),
                "size": draw(st.none() | st.integers(0, 10_000)),
                "leader": draw(OPTIONAL_LINE),
                "contact": _maybe(draw, contact_ids),
                "phone": draw(OPTIONAL_LINE),
                "equipment": draw(OPTIONAL_LINE),
                "place": draw(OPTIONAL_LINE),
            }
            for _ in range(draw(st.integers(0, 2)))
        ],
        "experts": [
            {
                "id": ids("e"),
                "name": draw(LINE),
                "field": draw(OPTIONAL_LINE),
                "org": draw(OPTIONAL_LINE),
                "title": draw(OPTIONAL_LINE),
                "phone": draw(OPTIONAL_LINE),
            }
            for _ in range(draw(st.integers(0, 2)))
        ],
        "shelters": [
            {
                "id": ids("h"),
                "name": draw(LINE),
                "address": draw(OPTIONAL_LINE),
                "capacity": draw(st.none() | st.integers(0, 100_000)),
                "area_m2": draw(
                    st.none() | st.floats(0, 1e6, allow_nan=False, allow_subnormal=False)
                ),
                "facilities": draw(OPTIONAL_LINE),
                "contact": _maybe(draw, contact_ids),
            }
            for _ in range(draw(st.integers(0, 2)))
        ],
        "procedures": [
            {
                "id": ids("p"),
                "title": draw(LINE),
                "level": _maybe(draw, level_ids),
                "trigger": draw(OPTIONAL_LINE),
                "steps": [
                    {
                        "id": ids("st"),
                        "actor": _maybe(draw, units),
                        "action": draw(LINE),
                        "within_min": draw(st.none() | st.integers(0, 10_000)),
                        "contacts": _some(draw, contact_ids),
                        "note": draw(OPTIONAL_LINE),
                    }
                    for _ in range(draw(st.integers(0, 4)))
                ],
            }
            for _ in range(draw(st.integers(0, 3)))
        ],
        "appendices": _sections(draw, ids, parts, 2, max_depth, 2),
    }


def plans(**kwargs: Any) -> st.SearchStrategy[Plan]:
    """Schema-valid plans with unique ids and resolving references."""
    return plan_data(**kwargs).map(Plan.model_validate)


# --- drills -----------------------------------------------------------------------------


def _inject_base(draw: st.DrawFn, ids: Ids, ident: str, criteria: list[str]) -> dict[str, Any]:
    decisions = [{"id": ids("d"), "text": draw(LINE)} for _ in range(draw(st.integers(0, 2)))]
    return {
        "id": ident,
        "title": draw(LINE),
        "from": draw(MAYBE_TEXT),
        "to": draw(st.lists(LINE, max_size=3)),
        "channel": draw(st.sampled_from(list(Channel))).value,
        "text": draw(BODY),
        "attachments": draw(st.lists(LINE, max_size=2)),
        "expected": [
            {
                "id": ids("x"),
                "text": draw(LINE),
                "by": draw(MAYBE_TEXT),
                "steps": draw(st.lists(STEP_REFS, max_size=2)),
                "within_min": draw(st.none() | MINUTES),
            }
            for _ in range(draw(st.integers(0, 2)))
        ],
        "decisions": decisions,
        "evaluation_points": draw(st.lists(LINE, max_size=2)),
        "criteria": _some(draw, criteria, 2),
        "note": draw(BODY),
    }


@st.composite
def drill_data(draw: st.DrawFn) -> dict[str, Any]:
    """A drill as plain data (what a ``*.drill.yaml`` holds)."""
    ids = Ids(draw)
    objectives = [{"id": ids("o"), "text": draw(LINE)} for _ in range(draw(st.integers(0, 3)))]
    objective_ids = [o["id"] for o in objectives]
    criteria = [
        {
            "id": ids("k"),
            "text": draw(LINE),
            "category": draw(MAYBE_TEXT),
            "weight": draw(st.floats(0.1, 100, allow_nan=False, allow_subnormal=False)),
            "key": draw(st.booleans()),
            "objective": _maybe(draw, objective_ids),
        }
        for _ in range(draw(st.integers(0, 4)))
    ]
    criterion_ids = [c["id"] for c in criteria]
    script: list[dict[str, Any]] = []
    for _ in range(draw(st.integers(0, 5))):
        inject = _inject_base(draw, ids, ids("i"), criterion_ids)
        earlier = [i["id"] for i in script]
        if earlier and draw(st.booleans()):
            inject["trigger"] = {
                "after": draw(st.sampled_from(earlier)),
                "delay_min": draw(MINUTES),
            }
        else:
            inject["at_min"] = draw(MINUTES)
        script.append(inject)
    library = []
    for _ in range(draw(st.integers(0, 4))):
        card = _inject_base(draw, ids, ids("card"), criterion_ids)
        card.update(
            {
                "category": draw(LINE),
                "severity": draw(st.sampled_from(list(CardSeverity))).value,
                "weight": draw(st.floats(0.01, 100, allow_nan=False, allow_subnormal=False)),
                "preconditions": [
                    {"inject": i["id"]} for i in draw(st.lists(st.sampled_from(script), max_size=1))
                ]
                if script
                else [],
            }
        )
        library.append(card)
    # follow-ups branch on a decision of their own inject, to an inject that exists
    targets = [i["id"] for i in script + library]
    for item in script + library:
        others = [t for t in targets if t != item["id"]]
        if item["decisions"] and others and draw(st.booleans()):
            item["follow_ups"] = [
                {
                    "decision": item["decisions"][0]["id"],
                    "inject": draw(st.sampled_from(others)),
                    "delay_min": draw(MINUTES),
                }
            ]
    grades = sorted(
        draw(st.lists(st.integers(1, 99), min_size=1, max_size=3, unique=True)), reverse=True
    )
    return {
        "schema": "plandrill/drill@1",
        "meta": {
            "title": draw(LINE),
            "form": draw(st.sampled_from(list(DrillForm))).value,
            "scope": draw(st.sampled_from(list(DrillScope))).value,
            "purpose": draw(st.sampled_from(list(DrillPurpose))).value,
            "mode": draw(st.sampled_from(list(DrillMode))).value,
            "blind": draw(st.booleans()),
            "plan": draw(st.none() | st.just("预案.plan.yaml")),
            "level": draw(st.none() | st.sampled_from(["I", "II", "Ⅲ"])),
            "date": draw(OPTIONAL_DATE),
            "start": draw(st.none() | st.from_regex(r"[01]\d:[0-5]\d", fullmatch=True)),
            "place": draw(MAYBE_TEXT),
            "duration_min": draw(st.none() | st.integers(0, 100_000)),
            "organiser": draw(MAYBE_TEXT),
            "scenario": draw(BODY),
            "objectives": objectives,
            "speed": draw(st.floats(0.01, 100, allow_nan=False, allow_subnormal=False)),
            "seed": draw(st.none() | st.integers(0, 2**31)),
        },
        "participants": [
            {
                "id": ids("u"),
                "name": draw(LINE),
                "org": draw(MAYBE_TEXT),
                "role": draw(st.sampled_from(list(Role))).value,
                "group": draw(MAYBE_TEXT),
                "phone": draw(MAYBE_TEXT),
            }
            for _ in range(draw(st.integers(0, 4)))
        ],
        "script": script,
        "library": library,
        "evaluation": {
            "method": draw(st.sampled_from(list(EvalMethod))).value,
            "criteria": criteria,
            "grades": [
                *({"name": draw(LINE) or f"等级{g}", "min_score": g} for g in grades),
                {"name": "不合格", "min_score": 0, "passed": False},
            ],
        },
        "findings": [
            {
                "id": ids("f"),
                "text": draw(LINE),
                "severity": draw(st.sampled_from(list(FindingSeverity))).value,
                "owner": draw(MAYBE_TEXT),
                "due": draw(OPTIONAL_DATE),
                "status": draw(st.sampled_from(list(FindingStatus))).value,
                "ref": draw(MAYBE_TEXT),
                "inject": _maybe(draw, targets),
                "criterion": _maybe(draw, criterion_ids),
            }
            for _ in range(draw(st.integers(0, 3)))
        ],
    }


def drills() -> st.SearchStrategy[Drill]:
    """Schema-valid drills whose internal references resolve."""
    return drill_data().map(Drill.model_validate)
