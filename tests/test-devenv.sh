#!/usr/bin/env bash
# The README's "try it" path: `meson devenv` runs the uninstalled build with
# its translations (and its schemas), so LANGUAGE=de speaks German there.
# TAP output. Arguments: meson, build dir.
set -uo pipefail
meson=$1
build=$2
echo "1..3"
out=$(LANG=C.UTF-8 LC_ALL= LANGUAGE=de "$meson" devenv -C "$build" reportdock help 2>&1)
if grep -q '^Aufruf:' <<<"$out"; then echo "ok 1 usage in German"; else
  echo "not ok 1 usage in German"; sed 's/^/# /' <<<"$out"; fi
out=$(LANG=C.UTF-8 LC_ALL= LANGUAGE=de "$meson" devenv -C "$build" reportdock opne 2>&1)
# a misspelt command: the error line too, from the same catalogue
if grep -q 'meinten Sie' <<<"$out"; then echo "ok 2 error in German"; else
  echo "not ok 2 error in German"; sed 's/^/# /' <<<"$out"; fi
out=$(LANG=C.UTF-8 LC_ALL= LANGUAGE= "$meson" devenv -C "$build" reportdock help 2>&1)
if grep -q '^Usage:' <<<"$out"; then echo "ok 3 English without LANGUAGE"; else
  echo "not ok 3 English without LANGUAGE"; sed 's/^/# /' <<<"$out"; fi
