#!/usr/bin/env bash
# A real llama.cpp `llama-server` and a tiny random-weight model, for the test that runs rungs' sampling against
# the server itself (test/engines/llm-client/llama-server.test.ts) rather than the simulator's llamacpp profile.
# llama.cpp's source comes from PyPI (the llama-cpp-python sdist vendors it at vendor/llama.cpp), built for
# the CPU as one static binary; the model is written by python/tiny_gguf.py with `gguf` from the venv.
# Idempotent: a binary and model already built for this version are kept. Output in .cache/llama-server/.
# Needs cmake, ninja and g++ (scripts/setup.sh installs them) and the venv (scripts/setup-python.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

version=0.3.36   # llama-cpp-python; its vendor/llama.cpp is the server built here
out=.cache/llama-server
bin="$out/llama-server-$version"
model="$out/tiny-random.gguf"

if [ ! -x "$bin" ]; then
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  echo "setup-llama-server: downloading llama-cpp-python $version (sdist) from PyPI" >&2
  .venv/bin/python -m pip download --quiet --disable-pip-version-check --no-deps --no-binary :all: \
    "llama-cpp-python==$version" -d "$work"
  tar xzf "$work/llama_cpp_python-$version.tar.gz" -C "$work" "llama_cpp_python-$version/vendor/llama.cpp"
  src="$work/llama_cpp_python-$version/vendor/llama.cpp"
  echo "setup-llama-server: building llama-server (CPU, static; about 8 minutes on 2 cores)" >&2
  cmake -S "$src" -B "$work/build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DBUILD_SHARED_LIBS=OFF \
    -DGGML_NATIVE=OFF -DLLAMA_CURL=OFF -DLLAMA_OPENSSL=OFF -DLLAMA_BUILD_UI=OFF -DLLAMA_USE_PREBUILT_UI=OFF \
    -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_TOOLS=ON -DLLAMA_BUILD_SERVER=ON >/dev/null
  ninja -C "$work/build" llama-server >/dev/null
  mkdir -p "$out"
  cp "$work/build/bin/llama-server" "$bin.tmp" && mv "$bin.tmp" "$bin"
fi

if [ ! -f "$model" ] || [ python/tiny_gguf.py -nt "$model" ]; then
  mkdir -p "$out"
  .venv/bin/python python/tiny_gguf.py "$model.tmp" && mv "$model.tmp" "$model"
fi
echo "setup-llama-server: $bin, $model" >&2
