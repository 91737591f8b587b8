#!/bin/sh
# layers.sh: no #include crosses a layer the wrong way (docs/architecture.md).
#
# The layers, lowest first; a folder may include its own headers and those
# of the folders listed for it, never the other way:
#   sim/                  the engine: nothing of models/ or app/
#   models/params/        sim/
#   models/queue/         sim/, models/params/
#   models/world/         sim/, models/params/
#   models/commission/    sim/, models/params/, models/world/
#   models/area/          sim/, models/params/, models/world/, models/commission/
#   models/pathfinders/   sim/, models/params/
#   models/scenario/      sim/, every models/ folder
#   app/                  sim/, models/
# tests/ and bench/ may include anything.
. "$top_srcdir/tests/lib.sh"

allowed () { # allowed FOLDER: the include prefixes FOLDER may use
  case $1 in
    sim) echo "sim/" ;;
    models/params) echo "sim/ models/params/" ;;
    models/queue) echo "sim/ models/params/ models/queue/" ;;
    models/world) echo "sim/ models/params/ models/world/" ;;
    models/commission) echo "sim/ models/params/ models/world/ models/commission/" ;;
    models/area) echo "sim/ models/params/ models/world/ models/commission/ models/area/" ;;
    models/pathfinders) echo "sim/ models/params/ models/pathfinders/" ;;
    models/scenario) echo "sim/ models/" ;;
    app) echo "sim/ models/ app/" ;;
    *) echo "UNKNOWN" ;;
  esac
}

crossing () { # crossing FILE FOLDER: print the includes of FILE not allowed
  ok=$(allowed "$2")
  [ "$ok" = UNKNOWN ] && { echo "folder $2 has no layer in tests/layers.sh"; return; }
  sed -n 's/^#include "\([^"]*\)".*/\1/p' "$1" | while read -r inc; do
    case $inc in config.h) continue ;; esac
    hit=no
    for p in $ok; do case $inc in "$p"*) hit=yes ;; esac; done
    [ $hit = yes ] || echo "$inc"
  done
}

for f in "$top_srcdir"/sim/*.[ch] "$top_srcdir"/models/*/*.[ch] \
         "$top_srcdir"/app/*.[ch]; do
  [ -e "$f" ] || continue
  rel=${f#"$top_srcdir"/}
  case " ${CTSIM_GENERATED:-} " in *" $rel "*) continue ;; esac
  bad=$(crossing "$f" "${rel%/*}")
  n=$((n + 1))
  if [ -z "$bad" ]; then
    echo "ok $n - $rel stays in its layer"
  else
    echo "not ok $n - $rel includes across a layer:" $bad
    fails=$((fails + 1))
  fi
done
# No source file directly in models/: every module belongs to a subsystem.
n=$((n + 1))
if ls "$top_srcdir"/models/*.[ch] >/dev/null 2>&1; then
  echo "not ok $n - models/ holds files outside a subsystem folder"
  fails=$((fails + 1))
else
  echo "ok $n - every module of models/ is in a subsystem folder"
fi
# The engine knows no domain and no program: no word of ctsim, its
# commissioning, surveys or its files in sim/ (docs/architecture.md).
n=$((n + 1))
words=$(grep -n -i -E 'ctsim|commission|pathfinder|survey|[a-z]+\.csv|manifest\.json' \
  "$top_srcdir"/sim/*.[ch] 2>/dev/null)
if [ -z "$words" ]; then
  echo "ok $n - sim/ names no domain word and no file of the program"
else
  echo "not ok $n - sim/ names the domain or the program's files:"
  echo "$words" | sed 's/^/#   /'
  fails=$((fails + 1))
fi
echo "1..$n"
[ "$fails" -eq 0 ]
