# money.gp: each partner's contribution to the pooled fund and the pooled
# fund's spend by sector, year by year, stacked; a row per scenario (or
# sweep point).
# Input money.dat: for series s, block 2(s-1) is "year" and a column per
# partner, block 2(s-1)+1 "year" and a column per sector (first line: the
# column names).  Usage: gnuplot -e "dir='OUTPUT'" money.gp
sd = ARG0; script_dir = ''
while (strstrt(sd, '/') > 0) { script_dir = script_dir . sd[1:strstrt(sd, '/')]; sd = sd[strstrt(sd, '/') + 1:] }
load script_dir . 'common.gp'

chart = 'money'
f = infile(chart)
# One row per series that pools money (money_row_label); when there are
# more than four, two series a row (four panels), so that a sweep of many
# points stays a page tall.  One y-axis for every panel (money_ymax).
pairs = (money_n_rows > 4) ? 2 : 1
rows = (money_n_rows + pairs - 1) / pairs
do for [fmt in formats] {
  reset
  load script_dir . 'common.gp'
  eval terminal(fmt, 1000 * pairs, 250 * rows + 160)
  set output outfile(chart, fmt)
  set multiplot layout rows,2 * pairs title 'Money: contributions to the pooled funds and their spend by sector' font ',13' \
      scale 1,(1 - 0.14 / rows) offset 0,(0.03 / rows)
  eval source_label
  set style data histograms
  set style histogram rowstacked
  set style fill solid 0.85 border lc rgb '#444444'
  set boxwidth 0.7
  set xlabel 'year after warm-up'
  set ylabel money_ylabel
  set yrange [0:money_ymax]
  # the stacks are partners and sectors, not series: the eight distinct
  # colours even when a sweep's series have a sequential palette
  do for [i=1:8] { set linetype i lc rgb colour[i] lw 2 pt 7 ps 0.9 dt solid }
  set linetype cycle 8
  # the legends in the first row only, in margins every row keeps, so that
  # all panels have the same width
  set key outside right top vertical Left reverse samplen 2 font ',9'
  do for [s=1:money_n_rows] {
    if (s > pairs) { unset key }
    set rmargin 34
    set title sprintf('%s: contributions', money_row_label[s]) font ',11'
    plot for [i=2:money_n_partners + 1] f index 2*(s-1) using i:xtic(1) title columnheader(i)
    unset label 99
    set rmargin 16
    set title sprintf('%s: pooled spend', money_row_label[s]) font ',11'
    plot for [i=2:money_n_sectors + 1] f index 2*(s-1) + 1 using i:xtic(1) title columnheader(i)
  }
  unset multiplot
  set output
}
