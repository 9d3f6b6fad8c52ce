"""Run the CLI on hostile input (or under OS limits) with a time and memory bound, and
see what it touched.

Starting ``python -m app`` costs about half a second of imports, and the bad-input
suite runs the CLI a few hundred times. ``CliRunner`` therefore starts one helper
process that imports the app once, then forks a fresh child for every command: the
child runs ``app.cli.main(argv)`` exactly as ``python -m app`` does, with its output
going to files, and the helper waits for it with a deadline (SIGKILL past it) and
reports its exit code, output, wall time and peak memory (``wait4`` rusage).

``snapshot(folder)`` hashes every file below a folder, so a test can prove that a
command changed nothing it was not asked to write.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import pytest

from tests.helpers import ROOT

DRIVER = r"""
import json, os, signal, sys, time, traceback

import app.cli
from app.cli import build_parser, main

build_parser()  # imports every command module before the first fork
import docx, lxml.etree  # noqa: E401,F401 - the export and the importer need them



def drop_dac_override():
    # root that file permissions bind: clear CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH and
    # CAP_FOWNER from this process's effective and permitted capabilities
    import ctypes

    class Header(ctypes.Structure):
        _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]

    class Data(ctypes.Structure):
        _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32),
                    ("inheritable", ctypes.c_uint32)]

    libc = ctypes.CDLL(None, use_errno=True)
    header, data = Header(0x20080522, 0), (Data * 2)()
    if libc.capget(ctypes.byref(header), data) != 0:
        raise OSError(ctypes.get_errno(), "capget")
    mask = ~((1 << 1) | (1 << 2) | (1 << 3)) & 0xFFFFFFFF
    data[0].effective &= mask
    data[0].permitted &= mask
    if libc.capset(ctypes.byref(header), data) != 0:
        raise OSError(ctypes.get_errno(), "capset")


def apply_limits(limits):
    if limits.get("fsize"):
        import resource

        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # EFBIG instead of a kill
        resource.setrlimit(resource.RLIMIT_FSIZE, (limits["fsize"], limits["fsize"]))
    if limits.get("drop_dac") and os.geteuid() == 0:
        drop_dac_override()


out = sys.stdout
for line in sys.stdin:
    job = json.loads(line)
    stdout_path, stderr_path = job["stdout"], job["stderr"]
    started = time.monotonic()
    pid = os.fork()
    if pid == 0:
        try:
            os.chdir(job["cwd"])
            for fd, name in ((1, stdout_path), (2, stderr_path)):
                handle = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
                os.dup2(handle, fd)
                os.close(handle)
            sys.stdout = open(1, "w", encoding="utf-8", closefd=False)
            sys.stderr = open(2, "w", encoding="utf-8", closefd=False)
            signal.signal(signal.SIGPIPE, signal.SIG_DFL)
            try:
                apply_limits(job.get("limits") or {})
            except OSError as exc:
                print("cannot apply the limits:", exc, file=sys.stderr)
                os._exit(98)
            if job.get("code") is not None:  # a snippet instead of the CLI
                sys.argv = ["-c", *job["argv"]]
                exec(compile(job["code"], "<job>", "exec"), {"__name__": "__main__"})
                code = 0
            else:
                code = main(job["argv"])
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 2
        except BaseException:
            traceback.print_exc()
            code = 99
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code)
    deadline = started + job["timeout"]
    timed_out = False
    while True:
        done, status, usage = os.wait4(pid, os.WNOHANG)
        if done:
            break
        if time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
            done, status, usage = os.wait4(pid, 0)
            timed_out = True
            break
        time.sleep(0.005)
    out.write(json.dumps({
        "status": os.waitstatus_to_exitcode(status),
        "seconds": time.monotonic() - started,
        "maxrss_kb": usage.ru_maxrss,
        "timed_out": timed_out,
    }) + "\n")
    out.flush()
"""


@dataclass
class CliRun:
    argv: list[str]
    returncode: int
    stdout: str
    stderr: str
    seconds: float
    maxrss_mb: float
    timed_out: bool

    @property
    def output(self) -> str:
        return self.stdout + self.stderr

    def describe(self) -> str:
        return (
            f"python -m app {' '.join(self.argv)} -> {self.returncode} "
            f"in {self.seconds:.2f}s, {self.maxrss_mb:.0f} MB\n"
            f"--- stdout\n{self.stdout[-3000:]}\n--- stderr\n{self.stderr[-3000:]}"
        )


class CliRunner:
    """One warm helper process that runs each CLI command in a forked child."""

    def __init__(self, workdir: Path, env: dict[str, str] | None = None) -> None:
        self.workdir = workdir
        self.workdir.mkdir(parents=True, exist_ok=True)
        self._count = 0
        environment = {
            **os.environ,
            **(env or {}),
            "PYTHONPATH": str(ROOT),
            "PYTHONIOENCODING": "utf-8",
            "PLANDRILL_LANG": "zh",
        }
        self._proc = subprocess.Popen(
            [sys.executable, "-c", DRIVER],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=environment,
            cwd=ROOT,
            text=True,
            encoding="utf-8",
        )
        self.baseline_mb = 0.0
        # a first run measures what the warm process itself occupies
        self.baseline_mb = self.run(["--version"], cwd=workdir).maxrss_mb

    def run(
        self,
        argv: list[str],
        *,
        cwd: Path,
        timeout: float = 30.0,
        limits: dict[str, object] | None = None,
        code: str | None = None,
    ) -> CliRun:
        """``python -m app ARGV`` in ``cwd``; or, with ``code``, that Python snippet with
        ``sys.argv[1:] = argv``. ``limits``: ``fsize`` (bytes any one file may grow to;
        writes past it fail with EFBIG) and ``drop_dac`` (as root, give up overriding
        file permissions); exit code 98 means they could not be applied."""
        self._count += 1
        out = self.workdir / f"run{self._count}.out"
        err = self.workdir / f"run{self._count}.err"
        job = {
            "argv": [str(a) for a in argv],
            "cwd": str(cwd),
            "timeout": timeout,
            "stdout": str(out),
            "stderr": str(err),
            "limits": limits or {},
            "code": code,
        }
        stdin: IO[str] | None = self._proc.stdin
        stdout: IO[str] | None = self._proc.stdout
        assert stdin is not None and stdout is not None
        stdin.write(json.dumps(job) + "\n")
        stdin.flush()
        line = stdout.readline()
        if not line:
            raise RuntimeError("the CLI helper process died")
        result = json.loads(line)
        run = CliRun(
            argv=job["argv"],
            returncode=result["status"],
            stdout=out.read_text(encoding="utf-8", errors="replace"),
            stderr=err.read_text(encoding="utf-8", errors="replace"),
            seconds=result["seconds"],
            maxrss_mb=result["maxrss_kb"] / 1024,
            timed_out=result["timed_out"],
        )
        out.unlink()
        err.unlink()
        return run

    def close(self) -> None:
        if self._proc.stdin is not None:
            self._proc.stdin.close()
        try:
            self._proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._proc.wait()
        if self._proc.stdout is not None:
            self._proc.stdout.close()


@contextlib.contextmanager
def warm_cli(factory: pytest.TempPathFactory, name: str) -> Iterator[CliRunner]:
    """A ``CliRunner`` with its own home folder, closed afterwards (for fixtures)."""
    home = factory.mktemp(f"{name}-home")
    runner = CliRunner(factory.mktemp(f"{name}-runs"), env={"PLANDRILL_HOME": str(home)})
    try:
        yield runner
    finally:
        runner.close()


def snapshot(folder: Path, hash_up_to: int = 1 << 62) -> dict[str, str]:
    """Every entry below ``folder`` (hidden ones too) with the SHA-256 of its content.

    Files larger than ``hash_up_to`` bytes are fingerprinted by size and modification
    time instead, so a suite can check a folder holding a 50 MB file after every command.
    Links are recorded by where they point and FIFOs, devices and sockets by their type:
    neither is followed or read (a link to /dev/zero, a FIFO nobody writes to).
    """
    found: dict[str, str] = {}
    for top, dirs, files in os.walk(folder, followlinks=False):
        for name in sorted(dirs + files):
            path = Path(top) / name
            key = path.relative_to(folder).as_posix()
            info = path.lstat()
            if stat.S_ISLNK(info.st_mode):
                found[key] = "link:" + os.readlink(path)
            elif stat.S_ISDIR(info.st_mode):
                continue
            elif not stat.S_ISREG(info.st_mode):
                found[key] = f"special:{stat.S_IFMT(info.st_mode):o}"
            elif info.st_size > hash_up_to:
                found[key] = f"{info.st_size}@{info.st_mtime_ns}"
            else:
                digest = hashlib.sha256()
                with path.open("rb") as handle:
                    for block in iter(lambda h=handle: h.read(1 << 20), b""):
                        digest.update(block)
                found[key] = digest.hexdigest()
    return dict(sorted(found.items()))


def assert_no_crash(run: CliRun, *, memory_mb: float, baseline_mb: float) -> None:
    """No hang, no traceback, no internal error, and memory within bounds."""
    assert not run.timed_out, f"hung past its time limit:\n{run.describe()}"
    assert "Traceback" not in run.output, run.describe()
    assert run.returncode not in (3, 99) and run.returncode >= 0, run.describe()
    assert "内部错误" not in run.output, run.describe()
    grown = run.maxrss_mb - baseline_mb
    assert grown < memory_mb, f"used {grown:.0f} MB more than the idle CLI:\n{run.describe()}"
