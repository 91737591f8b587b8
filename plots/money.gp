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
do for [fmt in formats] {
  reset
  load script_dir . 'common.gp'
  eval terminal(fmt, 1000, 300 * n_series + 160)
  set output outfile(chart, fmt)
  set multiplot layout n_series,2 title 'Money: contributions to the pooled fund and its spend by sector' font ',13' \
      scale 1,(1 - 0.14 / n_series) offset 0,(0.03 / n_series)
  eval source_label
  set style data histograms
  set style histogram rowstacked
  set style fill solid 0.85 border lc rgb '#444444'
  set boxwidth 0.7
  set xlabel 'year after warm-up'
  set ylabel money_ylabel
  set yrange [0:*]
  set key outside right top vertical Left reverse samplen 2
  do for [s=1:n_series] {
    set title sprintf('%s: partners'' contributions', series_label[s]) font ',11'
    plot for [i=2:money_n_partners + 1] f index 2*(s-1) using i:xtic(1) title columnheader(i)
    unset label 99
    set title sprintf('%s: pooled spend by sector', series_label[s]) font ',11'
    plot for [i=2:money_n_sectors + 1] f index 2*(s-1) + 1 using i:xtic(1) title columnheader(i)
  }
  unset multiplot
  set output
}
