"""docker-compose.yml and the Dockerfiles, checked by reading them: no Docker engine runs here.

Each check is a function that returns a list of problems (empty when all is well), run once on the
real files and once on small broken examples, so that every check is seen to fail.
"""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
COMPOSE_FILE = REPO / "docker-compose.yml"
BOT_DOCKERFILE = REPO / "docker" / "bot.Dockerfile"

SECRETS = ("POSTGRES_PASSWORD", "OPAS_SERVICE_TOKEN", "OPAS_SECRET_KEY", "RASA_TOKEN")
# Start order db → api → actions → rasa: each waits for the ones it names to be healthy.
REQUIRED_DEPENDENCIES = {
    "api": ("postgres",),
    "actions": ("api",),
    "rasa": ("actions", "redis"),
}
# What the images run that the COPY lines do not name one by one (the COPYs take whole folders).
FILES_THE_IMAGES_RUN = (
    "bot/config.yml",  # rasa train --config
    "bot/domain",  # rasa train --domain
    "bot/data",  # rasa train --data
    "bot/endpoints.yml",  # turned into bot/endpoints.docker.yml at build
    "bot/credentials.yml",  # rasa run --credentials
    "actions/__init__.py",  # python -m rasa_sdk --actions actions
    "api/app/main.py",  # uvicorn --factory api.app.main:create_app
)
SECRET_LOOKING_KEY = re.compile(r"PASSWORD|TOKEN|SECRET|(^|_)KEY$")
VARIABLE = re.compile(r"(?<!\$)\$\{(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?P<modifier>[^}]*)\}")
HEREDOC = re.compile(r"<<-?\s*(['\"]?)(?P<word>[A-Za-z_][A-Za-z0-9_]*)\1")


# --- reading ---------------------------------------------------------------------------------

def load_compose(path: Path = COMPOSE_FILE) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def strings_in(value: Any) -> Iterator[str]:
    """Every string of a parsed YAML document, keys included."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from strings_in(key)
            yield from strings_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings_in(item)


def environment_of(service: dict[str, Any]) -> dict[str, str]:
    env = service.get("environment") or {}
    if isinstance(env, list):
        env = dict(item.split("=", 1) if "=" in item else (item, "") for item in env)
    return {str(key): "" if value is None else str(value) for key, value in env.items()}


def dockerfile_instructions(text: str) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) per logical line: continuations joined, heredoc bodies skipped."""
    instructions: list[tuple[str, str]] = []
    lines = iter(text.splitlines())
    pending = ""
    for line in lines:
        if not pending and (not line.strip() or line.lstrip().startswith("#")):
            continue
        if line.rstrip().endswith("\\"):
            pending += line.rstrip()[:-1] + " "
            continue
        logical = pending + line
        pending = ""
        for delimiter in [m.group("word") for m in HEREDOC.finditer(logical)]:
            for body_line in lines:
                if body_line.strip() == delimiter:
                    break
        keyword, _, arguments = logical.strip().partition(" ")
        instructions.append((keyword.upper(), arguments.strip()))
    return instructions


def copy_sources(dockerfile_text: str) -> list[str]:
    """The context paths that COPY and ADD take; copies from other stages and URLs are left out."""
    sources: list[str] = []
    for keyword, arguments in dockerfile_instructions(dockerfile_text):
        if keyword not in ("COPY", "ADD") or HEREDOC.search(arguments):
            continue
        words = yaml.safe_load(arguments) if arguments.startswith("[") else shlex.split(arguments)
        flags = [w for w in words if w.startswith("--")]
        if any(flag.startswith("--from=") for flag in flags):
            continue
        paths = [w for w in words if not w.startswith("--")]
        sources += [p for p in paths[:-1] if not re.match(r"https?://", p)]
    return sources


def dockerignore_patterns(context: Path) -> list[str]:
    path = context / ".dockerignore"
    if not path.exists():
        return []
    lines = (line.strip() for line in path.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def _pattern_regex(pattern: str) -> re.Pattern[str]:
    pattern = pattern.strip("/")
    out = ""
    i = 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out, i = out + "(?:.*/)?", i + 3
        elif pattern.startswith("**", i):
            out, i = out + ".*", i + 2
        elif pattern[i] == "*":
            out, i = out + "[^/]*", i + 1
        elif pattern[i] == "?":
            out, i = out + "[^/]", i + 1
        else:
            out, i = out + re.escape(pattern[i]), i + 1
    return re.compile(out + r"\Z")


def is_dockerignored(relative: str, patterns: list[str]) -> bool:
    """Docker's rule: the last matching pattern wins; a match on a parent folder excludes it all."""
    parts = relative.strip("/").split("/")
    candidates = ["/".join(parts[: n + 1]) for n in range(len(parts))]
    ignored = False
    for pattern in patterns:
        negated = pattern.startswith("!")
        regex = _pattern_regex(pattern.lstrip("!"))
        if any(regex.match(candidate) for candidate in candidates):
            ignored = not negated
    return ignored


# --- checks ----------------------------------------------------------------------------------

def healthcheck_problems(compose: dict[str, Any]) -> list[str]:
    problems = []
    for name, service in (compose.get("services") or {}).items():
        check = service.get("healthcheck") or {}
        if not check.get("test") or check.get("disable"):
            problems.append(f"service {name!r} has no healthcheck")
    return problems


def start_order_problems(compose: dict[str, Any]) -> list[str]:
    services = compose.get("services") or {}
    problems = []
    for name, needs in REQUIRED_DEPENDENCIES.items():
        if name not in services:
            problems.append(f"service {name!r} is missing")
            continue
        depends_on = services[name].get("depends_on") or {}
        if isinstance(depends_on, list):  # the short form waits for nothing but the start
            depends_on = {dependency: {} for dependency in depends_on}
        for dependency in needs:
            if dependency not in services:
                problems.append(f"service {dependency!r} (needed by {name!r}) is missing")
            condition = (depends_on.get(dependency) or {}).get("condition")
            if condition != "service_healthy":
                problems.append(f"{name!r} must wait for {dependency!r} with condition: service_healthy")
    return problems


def build_problems(compose: dict[str, Any], repo: Path = REPO) -> list[str]:
    problems = []
    for name, service in (compose.get("services") or {}).items():
        build = service.get("build")
        if build is None:
            continue
        build = {"context": build} if isinstance(build, str) else build
        context = repo / build.get("context", ".")
        dockerfile = context / build.get("dockerfile", "Dockerfile")
        if not context.is_dir():
            problems.append(f"{name}: build context {context} does not exist")
        elif not dockerfile.is_file():
            problems.append(f"{name}: {dockerfile} does not exist")
    return problems


def built_images(compose: dict[str, Any], repo: Path = REPO) -> list[tuple[Path, Path]]:
    """(context, Dockerfile) of every service that builds, each pair once."""
    pairs = []
    for service in (compose.get("services") or {}).values():
        build = service.get("build")
        if build is None:
            continue
        build = {"context": build} if isinstance(build, str) else build
        context = (repo / build.get("context", ".")).resolve()
        pair = (context, context / build.get("dockerfile", "Dockerfile"))
        if pair not in pairs:
            pairs.append(pair)
    return pairs


def copy_problems(context: Path, dockerfile: Path) -> list[str]:
    problems = []
    patterns = dockerignore_patterns(context)
    for source in copy_sources(dockerfile.read_text(encoding="utf-8")):
        relative = source.lstrip("/").rstrip("/") or "."
        if not list(context.glob(relative)) and not (context / relative).exists():
            problems.append(f"{dockerfile.name}: COPY {source}: not in the build context")
        elif relative != "." and is_dockerignored(relative, patterns):
            problems.append(f"{dockerfile.name}: COPY {source}: excluded by .dockerignore")
    return problems


def image_problems(dockerfile: Path) -> list[str]:
    """A slim base and a non-root user."""
    instructions = dockerfile_instructions(dockerfile.read_text(encoding="utf-8"))
    problems = []
    bases = [arguments.split()[0] for keyword, arguments in instructions if keyword == "FROM"]
    if not bases or "slim" not in bases[-1]:
        problems.append(f"{dockerfile.name}: the final base is not a slim image: {bases}")
    users = [arguments for keyword, arguments in instructions if keyword == "USER"]
    if not users or users[-1].split(":")[0] in ("root", "0"):
        problems.append(f"{dockerfile.name}: the image runs as root")
    return problems


def secret_problems(compose: dict[str, Any]) -> list[str]:
    """Secrets only as required variables (${VAR:?message}): no defaults, no literals."""
    problems = []
    seen = set()
    for text in strings_in(compose):
        for match in VARIABLE.finditer(text):
            name, modifier = match.group("name"), match.group("modifier")
            if name in SECRETS:
                seen.add(name)
                if not modifier.startswith((":?", "?")):
                    problems.append(f"${{{name}{modifier}}}: a secret must be ${{{name}:?message}}")
    problems += [f"{name} is never used" for name in SECRETS if name not in seen]
    for name, service in (compose.get("services") or {}).items():
        for key, value in environment_of(service).items():
            if SECRET_LOOKING_KEY.search(key):
                required = [m for m in VARIABLE.finditer(value) if m.group("modifier").startswith((":?", "?"))]
                if not required:
                    problems.append(f"{name}: {key} is not taken from a required variable")
    return problems


def port_problems(compose: dict[str, Any]) -> list[str]:
    problems = []
    for name, service in (compose.get("services") or {}).items():
        for port in service.get("ports") or []:
            host_ip = port.get("host_ip") if isinstance(port, dict) else None
            if isinstance(port, (str, int)):
                host_ip = str(port).split(":", 1)[0] if str(port).count(":") >= 2 else None
            if host_ip != "127.0.0.1":
                problems.append(f"{name}: port {port!r} is not bound to 127.0.0.1")
    return problems


def migration_problems(compose: dict[str, Any], repo: Path = REPO) -> list[str]:
    """The api service migrates and loads the data before it serves."""
    service = (compose.get("services") or {}).get("api") or {}
    command = service.get("command")
    if command is None:
        build = service.get("build") or {}
        build = {"context": build} if isinstance(build, str) else build
        dockerfile = repo / build.get("context", ".") / build.get("dockerfile", "Dockerfile")
        if not dockerfile.is_file():
            return ["api: no command and no Dockerfile"]
        commands = [a for k, a in dockerfile_instructions(dockerfile.read_text(encoding="utf-8")) if k == "CMD"]
        command = commands[-1] if commands else ""
    command = " ".join(command) if isinstance(command, list) else str(command)
    steps = [command.find(step) for step in ("api.manage migrate", "api.manage load", "uvicorn")]
    if -1 in steps or steps != sorted(steps):
        return [f"api: the command must migrate, load, then serve: {command!r}"]
    return []


def endpoints_script(dockerfile_text: str) -> tuple[list[str], str]:
    """The arguments and the body of the bot image's `RUN python - SOURCE TARGET <<'PY'`."""
    pattern = r"^RUN python - (?P<args>[^<\n]+)<<'PY'\n(?P<body>.*?)^PY$"
    match = re.search(pattern, dockerfile_text, re.MULTILINE | re.DOTALL)
    assert match, "bot.Dockerfile: the RUN python - ... <<'PY' step that writes the endpoints is gone"
    return match.group("args").split(), match.group("body")


def run_endpoints_script(source: Path, target: Path) -> dict[str, Any]:
    _, body = endpoints_script(BOT_DOCKERFILE.read_text(encoding="utf-8"))
    subprocess.run([sys.executable, "-", str(source), str(target)], input=body, text=True, check=True)
    return yaml.safe_load(target.read_text(encoding="utf-8"))


def unset_variable_problems(service_name: str, service: dict[str, Any], *documents: Any) -> list[str]:
    """Rasa stops when a ${VAR} of endpoints or credentials is unset: compose must set each."""
    env = environment_of(service)
    needed = {m.group("name") for doc in documents for text in strings_in(doc) for m in VARIABLE.finditer(text)}
    return [f"{service_name}: {name} is read by Rasa but not set" for name in sorted(needed - set(env))]


# --- the real files --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    return load_compose()


def test_every_service_has_a_healthcheck(compose):
    assert compose["services"], "no services"
    assert healthcheck_problems(compose) == []


def test_start_order_waits_for_health(compose):
    assert start_order_problems(compose) == []


def test_build_contexts_and_dockerfiles_exist(compose):
    assert build_problems(compose) == []
    dockerfiles = {dockerfile.name for _, dockerfile in built_images(compose)}
    assert dockerfiles == {"api.Dockerfile", "bot.Dockerfile"}


def test_every_copied_file_exists_and_is_not_dockerignored(compose):
    problems = [p for context, dockerfile in built_images(compose) for p in copy_problems(context, dockerfile)]
    assert problems == []


def test_what_the_images_run_exists():
    assert [path for path in FILES_THE_IMAGES_RUN if not (REPO / path).exists()] == []
    assert (REPO / "api" / "manage.py").is_file() or (REPO / "api" / "manage" / "__main__.py").is_file()


def test_images_are_slim_and_not_root(compose):
    assert [p for _, dockerfile in built_images(compose) for p in image_problems(dockerfile)] == []


def test_secrets_only_from_required_variables(compose):
    assert secret_problems(compose) == []


def test_ports_are_published_on_localhost_only(compose):
    assert port_problems(compose) == []


def test_api_migrates_and_loads_before_serving(compose):
    assert migration_problems(compose) == []


def test_docker_endpoints_move_the_stores_to_postgres_and_redis(tmp_path):
    local = tmp_path / "endpoints.yml"
    local.write_text(
        "action_endpoint:\n  url: http://127.0.0.1:5055/webhook\n"
        "nlg:\n  type: components.nlg.OpasNaturalLanguageGenerator\n"
        "  url: http://127.0.0.1:8000/nlg\n  timeout: 1.0\n"
        "tracker_store:\n  type: SQL\n  dialect: sqlite\n  db: ../var/tracker.db\n",
        encoding="utf-8",
    )
    docker = run_endpoints_script(local, tmp_path / "endpoints.docker.yml")
    assert docker["action_endpoint"]["url"] == "${OPAS_ACTIONS_URL}/webhook"
    assert docker["nlg"] == {"type": "components.nlg.OpasNaturalLanguageGenerator",
                             "url": "${OPAS_API_URL}/nlg", "timeout": 1.0}
    assert docker["tracker_store"]["dialect"] == "postgresql"
    assert docker["tracker_store"]["password"] == "${OPAS_TRACKER_DB_PASSWORD}"
    assert docker["lock_store"]["type"] == "redis"


def test_rasa_gets_every_variable_its_endpoints_and_credentials_read(compose, tmp_path):
    args, _ = endpoints_script(BOT_DOCKERFILE.read_text(encoding="utf-8"))
    assert args == ["bot/endpoints.yml", "bot/endpoints.docker.yml"]
    docker = run_endpoints_script(REPO / "bot" / "endpoints.yml", tmp_path / "endpoints.docker.yml")
    credentials = yaml.safe_load((REPO / "bot" / "credentials.yml").read_text(encoding="utf-8"))
    assert unset_variable_problems("rasa", compose["services"]["rasa"], docker, credentials) == []


# --- the checks can fail ---------------------------------------------------------------------

BROKEN = {
    "services": {
        "postgres": {"image": "postgres:16", "environment": {"POSTGRES_PASSWORD": "${POSTGRES_PASSWORD:-postgres}"}},
        "redis": {"image": "redis:7", "healthcheck": {"test": ["CMD", "redis-cli", "ping"]}},
        "api": {
            "build": {"context": ".", "dockerfile": "docker/nowhere.Dockerfile"},
            "command": "uvicorn api.app.main:app",
            "depends_on": ["postgres"],
            "environment": ["OPAS_SERVICE_TOKEN=changeme", "OPAS_SECRET_KEY=${OPAS_SECRET_KEY:?}"],
            "ports": ["8000:8000", {"target": 5005, "published": 5005, "host_ip": "0.0.0.0"}],
            "healthcheck": {"test": ["CMD", "true"]},
        },
        "actions": {"build": "no-such-folder", "depends_on": {"api": {"condition": "service_started"}},
                    "healthcheck": {"test": ["CMD", "true"]}},
        "rasa": {"image": "opas-bot", "healthcheck": {"disable": True},
                 "environment": {"RASA_TOKEN": "${RASA_TOKEN}", "X": "${UNSET_HERE:?}"}},
    }
}


def test_broken_compose_is_caught():
    assert healthcheck_problems(BROKEN) == ["service 'postgres' has no healthcheck",
                                            "service 'rasa' has no healthcheck"]
    order = start_order_problems(BROKEN)
    assert any("'api' must wait for 'postgres'" in p for p in order)
    assert any("'actions' must wait for 'api'" in p for p in order)
    assert any("'rasa' must wait for 'actions'" in p for p in order)
    assert any("'rasa' must wait for 'redis'" in p for p in order)
    assert len(build_problems(BROKEN)) == 2
    secrets = secret_problems(BROKEN)
    assert any("POSTGRES_PASSWORD:-postgres" in p for p in secrets)
    assert any("${RASA_TOKEN}" in p for p in secrets)
    assert "api: OPAS_SERVICE_TOKEN is not taken from a required variable" in secrets
    assert len(port_problems(BROKEN)) == 2
    assert migration_problems(BROKEN) != []
    assert unset_variable_problems("rasa", BROKEN["services"]["rasa"], {"url": "${TRACKER_DB_HOST}"}) == [
        "rasa: TRACKER_DB_HOST is read by Rasa but not set"]


def test_copy_check_catches_missing_ignored_and_root(tmp_path):
    (tmp_path / "present").mkdir()
    (tmp_path / "present" / "a.py").write_text("", encoding="utf-8")
    (tmp_path / "var").mkdir()
    (tmp_path / ".dockerignore").write_text("var\n**/*.pyc\n", encoding="utf-8")
    dockerfile = tmp_path / "Dockerfile"
    dockerfile.write_text(
        "FROM python:3.11\n"
        "COPY present/ missing.txt \\\n    /app/\n"
        "COPY --chown=1:1 var/ /app/var/\n"
        "COPY --from=builder /nowhere /app/\n"
        "RUN cat > x <<'EOF'\nCOPY not-an-instruction /\nEOF\n"
        'COPY ["present/a.py", "/app/a.py"]\n',
        encoding="utf-8",
    )
    assert copy_sources(dockerfile.read_text(encoding="utf-8")) == [
        "present/", "missing.txt", "var/", "present/a.py"]
    assert copy_problems(tmp_path, dockerfile) == [
        "Dockerfile: COPY missing.txt: not in the build context",
        "Dockerfile: COPY var/: excluded by .dockerignore",
    ]
    assert image_problems(dockerfile) == ["Dockerfile: the final base is not a slim image: ['python:3.11']",
                                          "Dockerfile: the image runs as root"]
    assert is_dockerignored("bot/__pycache__/x.pyc", ["**/*.pyc"])
    assert not is_dockerignored("bot/x.py", ["**/*.pyc", "bot", "!bot"])
