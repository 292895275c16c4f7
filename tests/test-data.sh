#!/usr/bin/env bash
# The installed metadata validates with the tools distributions and Flathub
# use: desktop file, AppStream metainfo, settings schema, D-Bus service,
# icons. TAP output. Arguments: source dir, build dir.
set -uo pipefail
src=$1
build=$2
n=0
fails=0
check() {   # check NAME COMMAND…
  local name=$1 out
  shift
  n=$((n + 1))
  if out=$("$@" 2>&1); then
    echo "ok $n $name"
  else
    echo "not ok $n $name"
    sed 's/^/# /' <<<"$out"
    fails=$((fails + 1))
  fi
}
echo "1..9"
check desktop-file-validate desktop-file-validate "$build/data/io.github.reportdock.ReportDock.desktop"
check appstream-validate appstreamcli validate --no-net "$build/data/io.github.reportdock.ReportDock.metainfo.xml"
check schema-strict glib-compile-schemas --strict --dry-run "$src/data"
check dbus-service grep -qx "Exec=.*/reportdock --gapplication-service" "$build/data/io.github.reportdock.ReportDock.service"
check url-handler grep -qx "MimeType=x-scheme-handler/reportdock;" "$build/data/io.github.reportdock.ReportDock.desktop"
check icon-svg xmllint --noout "$src/data/icons/hicolor/scalable/apps/io.github.reportdock.ReportDock.svg" \
  "$src/data/icons/hicolor/symbolic/apps/io.github.reportdock.ReportDock-symbolic.svg"
# every screenshot the metainfo names is in the repository
check screenshots-present bash -c '
  for url in $(grep -o "data/screenshots/[a-z0-9-]*\.png" "$1/data/io.github.reportdock.ReportDock.metainfo.xml.in"); do
    [[ -s "$1/$url" ]] || { echo "missing $url"; exit 1; }
  done' _ "$src"
# the man page names every subcommand and option that --help names
check man-page-complete bash -c '
  for word in $("$2" --help | grep -oE "(--[a-z-]+|reportdock [a-z-]+)" | sed "s/reportdock //" | sort -u); do
    grep -qF -- "${word//-/\\-}" "$1/data/reportdock.1" || { echo "reportdock.1 does not name $word"; exit 1; }
  done' _ "$src" "$build/src/reportdock"
# the Flatpak manifest: syntax and keys (a build needs the GNOME 48 runtime)
check flatpak-manifest env G_DEBUG=fatal-warnings flatpak-builder --show-manifest \
  "$src/flatpak/io.github.reportdock.ReportDock.json"
exit $((fails > 0))
