#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Starts what a hospital runs for a web viewer, on loopback: Debian's Orthanc
# with its DICOMweb plugin (the archive), and nginx serving OHIF's built app
# with the archive proxied under the same origin (OHIF's own deployment
# recipe). Loads the test's studies into the archive.
#
#   serve.sh WORKDIR OHIF_DIST DICOM_DIR PORT [SLOW_STUDY_UID]
#
# Orthanc 1.10 cannot bind one address: run this in a private network
# namespace (run.sh does). Prints nothing; fails loudly; WORKDIR/pids holds
# what to stop.
set -euo pipefail
work=$1 dist=$2 dicom=$3 port=$4 slow=${5:-none}
here=$(dirname "$(readlink -f "$0")")
archive_port=$((port + 1))

mkdir -p "$work/orthanc" "$work/nginx"
sed -e "s|@DB@|$work/orthanc|g" -e "s|@PORT@|$archive_port|g" "$here/orthanc.json" >"$work/orthanc.json"
# as root, nginx's workers would drop to nobody, who cannot read OHIF's cache
user=
[[ $(id -u) -ne 0 ]] || user="user root root;"
sed -e "s|@WORK@|$work/nginx|g" -e "s|@USER@|$user|" -e "s|@PORT@|$port|g" -e "s|@ARCHIVE_PORT@|$archive_port|g" \
    -e "s|@SLOW_STUDY@|${slow//./\\\\.}|g" -e "s|@DIST@|$dist|g" -e "s|@CONFIG@|$here/ohif-config.js|g" "$here/nginx.conf" >"$work/nginx.conf"

Orthanc "$work/orthanc.json" >"$work/orthanc.log" 2>&1 &
echo $! >"$work/pids"
nginx -p "$work/nginx" -c "$work/nginx.conf" >"$work/nginx.log" 2>&1 &
echo $! >>"$work/pids"

for _ in $(seq 300); do
  if curl -sf "http://127.0.0.1:$archive_port/system" >/dev/null &&
     curl -sf "http://127.0.0.1:$port/app-config.js" >/dev/null; then
    break
  fi
  sleep 0.1
done
curl -sf "http://127.0.0.1:$archive_port/system" >/dev/null || { echo "serve.sh: Orthanc did not start:"; tail "$work/orthanc.log"; exit 1; }
curl -sf "http://127.0.0.1:$port/app-config.js" >/dev/null || { echo "serve.sh: nginx did not start:"; cat "$work/nginx.log" "$work/nginx/error.log"; exit 1; }
for f in "$dicom"/*.dcm; do
  curl -sf -X POST --data-binary @"$f" "http://127.0.0.1:$archive_port/instances" >/dev/null ||
    { echo "serve.sh: Orthanc refused $f"; exit 1; }
done
