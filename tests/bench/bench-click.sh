#!/usr/bin/env bash
# A worklist click with ReportDock running: the time from starting
# `reportdock open …` to its exit, by which the running instance has taken
# the study (the exit status is its answer). Through the thin launcher
# (reportdock) and, for comparison, the full app binary as the forwarding
# process (what every click cost before). N clicks each (default 50),
# alternating two studies; prints p50 and p95 in ms. Needs a display and a
# build in BUILD_DIR (default _build/ci). A measurement, not a test.
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${BUILD_DIR:-_build/ci}
n=${CLICKS:-50}
export GSETTINGS_SCHEMA_DIR="$build/data" GSETTINGS_BACKEND=memory GTK_A11Y=none NO_AT_BRIDGE=1
[[ -x "$build/src/reportdock" ]] || { echo "build first: meson compile -C $build" >&2; exit 2; }
[[ -n "${DISPLAY:-}" ]] || { echo "needs a display (Xvfb)" >&2; exit 2; }

# the click returns and the instance goes on, detached: quit it at the end
"$build/src/reportdock" --demo >/dev/null 2>&1
trap 'gdbus call --session --dest io.github.reportdock.ReportDock --object-path /io/github/reportdock/ReportDock \
        --method org.gtk.Actions.Activate quit "[]" "{}" >/dev/null 2>&1 || true' EXIT
for _ in $(seq 1 150); do
  if gdbus call --session --dest io.github.reportdock.ReportDock --object-path /io/github/reportdock/ReportDock \
       --method io.github.reportdock.ReportDock1.GetStatus 2>/dev/null | grep -q "'signed-in'"; then break; fi
  sleep 0.2
done

clicks() {   # clicks PROGRAM: one time in ms per line
  local i start end
  for i in $(seq 1 "$n"); do
    start=$(date +%s%N)
    "$1" open --mrn "MRN-BENCH-$((i % 2))" --accession "ACC-BENCH-$((i % 2))" --site NORTH >/dev/null
    end=$(date +%s%N)
    echo $(( (end - start) / 1000 ))
  done
}

report() {   # report LABEL: p50 and p95 of the µs read on stdin
  sort -n | awk -v label="$1" '{ v[NR] = $1 } END {
    p50 = v[int((NR + 1) * 0.50)]; p95 = v[int((NR * 0.95) + 0.5)];
    printf "%-44s p50 %6.1f ms  p95 %6.1f ms  (%d clicks)\n", label, p50 / 1000, p95 / 1000, NR }'
}

clicks "$build/src/reportdock" | report "click through the launcher (reportdock)"
clicks "$build/src/reportdock-app" | report "click through the full app (before)"
