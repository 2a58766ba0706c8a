#!/usr/bin/env bash
# Starts a desktop program in a virtual X display of its own, plays a few steps a person would
# (keys, typing, clicks, pauses) and saves PNG screenshots of the whole display.
#
#   bash tests/tools/screenshot.sh [--size WxH] [--out DIR] [--wait S] [--act 'STEP']... -- PROGRAM [ARG...]
#
#   --size WxH   the display's size (default 1280x800)
#   --out DIR    where the PNGs go (default: the current folder; made if missing)
#   --wait S     seconds to wait after the window appears, before the first step (default 2)
#
# A STEP is one of:
#   key NAME...    presses keys by their xdotool names: 'key Escape', 'key ctrl+f', 'key 3'
#   type TEXT      types TEXT
#   click X Y      left-clicks at X Y in the window
#   scroll N       turns the mouse wheel N notches down over the window's middle (up when N < 0)
#   resize W H     makes the window W by H pixels (there is no window manager to do it)
#   sleep S        waits S seconds
#   shot NAME      saves DIR/NAME.png
# Without any 'shot' step, one picture, DIR/screen.png, is saved at the end. The program is
# stopped afterwards; the script says if it had ended by itself, and shows the end of its stderr.
#
# Needs Xvfb, xdotool and ImageMagick: bash .ci/install-system-packages --screenshots
# Example (the app on a throwaway home, its Settings at 900x600):
#   KUBESTUDY_HOME=$(mktemp -d) bash tests/tools/screenshot.sh --size 900x600 --out screenshots \
#       --act 'resize 900 600' --act 'shot home' -- target/release/kubestudy
set -u
size=1280x800 out=. wait=2 steps=()
while [ $# -gt 0 ]; do
  case "$1" in
    --size) size=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --wait) wait=$2; shift 2 ;;
    --act) steps+=("$2"); shift 2 ;;
    --) shift; break ;;
    *) echo "screenshot.sh: unknown option $1 (see the top of this file)" >&2; exit 2 ;;
  esac
done
[ $# -gt 0 ] || { echo "screenshot.sh: name the program after --" >&2; exit 2; }
for tool in Xvfb xdotool import; do
  command -v "$tool" >/dev/null || {
    echo "screenshot.sh: $tool is missing: bash .ci/install-system-packages --screenshots" >&2
    exit 2
  }
done
mkdir -p "$out"
scratch=$(mktemp -d)
# Xvfb picks a free display number and writes it to fd 3.
Xvfb -displayfd 3 -screen 0 "${size}x24" -nolisten tcp 3>"$scratch/display" 2>"$scratch/xvfb.err" &
xvfb=$!
for _ in $(seq 50); do [ -s "$scratch/display" ] && break; sleep 0.1; done
if [ ! -s "$scratch/display" ]; then
  echo "screenshot.sh: Xvfb did not start: $(cat "$scratch/xvfb.err")" >&2
  kill "$xvfb" 2>/dev/null; rm -rf "$scratch"; exit 1
fi
export DISPLAY=":$(cat "$scratch/display")"
if [ -z "${XDG_RUNTIME_DIR:-}" ] || [ ! -d "$XDG_RUNTIME_DIR" ]; then
  export XDG_RUNTIME_DIR="$scratch/run"; mkdir -p -m 700 "$XDG_RUNTIME_DIR"
fi
started=$(date +%s%N)
"$@" >"$scratch/stdout" 2>"$scratch/stderr" &
program=$!
window=$(timeout 30 xdotool search --sync --onlyvisible --pid "$program" 2>/dev/null | head -n 1)
if [ -n "$window" ]; then
  echo "window mapped after $(( ($(date +%s%N) - started) / 1000000 )) ms"
  xdotool windowactivate --sync "$window" >/dev/null 2>&1 || xdotool windowfocus "$window" >/dev/null 2>&1
else
  echo "screenshot.sh: no window appeared within 30 s" >&2
fi
sleep "$wait"
shots=0
for step in "${steps[@]}"; do
  read -r verb rest <<<"$step"
  case "$verb" in
    key) xdotool key --delay 80 $rest ;;
    type) xdotool type --delay 40 "$rest" ;;
    click)
      read -r x y <<<"$rest"
      [ -n "$window" ] && xdotool mousemove --window "$window" "$x" "$y" click 1 ;;
    scroll)
      if [ -n "$window" ]; then
        eval "$(xdotool getwindowgeometry --shell "$window")"
        button=5; notches=$rest
        [ "$rest" -lt 0 ] && { button=4; notches=$(( -rest )); }
        xdotool mousemove --window "$window" $(( WIDTH / 2 )) $(( HEIGHT / 2 )) click --repeat "$notches" --delay 60 "$button"
      fi ;;
    resize)
      read -r w h <<<"$rest"
      [ -n "$window" ] && xdotool windowsize "$window" "$w" "$h" && xdotool windowmove "$window" 0 0 ;;
    sleep) sleep "$rest" ;;
    shot)
      sleep 0.4
      import -window root "$out/$rest.png" && echo "saved $out/$rest.png"
      shots=$((shots + 1)) ;;
    *) echo "screenshot.sh: unknown step '$step'" >&2 ;;
  esac
  sleep 0.2
done
if [ "$shots" -eq 0 ]; then
  sleep 0.4; import -window root "$out/screen.png" && echo "saved $out/screen.png"
fi
if kill -0 "$program" 2>/dev/null; then
  echo "the program was still running at the end (as it should be)"
  kill "$program" 2>/dev/null; sleep 0.5; kill -9 "$program" 2>/dev/null
else
  wait "$program"; echo "the program had ENDED by itself, with status $?"
fi
kill "$xvfb" 2>/dev/null
if [ -s "$scratch/stderr" ]; then echo "--- the end of its stderr:"; tail -n 15 "$scratch/stderr"; fi
rm -rf "$scratch"
