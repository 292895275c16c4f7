#!/usr/bin/env bash
# TAP: `reportdock check-mic` in real time through PortAudio's JACK backend:
# a JACK dummy-driver server, speech from espeak-ng played into PortAudio's
# input by GStreamer (docs/platform.md). CI installs jackd2, GStreamer, espeak-ng.
set -u
binary=$1
work=$(mktemp -d)
# a fixed name: JACK keeps a small registry of servers in /dev/shm, and a new
# name every run fills it up
export JACK_NO_AUDIO_RESERVATION=1 JACK_DEFAULT_SERVER=reportdock-test
# no ALSA capture device: PortAudio's default input is JACK's system:capture_1
export ALSA_CONFIG_PATH=/usr/share/alsa/alsa.conf MALLOC_PERTURB_=0
echo "1..1"
cleanup() { kill $gst $jackd 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }

for tool in jackd jack_lsp jack_connect gst-launch-1.0 espeak-ng; do
  command -v $tool >/dev/null || { echo "not ok 1 - $tool is not installed (.ci/install-deps --tests)"; exit 1; }
done
espeak-ng -w "$work/speech.wav" "Chest CT with contrast. No pulmonary embolism. The lungs are clear. Impression: normal study."

jackd --no-realtime -d dummy -r 16000 -p 320 -C 1 -P 1 >"$work/jackd.log" 2>&1 &
jackd=$!
for _ in $(seq 100); do jack_lsp >/dev/null 2>&1 && break; sleep 0.05; done
if ! jack_lsp >/dev/null 2>&1; then
  echo "not ok 1 - jackd did not start: $(tail -3 "$work/jackd.log" | tr '\n' ' ')"
  kill $jackd 2>/dev/null
  exit 1
fi
gst-launch-1.0 -q filesrc location="$work/speech.wav" ! wavparse ! audioconvert ! audioresample \
  ! audio/x-raw,rate=16000 ! jackaudiosink connect=0 client-name=player >"$work/gst.log" 2>&1 &
gst=$!
for _ in $(seq 100); do jack_lsp 2>/dev/null | grep -q "player:out" && break; sleep 0.05; done
trap cleanup EXIT

# PortAudio connects its input to system:capture_1 (silence): move it to the player
( for _ in $(seq 500); do
    if jack_lsp 2>/dev/null | grep -q "PortAudio:in_0"; then
      jack_disconnect system:capture_1 PortAudio:in_0 2>/dev/null
      jack_connect player:out_jackaudiosink0_1 PortAudio:in_0
      break
    fi
    sleep 0.01
  done ) &

out=$("$binary" check-mic --seconds 2 --json 2>"$work/err")
status=$?
if [[ $status -eq 0 && "$out" == '{"verdict":"ok","device":"system"'* ]]; then
  echo "ok 1 - speech through JACK in real time: $out"
else
  echo "not ok 1 - exit $status: $out $(cat "$work/err")"
  exit 1
fi
