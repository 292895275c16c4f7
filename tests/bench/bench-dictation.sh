#!/usr/bin/env bash
# Dictation button figure (issue: dictation devices): report read by the
# device's reader thread → `command` message posted into the reporting app,
# median and p99 over N presses (default 1000), against `--demo` with a
# scripted SpeechMike. Needs a display (Xvfb) and a build in BUILD_DIR.
# Prints fixed-format lines; it is a measurement, not a test.
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${BUILD_DIR:-_build/ci}
export GSETTINGS_SCHEMA_DIR="$build/data" GSETTINGS_BACKEND=memory GTK_A11Y=none NO_AT_BRIDGE=1 \
       GSK_RENDERER=cairo WEBKIT_DISABLE_COMPOSITING_MODE=1 WEBKIT_DISABLE_SANDBOX_THIS_IS_DANGEROUS=1
[[ -n "${DISPLAY:-}" ]] || { echo "needs a display (Xvfb)" >&2; exit 2; }
state=$(mktemp -d)
trap 'rm -rf "$state"' EXIT
XDG_STATE_HOME=$state dbus-run-session --config-file=tests/session-bus.conf -- \
  "$build/tests/bench/bench-dictation" "${1:-1000}" 2>/dev/null
