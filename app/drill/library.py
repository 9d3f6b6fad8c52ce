"""Scriptless facilitation: drawing inject cards from the library, reproducibly.

A draw picks one card among those that are still in the library (not drawn, delivered,
skipped or already queued by a follow-up), match the requested category and severity,
and whose preconditions hold (e.g. 次生火灾 only after a 泄漏 card was delivered).
The pick is weighted by each card's ``weight``.

Reproducible: the k-th draw of a session uses a random generator seeded with
``(session seed, k)`` only. The same seed and the same sequence of requests give the
same cards, in this session, after a crash and reopen, and in a rehearsal of the
drill. Nothing about the generator needs saving: ``k`` is in the journal.
"""

from __future__ import annotations

import random

from app.drill.state import InjectRun, Origin, SessionState
from app.model.drill import Card, CardSeverity, Precondition


def precondition_met(pre: Precondition, state: SessionState) -> bool:
    """Either alternative of one precondition: the category or the inject was delivered."""
    if pre.category is not None and pre.category in state.delivered_categories():
        return True
    if pre.inject is not None:
        run = state.runs.get(pre.inject)
        if run is not None and run.delivered:
            return True
    return False


def available(card: Card, state: SessionState) -> bool:
    run = state.runs.get(card.id)
    if run is None or run.delivered or run.skipped or run.drawn_seq is not None:
        return False
    if run.armed_s is not None:  # a follow-up already queued it
        return False
    return all(precondition_met(p, state) for p in card.preconditions)


def candidates(
    state: SessionState, category: str | None = None, severity: CardSeverity | None = None
) -> list[Card]:
    """Cards a draw could pick now, in library order."""
    out: list[Card] = []
    for run in state.runs.values():
        card = run.item
        if run.origin is not Origin.LIBRARY or not isinstance(card, Card):
            continue
        if category is not None and card.category != category:
            continue
        if severity is not None and card.severity is not severity:
            continue
        if available(card, state):
            out.append(card)
    return out


def draw_rng(seed: int, k: int) -> random.Random:
    # A str seed is hashed with SHA-512 by ``random``: stable across runs and platforms.
    return random.Random(f"plandrill:{seed}:{k}")


def pick(cards: list[Card], seed: int, k: int) -> Card | None:
    """The card the k-th draw of a session with ``seed`` picks among ``cards``."""
    if not cards:
        return None
    rng = draw_rng(seed, k)
    total = sum(c.weight for c in cards)
    point = rng.random() * total
    for card in cards:
        point -= card.weight
        if point < 0:
            return card
    return cards[-1]


def locked(state: SessionState) -> list[tuple[InjectRun, list[Precondition]]]:
    """Cards still in the library whose preconditions do not hold yet (for the console)."""
    out: list[tuple[InjectRun, list[Precondition]]] = []
    for run in state.runs.values():
        card = run.item
        if run.origin is not Origin.LIBRARY or not isinstance(card, Card):
            continue
        if run.delivered or run.skipped or run.drawn_seq is not None:
            continue
        unmet = [p for p in card.preconditions if not precondition_met(p, state)]
        if unmet:
            out.append((run, unmet))
    return out


__all__ = ["available", "candidates", "draw_rng", "locked", "pick", "precondition_met"]
