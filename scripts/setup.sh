#!/usr/bin/env bash
# Installs whatever is missing, idempotently: both virtual environments (from the lock files),
# optionally Chromium for the browser tests and HAProxy for the scaled profile (Debian packages), the router's
# language-ID model file and the trained Rasa model (both cached by a hash of their inputs).
#   scripts/setup.sh [--with-browser] [--with-haproxy] [--no-model]
set -euo pipefail
cd "$(dirname "$0")/.."

WITH_BROWSER=0
WITH_HAPROXY=0
WITH_MODEL=1
for arg in "$@"; do
  case "$arg" in
    --with-browser) WITH_BROWSER=1 ;;
    --with-haproxy) WITH_HAPROXY=1 ;;
    --no-model) WITH_MODEL=0 ;;
    *) echo "unknown option $arg" >&2; exit 2 ;;
  esac
done

say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }
die() { printf '\033[31m[setup] %s\033[0m\n' "$*" >&2; exit 1; }

pyenv_root() { command -v pyenv >/dev/null 2>&1 && pyenv root || echo "${PYENV_ROOT:-$HOME/.pyenv}"; }

# find_python 3.10 -> path of a python3.10 (NAVCHAT_PYTHON310 / pyenv / PATH)
find_python() {
  local version="$1" var="NAVCHAT_PYTHON${1//./}" candidate
  if [ -n "${!var:-}" ]; then
    [ -x "${!var}" ] || die "$var=${!var} is not an executable"
    echo "${!var}"; return
  fi
  for candidate in $(ls -d "$(pyenv_root)"/versions/"$version".*/bin/python"$version" 2>/dev/null | sort -V -r) \
                   "$(command -v "python$version" 2>/dev/null || true)"; do
    if [ -n "$candidate" ] && "$candidate" -c "import sys; assert sys.version_info[:2] == tuple(map(int, '$version'.split('.')))" 2>/dev/null; then
      echo "$candidate"; return
    fi
  done
  die "Python $version not found. Install it (e.g. 'pyenv install $version') or set $var to its path."
}

lock_hash() { cat "$@" | sha256sum | cut -c1-16; }

# The router, action server and tests: Python 3.11.
PY311=$(find_python 3.11)
main_hash=$(lock_hash requirements/router.lock requirements/torch.txt)
if [ "$(cat .venv/.lock-hash 2>/dev/null)" != "$main_hash" ]; then
  say "installing the router environment (.venv, Python 3.11) from requirements/router.lock"
  [ -x .venv/bin/python ] || "$PY311" -m venv .venv
  .venv/bin/python -m pip install -q --disable-pip-version-check "uv==0.13.8"
  # torch (needed by argostranslate's sentence splitter) comes from pip, which finds the local CPU wheel.
  .venv/bin/python -m pip install -q --disable-pip-version-check -r requirements/torch.txt
  .venv/bin/uv pip install -q --compile-bytecode -p .venv/bin/python -r requirements/router.lock
  touch .venv/.bytecode  # pip compiles what it installs (torch, uv), uv with --compile-bytecode
  echo "$main_hash" > .venv/.lock-hash
fi

# Rasa 3.6: Python 3.10, its own environment; nothing else imports rasa.
PY310=$(find_python 3.10)
rasa_hash=$(lock_hash requirements/rasa.lock)
if [ "$(cat .venv-rasa/.lock-hash 2>/dev/null)" != "$rasa_hash" ]; then
  say "installing the Rasa environment (.venv-rasa, Python 3.10) from requirements/rasa.lock"
  [ -x .venv-rasa/bin/python ] || .venv/bin/uv venv -q -p "$PY310" .venv-rasa
  .venv/bin/uv pip install -q --compile-bytecode -p .venv-rasa/bin/python -r requirements/rasa.lock
  touch .venv-rasa/.bytecode
  echo "$rasa_hash" > .venv-rasa/.lock-hash
fi

# Bytecode ahead of time. Nothing else writes it when PYTHONDONTWRITEBYTECODE is set (as on these machines), and
# then every process start compiled its imports from source again: Rasa's imports took 25 s instead of 8, the
# router's 3 s instead of 1.4. Environments installed before this step get it once (the marker file); the project's
# own modules each time, as they change (compileall skips what is current). The Rasa environment compiles bot/,
# whose components Rasa loads. The project's few hundred files in one process: a pool of workers took 2.4 s even
# when every file was current, against 0.24 s.
for env in .venv .venv-rasa; do
  if [ ! -f "$env/.bytecode" ]; then
    say "compiling $env's bytecode"
    # Not fatal: a few packages ship files for newer Pythons (torch's py312_intrinsics.py), never imported here.
    "$env/bin/python" -m compileall -q -j 0 "$env"/lib/python3.*/site-packages >/dev/null 2>&1 || true
    touch "$env/.bytecode"
  fi
done
.venv/bin/python -m compileall -q -x /node_modules/ router actions bot bench scripts tests >/dev/null
.venv-rasa/bin/python -m compileall -q bot >/dev/null

# apt_install PACKAGE WHAT: a Debian package, installed only by the caller when it is missing.
APT_UPDATED=0
apt_install() {
  local package=$1 what=$2 sudo=""
  say "installing $what (Debian package $package)"
  [ "$(id -u)" = 0 ] || sudo="sudo"
  if [ "$APT_UPDATED" = 0 ]; then
    $sudo apt-get -o DPkg::Lock::Timeout=600 update -qq || die "apt-get update failed: cannot install $package"
    APT_UPDATED=1
  fi
  # Another set-up (a second checkout's, or the machine's own) may hold dpkg's lock: wait for it, not fail.
  DEBIAN_FRONTEND=noninteractive $sudo apt-get -o DPkg::Lock::Timeout=600 install -y -qq "$package" >/dev/null || die "could not install $package"
}

if [ "$WITH_BROWSER" = 1 ] && [ ! -x /usr/bin/chromium ]; then
  apt_install chromium "Chromium for the browser tests"
fi
# The widget names each of its 20 languages in its own script; Debian's default fonts have no Thai or Ethiopic
# (Tigrinya) letters and lack Urdu's, so the browser would draw empty boxes where a bruker's device draws text.
if [ "$WITH_BROWSER" = 1 ] && { [ -z "$(fc-list :lang=th)" ] || [ -z "$(fc-list :lang=ti)" ] || [ -z "$(fc-list :lang=ur)" ]; }; then
  apt_install fonts-noto-core "fonts for Thai, Tigrinya and Urdu in the browser tests"
fi

# The load balancer in front of the routers of the scaled profile (scripts/run_scaled.py, make up-scaled).
if [ "$WITH_HAPROXY" = 1 ] && [ ! -x /usr/sbin/haproxy ]; then
  apt_install haproxy "HAProxy for the scaled profile"
fi

# npm_install DIR WHAT: `npm ci` in DIR from its committed lock, again whenever package.json or the lock changed
# (the hash is kept in DIR/node_modules). Nothing is downloaded by the code under test at run time.
npm_install() {
  local dir=$1 what=$2 hash
  hash=$(lock_hash "$dir/package.json" "$dir/package-lock.json")
  [ "$(cat "$dir/node_modules/.lock-hash" 2>/dev/null)" = "$hash" ] && return 0
  command -v npm >/dev/null 2>&1 || die "npm not found: $what needs Node.js and npm"
  say "installing $what (npm ci in $dir)"
  (cd "$dir" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null) || die "npm ci failed in $dir"
  echo "$hash" > "$dir/node_modules/.lock-hash"
}

# A real published Rasa web widget (rasa-webchat) for tests/browser/test_rasa_webchat.py.
if [ "$WITH_BROWSER" = 1 ]; then
  npm_install tests/browser/webchat "rasa-webchat for the browser tests"
fi

# The local OpenID provider (oidc-provider): `make up` starts it when no real issuer is configured, and the login
# tests run against it.
npm_install scripts/oidc_provider "the local OpenID provider for login"

# The router's language-ID model: lingua's n-gram models in one indexed file (rebuilt only when its inputs change).
.venv/bin/python scripts/build_language_model.py

if [ "$WITH_MODEL" = 1 ]; then
  .venv/bin/python scripts/train_if_needed.py >/dev/null
fi
say "ready"
