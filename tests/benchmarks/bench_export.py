"""Benchmark: export a ~300-page plan to Word, against pandoc converting the same content.

    python tests/benchmarks/bench_export.py [--repeat 3] [--pages] [--profile]

The plan has 200 sections, 500 contacts, 1,000 resources and 50 procedures. The same
content is written as Markdown (headings, paragraphs, pipe tables, numbered steps) and
converted with ``pandoc -f markdown -t docx``. Target: the export is no slower than
pandoc. ``--pages`` renders the export with LibreOffice to count its pages;
``--profile`` prints where the export spends its time.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from app.export import export_plan  # noqa: E402
from app.model.plan import Plan  # noqa: E402

SENTENCES = [
    "发生事故后，现场人员应立即向值班室报告，说明事故发生的时间、地点、类别和已采取的措施。",
    "应急指挥部根据事故危害程度、影响范围和本单位控制事态的能力，确定响应级别并组织处置。",
    "各工作组按照职责分工，迅速集结到指定位置，做好人员疏散、警戒隔离、医疗救护和后勤保障。",
    "应急物资装备应建立台账，定期检查维护，确保数量充足、性能完好、取用方便。",
    "事态超出本单位处置能力时，应及时请求园区和地方人民政府有关部门给予支援。",
]


def build_plan(seed: int = 7) -> dict:
    rnd = random.Random(seed)

    def body(n: int) -> str:
        return "\n".join("".join(rnd.choice(SENTENCES) for _ in range(3)) for _ in range(n))

    sections = []
    count = 0
    for chapter in range(8):
        children = []
        for sub in range(12):
            grand = [
                {"id": f"s{chapter}-{sub}-{k}", "title": f"第{k + 1}项工作要求", "body": body(3)}
                for k in range(1)
            ]
            count += 1 + len(grand)
            children.append(
                {
                    "id": f"s{chapter}-{sub}",
                    "title": f"应急工作事项{sub + 1}",
                    "body": body(4),
                    "children": grand,
                }
            )
        count += 1
        sections.append(
            {
                "id": f"s{chapter}",
                "title": f"第{chapter + 1}部分应急管理要求",
                "body": body(2),
                "children": children,
            }
        )
    assert count == 200, count
    sections[3]["children"][0]["insert"] = ["procedures"]
    groups = [
        {
            "id": f"g{i}",
            "name": f"第{i + 1}工作组",
            "lead": f"组长{i + 1}",
            "duties": ["负责现场处置", "负责信息报送"],
        }
        for i in range(10)
    ]
    contacts = [
        {
            "id": f"c{i}",
            "name": f"联系人{i:03d}",
            "role": rnd.choice(["组长", "副组长", "成员", "值班员"]),
            "org": f"第{i % 10 + 1}工作组",
            "phone": f"0571-{rnd.randint(10000000, 99999999)}",
            "mobile": f"139{rnd.randint(10000000, 99999999)}",
        }
        for i in range(500)
    ]
    resources = [
        {
            "id": f"m{i}",
            "name": rnd.choice(["正压式空气呼吸器", "防化服", "堵漏工具", "应急照明灯", "灭火器"]),
            "model": f"XH-{rnd.randint(100, 999)}",
            "quantity": rnd.randint(1, 50),
            "unit": "套",
            "place": f"{rnd.randint(1, 9)}号应急物资库",
            "keeper": f"管理员{i % 30}",
            "contact": f"c{i % 500}",
        }
        for i in range(1000)
    ]
    procedures = [
        {
            "id": f"p{i}",
            "title": f"第{i + 1}类事故处置程序",
            "trigger": "接到事故报告",
            "steps": [
                {
                    "id": f"p{i}s{j}",
                    "actor": f"g{j % 10}",
                    "action": rnd.choice(SENTENCES),
                    "within_min": 5 * (j + 1),
                }
                for j in range(10)
            ],
        }
        for i in range(50)
    ]
    return {
        "schema": "plandrill/plan@1",
        "meta": {
            "title": "生产安全事故综合应急预案（基准测试）",
            "unit": {"name": "基准测试有限公司"},
        },
        "sections": sections,
        "organization": {
            "command": {"id": "hq", "name": "应急指挥部", "lead": "总经理"},
            "groups": groups,
        },
        "contacts": contacts,
        "resources": resources,
        "procedures": procedures,
        "appendices": [
            {"id": "a1", "title": "应急联系方式", "insert": ["contacts"]},
            {"id": "a2", "title": "应急物资装备清单", "insert": ["resources"]},
        ],
    }


def to_markdown(plan: Plan) -> str:
    """The same content as Markdown, the way a pandoc user would write it."""
    out: list[str] = [f"% {plan.meta.title}", ""]

    def walk(sections, level):  # type: ignore[no-untyped-def]
        for s in sections:
            out.extend([f"{'#' * level} {s.title}", ""])
            for line in s.body.splitlines():
                out.extend([line, ""])
            if "procedures" in s.insert:
                for p in plan.procedures:
                    out.extend([f"{'#' * (level + 1)} {p.title}", ""])
                    for n, step in enumerate(p.steps, 1):
                        out.append(f"{n}. {step.actor}：{step.action}（{step.within_min}分钟内）")
                    out.append("")
            walk(s.children, level + 1)

    walk(plan.sections, 1)
    out.extend(
        [
            "# 附件1 应急联系方式",
            "",
            "| 序号 | 姓名 | 职务 | 单位 | 办公电话 | 手机 |",
            "|---|---|---|---|---|---|",
        ]
    )
    for i, c in enumerate(plan.contacts, 1):
        out.append(f"| {i} | {c.name} | {c.role} | {c.org} | {c.phone} | {c.mobile} |")
    out.extend(
        [
            "",
            "# 附件2 应急物资装备清单",
            "",
            "| 序号 | 名称 | 型号 | 数量 | 存放位置 | 责任人 |",
            "|---|---|---|---|---|---|",
        ]
    )
    for i, r in enumerate(plan.resources, 1):
        out.append(
            f"| {i} | {r.name} | {r.model} | {r.quantity}{r.unit} | {r.place} | {r.keeper} |"
        )
    out.append("")
    return "\n".join(out)


def timed(fn, repeat: int) -> list[float]:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--pages", action="store_true", help="count pages with LibreOffice")
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    plan = Plan.model_validate(build_plan())
    work = Path(tempfile.mkdtemp(prefix="bench-export-"))
    out = work / "plan.docx"
    ours = timed(lambda: export_plan(plan, out), args.repeat)
    print(
        f"PlanDrill export: median {statistics.median(ours):.2f} s  (runs: {', '.join(f'{t:.2f}' for t in ours)})"
    )
    print(f"  {out.stat().st_size / 1024:.0f} KB")
    pandoc = shutil.which("pandoc")
    if pandoc is None:
        print("pandoc: not installed")
    else:
        md = work / "plan.md"
        md.write_text(to_markdown(plan), encoding="utf-8")
        target = work / "pandoc.docx"
        theirs = timed(
            lambda: subprocess.run(
                [pandoc, "-f", "markdown", "-t", "docx", "-o", str(target), str(md)], check=True
            ),
            args.repeat,
        )
        print(
            f"pandoc:           median {statistics.median(theirs):.2f} s  (runs: {', '.join(f'{t:.2f}' for t in theirs)})"
        )
        ratio = statistics.median(ours) / statistics.median(theirs)
        print(f"ratio export/pandoc: {ratio:.2f} ({'OK' if ratio <= 1 else 'SLOWER than pandoc'})")
    if args.pages:
        sys.path.insert(0, str(ROOT / "tests" / "visual"))
        from render_docx import to_pdf

        pdf = to_pdf(out, work, update_fields=False)
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
        pages = next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:"))
        print(f"pages (LibreOffice): {pages}")
    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        export_plan(plan, out)
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
