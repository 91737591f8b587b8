#!/bin/sh
# own-area.sh: an area of one's own (issue 18 item 2): a scenario outside
# scenarios/ extends a shipped one by name, and <area children="N">
# resizes the area as a whole.
set -u
: "${CTSIM:?}" "${top_srcdir:?}"
. "$top_srcdir/tests/lib.sh"

mkdir "$tmp/mine"
cat >"$tmp/mine/my-unit.xml" <<'XML'
<scenario name="my-unit" extends="joint-unit-pooled">
  <description>The joint unit in my area.</description>
</scenario>
XML
cat >"$tmp/mine/my-unit-xml.xml" <<'XML'
<scenario name="my-unit-xml" extends="joint-unit-pooled.xml"/>
XML
check "extends a shipped scenario by its name" 0 "$CTSIM" validate "$tmp/mine/my-unit.xml"
check "extends a shipped scenario by its file name" 0 "$CTSIM" validate "$tmp/mine/my-unit-xml.xml"
check "show resolves it" 0 "$CTSIM" show "$tmp/mine/my-unit.xml"
resolved_unit () { grep -q 'type="joint_unit"' "$tmp/out" && grep -q 'name="my-unit"' "$tmp/out"; }
assert "the resolved scenario is the joint unit, named as the overlay" resolved_unit

# A file beside the scenario wins over a shipped one of the same name.
cat >"$tmp/mine/default.xml" <<'XML'
<scenario name="local-default" extends="joint-unit-pooled"/>
XML
cat >"$tmp/mine/beside.xml" <<'XML'
<scenario name="beside" extends="default.xml"/>
XML
check "a file beside the scenario comes first" 0 "$CTSIM" show "$tmp/mine/beside.xml"
beside_first () { grep -q 'type="joint_unit"' "$tmp/out"; }
assert "extends= found the file beside it, not the shipped default" beside_first

# A name that is neither beside nor shipped: bad data with FILE:LINE.
cat >"$tmp/mine/nowhere.xml" <<'XML'
<scenario name="nowhere"
          extends="no-such-scenario"/>
XML
check "a name neither beside nor shipped is refused" 65 "$CTSIM" validate "$tmp/mine/nowhere.xml"
nowhere_msg () { grep -q 'nowhere.xml:2' "$tmp/err" && grep -q 'no-such-scenario' "$tmp/err"; }
assert "the message names the file, the line and the name" nowhere_msg

# <area children="N">: the area resized as a whole; the run works and its
# manifest carries the size with its source.
cat >"$tmp/mine/small.xml" <<'XML'
<scenario name="small" extends="default">
  <area children="30000" source="assumption: my area has about 30,000 children"/>
</scenario>
XML
check "a resized area validates" 0 "$CTSIM" validate "$tmp/mine/small.xml"
check "a resized area runs" 0 "$CTSIM" run "$tmp/mine/small.xml" -r 1 -j 1 \
  --set run.years=1 --set run.warmup_years=0 -q -o "$tmp/small"
size_in_manifest () { grep -q '"area.children":{"value":"30000","source":"assumption: my area has about 30,000 children"}' "$tmp/small/manifest.json"; }
assert "the manifest gives the area's size and its source" size_in_manifest
check "children=0 is refused" 65 "$CTSIM" validate --set area.children=0 default
check "children=-5 is refused" 65 "$CTSIM" validate --set area.children=-5 default

# --area FILE: one area laid on every arrangement.  The file can stand
# alone (it extends default); laid on another scenario only its own
# values count, never its name.
cat >"$tmp/mine/my-area.xml" <<'XML'
<scenario name="my-area" extends="default">
  <description>My area.</description>
  <area children="30000" source="assumption: my area has about 30,000 children"/>
  <localities>
    <locality id="central" deprivation="0.5" source="assumption: our centre is poorer"/>
  </localities>
</scenario>
XML
check "the area file stands alone" 0 "$CTSIM" validate "$tmp/mine/my-area.xml"
check "show --area lays it on a shipped arrangement" 0 "$CTSIM" show --area "$tmp/mine/my-area.xml" joint-unit-pooled
area_laid () {
  grep -q 'name="joint-unit-pooled"' "$tmp/out" && grep -q 'type="joint_unit"' "$tmp/out" \
    && grep -q 'children="30000"' "$tmp/out" && grep -q 'deprivation="0.5"' "$tmp/out" \
    && ! grep -q 'My area' "$tmp/out"
}
assert "the arrangement keeps its name and description and gets the area" area_laid
check "compare --area lays it on every arrangement" 0 "$CTSIM" compare \
  --area "$tmp/mine/my-area.xml" separate-agencies joint-unit-pooled \
  -r 1 -j 1 --set run.years=1 --set run.warmup_years=0 -q -o "$tmp/cmp"
both_resized () {
  [ "$(grep -o '"area.children":{"value":"30000"' "$tmp/cmp/manifest.json" | wc -l)" -eq 2 ]
}
assert "both scenarios of the comparison have the area's size" both_resized
check "a missing area file is refused" 66 "$CTSIM" validate --area "$tmp/mine/none.xml" default
check "the demo refuses --area" 64 "$CTSIM" demo --area "$tmp/mine/my-area.xml"

# ctsim new NAME --from SCENARIO: a starter file that changes nothing
# until edited, with comments; never replaces a file.
mkdir "$tmp/work"
cd "$tmp/work" || exit 1
check "new writes a starter file" 0 "$CTSIM" new my-unit --from joint-unit-pooled
starter_written () {
  [ -f my-unit.xml ] && grep -q 'extends="joint-unit-pooled"' my-unit.xml \
    && grep -q '<!-- The area' my-unit.xml && grep -q 'docs/references.md' my-unit.xml
}
assert "the starter extends the shipped name and explains itself" starter_written
check "the starter validates" 0 "$CTSIM" validate my-unit.xml
check "the starter runs" 0 "$CTSIM" run my-unit.xml -r 1 -j 1 --set run.years=1 \
  --set run.warmup_years=0 -q -o "$tmp/new-run"
check "the scenario it extends runs" 0 "$CTSIM" run joint-unit-pooled -r 1 -j 1 \
  --set run.years=1 --set run.warmup_years=0 -q -o "$tmp/base-run"
same_results () { cut -d, -f2- "$tmp/new-run/results.csv" >"$tmp/a"; cut -d, -f2- "$tmp/base-run/results.csv" >"$tmp/b"; cmp -s "$tmp/a" "$tmp/b"; }
assert "as written it changes nothing (results.csv identical but for the name)" same_results
# Uncommenting the area's size works as the comment says.
sed '/<!-- The area/,/^  -->/{ /<area children/!d; s/children="[0-9]*"/children="30000"/; }' \
  my-unit.xml >my-small.xml
sed -i 's/name="my-unit"/name="my-small"/' my-small.xml
check "an uncommented size validates" 0 "$CTSIM" show my-small.xml
small_size () { grep -q 'children="30000"' "$tmp/out"; }
assert "the uncommented size is in the resolved scenario" small_size
check "new never replaces a file" 73 "$CTSIM" new my-unit --from default
check "new refuses a bad name" 64 "$CTSIM" new "My Unit" --from default
check "new needs --from" 64 "$CTSIM" new other
check "new refuses a queue scenario" 64 "$CTSIM" new other --from validation/mm1
cd "$top_srcdir" || exit 1

echo "1..$n"
[ "$fails" -eq 0 ]
