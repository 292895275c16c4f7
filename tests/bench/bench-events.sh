#!/usr/bin/env bash
# Event figures (issue: events back to the worklist):
#  1. event from the iframe → webhook request at a local receiver, 200 events,
#     median and p99, fsync included (bench-webhook, journal on $TMPDIR);
#  2. OpenReport D-Bus call → open_report posted into the iframe, 50 switches,
#     median and p95, against `reportdock --demo` (needs a display).
# Prints fixed-format lines; it is a measurement, not a test.
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${BUILD_DIR:-_build/ci}
export GSETTINGS_SCHEMA_DIR="$build/data" GSETTINGS_BACKEND=memory GTK_A11Y=none NO_AT_BRIDGE=1

TMPDIR=${TMPDIR:-$build} "$build/tests/bench/bench-webhook" 200

[[ -n "${DISPLAY:-}" ]] || { echo "bench-events: no display, OpenReport figures skipped" >&2; exit 0; }
state=$(mktemp -d)
trace=$(mktemp)
XDG_STATE_HOME=$state dbus-run-session --config-file=tests/session-bus.conf -- bash -c '
  REPORTDOCK_TRACE=1 "$1" --demo 2>"$2" &
  app=$!
  for _ in $(seq 600); do grep -q "reportdock-trace: report.opened" "$2" && break; sleep 0.05; done
  "$3" 50 > "$2.switches"
  kill $app' _ "$build/src/reportdock" "$trace" "$build/tests/bench/bench-switch"
python3 - "$trace" <<'PY'
import sys
trace = sys.argv[1]
posted = [int(l.split()[2]) for l in open(trace) if l.startswith("reportdock-trace: open_report-posted")]
starts = [int(l.split()[2]) for l in open(trace + ".switches")]
lat = []
for s in starts:
    after = [p for p in posted if p >= s]
    lat.append((min(after) - s) / 1000.0)
lat.sort()
n = len(lat)
print(f"bench-events: switches={n}")
print(f"OpenReport -> open_report posted median_ms={lat[n // 2]:.2f} p95_ms={lat[int(n * 0.95) - 1]:.2f} max_ms={lat[-1]:.2f}")
PY
rm -rf "$state" "$trace" "$trace.switches"
