# attribution.gp: ctsim compare A B --attribute (issue 13): each headline
# difference of B against A split into the contributions of the groups of
# parameters in which they differ (Shapley values on common random
# numbers): a panel per measure, a bar per group and one for the total,
# with its 95% interval across replications.
# Input attribution.dat: block p-1 holds panel p as "bar mean ci_low
# ci_high"; attribution-meta.gp the panel and bar names.  Usage:
#     gnuplot -e "dir='OUTPUT'" attribution.gp
# Self-contained (common.gp's settings repeated): it is drawn before the
# comparison's charts write plots/meta.gp.
if (!exists("dir")) { dir = '.' }
infile(chart) = dir . '/plots/' . chart . '.dat'
outfile(chart, fmt) = dir . '/plots/' . chart . '.' . fmt
formats = 'png svg'
terminal(fmt, w, h) = (fmt eq 'png') \
  ? sprintf("set terminal pngcairo size %d,%d font 'Sans,10' noenhanced", w, h) \
  : sprintf("set terminal svg size %d,%d font 'Sans,10' noenhanced background '#ffffff'", w, h)
bars = "vectors heads size screen 0.006,90 lw 1.5"
load dir . '/plots/attribution-meta.gp'

chart = 'attribution'
f = infile(chart)
cols = 2
rows = (attribution_n_panels + cols - 1) / cols
do for [fmt in formats] {
  reset
  set border 3 lc rgb '#444444'
  set tics nomirror out
  set grid ytics lc rgb '#dddddd' lw 1 dt solid
  height = rows * 230 + 90
  eval terminal(fmt, 1000, height)
  set output outfile(chart, fmt)
  set multiplot layout rows,cols title 'Why B differs from A: contributions of each group of parameters' font ',13' \
      margins 0.08,0.98,(60.0 / height),(1 - 75.0 / height) spacing 0.08,(60.0 / height)
  set label 99 attribution_source at screen 0.01, screen 0.015 left font ',8' tc rgb '#555555'
  set style fill solid 0.7 border -1
  set boxwidth 0.6
  set xzeroaxis lt -1
  set xrange [0.4:attribution_n_bars + 0.6]
  set xtics () font ',8'
  do for [b=1:attribution_n_bars] { set xtics add (attribution_bar[b] b) }
  do for [p=1:attribution_n_panels] {
    set title attribution_panel[p] font ',10'
    plot f index p-1 using 1:2:($1 == attribution_n_bars ? 0x444444 : 0x0072B2) with boxes lc rgb variable notitle, \
         f index p-1 using 1:3:(0):($4 - $3) with @bars lc rgb '#444444' notitle
    unset label 99
  }
  unset multiplot
}
