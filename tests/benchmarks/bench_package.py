"""Benchmark: build the filing package (备案材料) for a starter plan and for a large plan.

    python tests/benchmarks/bench_package.py [--repeat 3]

The large plan is the export benchmark's (~300 pages: 200 sections, 500 contacts, 1,000
resources, 50 procedures) with 200 risks added. Reports the time of the whole package
(plan, cards, reports, forms, zip) and of the plan export and three filing documents
alone. Target: the whole package of the large plan in under 5 s on one core, so the GUI's
progress bar is the only wait.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "benchmarks"))

from bench_export import build_plan  # noqa: E402

from app.export import plan_docx_bytes  # noqa: E402
from app.filing import PackageOptions, build_package  # noqa: E402
from app.filing.reports import resource_report, risk_report  # noqa: E402
from app.filing.review import review_form  # noqa: E402
from app.model.plan import Plan  # noqa: E402
from app.storage.templates import render_template  # noqa: E402

TODAY = dt.date(2026, 3, 20)


def large_plan() -> Plan:
    data = build_plan()
    data["risks"] = [
        {
            "id": f"r{i}",
            "hazard": f"危险源{i}",
            "place": f"装置区{i % 17}",
            "accident_types": ["火灾", "爆炸", "中毒和窒息"][: 1 + i % 3],
            "consequence": "可能造成人员伤亡和财产损失，影响范围为装置区及周边",
            "level": ["major", "significant", "general", "low"][i % 4],
            "controls": ["可燃气体检测报警", "紧急切断", "定期巡检"],
        }
        for i in range(200)
    ]
    return Plan.model_validate(data)


def timed(fn, repeat: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    plans = {
        "hazchem-comprehensive": render_template("hazchem-comprehensive", {}, use_examples=True),
        "large (~300 pages)": large_plan(),
    }
    for name, plan in plans.items():
        with tempfile.TemporaryDirectory() as tmp:
            n = iter(range(10_000))

            def package(plan: Plan = plan, tmp: str = tmp, n=n) -> None:  # type: ignore[no-untyped-def]
                options = PackageOptions(zip=True, today=TODAY, name=f"p{next(n)}")
                build_package(plan, tmp, options=options)

            whole = timed(package, args.repeat)
        export = timed(lambda plan=plan: plan_docx_bytes(plan), args.repeat)
        filing = timed(
            lambda plan=plan: [
                f(plan, TODAY).to_bytes() for f in (risk_report, resource_report, review_form)
            ],
            args.repeat,
        )
        print(
            f"{name}: package {whole:.2f} s; plan export {export:.2f} s; "
            f"risk + resource reports + 评审表 {filing:.2f} s"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
