#!/usr/bin/env bash
# The Babel catalogs of locales/ (the texts that are not programme content).
#
#   scripts/i18n.sh            extract → update → compile (what `make i18n` runs)
#   scripts/i18n.sh check      exit 1 if messages.pot or a .po is stale, or a message is
#                              untranslated, fuzzy, has wrong plural forms or placeholders (CI)
#   scripts/i18n.sh init LANG  start the catalog of a language newly listed in locales/languages.yml
#   scripts/i18n.sh compile    only compile the .po files to .mo (not committed; locales/render.py
#                              compiles a missing or stale one in memory anyway)
#
# Extraction is deterministic (no header, no locations, no wrapping, source order), so a stale
# catalog shows up as a diff. Obsolete messages are kept (#~) so that a msgid that comes back, or
# one that changed a little, gets its old translation back as fuzzy for review.
set -euo pipefail

cd "$(dirname "$0")/.."
VENV=${API_VENV:-.venv/api}
PYBABEL=$VENV/bin/pybabel
PYTHON=$VENV/bin/python
POT=locales/messages.pot

if [ ! -e "$VENV/.installed" ]; then
    echo "i18n: the API environment is not installed ($VENV); run 'make install' first" >&2
    exit 2
fi

languages() { PYTHONPATH=. "$PYTHON" -m locales.catalogs languages; }

extract() {  # extract OUTPUT
    "$PYBABEL" -q extract -F locales/babel.cfg --no-default-keywords -k N_ -k Np_:1,2 \
        --add-comments=Translators: --add-location=never --no-wrap --omit-header \
        -o "$1" locales
}

update() {  # update POT DIR LANG
    "$PYBABEL" -q update -i "$1" -d "$2" -l "$3" --no-wrap --previous --ignore-pot-creation-date
}

compile_all() {
    for lang in $(languages); do
        "$PYBABEL" -q compile -d locales -l "$lang"
    done
}

case "${1:-all}" in
    all)
        extract "$POT"
        for lang in $(languages); do
            if [ -e "locales/$lang/LC_MESSAGES/messages.po" ]; then
                update "$POT" locales "$lang"
            else
                echo "i18n: no catalog for $lang yet: scripts/i18n.sh init $lang" >&2
            fi
        done
        compile_all
        PYTHONPATH=. "$PYTHON" -m locales.catalogs check || {
            echo "i18n: catalogs updated; translate the messages above, then run scripts/i18n.sh again" >&2
            exit 1
        }
        ;;
    check)
        tmp=$(mktemp -d)
        trap 'rm -rf "$tmp"' EXIT
        status=0
        extract "$tmp/messages.pot"
        if ! cmp -s "$tmp/messages.pot" "$POT"; then
            echo "i18n: $POT is stale (the texts in locales/responses.py or locales/widget.py changed): run scripts/i18n.sh" >&2
            status=1
        fi
        for lang in $(languages); do
            po=locales/$lang/LC_MESSAGES/messages.po
            [ -e "$po" ] || continue  # reported by the catalog check below
            mkdir -p "$tmp/$lang/LC_MESSAGES"
            cp "$po" "$tmp/$lang/LC_MESSAGES/messages.po"
            update "$tmp/messages.pot" "$tmp" "$lang"
            if ! cmp -s "$tmp/$lang/LC_MESSAGES/messages.po" "$po"; then
                echo "i18n: $po is stale: run scripts/i18n.sh" >&2
                status=1
            fi
        done
        PYTHONPATH=. "$PYTHON" -m locales.catalogs check || status=1
        exit $status
        ;;
    init)
        lang=${2:?usage: scripts/i18n.sh init LANG}
        po=locales/$lang/LC_MESSAGES/messages.po
        if [ -e "$po" ]; then echo "i18n: $po exists" >&2; exit 1; fi
        "$PYBABEL" -q init -i "$POT" -d locales -l "$lang" --no-wrap
        sed -i -e '1,20{s/^# .* translations for PROJECT\./# Opas texts, language '"$lang"'./;s/PROJECT VERSION/Opas/;s/the PROJECT project/Opas/}' "$po"
        echo "i18n: created $po; translate every message, then run scripts/i18n.sh check"
        ;;
    compile)
        compile_all
        ;;
    *)
        sed -n '2,11p' "$0" >&2
        exit 2
        ;;
esac
