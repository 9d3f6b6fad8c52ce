"""任务卡: one page per participating team, handed out when a (double-blind) drill starts.

A team is the players of one ``group`` (a seat: 指挥席, 现场处置席 …), or of one org
unit they play when they have no group. A card says who the team is, when and where,
and what it must do: the text of the *task-card injects* addressed to it (written
injects planned at T+0, the way the scriptless template writes its six 任务卡), or
else the duties the plan gives the units it plays. Nothing else from the script goes
on a card: no later inject, expected action, evaluation point or controller note.

While the drill room is open on a session of the drill (its links are kept next to the
journal, see ``app.room.roster``), each card also prints the join QR code and link of
the team's seat(s), so the players scan it off the paper. Without a room, no code.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from docx.shared import Emu
from lxml import etree

from app.drilldocs.layout import DocOptions, date_text, facts_table, numbered
from app.drilldocs.script import BLIND_RULE, PARTICIPANT_RULES
from app.drilldocs.source import DrillSource, Names
from app.export.errors import ExportReport
from app.export.gongwen import (
    GB9704_PAGE,
    PPR,
    Column,
    GongwenDocument,
    PageNumbers,
    R,
    scaled_stylesheet,
    w,
)
from app.i18n import T
from app.model.drill import Channel, Drill, Inject, Participant, Role
from app.model.problems import Severity
from app.progress import Progress, Steps
from app.room import qr
from app.room.roster import Member, Roster, build_roster, saved_links, tokens_path
from app.storage.drills import list_sessions

QR_MM = 26  # printed size of a join code (0.6 mm a module): a phone reads it at 10–25 cm


@dataclass
class Team:
    name: str
    members: list[Participant] = field(default_factory=list)
    units: list[str] = field(default_factory=list)  # org units the team plays

    def addressed_by(self, item: Inject) -> bool:
        if not item.to:
            return True  # a card for everyone
        mine = {*self.units, self.name, *(p.id for p in self.members)}
        return bool(mine & set(item.to))


def teams(drill: Drill, names: Names) -> list[Team]:
    """The participating teams, in the order their first player is listed."""
    out: dict[str, Team] = {}
    for p in drill.participants:
        if p.role is not Role.PLAYER:
            continue
        key = p.group or p.plays or p.id
        label = p.group or (names.unit(p.plays) if p.plays else names.person(p.id))
        team = out.setdefault(key, Team(label))
        team.members.append(p)
        if p.plays and p.plays not in team.units:
            team.units.append(p.plays)
    return list(out.values())


def is_task_card(item: Inject, drill: Drill) -> bool:
    """A written inject planned at the very start, with no trigger and no branch."""
    branch = {fu.inject for i in (*drill.script, *drill.library) for fu in i.follow_ups}
    return (
        item.channel is Channel.WRITTEN
        and item.trigger is None
        and item.at_min is not None
        and item.at_min <= 0
        and item.id not in branch
    )


def task_injects(drill: Drill, team: Team) -> list[Inject]:
    return [i for i in drill.script if is_task_card(i, drill) and team.addressed_by(i)]


def room_links(source: DrillSource) -> list[tuple[Member, str]]:
    """The seats' join links of the room open on this drill's newest unfinished session."""
    if source.drill_path is None:
        return []
    for info in list_sessions(source.drill_path):
        if info.finished or not tokens_path(info.path).is_file():
            continue
        roster = build_roster(source.drill, source.names_plan)
        links = saved_links(roster, info.path)
        return [(m, links[Roster.ident(m)]) for m in roster.seats() if Roster.ident(m) in links]
    return []


def team_links(team: Team, links: list[tuple[Member, str]]) -> list[tuple[Member, str]]:
    """The seats the team's players sit at (the room groups them as the console does)."""
    ids = {p.id for p in team.members}
    return [(m, url) for m, url in links if ids & m.match]


def join_block(doc: GongwenDocument, links: list[tuple[Member, str]]) -> None:
    """The seat's code on the left, what it is for and its link on the right: one row
    of a table (about 30 mm), so a card grows as little as it can."""
    rows = [
        [
            "",
            [
                "扫码加入演练室"
                + (f"：{member.name}" if len(links) > 1 else "")
                + "（仅供本席位使用）",
                url,
            ],
        ]
        for member, url in links
    ]
    tbl = doc.table([Column("二维码", 1.2), Column("说明", 3.8)], rows, header=False)
    for tr, (_, url) in zip(tbl.findall(w("tr")), links, strict=True):
        cell = tr.find(w("tc"))
        para = cell.find(w("p")) if cell is not None else None
        if para is None:
            continue
        ppr = para.find(PPR)
        if ppr is not None:  # the table's exact line height would clip the picture
            for old in ppr.findall(w("spacing")) + ppr.findall(w("snapToGrid")):
                ppr.remove(old)
            spacing = etree.SubElement(ppr, w("spacing"))
            for key, value in (("before", "60"), ("after", "60"), ("line", "240")):
                spacing.set(w(key), value)
            spacing.set(w("lineRule"), "auto")
            ppr.insert(1, spacing)
            ppr.insert(1, etree.Element(w("snapToGrid"), {w("val"): "0"}))
        inline = doc.doc.part.new_pic_inline(
            io.BytesIO(qr.png(url)), Emu(int(QR_MM * 36000)), Emu(int(QR_MM * 36000))
        )
        etree.SubElement(etree.SubElement(para, R), w("drawing")).append(inline)


def build_task_cards(
    source: DrillSource, options: DocOptions, progress: Progress | None
) -> tuple[bytes, ExportReport]:
    drill = source.drill
    meta = drill.meta
    names = Names(drill, source.names_plan)
    found = teams(drill, names)
    report = ExportReport(path=None, count=len(found))
    links = room_links(source)
    steps = Steps(progress, len(found) + 1)
    # 四号 on lines of 1.35 (not the 公文 grid) keeps even a full card on one A4 page
    sheet = scaled_stylesheet(GB9704_PAGE, 14, title_pt=26, heading_pt=18, table_pt=14)
    doc = GongwenDocument(sheet, duplex=False)
    doc.set_properties(title=f"{meta.title}任务卡", author=meta.organiser or "", subject="任务卡")
    doc.begin_section(PageNumbers.NONE)
    staff = [
        names.person(p.id) for p in drill.participants if p.role in (Role.DIRECTOR, Role.CONTROLLER)
    ]
    plan = source.names_plan
    units = {u.id: u for u in plan.organization.units()} if plan is not None else {}
    if not found:
        doc.paragraph("任务卡", "title")
        doc.paragraph("（演练中没有参演人员，无法生成任务卡。）", "body")
    for n, team in enumerate(found):
        steps.step(T(f"任务卡：{team.name}", f"Task card: {team.name}"))
        if n:
            doc.page_break()
        doc.paragraph("任务卡", "title")
        doc.paragraph(team.name, "cover_subtitle")
        facts_table(
            doc,
            [
                ("演练名称", meta.title),
                ("时间", date_text(meta.date, meta.start)),
                ("地点", meta.place or ""),
                ("席位/小组", team.name),
                (
                    "成员",
                    [names.person(p.id) + (f"（{p.org}）" if p.org else "") for p in team.members],
                ),
                ("扮演", names.units(team.units)),
            ],
        )
        tasks = task_injects(drill, team)
        doc.paragraph("你们的任务", "strong")
        if tasks:
            for item in tasks:
                if len(tasks) > 1 and item.title:
                    doc.paragraph(item.title, "strong")
                for line in item.text.split("\n"):
                    if line.strip():
                        doc.paragraph(line.strip(), "body")
        else:
            duties = [d for u in team.units if u in units for d in units[u].duties]
            if duties:
                doc.paragraph(
                    "收到情况后，按预案履行以下职责，说明由谁做、做什么、多长时间内完成：", "body"
                )
                numbered(doc, duties)
            else:
                doc.paragraph("收到情况后，按预案规定的职责和程序处置。", "body")
        doc.paragraph("演练须知", "strong")
        if tasks:  # the task text has its own rules: only what it cannot know
            rules = ["以导调组下达的情况为准，需要的信息向导调组询问。"]
        else:
            rules = ([BLIND_RULE] if meta.blind else []) + list(PARTICIPANT_RULES[:3])
        if staff:
            rules.append("导调组：" + "、".join(dict.fromkeys(staff)) + "。")
        numbered(doc, rules)
        seats = team_links(team, links)
        if seats:
            join_block(doc, seats)
        doc.paragraph("本卡在演练开始时发放，演练结束后交回导调组。", "closing")
    if not any(task_injects(drill, t) for t in found) and found:
        report.note(
            Severity.INFO,
            "export.task_cards",
            T(
                "脚本中没有开场书面注入（T+0、方式“书面”），任务卡只列出各组的预案职责",
                "The script has no opening written injects (T+0, written); "
                "the cards list each team's duties from the plan",
            ),
        )
    steps.step(T("生成文件", "Writing the file"))
    return doc.to_bytes(), report


__all__ = [
    "Team",
    "build_task_cards",
    "is_task_card",
    "room_links",
    "task_injects",
    "team_links",
    "teams",
]
