"""Word tables → the plan's registers (contacts, resources, teams…), judged by their headers.

A table is read as a grid (merged cells already spread by ``blocks``). An optional title
row and one or two header rows are found, every header is mapped to a field by its
synonyms, and the part whose fields fit best (and whose key columns are present) wins.
Tables nobody recognises stay in their section as text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from app.importer.blocks import Cell, Table

# part -> field -> (exact header names, words a header may contain). Order is priority.
Synonyms = dict[str, tuple[tuple[str, ...], tuple[str, ...]]]

FIELDS: dict[str, Synonyms] = {
    "contacts": {
        "role": (
            (
                "应急职务",
                "应急职责",
                "组内职务",
                "指挥部职务",
                "应急岗位",
                "岗位",
                "职责分工",
                "承担职务",
                "应急角色",
                "担任职务",
                "应急组织职务",
                "小组职务",
            ),
            ("应急职务",),
        ),
        "name": (
            ("姓名", "名称", "联系人", "单位名称", "机构名称", "部门名称", "联系单位", "人员"),
            ("姓名",),
        ),
        "title": (("职务", "行政职务", "职称", "职务/职称", "职务职称"), ("职务",)),
        "org": (
            (
                "单位",
                "部门",
                "工作单位",
                "所在单位",
                "所在部门",
                "单位/部门",
                "所在单位/部门",
                "部门/单位",
                "所属单位",
                "所属部门",
                "单位及部门",
                "单位部门",
            ),
            ("单位", "部门"),
        ),
        "org_unit": (
            ("所属工作组", "工作组", "组别", "所在小组", "小组", "所属小组", "应急小组", "所属组"),
            (),
        ),
        "mobile": (("手机", "移动电话", "手机号码", "手机号"), ("手机", "移动")),
        "phone": (
            (
                "办公电话",
                "电话",
                "固定电话",
                "座机",
                "联系电话",
                "值班电话",
                "电话号码",
                "办公室电话",
                "固话",
                "联系方式",
                "24小时值班电话",
            ),
            ("电话", "联系方式"),
        ),
        "note": (("备注", "说明"), ()),
    },
    "resources": {
        "name": (
            (
                "名称",
                "物资名称",
                "装备名称",
                "物资装备名称",
                "品名",
                "物资",
                "装备",
                "设备名称",
                "器材名称",
                "物资(装备)名称",
                "物资装备",
                "应急物资",
            ),
            ("名称",),
        ),
        "category": (("类别", "类型", "种类", "物资类别", "分类", "物资种类"), ("类别",)),
        "model": (("规格型号", "规格", "型号", "规格/型号", "型号规格"), ("型号", "规格")),
        "quantity": (
            ("数量", "数目", "库存数量", "储备数量", "配备数量", "现有数量", "库存"),
            ("数量",),
        ),
        "unit": (("单位", "计量单位"), ()),
        "performance": (
            (
                "主要性能",
                "性能",
                "用途",
                "主要用途",
                "技术参数",
                "性能参数",
                "主要功能",
                "功能",
                "性能用途",
            ),
            ("性能", "用途"),
        ),
        "place": (
            (
                "存放地点",
                "存放位置",
                "存放场所",
                "位置",
                "地点",
                "储存地点",
                "存储地点",
                "放置地点",
                "存放处",
                "配置地点",
                "存放部位",
                "存放区域",
            ),
            ("存放", "地点", "位置"),
        ),
        "keeper": (
            (
                "负责人",
                "管理人",
                "保管人",
                "管理责任人",
                "责任人",
                "管理人员",
                "保管人员",
            ),
            ("负责人", "责任人", "保管"),
        ),
        "_contact": (("联系人",), ()),
        "_phone": (("联系电话", "电话", "手机", "联系方式"), ("电话",)),
        "expires": (("有效期", "有效期至", "有效日期", "到期日期", "失效日期"), ("有效期",)),
        "note": (("备注", "说明"), ()),
    },
    "teams": {
        "name": (("队伍名称", "名称", "队伍", "救援队伍", "应急队伍", "队伍名"), ("队伍",)),
        "specialty": (
            ("专业", "专业类别", "类别", "类型", "专业类型", "队伍类型", "救援类别", "专业方向"),
            ("专业",),
        ),
        "size": (("人数", "队员人数", "规模", "人员数量", "队伍人数", "人员"), ("人数",)),
        "leader": (("负责人", "队长"), ("负责人",)),
        "_contact": (("联系人",), ()),
        "phone": (("联系电话", "电话", "手机", "联系方式"), ("电话",)),
        "equipment": (("主要装备", "装备", "装备情况", "主要设备"), ("装备",)),
        "place": (("驻地", "地址", "驻扎地点", "所在地", "驻地地址", "位置"), ("驻地", "地址")),
    },
    "experts": {
        "name": (("姓名", "专家姓名"), ("姓名",)),
        "field": (
            (
                "专业",
                "专业领域",
                "专长",
                "擅长领域",
                "专业特长",
                "从事专业",
                "专家类别",
                "研究方向",
            ),
            ("专业", "专长"),
        ),
        "org": (("工作单位", "单位", "所在单位", "单位名称"), ("单位",)),
        "title": (
            ("职称", "职务", "职称/职务", "职务/职称", "技术职称", "职称职务"),
            ("职称", "职务"),
        ),
        "phone": (("联系电话", "电话", "手机", "联系方式", "手机号码"), ("电话", "手机")),
    },
    "shelters": {
        "name": (
            (
                "名称",
                "场所名称",
                "避难场所",
                "安置点",
                "避难场所名称",
                "安置场所",
                "安置点名称",
                "场所",
            ),
            ("名称",),
        ),
        "capacity": (
            ("容纳人数", "可容纳人数", "容量", "可安置人数", "安置人数"),
            ("容纳", "人数"),
        ),
        "address": (("地址", "位置", "地点", "详细地址", "所在位置"), ("地址", "位置")),
        "area_m2": (
            ("面积", "占地面积", "有效面积", "面积(㎡)", "面积(m²)", "面积(平方米)"),
            ("面积",),
        ),
        "facilities": (("配套设施", "设施", "主要设施", "设施情况"), ("设施",)),
        "_contact": (("联系人", "负责人", "管理人"), ("联系人", "负责人")),
        "_phone": (("联系电话", "电话", "手机", "联系方式"), ("电话",)),
    },
    "risks": {
        "level": (("风险等级", "等级", "级别", "风险级别"), ("等级", "级别")),
        "accident_types": (
            (
                "事故类型",
                "可能发生的事故类型",
                "可能发生的事故",
                "可能事故类型",
                "事故类别",
                "可能导致的事故",
            ),
            ("事故",),
        ),
        "hazard": (
            (
                "风险",
                "危险源",
                "风险/危险源",
                "风险点",
                "危险有害因素",
                "风险名称",
                "风险源",
                "风险点名称",
                "危险源名称",
                "主要风险",
                "风险描述",
                "风险类型",
                "危险因素",
            ),
            ("风险", "危险"),
        ),
        "place": (
            (
                "场所",
                "部位",
                "位置",
                "区域",
                "所在位置",
                "场所/部位",
                "所在区域",
                "地点",
                "场所部位",
                "所在部位",
            ),
            ("部位", "场所", "区域"),
        ),
        "consequence": (
            ("后果", "影响范围", "危害后果", "后果及影响范围", "可能后果", "危害程度"),
            ("后果", "影响"),
        ),
        "controls": (("管控措施", "控制措施", "防范措施", "主要管控措施", "措施"), ("措施",)),
    },
    "levels": {
        "_id": (("级别编号", "级别代码"), ()),
        "name": (
            (
                "响应级别",
                "级别名称",
                "级别",
                "等级",
                "响应等级",
                "应急响应级别",
                "事件级别",
                "分级",
            ),
            ("级别", "等级"),
        ),
        "triggers": (
            (
                "启动条件",
                "响应条件",
                "分级条件",
                "条件",
                "事件情形",
                "判定条件",
                "分级标准",
                "响应启动条件",
                "事故情形",
            ),
            ("条件", "情形", "标准"),
        ),
        "commander": (
            (
                "指挥机构",
                "指挥",
                "负责",
                "响应主体",
                "组织指挥",
                "负责单位",
                "启动部门",
                "指挥人",
                "响应主体/指挥",
            ),
            ("指挥",),
        ),
        "actions": (("响应措施", "措施", "响应行动", "主要措施", "应急措施"), ("措施", "行动")),
    },
    "warnings": {
        "color": (("颜色", "预警颜色", "标识颜色", "预警信号"), ("颜色",)),
        "name": (("预警级别", "级别", "预警等级", "等级", "预警分级"), ("级别", "等级")),
        "criteria": (
            ("发布条件", "条件", "预警条件", "预警标准", "分级标准", "发布标准", "预警情形"),
            ("条件", "标准", "情形"),
        ),
        "issuer": (("发布机构", "发布单位", "发布部门", "发布主体", "发布人", "发布"), ("发布",)),
        "actions": (("预警措施", "措施", "响应措施", "预警行动", "预警响应措施"), ("措施", "行动")),
    },
    "procedures": {
        # 阶段|行动内容: a stage name per step (报警, 隔离…), printed before the action
        "_stage": (("阶段", "环节", "处置阶段", "工作环节", "步骤名称", "程序"), ("阶段", "环节")),
        "within_min": (
            ("时限", "时限(分钟)", "完成时限", "时间要求", "时间", "限时", "时限要求"),
            ("时限", "时间"),
        ),
        "actor": (
            (
                "执行机构",
                "执行部门",
                "责任部门",
                "责任单位",
                "负责部门",
                "执行人",
                "责任人",
                "实施主体",
                "责任主体",
                "岗位",
                "执行者",
                "负责人",
                "执行",
                "执行岗位",
            ),
            ("执行", "责任", "负责"),
        ),
        "action": (
            (
                "处置措施",
                "措施",
                "工作内容",
                "行动",
                "处置内容",
                "操作内容",
                "处置步骤",
                "应急处置措施",
                "步骤内容",
                "内容",
                "处置要求",
                "行动内容",
            ),
            ("措施", "内容", "行动"),
        ),
        "note": (("备注", "说明"), ()),
    },
    "organization": {
        "_contacts": (("联系方式", "联系人", "联系电话"), ()),
        "_makeup": (
            ("组成及联系方式", "人员组成及联系方式", "组成人员及联系方式", "组成及职务"),
            (),
        ),
        "deputies": (("副组长", "副总指挥", "副指挥长", "副职"), ("副",)),
        "lead": (
            ("组长", "负责人", "牵头单位", "牵头部门", "总指挥", "牵头人", "组长单位", "指挥长"),
            ("组长", "牵头", "负责"),
        ),
        "members": (
            (
                "成员",
                "组员",
                "成员单位",
                "组成人员",
                "组成单位",
                "人员组成",
                "成员组成",
                "人员构成",
                "构成人员",
            ),
            ("成员", "组成"),
        ),
        "duties": (
            ("职责", "主要职责", "工作职责", "职责分工", "职能", "工作任务", "任务", "职责任务"),
            ("职责", "任务"),
        ),
        "name": (
            (
                "工作组",
                "组别",
                "小组",
                "名称",
                "机构",
                "机构名称",
                "工作组名称",
                "应急机构",
                "组织机构",
                "小组名称",
                "应急组织",
                "职务",  # 职务|人员构成|职责: posts (总指挥…) and groups in one column
                "应急职务",
            ),
            ("组", "机构"),
        ),
    },
}

KEYWORDS: dict[str, tuple[str, ...]] = {
    "contacts": ("通讯录", "联系方式", "联系电话", "通讯"),
    "resources": ("物资", "装备", "器材"),
    "experts": ("专家",),
    "teams": ("队伍",),
    "organization": ("职责", "工作组"),
    "shelters": ("避难", "安置"),
    "risks": ("风险", "危险源"),
    "levels": ("响应级别", "响应分级", "分级响应"),
    "warnings": ("预警",),
    "procedures": ("处置程序", "处置流程", "处置步骤", "处置措施", "步骤"),
}

# On equal scores the more specific register wins.
_PREFERENCE = (
    "contacts",
    "resources",
    "organization",
    "procedures",
    "levels",
    "warnings",
    "risks",
    "shelters",
    "teams",
    "experts",
)

_INDEX = {"序号", "编号", "no", "no.", "序"}


def norm_header(text: str) -> str:
    text = re.sub(r"\s+", "", text).replace("（", "(").replace("）", ")")
    return text.strip(":：*")


def _bare(text: str) -> str:
    """数量(台/套) → 数量."""
    return re.sub(r"\(.*?\)", "", text) or text


@dataclass
class TableRead:
    part: str | None
    caption: str
    headers: list[str]
    columns: dict[str, int]  # field -> column
    rows: list[list[str]]  # data rows, one text per column
    groups: list[str]  # the group label above each data row ("" when none)
    extra: list[int] = field(default_factory=list)  # columns no field took
    index_col: int | None = None


def _row_texts(row: list[Cell]) -> list[str]:
    return [c.text.strip() if c.first else "" for c in row]


def _is_full_merge(row: list[Cell]) -> bool:
    texts = {c.text.strip() for c in row}
    return len(row) > 1 and len(texts) == 1 and bool(texts.pop())


def _all_header_words() -> set[str]:
    words: set[str] = set()
    for fields in FIELDS.values():
        for exact, _ in fields.values():
            words.update(exact)
    return words


_HEADER_WORDS = _all_header_words()


def _looks_like_header(text: str) -> bool:
    t = _bare(norm_header(text))
    return bool(t) and (t in _HEADER_WORDS or t.lower() in _INDEX)


def _header_rows(rows: list[list[Cell]], marked: int) -> int:
    if marked:
        return min(marked, 2, len(rows))
    if len(rows) < 2:
        return 1
    first, second = rows[0], rows[1]
    spans = any(c.first and c.span > 1 for c in first)
    merged_down = any(c.continued for c in second)
    if not (spans or merged_down):
        return 1
    own = [c.text for c in second if c.first and not c.continued and c.text.strip()]
    short = all(len(norm_header(t)) <= 12 and not re.search(r"\d{3,}", t) for t in own)
    if own and short and any(_looks_like_header(t) for t in own):
        return 2
    return 1


def _map_columns(part: str, headers: list[list[str]]) -> dict[str, int]:
    """field -> column; the most specific header line is tried first."""
    fields = FIELDS[part]
    taken: dict[str, int] = {}
    used: set[int] = set()
    candidates = [[_bare(norm_header(t)) for t in reversed(lines)] for lines in headers]
    for exact_pass in (True, False):
        for col, names in enumerate(candidates):
            if col in used or not names:
                continue
            for name in names:
                hit = next(
                    (
                        f
                        for f, (exact, words) in fields.items()
                        if f not in taken
                        and (name in exact if exact_pass else any(wd in name for wd in words))
                    ),
                    None,
                )
                if hit is not None:
                    taken[hit] = col
                    used.add(col)
                    break
    return taken


def _key_ok(part: str, cols: dict[str, int], bonus: int) -> bool:
    has = cols.__contains__
    if part == "contacts":
        return (has("name") or has("org")) and (has("phone") or has("mobile"))
    if part == "resources":
        return has("name") and any(map(has, ("quantity", "model", "place", "unit")))
    if part == "teams":
        return has("name") and any(map(has, ("size", "leader", "specialty", "equipment")))
    if part == "experts":
        return has("name") and (has("field") or bonus > 0)
    if part == "shelters":
        return has("name") and (has("capacity") or has("area_m2") or (bonus > 0 and has("address")))
    if part == "risks":  # 事故类型|风险等级|影响范围|后果 names no hazard: the accident is it
        return (has("hazard") or has("accident_types")) and any(
            map(has, ("level", "accident_types", "consequence", "controls"))
        )
    if part == "levels":
        return has("name") and (has("triggers") or has("actions"))
    if part == "organization":
        return has("name") and has("duties")
    if part == "warnings":
        return has("name") and (has("criteria") or has("actions")) and (has("color") or bonus > 0)
    if part == "procedures":
        return has("action") and (has("actor") or has("within_min") or has("_stage"))
    return False


def _bonus(part: str, header_text: str, caption: str, context: str) -> int:
    words = KEYWORDS[part]
    score = 0
    if part != "contacts" and any(wd in header_text for wd in words):
        score += 3
    if any(wd in caption for wd in words):
        score += 2
    if any(wd in context for wd in words):
        score += 1
    return score


def read_table(
    table: Table, context: str = "", caption: str = "", *, own: bool = False
) -> TableRead:
    """Find the caption and header rows, classify, and collect the data rows.

    ``own``: the table is one PlanDrill's export printed. Every such table is a register;
    one whose columns the export dropped (no row filled them: a placeholder row) is still
    taken when each header names a field and the caption or section names the register."""
    rows = [r for r in table.rows if any(c.text.strip() for c in r)]
    marked = table.header_rows
    title = ""
    if rows and _is_full_merge(rows[0]) and len(rows) > 1:
        title = rows[0][0].text.strip()
        rows = rows[1:]
        marked = max(0, marked - 1)
    if not rows:
        return TableRead(None, title or caption, [], {}, [], [])
    n_head = _header_rows(rows, marked)
    head_lines: list[list[str]] = []
    for col in range(len(rows[0])):
        lines: list[str] = []
        for row in rows[:n_head]:
            text = row[col].text.strip() if col < len(row) else ""
            if text and text not in lines:
                lines.append(text)
        head_lines.append(lines)
    headers = [norm_header("/".join(lines)) for lines in head_lines]
    index_col = next((i for i, h in enumerate(headers) if h.lower() in _INDEX), None)
    caption_text = f"{caption} {title}"
    header_text = "".join(headers)
    best: tuple[int, int, str, dict[str, int]] | None = None
    for part in FIELDS:
        order = _PREFERENCE.index(part)
        cols = _map_columns(part, head_lines)
        bonus = _bonus(part, header_text, caption_text, context)
        real = {k: v for k, v in cols.items()}
        named = sum(1 for i, h in enumerate(headers) if h and i != index_col)
        printed = own and bonus > 0 and "name" in real and len(real) == named
        if not printed and (len(real) < 2 or not _key_ok(part, real, bonus)):
            continue
        score = 2 * len(real) + bonus
        if best is None or (score, order) > best[:2]:
            best = (score, order, part, cols)
    data: list[list[str]] = []
    groups: list[str] = []
    group = ""
    header_set = [norm_header(t) for t in _row_texts(rows[n_head - 1])]
    for row in rows[n_head:]:
        if _is_full_merge(row):
            group = row[0].text.strip()
            continue
        texts = [c.text.strip() if (c.first or c.continued) else "" for c in row]
        if [norm_header(t) for t in texts] == header_set:
            continue  # a header row repeated after a page break
        meaningful = [t for i, t in enumerate(texts) if t and i != index_col]
        if not meaningful:
            continue
        if re.sub(r"\s", "", meaningful[0]) in ("合计", "小计", "总计"):
            continue
        data.append(texts)
        groups.append(group)
    if best is None:
        return TableRead(None, title or caption, headers, {}, data, groups, index_col=index_col)
    _, _, part, cols = best
    used = set(cols.values())
    extra = [i for i, h in enumerate(headers) if i not in used and i != index_col and h]
    return TableRead(part, title or caption, headers, cols, data, groups, extra, index_col)


def table_as_text(table: Table) -> list[str]:
    """Rows as lines with " | " between cells, merged cells once."""
    lines: list[str] = []
    for row in table.rows:
        cells = [c.text.replace("\n", " ").strip() for c in row if c.first]
        cells = [
            ("" if c.continued else t)
            for c, t in zip((c for c in row if c.first), cells, strict=True)
        ]
        if any(cells):
            lines.append(" | ".join(cells).strip())
    return lines


def as_part(read: TableRead, part: str | None) -> TableRead:
    """The table read as ``part`` (columns mapped from its headers), or as text (None)."""
    if part is None:
        return TableRead(
            None, read.caption, read.headers, {}, read.rows, read.groups, [], read.index_col
        )
    lines = [[h] for h in read.headers]
    cols = _map_columns(part, lines) if part in FIELDS else {}
    used = set(cols.values())
    extra = [i for i, h in enumerate(read.headers) if i not in used and i != read.index_col and h]
    return TableRead(
        part, read.caption, read.headers, cols, read.rows, read.groups, extra, read.index_col
    )
