#!/usr/bin/env bash
# The project's own Python venv (.venv): reference tools the tests compare rungs against (Math-Verify,
# the trainers' packages, pyarrow/pandas). Every requirement is pinned in python/requirements/*.txt;
# CPU wheels only; never the system Python's packages. Reinstalls only when a requirements file changes.
set -euo pipefail
cd "$(dirname "$0")/.."

shopt -s nullglob
reqs=(python/requirements/*.txt)
[ ${#reqs[@]} -gt 0 ] || exit 0

python=${RUNGS_PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  echo "setup: creating .venv ($($python --version 2>&1))" >&2
  "$python" -m venv .venv
fi

want=$(cat "${reqs[@]}" | sha256sum | cut -d' ' -f1)
stamp=.venv/.rungs-requirements
if [ "$(cat "$stamp" 2>/dev/null || true)" != "$want" ]; then
  echo "setup: installing ${reqs[*]} into .venv (pip)" >&2
  args=()
  for r in "${reqs[@]}"; do args+=(-r "$r"); done
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --no-input "${args[@]}"
  echo "$want" > "$stamp"
fi
