#!/usr/bin/env bash
# Window budgets (README, "Speed"), measured side by side in one virtual display:
#   - time from spawn to the window being mapped, kubestudy vs a bare eframe window with the same
#     features (examples/bare_window.rs), alternating runs; budget kubestudy ≤ 1.3× bare;
#   - kubestudy's own startup trace: app ready, first frame laid out (from process start);
#   - resident memory (VmRSS) after 3 s idle on the home screen, next to the bare window's;
#   - CPU time used over 5 s of idle (0 when nothing repaints).
#
#   bash tests/benches/window.sh [RUNS] [PROFILE]   (default 15 runs of each, the release
#                                                   profile; needs xvfb + xdotool)
# Builds the binaries of that profile first.
# Prints medians.
set -euo pipefail
runs=${1:-15}
profile=${2:-release}
cd "$(dirname "$0")/../.."
cargo build --profile "$profile" --quiet --bin kubestudy --example bare_window
out=${CARGO_TARGET_DIR:-target}/$profile
app=$out/kubestudy bare=$out/examples/bare_window
for t in Xvfb xdotool; do
  command -v "$t" >/dev/null || { echo "window.sh: $t missing: bash .ci/install-system-packages --screenshots" >&2; exit 2; }
done
tmp=$(mktemp -d)
trap 'kill "$xpid" 2>/dev/null; rm -rf "$tmp"' EXIT
Xvfb -displayfd 3 -screen 0 1600x1000x24 -nolisten tcp 3>"$tmp/display" 2>"$tmp/xvfb.err" &
xpid=$!
for _ in $(seq 50); do [ -s "$tmp/display" ] && break; sleep 0.1; done
export DISPLAY=":$(cat "$tmp/display")"
export XDG_RUNTIME_DIR="$tmp/run"; mkdir -p -m 700 "$XDG_RUNTIME_DIR"

# Runs "$@" once; prints "mapped_ms rss_kib cpu_ticks_idle" (memory and CPU only when asked).
measure() {
  local deep=$1; shift
  local start pid win mapped rss=- cpu=- t0 t1
  start=$(date +%s%N)
  "$@" >"$tmp/out" 2>"$tmp/err" &
  pid=$!
  win=$(timeout 30 xdotool search --sync --onlyvisible --pid "$pid" 2>/dev/null | head -n 1 || true)
  mapped=$(( ($(date +%s%N) - start) / 1000000 ))
  [ -n "$win" ] || { echo "window.sh: no window from $*" >&2; cat "$tmp/err" >&2; exit 1; }
  if [ "$deep" = deep ]; then
    sleep 3
    rss=$(awk '/^VmRSS/ {print $2}' "/proc/$pid/status")
    t0=$(awk '{print $14 + $15}' "/proc/$pid/stat"); sleep 5; t1=$(awk '{print $14 + $15}' "/proc/$pid/stat")
    cpu=$((t1 - t0))
  fi
  kill "$pid"; wait "$pid" 2>/dev/null || true
  echo "$mapped $rss $cpu"
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

: >"$tmp/app.txt"; : >"$tmp/bare.txt"; : >"$tmp/trace.txt"
for i in $(seq "$runs"); do
  home=$(mktemp -d -p "$tmp")
  measure quick env KUBESTUDY_HOME="$home" KUBESTUDY_TRACE_STARTUP=1 "$app" >>"$tmp/app.txt"
  grep '^startup' "$tmp/err" >>"$tmp/trace.txt" || true
  measure quick "$bare" >>"$tmp/bare.txt"
done
app_ms=$(cut -d' ' -f1 "$tmp/app.txt" | median)
bare_ms=$(cut -d' ' -f1 "$tmp/bare.txt" | median)
echo "window mapped, median of $runs: kubestudy ${app_ms} ms, bare eframe ${bare_ms} ms, ratio $(awk "BEGIN {printf \"%.2f\", $app_ms / $bare_ms}") (budget 1.30)"
echo "  kubestudy runs (ms): $(cut -d' ' -f1 "$tmp/app.txt" | sort -n | tr '\n' ' ')"
echo "  bare runs (ms):      $(cut -d' ' -f1 "$tmp/bare.txt" | sort -n | tr '\n' ' ')"
ready=$(grep 'app ready' "$tmp/trace.txt" | sed 's/.*after \([0-9.]*\)\(m\?s\|µs\)/\1 \2/' | awk '{print ($2=="s") ? $1*1000 : ($2=="µs") ? $1/1000 : $1}' | median)
first=$(grep 'first frame' "$tmp/trace.txt" | sed 's/.*after \([0-9.]*\)\(m\?s\|µs\)/\1 \2/' | awk '{print ($2=="s") ? $1*1000 : ($2=="µs") ? $1/1000 : $1}' | median)
echo "kubestudy startup trace, median: app ready ${ready} ms, first frame laid out ${first} ms after process start"
home=$(mktemp -d -p "$tmp")
read -r _ app_rss app_cpu < <(measure deep env KUBESTUDY_HOME="$home" "$app")
read -r _ bare_rss bare_cpu < <(measure deep "$bare")
echo "resident memory after 3 s idle: kubestudy $((app_rss / 1024)) MiB, bare eframe $((bare_rss / 1024)) MiB"
echo "CPU used over 5 s idle (clock ticks of $(getconf CLK_TCK)/s): kubestudy ${app_cpu}, bare eframe ${bare_cpu}"
