"""Template payloads execute nothing and read no file.

jinja2 payloads go everywhere a user's text meets a template: plan text (titles,
bodies, contact and unit names) through the export, values typed for ``new --set``,
user plan templates, export boilerplate overrides (``--templates``) and the
placeholders on the cover of a reference .docx. A child process installs an audit hook
(``sys.addaudithook``) before any of it runs and records every file it opens and every
attempt to start a process or load a library; the parent then checks that

* no process was started (``subprocess``, ``os.system``, ``exec``, ``fork``, ``spawn``),
* no file outside the app, Python itself and the test's own folder was opened, and the
  secret file the payloads aim at was never opened,
* a payload in plan text or in a value comes out as literal text, never evaluated,
* a payload in a template the user edits is refused with its file and line.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import HOSTILE_VALUES, ROOT

SECRET = "TOP-SECRET-7b3f"

# Payloads a template author might try, each aimed at the secret file or a shell.
TEMPLATE_PAYLOADS = [
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ cycler.__init__.__globals__.os.system('touch {pwned}') }}",
    "{{ lipsum.__globals__['os'].popen('id').read() }}",
    "{{ joiner.__init__.__globals__.os.popen('touch {pwned}') }}",
    "{{ namespace.__init__.__globals__.__builtins__.open('{secret}').read() }}",
    "{% include '{secret}' %}",
    "{% import '{secret}' as s %}{{ s }}",
    "{% extends '{secret}' %}",
    "{{ self._TemplateReference__context }}",
    "{{ title.__class__.__base__.__subclasses__() }}",
    "{{ title.format_map }}",
    "{% for i in range(10**9) %}x{% endfor %}",
    "{{ 'x' * 10**9 }}",
    "{% macro f(s, n) %}{% if n %}{{ f(s ~ s, n - 1) }}{% else %}{{ s }}{% endif %}"
    "{% endmacro %}{{ f('x', 60) }}",
    "{% macro f(n) %}{{ f(n) }}{% endmacro %}{{ f(1) }}",
    "{% for a in range(999) %}{% for b in range(999) %}{% for c in range(999) %}x"
    "{% endfor %}{% endfor %}{% endfor %}",
    "{{ config }}{{ request }}{{ url_for }}",
]

# A payload in text that must come out literally (the product is 1337, never printed).
LITERAL = "{{ 7*191 }}{% raw %}x{% endraw %}"

CHILD = r"""
import json, os, sys
from pathlib import Path

events = []
PROCESS_EVENTS = ("subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.spawn",
                  "os.fork", "os.forkpty", "pty.spawn", "ctypes.dlopen", "socket.connect",
                  "webbrowser.open")


def hook(event, args):
    if event == "open":
        path = args[0]
        if isinstance(path, int):
            return
        events.append(["open", os.fsdecode(path), str(args[1])])
    elif event.startswith(PROCESS_EVENTS):
        events.append([event, repr(args)[:200]])


sys.addaudithook(hook)

work = Path(sys.argv[1])
plan_text = Path(sys.argv[2]).read_text(encoding="utf-8")
payloads = json.loads(Path(sys.argv[3]).read_text(encoding="utf-8"))
results = {}

from app.export import ExportOptions, export_cards, export_plan, write_reference_doc
from app.storage.errors import StorageError
from app.storage.plans import loads_plan
from app.storage.templates import render_template


def attempt(name, fn):
    try:
        fn()
        results[name] = {"ok": True}
    except StorageError as exc:
        results[name] = {"ok": False, "file": exc.filename, "line": exc.line,
                         "message": exc.text("zh")}


plan = loads_plan(plan_text).model

# 1. payloads in plan text, through the built-in templates
attempt("plan", lambda: export_plan(plan, work / "plan.docx"))
attempt("cards", lambda: export_cards(plan, work / "cards.docx"))

# 2. payloads as values for "new --set"
for i, value in enumerate(payloads["values"]):
    values = {"unit.name": value, "unit.principal": value}
    attempt(f"value{i}", lambda v=values: (work / f"value{i}.txt").write_text(
        json.dumps(render_template("hazchem-comprehensive", v).model_dump(mode="json"),
                   ensure_ascii=False), encoding="utf-8"))

# 3. user plan templates, one payload each
for i in range(len(payloads["template"])):
    attempt(f"usertemplate{i}",
            lambda i=i: render_template(f"evil{i}", {}, [work / "usertemplates"]))

# 4. export boilerplate overrides, one payload each
for i in range(len(payloads["template"])):
    folder = work / f"boilerplate{i}"
    attempt(f"boilerplate{i}", lambda f=folder, i=i: export_plan(
        plan, work / f"boilerplate{i}.docx", options=ExportOptions(template_dir=f)))
attempt("boilerplate-cards", lambda: export_cards(
    plan, work / "boilerplate-cards.docx",
    options=ExportOptions(template_dir=work / "boilerplate0")))

# 5. placeholders on the cover of a reference .docx
import docx
write_reference_doc(work / "ref.docx")
for i, payload in enumerate(payloads["template"]):
    document = docx.Document(str(work / "ref.docx"))
    target = next(p for p in document.paragraphs if "{{" in p.text)
    for run in target.runs[1:]:
        run.text = ""
    target.runs[0].text = payload
    document.save(str(work / f"ref{i}.docx"))
    attempt(f"reference{i}", lambda i=i: export_plan(
        plan, work / f"reference{i}.docx",
        options=ExportOptions(reference_doc=work / f"ref{i}.docx")))

print(json.dumps({"events": events, "results": results}, ensure_ascii=False))
"""


def _plan_text() -> str:
    """A plan whose every kind of text holds a payload."""
    nasty = [LITERAL, *HOSTILE_VALUES]
    sections = [
        {"id": f"s{i}", "title": text, "body": f"{text}\n{text}"} for i, text in enumerate(nasty)
    ]
    data = {
        "schema": "plandrill/plan@1",
        "meta": {
            "title": LITERAL,
            "kind": "enterprise_comprehensive",
            "unit": {"name": LITERAL, "principal": HOSTILE_VALUES[2]},
            "approved_by": HOSTILE_VALUES[0],
            "code": HOSTILE_VALUES[4],
            "version": LITERAL,
        },
        "sections": sections,
        "organization": {
            "command": {"id": "hq", "name": LITERAL, "duties": nasty},
            "groups": [{"id": "g1", "name": HOSTILE_VALUES[1], "lead": LITERAL}],
        },
        "contacts": [
            {"id": f"c{i}", "name": text, "role": text, "phone": "119"}
            for i, text in enumerate(nasty)
        ],
        "procedures": [
            {
                "id": "p1",
                "title": LITERAL,
                "steps": [{"id": "st1", "actor": "g1", "action": LITERAL, "contacts": ["c0"]}],
            }
        ],
    }
    from app.model.plan import Plan
    from app.storage.plans import dumps_plan

    return dumps_plan(Plan.model_validate(data))


def _user_template(payload: str) -> str:
    """A user plan template whose title carries ``payload``."""
    return (
        "schema: plandrill/plan-template@1\n"
        "template:\n"
        "  id: ID\n"
        "  kind: enterprise_onsite\n"
        "  title: 恶意模板\n"
        "  variables:\n"
        "    - {name: unit.name, label: 单位, default: 甲}\n"
        "plan:\n"
        "  meta:\n"
        f"    title: {json.dumps(payload, ensure_ascii=False)}\n"
        "    kind: enterprise_onsite\n"
        '    unit: {name: "{{ unit.name }}"}\n'
    )


@pytest.fixture(scope="module")
def audited(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    work = tmp_path_factory.mktemp("audited")
    secret = work / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    pwned = work / "pwned"
    templates = [
        p.replace("{secret}", str(secret)).replace("{pwned}", str(pwned)) for p in TEMPLATE_PAYLOADS
    ]
    (work / "usertemplates").mkdir()
    for i, payload in enumerate(templates):
        text = _user_template(payload).replace("id: ID", f"id: evil{i}")
        (work / "usertemplates" / f"evil{i}.plan-template.yaml").write_text(text, "utf-8")
        folder = work / f"boilerplate{i}"
        folder.mkdir()
        (folder / "cover.j2").write_text(f"# {{{{ title }}}}\n^ {payload}\n", "utf-8")
        (folder / "card_note.j2").write_text(f"{payload}\n", "utf-8")
    (work / "plan.yaml").write_text(_plan_text(), encoding="utf-8")
    (work / "payloads.json").write_text(
        json.dumps({"template": templates, "values": [LITERAL, *HOSTILE_VALUES]}), "utf-8"
    )
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            CHILD,
            str(work),
            str(work / "plan.yaml"),
            str(work / "payloads.json"),
        ],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**os.environ, "PYTHONPATH": str(ROOT), "PYTHONDONTWRITEBYTECODE": "1"},
        cwd=work,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return work, json.loads(proc.stdout.strip().splitlines()[-1])


def _allowed(path: str, work: Path) -> bool:
    if path in sys.path and not os.path.exists(path):
        # a path-hook key such as the editable install's "__editable__.…__path_hook__":
        # the import system asks about it, no file is behind it
        return True
    real = os.path.realpath(path)
    roots = {
        sys.prefix,
        sys.base_prefix,
        sys.exec_prefix,
        str(ROOT / "app"),
        str(ROOT / "plan_templates"),
        str(ROOT / "resources"),
        str(work),
    }
    roots |= {os.path.realpath(r) for r in roots}
    return any(real == r or real.startswith(r.rstrip("/") + "/") for r in roots) or real in (
        "/dev/null",
        "/dev/urandom",
    )


def test_nothing_runs(audited: tuple[Path, dict]) -> None:
    work, found = audited
    started = [e for e in found["events"] if e[0] != "open"]
    assert not started, started
    assert not (work / "pwned").exists()


def test_no_file_outside_the_app_is_opened(audited: tuple[Path, dict]) -> None:
    work, found = audited
    opened = [e[1] for e in found["events"] if e[0] == "open"]
    assert opened, "the audit hook saw nothing: it was not installed"
    assert not [p for p in opened if os.path.realpath(p) == str(work / "secret.txt")]
    assert not [p for p in opened if not _allowed(p, work)]
    written = [e[1] for e in found["events"] if e[0] == "open" and e[2][:1] in "wax"]
    assert all(os.path.realpath(p).startswith(str(work)) for p in written), written


def test_payloads_in_plan_text_and_values_stay_literal(audited: tuple[Path, dict]) -> None:
    import docx

    work, found = audited
    results = found["results"]
    assert results["plan"] == {"ok": True} and results["cards"] == {"ok": True}
    for name in ("plan.docx", "cards.docx"):
        document = docx.Document(str(work / name))
        text = "\n".join(p.text for p in document.paragraphs)
        text += "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
        assert LITERAL in text and "1337" not in text, name
        assert SECRET not in text
    values = [k for k in results if k.startswith("value")]
    assert len(values) == 1 + len(HOSTILE_VALUES)
    for key in values:
        assert results[key] == {"ok": True}, results[key]
        rendered = json.loads((work / f"{key}.txt").read_text(encoding="utf-8"))
        index = int(key.removeprefix("value"))
        value = [LITERAL, *HOSTILE_VALUES][index]
        assert rendered["meta"]["unit"]["name"] == value.strip()


@pytest.mark.parametrize("kind", ["usertemplate", "boilerplate", "reference"])
def test_payloads_in_templates_are_refused_with_file_and_line(
    audited: tuple[Path, dict], kind: str
) -> None:
    import docx

    work, found = audited
    results = found["results"]
    for i, payload in enumerate(TEMPLATE_PAYLOADS):
        result = results[f"{kind}{i}"]
        if result["ok"]:  # harmless (e.g. printing a sandboxed method): no escape, no secret
            assert not _must_refuse(payload), (payload, result)
            if kind != "usertemplate":
                document = docx.Document(str(work / f"{kind}{i}.docx"))
                assert SECRET not in "\n".join(p.text for p in document.paragraphs)
            continue
        assert result["message"] and SECRET not in result["message"]
        if kind != "reference":  # a template file: named, with its line
            assert result["file"] and result["line"], (payload, result)
        assert not (work / f"{kind}{i}.docx").exists()
    refused = sum(not results[f"{kind}{i}"]["ok"] for i in range(len(TEMPLATE_PAYLOADS)))
    assert refused >= len(TEMPLATE_PAYLOADS) - 1
    assert results["boilerplate-cards"]["ok"] is False


def _must_refuse(payload: str) -> bool:
    """Payloads that reach for internals, other files, or unbounded work."""
    keys = ("__", "include", "import", "extends", "10**9", "macro", "range(999)", "config")
    return any(key in payload for key in keys)
