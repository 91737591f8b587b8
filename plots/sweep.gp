# sweep.gp: headline measures (whole run) against the swept parameter,
# a line per value of the second parameter if there is one, with 95%
# interval bands.
# Input sweep.dat: block (p-1)*sweep_n_lines + l-1 holds panel p, line l
# as "x mean ci_low ci_high point".  Usage:
#     gnuplot -e "dir='OUTPUT'" sweep.gp
sd = ARG0; script_dir = ''
while (strstrt(sd, '/') > 0) { script_dir = script_dir . sd[1:strstrt(sd, '/')]; sd = sd[strstrt(sd, '/') + 1:] }
load script_dir . 'common.gp'

chart = 'sweep'
f = infile(chart)
cols = (sweep_n_panels > 3) ? 3 : sweep_n_panels
rows = (sweep_n_panels + cols - 1) / cols
do for [fmt in formats] {
  reset
  load script_dir . 'common.gp'
  key_rows = (sweep_n_lines + 1 + key_cols - 1) / key_cols
  key_h = 20 * key_rows + 24
  height = 330 * rows + 150 + key_h
  eval terminal(fmt, 350 * cols + 100, height)
  set output outfile(chart, fmt)
  set multiplot layout rows,cols title 'Headline measures across the sweep (whole run)' font ',13' \
      margins 0.08,0.98,((100.0 + key_h) / height),(1 - 70.0 / height) spacing 0.09,(115.0 / height)
  eval source_label
  set xlabel sweep_xlabel
  if (sweep_numeric && sweep_xstep > 0) { set xtics sweep_xstep }
  do for [p=1:sweep_n_panels] {
    set title sweep_panel_title[p] font ',11'
    set ylabel sweep_panel_ylabel[p]
    if (p == 1) {
      eval key_below(height)
    } else {
      unset key
    }
    if (sweep_numeric) {
      plot for [l=1:sweep_n_lines] f index (p-1)*sweep_n_lines + l-1 using 1:3:4 \
             with filledcurves lc l fs transparent solid 0.18 noborder \
             title (l == 1 ? '95% interval across replications' : ''), \
           for [l=1:sweep_n_lines] f index (p-1)*sweep_n_lines + l-1 using 1:2 \
             with linespoints lc l title sweep_line_label[l]
    } else {
      plot for [l=1:sweep_n_lines] f index (p-1)*sweep_n_lines + l-1 using 1:3:(0):($4 - $3) \
             with @bars lc l title (l == 1 ? '95% interval across replications' : ''), \
           for [l=1:sweep_n_lines] f index (p-1)*sweep_n_lines + l-1 using 1:2:xtic(5) \
             with linespoints lc l title sweep_line_label[l]
    }
    unset label 99
  }
  unset multiplot
  set output
}
