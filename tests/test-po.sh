#!/usr/bin/env bash
# Translations: POTFILES.in lists every file with a marked string, and every
# language in LINGUAS passes msgfmt -c and translates every message of a
# freshly extracted template. TAP output. Argument: source dir.
set -uo pipefail
src=$1
cd "$src" || exit 1
mapfile -t languages < <(grep -v '^#' po/LINGUAS | tr ' ' '\n' | grep .)
echo "1..$((2 + 2 * ${#languages[@]}))"
n=0
fails=0
result() {   # result NAME OUTPUT STATUS
  n=$((n + 1))
  if [[ $3 -eq 0 ]]; then
    echo "ok $n $1"
  else
    echo "not ok $n $1"
    sed 's/^/# /' <<<"$2"
    fails=$((fails + 1))
  fi
}

# every file that marks a string (C: _() N_() C_() NC_() g_dngettext; UI:
# translatable="yes"; and the desktop, metainfo and schema files) is listed
listed=$(grep -v '^#' po/POTFILES.in | grep . | sort)
marked=$({ ls data/*.desktop.in data/*.metainfo.xml.in data/*.gschema.xml
           grep -lE '\b(N?C?_|g_dngettext) ?\(' src/*.c src/*/*.c
           grep -l 'translatable="yes"' ui/*.ui ui/*/*.ui; } 2>/dev/null | sort -u)
out=$(diff <(echo "$listed") <(echo "$marked") | sed -n 's/^> /not in POTFILES.in: /p; s/^< /listed but marks nothing: /p')
result "potfiles-complete" "$out" $([[ -z $out ]]; echo $?)

# the template as meson's glib preset extracts it
pot=$(mktemp)
trap 'rm -f "$pot"' EXIT
out=$(xgettext --from-code=UTF-8 --add-comments --package-name=reportdock -f po/POTFILES.in -o "$pot" \
        --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 --keyword=g_dngettext:2,3 \
        --flag=N_:1:pass-c-format --flag=C_:2:pass-c-format --flag=NC_:2:pass-c-format \
        --flag=g_dngettext:2:pass-c-format --flag=g_strdup_printf:1:c-format \
        --flag=g_set_error:4:c-format --flag=g_printerr:1:c-format 2>&1)
result "xgettext" "$out" $?

for lang in "${languages[@]}"; do
  out=$(msgfmt -c --check-accelerators=_ -o /dev/null "po/$lang.po" 2>&1)
  result "msgfmt-check $lang" "$out" $?
  # msgcmp ignores untranslated and fuzzy entries: each counts as missing
  out=$(msgcmp "po/$lang.po" "$pot" 2>&1)
  result "fully-translated $lang" "$out" $?
done
exit $((fails > 0))
