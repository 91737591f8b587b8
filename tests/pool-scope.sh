#!/bin/sh
# pool-scope.sh: two arrangement attributes as a user sets them (issue 7,
# docs/scenarios.md): pool_sectors (the sectors whose services a pooled
# fund pays for) and school_participation (the share of pupils whose
# schools work with an arrangement without school members on services
# delivered in school).  Seen through the contracting rows of the trace,
# which say who pays each contract and how much comes from the pool.
#
#  - by default the joint unit's pool pays part of every contract,
#    education's included;
#  - with pool_sectors="health social_care" no education contract gets pool
#    money, and every health and social-care contract of the unit still
#    does;
#  - school_participation 0: the unit (no school members) contracts no
#    in-school service; 0.5 fewer places than 1; 1 is the default (the
#    same trace as not setting it).
set -u
: "${CTSIM:?}"
. "$top_srcdir/tests/lib.sh"

run () { # run NAME [OPTIONS...]: joint-unit-pooled, 1 replication, 1 year of
  #  warm-up (contracts, not the steady state), trace of contracts
  o=$1; shift
  "$CTSIM" run joint-unit-pooled --replications 1 --output "$tmp/$o" \
    --set run.warmup_years=1 --quiet --trace "$tmp/$o.csv" \
    --trace-filter contracting "$@"
}

# unit_rows FILE SECTOR: the joint unit's contracting rows for SECTOR services
unit_rows () { grep ',jcu,' "$1" | grep "; $2 service paid by"; }
# pools FILE SECTOR: the share from the pool of each of those contracts
pools () { unit_rows "$1" "$2" | sed 's/.*from the pool \([0-9.]*\).*/\1/'; }
some_pooled () { pools "$1" "$2" | grep -qv '^0.000$'; } # FILE SECTOR
none_pooled () { ! some_pooled "$1" "$2"; }
all_pooled () { ! pools "$1" "$2" | grep -qx '0.000'; }

check "default pool" 0 run all
check "pool for health and social care" 0 run hs --set 'arrangements.jcu.pool_sectors=health social_care'
assert "the unit contracts education services" test "$(unit_rows "$tmp/all.csv" education | wc -l)" -gt 0
assert "default: some education contract is paid partly from the pool" \
  some_pooled "$tmp/all.csv" education
assert "restricted: no education contract gets pool money" \
  none_pooled "$tmp/hs.csv" education
for sector in health social_care; do
  assert "restricted: the unit still contracts $sector services" \
    test "$(unit_rows "$tmp/hs.csv" $sector | wc -l)" -gt 0
  assert "restricted: every $sector contract gets pool money" \
    all_pooled "$tmp/hs.csv" $sector
done
check "pool_sectors outside the arrangement's sectors" 65 run bad \
  --set 'arrangements.education.pool_sectors=health'
assert "the message names the attribute" grep -q "pool_sectors" "$tmp/err"

# Services delivered in school: sen_sensory, sen_disability, sen_behaviour,
# lac_education (setting="school" in default.xml, held by the unit here).
school_places () {
  grep ',jcu,,\(sen_[a-z]*\|lac_education\),' "$1" \
    | sed 's/.* for \([0-9]*\) places.*/\1/' | awk '{ s += $1 } END { print s + 0 }'
}
check "participation 1" 0 run p1 --set arrangements.jcu.school_participation=1
check "participation 0.5" 0 run p05 --set arrangements.jcu.school_participation=0.5
check "participation 0" 0 run p0 --set arrangements.jcu.school_participation=0
assert "participation 1 is the default" cmp -s "$tmp/p1.csv" "$tmp/all.csv"
assert "participation 1: in-school places contracted" test "$(school_places "$tmp/p1.csv")" -gt 0
assert "participation 0.5: fewer in-school places than 1" \
  test "$(school_places "$tmp/p05.csv")" -lt "$(school_places "$tmp/p1.csv")"
assert "participation 0: no in-school service contracted" test "$(school_places "$tmp/p0.csv")" -eq 0
assert "participation 0: other services still contracted" \
  test "$(grep -c ',jcu,' "$tmp/p0.csv")" -gt 0
check "participation above 1" 65 run bad2 --set arrangements.jcu.school_participation=1.5

echo "1..$n"
[ "$fails" -eq 0 ]
