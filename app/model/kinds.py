"""Plan kinds, unit types and the per-kind rules that the standards attach to them.

The rules themselves (element lists, drill and evaluation periods) are data in
``kinds.yaml`` so that they can be read and corrected without touching code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from importlib import resources

import yaml

from app.model.base import LabeledEnum


class PlanSystem(LabeledEnum):
    ENTERPRISE = ("enterprise", "生产经营单位", "Enterprise")
    GOVERNMENT = ("government", "政府及其部门", "Government")
    GRASSROOTS = ("grassroots", "基层组织", "Grassroots")


class PlanKind(LabeledEnum):
    ENTERPRISE_COMPREHENSIVE = (
        "enterprise_comprehensive",
        "综合应急预案",
        "Comprehensive plan (enterprise)",
    )
    ENTERPRISE_SPECIAL = ("enterprise_special", "专项应急预案", "Special plan (enterprise)")
    ENTERPRISE_ONSITE = ("enterprise_onsite", "现场处置方案", "On-site response plan")
    GOV_OVERALL = ("gov_overall", "总体应急预案", "Overall plan (government)")
    GOV_SPECIAL = ("gov_special", "专项应急预案（政府）", "Special plan (government)")
    GOV_DEPARTMENT = ("gov_department", "部门应急预案", "Department plan")
    TOWNSHIP = ("township", "乡镇（街道）应急预案", "Township / sub-district plan")
    COMMUNITY = ("community", "村（社区）应急预案", "Village / community plan")


class Industry(LabeledEnum):
    """Unit types that change the rules (评审 vs 论证, drill frequency)."""

    MINING = ("mining", "矿山", "Mining")
    METALLURGY = ("metallurgy", "金属冶炼", "Metal smelting")
    HAZCHEM = ("hazchem", "危险化学品", "Hazardous chemicals")
    FIREWORKS = ("fireworks", "烟花爆竹", "Fireworks")
    RAIL_TRANSIT = ("rail_transit", "城市轨道交通运营", "Urban rail transit")
    CONSTRUCTION = ("construction", "建筑施工", "Construction")
    CROWDED_PLACE = ("crowded_place", "人员密集场所", "Crowded venue")
    INDUSTRY_TRADE = ("industry_trade", "工贸", "Industry and trade")
    GOVERNMENT = ("government", "党政机关", "Government body")
    OTHER = ("other", "其他", "Other")


class UnitScale(LabeledEnum):
    LARGE = ("large", "大型", "Large")
    MEDIUM = ("medium", "中型", "Medium")
    SMALL = ("small", "小型", "Small")
    MICRO = ("micro", "微型", "Micro")


@dataclass(frozen=True)
class Element:
    """One element a plan of some kind is expected to contain."""

    id: str
    title: str
    aliases: tuple[str, ...] = ()
    parts: tuple[str, ...] = ()  # structured parts that also satisfy the element
    source: str = ""
    within: str | None = None  # the element whose section must hold this one's

    @property
    def names(self) -> tuple[str, ...]:
        return (self.title, *self.aliases)


@dataclass(frozen=True)
class KindRules:
    kind: PlanKind
    system: PlanSystem
    numbering: str  # "decimal" (1 / 1.1) or "gongwen" (一、/（一）)
    approval_page: bool
    drill_months: int | None
    evaluation_months: int | None
    filing_days: int | None  # working days after issue
    drill_source: str = ""
    standard: tuple[Element, ...] = ()  # recommended (GB/T): warnings
    required: tuple[Element, ...] = ()  # binding (办法): errors
    appendices: tuple[Element, ...] = ()  # recommended appendices: warnings
    notes: tuple[str, ...] = field(default=())
    # structured part → elements one of whose sections must hold it (levels under 应急响应)
    placement: dict[str, tuple[str, ...]] = field(default_factory=dict)
    ordered: bool = False  # the standard elements' chapters come in the listed order
    issued_document: bool = False  # issued as a 公文: 印发通知, 落款, 版记 (government plans)


def _elements(raw: list[dict] | None) -> tuple[Element, ...]:
    return tuple(
        Element(
            id=str(item["id"]),
            title=item["title"],
            aliases=tuple(item.get("aliases", ())),
            parts=tuple(item.get("parts", ())),
            source=item.get("source", ""),
            within=item.get("within"),
        )
        for item in raw or ()
    )


@cache
def all_rules() -> dict[PlanKind, KindRules]:
    text = resources.files("app.model").joinpath("kinds.yaml").read_text(encoding="utf-8")
    # libyaml where it exists: the pure-Python loader took a tenth of the GUI's start-up
    data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    rules: dict[PlanKind, KindRules] = {}
    for key, raw in data["kinds"].items():
        kind = PlanKind(key)
        rules[kind] = KindRules(
            kind=kind,
            system=PlanSystem(raw["system"]),
            numbering=raw["numbering"],
            approval_page=bool(raw["approval_page"]),
            drill_months=raw.get("drill_months"),
            evaluation_months=raw.get("evaluation_months"),
            filing_days=raw.get("filing_days"),
            drill_source=raw.get("drill_source", ""),
            standard=_elements(raw.get("standard")),
            required=_elements(raw.get("required")),
            appendices=_elements(raw.get("appendices")),
            notes=tuple(raw.get("notes", ())),
            placement={k: tuple(v) for k, v in (raw.get("placement") or {}).items()},
            ordered=bool(raw.get("ordered", False)),
            issued_document=bool(raw.get("issued_document", False)),
        )
    return rules


def rules_for(kind: PlanKind) -> KindRules:
    return all_rules()[kind]


# Units that must hold a formal 评审 (not only 论证) and drill every half year:
# 办法 Art. 21 and Art. 33.
REVIEW_INDUSTRIES = frozenset(
    {Industry.MINING, Industry.METALLURGY, Industry.HAZCHEM, Industry.FIREWORKS}
)
HALF_YEAR_DRILL_INDUSTRIES = frozenset(
    {
        Industry.MINING,
        Industry.METALLURGY,
        Industry.HAZCHEM,
        Industry.FIREWORKS,
        Industry.RAIL_TRANSIT,
        Industry.CONSTRUCTION,
        Industry.CROWDED_PLACE,
    }
)
