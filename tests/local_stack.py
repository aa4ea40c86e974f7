"""Start and stop a private Opas stack (api, rasa with its actions) on spare ports, for the end-to-end
tests and the benchmark: its own database and logs under `var_dir`, the trained model of
var/models, and the demo advisors loaded. One way of doing it, used by both."""
from __future__ import annotations

import os
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
MODEL_DIR = REPO / "var" / "models"
# scripts/env.sh derives these from the ports and the var folder; values inherited from a
# developer's shell (e.g. `make` sourcing env.sh) would point the private stack at the main one.
DERIVED = ("OPAS_API_URL", "OPAS_RASA_URL", "OPAS_PUBLIC_URL", "OPAS_TRACKER_DB")


class StackError(RuntimeError):
    """The stack did not come up; the message ends with its log."""


@dataclass
class LocalStack:
    process: subprocess.Popen
    ports: dict[str, str]
    start_seconds: float

    @property
    def rasa_url(self) -> str:
        return f"http://127.0.0.1:{self.ports['OPAS_RASA_PORT']}"

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.ports['OPAS_API_PORT']}"

    def server_pids(self) -> dict[str, int]:
        """The servers, in the order scripts/run.sh starts them."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split()
        return dict(zip(["api", "rasa"], map(int, children), strict=False))

    def stop(self) -> None:
        os.killpg(self.process.pid, signal.SIGTERM)  # run.sh stops its servers on TERM
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)


def start(var_dir: Path, ports: dict[str, str], extra_env: dict[str, str] | None = None,
          timeout: float = 300) -> LocalStack:
    """Migrate and load a fresh database under `var_dir`, start scripts/run.sh, wait until ready."""
    var_dir.mkdir(parents=True, exist_ok=True)
    ready = var_dir / "ready"
    ready.unlink(missing_ok=True)
    env = {**os.environ, **ports, **(extra_env or {}), "OPAS_VAR_DIR": str(var_dir),
           "OPAS_MODEL_DIR": str(MODEL_DIR), "OPAS_RUN_READY_FILE": str(ready),
           "DATABASE_URL": f"sqlite:///{var_dir}/opas.db"}
    for name in DERIVED:
        env.pop(name, None)
    python = str(REPO / ".venv" / "api" / "bin" / "python")
    for command in ("migrate", "load", "load-demo"):
        subprocess.run([python, "-m", "api.manage", command], cwd=REPO, env={**env, "PYTHONPATH": str(REPO)},
                       check=True, capture_output=True)
    process, seconds = run_until_ready("scripts/run.sh", env, ready, var_dir / "run.log", timeout)
    return LocalStack(process, ports, seconds)


def run_until_ready(script: str, env: dict[str, str], ready: Path, log_path: Path,
                    timeout: float) -> tuple[subprocess.Popen, float]:
    """Starts a run script in a process group of its own and waits for the file it touches when
    everything answers (OPAS_RUN_READY_FILE); returns the process and the seconds it took."""
    started = time.perf_counter()
    with open(log_path, "w") as log:
        process = subprocess.Popen(["bash", script], cwd=REPO, env=env, start_new_session=True,
                                   stdout=log, stderr=subprocess.STDOUT)
    while not ready.exists():
        if process.poll() is not None or time.perf_counter() - started > timeout:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(timeout=40)
            raise StackError(f"{script} did not start; see {log_path}:\n{log_path.read_text()[-3000:]}")
        time.sleep(0.05)
    return process, time.perf_counter() - started
