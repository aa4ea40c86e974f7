import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from locales import catalogs, responses
from locales.languages import SUPPORTED

ROOT = Path(__file__).resolve().parents[2]
API_VENV = ROOT / ".venv" / "api"
RASA_PYTHON = ROOT / ".venv" / "rasa" / "bin" / "python"


@pytest.mark.skipif(not (API_VENV / ".installed").exists(), reason="API environment not installed")
def test_catalogs_are_not_stale():
    """scripts/i18n.sh check: messages.pot and every .po up to date, all translated, none fuzzy."""
    result = subprocess.run(
        ["scripts/i18n.sh", "check"], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr


def test_every_catalog_is_complete_and_sound():
    assert catalogs.check_all() == []


def test_every_text_of_the_table_is_extracted():
    with catalogs.TEMPLATE.open("rb") as handle:
        template = read_po(handle)
    extracted = {
        part
        for message in template
        if message.id
        for part in (message.id if isinstance(message.id, tuple) else (message.id,))
    }
    texts = {msgid for response in responses.RESPONSES.values() for msgid in response.msgids} - {
        "{answer}"
    }
    texts |= {
        responses.NOTE_FALLBACK_LANGUAGE,
        responses.NOTE_OUTDATED,
        responses.NOTE_OUTDATED_UNKNOWN_SOURCE,
        responses.COVERED_IN_WORDS,
    }
    assert texts <= extracted, sorted(texts - extracted)


def test_every_supported_language_has_a_catalog():
    for language in SUPPORTED:
        assert catalogs.po_path(language).exists(), language


def test_compiled_catalogs_are_not_committed():
    assert "*.mo" in (ROOT / "locales" / ".gitignore").read_text().split()


def test_placeholders_are_checked():
    assert catalogs.placeholders("In {place}, {covered}.") == {"place", "covered"}
    with pytest.raises(ValueError):
        catalogs.placeholders("broken {place")


def run_render(python: str, pythonpath: Path, code: str) -> str:
    # The copy's locales first; the repository after it for the other shared packages (placenames).
    env = {**os.environ, "PYTHONPATH": f"{pythonpath}{os.pathsep}{ROOT}", "PYTHONDONTWRITEBYTECODE": "1"}
    # cwd too: `python -c` puts the working directory first on sys.path.
    result = subprocess.run(
        [python, "-c", code], cwd=pythonpath, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_fresh_clone_without_compiled_catalogs(tmp_path):
    """No .mo files (a fresh clone): the .po files are compiled in memory, nothing is written."""
    shutil.copytree(
        ROOT / "locales", tmp_path / "locales", ignore=shutil.ignore_patterns("*.mo", "__pycache__")
    )
    output = run_render(
        sys.executable,
        tmp_path,
        "import locales.render as r; print(r.__file__); "
        "print(r.render('utter_ask_rephrase', 'fi')['text'])",
    )
    where, text = output.splitlines()
    assert where.startswith(str(tmp_path))
    assert text.startswith("Anteeksi")
    assert not list((tmp_path / "locales").glob("*/LC_MESSAGES/*.mo"))


def test_stale_compiled_catalog_is_not_used(tmp_path):
    shutil.copytree(
        ROOT / "locales", tmp_path / "locales", ignore=shutil.ignore_patterns("__pycache__")
    )
    po = tmp_path / "locales" / "fi" / "LC_MESSAGES" / "messages.po"
    mo = po.with_suffix(".mo")
    if not mo.exists():  # a fresh clone: compile it as scripts/i18n.sh would
        with po.open("rb") as source, mo.open("wb") as target:
            write_mo(target, read_po(source, locale="fi"))
    po.write_text(
        po.read_text(encoding="utf-8").replace("Anteeksi, en ihan", "Anteeksi nyt, en ihan"),
        encoding="utf-8",
    )
    os.utime(mo, (po.stat().st_mtime - 10, po.stat().st_mtime - 10))
    output = run_render(
        sys.executable,
        tmp_path,
        "from locales.render import render; print(render('utter_ask_rephrase', 'fi')['text'])",
    )
    assert output.startswith("Anteeksi nyt")


@pytest.mark.skipif(not RASA_PYTHON.exists(), reason="Rasa environment not installed")
def test_imports_from_the_rasa_environment():
    output = run_render(
        str(RASA_PYTHON),
        ROOT,
        "import sys; from locales.render import render; "
        "assert sys.version_info[:2] == (3, 10); "
        "print(render('utter_suggestions', 'ru', {'topics': ['booking', 'contact']})['text'])",
    )
    assert "2 темы" in output


@pytest.mark.skipif(not (API_VENV / ".installed").exists(), reason="API environment not installed")
def test_check_catches_a_changed_text(tmp_path):
    """A changed English text makes messages.pot stale; updated, its translations turn fuzzy."""
    shutil.copytree(
        ROOT / "locales", tmp_path / "locales", ignore=shutil.ignore_patterns("*.mo", "__pycache__")
    )
    (tmp_path / "scripts").mkdir()
    shutil.copy(ROOT / "scripts" / "i18n.sh", tmp_path / "scripts" / "i18n.sh")
    table = tmp_path / "locales" / "responses.py"
    table.write_text(
        table.read_text(encoding="utf-8").replace('"OK, going back."', '"OK, going back now."'),
        encoding="utf-8",
    )
    env = {**os.environ, "API_VENV": str(API_VENV)}

    def run(*arguments: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            ["scripts/i18n.sh", *arguments],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )

    stale = run("check")
    assert stale.returncode == 1
    assert "messages.pot is stale" in stale.stderr
    updated = run()
    assert updated.returncode == 1  # the changed message now needs a translator
    fuzzy = (tmp_path / "locales" / "fi" / "LC_MESSAGES" / "messages.po").read_text(
        encoding="utf-8"
    )
    assert '#| msgid "OK, going back."' in fuzzy
    assert "is fuzzy" in run("check").stderr


def test_an_edited_catalog_shows_without_a_restart(tmp_path):
    shutil.copytree(ROOT / "locales", tmp_path / "locales", ignore=shutil.ignore_patterns("*.mo", "__pycache__"))
    po = tmp_path / "locales" / "fi" / "LC_MESSAGES" / "messages.po"
    script = (
        "import os, time\n"
        "from locales import catalogs\n"
        "from locales.render import render\n"
        "catalogs.CHANGE_CHECK_SECONDS = 0\n"
        "print(render('utter_ask_rephrase', 'fi')['text'])\n"
        f"po = {str(po)!r}\n"
        "text = open(po, encoding='utf-8').read().replace('Anteeksi, en ihan', 'Muokattu: en ihan')\n"
        "open(po, 'w', encoding='utf-8').write(text)\n"
        "os.utime(po, (time.time() + 5, time.time() + 5))\n"
        "print(render('utter_ask_rephrase', 'fi')['text'])\n"
    )
    before, after = run_render(sys.executable, tmp_path, script).splitlines()
    assert before.startswith("Anteeksi") and after.startswith("Muokattu")
