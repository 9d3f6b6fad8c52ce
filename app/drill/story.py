"""The story of a generated drill: what happens, where, in what weather, how it grows.

A drill generated from a plan needs a scenario (情景), not the plan's trigger list.
GB/T 46791-2025 builds one from the unit's risk assessment (情景筛选与开发, 情景简表),
and the drill checklists ask for 情景概要、事件后果、背景信息、演化过程; AQ/T 9009-2015 §3
defines the 演练情景 by time, place, state, reach, surroundings and likely
consequences (domain-cn.md, "Drill documents" and "Evaluation"). ``draw_story`` picks
those from the plan's risks register with a seeded generator, so the same plan and
seed always tell the same story.

``situation(story, tier, rng)`` and ``cue(story, action, tier, rng)`` write what the
players see and hear at each point: readings, calls, site reports. They describe the
situation only; the answer (which level, which measure) stays in the expected actions.
"""

from __future__ import annotations

import random
import re
import zlib
from collections.abc import Callable
from dataclasses import dataclass

from app.model.plan import Plan, ResponseLevel, RiskLevel

# Severity tiers a response level maps to (0 = least severe): what the site shows.
TIERS = 4

_WIND = ("北", "东北", "东", "东南", "南", "西南", "西", "西北")
_OPPOSITE = dict(zip(_WIND, _WIND[4:] + _WIND[:4], strict=True))
_SKY = ("晴", "多云", "阴", "小雨")
_SUFFIX = re.compile(r"(及.*|储罐.*|钢瓶.*|溶液|系统|管线|设备|反应)$")
_ROMAN = {"Ⅰ": 1, "Ⅱ": 2, "Ⅲ": 3, "Ⅳ": 4, "I": 1, "II": 2, "III": 3, "IV": 4}
_CN_RANK = (("特别重大", 1), ("重大", 2), ("较大", 3), ("一般", 4))
_CN_NUM = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}


@dataclass(frozen=True)
class Story:
    seed: int
    unit: str
    place: str
    hazard: str
    medium: str
    accident: str
    consequence: str
    controls: tuple[str, ...]
    toxic: bool
    leak: bool  # a release of a substance (readings, valves); else told in plain words
    wind: str
    wind_speed: float
    temperature: int
    sky: str
    clock: str  # time of day of T0, "HH:MM"
    authority: str  # who calls from outside (园区管委会, 应急管理局…)

    @property
    def downwind(self) -> str:
        """Where the wind blows to (a 北风 blows to the south)."""
        return _OPPOSITE[self.wind]

    @property
    def sensor(self) -> str:
        return "有毒气体" if self.toxic else "可燃气体"

    def reading(self, tier: int) -> str:
        if self.toxic:
            return f"{(5, 12, 40, 120)[min(tier, 3)]} ppm"
        return f"{(12, 28, 55, 85)[min(tier, 3)]}%LEL"

    @property
    def weather(self) -> str:
        return (
            f"{self.sky}，气温{self.temperature}℃，{self.wind}风{self.wind_speed:.1f} 米/秒，"
            f"下风向为厂区{self.downwind}侧"
        )


def story_seed(plan: Plan, level: str | None) -> int:
    """A stable seed when the drill has none: the same plan and level, the same story."""
    return zlib.crc32(f"{plan.meta.title}|{level or ''}".encode()) % 100000


def level_rank(level: ResponseLevel) -> int | None:
    """1 (most severe, Ⅰ级/特别重大) to 4 (一般), from the level's name or id; None if unknown."""
    name = level.name or ""
    m = re.search(r"([ⅠⅡⅢⅣ]|IV|III|II|I)\s*级", name)
    if m:
        return _ROMAN[m.group(1)]
    m = re.search(r"([一二三四1-4])\s*级", name)
    if m:
        return _CN_NUM[m.group(1)]
    for word, rank in _CN_RANK:
        if word in name:
            return rank
    return _ROMAN.get(level.id.upper()) or _CN_NUM.get(level.id)


def escalation_order(plan: Plan) -> list[ResponseLevel]:
    """The plan's levels from the least to the most severe.

    By the numbers or words the levels carry (Ⅳ→Ⅰ, 一般→特别重大); when they carry none,
    in reverse plan order, since Chinese plans list the highest level first.
    """
    ranks = [level_rank(lv) for lv in plan.levels]
    if all(r is not None for r in ranks) and len(set(ranks)) == len(ranks):
        pairs = sorted(zip(ranks, range(len(ranks)), strict=True), reverse=True)
        return [plan.levels[i] for _, i in pairs]
    return list(reversed(plan.levels))


def draw_story(plan: Plan, seed: int) -> Story:
    """The incident of the drill, drawn from the plan's risks register with ``seed``."""
    rng = random.Random(f"plandrill-story:{seed}")
    weather_risk = any(_is_weather(r.hazard) for r in plan.risks)
    usable = [
        r
        for r in plan.risks
        if r.hazard and r.place and not _is_weather(r.hazard) and r.place != "全厂"
    ]
    filled = [r for r in usable if "【" not in (r.place or "") + r.hazard]
    usable = filled or usable  # a place still to be filled in reads badly in a story
    order = (RiskLevel.MAJOR, RiskLevel.SIGNIFICANT, RiskLevel.GENERAL, None)
    for wanted in order:  # the worst risks first: a drill should test the plan's worst case
        pool = [r for r in usable if _risk_level(r.level) == wanted]
        if pool:
            break
    else:
        pool = []
    unit = plan.meta.unit.name or "本单位"
    authority = _authority(plan)
    sky = rng.choice(_SKY[:3] if not weather_risk else _SKY)
    wind = rng.choice(_WIND)
    wind_speed = round(rng.uniform(1.5, 5.0), 1)
    temperature = rng.randint(5, 33)
    clock = f"{rng.randint(8, 21):02d}:{rng.choice((5, 10, 20, 25, 35, 40, 50)):02d}"

    def story(
        place: str,
        hazard: str,
        medium: str,
        accident: str,
        consequence: str,
        controls: tuple[str, ...],
        toxic: bool,
        leak: bool,
    ) -> Story:
        return Story(
            seed=seed,
            unit=unit,
            place=place,
            hazard=hazard,
            medium=medium,
            accident=accident,
            consequence=consequence,
            controls=controls,
            toxic=toxic,
            leak=leak,
            wind=wind,
            wind_speed=wind_speed,
            temperature=temperature,
            sky=sky,
            clock=clock,
            authority=authority,
        )

    if not pool:
        return story("事发地", "突发险情", "险情", "险情", "", (), False, False)
    risk = rng.choice(pool)
    substances = [s for s in (x.strip() for x in risk.hazard.split("、")) if s]
    medium = _SUFFIX.sub("", rng.choice(substances)) or substances[0]
    accidents = risk.accident_types or ["泄漏"]
    accident = "泄漏" if "泄漏" in accidents else rng.choice(accidents)
    place = re.sub(r"（.*?）|\(.*?\)", "", (risk.place or "").split("、")[0]) or "现场"
    return story(
        place,
        risk.hazard,
        medium,
        accident,
        risk.consequence or "",
        tuple(risk.controls),
        any("中毒" in a for a in accidents),
        accident in ("泄漏", "中毒和窒息") and not _is_structure(medium),
    )


def _risk_level(value: object) -> RiskLevel | None:
    return value if isinstance(value, RiskLevel) else None


def _is_structure(medium: str) -> bool:
    """A hazard that is a place or a structure, not a substance (边坡, 隐患点, 河沟…)."""
    return any(w in medium for w in ("边坡", "隐患点", "山塘", "河沟", "危险区", "低洼", "林区"))


def _is_weather(hazard: str) -> bool:
    return any(w in hazard for w in ("天气", "暴雨", "台风", "雷电", "地震"))


def _authority(plan: Plan) -> str:
    texts = " ".join(
        [*(c.name for c in plan.contacts), *(s.action for p in plan.procedures for s in p.steps)]
    )
    for name in ("园区管委会", "管委会", "应急管理局", "人民政府"):
        if name in texts:
            return "园区管委会" if name == "管委会" else name
    return "属地应急管理部门"


def scenario_text(story: Story, plan: Plan) -> str:
    """The 情景概要 the room starts from: place, time, weather, what the risk can do.

    Only the starting point: how the incident grows is in the injects, so the
    participants' documents do not tell the story ahead.
    """
    parts = [
        f"情景概要：某日{story.clock}，{story.unit}{story.place}发生"
        + (f"{story.medium}{story.accident}" if story.leak else story.accident)
        + (
            "险情，最初由中控室报警和现场巡检发现。"
            if story.leak
            else "，最初由现场人员发现并报告。"
        ),
        f"背景信息：{story.hazard}是本单位风险评估确定的主要危险源之一"
        + (f"，现有管控措施：{'、'.join(story.controls)}" if story.controls else "")
        + "。",
        f"环境条件：{story.weather}。",
    ]
    if story.consequence:
        parts.append(f"可能后果：{story.consequence}。")
    return "\n".join(parts)


# --- what the players see --------------------------------------------------------------------


def situation(story: Story, tier: int, rng: random.Random) -> tuple[str, str, str]:
    """(sender, title, text) of the report that shows the incident at ``tier``."""
    s, tier = story, max(0, min(tier, TIERS - 1))
    if not s.leak:
        return _plain_situation(s, tier, rng)
    if tier == 0:
        options = [
            (
                "中控室",
                "中控室报警",
                f"{s.clock}，DCS画面显示{s.place}{s.sensor}检测报警仪低限报警，读数{s.reading(0)}。"
                f"巡检员到场回报：管道法兰处有少量{s.medium}渗出，现场无人员受伤。",
            ),
            (
                "现场巡检员",
                "巡检发现异常",
                f"巡检员{s.clock}在{s.place}闻到{s.medium}气味，发现一处阀门填料滴漏，"
                f"地面有巴掌大的积液；便携式检测仪读数{s.reading(0)}，周围无人受伤。",
            ),
        ]
    elif tier == 1:
        options = [
            (
                "现场巡检员",
                "泄漏未止",
                f"关闭上游阀门后{s.medium}仍在渗漏，积液已流到围堰内约两平方米；"
                f"{s.place}{s.sensor}检测报警仪升至高限报警，读数{s.reading(1)}。"
                f"一名操作工撤离时扭伤脚踝，为轻伤。",
            ),
            (
                "中控室",
                "报警加重",
                f"{s.place}两个探头先后进入高限报警，最高读数{s.reading(1)}；现场反馈泄漏点"
                f"在垫片处，手动阀门关不严，泄漏范围仍在本装置围堰内，一人轻微擦伤。",
            ),
        ]
    elif tier == 2:
        hurt = rng.choice((1, 2))
        options = [
            (
                "现场巡检员",
                "泄漏扩大，有人倒下",
                f"{s.medium}泄漏明显加大，气团已越过围堰向{s.downwind}侧相邻装置飘移，"
                f"相邻装置探头也开始报警（{s.reading(2)}）。{hurt}名操作工在{s.place}附近"
                f"出现剧烈咳嗽、呼吸困难，被同事架出现场，神志不清。",
            ),
            (
                "中控室",
                "多点报警",
                f"{s.place}及相邻罐组共五个探头报警，最高{s.reading(2)}，读数仍在上升；"
                f"现场传来消息，有{hurt}名人员吸入{s.medium}后倒地，已抬到上风向，"
                f"面色发青，需要急救。",
            ),
        ]
    else:
        down = rng.choice((3, 4, 5))
        options = [
            (
                s.authority,
                "厂外来电",
                f"{s.authority}值班室来电：园区监测点在贵公司{s.downwind}侧厂界外测得"
                f"{s.medium}浓度{s.reading(3)}，相邻企业员工反映有刺激性气味，要求立即说明情况。"
                f"此时现场又有{down}人中毒倒地，一名巡检员失去联系。",
            ),
            (
                "周边企业",
                "邻厂求助",
                f"{s.downwind}侧相邻企业安全员来电：他们厂区已闻到浓烈的{s.medium}味，"
                f"有员工头晕呕吐。公司现场累计{down}人重伤，泄漏点仍无法切断，"
                f"{s.place}出现明火。",
            ),
        ]
    return rng.choice(options)


_Cue = Callable[[Story, int, random.Random], tuple[str, str, str]]


def _cue_report(s: Story, tier: int, rng: random.Random) -> tuple[str, str, str]:
    return (
        s.authority,
        "外部来电询问",
        f"{s.authority}值班员来电：园区视频监控看到{s.unit}{s.place}方向有"
        f"{'浓烟' if tier >= 3 else '白色雾气'}，询问发生了什么、有无人员伤亡、采取了哪些措施。",
    )


def _cue_call(s: Story, tier: int, rng: random.Random) -> tuple[str, str, str]:
    return (
        "现场巡检员",
        "现场力量不足",
        f"厂内消防车和气防人员都已到{s.place}，泄漏仍压不住，水枪射程够不到泄漏点；"
        f"集合点有{rng.randint(2, 4)}名伤员需要送医，其中一人呼吸微弱。",
    )


def _cue_medical(s: Story, tier: int, rng: random.Random) -> tuple[str, str, str]:
    return (
        "现场巡检员",
        "伤员情况",
        f"警戒线外集合点有{rng.randint(2, 6)}名员工说眼睛刺痛、喉咙发紧，"
        f"其中一人坐在地上不停咳嗽，嘴唇发紫；身边没有氧气瓶和担架。",
    )


def _cue_evac(s: Story, tier: int, rng: random.Random) -> tuple[str, str, str]:
    return (
        "现场巡检员",
        "下风向仍有人员",
        f"{s.downwind}侧约{rng.choice((80, 120, 150, 200))}米处的检修点仍有"
        f"{rng.randint(3, 8)}名外包施工人员在作业，厂区道路上还有两辆运输车在排队等待装车。",
    )


def _cue_monitor(s: Story, tier: int, rng: random.Random) -> tuple[str, str, str]:
    return (
        "中控室",
        "厂界读数",
        f"厂界{s.downwind}侧固定探头读数{s.reading(max(tier - 1, 0))}；"
        f"消防水混着{s.medium}正沿路面流向雨水井，雨水排口阀门目前开着。",
    )


def _cue_rescue(s: Story, tier: int, rng: random.Random) -> tuple[str, str, str]:
    return (
        "中控室",
        "工艺参数",
        f"{s.place}进料阀开度仍为{rng.choice((35, 50, 70))}%，泄漏点所在管段压力"
        f"{rng.uniform(0.3, 1.2):.2f} 兆帕，相邻设备表面温度{rng.randint(38, 65)}℃并缓慢上升。",
    )


def _cue_meeting(s: Story, tier: int, rng: random.Random) -> tuple[str, str, str]:
    total = rng.randint(7, 11)
    return (
        "应急指挥中心值班员",
        "指挥中心到位情况",
        f"应急指挥中心已到{total - rng.randint(1, 3)}/{total}名指挥部成员，"
        f"各组负责人在门口等候，问谁负责哪一块、先做什么。",
    )


def _cue_notify(s: Story, tier: int, rng: random.Random) -> tuple[str, str, str]:
    return (
        "应急指挥中心值班员",
        "人员未到位",
        f"有{rng.randint(2, 4)}名工作组负责人还没有到岗，其中一人手机无人接听；"
        f"夜班人员在问应急集合点是哪一个。",
    )


def _cue_info(s: Story, tier: int, rng: random.Random) -> tuple[str, str, str]:
    return (
        "消防救援站",
        "救援力量来电",
        f"消防救援站带队指挥员来电：车辆约{rng.randint(5, 12)}分钟后到厂门口，"
        f"要求先弄清{s.medium}的数量、装置布置和周边管线情况。",
    )


def _cue_handover(s: Story, tier: int, rng: random.Random) -> tuple[str, str, str]:
    return (
        "区政府工作组",
        "政府工作组到场",
        "区政府工作组已在厂门口设立现场指挥部，带队领导要求公司负责人和技术人员前去报到。",
    )


def _cue_discover(s: Story, tier: int, rng: random.Random) -> tuple[str, str, str]:
    return (
        "现场巡检员",
        "巡检员电话",
        f"巡检员在{s.place}用对讲机呼叫：这里{s.medium}气味很重，地面有积液，"
        f"旁边还有两名同事，不知道漏点在哪里。",
    )


def _cue_verify(s: Story, tier: int, rng: random.Random) -> tuple[str, str, str]:
    return (
        "当班班长",
        "班长电话",
        f"当班班长来电：{s.place}发现{s.medium}{s.accident}，"
        f"报警仪读数{s.reading(tier)}，正在组织岗位人员处置，现场情况还在变化。",
    )


def _cue_judge(s: Story, tier: int, rng: random.Random) -> tuple[str, str, str]:
    return (
        "中控室",
        "态势汇总",
        f"到目前为止：{s.place}{s.sensor}读数{s.reading(tier)}，"
        f"风向{s.wind}风{s.wind_speed:.1f} 米/秒，泄漏点尚未完全切断，伤员情况正在统计。",
    )


def _cue_end(s: Story, tier: int, rng: random.Random) -> tuple[str, str, str]:
    return (
        "中控室",
        "读数变化",
        f"最近十分钟{s.place}读数在{s.reading(tier)}上下波动，{s.downwind}侧仍有一处探头"
        f"时有报警；一线人员已连续作业{rng.randint(25, 40)}分钟，空气呼吸器气瓶压力偏低。",
    )


def _cue_general(s: Story, tier: int, rng: random.Random) -> tuple[str, str, str]:
    return (
        "现场巡检员",
        "现场报告",
        f"{s.place}现场：{s.medium}仍在外泄，读数{s.reading(tier)}，"
        f"风向{s.wind}风，现场人员在等待下一步指令。",
    )


def _cue_report2(s: Story, tier: int, rng: random.Random) -> tuple[str, str, str]:
    return (
        s.authority,
        "询问事故情况",
        f"{s.authority}再次来电：已接到周边群众反映闻到异味，要求{s.unit}说明事故单位、"
        f"时间地点、伤亡人数和已采取的措施，并问是否需要外部力量。",
    )


def _cue_rescue2(s: Story, tier: int, rng: random.Random) -> tuple[str, str, str]:
    return (
        "现场巡检员",
        "漏点情况",
        f"穿防护服的巡检员靠近看到：漏点在{s.place}管线第二道法兰，{s.medium}呈线状喷出，"
        f"地面积液约{rng.randint(3, 9)}平方米，离最近的电气开关箱不到十米。",
    )


def _cue_evac2(s: Story, tier: int, rng: random.Random) -> tuple[str, str, str]:
    return (
        "门卫",
        "厂门口情况",
        f"门卫报告：厂门口有{rng.randint(4, 10)}名下班员工和访客围观，"
        f"还有一辆送货车要进厂，路边能闻到{s.medium}味。",
    )


def _cue_monitor2(s: Story, tier: int, rng: random.Random) -> tuple[str, str, str]:
    return (
        "中控室",
        "监测数据",
        f"风向转为{s.wind}偏{rng.choice(('东', '西', '南', '北'))}风，"
        f"事故应急池液位{rng.randint(20, 45)}%，厂区清净下水出口处pH和气味异常。",
    )


def _cue_medical2(s: Story, tier: int, rng: random.Random) -> tuple[str, str, str]:
    return (
        "医疗救护人员",
        "救护点来电",
        f"临时救护点已接收{rng.randint(2, 4)}名伤员，一人意识模糊、血氧{rng.randint(82, 88)}%，"
        f"现场只有一台氧气袋，最近的医院车程约二十分钟。",
    )


# --- an incident that is not a release: fire, collapse, flood… told in plain words -----------


def _plain_situation(s: Story, tier: int, rng: random.Random) -> tuple[str, str, str]:
    what = f"{s.place}{s.accident}"
    if tier == 0:
        return (
            "现场人员",
            "现场发现险情",
            f"{s.clock}，现场人员报告：{what}险情，范围不大，暂未发现人员受伤，已有人在现场看守。",
        )
    if tier == 1:
        return (
            "现场人员",
            "险情扩大",
            f"{what}范围扩大，现场人员自行处置未能控制；一人撤离时擦伤手臂，为轻伤，"
            f"周边开始有人围观。",
        )
    if tier == 2:
        return (
            "值班室",
            "有人员重伤",
            f"值班室接到现场电话：{what}继续发展，已影响到相邻区域；"
            f"{rng.choice((1, 2))}人受重伤被困，现场人员无法靠近施救。",
        )
    return (
        s.authority,
        "外部来电",
        f"{s.authority}值班室来电：接到多起群众报告，{what}已波及周边，"
        f"现场有{rng.choice((3, 4, 5))}人伤亡或失联，要求立即报告情况。",
    )


def _p_report(s: Story, tier: int, rng: random.Random) -> tuple[str, str, str]:
    return (
        s.authority,
        "外部来电询问",
        f"{s.authority}值班员来电：接到群众反映{s.place}发生{s.accident}，"
        f"询问现场情况、有无人员伤亡、采取了哪些措施。",
    )


def _p_report2(s: Story, tier: int, rng: random.Random) -> tuple[str, str, str]:
    return (
        s.authority,
        "询问事件情况",
        f"{s.authority}再次来电：要求说明事件单位、时间地点、伤亡人数和已采取的措施，"
        f"并问是否需要增派力量。",
    )


def _p_call(s: Story, tier: int, rng: random.Random) -> tuple[str, str, str]:
    return (
        "现场人员",
        "现场力量不足",
        f"现场处置力量已全部投入，{s.place}情况仍未控制；有{rng.randint(2, 4)}名伤员需要送医，"
        f"其中一人伤势较重。",
    )


def _p_medical(s: Story, tier: int, rng: random.Random) -> tuple[str, str, str]:
    return (
        "现场人员",
        "伤员情况",
        f"临时集合点有{rng.randint(2, 5)}名受伤人员，一人腿部流血不止，一人意识不清；"
        f"现场没有担架。",
    )


def _p_evac(s: Story, tier: int, rng: random.Random) -> tuple[str, str, str]:
    return (
        "现场人员",
        "危险区域仍有人员",
        f"{s.place}周边约{rng.choice((50, 100, 200))}米内仍有{rng.randint(4, 12)}人没有撤离，"
        f"其中有老人和儿童，还有人在拍照围观。",
    )


def _p_monitor(s: Story, tier: int, rng: random.Random) -> tuple[str, str, str]:
    return (
        "现场人员",
        "现场观测",
        f"现场观测：{s.place}{s.accident}范围仍在变化；{s.weather}。",
    )


def _p_rescue(s: Story, tier: int, rng: random.Random) -> tuple[str, str, str]:
    return (
        "现场人员",
        "现场处置条件",
        f"{s.place}险情核心区已查明，现场有{rng.randint(4, 9)}人可投入处置，"
        f"但缺少专用装备，通往现场的道路一侧被堵。",
    )


def _p_info(s: Story, tier: int, rng: random.Random) -> tuple[str, str, str]:
    return (
        "救援队伍",
        "救援力量来电",
        f"专业救援队伍带队人来电：约{rng.randint(8, 20)}分钟后到达，"
        f"要求提前了解{s.place}现场情况、道路和被困人员位置。",
    )


def _p_discover(s: Story, tier: int, rng: random.Random) -> tuple[str, str, str]:
    return (
        "现场人员",
        "现场人员电话",
        f"现场人员打来电话：{s.place}出现{s.accident}迹象，说不清范围有多大，身边还有两人。",
    )


def _p_verify(s: Story, tier: int, rng: random.Random) -> tuple[str, str, str]:
    return (
        "值班室",
        "值班室电话",
        f"值班室来电：{s.place}发生{s.accident}，现场人员正在处置，伤亡情况还在核实。",
    )


def _p_judge(s: Story, tier: int, rng: random.Random) -> tuple[str, str, str]:
    return (
        "值班室",
        "态势汇总",
        f"到目前为止：{s.place}{s.accident}仍未控制，{s.wind}风{s.wind_speed:.1f} 米/秒，"
        f"伤亡情况正在统计。",
    )


def _p_end(s: Story, tier: int, rng: random.Random) -> tuple[str, str, str]:
    return (
        "现场人员",
        "现场变化",
        f"最近十分钟{s.place}情况时好时坏，一线人员已连续工作{rng.randint(25, 40)}分钟，需要轮换。",
    )


def _p_general(s: Story, tier: int, rng: random.Random) -> tuple[str, str, str]:
    return (
        "现场人员",
        "现场报告",
        f"{s.place}现场：{s.accident}仍在持续，{s.wind}风，现场人员在等待下一步指令。",
    )


# The same kinds of step, told without valves and readings.
_PLAIN: dict[Callable[..., tuple[str, str, str]], _Cue] = {}


# Keyword order matters: the first match decides what the players are shown.
_CUES: tuple[tuple[tuple[str, ...], tuple[_Cue, ...]], ...] = (
    (("移交", "指挥权"), (_cue_handover,)),
    (("资料", "流程图", "说明书", "介绍情况", "平面图"), (_cue_info,)),
    (("应急管理", "政府", "管委会", "上级", "主管部门"), (_cue_report, _cue_report2)),
    (("救护", "伤员", "救治", "医疗"), (_cue_medical, _cue_medical2)),
    (("119", "120", "请求支援", "外部救援"), (_cue_call,)),
    (("监测", "浓度", "排口", "应急池", "检测"), (_cue_monitor, _cue_monitor2)),
    (("会议", "分工"), (_cue_meeting,)),
    (("核实", "值班领导"), (_cue_verify,)),
    (("广播", "召集", "通知"), (_cue_notify,)),
    (("发现人", "发现"), (_cue_discover,)),
    (("终止", "处置效果"), (_cue_end,)),
    (("研判", "响应级别", "宣布"), (_cue_judge,)),
    (("堵漏", "关阀", "断料", "灭火", "冷却", "停车", "切断"), (_cue_rescue, _cue_rescue2)),
    (("疏散", "撤离", "警戒", "集合点", "清点"), (_cue_evac, _cue_evac2)),
)

_PLAIN.update(
    {
        _cue_report: _p_report,
        _cue_report2: _p_report2,
        _cue_call: _p_call,
        _cue_medical: _p_medical,
        _cue_evac: _p_evac,
        _cue_evac2: _p_evac,
        _cue_monitor: _p_monitor,
        _cue_monitor2: _p_monitor,
        _cue_rescue: _p_rescue,
        _cue_rescue2: _p_rescue,
        _cue_info: _p_info,
        _cue_discover: _p_discover,
        _cue_verify: _p_verify,
        _cue_judge: _p_judge,
        _cue_end: _p_end,
    }
)


def cue(
    story: Story, action: str, tier: int, rng: random.Random, used: dict[int, int] | None = None
) -> tuple[str, str, str]:
    """(sender, title, text) of the situation that calls for a plan step's ``action``.

    ``used`` counts the kinds already told, so two steps of one kind read differently.
    """
    used = {} if used is None else used
    for n, (words, makers) in enumerate(_CUES):
        if any(w in action for w in words):
            k = used.get(n, 0)
            used[n] = k + 1
            make = makers[k % len(makers)]
            if not story.leak:
                make = _PLAIN.get(make, make)
            return make(story, tier, rng)
    return (_cue_general if story.leak else _p_general)(story, tier, rng)


__all__ = [
    "Story",
    "cue",
    "draw_story",
    "escalation_order",
    "level_rank",
    "scenario_text",
    "situation",
    "story_seed",
]
