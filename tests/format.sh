#!/bin/sh
# format.sh: every C file follows the house style (.clang-format, the
# STYLE.md layout), so `make check` fails on a change that was not run
# through clang-format.  Files the build generates (CTSIM_GENERATED, the
# Makefile's BUILT_SOURCES, which an in-tree build writes beside the
# sources) are not checked.  Skipped (exit 77) where clang-format is
# missing; ./quickstart installs it, so CI always runs it.  A section
# banner ("/* ---- title ---- */") is one line of at most 80 columns, not
# one that clang-format wrapped onto the next line.
set -u
: "${top_srcdir:?}"
. "$top_srcdir/tests/lib.sh"
CLANG_FORMAT=${CLANG_FORMAT:-clang-format}
if ! command -v "$CLANG_FORMAT" >/dev/null 2>&1; then
  echo "# $CLANG_FORMAT not found: skipped"
  exit 77
fi
for f in "$top_srcdir"/sim/*.[ch] "$top_srcdir"/models/*/*.[ch] "$top_srcdir"/app/*.[ch] \
         "$top_srcdir"/tests/*.[ch] "$top_srcdir"/bench/*.[ch]; do
  [ -e "$f" ] || continue
  case " ${CTSIM_GENERATED:-} " in *" ${f#"$top_srcdir"/} "*) continue ;; esac
  assert "${f#"$top_srcdir"/} is formatted" \
    "$CLANG_FORMAT" --dry-run --Werror --style=file "$f"
  assert "${f#"$top_srcdir"/}: section banners on one line" \
    sh -c "! grep -n '^/\\* ---- [^*]*\$' '$f'"
done
echo "1..$n"
[ "$fails" -eq 0 ]
