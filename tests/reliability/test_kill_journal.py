"""kill -9 mid-drill at random moments: no entry whose append had returned is ever lost.

Each round a child process opens the drill's unfinished session (or starts one), and
records entries as fast as it can, writing ``ack <seq>`` after each call returned.
The parent kills it at a random moment, then checks that the journal holds every
acknowledged entry, with no damage other than a torn last line; the next round
reopens the same session after the crash and carries on.

The children are forked from a warm helper process, so a round costs the kill and
not a Python start-up; ``--kill-iterations N`` sets the number of rounds.
"""

from __future__ import annotations

import os
import random
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.drill import DrillSession, replay
from app.model.problems import Severity
from app.storage.journal import read_journal
from tests.drill_samples import copy_sample
from tests.helpers import ROOT

pytestmark = pytest.mark.skipif(os.name != "posix", reason="uses SIGKILL")

ZYGOTE = r"""
import os, random, sys
from pathlib import Path
from app.drill import DrillSession
from app.drill.clock import ClockState
from app.storage.drills import find_unfinished, load_drill, load_linked_plan

drill_path = Path(sys.argv[1])


def say(text):
    os.write(1, (text + "\n").encode())  # one write: a kill never splits a line


def record(seed):
    rng = random.Random(seed)
    info = find_unfinished(drill_path)
    if info is None:
        drill = load_drill(drill_path).model
        drill.meta.speed = 100.0  # scenario time races ahead so injects get delivered
        s = DrillSession.create(drill, drill_path, plan=load_linked_plan(drill_path, drill).model)
        say(f"ready {s.path}")
        say(f"ack {s.start().seq}")
    else:
        s = DrillSession.reopen(info.path)
        say(f"ready {s.path}")
        say(f"ack {s.last_entry.seq}")  # the reopen entry
        if s.clock_state is ClockState.PAUSED:
            say(f"ack {s.resume().seq}")
    n = 0
    while True:
        n += 1
        roll = rng.random()
        if roll < 0.45:
            entries = [s.note("记录 %d：" % n + "现场情况" * rng.randrange(1, 40), who="u-eval")]
        elif roll < 0.7:
            who = rng.choice(["u-hq", "u-rescue", "u-medical"])
            entries = [s.record_action("行动 %d" % n, who=who)]
        elif roll < 0.8:
            entries = [s.mark(rng.choice(["c1", "c2", "c3", "c4"]), score=rng.randrange(0, 101))]
        elif roll < 0.9:
            entries = s.poll()
        else:
            entries = [s.set_speed(rng.choice([50.0, 100.0]))]
        for entry in entries:
            say(f"ack {entry.seq}")


say("warm")
for line in sys.stdin:
    if line.startswith("go"):
        pid = os.fork()
        if pid == 0:
            try:
                record(int(line.split()[1]))
            except BaseException as exc:
                say(f"failed {type(exc).__name__}: {exc}")
            os._exit(1)
    else:
        _, status = os.waitpid(pid, 0)
        say(f"reaped {os.waitstatus_to_exitcode(status)}")
"""


ACK = re.compile(r"ack (\d+)")


class Writer:
    """The warm helper; each round forks a recorder from it."""

    def __init__(self, drill_path: Path) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-c", ZYGOTE, str(drill_path)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            cwd=ROOT,
            text=True,
            encoding="utf-8",
        )
        assert self._line() == "warm"

    def _line(self) -> str:
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        assert line, "the recorder's helper process died"
        return line.rstrip("\n")

    def _send(self, text: str) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(text + "\n")
        self.proc.stdin.flush()

    def round(self, seed: int, delay: float) -> tuple[Path, set[int]]:
        self._send(f"go {seed}")
        first = self._line()
        if not first.startswith("ready "):
            pytest.fail(f"the recorder did not start: {first}")
        journal = Path(first.split(" ", 1)[1])
        time.sleep(delay)
        self._find_and_kill()
        self._send("reap")
        acked: set[int] = set()
        while True:
            line = self._line()
            if line.startswith("reaped "):
                assert int(line.split()[1]) == -signal.SIGKILL, line
                return journal, acked
            assert not line.startswith("failed"), line
            match = ACK.fullmatch(line)
            assert match, f"unexpected output: {line!r}"
            acked.add(int(match.group(1)))

    def _find_and_kill(self) -> None:
        # the recorder is the helper's only child
        children = Path(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children")
        pids = [int(p) for p in children.read_text().split()]
        assert len(pids) == 1, pids
        os.kill(pids[0], signal.SIGKILL)

    def close(self) -> None:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.close()
        self.proc.wait(timeout=30)
        self.proc.stdout.close()


def test_kill_mid_drill_loses_no_acknowledged_entry(tmp_path: Path, kill_iterations: int) -> None:
    drill_path = copy_sample(tmp_path)
    rng = random.Random(20260616)
    acked_by_journal: dict[Path, set[int]] = {}
    torn_seen = 0
    writer = Writer(drill_path)
    try:
        for i in range(kill_iterations):
            journal, acked = writer.round(i, rng.uniform(0.0, 0.3))
            acked_by_journal.setdefault(journal, set()).update(acked)
            read = read_journal(journal)
            seqs = [e.seq for e in read.entries]
            assert seqs == list(range(len(seqs))), "entries must be contiguous"
            missing = acked_by_journal[journal] - set(seqs)
            assert not missing, f"round {i}: acknowledged entries lost: {sorted(missing)[:10]}"
            assert not read.damaged, [p.message.zh for p in read.problems]
            torn_seen += read.torn_line is not None
            # the folded state is consistent with the file: nothing half-applied
            result = replay(journal)
            assert [p for p in result.problems if p.severity is Severity.ERROR] == []
    finally:
        writer.close()
    assert len(acked_by_journal) == 1, "every round continued the same session"
    [(journal, acked)] = acked_by_journal.items()
    assert len(acked) > kill_iterations  # the children really recorded entries

    # a final reopen after the last crash restores everything and can go on
    session = DrillSession.reopen(journal)
    try:
        entries = read_journal(journal).entries
        assert session.state.last_seq == entries[-1].seq
        notes = sum(e.type == "note" for e in entries)
        assert len(session.state.notes) == notes
        assert session.record_action("收尾", who="u-hq").seq == entries[-1].seq + 1
        session.end()
    finally:
        session.close()
    print(f"{kill_iterations} kills, {len(acked)} acknowledged entries, {torn_seen} torn tails")
