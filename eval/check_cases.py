"""Checks eval/conversations.jsonl against the format of ../shared/eval/README.md and data/.

    .venv/api/bin/python eval/check_cases.py [eval/conversations.jsonl]

Standard library + PyYAML. It checks that
- every line parses as JSON and has the case format (id, lang, tags with the category first,
  turns of user + expect), with known expect fields and values (kinds, topics, municipality and
  provider ids of data/municipalities.yml);
- ids are unique and read own-<lang>-NN;
- every `sources_any` id exists in data/sources.yml and is cited by some statement;
- every `first_text_any` string occurs in some statement text of the case's language in
  data/answers/*.yml (the answer is copied from the content, never made up);
- no `text_none` string occurs in a statement text of that language or in the bot's own texts
  (locales/<lang>/LC_MESSAGES/*.po): it must be a detail only an invented answer would contain;
and prints the number of cases per language and category. Exit status 1 on any error.
"""
from __future__ import annotations

import ast
import json
import re
import sys
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ["fi", "sv", "en", "uk", "ru", "ar", "so", "fa"]
CATEGORIES = ["fact", "followup", "first_steps", "out_of_scope", "code_mixed", "messy",
              "unknown_in_topic", "place_forms"]
KINDS = {"answer", "clarify", "out_of_coverage", "fallback", "booking", "handoff", "smalltalk", "language"}
EXPECT_FIELDS = {"kind", "topic", "municipality", "provider", "sources_any", "language", "text_any",
                 "not_kind", "first_text_any", "max_chars", "text_none"}
ID_PATTERN = re.compile(r"^own-(?P<lang>[a-z]{2})-\d{2}$")


def load_yaml(path: Path):
    with path.open(encoding="utf-8") as f:
        return yaml.safe_load(f)


def statement_texts() -> tuple[dict[str, list[str]], set[str]]:
    """Every statement text by language, and every source id some statement cites."""
    texts: dict[str, list[str]] = {lang: [] for lang in LANGUAGES}
    cited: set[str] = set()
    for path in sorted((ROOT / "data" / "answers").glob("*.yml")):
        for statement in load_yaml(path).get("statements") or []:
            cited.update(statement.get("sources") or [])
            for lang, text in (statement.get("text") or {}).items():
                texts.setdefault(lang, []).append(str(text))
    return texts, cited


def po_texts(lang: str) -> list[str]:
    """The translated texts (msgstr) of the bot's catalogs in one language."""
    found: list[str] = []
    folder = ROOT / "locales" / lang / "LC_MESSAGES"
    for path in sorted(folder.glob("*.po")) if folder.is_dir() else []:
        current: list[str] | None = None
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if line.startswith("msgstr"):
                if current:
                    found.append("".join(current))
                current = [ast.literal_eval(line.split(" ", 1)[1])]
            elif line.startswith('"') and current is not None:
                current.append(ast.literal_eval(line))
            else:
                if current:
                    found.append("".join(current))
                current = None
        if current:
            found.append("".join(current))
    return found


def values(expected) -> list:
    return expected if isinstance(expected, list) else [expected]


def check(path: Path) -> tuple[list[str], Counter]:
    errors: list[str] = []
    sources = {s["id"] for s in load_yaml(ROOT / "data" / "sources.yml")["sources"]}
    topics = {t["id"] for t in load_yaml(ROOT / "data" / "topics.yml")["topics"]}
    places = load_yaml(ROOT / "data" / "municipalities.yml")
    covered = {m["id"] for m in places["municipalities"] if m.get("coverage") in ("full", "partial")}
    providers = {p["id"] for p in places["providers"]}
    texts, cited = statement_texts()
    frames = {lang: po_texts(lang) for lang in LANGUAGES}
    seen: set[str] = set()
    counts: Counter = Counter()

    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        where = f"line {number}"
        try:
            case = json.loads(line)
        except json.JSONDecodeError as exc:
            errors.append(f"{where}: not JSON ({exc})")
            continue
        case_id, lang = case.get("id"), case.get("lang")
        where = f"line {number} ({case_id})"
        if not isinstance(case_id, str) or not ID_PATTERN.match(case_id):
            errors.append(f"{where}: id must read own-<lang>-NN")
        elif ID_PATTERN.match(case_id)["lang"] != lang:
            errors.append(f"{where}: id and lang {lang!r} differ")
        if case_id in seen:
            errors.append(f"{where}: duplicate id")
        seen.add(case_id)
        if lang not in LANGUAGES:
            errors.append(f"{where}: unknown lang {lang!r}")
        tags = case.get("tags")
        if not isinstance(tags, list) or not tags or tags[0] not in CATEGORIES:
            errors.append(f"{where}: the first tag must be a category {CATEGORIES}")
        else:
            counts[(lang, tags[0])] += 1
        turns = case.get("turns")
        if not isinstance(turns, list) or not turns:
            errors.append(f"{where}: no turns")
            continue
        for index, turn in enumerate(turns):
            at = f"{where} turn {index}"
            if not isinstance(turn, dict) or not isinstance(turn.get("user"), str) or not turn["user"].strip():
                errors.append(f"{at}: a turn needs a non-empty 'user'")
                continue
            expect = turn.get("expect")
            if not isinstance(expect, dict) or "kind" not in expect:
                errors.append(f"{at}: a turn needs an 'expect' with a 'kind'")
                continue
            unknown = set(expect) - EXPECT_FIELDS
            if unknown:
                errors.append(f"{at}: unknown expect fields {sorted(unknown)}")
            for kind in values(expect["kind"]) + ([expect["not_kind"]] if "not_kind" in expect else []):
                if kind not in KINDS:
                    errors.append(f"{at}: unknown kind {kind!r}")
            for topic in values(expect.get("topic", [])):
                if topic is not None and topic not in topics:
                    errors.append(f"{at}: unknown topic {topic!r}")
            if expect.get("municipality") is not None and expect["municipality"] not in covered:
                errors.append(f"{at}: municipality {expect['municipality']!r} is not a covered id")
            if expect.get("provider") is not None and expect["provider"] not in providers:
                errors.append(f"{at}: unknown provider {expect['provider']!r}")
            for source in expect.get("sources_any", []):
                if source not in sources:
                    errors.append(f"{at}: source {source!r} is not in data/sources.yml")
                elif source not in cited:
                    errors.append(f"{at}: source {source!r} is cited by no statement")
            language = expect.get("language", lang)
            for fragment in expect.get("first_text_any", []):
                if not any(fragment.casefold() in text.casefold() for text in texts.get(language, [])):
                    errors.append(f"{at}: first_text_any {fragment!r} is in no {language} statement text")
            if "first_text_any" in expect and "max_chars" not in expect and tags and tags[0] == "fact":
                errors.append(f"{at}: a fact turn with first_text_any needs max_chars")
            for fragment in expect.get("text_none", []):
                clash = [t for t in texts.get(language, []) + frames.get(language, [])
                         if fragment.casefold() in t.casefold()]
                if clash:
                    errors.append(f"{at}: text_none {fragment!r} occurs in the content or the bot's "
                                  f"texts: {clash[0][:80]!r}")
    return errors, counts


def main() -> int:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent / "conversations.jsonl"
    errors, counts = check(path)
    width = max(len(c) for c in CATEGORIES)
    print(f"{'':{width}} " + " ".join(f"{lang:>3}" for lang in LANGUAGES) + "  all")
    for category in CATEGORIES:
        row = [counts[(lang, category)] for lang in LANGUAGES]
        print(f"{category:{width}} " + " ".join(f"{n:>3}" for n in row) + f"  {sum(row):>3}")
    totals = [sum(counts[(lang, c)] for c in CATEGORIES) for lang in LANGUAGES]
    print(f"{'all':{width}} " + " ".join(f"{n:>3}" for n in totals) + f"  {sum(totals):>3}")
    for error in errors:
        print("ERROR", error)
    print(f"{sum(totals)} cases, {len(errors)} errors")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
