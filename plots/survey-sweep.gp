# survey-sweep.gp: a survey over a <sweep> (`ctsim survey` on a scenario
# with a <sweep>): for each point, the four counts the survey's text
# publishes (pathfinders jointly commissioning; with a jointly commissioned
# social care, health, education service), the simulated mean (a dot) with
# its 95% interval across replications (a bar), and the published figure
# (a dashed line in the same colour).
# Input survey-sweep.dat: block s-1 holds series s as "point mean ci_low
# ci_high"; points 1..sweep_n labelled sweep_label[point]; series_label[s]
# and series_published[s] (NaN: none); survey_count pathfinders.  Usage:
#     gnuplot -e "dir='OUTPUT'" survey-sweep.gp
sd = ARG0; script_dir = ''
while (strstrt(sd, '/') > 0) { script_dir = script_dir . sd[1:strstrt(sd, '/')]; sd = sd[strstrt(sd, '/') + 1:] }
load script_dir . 'common.gp'

chart = 'survey-sweep'
f = infile(chart)
do for [fmt in formats] {
  reset
  load script_dir . 'common.gp'
  width = 220 + 110 * sweep_n
  width = (width < 800) ? 800 : width
  height = 620
  eval terminal(fmt, width, height)
  set output outfile(chart, fmt)
  set title 'The 2004 pathfinder survey across the sweep: published against simulated' font ',13'
  eval source_label
  set bmargin at screen 170.0 / height
  set tmargin at screen 1 - 50.0 / height
  set xrange [0.5:sweep_n + 0.5]
  set xtics () rotate by -30 font ',9'
  do for [i=1:sweep_n] { set xtics add (sweep_label[i] i) }
  set yrange [0:survey_count]
  set ytics nice_step(survey_count)
  set ylabel sprintf('pathfinders (of %d)', survey_count)
  set key at screen 0.5, screen 40.0 / height center bottom horizontal maxcols 4 Left reverse samplen 2
  do for [s=1:series_n] {
    if (series_published[s] == series_published[s]) {
      set arrow from graph 0, first series_published[s] to graph 1, first series_published[s] \
          nohead lc rgb colour[s] lw 1 dt 2 back
    }
  }
  plot for [s=1:series_n] f index s-1 using ($1 + offset(s, series_n, 0.5)):3:(0):($4 - $3) \
         with @bars lc s notitle, \
       for [s=1:series_n] f index s-1 using ($1 + offset(s, series_n, 0.5)):2 \
         with points lc s pt 7 ps 1.0 title series_label[s], \
       NaN with lines lc rgb '#555555' lw 1 dt 2 title 'published ([SENPOG 2006] Husbands)'
  unset label 99
  set output
}
