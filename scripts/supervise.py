#!/usr/bin/env python3
"""A small process supervisor for `make run-scaled` (standard library only).

    python3 scripts/supervise.py PROCFILE --log-dir DIR [--state FILE]

PROCFILE has one process a line, `name: command` (run by bash, in the supervisor's environment;
`#` starts a comment). Each process runs in its own process group with its output in
DIR/<name>.log. A process that exits, for whatever reason (a crash, `kill -9`, the OOM killer), is
started again after a pause that doubles from 0.5 s up to 10 s while it keeps dying young and goes
back to 0.5 s once it has run for 30 s. SIGTERM or SIGINT stop every process (TERM to its group,
KILL after 15 s) and then the supervisor. The state file (JSON, rewritten on every change) names
each process's current pid and how often it was restarted: the fault tests read it to know whom to
kill and to see the restart.

Why not honcho or supervisord: honcho stops everything when one process dies (no restarts), and
supervisord is a daemon with its own configuration language and socket; this is the one behaviour
needed, in one readable file, testable (tests/faults/).
"""
from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

FIRST_PAUSE, LONGEST_PAUSE, HEALTHY_AFTER, STOP_GRACE = 0.5, 10.0, 30.0, 15.0


@dataclass
class Program:
    name: str
    command: str
    log: Path
    process: subprocess.Popen | None = None
    started: float = 0.0
    restarts: int = 0
    pause: float = FIRST_PAUSE
    due: float = 0.0  # when to start it again after it died
    exits: list = field(default_factory=list)

    def start(self) -> None:
        with open(self.log, "ab") as out:
            # bash runs a lone command in its own place (the pid is the server's); a command of
            # several steps ends with `exec` for the same reason.
            self.process = subprocess.Popen(["bash", "-c", self.command], stdout=out,
                                            stderr=subprocess.STDOUT, start_new_session=True)
        self.started = time.monotonic()

    def died(self) -> int | None:
        """The exit status if the process has ended since the last look."""
        if self.process is None:
            return None
        status = self.process.poll()
        if status is None:
            return None
        # What it leaves behind (uvicorn's or nginx's workers, whose master was killed) would keep
        # the port: the whole group goes before it is started again.
        self.signal_group(signal.SIGKILL)
        self.process = None
        lived = time.monotonic() - self.started
        self.pause = FIRST_PAUSE if lived >= HEALTHY_AFTER else min(LONGEST_PAUSE, self.pause * 2)
        self.due = time.monotonic() + self.pause
        self.exits.append(status)
        return status

    def signal_group(self, signum: int) -> None:
        if self.process is not None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self.process.pid, signum)


def read_procfile(path: Path) -> list[tuple[str, str]]:
    entries = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        name, _, command = line.partition(":")
        if not command.strip() or not name.strip().replace("-", "").replace("_", "").isalnum():
            raise SystemExit(f"{path}: not `name: command`: {raw!r}")
        entries.append((name.strip(), command.strip()))
    return entries


class Supervisor:
    def __init__(self, programs: list[Program], state: Path | None) -> None:
        self.programs = programs
        self.state = state
        self.stopping = False

    def write_state(self) -> None:
        if self.state is None:
            return
        snapshot = {"supervisor": os.getpid(), "programs": {
            p.name: {"pid": p.process.pid if p.process else None, "restarts": p.restarts, "exits": p.exits[-5:]}
            for p in self.programs}}
        temporary = self.state.with_suffix(".tmp")
        temporary.write_text(json.dumps(snapshot), encoding="utf-8")
        temporary.replace(self.state)

    def stop(self, *_: object) -> None:
        self.stopping = True

    def run(self) -> int:
        signal.signal(signal.SIGTERM, self.stop)
        signal.signal(signal.SIGINT, self.stop)
        for program in self.programs:
            program.start()
            log(f"{program.name} started (pid {program.process.pid})")
        self.write_state()
        while not self.stopping:
            changed = False
            for program in self.programs:
                status = program.died()
                if status is not None:
                    log(f"{program.name} exited ({describe(status)}); starting it again in {program.pause:.1f} s")
                    changed = True
                if program.process is None and time.monotonic() >= program.due:
                    program.start()
                    program.restarts += 1
                    log(f"{program.name} started again (pid {program.process.pid}, restart {program.restarts})")
                    changed = True
            if changed:
                self.write_state()
            time.sleep(0.1)
        self.shutdown()
        return 0

    def shutdown(self) -> None:
        log("stopping every process")
        for program in self.programs:
            program.signal_group(signal.SIGTERM)
        deadline = time.monotonic() + STOP_GRACE
        for program in self.programs:
            if program.process is None:
                continue
            try:
                program.process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                program.signal_group(signal.SIGKILL)
                program.process.wait()
        if self.state is not None:
            self.state.unlink(missing_ok=True)


def describe(status: int) -> str:
    return f"signal {signal.Signals(-status).name}" if status < 0 else f"status {status}"


def log(message: str) -> None:
    print(f"{time.strftime('%H:%M:%S')} supervise: {message}", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("procfile", type=Path)
    parser.add_argument("--log-dir", type=Path, required=True)
    parser.add_argument("--state", type=Path)
    args = parser.parse_args()
    args.log_dir.mkdir(parents=True, exist_ok=True)
    programs = [Program(name, command, args.log_dir / f"{name}.log") for name, command in read_procfile(args.procfile)]
    return Supervisor(programs, args.state).run()


if __name__ == "__main__":
    sys.exit(main())
