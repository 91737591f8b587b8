# tiers.gp: universal versus targeted versus specialist services: reach,
# spend and outcome over the whole run, a bar per scenario (or sweep
# point) with its 95% interval.
# Input tiers.dat: block (p-1)*n_series + s-1 holds panel p of series s as
# "tier mean ci_low ci_high" (tier 1..3).  Usage:
#     gnuplot -e "dir='OUTPUT'" tiers.gp
sd = ARG0; script_dir = ''
while (strstrt(sd, '/') > 0) { script_dir = script_dir . sd[1:strstrt(sd, '/')]; sd = sd[strstrt(sd, '/') + 1:] }
load script_dir . 'common.gp'

chart = 'tiers'
f = infile(chart)
cluster = 0.8
do for [fmt in formats] {
  reset
  load script_dir . 'common.gp'
  height = 430 + key_h
  eval terminal(fmt, 360 * tiers_n_panels + 120, height)
  set output outfile(chart, fmt)
  set multiplot layout 1,tiers_n_panels title 'Universal, targeted and specialist services (whole run)' font ',13' \
      margins 0.08,0.98,((110.0 + key_h) / height),(1 - 70.0 / height) spacing 0.1,0.1
  eval source_label
  set style fill solid 0.8 border lc rgb '#444444'
  set boxwidth cluster / n_series absolute
  set xrange [0.4:3.6]
  set xtics ()
  do for [i=1:3] { set xtics add (tiers_label[i] i) }
  set xlabel 'tier of service'
  # Bars start at zero: the range always holds it.
  set yrange [*<0:0<*]
  do for [p=1:tiers_n_panels] {
    set title tiers_panel_title[p] font ',11'
    set ylabel tiers_panel_ylabel[p]
    if (p == 1) {
      eval key_below(height)
    } else {
      unset key
    }
    plot for [s=1:n_series] f index (p-1)*n_series + s-1 \
           using ($1 + offset(s, n_series, cluster)):2 with boxes lc s title key_title(s), \
         for [s=1:n_series] f index (p-1)*n_series + s-1 \
           using ($1 + offset(s, n_series, cluster)):3:(0):($4 - $3) with @bars lc rgb '#222222' title (p == 1 && s == 1 ? '95% interval across replications' : ''), \
         NaN with lines lc rgb '#ffffff' title key_note
    unset label 99
  }
  unset multiplot
  set output
}
