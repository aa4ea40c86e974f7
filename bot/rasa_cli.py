"""The `rasa` command, started so that its server comes up fast and small: `python rasa_cli.py run`.

- Rasa saves the intent classifier with skops, and `skops.io` builds a table of trusted types when
  it is first imported: for each of NumPy's and SciPy's 765 ufuncs (which have no `__module__`)
  it searches every module loaded so far. Imported after Rasa and TensorFlow (5,800 modules),
  that took 6.4 s of the server's 14 s start; imported first, 1.5 s.
- Opas's patches of Rasa (`components.rasa_patches`: in-process actions, speed-ups, redaction of
  personal data in the tracker store) are applied here, explicitly, before Rasa runs any command;
  outside development Rasa's logs keep no user text (`components.log_privacy`).
- `run` builds the components' big read-only tables and registers the custom actions
  (`components.preload`) before Sanic forks its workers, so that they share them instead of
  building one copy each, and no worker's first turn waits for them.

Everything else is the `rasa` command itself (docs/performance.md).
"""
from __future__ import annotations

import sys

import skops.io  # noqa: F401  (first, on purpose: see above)

# isort: split
from rasa.__main__ import main


def option(argv: list, name: str, default: str) -> str:
    """The value of `--name value` or `--name=value` in `argv`."""
    for index, argument in enumerate(argv):
        if argument == name and index + 1 < len(argv):
            return argv[index + 1]
        if argument.startswith(f"{name}="):
            return argument.split("=", 1)[1]
    return default


def actions_module(endpoints_file: str) -> str | None:
    """The package of in-process actions that the endpoints file names, if any."""
    import yaml

    try:
        with open(endpoints_file, encoding="utf-8") as handle:
            endpoints = yaml.safe_load(handle) or {}
    except OSError:
        return None
    return (endpoints.get("action_endpoint") or {}).get("actions_module")


if __name__ == "__main__":
    import components
    from components import log_privacy, rasa_patches

    rasa_patches.apply()
    log_privacy.install()  # outside development, no user text in Rasa's logs
    if sys.argv[1:2] == ["run"]:
        components.preload(actions_module(option(sys.argv, "--endpoints", "endpoints.yml")))
    main()
