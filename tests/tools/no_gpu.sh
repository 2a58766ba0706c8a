#!/usr/bin/env bash
# Opens kubestudy's window in a virtual display as a machine without a GPU driver would, three
# ways, and says what happened each time (README, "Without a GPU"):
#   1. no Vulkan (wgpu limited to Vulkan, as where only an old GL driver exists): wgpu fails,
#      glow draws;
#   2. no EGL and no Vulkan (wgpu has nothing at all): glow draws through GLX;
#   3. no driver at all (Mesa's drivers hidden too): one line says what is missing.
#
#   bash tests/tools/no_gpu.sh [BINARY]     (default target/debug/kubestudy; needs Xvfb, xdotool)
set -u
cd "$(dirname "$0")/../.."
binary=${1:-target/debug/kubestudy}
[ -x "$binary" ] || { echo "no_gpu.sh: build $binary first (cargo build)" >&2; exit 2; }
for tool in Xvfb xdotool; do
  command -v "$tool" >/dev/null || { echo "no_gpu.sh: $tool is missing: bash .ci/install-system-packages --screenshots" >&2; exit 2; }
done
scratch=$(mktemp -d)
Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3>"$scratch/display" 2>/dev/null &
xvfb=$!
trap 'kill "$xvfb" 2>/dev/null; rm -rf "$scratch"' EXIT
for _ in $(seq 50); do [ -s "$scratch/display" ] && break; sleep 0.1; done
export DISPLAY=":$(cat "$scratch/display")"
export XDG_RUNTIME_DIR="$scratch/run"; mkdir -p -m 700 "$XDG_RUNTIME_DIR"

# Runs the window with the environment given; prints whether it mapped and what it said.
try() {
  local name=$1; shift
  env KUBESTUDY_HOME="$scratch/home" KUBESTUDY_TRACE_STARTUP=1 "$@" "$binary" >/dev/null 2>"$scratch/err" &
  local pid=$! window
  window=$(timeout 20 xdotool search --sync --onlyvisible --pid "$pid" 2>/dev/null | head -n 1)
  if [ -n "$window" ]; then echo "$name: the window opened"; else echo "$name: no window"; fi
  kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
  grep -E '^kubestudy:|drawing with' "$scratch/err" | sed 's/^/    /'
}
try "1. no Vulkan" WGPU_BACKEND=vulkan VK_ICD_FILENAMES=/nonexistent
try "2. no EGL, no Vulkan" __EGL_VENDOR_LIBRARY_FILENAMES=/nonexistent VK_ICD_FILENAMES=/nonexistent
try "3. no driver" __EGL_VENDOR_LIBRARY_FILENAMES=/nonexistent VK_ICD_FILENAMES=/nonexistent LIBGL_DRIVERS_PATH=/nonexistent
