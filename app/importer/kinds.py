"""The plan kind, guessed from the title or named by the user (``--kind``)."""

from __future__ import annotations

import re

from app.i18n import T
from app.model.kinds import PlanKind

_ENTERPRISE = re.compile(
    r"公司|企业|集团|厂|矿业|煤矿|生产经营单位|项目部|电站|医院|学校|酒店|商场"
)

# short names a user may type after --kind
_ALIASES: dict[str, PlanKind] = {
    "综合": PlanKind.ENTERPRISE_COMPREHENSIVE,
    "综合应急预案": PlanKind.ENTERPRISE_COMPREHENSIVE,
    "专项": PlanKind.ENTERPRISE_SPECIAL,
    "企业专项": PlanKind.ENTERPRISE_SPECIAL,
    "现场处置方案": PlanKind.ENTERPRISE_ONSITE,
    "现场处置": PlanKind.ENTERPRISE_ONSITE,
    "现场": PlanKind.ENTERPRISE_ONSITE,
    "总体": PlanKind.GOV_OVERALL,
    "政府专项": PlanKind.GOV_SPECIAL,
    "部门": PlanKind.GOV_DEPARTMENT,
    "乡镇": PlanKind.TOWNSHIP,
    "街道": PlanKind.TOWNSHIP,
    "乡镇街道": PlanKind.TOWNSHIP,
    "村": PlanKind.COMMUNITY,
    "社区": PlanKind.COMMUNITY,
    "村社区": PlanKind.COMMUNITY,
}


def parse_kind(text: str) -> PlanKind | None:
    """An enum value (enterprise_special), its label (专项应急预案) or a short name (专项)."""
    key = re.sub(r"[\s（）()]", "", text.strip())
    for kind in PlanKind:
        if key in (kind.value, re.sub(r"[（）()]", "", kind.zh)):
            return kind
    return _ALIASES.get(key)


def kind_choices() -> str:
    return ", ".join(k.value for k in PlanKind)


def guess_kind(title: str, unit: str = "", *, enterprise: bool = False) -> tuple[PlanKind, T]:
    """The kind the title suggests, and why (for the import report). ``enterprise``:
    the document has an enterprise plan's approval page or wording."""
    text = re.sub(r"\s", "", title)
    who = re.sub(r"\s", "", unit)
    reason = T(f"根据标题“{title}”", f"from the title '{title}'")
    if not text:
        return PlanKind.ENTERPRISE_COMPREHENSIVE, T("未找到预案标题", "no title found")
    if "现场处置方案" in text or text.endswith("处置方案"):
        return PlanKind.ENTERPRISE_ONSITE, reason
    enterprise = enterprise or bool(_ENTERPRISE.search(text) or _ENTERPRISE.search(who))
    if enterprise:
        if "专项" in text:
            return PlanKind.ENTERPRISE_SPECIAL, reason
        return PlanKind.ENTERPRISE_COMPREHENSIVE, reason
    if re.search(r"村|社区|居委会|村委会", text):
        return PlanKind.COMMUNITY, reason
    if re.search(r"(?<!城)镇(?!江)|乡(?!村)|街道", text):
        return PlanKind.TOWNSHIP, reason
    if "部门" in text:
        return PlanKind.GOV_DEPARTMENT, reason
    if "总体" in text:
        return PlanKind.GOV_OVERALL, reason
    if "综合应急预案" in text:
        return PlanKind.ENTERPRISE_COMPREHENSIVE, reason
    if re.search(r"人民政府|[省市县区州盟旗]|突发", text) or "专项" in text:
        return PlanKind.GOV_SPECIAL, reason
    return PlanKind.ENTERPRISE_COMPREHENSIVE, T(
        f"标题“{title}”未显示预案类型", f"the title '{title}' does not show the kind"
    )
