#!/usr/bin/env bash
# One idempotent set-up for a fresh machine: system packages, npm deps + build, the cached Python venv (.venv),
# a running Docker engine and the base sandbox image. Heavy parts are cached in $ENTROPO_CACHE (~/.cache/entropo).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
CACHE="${ENTROPO_CACHE:-$HOME/.cache/entropo}"
mkdir -p "$CACHE"
cd "$ROOT"
say() { printf '[setup] %s\n' "$*"; }
started=$(date +%s)

# 1. System packages (Debian): Docker engine, debootstrap for the offline base image, tmux for UI tests.
missing=()
command -v dockerd >/dev/null || missing+=(docker.io)
command -v debootstrap >/dev/null || missing+=(debootstrap)
command -v tmux >/dev/null || missing+=(tmux)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    say "installing ${missing[*]}"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    say "missing ${missing[*]}: install them (Debian: apt-get install ${missing[*]})"; exit 1
  fi
fi

# 2. npm dependencies (skipped when package-lock.json is unchanged) and the TypeScript build.
lock_hash=$(sha256sum package-lock.json | cut -c1-16)
if [ ! -f node_modules/.entropo-lock-hash ] || [ "$(cat node_modules/.entropo-lock-hash)" != "$lock_hash" ]; then
  say "npm ci"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$lock_hash" > node_modules/.entropo-lock-hash
fi
say "building TypeScript"
npm run --silent build

# 3. Python: a venv per hash of its definition (the pins of python/requirements.lock, comments aside, and the Python
#    version), cached outside the checkout; .venv here is a thin venv on top of it that also puts this checkout's
#    python/ on sys.path (entropo_trainer in editable mode; pyproject.toml at the root describes that package).
PY="${ENTROPO_BASE_PYTHON:-python3}"
pins() { grep -Ev '^[[:space:]]*(#|$)' "$1"; }
py_key=$(cat <(pins python/requirements.lock) <("$PY" --version) | sha256sum | cut -c1-16)
VENV="$CACHE/venv-$py_key"
# A cached venv of an older key whose packages are exactly these pins (same Python) is reused, not rebuilt.
normalized() { grep -E '^[A-Za-z0-9_.-]+==' | tr 'A-Z_' 'a-z-' | sed 's/[[:space:];].*//' | sort; }
if [ ! -f "$VENV/.complete" ]; then
  for old in "$CACHE"/venv-*; do
    [ -f "$old/.complete" ] && [ ! -L "$old" ] || continue
    [ "$("$old/bin/python" --version 2>&1)" = "$("$PY" --version 2>&1)" ] || continue
    if [ "$(normalized < python/requirements.lock)" = "$("$old/bin/python" -m pip freeze --disable-pip-version-check 2>/dev/null | normalized)" ]; then
      say "reusing $old (its packages are exactly python/requirements.lock's pins)"
      rm -rf "$VENV"; ln -sfn "$old" "$VENV"; break
    fi
  done
fi
if [ ! -f "$VENV/.complete" ]; then
  say "creating Python venv $VENV (torch + LLaMA-Factory 0.9.5; several GB, once per lock file)"
  rm -rf "$VENV"
  "$PY" -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check -r python/requirements.lock 2>&1 | { grep -v "is ignored: it is neither" || true; }
  touch "$VENV/.complete"
fi
site_packages=$("$VENV/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
if [ ! -x .venv/bin/python ] || [ "$(cat .venv/.entropo-key 2>/dev/null)" != "$py_key" ]; then
  rm -rf .venv
  "$PY" -m venv --without-pip .venv
  echo "$py_key" > .venv/.entropo-key
  for tool in torchrun llamafactory-cli accelerate; do
    printf '#!/bin/sh\nexec "%s/.venv/bin/python" "%s/bin/%s" "$@"\n' "$ROOT" "$VENV" "$tool" > ".venv/bin/$tool"
    chmod +x ".venv/bin/$tool"
  done
fi
local_site=$(.venv/bin/python -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
# The last line makes `llamafactory-cli train` / torchrun of LLaMA-Factory's launcher apply EntroPO to configs that use
# its keys (an import hook, stdlib only; entropo_trainer/autopatch.py; ENTROPO_AUTOPATCH=0 turns it off).
printf 'import site; site.addsitedir(%s)\n%s\nimport entropo_trainer.autopatch; entropo_trainer.autopatch.install()\n' \
  "'$site_packages'" "$ROOT/python" > "$local_site/entropo.pth"
.venv/bin/python -c 'import entropo_trainer' 2>/dev/null || { say "entropo_trainer is not importable from .venv"; exit 1; }

# 3b. The official SWE-bench grader (swebench 5.0.2, and 4.1.0 beside it), the oracle of the grading parity tests:
#     its own small venv keyed by its pinned locks; .venv/swebench-oracle points at it.
oracle_key=$(cat python/swebench-oracle/*.lock <("$PY" --version) | sha256sum | cut -c1-16)
ORACLE="$CACHE/swebench-oracle-$oracle_key"
if [ ! -f "$ORACLE/.complete" ]; then
  say "creating the SWE-bench oracle venv $ORACLE (swebench 5.0.2 + 4.1.0, ~500 MB, once per lock)"
  rm -rf "$ORACLE"
  "$PY" -m venv "$ORACLE"
  "$ORACLE/bin/pip" install --quiet --disable-pip-version-check --no-deps -r python/swebench-oracle/requirements.lock 2>&1 | { grep -v "is ignored: it is neither" || true; }
  "$ORACLE/bin/pip" install --quiet --disable-pip-version-check --no-deps --target "$ORACLE/swebench-4.1.0" -r python/swebench-oracle/swebench-4.1.0.lock 2>&1 | { grep -v "is ignored: it is neither" || true; }
  touch "$ORACLE/.complete"
fi
ln -sfn "$ORACLE" .venv/swebench-oracle

# 4. Docker engine (started in the background when not running) and the base sandbox image.
if ! docker info >/dev/null 2>&1; then
  if [ -n "${DOCKER_HOST:-}" ]; then say "DOCKER_HOST=$DOCKER_HOST does not answer"; exit 1; fi
  say "starting dockerd"
  (setsid dockerd > "$CACHE/dockerd.log" 2>&1 &)
  for _ in $(seq 1 60); do docker info >/dev/null 2>&1 && break; sleep 1; done
  docker info >/dev/null 2>&1 || { tail -20 "$CACHE/dockerd.log"; say "dockerd did not start"; exit 1; }
fi
bash scripts/build-base-image.sh

say "done in $(( $(date +%s) - started ))s"
