"""Turn a device's submission into one session call (on the session owner's thread).

``check(member, payload)`` validates the shape in the server thread (cheap, no session
needed); ``apply(session, member, request)`` then runs where the session is driven and
returns the journal ``seq`` the entry got: the device's acknowledgement. Every text is
kept as typed (it is data; each view escapes it when showing it), but capped in
length and stripped of control characters.

A seat may send ``receipt``, ``action``, ``decision``, ``report``; an evaluator ``mark``
and ``observation``; the presenter nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from app.drill.errors import DrillError
from app.drill.session import DrillSession
from app.i18n import T
from app.room.roster import EVALUATOR, SEAT, Member
from app.room.views import RECEIPT_TEXT, REPORT_ITEMS, report_text, seat_injects

MAX_TEXT = 2000
MAX_ITEM = 1000
ALLOWED = {
    SEAT: {"receipt", "action", "decision", "report"},
    EVALUATOR: {"mark", "observation"},
}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u2028\u2029]")


class RequestError(Exception):
    """A submission refused before anything was written; ``status`` is the HTTP code."""

    def __init__(self, message: T, status: int = 400) -> None:
        super().__init__(message.en)
        self.message = message
        self.status = status


@dataclass(frozen=True)
class Request:
    kind: str
    fields: dict[str, Any]
    rid: str | None = None  # the device's id for it: a retry is recorded once


def request_id(payload: dict[str, Any]) -> str | None:
    rid = payload.get("rid")
    return rid if isinstance(rid, str) and 0 < len(rid) <= 64 else None


def _text(data: dict[str, Any], key: str, limit: int = MAX_TEXT, required: bool = False) -> str:
    value = data.get(key, "")
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise RequestError(T(f"“{key}”应为文字", f"'{key}' must be text"))
    if len(value) > limit:
        raise RequestError(
            T(f"内容过长（最多 {limit} 字）", f"Too long (at most {limit} characters)"), 413
        )
    value = _CONTROL.sub("", value).strip()
    if required and not value:
        raise RequestError(T("请填写内容", "Please write something"))
    return value


def _int(data: dict[str, Any], key: str, required: bool = True) -> int | None:
    value = data.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value < 100_000:
        raise RequestError(T(f"“{key}”应为编号", f"'{key}' must be a number"))
    return value


def _ident(data: dict[str, Any], key: str) -> str | None:
    value = data.get(key)
    if value is None or value == "":
        return None
    if not isinstance(value, str) or len(value) > 100:
        raise RequestError(T(f"“{key}”无效", f"'{key}' is invalid"))
    return value


def check(member: Member, payload: Any) -> Request:
    if not isinstance(payload, dict):
        raise RequestError(T("提交的内容格式无效", "The submission is malformed"))
    kind = payload.get("kind")
    if not isinstance(kind, str) or kind not in ALLOWED.get(member.kind, set()):
        raise RequestError(T("此链接无权提交这类内容", "This link may not submit this"), 403)
    f: dict[str, Any] = {}
    if kind == "receipt":
        f["inject"] = _int(payload, "inject")
    elif kind == "action":
        f["text"] = _text(payload, "text", required=True)
        f["inject"] = _int(payload, "inject", required=False)
    elif kind == "decision":
        f["inject"] = _int(payload, "inject")
        f["option"] = _int(payload, "option", required=False)
        f["text"] = _text(payload, "text")
        if f["option"] is None and not f["text"]:
            raise RequestError(T("请选择或填写决策", "Choose or describe the decision"))
    elif kind == "report":
        items = payload.get("items")
        if not isinstance(items, list) or len(items) != len(REPORT_ITEMS):
            raise RequestError(T("信息报告的格式无效", "The report is malformed"))
        f["items"] = [_text({"x": v}, "x", MAX_ITEM) for v in items]
        if not any(f["items"]):
            raise RequestError(T("信息报告为空", "The report is empty"))
        f["inject"] = _int(payload, "inject", required=False)
    elif kind == "mark":
        f["criterion"] = _ident(payload, "criterion")
        score = payload.get("score")
        if score is not None and (not isinstance(score, int | float) or isinstance(score, bool)):
            raise RequestError(T("评分应为数字", "A score must be a number"))
        f["score"] = score
        f["level"] = _ident(payload, "level")
        f["note"] = _text(payload, "note")
    elif kind == "observation":
        f["text"] = _text(payload, "text", required=True)
        f["inject"] = _ident(payload, "inject")
        f["expected"] = _ident(payload, "expected")
    return Request(kind, f, request_id(payload))


def _seat_run(session: DrillSession, member: Member, n: int | None) -> str | None:
    if n is None or n == 0:
        return None
    runs = seat_injects(session, member)
    if not 1 <= n <= len(runs):
        raise DrillError(T(f"没有第 {n} 条注入", f"There is no inject {n}"))
    return runs[n - 1].id


def apply(session: DrillSession, member: Member, request: Request) -> int:
    """Make the session call; returns the seq of the entry (already on disk).

    A request whose id the journal already holds for this member (a device retrying
    after the app crashed before it answered) gets that entry's seq; nothing is written.
    """
    f = request.fields
    kind = request.kind
    rid = request.rid
    if rid is not None:
        done = session.state.requests.get((member.key, rid))
        if done is not None:
            return done
    if kind == "receipt":
        inject = _seat_run(session, member, f["inject"])
        for note in session.state.notes:
            if note.who == member.key and note.inject == inject and note.text == RECEIPT_TEXT:
                return note.seq  # already marked: nothing new to write
        return session.note(RECEIPT_TEXT, who=member.key, inject=inject, rid=rid).seq
    if kind == "action":
        inject = _seat_run(session, member, f["inject"])
        return session.record_action(f["text"], who=member.key, inject=inject, rid=rid).seq
    if kind == "decision":
        inject = _seat_run(session, member, f["inject"])
        run = session.state.runs[inject] if inject else None
        options = list(run.item.decisions) if run is not None else []
        option = f["option"]
        if option is not None and not session.drill.meta.blind:
            if not 0 <= option < len(options):
                raise DrillError(T("没有这个决策选项", "There is no such decision option"))
            chosen = options[option]
            text = f"决策：{chosen.text}" + (f"（{f['text']}）" if f["text"] else "")
            return session.record_action(
                text, who=member.key, inject=inject, decision=chosen.id, rid=rid
            ).seq
        if not f["text"]:
            raise DrillError(T("请填写决策内容", "Describe the decision"))
        return session.record_action(
            f"决策：{f['text']}", who=member.key, inject=inject, rid=rid
        ).seq
    if kind == "report":
        inject = _seat_run(session, member, f["inject"])
        return session.record_action(
            report_text(f["items"]), who=member.key, inject=inject, rid=rid
        ).seq
    if kind == "mark":
        criterion = f["criterion"] or ""
        return session.mark(
            criterion,
            score=f["score"],
            level=f["level"],
            by=member.key,
            note=f["note"] or None,
            rid=rid,
        ).seq
    if kind == "observation":
        inject = f["inject"]
        text = f["text"]
        expected = f["expected"]
        if expected is not None:
            found = session.state.expected.get(expected)
            if found is None:
                raise DrillError(T("没有这项期望行动", "There is no such expected action"))
            inject = found[0]
            text = f"关于“{found[1].text}”：{text}"
        if inject is not None and not session.state.runs.get(inject, None):
            raise DrillError(T("没有这条注入", "There is no such inject"))
        return session.note(text, who=member.key, inject=inject, rid=rid).seq
    raise DrillError(T("无法处理的提交", "Cannot handle this submission"))


__all__ = ["ALLOWED", "Request", "RequestError", "apply", "check", "request_id"]
