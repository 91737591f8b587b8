#!/bin/sh
# Regenerate the build system; then run ./configure unless NOCONFIGURE is set.
set -e
srcdir=$(dirname "$0")
test -n "$srcdir" || srcdir=.
(cd "$srcdir" && autoreconf --force --install --verbose) || exit 1
if test -z "$NOCONFIGURE"; then
  exec "$srcdir/configure" "$@"
fi
