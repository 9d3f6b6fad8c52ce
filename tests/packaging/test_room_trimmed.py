"""The drill room still works with what the bundle leaves out (``trim.PYTHON_EXCLUDES``:
no ssl, no unittest…): a child process that cannot import any excluded module opens a
room, serves a seat's page and records its submission."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

from tests.helpers import ROOT

PROBE = r"""
import json, sys, tempfile, threading
from pathlib import Path
for name in json.loads(sys.argv[1]):
    sys.modules[name] = None  # as in the trimmed bundle: importing it fails
from app.drill import DrillSession
from app.room.owner import LoopOwner
from app.room.roster import build_roster
from app.room.server import RoomServer
from app.storage.drills import load_drill
from tests.drill_samples import copy_sample
import http.client
path = copy_sample(Path(tempfile.mkdtemp()))
session = DrillSession.create(load_drill(path).model, path)
owner = LoopOwner(session)
server = RoomServer(build_roster(session.drill, None), owner, port=0)
owner.sink = server
server.start()
thread = threading.Thread(target=owner.run, daemon=True)
thread.start()
owner.call(lambda s: (s.start(), s.poll())).result(10)
url = next(l["url"] for l in server.links() if l["key"] == "u-hq")
path_part = "/" + url.split("/", 3)[3]
conn = http.client.HTTPConnection(server.host, server.port, timeout=10)
conn.request("GET", path_part)
page = conn.getresponse()
page.read()
conn.request("POST", path_part + "api/submit", body=json.dumps({"kind": "receipt", "inject": 1}),
             headers={"Content-Type": "application/json"})
reply = json.loads(conn.getresponse().read())
server.stop(); owner.stop(); thread.join(10); session.close()
print(json.dumps({"page": page.status, "reply": reply, "ssl": "ssl" in sys.modules and sys.modules["ssl"] is not None}))
"""


def _excludes() -> list[str]:
    spec = importlib.util.spec_from_file_location(
        "plandrill_trim", ROOT / ".ci" / "packaging" / "trim.py"
    )
    assert spec is not None and spec.loader is not None
    trim = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(trim)
    # the tests package itself is excluded from the bundle but carries this probe's sample
    return [m for m in trim.PYTHON_EXCLUDES if not m.startswith(("PySide6", "tests"))]


def test_the_room_runs_without_the_modules_the_bundle_drops(tmp_path: Path) -> None:
    excludes = _excludes()
    assert "ssl" in excludes and "unittest" in excludes
    done = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(excludes)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout.splitlines()[-1])
    assert result == {
        "page": 200,
        "reply": {"ok": True, "seq": result["reply"]["seq"]},
        "ssl": False,
    }
