#!/usr/bin/env bash
# Start-up figures of `reportdock --demo`, median of RUNS (default 5):
# process start → sign_in_successful, → report.opened, and the total PSS of
# the UI, web and network processes at report.opened. Needs a display (run
# under Xvfb as .ci/run does) and a build in BUILD_DIR (default _build/ci).
# Runs tests/bench/bench-bare the same way for the floor. Prints
# fixed-format lines; it is a measurement, not a test.
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${BUILD_DIR:-_build/ci}
runs=${RUNS:-5}
binary="$build/src/reportdock"
bare="$build/tests/bench/bench-bare"
export GSETTINGS_SCHEMA_DIR="$build/data" GSETTINGS_BACKEND=memory GTK_A11Y=none NO_AT_BRIDGE=1

[[ -x "$binary" ]] || { echo "build first: meson setup $build && meson compile -C $build" >&2; exit 2; }
[[ -n "${DISPLAY:-}" ]] || { echo "needs a display (Xvfb)" >&2; exit 2; }

pss_kb() {   # PSS of a process and all its descendants, in kB
  local total=0 pid
  for pid in "$1" $(pgrep -P "$1" 2>/dev/null) $(for c in $(pgrep -P "$1" 2>/dev/null); do pgrep -P "$c"; done); do
    if [[ -r /proc/$pid/smaps_rollup ]]; then
      total=$((total + $(awk '/^Pss:/ {print $2}' "/proc/$pid/smaps_rollup")))
    fi
  done
  echo "$total"
}

one_run() {   # one_run PROGRAM ARGS…: "signed opened pss settled"
  local start line pid signed="" opened="" pss settled
  start=$(date +%s%6N)
  # Read the trace with bash builtins only: a polling loop that forks would
  # steal CPU from the start-up it measures.
  exec 4< <(REPORTDOCK_TRACE=1 exec dbus-run-session --config-file=tests/session-bus.conf -- \
              "$@" 2>&1 >/dev/null)
  while read -r -t 60 -u 4 line; do
    case "$line" in
      "reportdock-trace: signed-in "*) signed=${line##* }; [[ "$1" == "$bare" ]] && { opened=$signed; break; } ;;
      "reportdock-trace: report.opened "*) opened=${line##* }; break ;;
    esac
  done
  pid=$(pgrep -n -f "^$1" || true)
  [[ -n "$signed" && -n "$opened" && -n "$pid" ]] || { echo "run failed" >&2; exit 1; }
  pss=$(pss_kb "$pid")
  sleep 3   # and once more when the viewer and the report have settled
  settled=$(pss_kb "$pid")
  kill "$pid" 2>/dev/null || true
  exec 4<&-
  echo "$(( (signed - start) / 1000 )) $(( (opened - start) / 1000 )) $(( pss / 1024 )) $(( settled / 1024 ))"
}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

report() {   # report LABEL RESULTS
  echo "$2" | awk -v l="$1" '{printf "  %s run %d: sign_in_successful=%d ms report.opened=%d ms pss=%d MB pss_after_3s=%d MB\n", l, NR, $1, $2, $3, $4}'
  echo "$1 start→sign_in_successful median_ms=$(echo "$2" | awk '{print $1}' | median)"
  echo "$1 start→report.opened median_ms=$(echo "$2" | awk '{print $2}' | median)"
  echo "$1 pss_ui+web+network at report.opened median_mb=$(echo "$2" | awk '{print $3}' | median)"
  echo "$1 pss_ui+web+network 3 s later median_mb=$(echo "$2" | awk '{print $4}' | median)"
}

echo "bench-startup: runs=$runs"
report reportdock "$(for _ in $(seq "$runs"); do one_run "$binary" --demo; sleep 0.5; done)"
if [[ -x "$bare" ]]; then
  # the floor: one bare WebKitGTK window, same pages, same handshake
  report bare "$(for _ in $(seq "$runs"); do one_run "$bare"; sleep 0.5; done)"
fi
