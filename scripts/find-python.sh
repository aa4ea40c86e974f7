#!/usr/bin/env bash
# Print the path of a Python interpreter of the wanted minor version (e.g. 3.10), or explain how to get one.
# Looks at $PYTHON<major><minor> (e.g. PYTHON310), plain pythonX.Y on PATH, then pyenv's installed versions.
set -euo pipefail
want="${1:?usage: find-python.sh 3.10}"
var="PYTHON${want//./}"
works() { [ -x "$1" ] && "$1" -c "import sys; sys.exit(0 if '%d.%d' % sys.version_info[:2] == '$want' else 1)" 2>/dev/null; }
if [ -n "${!var:-}" ] && works "${!var}"; then echo "${!var}"; exit 0; fi
if p=$(command -v "python$want" 2>/dev/null) && works "$p"; then echo "$p"; exit 0; fi
if command -v pyenv >/dev/null 2>&1; then
  for p in $(ls -d "$(pyenv root)/versions/$want".*/bin/python"$want" 2>/dev/null | sort -V -r); do
    if works "$p"; then echo "$p"; exit 0; fi
  done
fi
for p in /usr/bin/python"$want" /usr/local/bin/python"$want"; do
  if works "$p"; then echo "$p"; exit 0; fi
done
cat >&2 <<MSG
Python $want is needed and was not found.
Rasa 3.6 runs only on Python 3.10; the API uses Python 3.11.
Install it with one of:
  pyenv install $want            (https://github.com/pyenv/pyenv)
  apt-get install python$want python$want-venv
or point $var at an interpreter: make run $var=/path/to/python$want
MSG
exit 1
