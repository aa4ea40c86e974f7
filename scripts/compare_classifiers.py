#!/usr/bin/env python3
"""Compare intent classifiers on Opas's own training data and on the shared development set.

Runs in the Rasa environment (`make eval` calls it):

    .venv/rasa/bin/python scripts/compare_classifiers.py [--folds 3] [--out var/eval/classifiers]

For each candidate pipeline (the shipped LogisticRegression one, and DIET in its place) it trains
on k-1 folds of every language's examples and scores the held-out fold per language, then trains
on everything and scores the development set's turns at the NLU level (the intent the turn's
expectation implies). Each training runs in its own process so that training time, the time until
the first parse, parse latency and resident memory are measured cleanly. Prints a Markdown table.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
BOT = REPO / "bot"
DEV_SET = REPO.parent / "shared" / "eval" / "dev.jsonl"
SMALLTALK = {"greet", "thank", "goodbye", "bot_challenge", "help"}
BOOKING = {"book_appointment", "cancel_appointment", "reschedule_appointment"}


def load_examples() -> list[tuple[str, str, str]]:
    """(language, intent, text) for every training example."""
    rows = []
    for lang_dir in sorted(p for p in (BOT / "data" / "nlu").iterdir() if p.is_dir()):
        for path in sorted(lang_dir.glob("*.yml")):
            for block in yaml.safe_load(path.read_text(encoding="utf-8"))["nlu"]:
                for line in block["examples"].splitlines():
                    if line.startswith("- "):
                        rows.append((lang_dir.name, block["intent"], line[2:].strip()))
    return rows


def write_nlu(rows, path: Path) -> None:
    by_intent = defaultdict(list)
    for _, intent, text in rows:
        by_intent[intent].append(text)
    blocks = [{"intent": i, "examples": "".join(f"- {t}\n" for t in texts)} for i, texts in sorted(by_intent.items())]
    path.write_text(yaml.safe_dump({"version": "3.1", "nlu": blocks}, allow_unicode=True, sort_keys=False),
                    encoding="utf-8")


def pipeline_config(kind: str, path: Path) -> None:
    config = yaml.safe_load((BOT / "config.yml").read_text(encoding="utf-8"))
    if kind == "diet":
        config["pipeline"] = [
            {"name": "DIETClassifier", "epochs": 100, "entity_recognition": False, "random_seed": 42}
            if c["name"] == "LogisticRegressionClassifier" else c for c in config["pipeline"]]
    config.pop("policies", None)
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")


def expected_intents(expect: dict) -> set[str] | None:
    """The intents a development-set turn's expectation allows, or None when it does not say."""
    kind = expect.get("kind")
    kinds = set(kind) if isinstance(kind, list) else {kind}
    topics = expect.get("topic")
    topics = set(topics) if isinstance(topics, list) else {topics} if topics else set()
    if "human_handoff" in topics:
        return {"request_human"}
    if kinds & {"booking"}:
        return BOOKING
    if "answer" in kinds:
        return {f"ask_{t}" for t in topics} | ({"inform"} if "service_provider" in topics else set())
    if "smalltalk" in kinds:
        return SMALLTALK
    if "language" in kinds:
        return {"change_language"}
    if "fallback" in kinds:
        return {"out_of_scope", "nlu_fallback"}
    return None


def worker(args) -> None:
    """Train one pipeline, then parse the test rows; prints one JSON line of figures."""
    sys.path.insert(0, str(BOT))
    os.chdir(BOT)
    from rasa.core.agent import Agent
    from rasa.model_training import train_nlu

    started = time.perf_counter()
    model = train_nlu(config=args.config, nlu_data=args.train, output=args.model_dir, domain=str(BOT / "domain"))
    train_seconds = time.perf_counter() - started
    started = time.perf_counter()
    agent = Agent.load(model)
    rows = json.loads(Path(args.test).read_text(encoding="utf-8"))
    loop = asyncio.new_event_loop()
    loop.run_until_complete(agent.parse_message("hei"))
    load_seconds = time.perf_counter() - started
    predictions, latencies = [], []
    for row in rows:
        t0 = time.perf_counter()
        parsed = loop.run_until_complete(agent.parse_message(row["text"]))
        latencies.append(time.perf_counter() - t0)
        predictions.append(parsed["intent"]["name"])
    rss_kb = next(int(line.split()[1]) for line in Path("/proc/self/status").read_text().splitlines()
                  if line.startswith("VmRSS"))
    print(json.dumps({"predictions": predictions, "train_seconds": train_seconds, "load_seconds": load_seconds,
                      "parse_p50_ms": 1000 * statistics.median(latencies), "rss_mb": rss_kb / 1024}))


def run_worker(config: Path, train: Path, test_rows: list[dict], workdir: Path) -> dict:
    test = workdir / "test.json"
    test.write_text(json.dumps(test_rows, ensure_ascii=False), encoding="utf-8")
    env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "3",
           "PYTHONPATH": f"{REPO}:{BOT}"}
    out = subprocess.run([sys.executable, __file__, "--worker", "--config", str(config), "--train", str(train),
                          "--test", str(test), "--model-dir", str(workdir / "models")],
                         env=env, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--folds", type=int, default=3)
    parser.add_argument("--out", default=str(REPO / "var" / "eval" / "classifiers"))
    parser.add_argument("--candidates", default="logreg,diet")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--config"), parser.add_argument("--train"), parser.add_argument("--test")
    parser.add_argument("--model-dir")
    args = parser.parse_args()
    if args.worker:
        return worker(args)

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    rows = load_examples()
    random.Random(42).shuffle(rows)
    dev_rows = []
    if DEV_SET.exists():
        for line in DEV_SET.read_text(encoding="utf-8").splitlines():
            if line.strip():
                case = json.loads(line)
                for turn in case["turns"]:
                    allowed = expected_intents(turn["expect"])
                    if allowed:
                        dev_rows.append({"lang": case["lang"], "text": turn["user"], "allowed": sorted(allowed)})
    results = {}
    for candidate in args.candidates.split(","):
        per_lang = defaultdict(lambda: [0, 0])
        figures = defaultdict(list)
        for fold in range(args.folds):
            with tempfile.TemporaryDirectory() as tmp:
                tmp = Path(tmp)
                train = [r for i, r in enumerate(rows) if i % args.folds != fold]
                test = [r for i, r in enumerate(rows) if i % args.folds == fold]
                write_nlu(train, tmp / "train.yml")
                pipeline_config(candidate, tmp / "config.yml")
                result = run_worker(tmp / "config.yml", tmp / "train.yml",
                                    [{"text": t, "lang": lang, "intent": i} for lang, i, t in test], tmp)
                for (lang, intent, _), predicted in zip(test, result["predictions"], strict=True):
                    per_lang[lang][0] += predicted == intent
                    per_lang[lang][1] += 1
                for key in ("train_seconds", "load_seconds", "parse_p50_ms", "rss_mb"):
                    figures[key].append(result[key])
            print(f"{candidate}: fold {fold + 1}/{args.folds} done", flush=True)
        dev = defaultdict(lambda: [0, 0])
        if dev_rows:
            with tempfile.TemporaryDirectory() as tmp:
                tmp = Path(tmp)
                write_nlu(rows, tmp / "train.yml")
                pipeline_config(candidate, tmp / "config.yml")
                result = run_worker(tmp / "config.yml", tmp / "train.yml", dev_rows, tmp)
                for row, predicted in zip(dev_rows, result["predictions"], strict=True):
                    dev[row["lang"]][0] += predicted in row["allowed"]
                    dev[row["lang"]][1] += 1
                figures["full_train_seconds"].append(result["train_seconds"])
        results[candidate] = {"crossval": dict(per_lang), "dev": dict(dev),
                              "figures": {k: statistics.mean(v) for k, v in figures.items()}}
    (out / "comparison.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    print_table(results)


def share(ok_n) -> str:
    ok, n = ok_n
    return f"{ok / n:.1%}" if n else "–"


def print_table(results: dict) -> None:
    names = list(results)
    print("| | " + " | ".join(names) + " |")
    print("|---|" + "---|" * len(names))
    langs = sorted({lang for r in results.values() for lang in r["crossval"]})
    for lang in langs:
        print(f"| cross-validation {lang} | " + " | ".join(share(results[n]["crossval"].get(lang, (0, 0)))
                                                         for n in names) + " |")
    total = {n: [sum(v[0] for v in results[n]["crossval"].values()),
                 sum(v[1] for v in results[n]["crossval"].values())] for n in names}
    print("| cross-validation, all | " + " | ".join(share(total[n]) for n in names) + " |")
    for lang in sorted({lang for r in results.values() for lang in r["dev"]}):
        print(f"| dev set (NLU) {lang} | " + " | ".join(share(results[n]["dev"].get(lang, (0, 0)))
                                                      for n in names) + " |")
    dev_total = {n: [sum(v[0] for v in results[n]["dev"].values()),
                     sum(v[1] for v in results[n]["dev"].values())] for n in names}
    print("| dev set (NLU), all | " + " | ".join(share(dev_total[n]) for n in names) + " |")
    for key, label, unit in (("full_train_seconds", "training, all data", "s"),
                             ("train_seconds", "training, one fold", "s"),
                             ("load_seconds", "load until first parse", "s"), ("parse_p50_ms", "parse p50", "ms"),
                             ("rss_mb", "resident memory after parsing", "MB")):
        print(f"| {label} | " + " | ".join(f"{results[n]['figures'].get(key, float('nan')):.1f} {unit}"
                                           for n in names) + " |")


if __name__ == "__main__":
    main()
