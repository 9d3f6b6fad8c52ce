"""Is there a screen the room sees that the coordinator's console is not on?

Qt-free so it can be tested with plain rectangles: the presenter shows only what was
delivered, but on one screen, or on a projector that mirrors the laptop, the room
also sees the console (upcoming injects, expected actions, marks). Issue 18 item 7.
"""

from __future__ import annotations

from collections.abc import Sequence

Rect = tuple[int, int, int, int]  # x, y, width, height of a screen in desktop coordinates

SINGLE = "single"
MIRRORED = "mirrored"


def shared_screen(rects: Sequence[Rect]) -> str | None:
    """``SINGLE`` for one screen, ``MIRRORED`` when every screen shows the same desktop
    area (a cloned projector), None when the presenter can go to a screen of its own."""
    if len(rects) <= 1:
        return SINGLE
    if len(set(rects)) == 1:
        return MIRRORED
    return None


__all__ = ["MIRRORED", "SINGLE", "Rect", "shared_screen"]
