#!/bin/sh
# sources.sh: every source a reader sees can be checked (issue 18).
#
# A source is acceptable when it cites a key of docs/references.md (and
# every capitalised [Key] in it is one), or says what was assumed
# ("assumption..."), or what was fitted ("calibrated (...)").  Checked:
#   - every source="..." and src:ATTR="..." of scenarios/*.xml;
#   - the source column of scenarios/pathfinders-2004-published.csv;
#   - every source `ctsim show` prints for each shipped scenario (the
#     sources after extends= and the loader's own defaults);
#   - no file of the project cites the private domain brief, which users
#     do not have.
# The checks are run first on strings and a scenario that must fail, so
# the test cannot pass by checking nothing.
set -u
: "${CTSIM:?}" "${top_srcdir:?}"
. "$top_srcdir/tests/lib.sh"

refs="$top_srcdir/docs/references.md"
priv="DOMAIN"".md" # the private brief's name, spelt so that this file does not cite it
# The keys: the headings "### [KEY]" of docs/references.md.
sed -n 's/^### \(\[[^]]*\]\)$/\1/p' "$refs" >"$tmp/keys"

# bad_source TEXT: exit 0 (and say why on stdout) when TEXT is not an
# acceptable source.
bad_source () {
  s=$1
  # Every capitalised bracketed token must be a known key.
  printf '%s\n' "$s" | grep -o '\[[A-Z][^]]*\]' | while IFS= read -r k; do
    grep -qxF -- "$k" "$tmp/keys" || echo "unknown key $k"
  done | grep . && return 0
  case $s in
    assumption*|calibrated\ \(*) return 1 ;;
  esac
  printf '%s\n' "$s" | grep -o '\[[A-Z][^]]*\]' | grep -qxFf "$tmp/keys" \
    && return 1
  echo "cites no key of docs/references.md and is neither an assumption nor a calibration"
  return 0
}

# xml_sources FILE: "LINE<TAB>TEXT" for each source attribute of FILE.
xml_sources () {
  grep -no '\(source\|src:[A-Za-z_]*\)="[^"]*"' "$1" \
    | sed 's/^\([0-9]*\):[^=]*="\(.*\)"$/\1	\2/'
}

# csv_sources FILE: "LINE<TAB>TEXT" for the last field of each record
# after the header (quoted or not).
csv_sources () {
  awk 'NR > 1 {
         s = $0
         if (s ~ /"$/) { i = match (s, /,"[^"]*"$/); s = substr (s, i + 2, length (s) - i - 2) }
         else { sub (/^.*,/, "", s) }
         print NR "\t" s
       }' "$1"
}

# check_list LABEL LISTFILE: print LABEL:LINE: TEXT: WHY for each bad
# source of LISTFILE (the rules of bad_source, in one awk process).
check_list () {
  awk -v label="$1" '
    FNR == NR { known[$0] = 1; next }
    {
      tab = index ($0, "\t"); line = substr ($0, 1, tab - 1)
      text = substr ($0, tab + 1); rest = text; unknown = ""; cites = 0
      while (match (rest, /\[[A-Z][^]]*\]/)) {
        k = substr (rest, RSTART, RLENGTH)
        if (k in known) cites = 1; else if (unknown == "") unknown = k
        rest = substr (rest, RSTART + RLENGTH)
      }
      if (unknown != "") { print label ":" line ": " text ": unknown key " unknown; next }
      if (text ~ /^assumption/ || text ~ /^calibrated \(/ || cites) next
      print label ":" line ": " text ": cites no key of docs/references.md and is neither an assumption nor a calibration"
    }' "$tmp/keys" "$2"
}

keys_found () { [ "$(wc -l <"$tmp/keys")" -ge 15 ]; }
assert "docs/references.md lists at least 15 keys" keys_found

# The checker itself: strings it must reject and strings it must accept.
rejects () { bad_source "$1" >/dev/null; }
accepts () { ! bad_source "$1" >/dev/null; }
assert "rejects a citation of the private brief" rejects "$priv s7: 61,000 looked after"
assert "rejects an unknown key" rejects "[Nobody 1999] page 3: a figure"
assert "rejects an unknown key next to a known one" rejects "[PSSRU]; [Nobody 1999]: a figure"
assert "rejects a bare claim" rejects "about 60 children educated at home"
assert "rejects 'calibrated' without what to" rejects "calibrated to taste"
assert "accepts a key with a release" accepts "[DfES SFR] special educational needs, January 2005: 2.9%"
assert "accepts an assumption" accepts "assumption: schools see attainment ([Debate])"
assert "accepts a calibration" accepts "calibrated (issue 4): fitted to [ONS 2004]"

# A scenario with bad sources is caught, with its file and line.
cat >"$tmp/bad.xml" <<EOF
<scenario name="bad" extends="default.xml">
  <area source="$priv s5: one borough"/>
  <x src:y="[PSSRU]: a good one"/>
  <x src:z="a figure from somewhere"/>
</scenario>
EOF
xml_sources "$tmp/bad.xml" >"$tmp/list"
check_list "$tmp/bad.xml" "$tmp/list" >"$tmp/found"
caught_bad () { [ "$(wc -l <"$tmp/found")" -eq 2 ] && grep -q 'bad.xml:2:' "$tmp/found" && grep -q 'bad.xml:4:' "$tmp/found"; }
assert "a scenario with two bad sources gives two errors with lines" caught_bad
printf 'item,sector,name,published,source\na,all,A,1,"[PSSRU], unit costs"\nb,all,B,2,somebody said so\n' >"$tmp/bad.csv"
csv_sources "$tmp/bad.csv" >"$tmp/list"
check_list "$tmp/bad.csv" "$tmp/list" >"$tmp/found"
caught_csv () { [ "$(wc -l <"$tmp/found")" -eq 1 ] && grep -q 'bad.csv:3:' "$tmp/found"; }
assert "a published figure without a source key is caught" caught_csv

# The shipped scenarios.
: >"$tmp/bad-shipped"
nx=0
for f in "$top_srcdir"/scenarios/*.xml; do
  nx=$((nx + 1))
  xml_sources "$f" >"$tmp/list"
  check_list "scenarios/${f##*/}" "$tmp/list" >>"$tmp/bad-shipped"
done
csv_sources "$top_srcdir/scenarios/pathfinders-2004-published.csv" >"$tmp/list"
check_list scenarios/pathfinders-2004-published.csv "$tmp/list" >>"$tmp/bad-shipped"
shipped_clean () { [ "$nx" -ge 12 ] && [ ! -s "$tmp/bad-shipped" ]; }
assert "every source of scenarios/*.xml and the published CSV ($nx scenarios)" shipped_clean
sed 's/^/#   /' "$tmp/bad-shipped"

# What `ctsim show` prints: the resolved scenario (extends= applied), so
# the sources an overlay inherits are checked too.
: >"$tmp/bad-show"
for f in "$top_srcdir"/scenarios/*.xml; do
  name=${f##*/}
  if ! "$CTSIM" show "$f" >"$tmp/show.xml" 2>"$tmp/show-err"; then
    echo "ctsim show $name failed: $(head -1 "$tmp/show-err")" >>"$tmp/bad-show"
    continue
  fi
  xml_sources "$tmp/show.xml" >"$tmp/list"
  [ -s "$tmp/list" ] || echo "ctsim show $name: no sources found" >>"$tmp/bad-show"
  check_list "ctsim show $name" "$tmp/list" >>"$tmp/bad-show"
done
show_clean () { [ ! -s "$tmp/bad-show" ]; }
assert "every source ctsim show prints for the shipped scenarios" show_clean
sed 's/^/#   /' "$tmp/bad-show" | head -40

# What a run's manifest (and so report.html's assumptions table) gives
# for every parameter, an overlay's inherited values included (the two
# --set overrides of this short run say "--set PATH=VALUE" and are left out).
check "a short run of joint-unit-pooled" 0 "$CTSIM" run joint-unit-pooled \
  -r 1 -j 1 --set run.years=1 --set run.warmup_years=0 -q -o "$tmp/run"
grep -o '"source":"[^"]*"' "$tmp/run/manifest.json" \
  | sed 's/^"source":"\(.*\)"$/0	\1/' | grep -v "	--set " | sort -u >"$tmp/list"
check_list manifest.json "$tmp/list" >"$tmp/bad-manifest"
manifest_clean () { [ -s "$tmp/list" ] && [ ! -s "$tmp/bad-manifest" ]; }
assert "every parameter source in a run's manifest ($(wc -l <"$tmp/list") distinct)" manifest_clean
sed 's/^/#   /' "$tmp/bad-manifest" | head -40
report_keys () { grep -q '<td>\[PSSRU\]: a tier 2/3 CAMHS team' "$tmp/run/report.html"; }
assert "report.html shows the sources with their keys" report_keys

# No mention of the private brief anywhere a user or developer reads.
(cd "$top_srcdir" && grep -rlF "$priv" scenarios docs README app models sim tests bench plots 2>/dev/null) >"$tmp/mentions"
no_mentions () { [ ! -s "$tmp/mentions" ]; }
assert "no file cites the private domain brief" no_mentions
sed 's/^/#   /' "$tmp/mentions"

echo "1..$n"
[ "$fails" -eq 0 ]
