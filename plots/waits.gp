# waits.gp: mean wait from referral to the start of an episode, by
# service, a point per scenario (or sweep point) with its 95% interval.
# Input waits.dat: block s-1 holds series s as
# "index mean ci_low ci_high service".  Usage:
#     gnuplot -e "dir='OUTPUT'" waits.gp
sd = ARG0; script_dir = ''
while (strstrt(sd, '/') > 0) { script_dir = script_dir . sd[1:strstrt(sd, '/')]; sd = sd[strstrt(sd, '/') + 1:] }
load script_dir . 'common.gp'

chart = 'waits'
f = infile(chart)
cluster = 0.6
legend_rows = (key_n + 3) / 2
height = 190 + 26 * waits_n * (n_series > 2 ? 2 : 1) + 18 * legend_rows
do for [fmt in formats] {
  reset
  load script_dir . 'common.gp'
  eval terminal(fmt, 600 + 7 * waits_label_width, height)
  set output outfile(chart, fmt)
  set title 'Waiting times by service (whole run)' font ',13'
  eval source_label
  set bmargin 6
  set lmargin waits_label_width + 5
  set ytics ()
  do for [i=1:waits_n] { set ytics add (waits_label[i] i) }
  set yrange [waits_n + 0.5:0.5]
  set grid xtics noytics
  set xlabel 'mean wait from referral to start of episode (days)'
  set ylabel 'service'
  set xrange [0:*]
  set key outside top center horizontal maxcols 2 Left reverse samplen 1
  plot for [s=1:n_series] f index s-1 \
         using 2:($1 + offset(s, n_series, cluster)) with points lc s title key_title(s), \
       for [s=1:n_series] f index s-1 \
         using 3:($1 + offset(s, n_series, cluster)):($4 - $3):(0) with @bars lc s \
           title (s == n_series ? '95% interval across replications' : ''), \
         NaN with lines lc rgb '#ffffff' title key_note
  set output
}
