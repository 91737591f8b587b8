# ecm.gp: the five Every Child Matters outcomes over the years, one panel
# each, a line per scenario (or sweep point) with its 95% interval band.
# Input ecm.dat: block (m-1)*n_series + s-1 holds outcome m of series s as
# "year mean ci_low ci_high".  Usage: gnuplot -e "dir='OUTPUT'" ecm.gp
sd = ARG0; script_dir = ''
while (strstrt(sd, '/') > 0) { script_dir = script_dir . sd[1:strstrt(sd, '/')]; sd = sd[strstrt(sd, '/') + 1:] }
load script_dir . 'common.gp'

chart = 'ecm'
f = infile(chart)
do for [fmt in formats] {
  reset
  load script_dir . 'common.gp'
  eval terminal(fmt, 1050, 660)
  set output outfile(chart, fmt)
  set multiplot layout 2,3 title 'Every Child Matters outcomes over the years (all children)' font ',13' \
      margins 0.09,0.98,0.12,0.9 spacing 0.09,0.16
  eval source_label
  set xlabel 'year after warm-up'
  set ylabel 'mean score (SD units)'
  set xrange [0.5:ecm_years + 0.5]
  xstep = (ecm_years > 12) ? 2 : 1
  set xtics xstep
  do for [m=1:5] {
    set title ecm_title[m] font ',11'
    # The y-axis spans at least ecm_min_span (meta.gp: the smallest
    # difference in a mean ECM score that the chart should not magnify;
    # an assumption stated in the caption), so that a difference of a few
    # thousandths of a standard deviation does not look like a cliff.
    stats f index (m-1)*n_series:(m*n_series - 1) using 2 nooutput
    ecm_mid = (STATS_min + STATS_max) / 2.0
    eval sprintf("set yrange [*<%.6f:%.6f<*]", ecm_mid - ecm_min_span / 2.0, ecm_mid + ecm_min_span / 2.0)
    # bands only for the series the legend names (all, up to eight)
    plot for [s=1:n_series] f index (m-1)*n_series + s-1 using 1:(key_title(s) eq '' ? NaN : $3):4 \
           with filledcurves lc s fs transparent solid 0.18 noborder, \
         for [s=1:n_series] f index (m-1)*n_series + s-1 using 1:2 with linespoints lc s
    unset label 99
  }
  # The sixth cell holds the legend.
  unset title; unset xlabel; unset ylabel; unset border; unset tics; unset grid
  set xrange [0:1]; set yrange [0:1]
  set key at graph 0.35, graph 0.5 center center Left reverse samplen 3 spacing 1.4 box lc rgb '#bbbbbb'
  plot for [s=1:n_series] NaN with linespoints lc s title key_title(s), \
       NaN with lines lc rgb '#ffffff' title key_note, \
       NaN with filledcurves lc rgb '#888888' fs transparent solid 0.3 noborder title '95% interval across replications'
  unset multiplot
  set output
}
