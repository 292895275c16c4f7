#!/usr/bin/env bash
# Microphone check figures on the JACK rig of docs/platform.md (dummy driver,
# 16 kHz, real time): check start → verdict, median of 10 300-ms checks,
# PortAudio start-up included, and the longest main-loop stall meanwhile.
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${BUILD_DIR:-_build/ci}
export JACK_NO_AUDIO_RESERVATION=1 JACK_DEFAULT_SERVER=reportdock-bench   # fixed: see test-mic-jack.sh
export ALSA_CONFIG_PATH=/usr/share/alsa/alsa.conf MALLOC_PERTURB_=0
jackd --no-realtime -d dummy -r 16000 -p 320 -C 1 -P 1 >/dev/null 2>&1 &
jackd=$!
trap 'kill $jackd 2>/dev/null' EXIT
for _ in $(seq 100); do jack_lsp >/dev/null 2>&1 && break; sleep 0.05; done
"$build/tests/bench/bench-mic" 10
