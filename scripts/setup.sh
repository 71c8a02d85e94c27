#!/usr/bin/env bash
# Sets up a fresh machine for rungs: system packages (Debian) the sandbox and tests need, then npm ci.
# Idempotent; installs only what is missing. Needs root (or sudo) for apt-get.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v bwrap >/dev/null 2>&1 || missing+=(bubblewrap)   # code sandbox (src/verify/code)
command -v python3 >/dev/null 2>&1 || missing+=(python3)    # runs the datasets' Python programs
command -v g++ >/dev/null 2>&1 || missing+=(g++)            # compiles C++ programs and testlib checkers
{ command -v javac >/dev/null 2>&1 && command -v java >/dev/null 2>&1; } || missing+=(default-jdk-headless)  # Java programs
if [ "${RUNGS_LLAMA_SERVER:-0}" = 1 ]; then                 # builds llama.cpp's llama-server (scripts/setup-llama-server.sh)
  command -v cmake >/dev/null 2>&1 || missing+=(cmake)
  command -v ninja >/dev/null 2>&1 || missing+=(ninja-build)
fi
if [ "${RUNGS_SETUP_BROWSER:-1}" = 1 ] && ! command -v chromium >/dev/null 2>&1; then
  missing+=(chromium)                                       # report test (headless, offline)
fi
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  echo "setup: installing ${missing[*]} (apt-get)" >&2
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi

bash scripts/setup-python.sh

# A real llama.cpp llama-server for the sampling test against it (test/steps/sample/real-llama-server.test.ts):
# built from source, about 8 minutes on 2 cores, so only with RUNGS_LLAMA_SERVER=1 (CI sets it).
if [ "${RUNGS_LLAMA_SERVER:-0}" = 1 ]; then
  bash scripts/setup-llama-server.sh
fi

# A one-node Slurm cluster for the Slurm executor's test (test/pipeline/slurm/); RUNGS_SETUP_SLURM=0 skips it.
if [ "${RUNGS_SETUP_SLURM:-1}" = 1 ]; then
  bash scripts/setup-slurm.sh
fi
