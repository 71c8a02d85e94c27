#!/usr/bin/env bash
# The project's own Python venv (.venv): reference tools the tests compare rungs against (Math-Verify,
# the trainers' packages, pyarrow/pandas). Every requirement is pinned in python/requirements/*.txt;
# CPU wheels only; never the system Python's packages. Reinstalls only when a requirements file changes.
set -euo pipefail
cd "$(dirname "$0")/.."

shopt -s nullglob
# *.no-deps.txt: packages installed without their dependencies (a trainer whose torch/ray stack is not needed
# to read its config files and parsers); every other file installs as usual.
reqs=()
for r in python/requirements/*.txt; do [[ $r == *.no-deps.txt ]] || reqs+=("$r"); done
nodeps=(python/requirements/*.no-deps.txt)
[ $((${#reqs[@]} + ${#nodeps[@]})) -gt 0 ] || exit 0

python=${RUNGS_PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  echo "setup: creating .venv ($($python --version 2>&1))" >&2
  "$python" -m venv .venv
fi

want=$(cat "${reqs[@]}" "${nodeps[@]}" | sha256sum | cut -d' ' -f1)
stamp=.venv/.rungs-requirements
if [ "$(cat "$stamp" 2>/dev/null || true)" != "$want" ]; then
  echo "setup: installing ${reqs[*]} ${nodeps[*]} into .venv (pip)" >&2
  args=()
  for r in "${reqs[@]}"; do args+=(-r "$r"); done
  [ ${#args[@]} -eq 0 ] || .venv/bin/python -m pip install --quiet --disable-pip-version-check --no-input "${args[@]}"
  args=()
  for r in "${nodeps[@]}"; do args+=(-r "$r"); done
  [ ${#args[@]} -eq 0 ] || .venv/bin/python -m pip install --quiet --disable-pip-version-check --no-input --no-deps "${args[@]}"
  echo "$want" > "$stamp"
fi
