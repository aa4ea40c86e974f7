#!/usr/bin/env python3
"""Chat with a running Opas bot in the terminal (standard library only).

    python3 scripts/chat.py [--url http://127.0.0.1:5005] [--language fi]

Buttons are shown numbered: type the number to press one.
"""
from __future__ import annotations

import argparse
import json
import urllib.request
import uuid


def send(url: str, sender: str, text: str, language: str | None) -> list[dict]:
    body = {"sender": sender, "message": text}
    if language:
        body["metadata"] = {"language": language}
    request = urllib.request.Request(f"{url}/webhooks/rest/webhook", data=json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read() or b"[]")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", default="http://127.0.0.1:5005")
    parser.add_argument("--language", help="start in this language (fi sv en uk ru ar so fa)")
    args = parser.parse_args()
    sender, language, buttons = f"terminal-{uuid.uuid4().hex[:8]}", args.language, []
    print("Opas — type your question (Ctrl-D to quit)")
    while True:
        try:
            text = input("> ").strip()
        except (EOFError, KeyboardInterrupt):
            print()
            return
        if text.isdigit() and 0 < int(text) <= len(buttons):
            text = buttons[int(text) - 1]["payload"]
        buttons = []
        for message in send(args.url, sender, text, language):
            language = None  # the picker choice is sent once; the bot keeps it
            if message.get("text"):
                print(message["text"])
            for button in message.get("buttons") or []:
                buttons.append(button)
                # Booking options come numbered already ("1. Porvoo"): the same number, shown once.
                title = button["title"]
                print(f"  {title}" if title.startswith(f"{len(buttons)}. ") else f"  [{len(buttons)}] {title}")
            opas = (message.get("custom") or {}).get("opas")
            if opas:
                sources = ", ".join(s.get("title") or s.get("id") for s in opas.get("sources") or [])
                print(f"  ({opas['kind']}, {opas['language']}{'; sources: ' + sources if sources else ''})")


if __name__ == "__main__":
    main()
