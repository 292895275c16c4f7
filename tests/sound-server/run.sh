#!/usr/bin/env bash
# Runs a test against a real desktop sound server, started here on a private
# runtime directory: PulseAudio, or PipeWire with WirePlumber and its pulse
# server. Two inputs, as a reading workstation has them: "Built-in
# Microphone" (the default, a quiet 440 Hz hum) and "SpeechMike III Audio"
# (an 880 Hz tone). Each is the monitor of a null sink, remapped so that it
# is a source like a microphone (WebKit leaves monitors out), and fed by a
# live, low-latency player: a null sink with no low-latency client renders
# in two-second blocks, which no microphone does.
#
# usage: run.sh pulseaudio|pipewire TEST-BINARY [ARGS…]
# The test gets RD_SOUND_SERVER and RD_SPEECHMIKE_MODULE (to unplug it).
set -u
server=$1; shift
work=$(mktemp -d)
# the servers' sockets, cookies and remembered defaults stay in $work;
# GStreamer's plugin registry (XDG_CACHE_HOME) is shared: built once
export XDG_RUNTIME_DIR=$work/run PULSE_RUNTIME_PATH=$work/run/pulse \
       XDG_CONFIG_HOME=$work/config XDG_STATE_HOME=$work/state
mkdir -p "$XDG_RUNTIME_DIR" "$XDG_CONFIG_HOME" "$XDG_STATE_HOME"; chmod 700 "$XDG_RUNTIME_DIR"
pids=()
cleanup() { kill "${pids[@]}" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
fail() { echo "1..0 # SKIP"; echo "Bail out! $*"; exit 1; }

for tool in pactl gst-launch-1.0 "$server"; do
  command -v "$tool" >/dev/null || fail "$tool is not installed (.ci/install-deps --tests)"
done
case $server in
  pulseaudio)
    pulseaudio -n --daemonize=no --exit-idle-time=-1 --disallow-exit --log-target=stderr \
      -L module-native-protocol-unix -L module-always-sink >"$work/server.log" 2>&1 &
    pids+=($!) ;;
  pipewire)
    command -v wireplumber >/dev/null && command -v pipewire-pulse >/dev/null ||
      fail "wireplumber and pipewire-pulse are needed (.ci/install-deps --tests)"
    pipewire >"$work/server.log" 2>&1 & pids+=($!)
    for _ in $(seq 50); do [ -S "$XDG_RUNTIME_DIR/pipewire-0" ] && break; sleep 0.1; done
    wireplumber >"$work/session.log" 2>&1 & pids+=($!)
    pipewire-pulse >"$work/pulse.log" 2>&1 & pids+=($!) ;;
  *) fail "unknown sound server $server" ;;
esac
for _ in $(seq 100); do pactl info >/dev/null 2>&1 && break; sleep 0.1; done
pactl info >/dev/null 2>&1 || fail "$server did not start: $(tail -3 "$work/server.log" | tr '\n' ' ')"

pactl load-module module-null-sink sink_name=builtin_out >/dev/null
pactl load-module module-null-sink sink_name=speechmike_out >/dev/null
pactl load-module module-remap-source master=builtin_out.monitor source_name=builtin_mic \
  "source_properties=\"device.description='Built-in Microphone'\"" >/dev/null
RD_SPEECHMIKE_MODULE=$(pactl load-module module-remap-source master=speechmike_out.monitor \
  source_name=speechmike_mic "source_properties=\"device.description='SpeechMike III Audio'\"")
pactl set-default-source builtin_mic
play() {
  gst-launch-1.0 -q audiotestsrc freq="$2" volume="$3" is-live=true ! audio/x-raw,rate=48000,channels=1 \
    ! pulsesink device="$1" buffer-time=40000 latency-time=10000 >/dev/null 2>&1 &
  pids+=($!)
}
play builtin_out 440 0.05
play speechmike_out 880 0.5
# the desktop's inputs, as GStreamer (and so WebKit) sees them
for _ in $(seq 100); do
  pactl list short sources 2>/dev/null | grep -q speechmike_mic && break; sleep 0.1
done
export RD_SOUND_SERVER=$server RD_SPEECHMIKE_MODULE
"$@"
