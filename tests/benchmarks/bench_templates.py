"""How long listing and rendering plan and drill templates take (run by hand, not collected).

    python tests/benchmarks/bench_templates.py

Target: a cached listing and the rendering of any template stay under 100 ms, so the
GUI's "new from template" wizard can do them on the GUI thread. The first listing parses
every file (about 130 ms for the eight built-in plans on a slow machine): warm it up off
the GUI thread.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from app.storage import templates


def _ms(fn, repeat: int = 20) -> float:  # type: ignore[no-untyped-def]
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best * 1000


def main() -> None:
    start = time.perf_counter()
    infos = templates.list_templates()
    cold = (time.perf_counter() - start) * 1000
    files = len(templates.list_templates(doc=None))  # the cold listing parses every kind
    print(f"list_templates, cold (parse {files} files): {cold:.1f} ms")
    print(f"list_templates, cached: {_ms(templates.list_templates):.2f} ms")
    for info in infos:
        ms = _ms(lambda i=info: templates.render_template_text(i.id, {}))
        print(f"render_template_text {info.id:<24} {ms:6.1f} ms")
    for info in templates.list_templates(doc=templates.TemplateDoc.DRILL):
        ms = _ms(lambda i=info: templates.render_drill_text(i.id, {}))
        print(f"render_drill_text    {info.id:<24} {ms:6.1f} ms")


if __name__ == "__main__":
    main()
