# survey.gp: the pathfinder survey (`ctsim survey`): for each figure counted
# in pathfinders (the headline, the sectors, each service), the published
# figure (a diamond, where the publication gives one) against the
# simulated mean (a dot) with its 95% interval across replications (a bar).
# Input survey.dat: "row published mean ci_low ci_high" (NaN: none), rows
# 1..survey_n labelled survey_label[row]; survey_count pathfinders.  Usage:
#     gnuplot -e "dir='OUTPUT'" survey.gp
sd = ARG0; script_dir = ''
while (strstrt(sd, '/') > 0) { script_dir = script_dir . sd[1:strstrt(sd, '/')]; sd = sd[strstrt(sd, '/') + 1:] }
load script_dir . 'common.gp'

chart = 'survey'
f = infile(chart)
do for [fmt in formats] {
  reset
  load script_dir . 'common.gp'
  height = 22 * survey_n + 220
  eval terminal(fmt, 1200, height)
  set output outfile(chart, fmt)
  set title 'The 2004 pathfinder survey: published against simulated' font ',13'
  eval source_label
  set lmargin at screen 0.42
  set rmargin at screen 0.97
  set tmargin at screen 1 - 50.0 / height
  set bmargin at screen 160.0 / height
  set grid xtics noytics
  set xlabel sprintf('pathfinders (of %d)', survey_count)
  set xrange [0:survey_count]
  set xtics nice_step(survey_count)
  set yrange [survey_n + 0.5:0.5]
  set ytics () font ',9'
  do for [i=1:survey_n] { set ytics add (survey_label[i] i) }
  set key at screen 0.5, screen 60.0 / height center bottom horizontal maxrows 1 Left reverse samplen 1
  plot f using 4:1:($5 - $4):(0) with @bars lc 1 title '95% interval across replications', \
       f using 3:1 with points lc 1 pt 7 ps 1.0 title 'simulated mean', \
       f using 2:1 with points lc 2 pt 13 ps 1.5 title 'published ([SENPOG 2006] Husbands)'
  unset label 99
  set output
}
