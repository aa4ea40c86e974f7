"""The one place where Opas changes Rasa's own code, applied explicitly at start-up.

`apply()` is called by the launcher (`bot/rasa_cli.py`) before Rasa parses its command line, in
the process that later forks the server's workers (so they inherit it), and by the tests of the
patched behaviour. Nothing is patched by merely importing a module.

The patches reach into Rasa 3.6's internals (private methods, the endpoint's `request`), which
a later Rasa may change without notice: `apply()` refuses any other release line rather than
patch code it was not written for.

- `in_process_actions`: custom actions run inside the Rasa process (`action_endpoint:
  {actions_module: actions}`); without it that endpoint cannot run any action.
- `rasa_speedups`, `turn_speedups`: measured speed-ups that leave behaviour as it was
  (docs/performance.md).
- `webhook_guard`: the REST webhook validates its body, caps the message before NLU, and runs
  `/intent` text as an intent only when it is a button the bot offered (docs/scaling.md).
- `personal_data`: the tracker store keeps no contact once the form is done and no link token
  (docs/security.md).
"""
from __future__ import annotations

import logging

import rasa

from . import in_process_actions, personal_data, rasa_speedups, turn_speedups, webhook_guard

logger = logging.getLogger(__name__)

#: The Rasa release line these patches were written and tested for.
SUPPORTED_RASA = "3.6."
_applied = False


class UnsupportedRasaVersion(RuntimeError):
    """The installed Rasa is not the release line the patches were written for."""


def apply(version: str = rasa.__version__) -> None:
    """Apply every patch once; raises UnsupportedRasaVersion on another Rasa release line."""
    global _applied
    if not version.startswith(SUPPORTED_RASA):
        raise UnsupportedRasaVersion(
            f"Opas patches Rasa {SUPPORTED_RASA}x internals (bot/components/rasa_patches.py); "
            f"found Rasa {version}. Check each patch against this release before allowing it."
        )
    if _applied:
        return
    in_process_actions.apply()
    rasa_speedups.apply()
    turn_speedups.apply()
    webhook_guard.apply()
    personal_data.apply()
    _applied = True
    logger.debug("Rasa %s patched: in-process actions, speed-ups, webhook guard", version)


def applied() -> bool:
    return _applied
