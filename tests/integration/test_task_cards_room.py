"""Task cards while the drill room is open: each seat's card prints its join QR code and
link (scanned off the paper); without a room, no code and no error."""

from __future__ import annotations

from pathlib import Path

import docx
from docx.document import Document

from app.drilldocs import DrillDoc, drill_doc_bytes, prepare
from app.drilldocs.source import Names
from app.drilldocs.taskcards import teams
from app.room import qr
from app.room.roster import Roster, build_roster, forget_tokens, save_tokens
from app.storage.drills import load_drill, load_linked_plan
from tests.drill_docs_sessions import record_sample
from tests.helpers import run_cli

DRILL = "液氯泄漏桌面推演.drill.yaml"
TITLE = "液氯泄漏桌面推演.任务卡.docx"
PIC = "{http://schemas.openxmlformats.org/drawingml/2006/picture}pic"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _cards(d: Document) -> list[tuple[str, int, str]]:
    """(team, pictures, text) for each card: a card starts at its 任务卡 title; its
    paragraphs and tables in document order."""
    cards: list[list] = []
    for el in d.element.body.iterchildren():
        if el.tag not in (W + "p", W + "tbl"):
            continue
        # (break hints, not printed)
        text = "".join(t.text or "" for t in el.iter(W + "t")).replace("\u200b", "")
        if el.tag == W + "p" and text == "任务卡":
            cards.append(["", 0, ""])
            continue
        if not cards:
            continue
        card = cards[-1]
        if not card[0] and text.strip():
            card[0] = text.strip()
        card[1] += len(el.findall(".//" + PIC))
        card[2] += text + "\n"
    return [tuple(c) for c in cards]  # type: ignore[misc]


def _open_room(drill: Path, journal: Path) -> dict[str, str]:
    model = load_drill(drill).model
    linked = load_linked_plan(drill, model)
    roster = build_roster(model, linked.model if linked else None)
    roster.issue()
    save_tokens(roster, journal, 8765, "192.168.1.20")
    return {
        Roster.ident(m): f"http://192.168.1.20:8765/r/{roster.token_of(m)}/" for m in roster.seats()
    }


def test_task_cards_print_each_seats_join_code(tmp_path: Path) -> None:
    drill, journal = record_sample(tmp_path, end=False)
    links = _open_room(drill, journal)
    result = run_cli("export", DRILL, "--doc", "task-cards", cwd=drill.parent)
    assert result.returncode == 0, result.stderr
    d = docx.Document(str(drill.with_name(TITLE)))
    cards = _cards(d)
    model = load_drill(drill).model
    linked = load_linked_plan(drill, model)
    found = teams(model, Names(model, linked.model if linked else None))
    assert len(cards) == len(found) >= 2
    printed = set()
    for (_, pictures, text), team in zip(cards, found, strict=True):
        ids = {p.id for p in team.members}
        roster = build_roster(model, linked.model if linked else None)
        mine = [links[Roster.ident(m)] for m in roster.seats() if ids & m.match]
        assert pictures == len(mine) == 1, team.name  # one code per seat card
        assert "扫码加入演练室" in text and mine[0] in text  # the link, to type in
        printed.add(mine[0])
    # every players' seat is on a card; the simulators' (外部单位) get no task card
    assert printed == {u for i, u in links.items() if i != "seat:u-sim"} and len(printed) == 3
    # the pictures are the codes of those links, at their size
    images = [r.target_part.blob for r in d.part.rels.values() if "image" in r.reltype]
    assert sorted(images) == sorted(qr.png(u) for u in printed)

    # the room closed: the cards come without codes, and without an error
    forget_tokens(journal)
    result = run_cli("export", DRILL, "--doc", "task-cards", cwd=drill.parent)
    assert result.returncode == 0, result.stderr
    d = docx.Document(str(drill.with_name(TITLE)))
    assert all(pictures == 0 and "扫码" not in text for _, pictures, text in _cards(d))
    assert "http://" not in "\n".join(p.text for p in d.paragraphs)


def test_an_ended_drill_or_a_file_without_an_address_prints_no_code(tmp_path: Path) -> None:
    drill, journal = record_sample(tmp_path, end=True)
    _open_room(drill, journal)  # a file left behind by a crash after the end
    source = prepare(DrillDoc.TASK_CARDS, drill)
    data, _ = drill_doc_bytes(DrillDoc.TASK_CARDS, source)
    assert b"192.168.1.20" not in data
    (tmp_path / "b").mkdir()
    drill, journal = record_sample(tmp_path / "b", end=False)
    model = load_drill(drill).model
    roster = build_roster(model, None)
    roster.issue()
    save_tokens(roster, journal, 8765)  # an older room's file: no address in it
    source = prepare(DrillDoc.TASK_CARDS, drill)
    data, _ = drill_doc_bytes(DrillDoc.TASK_CARDS, source)
    (tmp_path / "out.docx").write_bytes(data)
    d = docx.Document(str(tmp_path / "out.docx"))
    assert all(pictures == 0 for _, pictures, _ in _cards(d))
