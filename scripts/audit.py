"""Known vulnerabilities of both Python environments (pip-audit), with the allow-list of what Rasa
3.6 pins (docs/security.md, "Dependencies"); `make lint` runs it.

Needs the advisory database on the network: without it, it says so and succeeds (a soft skip), so
that lint and the tests never depend on the network. With it, a vulnerability in a package not
allowed below fails. npm audit: the widget has no npm dependencies (no package.json), nothing to do.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PIP_AUDIT = REPO / ".venv" / "api" / "bin" / "pip-audit"
ENVIRONMENTS = {
    "api": REPO / ".venv" / "api" / "lib" / "python3.11" / "site-packages",
    "rasa": REPO / ".venv" / "rasa" / "lib" / "python3.10" / "site-packages",
}
#: Pinned by Rasa 3.6, not upgradable without leaving it; each one's mitigation: docs/security.md.
ALLOWED = {"rasa": {"sanic", "sanic-cors", "aiohttp", "tensorflow", "numpy", "sqlalchemy"}}


def audit(name: str, site_packages: Path) -> list[str]:
    done = subprocess.run([str(PIP_AUDIT), "--path", str(site_packages), "-f", "json", "--progress-spinner", "off"],
                          capture_output=True, text=True, timeout=600)
    try:
        report = json.loads(done.stdout or "{}")
    except json.JSONDecodeError:
        report = {}
    dependencies = report.get("dependencies", [])
    if not dependencies or all("skip_reason" in d for d in dependencies):
        print(f"audit {name}: the advisory database is not reachable: skipped")
        return []
    allowed = ALLOWED.get(name, set())
    return [f"{name}: {d['name']} {d['version']}: {v['id']}" for d in dependencies for v in d.get("vulns", [])
            if d["name"].lower() not in allowed]


def main() -> int:
    if not PIP_AUDIT.exists():
        print("audit: pip-audit is not installed (requirements/api.in): skipped")
        return 0
    found = [line for name, path in ENVIRONMENTS.items() if path.exists() for line in audit(name, path)]
    for line in found:
        print(line)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
