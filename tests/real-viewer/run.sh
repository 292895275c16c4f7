#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs a test program beside a real archive and a real web viewer, on
# loopback in a private network namespace (Orthanc listens on every
# interface; here the namespace has only lo). It gets its own session bus.
#
#   run.sh TEST_PROGRAM [ARGS…]
#
# Needs Orthanc, nginx and OHIF's built app: `.ci/install-deps --tests`
# fetches OHIF into ~/.cache/reportdock-tests (or REPORTDOCK_OHIF_DIST).
set -euo pipefail
here=$(dirname "$(readlink -f "$0")")
dist=${REPORTDOCK_OHIF_DIST:-${XDG_CACHE_HOME:-$HOME/.cache}/reportdock-tests/ohif-app-3.13.2/dist}

if [[ -z ${RD_REAL_VIEWER_NETNS:-} ]]; then
  for tool in Orthanc nginx curl ip unshare dbus-run-session; do
    command -v "$tool" >/dev/null || PATH=$PATH:/usr/sbin command -v "$tool" >/dev/null ||
      { echo "Bail out! $tool is missing: run .ci/install-deps --tests"; exit 1; }
  done
  [[ -f $dist/index.html ]] || { echo "Bail out! OHIF is not in $dist: run .ci/install-deps --tests"; exit 1; }
  # root (CI) makes a network namespace; anyone else one in a user namespace
  flags=(-n)
  [[ $(id -u) -eq 0 ]] || flags=(-r -n)
  RD_REAL_VIEWER_NETNS=1 exec unshare "${flags[@]}" "$0" "$@"
fi

export PATH=$PATH:/usr/sbin
ip link set lo up
work=$(mktemp -d)
cleanup() {
  [[ -f $work/serve/pids ]] && kill $(cat "$work/serve/pids") 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
/usr/bin/python3 "$here/make-studies.py" "$work/dicom" >"$work/uids"
"$here/serve.sh" "$work/serve" "$dist" "$work/dicom" 18080 "$(awk '$1 == "C" { print $2 }' "$work/uids")" >&2
export REAL_VIEWER_ORIGIN=http://127.0.0.1:18080
export REAL_VIEWER_ACCESS_LOG=$work/serve/nginx/access.log
REAL_VIEWER_STUDY_A=$(awk '$1 == "A" { print $2 }' "$work/uids")
REAL_VIEWER_STUDY_B=$(awk '$1 == "B" { print $2 }' "$work/uids")
REAL_VIEWER_STUDY_C=$(awk '$1 == "C" { print $2 }' "$work/uids")
export REAL_VIEWER_STUDY_A REAL_VIEWER_STUDY_B REAL_VIEWER_STUDY_C
dbus-run-session --config-file="$here/../session-bus.conf" -- "$@"
