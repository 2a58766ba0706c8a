#!/usr/bin/env bash
# The layer rules kubestudy keeps, checked from the top of the repository:
#  - the domain (src/pack, src/progress, src/study, src/modes, src/sync) never names egui, eframe or rfd;
#  - the screens (src/ui) never touch files or SQL themselves (std::fs, rusqlite, File::);
#  - source files over 400 lines are listed, as a hint to split them (not a failure).
# Exits 1 when a rule is broken. Takes a moment: .ci/run calls it.
set -u
cd "$(dirname "$0")/../.."
broken=0
domain=$(ls -d src/pack src/progress src/study src/modes src/sync 2>/dev/null)
if [ -n "$domain" ]; then
  found=$(grep -rnE '\b(egui|eframe|rfd)::|use (egui|eframe|rfd)\b|extern crate (egui|eframe)' $domain 2>/dev/null)
  if [ -n "$found" ]; then echo "the domain names the UI toolkit:"; echo "$found"; broken=1; fi
fi
if [ -d src/ui ]; then
  found=$(grep -rnE 'std::fs|rusqlite|File::(open|create)|OpenOptions' src/ui 2>/dev/null)
  if [ -n "$found" ]; then echo "a screen touches files or SQL itself:"; echo "$found"; broken=1; fi
fi
long=$(find src tests -name '*.rs' -exec wc -l {} + 2>/dev/null | awk '$2 != "total" && $1 > 400 {print "  " $1 " " $2}' | sort -rn)
[ -n "$long" ] && { echo "files over 400 lines (worth splitting):"; echo "$long"; }
[ "$broken" -eq 0 ] && echo "layering ok"
exit "$broken"
