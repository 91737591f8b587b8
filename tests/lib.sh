# lib.sh: the shared harness of the shell tests (sourced, not run).
# Gives $tmp (a scratch folder removed on exit) and TAP-style checks:
#   check NAME EXPECTED-STATUS COMMAND...   run COMMAND, compare its exit
#                                           status; output in $tmp/out and
#                                           $tmp/err
#   assert NAME TEST...                     run TEST, pass if it succeeds
#   known NAME ISSUE TEST...                a known failure, tracked on
#                                           ISSUE: run TEST and report it as
#                                           TAP "# TODO" either way (counts
#                                           as neither pass nor failure, so
#                                           it stays visible in the log)
#   kill_once DIR PATTERN COMMAND...       run COMMAND in the background,
#                                           wait (10 s at most) until a name
#                                           in DIR matches the grep PATTERN,
#                                           then kill it (SIGKILL); its pid
#                                           in $killed
#   need_mpi                                skip the script (77) unless ctsim
#                                           was built with Open MPI and
#                                           mpirun is found; then
#                                           `mpi N COMMAND...` runs COMMAND
#                                           on N ranks
# Each script prints "1..$n" at its end and fails if $fails > 0.
# Needs $top_srcdir (exported by make check).
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
n=0

check () { # check NAME EXPECTED-STATUS COMMAND...
  name=$1; want=$2; shift 2
  n=$((n + 1))
  "$@" >"$tmp/out" 2>"$tmp/err"
  got=$?
  if [ "$got" -eq "$want" ]; then
    echo "ok $n - $name (exit $got)"
  else
    echo "not ok $n - $name: exit $got, expected $want"; sed 's/^/#   /' "$tmp/err"
    fails=$((fails + 1))
  fi
}

assert () { # assert NAME TEST...
  name=$1; shift
  n=$((n + 1))
  if "$@"; then echo "ok $n - $name"; else echo "not ok $n - $name"; fails=$((fails + 1)); fi
}

known () { # known NAME ISSUE TEST...
  name=$1; issue=$2; shift 2
  n=$((n + 1))
  if "$@"; then echo "ok $n - $name # TODO $issue: now passes, make it an assert"
  else echo "not ok $n - $name # TODO known failure, $issue"; fi
}

kill_once () { # kill_once DIR PATTERN COMMAND...
  kdir=$1; kpat=$2; shift 2
  "$@" >/dev/null 2>&1 &
  killed=$!
  ki=0
  while [ $ki -lt 100 ] && ! ls -a "$kdir" | grep -q "$kpat"; do
    sleep 0.1; ki=$((ki + 1))
  done
  kill -9 $killed 2>/dev/null; wait $killed 2>/dev/null
}

need_mpi () {
  if [ "${CTSIM_HAVE_MPI:-no}" != yes ]; then
    echo "1..0 # SKIP built without Open MPI (configure found no libopenmpi-dev)"
    exit 77
  fi
  mpirun=${MPIRUN:-mpirun}
  if [ "$mpirun" = no ] || ! command -v "$mpirun" >/dev/null 2>&1; then
    echo "1..0 # SKIP mpirun not found (Debian package openmpi-bin)"
    exit 77
  fi
}
# Root in CI's container; more ranks than cores on a small machine.
mpi () { "$mpirun" --allow-run-as-root --oversubscribe -np "$@"; }
