#!/usr/bin/env python3
"""`make eval` step 1: the evaluation sets against the running bot, as tables per language and
category (the first tag of a case; `dev.jsonl`'s cases count as "single").

    python3 scripts/eval_table.py ../shared/eval/dev.jsonl ../shared/eval/conversations-dev.jsonl \
        eval/conversations.jsonl --url http://127.0.0.1:5005 [--json var/eval/tables.json] [-v]

A turn passes by the rules of ../shared/eval/run_eval.py (imported from there when it is next to
this checkout, so both judge alike). Standard library only. Exits 1 when a set is below
--min overall or --min-lang in a language.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import uuid
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
RUN_EVAL = REPO.parent / "shared" / "eval" / "run_eval.py"
CATEGORIES = ("fact", "followup", "first_steps", "out_of_scope", "code_mixed", "messy", "unknown_in_topic",
              "place_forms")


def judge():
    spec = importlib.util.spec_from_file_location("run_eval", RUN_EVAL)
    if spec is None or not RUN_EVAL.exists():
        raise SystemExit(f"{RUN_EVAL} is missing: the judging rules live there")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def category(case: dict) -> str:
    tags = case.get("tags") or []
    return tags[0] if tags and tags[0] in CATEGORIES else "single"


def run_set(path: Path, url: str, rules, verbose: bool) -> dict:
    cells: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    failures = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        case = json.loads(line)
        sender = f"eval-{uuid.uuid4().hex[:12]}"
        for number, turn in enumerate(case["turns"]):
            messages, _ = rules.post(url, sender, turn["user"], 30)
            problems = rules.check_turn(messages, turn["expect"], case["lang"])
            cell = cells[(case["lang"], category(case))]
            cell[1] += 1
            if problems:
                failures.append({"id": case["id"], "turn": number, "user": turn["user"], "problems": problems})
                if verbose:
                    print(f"  FAIL {case['id']}#{number}: {turn['user'][:70]!r}: {problems[0][:160]}")
            else:
                cell[0] += 1
    return {"cells": {f"{lang}/{cat}": value for (lang, cat), value in cells.items()}, "failures": failures}


def table(name: str, result: dict) -> tuple[float, float]:
    cells = {tuple(key.split("/")): value for key, value in result["cells"].items()}
    languages = sorted({lang for lang, _ in cells})
    categories = [c for c in (*CATEGORIES, "single") if any(cat == c for _, cat in cells)]

    def rate(passed: int, total: int) -> str:
        return f"{100 * passed / total:.0f}%" if total else "–"

    print(f"\n{name}")
    print("| category | " + " | ".join(languages) + " | all |")
    print("|---" * (len(languages) + 2) + "|")
    for cat in categories:
        row = [cells.get((lang, cat), [0, 0]) for lang in languages]
        total = [sum(r[0] for r in row), sum(r[1] for r in row)]
        print(f"| {cat} | " + " | ".join(rate(*r) for r in row) + f" | {rate(*total)} |")
    by_language = {lang: [sum(v[0] for (l2, _), v in cells.items() if l2 == lang),
                          sum(v[1] for (l2, _), v in cells.items() if l2 == lang)] for lang in languages}
    passed, total = sum(v[0] for v in cells.values()), sum(v[1] for v in cells.values())
    print("| all | " + " | ".join(rate(*by_language[lang]) for lang in languages) + f" | {rate(passed, total)} |")
    overall = passed / total if total else 0.0
    worst = min((v[0] / v[1] for v in by_language.values() if v[1]), default=0.0)
    print(f"turns {passed}/{total} = {100 * overall:.1f}%, worst language {100 * worst:.1f}%")
    return overall, worst


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sets", nargs="+", type=Path)
    parser.add_argument("--url", default="http://127.0.0.1:5005")
    parser.add_argument("--json", type=Path, help="write every table and failure here")
    parser.add_argument("--min", type=float, default=0.0)
    parser.add_argument("--min-lang", type=float, default=0.0)
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    rules = judge()
    results, status = {}, 0
    for path in args.sets:
        result = run_set(path, args.url, rules, args.verbose)
        overall, worst = table(path.name, result)
        results[path.name] = {**result, "overall": overall, "worst_language": worst}
        status |= overall < args.min or worst < args.min_lang
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    return int(status)


if __name__ == "__main__":
    sys.exit(main())
