"""The drill room end to end over real sockets: seats, evaluators and the presenter."""

from __future__ import annotations

import asyncio
import base64
import json
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import aiohttp
import pytest

from app.drill.clock import missing_report_items
from app.room.roster import tokens_path
from app.room.views import RECEIPT_TEXT
from tests.drill_samples import scriptless_drill
from tests.room.support import Room, http, next_view, open_room, submit, ws_url


@pytest.fixture
def room(tmp_path: Path) -> Iterator[Room]:
    r = open_room(tmp_path)
    yield r
    r.close()


def _start(room: Room) -> None:
    room.call(lambda s: (s.start(), s.poll()))  # T0: i1 goes to the command at once
    room.sync()


def test_every_member_has_its_own_long_random_link(room: Room) -> None:
    links = room.server.links()
    kinds = [link["kind"] for link in links]
    assert kinds.count("presenter") == 1 and kinds.count("evaluator") == 1
    assert {link["name"] for link in links if link["kind"] == "seat"} >= {
        "应急救援指挥部（总经理）",
        "抢险救援组（生产副总经理）",
        "医疗救护组（行政部经理）",
    }
    tokens = [link["url"].rstrip("/").rsplit("/", 1)[1] for link in links]
    assert len(set(tokens)) == len(tokens)
    assert all(len(t) >= 32 for t in tokens)  # 24 random bytes, base64: 192 bits
    assert all(link["url"].startswith("http://127.0.0.1:") for link in links)


def test_seat_receives_its_inject_and_its_report_lands_in_the_journal(room: Room) -> None:
    hq, rescue = room.url("u-hq"), room.url("u-rescue")
    status, page = http(hq)
    assert status == 200 and 'data-role="seat"' in page

    async def run() -> tuple[dict, dict, dict]:
        async with aiohttp.ClientSession() as client:
            ws_hq = await client.ws_connect(ws_url(hq))
            ws_rescue = await client.ws_connect(ws_url(rescue))
            for ws in (ws_hq, ws_rescue):
                await ws.send_str(json.dumps({"type": "hello", "seq": -1}))
            first = await next_view(ws_hq)
            await next_view(ws_rescue)
            _start(room)  # the clock at T0 delivers i1 (to the command, hq) at once
            view = await next_view(ws_hq)
            while not view["injects"]:
                view = await next_view(ws_hq)
            other = await next_view(ws_rescue)
            await ws_hq.close()
            await ws_rescue.close()
            return first, view, other

    first, view, other = asyncio.run(run())
    assert first["injects"] == []
    assert [i["title"] for i in view["injects"]] == ["泄漏报警"]
    assert view["injects"][0]["options"] == ["启动Ⅱ级响应", "先派人核实，暂不启动响应"]
    assert "i1" not in json.dumps(view)  # seats never see the script's ids
    assert other["injects"] == []  # the rescue group was not addressed

    assert submit(hq, {"kind": "receipt", "inject": 1})[0] == 200
    room.sync()
    assert http(hq + "api/view")[1]["view"]["received"] == [1]
    items = [
        "示范化工有限公司储罐区",
        "6月16日9时，2号液氯储罐",
        "出料阀法兰垫片破损发生泄漏",
        "一人中毒晕倒，无死亡",
        "已启动Ⅱ级响应，疏散下风向人员",
        "请求园区消防支援",
    ]
    status, ack = submit(hq, {"kind": "report", "items": items, "inject": 1})
    assert status == 200 and ack["ok"]
    on_disk = {e["seq"]: e for e in room.journal()}  # acknowledged: already on disk
    entry = on_disk[ack["seq"]]
    assert entry["type"] == "action" and entry["who"] == "u-hq" and entry["inject"] == "i1"
    assert missing_report_items(entry["text"]) == []
    assert any(
        e["type"] == "note" and e["text"] == RECEIPT_TEXT and e["who"] == "u-hq"
        for e in on_disk.values()
    )
    half = submit(hq, {"kind": "report", "items": ["甲公司", "", "", "", "", ""]})[1]
    text = {e["seq"]: e for e in room.journal()}[half["seq"]]["text"]
    assert len(missing_report_items(text)) == 5  # the labels do not count as content

    # the console reads the same session: the action is there, credited to the seat
    actions = room.call(lambda s: [(a.who, a.text) for a in s.state.actions])
    assert ("u-hq", entry["text"]) in actions


def test_decision_option_arms_its_follow_up(room: Room) -> None:
    _start(room)
    hq = room.url("u-hq")
    status, ack = submit(hq, {"kind": "decision", "inject": 1, "option": 1})
    assert status == 200, ack
    entry = {e["seq"]: e for e in room.journal()}[ack["seq"]]
    assert entry["decision"] == "d-verify"
    assert room.call(lambda s: s.state.runs["i1b"].armed_s) is not None


def test_a_receipt_is_written_once(room: Room) -> None:
    _start(room)
    hq = room.url("u-hq")
    a = submit(hq, {"kind": "receipt", "inject": 1})[1]
    b = submit(hq, {"kind": "receipt", "inject": 1})[1]
    assert a["seq"] == b["seq"]
    assert sum(e["type"] == "note" for e in room.journal()) == 1


def test_evaluator_mark_reaches_the_hot_wash(room: Room) -> None:
    _start(room)
    ev = room.url("u-eval")
    status, ack = submit(ev, {"kind": "mark", "criterion": "c1", "score": 85, "note": "报告及时"})
    assert status == 200, ack
    entry = {e["seq"]: e for e in room.journal()}[ack["seq"]]
    assert entry["type"] == "mark" and entry["by"] == "u-eval" and entry["score"] == 85.0
    metrics = room.call(lambda s: s.metrics())
    assert metrics.evaluation.score == 85.0
    status, data = http(ev + "api/view")
    hot = data["view"]["hotwash"]
    assert hot["score"] == 85.0 and hot["marked"] == 1
    mine = next(c for c in data["view"]["criteria"] if c["id"] == "c1")["mine"]
    assert mine == {"score": 85.0, "level": None, "note": "报告及时"}
    # an observation linked to an expected action lands as a note on its inject
    ack = submit(ev, {"kind": "observation", "text": "15分钟内宣布启动", "expected": "e1"})[1]
    note = {e["seq"]: e for e in room.journal()}[ack["seq"]]
    assert note["type"] == "note" and note["inject"] == "i1" and note["who"] == "u-eval"
    assert "研判事态" in note["text"]


def test_presenter_shows_the_public_state_only(room: Room) -> None:
    _start(room)
    _, data = http(room.url("presenter") + "api/view")
    view = data["view"]
    assert [i["title"] for i in view["injects"]] == ["泄漏报警"]
    assert view["injects"][0]["to"] == "应急救援指挥部"  # a name, not the unit id
    text = json.dumps(view, ensure_ascii=False)
    for secret in ("研判事态", "d-start", "c1", "仅当指挥部"):
        assert secret not in text


def test_blind_seat_sees_no_scenario_and_no_options(tmp_path: Path) -> None:
    room = open_room(tmp_path, scriptless_drill(blind=True, seed=7))
    try:
        _start(room)
        room.call(lambda s: s.poll())  # the T+0 opening goes out as a scriptless drill starts
        assert room.call(lambda s: s.state.runs["open"].delivered)
        card = room.call(lambda s: s.draw())
        room.call(lambda s: s.deliver(card.id))
        seat = room.url("u-hq")
        view = http(seat + "api/view")[1]["view"]
        text = json.dumps(view, ensure_ascii=False)
        assert view["scenario"] == "" and "SECRET-scenario" not in text
        assert all(i["options"] == [] for i in view["injects"])
        for leak in ("NOTE-", "EXPECT-", "POINT-"):
            assert leak not in text
        # an undelivered card's text never reaches a seat
        delivered = {i["text"] for i in view["injects"]}
        undelivered = room.call(
            lambda s: [r.item.text for r in s.state.runs.values() if not r.delivered]
        )
        assert not delivered & set(undelivered)
    finally:
        room.close()


def test_revoked_link_dies_and_its_socket_closes(room: Room) -> None:
    hq = room.url("u-hq")

    async def run() -> str:
        async with aiohttp.ClientSession() as client:
            ws = await client.ws_connect(ws_url(hq))
            await ws.send_str(json.dumps({"type": "hello", "seq": -1}))
            await next_view(ws)
            new = room.server.revoke("seat:u-hq")
            assert new
            reason = ""
            while True:
                msg = await asyncio.wait_for(ws.receive(), 5)
                if msg.type == aiohttp.WSMsgType.TEXT:
                    reason = json.loads(msg.data).get("reason", reason)
                else:
                    break
            return reason

    assert asyncio.run(run()) == "此链接已被收回"
    assert http(hq)[0] == 403
    assert http(room.url("u-hq"))[0] == 200  # the new link works


def test_ending_the_drill_ends_seat_links_but_not_the_evaluation(room: Room) -> None:
    _start(room)
    hq, ev = room.url("u-hq"), room.url("u-eval")
    room.call(lambda s: s.end())
    room.sync()
    time.sleep(0.1)  # the room thread takes the views, then closes the seats
    assert http(hq)[0] == 403
    assert submit(ev, {"kind": "mark", "criterion": "c2", "level": "achieved"})[0] == 200


def test_closing_the_room_invalidates_every_link(tmp_path: Path) -> None:
    room = open_room(tmp_path)
    links = room.links()
    journal = room.session.path
    assert tokens_path(journal).is_file()
    assert oct(tokens_path(journal).stat().st_mode & 0o777) == "0o600"
    room.close()
    assert not tokens_path(journal).exists()
    with pytest.raises(OSError):
        http(links["u-hq"])


def test_a_seat_sees_the_decision_it_took(room: Room) -> None:
    _start(room)
    hq = room.url("u-hq")
    assert submit(hq, {"kind": "decision", "inject": 1, "option": 0})[0] == 200
    room.sync()
    view = http(hq + "api/view")[1]["view"]
    assert view["decided"] == {"1": "启动Ⅱ级响应"}


def test_a_device_that_reconnects_catches_up_from_its_last_seq(room: Room) -> None:
    hq = room.url("u-hq")

    async def run() -> tuple[dict, dict, dict]:
        async with aiohttp.ClientSession() as client:
            ws = await client.ws_connect(ws_url(hq))
            await ws.send_str(json.dumps({"type": "hello", "seq": -1}))
            before = await next_view(ws)
            await ws.close()
            _start(room)  # i1 goes out while the device is away
            ws = await client.ws_connect(ws_url(hq))
            await ws.send_str(json.dumps({"type": "hello", "seq": before["seq"]}))
            after = await next_view(ws)
            await ws.send_str(json.dumps({"type": "hello", "seq": after["seq"]}))
            same = json.loads((await asyncio.wait_for(ws.receive(), 5)).data)
            await ws.close()
            return before, after, same

    before, after, same = asyncio.run(run())
    assert before["injects"] == [] and after["seq"] > before["seq"]
    assert [i["title"] for i in after["injects"]] == ["泄漏报警"]
    assert same == {"type": "same", "seq": after["seq"]}


def test_a_seat_sees_its_own_submissions_only(room: Room) -> None:
    _start(room)
    submit(room.url("u-hq"), {"kind": "action", "text": "指挥部的行动"})
    submit(room.url("u-rescue"), {"kind": "action", "text": "抢险组的行动"})
    room.sync()
    hq = http(room.url("u-hq") + "api/view")[1]["view"]
    assert [m["text"] for m in hq["mine"]] == ["指挥部的行动"]
    assert "抢险组的行动" not in json.dumps(hq, ensure_ascii=False)


def test_a_growing_view_goes_out_as_a_small_patch(room: Room) -> None:
    hq = room.url("u-hq")

    async def run() -> tuple[dict, int, dict]:
        async with aiohttp.ClientSession() as client:
            ws = await client.ws_connect(ws_url(hq))
            await ws.send_str(json.dumps({"type": "hello", "seq": -1}))
            full = await next_view(ws)
            _start(room)
            msg = json.loads((await asyncio.wait_for(ws.receive(), 5)).data)
            while msg["type"] != "patch" or not msg["append"].get("injects"):
                msg = json.loads((await asyncio.wait_for(ws.receive(), 5)).data)
            size = len(json.dumps(msg, ensure_ascii=False))
            await ws.close()
            return full, size, msg

    full, size, patch = asyncio.run(run())
    assert [i["title"] for i in patch["append"]["injects"]] == ["泄漏报警"]
    assert "report_items" not in patch["set"] and "title" not in patch["set"]
    assert size < len(json.dumps(full, ensure_ascii=False)) + 400


def test_a_retried_submission_is_recorded_once(room: Room) -> None:
    _start(room)
    hq = room.url("u-hq")
    body = {"kind": "action", "text": "只记一次", "rid": "retry-1"}

    async def run() -> list[dict]:
        async with aiohttp.ClientSession() as client:

            async def one() -> dict:
                async with client.post(hq + "api/submit", json=body) as r:
                    return await r.json()

            first = await asyncio.gather(*(one() for _ in range(5)))  # while it is recorded
            return [*first, await one()]  # and after

    replies = asyncio.run(run())
    assert all(r["ok"] for r in replies) and len({r["seq"] for r in replies}) == 1
    assert [e["text"] for e in room.journal() if e["type"] == "action"] == ["只记一次"]


PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


def test_attachments_reach_only_the_injects_receivers_and_never_their_paths(
    tmp_path: Path,
) -> None:
    from app.storage.drills import load_drill
    from tests.drill_samples import SAMPLE_DRILL

    drill = load_drill(SAMPLE_DRILL).model
    drill.script[0].attachments = ["现场照片.png", "图.svg", "缺失.png"]
    (tmp_path / "现场照片.png").write_bytes(PNG)
    (tmp_path / "图.svg").write_text(
        "<svg xmlns='http://www.w3.org/2000/svg'><script>x</script></svg>"
    )
    room = open_room(tmp_path, drill)
    try:
        _start(room)
        hq, rescue, pres = room.url("u-hq"), room.url("u-rescue"), room.url("presenter")
        request = urllib.request.urlopen(hq + "f/1/0", timeout=5)
        assert request.headers["Content-Type"] == "image/png" and request.read() == PNG
        assert http(pres + "f/1/0")[0] == 200
        for bad in ("f/1/1", "f/1/2", "f/1/9", "f/0/0", "f/-1/0", "f/x/0", "f/2/0"):
            assert http(hq + bad)[0] == 404, bad
        assert http(rescue + "f/1/0")[0] == 404  # not addressed to the rescue group
        seat = http(hq + "api/view")[1]["view"]
        assert seat["injects"][0]["files"] == ["现场照片.png", "图.svg", "缺失.png"]
        for view in (seat, http(pres + "api/view")[1]["view"]):
            assert str(tmp_path) not in json.dumps(view, ensure_ascii=False)
    finally:
        room.close()
