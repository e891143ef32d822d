#!/usr/bin/env bash
# A benchmark-only Python venv (the tools entropo is compared with), built once per hash of its pinned requirements
# (bench/requirements/NAME.txt) and the interpreter's version under $ENTROPO_CACHE; prints the venv's python.
# Usage: bash scripts/bench-venv.sh NAME
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
CACHE="${ENTROPO_CACHE:-$HOME/.cache/entropo}"
NAME="${1:?usage: bench-venv.sh NAME (bench/requirements/NAME.txt)}"
REQUIREMENTS="$ROOT/bench/requirements/$NAME.txt"
[ -f "$REQUIREMENTS" ] || { echo "bench-venv: no $REQUIREMENTS" >&2; exit 2; }
PY="${ENTROPO_BASE_PYTHON:-python3}"
key=$(cat "$REQUIREMENTS" <("$PY" --version) | sha256sum | cut -c1-16)
VENV="$CACHE/bench-venv-$NAME-$key"
if [ ! -f "$VENV/.complete" ]; then
  echo "[bench-venv] creating $VENV" >&2
  rm -rf "$VENV"
  mkdir -p "$CACHE"
  "$PY" -m venv "$VENV" >&2
  "$VENV/bin/pip" install --quiet --disable-pip-version-check -r "$REQUIREMENTS" 2>&1 | { grep -v "is ignored: it is neither" || true; } >&2
  touch "$VENV/.complete"
fi
echo "$VENV/bin/python"
