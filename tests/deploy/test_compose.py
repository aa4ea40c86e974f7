"""docker-compose.yml and the Dockerfiles, checked by reading them: no Docker engine runs here.

Each check is a function that returns a list of problems (empty when all is well), run once on the
real files and once on small broken examples, so that every check is seen to fail.
"""

from __future__ import annotations

import ast
import posixpath
import re
import shlex
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
COMPOSE_FILE = REPO / "docker-compose.yml"
BOT_DOCKERFILE = REPO / "docker" / "bot.Dockerfile"
API_DOCKERFILE = REPO / "docker" / "api.Dockerfile"
ENV_SH = REPO / "scripts" / "env.sh"
# What the bot image's `rasa run --endpoints` names: the Redis endpoints of the local scaled setup.
RASA_ENDPOINTS_IN_IMAGE = "/app/bot/endpoints.redis.yml"

SECRETS = ("POSTGRES_PASSWORD", "OPAS_SERVICE_TOKEN", "OPAS_SECRET_KEY", "RASA_TOKEN")
# Start order db → api → rasa: each waits for the ones it names to be healthy. Rasa runs the custom
# actions itself, and they (and the NLG) call the API; its tracker and lock stores are in Redis.
REQUIRED_DEPENDENCIES = {
    "api": ("postgres",),
    "rasa": ("api", "redis"),
}
# What the rasa service had for the SQL (PostgreSQL) tracker store: gone with it.
SQL_TRACKER_LEFTOVERS = re.compile(r"OPAS_TRACKER_DB|SQL_POOL_|SQL_MAX_OVERFLOW")
# The custom actions run inside Rasa (`action_endpoint: {actions_module: actions}`), so the rasa
# service gets their settings (actions/settings.py). Each variable the actions read is either set
# in compose or listed here as one whose default (actions/settings.py) suits the containers.
ACTIONS_PACKAGE = "actions"
ACTIONS_MUST_GET = ("OPAS_API_URL", "OPAS_SERVICE_TOKEN")
ACTIONS_DEFAULTS_KEPT = ("OPAS_API_TIMEOUT",)
# Read by both the API and the actions: compose gives both services the same value.
SHARED_WITH_API = ("OPAS_SERVICE_TOKEN", "OPAS_BOOKING_RETENTION_DAYS")
# Where the actions' imports are looked for, besides actions/ itself: Rasa imports the components
# (bot/components, which import `actions` too) in the same process.
IN_PROCESS_CODE = ("actions", "bot/components")
# What the images run that the COPY lines do not name one by one (the COPYs take whole folders).
FILES_THE_IMAGES_RUN = (
    "bot/config.yml",  # rasa train --config
    "bot/domain",  # rasa train --domain
    "bot/data",  # rasa train --data
    "bot/endpoints.redis.yml",  # rasa run --endpoints, checked at build
    "bot/credentials.yml",  # rasa run --credentials
    "actions/__init__.py",  # action_endpoint: {actions_module: actions}, imported by Rasa
    "bot/components/in_process_actions.py",  # what makes Rasa 3.6 run them in its process
    "data/municipalities.yml",  # placenames' gazetteer, loaded by the actions and components
    "locales/languages.yml",  # locales.languages, imported by the actions
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


def endpoints_check(dockerfile_text: str) -> tuple[list[str], str]:
    """The arguments and the body of the bot image's `RUN python - ENDPOINTS <<'PY'` build check."""
    pattern = r"^RUN python - (?P<args>[^<\n]+)<<'PY'\n(?P<body>.*?)^PY$"
    match = re.search(pattern, dockerfile_text, re.MULTILINE | re.DOTALL)
    assert match, "bot.Dockerfile: the RUN python - ... <<'PY' step that checks the endpoints is gone"
    return match.group("args").split(), match.group("body")


def endpoints_check_error(source: Path) -> str:
    """What the endpoints check prints when it fails the build ("" when it passes)."""
    _, body = endpoints_check(BOT_DOCKERFILE.read_text(encoding="utf-8"))
    done = subprocess.run([sys.executable, "-", str(source)], input=body, text=True, capture_output=True)
    if done.returncode == 0:
        return ""
    return done.stderr.strip() or f"exit status {done.returncode}"


def served_endpoints(dockerfile_text: str) -> tuple[str | None, list[str]]:
    """The file the image's CMD passes to `--endpoints`, and the files the build checks (absolute)."""
    workdir = "/"
    checked: list[str] = []
    commands: list[str] = []
    for keyword, arguments in dockerfile_instructions(dockerfile_text):
        if keyword == "WORKDIR":
            workdir = posixpath.join(workdir, arguments)
        elif keyword == "RUN" and (match := re.match(r"python - (?P<files>[^<]+)<<", arguments)):
            checked += [posixpath.normpath(posixpath.join(workdir, f)) for f in match.group("files").split()]
        elif keyword == "CMD":
            words = yaml.safe_load(arguments) if arguments.startswith("[") else [arguments]
            commands.append(" ".join(str(word) for word in words))
    if not commands:
        return None, checked
    words = shlex.split(commands[-1].replace(";", " ; "))
    served = None
    for i, word in enumerate(words):
        if word.startswith("--endpoints="):
            served = word.partition("=")[2]
        elif word == "--endpoints" and i + 1 < len(words):
            served = words[i + 1]
    return (posixpath.normpath(posixpath.join(workdir, served)) if served else None), checked


def endpoints_wiring_problems(dockerfile_text: str) -> list[str]:
    """Rasa runs with the Redis endpoints, and the build checks the very file it runs with."""
    served, checked = served_endpoints(dockerfile_text)
    problems = []
    if served is None:
        problems.append("the CMD passes no --endpoints to rasa run")
    elif served != RASA_ENDPOINTS_IN_IMAGE:
        problems.append(f"rasa runs with {served}, not {RASA_ENDPOINTS_IN_IMAGE}")
    if served is not None and served not in checked:
        problems.append(f"the build does not check {served}, which rasa runs with (it checks {checked})")
    code = [line for line in dockerfile_text.splitlines() if not line.lstrip().startswith("#")]
    problems += [f"still writes or reads the PostgreSQL endpoints: {line.strip()!r}" for line in code
                 if "endpoints.docker.yml" in line]
    return problems


def redis_persistence_problems(compose: dict[str, Any]) -> list[str]:
    """Redis holds the conversations: an append-only file on a named volume where Redis writes."""
    redis = (compose.get("services") or {}).get("redis")
    if redis is None:
        return ["service 'redis' is missing"]
    command = redis.get("command") or []
    words = shlex.split(command) if isinstance(command, str) else [str(word) for word in command]
    options: dict[str, str] = {}  # redis-server --name value; the last one wins
    for i, word in enumerate(words):
        if word.startswith("--"):
            options[word[2:].lower()] = words[i + 1] if i + 1 < len(words) else ""
    problems = []
    if options.get("appendonly", "no").lower() != "yes":
        problems.append(f"redis: no append-only file (--appendonly yes), so a restart loses the conversations: "
                        f"{command!r}")
    folder = posixpath.normpath(posixpath.join("/data", options.get("dir", ".")))  # the image's WORKDIR
    named = set(compose.get("volumes") or {})
    mounted = []
    for volume in redis.get("volumes") or []:
        if isinstance(volume, dict):
            source, target = volume.get("source"), volume.get("target")
            kind = volume.get("type", "volume")
        else:
            parts = str(volume).split(":")
            source, target = (parts[0], parts[1]) if len(parts) > 1 else (None, parts[0])
            kind = "volume" if source and not source.startswith((".", "/", "~")) else "bind"
        if kind == "volume" and source in named and target and posixpath.normpath(target) == folder:
            mounted.append(source)
    if not mounted:
        problems.append(f"redis: no named volume (declared under volumes:) mounted at {folder}, where it writes")
    return problems


def sql_tracker_leftover_problems(compose: dict[str, Any]) -> list[str]:
    """The conversations left PostgreSQL: rasa neither gets its settings nor waits for it."""
    problems = [f"{text!r} is left from the SQL tracker store" for text in strings_in(compose)
                if SQL_TRACKER_LEFTOVERS.search(text)]
    depends_on = ((compose.get("services") or {}).get("rasa") or {}).get("depends_on") or {}
    if "postgres" in depends_on:
        problems.append("rasa depends on postgres, which it no longer uses")
    return problems


def unset_variable_problems(service_name: str, service: dict[str, Any], *documents: Any) -> list[str]:
    """Rasa stops when a ${VAR} of endpoints or credentials is unset: compose must set each."""
    env = environment_of(service)
    needed = {m.group("name") for doc in documents for text in strings_in(doc) for m in VARIABLE.finditer(text)}
    return [f"{service_name}: {name} is read by Rasa but not set" for name in sorted(needed - set(env))]



def variables_read_by(package: Path) -> set[str]:
    """The environment variables a package's code reads (os.environ.get, os.getenv, os.environ[])."""
    names: set[str] = set()
    for path in sorted(package.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Call) and ast.unparse(node.func) in ("os.environ.get", "os.getenv"):
                key = node.args[0] if node.args else None
            elif isinstance(node, ast.Subscript) and ast.unparse(node.value) == "os.environ":
                key = node.slice
            else:
                continue
            if isinstance(key, ast.Constant) and isinstance(key.value, str):
                names.add(key.value)
    return names


def local_packages_imported(start: tuple[str, ...], repo: Path = REPO) -> set[str]:
    """The repository's top-level packages that the code under `start` imports, transitively."""

    def is_local(name: str) -> bool:
        return (repo / name / "__init__.py").is_file() or (repo / f"{name}.py").is_file()

    found: set[str] = set()
    folders = [repo / folder for folder in start]
    while folders:
        folder = folders.pop()
        for path in sorted(folder.rglob("*.py")) if folder.is_dir() else [folder]:
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
                if isinstance(node, ast.Import):
                    modules = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    modules = [node.module]
                else:
                    continue
                for top in {module.split(".")[0] for module in modules}:
                    if top not in found and is_local(top):
                        found.add(top)
                        folders.append(repo / top if (repo / top).is_dir() else repo / f"{top}.py")
    return found


def unquoted(value: str) -> str:
    """`${NAME:?message}` and `${NAME:-default}` alike as `${NAME}`: the variable a value comes from."""
    return VARIABLE.sub(lambda m: "${" + m.group("name") + "}", value)


def exposed_ports(dockerfile_text: str) -> set[int]:
    return {int(word.split("/")[0]) for keyword, arguments in dockerfile_instructions(dockerfile_text)
            if keyword == "EXPOSE" for word in arguments.split()}


def in_process_actions_problems(compose: dict[str, Any], actions_read: set[str], repo: Path = REPO) -> list[str]:
    """No action server anywhere; the rasa service has what the actions running inside it need."""
    services = compose.get("services") or {}
    problems = []
    for name, service in services.items():
        if name == "actions" or "rasa_sdk" in " ".join(strings_in(service.get("command") or "")):
            problems.append(f"service {name!r} runs an action server: the actions run inside rasa")
    for text in strings_in(compose):
        if "OPAS_ACTIONS_URL" in text or re.search(r":5055\b", text):
            problems.append(f"{text!r}: there is no action server (no OPAS_ACTIONS_URL, no port 5055)")
    rasa = services.get("rasa")
    if rasa is None:
        return [*problems, "service 'rasa' is missing"]
    depends_on = rasa.get("depends_on") or {}
    problems += [f"rasa depends on {dependency!r}, which is no service"
                 for dependency in depends_on if dependency not in services]
    env = environment_of(rasa)
    problems += [f"the actions no longer read {name}: drop it from ACTIONS_MUST_GET/ACTIONS_DEFAULTS_KEPT"
                 for name in (*ACTIONS_MUST_GET, *ACTIONS_DEFAULTS_KEPT) if name not in actions_read]
    problems += [f"rasa: the actions read {name} but compose does not set it"
                 for name in sorted(actions_read) if name not in env
                 and (name in ACTIONS_MUST_GET or name not in ACTIONS_DEFAULTS_KEPT)]
    api_env = environment_of(services.get("api") or {})
    for name in SHARED_WITH_API:
        if name in actions_read and unquoted(env.get(name, "")) != unquoted(api_env.get(name, "")):
            problems.append(f"{name}: rasa has {env.get(name)!r}, api has {api_env.get(name)!r}: "
                            "the actions and the API must read the same value")
    if "OPAS_API_URL" in env:
        url = urlsplit(env["OPAS_API_URL"])
        api = services.get(url.hostname or "")
        if api is None:
            problems.append(f"rasa: OPAS_API_URL {env['OPAS_API_URL']!r} names no service")
        else:
            build = api.get("build") or {}
            build = {"context": build} if isinstance(build, str) else build
            dockerfile = repo / build.get("context", ".") / build.get("dockerfile", "Dockerfile")
            ports = exposed_ports(dockerfile.read_text(encoding="utf-8")) if dockerfile.is_file() else set()
            if url.port not in ports:
                problems.append(f"rasa: OPAS_API_URL {env['OPAS_API_URL']!r}: {url.hostname} serves on {ports}")
    return problems


def bot_image_problems(dockerfile_text: str, packages: set[str]) -> list[str]:
    """Rasa (in /app/bot) can import the actions and what they import; no action server is left."""
    problems = []
    workdir = "/"
    pythonpath: list[str] = []
    copied: dict[str, str] = {}  # a folder of the context -> where it lands
    for keyword, arguments in dockerfile_instructions(dockerfile_text):
        if keyword == "WORKDIR":
            workdir = posixpath.join(workdir, arguments)
        elif keyword == "ENV":
            words = shlex.split(arguments)
            pairs = [w.split("=", 1) for w in words] if "=" in words[0] else [(words[0], " ".join(words[1:]))]
            for key, value in pairs:
                if key == "PYTHONPATH":
                    pythonpath = [entry for entry in value.split(":") if entry.startswith("/")]
        elif keyword == "COPY" and not HEREDOC.search(arguments):
            paths = [w for w in shlex.split(arguments) if not w.startswith("--")]
            if len(paths) == 2 and "--from=" not in arguments:
                copied[paths[0].strip("/")] = posixpath.normpath(posixpath.join(workdir, paths[1]))
        elif keyword == "EXPOSE" and 5055 in exposed_ports(f"EXPOSE {arguments}"):
            problems.append("EXPOSE 5055: there is no action server")
    for package in sorted(packages):
        landed = copied.get(package)
        if landed is None:
            problems.append(f"{package}/ is imported by the actions but not copied into the image")
        elif posixpath.dirname(landed) not in pythonpath:
            problems.append(f"{package}/ lands in {landed}, whose folder is not on PYTHONPATH {pythonpath}")
    code = [line for line in dockerfile_text.splitlines() if not line.lstrip().startswith("#")]
    problems += [f"still names the action server: {line.strip()!r}" for line in code
                 if "OPAS_ACTIONS_URL" in line or "rasa_sdk" in line]
    return problems


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


REDIS_ENDPOINTS = (
    "action_endpoint:\n  actions_module: actions\n"
    "tracker_store:\n  type: redis\n  url: ${REDIS_HOST}\n  record_exp: ${OPAS_TRACKER_RETENTION_SECONDS}\n"
    "lock_store:\n  type: redis\n  url: ${REDIS_HOST}\n"
)


def test_bot_image_runs_rasa_with_the_redis_endpoints_it_checks():
    text = BOT_DOCKERFILE.read_text(encoding="utf-8")
    args, _ = endpoints_check(text)
    assert args == ["bot/endpoints.redis.yml"]
    assert served_endpoints(text) == (RASA_ENDPOINTS_IN_IMAGE, [RASA_ENDPOINTS_IN_IMAGE])
    assert endpoints_wiring_problems(text) == []


def test_endpoints_wiring_check_catches_the_old_endpoints_and_unchecked_files():
    old = (
        "FROM python:3.10-slim\nWORKDIR /app\n"
        "RUN python - bot/endpoints.yml bot/endpoints.docker.yml <<'PY'\nprint()\nPY\n"
        "WORKDIR /app/bot\n"
        'CMD ["sh", "-c", "exec python rasa_cli.py run --endpoints /app/bot/endpoints.docker.yml"]\n'
    )
    assert endpoints_wiring_problems(old) == [
        "rasa runs with /app/bot/endpoints.docker.yml, not /app/bot/endpoints.redis.yml",
        "still writes or reads the PostgreSQL endpoints: "
        "\"RUN python - bot/endpoints.yml bot/endpoints.docker.yml <<'PY'\"",
        "still writes or reads the PostgreSQL endpoints: "
        "'CMD [\"sh\", \"-c\", \"exec python rasa_cli.py run --endpoints /app/bot/endpoints.docker.yml\"]'",
    ]
    unchecked = "FROM python:3.10-slim\nWORKDIR /app/bot\nCMD python rasa_cli.py run --endpoints=endpoints.redis.yml\n"
    assert endpoints_wiring_problems(unchecked) == [
        "the build does not check /app/bot/endpoints.redis.yml, which rasa runs with (it checks [])"]
    assert endpoints_wiring_problems("FROM python:3.10-slim\nCMD rasa run\n") == [
        "the CMD passes no --endpoints to rasa run"]


def test_endpoints_check_passes_the_real_file_and_a_minimal_one(tmp_path):
    assert endpoints_check_error(REPO / "bot" / "endpoints.redis.yml") == ""
    minimal = tmp_path / "endpoints.yml"
    minimal.write_text(REDIS_ENDPOINTS, encoding="utf-8")
    assert endpoints_check_error(minimal) == ""


@pytest.mark.parametrize("action_endpoint", [
    "action_endpoint:\n  url: http://127.0.0.1:5055/webhook\n",
    "action_endpoint:\n  url: ${OPAS_ACTIONS_URL}/webhook\n",
    "action_endpoint:\n  actions_module: actions\n  url: http://127.0.0.1:5055/webhook\n",
    "action_endpoint:\n  actions_module: other_actions\n",
    "",
])
def test_endpoints_check_refuses_an_action_server(tmp_path, action_endpoint):
    endpoints = tmp_path / "endpoints.yml"
    endpoints.write_text(REDIS_ENDPOINTS.replace("action_endpoint:\n  actions_module: actions\n", action_endpoint),
                         encoding="utf-8")
    assert "action_endpoint must be {actions_module: actions}" in endpoints_check_error(endpoints)


@pytest.mark.parametrize(("replaced", "by", "message"), [
    ("tracker_store:\n  type: redis\n", "tracker_store:\n  type: SQL\n  dialect: postgresql\n",
     "tracker_store must be of type redis"),
    ("tracker_store:\n  type: redis\n", "tracker_store:\n  type: SQL\n  dialect: sqlite\n",
     "tracker_store must be of type redis"),
    ("tracker_store:\n  type: redis\n", "tracker_store:\n  type: in_memory\n", "tracker_store must be of type redis"),
    ("tracker_store:\n  type: redis\n", "tracker_store:\n", "tracker_store must be of type redis"),
    ("lock_store:\n  type: redis\n  url: ${REDIS_HOST}\n", "lock_store:\n  type: in_memory\n",
     "lock_store must be of type redis"),
    ("lock_store:\n  type: redis\n  url: ${REDIS_HOST}\n", "", "lock_store must be of type redis"),
    ("  record_exp: ${OPAS_TRACKER_RETENTION_SECONDS}\n", "", "tracker_store must expire conversations"),
])
def test_endpoints_check_refuses_stores_outside_redis(tmp_path, replaced, by, message):
    endpoints = tmp_path / "endpoints.yml"
    assert replaced in REDIS_ENDPOINTS
    endpoints.write_text(REDIS_ENDPOINTS.replace(replaced, by), encoding="utf-8")
    error = endpoints_check_error(endpoints)
    assert message in error
    assert str(endpoints) in error


def test_rasa_gets_every_variable_its_endpoints_and_credentials_read(compose):
    endpoints = yaml.safe_load((REPO / "bot" / "endpoints.redis.yml").read_text(encoding="utf-8"))
    credentials = yaml.safe_load((REPO / "bot" / "credentials.yml").read_text(encoding="utf-8"))
    read = {m.group("name") for text in strings_in(endpoints) for m in VARIABLE.finditer(text)}
    # The NLG renders in the Rasa process: the endpoints name no API address or token (the actions
    # read those from the environment: test_rasa_has_what_the_in_process_actions_need).
    assert {"REDIS_HOST", "REDIS_PORT", "REDIS_TRACKER_DB", "REDIS_LOCK_DB", "OPAS_TRACKER_RETENTION_SECONDS"} <= read
    assert unset_variable_problems("rasa", compose["services"]["rasa"], endpoints, credentials) == []


def test_docker_endpoints_run_the_actions_in_rasa_like_the_local_ones():
    local = yaml.safe_load((REPO / "bot" / "endpoints.yml").read_text(encoding="utf-8"))
    redis = yaml.safe_load((REPO / "bot" / "endpoints.redis.yml").read_text(encoding="utf-8"))
    # In process: the key bot/components/in_process_actions.py reads, and no action server URL.
    assert redis["action_endpoint"] == local["action_endpoint"] == {"actions_module": ACTIONS_PACKAGE}
    in_process = (REPO / "bot" / "components" / "in_process_actions.py").read_text(encoding="utf-8")
    assert re.search(r'^ACTIONS_MODULE = "actions_module"$', in_process, re.MULTILINE)
    assert redis["nlg"] == local["nlg"]
    # Several workers (SANIC_WORKERS) need the Redis lock store; the conversations expire in Redis.
    # Both are Rasa's Redis stores as Opas extends them (bounded conversations, atomic tickets).
    assert redis["tracker_store"]["type"] == "components.bounded_tracker.BoundedRedisTrackerStore"
    assert redis["lock_store"]["type"] == "components.atomic_lock_store.AtomicRedisLockStore"
    assert redis["tracker_store"]["record_exp"] == "${OPAS_TRACKER_RETENTION_SECONDS}"


def test_redis_keeps_the_conversations_on_a_volume(compose):
    assert redis_persistence_problems(compose) == []


def test_conversations_left_postgres(compose):
    assert sql_tracker_leftover_problems(compose) == []
    assert "postgres" in compose["services"]  # the API's database stays


def test_rasa_settings_for_the_redis_stores(compose):
    env = environment_of(compose["services"]["rasa"])
    assert env["REDIS_HOST"] == "redis"
    assert env["REDIS_TRACKER_DB"] != env["REDIS_LOCK_DB"]
    # The same retention as the local setup (scripts/env.sh): 30 days after the last event.
    local = re.search(r'OPAS_TRACKER_RETENTION_SECONDS="\$\{OPAS_TRACKER_RETENTION_SECONDS:-(\d+)\}"',
                      ENV_SH.read_text(encoding="utf-8"))
    assert local and int(local.group(1)) == 30 * 24 * 3600
    assert env["OPAS_TRACKER_RETENTION_SECONDS"] == f"${{OPAS_TRACKER_RETENTION_SECONDS:-{local.group(1)}}}"
    # As `make run-scaled`: one Rasa process a container, two containers, and the proxy in front,
    # the only published service (docs/scaling.md); the lock outlives the slowest turn.
    assert env["SANIC_WORKERS"] == "1" and int(env["TICKET_LOCK_LIFETIME"]) >= 10
    services = compose["services"]
    assert services["rasa"]["deploy"]["replicas"] == "${OPAS_RASA_PROCESSES:-2}"
    assert services["api"]["deploy"]["replicas"] == "${OPAS_API_PROCESSES:-2}"
    assert [name for name, service in services.items() if service.get("ports")] == ["proxy"]
    assert environment_of(services["api"])["OPAS_RASA_URL"] == "http://proxy:5005"


def test_rasa_has_what_the_in_process_actions_need(compose):
    actions_read = variables_read_by(REPO / ACTIONS_PACKAGE)
    assert set(ACTIONS_MUST_GET) <= actions_read
    assert in_process_actions_problems(compose, actions_read) == []
    env = environment_of(compose["services"]["rasa"])
    assert env["OPAS_API_URL"] == "http://api:8000"
    assert env["OPAS_SERVICE_TOKEN"].startswith("${OPAS_SERVICE_TOKEN:?")


def test_bot_image_lets_rasa_import_the_actions_and_runs_no_action_server():
    # Rasa imports the actions package the endpoints name (actions_module); it imports the rest.
    packages = local_packages_imported(IN_PROCESS_CODE) | {ACTIONS_PACKAGE}
    assert {"locales", "placenames", "booking_rules"} <= packages
    assert "api" not in packages  # the bot image has no api/
    assert bot_image_problems(BOT_DOCKERFILE.read_text(encoding="utf-8"), packages | {"data"}) == []


# --- the checks can fail ---------------------------------------------------------------------

BROKEN = {
    "services": {
        "postgres": {"image": "postgres:16", "environment": {"POSTGRES_PASSWORD": "${POSTGRES_PASSWORD:-postgres}"}},
        "redis": {"image": "redis:7", "healthcheck": {"test": ["CMD", "redis-cli", "ping"]}},
        "api": {
            "build": {"context": ".", "dockerfile": "docker/nowhere.Dockerfile"},
            "command": "uvicorn api.app.main:app",
            "depends_on": ["postgres"],
            "environment": ["OPAS_SERVICE_TOKEN=changeme", "OPAS_SECRET_KEY=${OPAS_SECRET_KEY:?}",
                            "OPAS_BOOKING_RETENTION_DAYS=30"],
            "ports": ["8000:8000", {"target": 5005, "published": 5005, "host_ip": "0.0.0.0"}],
            "healthcheck": {"test": ["CMD", "true"]},
        },
        "actions": {"build": "no-such-folder", "depends_on": {"api": {"condition": "service_started"}},
                    "command": ["python", "-m", "rasa_sdk", "--actions", "actions"],
                    "healthcheck": {"test": ["CMD", "true"]}},
        "rasa": {"image": "opas-bot", "healthcheck": {"disable": True},
                 "depends_on": {"actions": {"condition": "service_healthy"},
                                "postgres": {"condition": "service_healthy"}},
                 "environment": {"RASA_TOKEN": "${RASA_TOKEN}", "X": "${UNSET_HERE:?}",
                                 "OPAS_TRACKER_DB_HOST": "postgres", "SQL_POOL_SIZE": "10",
                                 "OPAS_ACTIONS_URL": "http://actions:5055",
                                 "OPAS_API_URL": "http://nowhere:8000",
                                 "OPAS_BOOKING_RETENTION_DAYS": "${OPAS_BOOKING_RETENTION_DAYS:-90}"}},
    }
}


def test_broken_compose_is_caught():
    assert healthcheck_problems(BROKEN) == ["service 'postgres' has no healthcheck",
                                            "service 'rasa' has no healthcheck"]
    order = start_order_problems(BROKEN)
    assert any("'api' must wait for 'postgres'" in p for p in order)
    assert any("'rasa' must wait for 'api'" in p for p in order)
    assert any("'rasa' must wait for 'redis'" in p for p in order)
    assert len(build_problems(BROKEN)) == 2
    secrets = secret_problems(BROKEN)
    assert any("POSTGRES_PASSWORD:-postgres" in p for p in secrets)
    assert any("${RASA_TOKEN}" in p for p in secrets)
    assert "api: OPAS_SERVICE_TOKEN is not taken from a required variable" in secrets
    assert len(port_problems(BROKEN)) == 2
    assert migration_problems(BROKEN) != []
    assert unset_variable_problems("rasa", BROKEN["services"]["rasa"], {"db": "${REDIS_TRACKER_DB}"}) == [
        "rasa: REDIS_TRACKER_DB is read by Rasa but not set"]
    assert sql_tracker_leftover_problems(BROKEN) == [
        "'OPAS_TRACKER_DB_HOST' is left from the SQL tracker store",
        "'SQL_POOL_SIZE' is left from the SQL tracker store",
        "rasa depends on postgres, which it no longer uses",
    ]
    assert redis_persistence_problems(BROKEN) == [
        "redis: no append-only file (--appendonly yes), so a restart loses the conversations: []",
        "redis: no named volume (declared under volumes:) mounted at /data, where it writes",
    ]
    assert redis_persistence_problems({"services": {}}) == ["service 'redis' is missing"]


@pytest.mark.parametrize(("redis", "volumes", "problem"), [
    # The lock-store-only Redis of before: nothing written, nothing mounted.
    ({"command": ["redis-server", "--save", "", "--appendonly", "no"], "volumes": ["redis-data:/data"]},
     {"redis-data": None}, "no append-only file"),
    ({"command": "redis-server --appendonly yes --appendonly no", "volumes": ["redis-data:/data"]},
     {"redis-data": None}, "no append-only file"),
    ({"command": "redis-server --appendonly yes", "volumes": ["./redis:/data"]}, {}, "no named volume"),
    ({"command": "redis-server --appendonly yes", "volumes": ["redis-data:/data"]}, {}, "no named volume"),
    ({"command": "redis-server --appendonly yes", "volumes": ["redis-data:/var/lib/redis"]},
     {"redis-data": None}, "no named volume"),
    ({"command": "redis-server --appendonly yes --dir /srv", "volumes": ["redis-data:/data"]},
     {"redis-data": None}, "mounted at /srv"),
    ({"command": ["redis-server", "--appendonly", "yes"],
      "volumes": [{"type": "tmpfs", "target": "/data"}]}, {}, "no named volume"),
])
def test_redis_persistence_check_catches_lost_conversations(redis, volumes, problem):
    compose = {"services": {"redis": {"image": "redis:7", **redis}}, "volumes": volumes}
    problems = redis_persistence_problems(compose)
    assert len(problems) == 1
    assert problem in problems[0]
    fixed = {"services": {"redis": {"image": "redis:7", "command": ["redis-server", "--appendonly", "yes"],
                                    "volumes": [{"type": "volume", "source": "keep", "target": "/data/"}]}},
             "volumes": {"keep": {}}}
    assert redis_persistence_problems(fixed) == []


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


def test_in_process_actions_check_catches_an_action_server_and_missing_settings():
    read = {"OPAS_API_URL", "OPAS_SERVICE_TOKEN", "OPAS_BOOKING_RETENTION_DAYS", "OPAS_NEW_SETTING",
            *ACTIONS_DEFAULTS_KEPT}
    problems = in_process_actions_problems(BROKEN, read)
    assert "service 'actions' runs an action server: the actions run inside rasa" in problems
    assert any("'OPAS_ACTIONS_URL'" in p for p in problems)
    assert any("'http://actions:5055'" in p for p in problems)
    assert "rasa: the actions read OPAS_SERVICE_TOKEN but compose does not set it" in problems
    assert "rasa: the actions read OPAS_NEW_SETTING but compose does not set it" in problems
    assert not any("OPAS_API_TIMEOUT" in p for p in problems)  # a default kept on purpose
    assert any(p.startswith("OPAS_BOOKING_RETENTION_DAYS: rasa has") for p in problems)
    assert any(p.startswith("OPAS_SERVICE_TOKEN: rasa has None") for p in problems)
    assert "rasa: OPAS_API_URL 'http://nowhere:8000' names no service" in problems
    # A stale list, a missing rasa service, an API URL on the wrong port.
    assert "the actions no longer read OPAS_API_TIMEOUT: drop it from ACTIONS_MUST_GET/ACTIONS_DEFAULTS_KEPT" in (
        in_process_actions_problems(BROKEN, read - {"OPAS_API_TIMEOUT"}))
    assert in_process_actions_problems({"services": {}}, set())[-1] == "service 'rasa' is missing"
    wrong_port = {"services": {
        "api": {"build": {"context": ".", "dockerfile": "docker/api.Dockerfile"},
                "environment": {"OPAS_SERVICE_TOKEN": "${T:?set T}"}},
        "rasa": {"environment": {"OPAS_API_URL": "http://api:9000", "OPAS_SERVICE_TOKEN": "${T:?}"}},
    }}
    assert in_process_actions_problems(wrong_port, {*ACTIONS_MUST_GET, *ACTIONS_DEFAULTS_KEPT}) == [
        "rasa: OPAS_API_URL 'http://api:9000': api serves on {8000}"]


def test_bot_image_check_catches_an_action_server_and_unimportable_packages():
    dockerfile = (
        "FROM python:3.10-slim\n"
        "ENV PYTHONPATH=/app \\\n    HOME=/home/opas\n"
        "WORKDIR /srv\n"
        "COPY actions/ actions/\n"
        "COPY placenames/ /app/placenames\n"
        "RUN sed -i 's|127.0.0.1:5055|${OPAS_ACTIONS_URL}|' bot/endpoints.yml\n"
        "EXPOSE 5005 5055/tcp\n"
        "# a comment may name OPAS_ACTIONS_URL\n"
        'CMD ["python", "-m", "rasa_sdk", "--actions", "actions"]\n'
    )
    assert bot_image_problems(dockerfile, {"actions", "locales", "placenames"}) == [
        "EXPOSE 5055: there is no action server",
        "actions/ lands in /srv/actions, whose folder is not on PYTHONPATH ['/app']",
        "locales/ is imported by the actions but not copied into the image",
        "still names the action server: \"RUN sed -i 's|127.0.0.1:5055|${OPAS_ACTIONS_URL}|' bot/endpoints.yml\"",
        "still names the action server: 'CMD [\"python\", \"-m\", \"rasa_sdk\", \"--actions\", \"actions\"]'",
    ]


def test_local_imports_and_environment_reads_are_found(tmp_path):
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text(
        "import os\nimport yaml\nfrom helper import x\nfrom . import sibling\n"
        "A = os.environ.get('OPAS_A', '1')\nB = os.getenv('OPAS_B')\nC = os.environ['OPAS_C']\n",
        encoding="utf-8")
    (tmp_path / "helper").mkdir()
    (tmp_path / "helper" / "__init__.py").write_text("import deeper.inner\n", encoding="utf-8")
    (tmp_path / "deeper.py").write_text("import pkg\n", encoding="utf-8")
    assert local_packages_imported(("pkg",), tmp_path) == {"helper", "deeper", "pkg"}
    assert variables_read_by(tmp_path / "pkg") == {"OPAS_A", "OPAS_B", "OPAS_C"}


CHANNEL_OVERRIDES = {
    "telegram": REPO / "docker" / "compose.telegram.yml",
    "whatsapp": REPO / "docker" / "compose.whatsapp.yml",
}


def test_each_channel_override_sets_what_the_bots_channels_file_names_and_requires_it():
    """The bot image writes its channels file from the environment (bot/components/channels/
    credentials.py): an override must pass every ${VARIABLE} that file names, as a required one."""
    credentials = (REPO / "bot" / "components" / "channels" / "credentials.py").read_text(encoding="utf-8")
    named = set(re.findall(r"\$\{(OPAS_[A-Z_]+)\}", credentials))
    for channel, path in CHANNEL_OVERRIDES.items():
        override = yaml.safe_load(path.read_text(encoding="utf-8"))
        rasa_env = override["services"]["rasa"]["environment"]
        prefix = "OPAS_TELEGRAM_" if channel == "telegram" else "OPAS_TWILIO_"
        wanted = {name for name in named if name.startswith(prefix)}
        assert wanted and wanted <= set(rasa_env), (channel, wanted - set(rasa_env))
        assert all(f"${{{name}:?" in rasa_env[name] for name in wanted), channel
