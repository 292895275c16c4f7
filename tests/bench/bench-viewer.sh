#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Worklist click → the new study's images on screen, with OHIF on Orthanc:
# ReportDock (viewer-profile ohif: the study changes inside the running
# OHIF; generic: OHIF's page loaded per study), a bare WebKitWebView
# loading the page per study, and headless Chromium (when installed) both
# ways, timed by the same cue (data/viewer). One table, p50 and p95 of N
# switches between two patients, and the first study. A measurement: the
# figures are printed, not asserted.
#
#   tests/real-viewer/run.sh tests/bench/bench-viewer.sh BUILD_DIR [N]
set -uo pipefail
build=$1
n=${2:-20}
here=$(dirname "$(readlink -f "$0")")
root=$(readlink -f "$here/../..")
export REPORTDOCK_BINARY=$build/src/reportdock
export GSETTINGS_SCHEMA_DIR=$build/data GSETTINGS_BACKEND=memory
export REPORTDOCK_WEB_EXTENSIONS_DIR=$build/src/web-extension
cue=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); s=d["shown"]; print(json.dumps({"event": s["event"], "detail": s["detail"], "then": s.get("then"), "missing": d.get("missing_path")}, separators=(",", ":")))' \
      "$root/data/viewers/ohif.json")

results=$(mktemp)
trap 'rm -f "$results"' EXIT
status=0
contestant() {   # contestant NAME COMMAND…
  local name=$1
  shift
  if ! "$@" 2>"$results.err" | sed "s/^/$name /" >>"$results"; then
    echo "$name: failed:" >&2
    tail -5 "$results.err" >&2
    status=1
  fi
  rm -f "$results.err"
}
contestant "reportdock-ohif" "$build/tests/bench/bench-viewer" reportdock ohif "$n"
contestant "reportdock-generic*" "$build/tests/bench/bench-viewer" reportdock generic "$n"
contestant "bare-webkit" "$build/tests/bench/bench-viewer" bare "$n"
if command -v chromium >/dev/null; then
  contestant "chromium-reload" python3 "$here/bench-viewer-chromium.py" "$cue" "$root/data/viewer" reload "$n"
  contestant "chromium-in-page" python3 "$here/bench-viewer-chromium.py" "$cue" "$root/data/viewer" in-page "$n"
fi

python3 - "$results" "$n" <<'PY'
import sys
rows = {}
for line in open(sys.argv[1]):
    name, kind, ms = line.split()
    rows.setdefault(name, {"first": [], "switch": []})[kind].append(float(ms))
def pct(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, max(0, round(q * len(values) + 0.5) - 1))] if values else float("nan")
print(f"viewer: worklist click → the new study's images on screen, {sys.argv[2]} switches (ms)")
print(f"{'':22}{'first study':>12}{'switch p50':>12}{'switch p95':>12}")
for name, r in rows.items():
    first = r["first"][0] if r["first"] else float("nan")
    print(f"{name:22}{first:12.0f}{pct(r['switch'], 0.5):12.0f}{pct(r['switch'], 0.95):12.0f}")
print("* generic: the cover comes down at OHIF's first paint, before its images")
PY
exit $status
