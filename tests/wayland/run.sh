#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# ReportDock on a Wayland desktop: a headless sway (wlroots) compositor from
# Debian, started here. The demo starts and switches studies, and a worklist
# click that passes an activation token in XDG_ACTIVATION_TOKEN (the standard
# way) brings the window forward over the worklist; one without a token does
# not. TAP output.
# Arguments: reportdock launcher, reportdock-app, tests/wayland/worklist.py,
# tests/wayland/click.py, application id.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# a bus of its own: the instance's name must not meet the other suites'
if [[ -z ${RD_WAYLAND_OWN_BUS:-} ]]; then
  RD_WAYLAND_OWN_BUS=1 exec dbus-run-session --config-file="$here/../session-bus.conf" -- "$0" "$@"
fi
reportdock=$1
app=$2
worklist_py=$3
click_py=$4
app_id=$5

if ! command -v sway >/dev/null; then
  echo "1..0 # SKIP sway is not installed (.ci/install-deps --tests installs it)"
  exit 0
fi

echo "1..9"
n=0
result() {   # result NAME STATUS [DETAILS]
  n=$((n + 1))
  if [[ $2 -eq 0 ]]; then echo "ok $n $1"; else
    echo "not ok $n $1"
    [[ -n ${3:-} ]] && sed 's/^/# /' <<<"$3"
  fi
}

work=$(mktemp -d)
chmod 711 "$work"
app_pid=
cleanup() {
  [[ -n $app_pid ]] && kill "$app_pid" 2>/dev/null
  # sway and the worklists
  kill $(jobs -p) 2>/dev/null
  wait 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

# sway refuses to run as root: then it runs as nobody, in a runtime directory
# of its own; ReportDock's runtime directory links to its socket
compositor=$work/compositor
mkdir -m 700 "$compositor"
as=()
if [[ $(id -u) -eq 0 ]]; then
  chown nobody: "$compositor"
  as=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
fi
# focus on every activation the compositor accepts; it accepts only tokens
# it handed out, so a request without one changes nothing
printf 'focus_on_window_activation focus\n' >"$work/sway.conf"
chmod 644 "$work/sway.conf"
"${as[@]}" env -i PATH="$PATH" HOME="$compositor" XDG_RUNTIME_DIR="$compositor" \
  WLR_BACKENDS=headless WLR_LIBINPUT_NO_DEVICES=1 WLR_RENDERER=pixman \
  sway -c "$work/sway.conf" >"$work/sway.log" 2>&1 &

socket=
for _ in $(seq 100); do
  socket=$(cd "$compositor" && ls wayland-? 2>/dev/null | head -1)
  ipc=$(ls "$compositor"/sway-ipc.*.sock 2>/dev/null | head -1)
  [[ -n $socket && -n $ipc ]] && break
  sleep 0.1
done
if [[ -z $socket || -z $ipc ]]; then
  result "sway started headless" 1 "$(tail -20 "$work/sway.log")"
  exit 1
fi
result "sway started headless ($socket)" 0

export XDG_RUNTIME_DIR=$work/runtime
mkdir -m 700 "$XDG_RUNTIME_DIR"
# never another suite's outbox, settings or web data
export XDG_STATE_HOME=$work/state XDG_DATA_HOME=$work/data XDG_CACHE_HOME=$work/cache XDG_CONFIG_HOME=$work/config
ln -s "$compositor/$socket" "$XDG_RUNTIME_DIR/$socket"
export WAYLAND_DISPLAY=$socket GDK_BACKEND=wayland
unset DISPLAY DESKTOP_STARTUP_ID XDG_ACTIVATION_TOKEN

# "APP_ID|TITLE|FOCUSED|PID" for each window
windows() {
  swaymsg -s "$ipc" -t get_tree | python3 -c '
import json, sys
def walk(node):
    if node.get("pid"):
        print("%s|%s|%s|%s" % (node.get("app_id"), node.get("name"), node.get("focused"), node.get("pid")))
    for child in node.get("nodes", []) + node.get("floating_nodes", []):
        walk(child)
walk(json.load(sys.stdin))'
}
focused() { windows | awk -F'|' '$3 == "True" { print $1 "|" $2 }'; }
wait_until() {   # wait_until SECONDS COMMAND...
  local end=$((SECONDS + $1))
  shift
  until "$@"; do
    ((SECONDS >= end)) && return 1
    sleep 0.2
  done
}
focused_is() { [[ $(focused) == "$1|"*"$2"* ]]; }
title_has() { windows | grep -q "^$app_id|[^|]*$1"; }

"$reportdock" --demo >"$work/demo.log" 2>&1
status=$?
wait_until 60 title_has ""
result "the demo's window maps on Wayland (launcher status $status)" $? "$(cat "$work/demo.log"; windows)"
app_pid=$(windows | awk -F'|' -v id="$app_id" '$1 == id { print $4; exit }')

out=$("$reportdock" open --mrn W-1 --accession A-1 --meta patient_name='Wayland^Wanda' \
      --wait report.opened --timeout 60 2>&1)
status=$?
wait_until 10 title_has "MRN W-1"
result "a study opens (status $status)" $(( status != 0 || $? != 0 )) "$out
$(windows)"

# a worklist window takes the focus, as the worklist has it when clicked
coproc worklist { "$worklist_py" 2>"$work/worklist.log"; }
read -r -t 30 line <&"${worklist[0]}"
wait_until 30 focused_is org.reportdock.TestWorklist ""
result "the worklist window has the focus ($line)" $? "$(windows; cat "$work/worklist.log")"

# a click in the worklist runs the command it was given, as a worklist
# button does; the compositor hands out tokens only for a real input event
click() {   # click COPROC-FD-IN COPROC-FD-OUT LINE
  local in=$1 out=$2 armed
  echo "$3" >&"$in"
  read -r -t 30 armed <&"$out"
  # the focused window's centre, in the layout's coordinates
  read -r x y width height < <(swaymsg -s "$ipc" -t get_tree | python3 -c '
import json, sys
root = json.load(sys.stdin)
def walk(node):
    if node.get("focused"):
        r = node["rect"]
        print(r["x"] + r["width"] // 2, r["y"] + r["height"] // 2, root["rect"]["width"], root["rect"]["height"])
    for child in node.get("nodes", []) + node.get("floating_nodes", []):
        walk(child)
walk(root)')
  "$click_py" "$x" "$y" "$width" "$height" 2>>"$work/worklist.log"
}

# without --wait: the click goes over the command-line call, with the token
# in its platform data
click "${worklist[1]}" "${worklist[0]}" \
  "token $reportdock open --mrn W-2 --accession A-2 --meta patient_name=Second^Sam"
read -r -t 30 token_line <&"${worklist[0]}"
read -r -t 90 exit_line <&"${worklist[0]}"
wait_until 15 focused_is "$app_id" "MRN W-2"
result "a click with an activation token switches and raises ReportDock ($token_line, $exit_line)" $? \
  "$(windows; cat "$work/worklist.log")"

# the worklist again in front: its window closed, another one opened
exec {worklist[1]}>&-
wait "$worklist_PID" 2>/dev/null
coproc worklist2 { "$worklist_py" 2>>"$work/worklist.log"; }
read -r -t 30 line <&"${worklist2[0]}"
wait_until 30 focused_is org.reportdock.TestWorklist ""
click "${worklist2[1]}" "${worklist2[0]}" \
  "plain $reportdock open --mrn W-3 --accession A-3 --meta patient_name=Third^Tom"
read -r -t 90 exit_line <&"${worklist2[0]}"
wait_until 15 title_has "MRN W-3"
opened=$?
sleep 1
focused_is org.reportdock.TestWorklist ""
result "a click without a token switches, and the worklist keeps the focus ($exit_line)" $(( opened != 0 || $? != 0 )) \
  "$(windows; cat "$work/worklist.log")"

# --wait: the study goes over the D-Bus API (OpenReportWithPlatformData),
# the token with it
click "${worklist2[1]}" "${worklist2[0]}" \
  "token $reportdock open --mrn W-4 --accession A-4 --meta patient_name=Fourth^Fay --wait report.opened --timeout 60"
read -r -t 30 token_line <&"${worklist2[0]}"
read -r -t 90 exit_line <&"${worklist2[0]}"
wait_until 15 focused_is "$app_id" "MRN W-4"
result "a click with a token and --wait raises ReportDock too ($token_line, $exit_line)" $? \
  "$(windows; cat "$work/worklist.log")"

# WAYLAND_DISPLAY given as a path (GNOME's own sessions use names): inside
# the runtime directory it works; elsewhere the web process could not reach
# it, so ReportDock says so and stops, rather than aborting without a word
gone() { ! kill -0 "$1" 2>/dev/null; }
kill "$app_pid" 2>/dev/null
wait_until 30 gone "$app_pid"
app_pid=
out=$(WAYLAND_DISPLAY=$compositor/$socket timeout 60 "$app" --demo 2>&1)
status=$?
grep -q "WAYLAND_DISPLAY is the path $compositor/$socket, outside XDG_RUNTIME_DIR" <<<"$out"
result "a WAYLAND_DISPLAY path outside the runtime directory is a clear error (status $status)" \
  $(( status != 1 || $? != 0 )) "$out"

WAYLAND_DISPLAY=$XDG_RUNTIME_DIR/$socket "$reportdock" --demo >"$work/demo2.log" 2>&1
status=$?
wait_until 60 title_has ""
result "a WAYLAND_DISPLAY path inside the runtime directory works (launcher status $status)" $? \
  "$(cat "$work/demo2.log"; windows)"
app_pid=$(windows | awk -F'|' -v id="$app_id" '$1 == id { print $4; exit }')
