#!/usr/bin/env bash
# nginx from Debian's packages for `make run-scaled` (the reverse proxy on 8000 and 5005),
# installed when missing. The package's own service is not started (a policy-rc.d for the length
# of the install): run-scaled starts nginx with its own configuration, on loopback only.
set -euo pipefail

as_root() {  # command...: run as root, directly or with a password-less sudo
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo -n "$@"; else return 1; fi
}

nginx_bin() { command -v nginx || { [ -x /usr/sbin/nginx ] && echo /usr/sbin/nginx; }; }

if nginx_bin >/dev/null; then exit 0; fi
command -v apt-get >/dev/null || { echo "!! nginx is missing and there is no apt-get: install nginx" >&2; exit 1; }
echo "==> Installing Debian's nginx for the reverse proxy (once)"
guard=/usr/sbin/policy-rc.d
added=
if [ ! -e "$guard" ]; then
  printf '#!/bin/sh\nexit 101\n' | as_root tee "$guard" >/dev/null && as_root chmod +x "$guard" && added=1
fi
trap '[ -n "$added" ] && as_root rm -f "$guard"' EXIT
as_root apt-get update -qq >/dev/null
as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nginx >/dev/null
nginx_bin >/dev/null || { echo "!! nginx did not install" >&2; exit 1; }
