#!/bin/sh
# The launcher a worklist runs on every click links no GTK and no WebKit
# (what made a click cost 160–230 ms); the full app does, but not PortAudio,
# which it opens when a microphone is first checked (with it come libjack,
# libdb and ALSA's plugins, ~2 MB of every start). Each layer carries its
# own resources: the launcher only the core's (profiles), none of the UI.
launcher="$1"
app="$2"
echo "1..4"
if ldd "$launcher" | grep -Eq 'libgtk-4|libwebkitgtk|libjavascriptcore'; then
  echo "not ok 1 - the launcher links GTK or WebKit:"; ldd "$launcher" | grep -E 'gtk|webkit|javascriptcore' | sed 's/^/# /'
else
  echo "ok 1 - the launcher links $(ldd "$launcher" | wc -l) libraries, none of GTK or WebKit"
fi
if ldd "$app" | grep -q 'libgtk-4'; then
  echo "ok 2 - the full app links GTK ($(ldd "$app" | wc -l) libraries)"
else
  echo "not ok 2 - the full app does not link GTK: wrong binary?"
fi
if ldd "$app" | grep -Eq 'libportaudio|libjack'; then
  echo "not ok 3 - the full app links PortAudio or JACK:"; ldd "$app" | grep -E 'portaudio|jack' | sed 's/^/# /'
else
  echo "ok 3 - the full app opens PortAudio on first use"
fi
sections=$(gresource sections "$launcher" | tr '\n' ' ')
if [ "$sections" = "rd_core " ]; then
  echo "ok 4 - the launcher carries the core's resources only ($(gresource list "$launcher" | wc -l) files)"
else
  echo "not ok 4 - the launcher carries resources of other layers: $sections"
fi
