"""Start and stop the scaled topology (scripts/run-scaled.sh: nginx, API and Rasa processes under
scripts/supervise.py, PostgreSQL, Redis) on ports of the caller's choosing, for the fault tests and
the benchmark. Its own var folder, PostgreSQL database and Redis databases."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from tests.local_stack import DERIVED, MODEL_DIR, run_until_ready


@dataclass
class ScaledStack:
    process: subprocess.Popen
    var_dir: Path
    api_port: int
    rasa_port: int
    start_seconds: float
    env: dict = field(default_factory=dict)

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.api_port}"

    @property
    def rasa_url(self) -> str:
        return f"http://127.0.0.1:{self.rasa_port}"

    def state(self) -> dict:
        """The supervisor's state: each process's pid and restart count."""
        return json.loads((self.var_dir / "scaled" / "state.json").read_text())["programs"]

    def pid(self, name: str) -> int:
        pid = self.state()[name]["pid"]
        if pid is None:
            raise AssertionError(f"{name} is not running")
        return pid

    def kill(self, name: str) -> int:
        """`kill -9` of a supervised process; returns its restart count before the kill."""
        before = self.state()[name]["restarts"]
        os.kill(self.pid(name), signal.SIGKILL)
        return before

    def wait_restarted(self, name: str, before: int, url: str, timeout: float = 120) -> float:
        """Seconds until the process was started again and `url` answers."""
        import httpx

        started = time.perf_counter()
        while time.perf_counter() - started < timeout:
            try:
                if self.state()[name]["restarts"] > before and httpx.get(url, timeout=2).status_code == 200:
                    return time.perf_counter() - started
            except (OSError, ValueError, KeyError, httpx.HTTPError):
                pass
            time.sleep(0.2)
        raise AssertionError(f"{name} was not back within {timeout} s; see {self.var_dir}/scaled/log/")

    def server_pids(self) -> dict[str, int]:
        return {name: program["pid"] for name, program in self.state().items() if program["pid"]}

    def stop(self) -> None:
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=40)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)


def start(var_dir: Path, api_port: int, rasa_port: int, extra_env: dict[str, str] | None = None,
          timeout: float = 420) -> ScaledStack:
    """Start scripts/run-scaled.sh and wait until every process and the proxy answer."""
    var_dir.mkdir(parents=True, exist_ok=True)
    ready = var_dir / "ready"
    ready.unlink(missing_ok=True)
    env = {**os.environ, "OPAS_API_PORT": str(api_port), "OPAS_RASA_PORT": str(rasa_port),
           "OPAS_VAR_DIR": str(var_dir), "OPAS_MODEL_DIR": str(MODEL_DIR), "OPAS_RUN_READY_FILE": str(ready),
           **(extra_env or {})}
    for name in (*DERIVED, "DATABASE_URL"):
        env.pop(name, None)
    process, seconds = run_until_ready("scripts/run-scaled.sh", env, ready, var_dir / "run-scaled.log", timeout)
    return ScaledStack(process, var_dir, api_port, rasa_port, seconds, env)
