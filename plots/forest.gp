# forest.gp: paired differences against the first scenario, on common
# random numbers, with their paired-t 95% intervals: a panel per measure,
# a row per group of children (or service), a point per other scenario;
# filled points: the interval excludes zero.
# Input forest.dat: block (p-1)*forest_n_series + s-1 holds panel p,
# scenario s+1 as "row diff ci_low ci_high differs group".  Usage:
#     gnuplot -e "dir='OUTPUT'" forest.gp
sd = ARG0; script_dir = ''
while (strstrt(sd, '/') > 0) { script_dir = script_dir . sd[1:strstrt(sd, '/')]; sd = sd[strstrt(sd, '/') + 1:] }
load script_dir . 'common.gp'

chart = 'forest'
f = infile(chart)
cols = (forest_n_panels == 4) ? 2 : ((forest_n_panels > 3) ? 3 : forest_n_panels)
rows = (forest_n_panels + cols - 1) / cols
max_rows = 1
do for [p=1:forest_n_panels] { if (forest_rows[p] > max_rows) { max_rows = forest_rows[p] } }
cluster = 0.5
do for [fmt in formats] {
  reset
  load script_dir . 'common.gp'
  key_rows = forest_n_series
  height = rows * (22 * max_rows + 140) + 165 + 36 * key_rows
  eval terminal(fmt, 430 * cols + 300, height)
  set output outfile(chart, fmt)
  set multiplot layout rows,cols title sprintf('Paired differences against %s (whole run)', series_label[1]) font ',13' \
      margins 0.17,0.98,(125.0 + 36 * key_rows) / height,(1 - 60.0 / height) spacing 0.15,(110.0 / height)
  eval source_label
  set grid xtics noytics
  set xzeroaxis
  do for [p=1:forest_n_panels] {
    set title forest_panel_title[p] font ',11'
    set xlabel forest_panel_xlabel[p]
    # Zero (no difference) is always on the axis, with every difference
    # and every interval but those much wider than the panel's median
    # (ctsim-charts-forest.c), which are cut at the edge and marked;
    # about four tics.
    lo = forest_xmin[p]; hi = forest_xmax[p]
    set xrange [lo:hi]
    set xtics nice_step(hi - lo)
    set yrange [forest_rows[p] + 0.5:0.5]
    set ytics ()
    set arrow 1 from 0, graph 0 to 0, graph 1 nohead lc rgb '#888888' dt 2
    if (p == 1) {
      set key at screen 0.5, screen 0.03 center bottom horizontal maxcols 2 Left reverse samplen 1
    } else {
      unset key
    }
    plot f index (p-1)*forest_n_series using (NaN):1:ytic(6) notitle, \
         for [s=1:forest_n_series] f index (p-1)*forest_n_series + s-1 \
           using ($3 < lo ? lo : $3):($1 + offset(s, forest_n_series, cluster)):(($4 > hi ? hi : $4) - ($3 < lo ? lo : $3)):(0) with @bars lc s notitle, \
         for [s=1:forest_n_series] f index (p-1)*forest_n_series + s-1 \
           using ($3 < lo ? lo : NaN):($1 + offset(s, forest_n_series, cluster)) with points lc s pt '<' ps 1.5 notitle, \
         for [s=1:forest_n_series] f index (p-1)*forest_n_series + s-1 \
           using ($4 > hi ? hi : NaN):($1 + offset(s, forest_n_series, cluster)) with points lc s pt '>' ps 1.5 notitle, \
         for [s=1:forest_n_series] f index (p-1)*forest_n_series + s-1 \
           using ($5 == 1 ? $2 : NaN):($1 + offset(s, forest_n_series, cluster)) with points lc s pt 7 ps 1.2 \
           title forest_series_label[s] . ': interval excludes 0', \
         for [s=1:forest_n_series] f index (p-1)*forest_n_series + s-1 \
           using ($5 == 0 ? $2 : NaN):($1 + offset(s, forest_n_series, cluster)) with points lc s pt 6 ps 1.2 \
           title forest_series_label[s] . ': interval includes 0'
    unset label 99
  }
  unset multiplot
  set output
}
