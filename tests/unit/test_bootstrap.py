"""The README's commands: the venv comes from the lock, and a desktop without Qt's xcb
libraries gets one apt line in Chinese instead of a silent exit."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from app import bootstrap

# What `ldd libqxcb.so` printed on a Debian desktop that lacked two xcb libraries.
LDD_MISSING = """\
\tlinux-vdso.so.1 (0x00007ffd0a5f2000)
\tlibQt6XcbQpa.so.6 => /v/lib/python3.11/site-packages/PySide6/Qt/lib/libQt6XcbQpa.so.6 (0x1)
\tlibxcb-cursor.so.0 => /lib/x86_64-linux-gnu/libxcb-cursor.so.0 (0x2)
\tlibxcb-icccm.so.4 => not found
\tlibxcb-keysyms.so.1 => not found
\tlibxcb-icccm.so.4 => not found
\tlibxcb.so.1 => /lib/x86_64-linux-gnu/libxcb.so.1 (0x3)
"""
LDD_COMPLETE = "\tlibxcb.so.1 => /lib/x86_64-linux-gnu/libxcb.so.1 (0x3)\n"


@pytest.fixture
def venv_with_plugin(tmp_path: Path) -> Path:
    plugin = (
        tmp_path
        / "lib"
        / "python3.11"
        / "site-packages"
        / "PySide6"
        / "Qt"
        / "plugins"
        / "platforms"
        / "libqxcb.so"
    )
    plugin.parent.mkdir(parents=True)
    plugin.write_bytes(b"")
    (tmp_path / "bin").mkdir()
    return tmp_path / "bin" / "python"


def test_not_found_sonames_are_read_once_each_in_order() -> None:
    assert bootstrap.not_found_sonames(LDD_MISSING) == ["libxcb-icccm.so.4", "libxcb-keysyms.so.1"]


def test_known_sonames_map_to_debian_packages() -> None:
    packages, unknown = bootstrap.packages_for(
        ["libxcb-icccm.so.4", "libxcb-keysyms.so.1", "libxcb-cursor.so.0", "libfoo.so.9"]
    )
    assert packages == ["libxcb-icccm4", "libxcb-keysyms1", "libxcb-cursor0"]
    assert unknown == ["libfoo.so.9"]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the xcb plugin is Linux's")
def test_missing_xcb_libraries_give_one_apt_line_in_chinese(venv_with_plugin: Path) -> None:
    seen: list[Path] = []

    def ldd(path: Path) -> str:
        seen.append(path)
        return LDD_MISSING

    advice = bootstrap.xcb_advice(venv_with_plugin, {"DISPLAY": ":0"}, ldd=ldd)
    assert advice is not None
    assert seen and seen[0].name == "libqxcb.so"
    apt = [line.strip() for line in advice.splitlines() if "apt-get" in line]
    assert apt == ["sudo apt-get install -y libxcb-icccm4 libxcb-keysyms1"]
    assert "缺少系统库" in advice
    assert re.search(r"[\u4e00-\u9fff]", advice.splitlines()[0])


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the xcb plugin is Linux's")
def test_no_advice_when_the_plugin_loads_or_is_not_used(venv_with_plugin: Path) -> None:
    complete = bootstrap.xcb_advice(venv_with_plugin, {"DISPLAY": ":0"}, ldd=lambda p: LDD_COMPLETE)
    assert complete is None
    offscreen = {"DISPLAY": ":0", "QT_QPA_PLATFORM": "offscreen"}
    assert bootstrap.xcb_advice(venv_with_plugin, offscreen, ldd=lambda p: LDD_MISSING) is None
    wayland = {"WAYLAND_DISPLAY": "wayland-0", "XDG_SESSION_TYPE": "wayland", "DISPLAY": ":0"}
    assert bootstrap.xcb_advice(venv_with_plugin, wayland, ldd=lambda p: LDD_MISSING) is None
    forced = {"QT_QPA_PLATFORM": "xcb"}
    assert bootstrap.xcb_advice(venv_with_plugin, forced, ldd=lambda p: LDD_MISSING) is not None


def test_run_stops_before_starting_qt_when_libraries_are_missing(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    started: list[list[str]] = []
    monkeypatch.setattr(bootstrap, "ensure_venv", lambda: Path("/v/bin/python"))
    monkeypatch.setattr(bootstrap, "missing_linux_libs", lambda: [])
    monkeypatch.setattr(bootstrap, "xcb_advice", lambda py, env: "[plandrill] 缺少系统库 …")
    monkeypatch.setattr(bootstrap.subprocess, "call", lambda cmd, **kw: started.append(cmd) or 0)
    assert bootstrap.main(["run"]) == 1
    assert started == []
    assert "缺少系统库" in capsys.readouterr().err


def test_the_venv_installs_exactly_the_lock_then_the_project() -> None:
    first, second = bootstrap.install_commands(Path("/v/bin/python"))
    assert "--require-hashes" in first and str(bootstrap.LOCK) in first
    assert "--no-deps" in second and "-e" in second and str(bootstrap.ROOT) in second


def test_the_stamp_follows_the_lock(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    lock = tmp_path / "requirements.lock"
    (tmp_path / "pyproject.toml").write_text("[project]\n", encoding="utf-8")
    lock.write_text("a==1 --hash=sha256:00\n", encoding="utf-8")
    monkeypatch.setattr(bootstrap, "LOCK", lock)
    monkeypatch.setattr(bootstrap, "ROOT", tmp_path)
    before = bootstrap.stamp_digest()
    lock.write_text("a==2 --hash=sha256:11\n", encoding="utf-8")
    assert bootstrap.stamp_digest() != before


def test_the_lock_pins_every_package_with_hashes() -> None:
    text = bootstrap.LOCK.read_text(encoding="utf-8")
    entries = re.findall(r"^([A-Za-z0-9_.\-]+)==(\S+)(.*?)(?=^\S|\Z)", text, re.M | re.S)
    assert entries, "the lock is empty"
    names = {name.lower() for name, _, _ in entries}
    for required in ("pyside6-essentials", "python-docx", "jinja2", "pyyaml", "pytest-qt"):
        assert required in names
    for name, _, rest in entries:
        assert "--hash=sha256:" in rest, f"{name} has no hash"
    for line in text.splitlines():
        if line and not line.startswith((" ", "#")):
            assert "==" in line, f"not pinned: {line}"
    # the direct dependencies of pyproject are all in the lock
    import tomllib

    project = tomllib.loads((bootstrap.ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    wanted = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        wanted += extra
    for spec in wanted:
        name = re.split(r"[<>=!~\[; ]", spec, maxsplit=1)[0].lower().replace("_", "-")
        assert name in names, f"{spec} is in pyproject.toml but not in the lock"
