#!/usr/bin/env bash
# The Babel catalogs of locales/ (the texts that are not programme content), in two gettext domains:
#   messages  the bot, the widget, the chat gateway: msgids in locales/ (locales/babel.cfg)
#   pages     the staff pages, the cancel page, the calendar file: msgids in api/ (locales/pages.cfg)
#
#   scripts/i18n.sh            extract → update → compile, both domains (what `make i18n` runs)
#   scripts/i18n.sh check      exit 1 if a .pot or a .po is stale, or a message is untranslated,
#                              fuzzy, has wrong plural forms or placeholders (CI)
#   scripts/i18n.sh init LANG  start the catalogs of a language newly listed in locales/languages.yml
#   scripts/i18n.sh compile    only compile the .po files to .mo (not committed; locales/catalogs.py
#                              compiles a missing or stale one in memory anyway)
#   I18N_DOMAINS=pages scripts/i18n.sh ...   the same for one domain only
#
# Extraction is deterministic (no header, no locations, no wrapping, source order), so a stale
# catalog shows up as a diff. Obsolete messages are kept (#~) so that a msgid that comes back, or
# one that changed a little, gets its old translation back as fuzzy for review.
set -euo pipefail

cd "$(dirname "$0")/.."
VENV=${API_VENV:-.venv/api}
PYBABEL=$VENV/bin/pybabel
PYTHON=$VENV/bin/python

if [ ! -e "$VENV/.installed" ]; then
    echo "i18n: the API environment is not installed ($VENV); run 'make install' first" >&2
    exit 2
fi

languages() { PYTHONPATH=. "$PYTHON" -m locales.catalogs languages; }

# The pages domain's msgids live in api/: a copy of locales/ alone has the messages domain only.
domains() {
    if [ -n "${I18N_DOMAINS:-}" ]; then echo "$I18N_DOMAINS"; return; fi
    echo messages
    if [ -d api ]; then echo pages; fi
}

extract() {  # extract DOMAIN OUTPUT
    local common=(--add-comments=Translators: --add-location=never --no-wrap --omit-header -o "$2")
    case "$1" in
        messages)
            "$PYBABEL" -q extract -F locales/babel.cfg --no-default-keywords -k N_ -k Np_:1,2 \
                "${common[@]}" locales ;;
        pages)
            "$PYBABEL" -q extract -F locales/pages.cfg --no-default-keywords -k _ -k gettext \
                -k ngettext:1,2 -k N_ -k PageMessage "${common[@]}" api ;;
    esac
}

update() {  # update DOMAIN POT DIR LANG
    "$PYBABEL" -q update -D "$1" -i "$2" -d "$3" -l "$4" --no-wrap --previous --ignore-pot-creation-date
}

compile_all() {
    for domain in $(domains); do
        for lang in $(languages); do
            [ -e "locales/$lang/LC_MESSAGES/$domain.po" ] || continue  # reported by the check
            "$PYBABEL" -q compile -D "$domain" -d locales -l "$lang"
        done
    done
}

check_catalogs() {  # the catalogs' own health, every domain
    local status=0
    for domain in $(domains); do
        PYTHONPATH=. "$PYTHON" -m locales.catalogs check "$domain" || status=1
    done
    return $status
}

case "${1:-all}" in
    all)
        for domain in $(domains); do
            extract "$domain" "locales/$domain.pot"
            for lang in $(languages); do
                if [ -e "locales/$lang/LC_MESSAGES/$domain.po" ]; then
                    update "$domain" "locales/$domain.pot" locales "$lang"
                else
                    echo "i18n: no $domain catalog for $lang yet: scripts/i18n.sh init $lang" >&2
                fi
            done
        done
        compile_all
        check_catalogs || {
            echo "i18n: catalogs updated; translate the messages above, then run scripts/i18n.sh again" >&2
            exit 1
        }
        ;;
    check)
        tmp=$(mktemp -d)
        trap 'rm -rf "$tmp"' EXIT
        status=0
        for domain in $(domains); do
            extract "$domain" "$tmp/$domain.pot"
            if ! cmp -s "$tmp/$domain.pot" "locales/$domain.pot"; then
                case "$domain" in
                    messages) where="locales/responses.py, locales/widget.py, ..." ;;
                    pages) where="api/app/staff, api/app/booking, api/templates, ..." ;;
                esac
                echo "i18n: locales/$domain.pot is stale (the texts in $where changed): run scripts/i18n.sh" >&2
                status=1
            fi
            for lang in $(languages); do
                po=locales/$lang/LC_MESSAGES/$domain.po
                [ -e "$po" ] || continue  # reported by the catalog check below
                mkdir -p "$tmp/$lang/LC_MESSAGES"
                cp "$po" "$tmp/$lang/LC_MESSAGES/$domain.po"
                update "$domain" "$tmp/$domain.pot" "$tmp" "$lang"
                if ! cmp -s "$tmp/$lang/LC_MESSAGES/$domain.po" "$po"; then
                    echo "i18n: $po is stale: run scripts/i18n.sh" >&2
                    status=1
                fi
            done
        done
        check_catalogs || status=1
        exit $status
        ;;
    init)
        lang=${2:?usage: scripts/i18n.sh init LANG}
        created=0
        for domain in $(domains); do
            po=locales/$lang/LC_MESSAGES/$domain.po
            if [ -e "$po" ]; then echo "i18n: $po exists" >&2; continue; fi
            "$PYBABEL" -q init -D "$domain" -i "locales/$domain.pot" -d locales -l "$lang" --no-wrap
            sed -i -e '1,20{s/^# .* translations for PROJECT\./# Opas texts, language '"$lang"'./;s/PROJECT VERSION/Opas/;s/the PROJECT project/Opas/}' "$po"
            echo "i18n: created $po"
            created=1
        done
        [ $created = 1 ] || exit 1
        echo "i18n: translate every message, then run scripts/i18n.sh check"
        ;;
    compile)
        compile_all
        ;;
    *)
        sed -n '2,14p' "$0" >&2
        exit 2
        ;;
esac
