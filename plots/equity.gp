# equity.gp: reach and the ECM outcomes by deprivation quintile of the
# child's locality (whole run), a line per scenario (or sweep point) with
# 95% intervals.
# Input equity.dat: block (p-1)*n_series + s-1 holds panel p of series s
# as "quintile mean ci_low ci_high".  Usage:
#     gnuplot -e "dir='OUTPUT'" equity.gp
sd = ARG0; script_dir = ''
while (strstrt(sd, '/') > 0) { script_dir = script_dir . sd[1:strstrt(sd, '/')]; sd = sd[strstrt(sd, '/') + 1:] }
load script_dir . 'common.gp'

chart = 'equity'
f = infile(chart)
cols = (equity_n_panels > 3) ? 3 : equity_n_panels
rows = (equity_n_panels + cols - 1) / cols
do for [fmt in formats] {
  reset
  load script_dir . 'common.gp'
  height = 330 * rows + 150 + key_h
  eval terminal(fmt, 350 * cols + 100, height)
  set output outfile(chart, fmt)
  set multiplot layout rows,cols title 'Equity: children by deprivation quintile of their locality (whole run)' font ',13' \
      margins 0.08,0.98,((100.0 + key_h) / height),(1 - 70.0 / height) spacing 0.09,(115.0 / height)
  eval source_label
  set xrange [0.6:5.4]
  set xtics ()
  do for [i=1:5] { set xtics add (equity_label[i] i) }
  set xlabel 'deprivation quintile (Q1 most deprived, Q5 least)'
  do for [p=1:equity_n_panels] {
    set title equity_panel_title[p] font ',11'
    set ylabel equity_panel_ylabel[p]
    if (p == 1) {
      eval key_below(height)
    } else {
      unset key
    }
    plot for [s=1:n_series] f index (p-1)*n_series + s-1 \
           using ($1 + offset(s, n_series, 0.3)):2 with linespoints lc s title key_title(s), \
         for [s=1:n_series] f index (p-1)*n_series + s-1 \
           using ($1 + offset(s, n_series, 0.3)):3:(0):($4 - $3) with @bars lc s \
             title (s == n_series ? '95% interval across replications' : ''), \
         NaN with lines lc rgb '#ffffff' title key_note
    unset label 99
  }
  unset multiplot
  set output
}
