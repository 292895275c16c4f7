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
echo "1..15"
check desktop-file-validate desktop-file-validate "$build/data/io.github.reportdock.ReportDock.desktop"
check appstream-validate appstreamcli validate --no-net "$build/data/io.github.reportdock.ReportDock.metainfo.xml"
check schema-strict glib-compile-schemas --strict --dry-run "$src/data"
check dbus-service grep -qx "Exec=.*/reportdock --gapplication-service" "$build/data/io.github.reportdock.ReportDock.service"
# the launcher and the software centre speak every language of po/LINGUAS
check metadata-translated bash -c '
  for lang in $(grep -v "^#" "$1/po/LINGUAS"); do
    grep -q "^Comment\\[$lang\\]=" "$2/data/io.github.reportdock.ReportDock.desktop" || { echo "desktop file: no $lang"; exit 1; }
    grep -q "xml:lang=\"$lang\"" "$2/data/io.github.reportdock.ReportDock.metainfo.xml" || { echo "metainfo: no $lang"; exit 1; }
  done' _ "$src" "$build"
check url-handler grep -qx "MimeType=x-scheme-handler/reportdock;" "$build/data/io.github.reportdock.ReportDock.desktop"
# start-at-login: the system autostart entry starts nothing unless the setting is on
check autostart-validate desktop-file-validate "$build/data/io.github.reportdock.ReportDock-autostart.desktop"
check autostart-at-login bash -c '
  grep -qx "Exec=reportdock --background --at-login" "$1" &&
  grep -qx "X-GNOME-Autostart-Condition=GSettings io.github.reportdock.ReportDock start-at-login" "$1"' \
  _ "$build/data/io.github.reportdock.ReportDock-autostart.desktop"
check icon-svg xmllint --noout "$src/data/icons/hicolor/scalable/apps/io.github.reportdock.ReportDock.svg" \
  "$src/data/icons/hicolor/symbolic/apps/io.github.reportdock.ReportDock-symbolic.svg"
# every screenshot the metainfo names is in the repository
check screenshots-present bash -c '
  for url in $(grep -o "data/screenshots/[a-z0-9-]*\.png" "$1/data/io.github.reportdock.ReportDock.metainfo.xml.in"); do
    [[ -s "$1/$url" ]] || { echo "missing $url"; exit 1; }
  done' _ "$src"
# the man page names every subcommand and option that --help names
check man-page-complete bash -c '
  for word in $(LANGUAGE= LC_ALL=C.UTF-8 "$2" --help | grep -oE "(--[a-z-]+|reportdock [a-z-]+)" | sed "s/reportdock //" | sort -u); do
    grep -qF -- "${word//-/\\-}" "$1/data/reportdock.1" || { echo "reportdock.1 does not name $word"; exit 1; }
  done' _ "$src" "$build/src/reportdock"
# the Flatpak manifest: syntax and keys (a build needs the GNOME 48 runtime)
for id in io.github.reportdock.ReportDock io.github.reportdock.ReportDock.Devel; do
  check "flatpak-manifest $id" env G_DEBUG=fatal-warnings flatpak-builder --show-manifest \
    "$src/flatpak/$id.json"
done
# the .Devel variant differs only in its id and its build options
check flatpak-devel-same-permissions python3 -c '
import json, subprocess, sys
def load(name):
    out = subprocess.run(["flatpak-builder", "--show-manifest", sys.argv[1] + "/flatpak/" + name],
                         check=True, capture_output=True, text=True).stdout
    m = json.loads(out)
    m.pop("id")
    m["modules"][-1].pop("config-opts")
    return m
a = load("io.github.reportdock.ReportDock.json")
b = load("io.github.reportdock.ReportDock.Devel.json")
if a != b:
    sys.exit("the two manifests differ beyond id and config-opts")' "$src"
# -Dprofile=development: every installed name follows the .Devel app id
check devel-profile-data bash -c '
  dir=$(mktemp -d) && trap "rm -rf $dir" EXIT &&
  meson setup "$dir" "$1" -Dprofile=development >/dev/null &&
  meson compile -C "$dir" data/io.github.reportdock.ReportDock.Devel.desktop \
    data/io.github.reportdock.ReportDock.Devel.metainfo.xml >/dev/null &&
  desktop-file-validate "$dir/data/io.github.reportdock.ReportDock.Devel.desktop" &&
  grep -qx "Icon=io.github.reportdock.ReportDock.Devel" "$dir/data/io.github.reportdock.ReportDock.Devel.desktop" &&
  grep -qx "Name=io.github.reportdock.ReportDock.Devel" "$dir/data/io.github.reportdock.ReportDock.Devel.service" &&
  appstreamcli validate --no-net "$dir/data/io.github.reportdock.ReportDock.Devel.metainfo.xml" &&
  grep -q "<id>io.github.reportdock.ReportDock.Devel</id>" "$dir/data/io.github.reportdock.ReportDock.Devel.metainfo.xml" &&
  grep -q "define OBJECT_PATH \"/io/github/reportdock/ReportDock/Devel\"" "$dir/config.h"' _ "$src"
exit $((fails > 0))
