#!/usr/bin/env python3
"""Run the bot's test stories (bot/tests/test_<lang>.yml, Rasa's test-story format) against the
running stack, end to end: each user turn goes through the REST channel with its real text, and
the intent and actions Rasa logged are compared with the story. Prints a per-language table.

    .venv/api/bin/python scripts/test_stories.py [--rasa-url http://127.0.0.1:5005]

(`rasa test core` does not help here: without --e2e it takes the story's intents as given, and
with --e2e it scores every extracted entity against story annotations.)
Exit status 1 when a story fails.
"""
from __future__ import annotations

import argparse
import os
import sys
import uuid
from collections import defaultdict
from pathlib import Path

import httpx
import yaml

REPO = Path(__file__).resolve().parents[1]
IGNORED_ACTIONS = {"action_listen", "action_session_start", "action_extract_slots",
                   "action_validate_slot_mappings"}


def turns(story: dict) -> list[tuple[str, str | None, list[str]]]:
    """(user text, expected intent, expected actions) for each user step of a story."""
    found: list[tuple[str, str | None, list[str]]] = []
    for step in story["steps"]:
        if "user" in step:
            found.append((step["user"].strip(), step.get("intent"), []))
        elif "action" in step and found:
            found[-1][2].append(step["action"])
    return found


def logged_turn(events: list[dict]) -> tuple[str | None, list[str]]:
    """The intent of the last user message in `events` and the actions that followed it."""
    last_user = max(i for i, e in enumerate(events) if e["event"] == "user")
    intent = (events[last_user].get("parse_data") or {}).get("intent", {}).get("name")
    actions = [e["name"] for e in events[last_user + 1:]
               if e["event"] == "action" and e["name"] not in IGNORED_ACTIONS]
    return intent, actions


def run_story(client: httpx.Client, url: str, token: str, story: dict) -> list[str]:
    sender = f"story-{uuid.uuid4().hex[:10]}"
    problems = []
    for text, intent, actions in turns(story):
        client.post(f"{url}/webhooks/rest/webhook", json={"sender": sender, "message": text}).raise_for_status()
        tracker = client.get(f"{url}/conversations/{sender}/tracker", params={"token": token}).json()
        got_intent, got_actions = logged_turn(tracker["events"])
        if intent and got_intent != intent:
            problems.append(f"{text!r}: intent {got_intent}, expected {intent}")
        elif actions and got_actions != actions:
            problems.append(f"{text!r}: actions {got_actions}, expected {actions}")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rasa-url", default=f"http://127.0.0.1:{os.environ.get('OPAS_RASA_PORT', '5005')}")
    parser.add_argument("--token", default=os.environ.get("OPAS_RASA_TOKEN", "dev-rasa-token"))
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    per_lang: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    with httpx.Client(timeout=60) as client:
        for path in sorted((REPO / "bot" / "tests").glob("test_*.yml")):
            lang = path.stem.removeprefix("test_")
            for story in yaml.safe_load(path.read_text(encoding="utf-8"))["stories"]:
                problems = run_story(client, args.rasa_url.rstrip("/"), args.token, story)
                per_lang[lang][0] += not problems
                per_lang[lang][1] += 1
                if problems and args.verbose:
                    print(f"FAIL {lang} {story['story']}: " + "; ".join(problems))
    print("stories  passed/total")
    for lang, (ok, total) in sorted(per_lang.items()):
        print(f"  {lang:6} {ok:3}/{total:<3}")
    ok = sum(v[0] for v in per_lang.values())
    total = sum(v[1] for v in per_lang.values())
    print(f"stories {ok}/{total}")
    return 0 if ok == total else 1


if __name__ == "__main__":
    sys.exit(main())
