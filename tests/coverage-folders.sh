#!/bin/sh
# coverage-folders.sh CSV: gcovr's per-file CSV (filename, line_total,
# line_covered, line_percent, branch_total, branch_covered, ...) summed by
# folder (sim, models/SUBSYSTEM, app): lines and branches covered.
set -eu
printf '%-22s %19s %19s\n' folder lines branches
awk -F, 'NR > 1 && $1 != "" {
  f = $1; sub(/\/[^\/]*$/, "", f)
  lt[f] += $2; lc[f] += $3; bt[f] += $5; bc[f] += $6
  LT += $2; LC += $3; BT += $5; BC += $6
}
function row(name, a, b, c, d) {
  return sprintf("%-22s %6d/%-6d %5.1f%% %6d/%-6d %5.1f%%", name, a, b,
    b ? 100 * a / b : 0, c, d, d ? 100 * c / d : 0)
}
END {
  for (f in lt) print row(f, lc[f], lt[f], bc[f], bt[f]) | "sort"
  close("sort")
  print row("all", LC, LT, BC, BT)
}' "$1"
