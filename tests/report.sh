#!/bin/sh
# report.sh: report.html rendered in headless Chromium (issue 6).
#
# A compare of two scenarios (one with a description full of markup) makes
# a report with charts.  The page must be self-contained (no script, no
# remote resource), escape what comes from the scenario, and, in Chromium,
# show every chart: a probe copy of the page with a small script records
# each image's natural size in the DOM, which --dump-dom prints; every
# <img> must be a data: image of non-zero size, one per chart drawn.  A
# screenshot must not be blank.  Skips (77) when chromium or gnuplot is
# missing (CI installs both: see quickstart).
set -u
: "${CTSIM:?}" "${top_srcdir:?}"
. "$top_srcdir/tests/lib.sh"


chromium=${CHROMIUM:-}
for c in chromium chromium-browser; do
  [ -z "$chromium" ] && command -v "$c" >/dev/null 2>&1 && chromium=$c
done
if [ -z "$chromium" ]; then
  echo "# chromium not found: install Debian's chromium package (quickstart does); skipped"
  exit 77
fi
if ! command -v "${CTSIM_GNUPLOT:-gnuplot}" >/dev/null 2>&1; then
  echo "# gnuplot not found: the report has no charts to check; skipped"
  exit 77
fi

# A scenario whose description is markup, to check the escaping.
sed 's|<description>[^<]*</description>|<description>Queue \&lt;b\&gt;bold\&lt;/b\&gt; \&amp; "quotes" \&lt;script\&gt;alert(1)\&lt;/script\&gt;</description>|' \
  "$top_srcdir/scenarios/validation/mm1.xml" >"$tmp/marked.xml"
if ! "$CTSIM" compare "$tmp/marked.xml" validation/md1 --replications 3 \
     --output "$tmp/out" --quiet 2>"$tmp/err"; then
  echo "not ok - compare failed"; cat "$tmp/err"; exit 1
fi
page="$tmp/out/report.html"
charts=$(ls "$tmp/out/plots/"*.png | wc -l)

# ---- the page as text ----
assert "the page exists" test -s "$page"
assert "charts were drawn" test "$charts" -ge 2
assert "no script in the page" sh -c "! grep -qi '<script' '$page'"
assert "no remote resource" sh -c "! grep -Eqi '(src|href)=\"(https?:)?//' '$page'"
assert "one embedded image per chart" \
  test "$(grep -o 'src="data:image/png;base64,' "$page" | wc -l)" -eq "$charts"
assert "the description is escaped" grep -q '&lt;script&gt;alert(1)&lt;/script&gt;' "$page"
assert "no markup from the scenario" sh -c "! grep -q '<b>bold</b>' '$page'"
assert "the comparison is in the page" grep -q 'id=comparison' "$page"
assert "the assumptions are in the page" grep -q 'services.q.servers' "$page"
assert "how to reproduce, with the seed" grep -q -- '--seed 20041' "$page"

# ---- the page in Chromium ----
probe="$tmp/out/probe.html"
sed 's|</body>|<script>addEventListener("load", function () {\
  var im = document.images, ok = 0;\
  for (var i = 0; i < im.length; i++) {\
    im[i].setAttribute("data-size", im[i].naturalWidth + "x" + im[i].naturalHeight);\
    if (im[i].complete \&\& im[i].naturalWidth > 0 \&\& im[i].naturalHeight > 0\
        \&\& im[i].src.indexOf("data:image/") === 0) ok++;\
  }\
  document.body.setAttribute("data-images", im.length);\
  document.body.setAttribute("data-images-ok", ok);\
});</script></body>|' "$page" >"$probe"

browse () { # browse OPTIONS... : chromium headless on the probe page
  timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --disable-quic \
    --no-first-run --disable-background-networking --disable-component-update \
    --disable-sync --disable-dev-shm-usage --user-data-dir="$tmp/profile" \
    --virtual-time-budget=5000 "$@" "file://$probe" 2>>"$tmp/chromium.log"
}

browse --dump-dom >"$tmp/dom.html"
assert "chromium printed the DOM" grep -q 'data-images=' "$tmp/dom.html"
assert "every image is there" grep -q "data-images=\"$charts\"" "$tmp/dom.html"
assert "every image decoded with a size" grep -q "data-images-ok=\"$charts\"" "$tmp/dom.html"
assert "no image of size zero" sh -c "! grep -q 'data-size=\"0x' '$tmp/dom.html'"

browse --window-size=1200,3000 --screenshot="$tmp/shot.png" >/dev/null
# A blank page of this size compresses to a few kilobytes; charts and
# tables do not.
assert "the screenshot is not blank" test "$(wc -c <"$tmp/shot.png")" -gt 40000

if [ "$fails" -ne 0 ]; then
  echo "# chromium log:"; sed 's/^/#   /' "$tmp/chromium.log" | tail -20
fi
echo "1..$n"
[ "$fails" -eq 0 ]
