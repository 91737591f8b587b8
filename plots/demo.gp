# demo.gp: `ctsim demo`'s chart: for each followed child, the stage (0-4)
# of the need its story follows, day by day, under the story's arrangement
# and the other one (same children, same random numbers), with a bar under
# the axis for the days it was in a service for that need.
# Input demo.dat (written by ctsim demo), per child k then arrangement s:
# block 4(k-1)+2(s-1) "day stage" (a step each time the stage changes),
# block 4(k-1)+2(s-1)+1 "day y" segments (blank line between segments).
# meta.gp: demo_n, demo_title[k], demo_days, series_label[2].  Usage:
#     gnuplot -e "dir='OUTPUT'" demo.gp
sd = ARG0; script_dir = ''
while (strstrt(sd, '/') > 0) { script_dir = script_dir . sd[1:strstrt(sd, '/')]; sd = sd[strstrt(sd, '/') + 1:] }
load script_dir . 'common.gp'

chart = 'demo'
f = infile(chart)
panel_h = 200
height = 140 + panel_h * demo_n
do for [fmt in formats] {
  reset
  load script_dir . 'common.gp'
  eval terminal(fmt, 900, height)
  set output outfile(chart, fmt)
  set multiplot layout demo_n, 1 \
      margins 0.09, 0.97, 120.0 / height, 1.0 - 60.0 / height \
      spacing 0, 40.0 / height
  set label 98 'The same children under two arrangements (one run)' \
      at screen 0.5, screen 1.0 - 18.0 / height center font ',13'
  eval source_label
  set xrange [0:demo_days]
  set yrange [-0.6:4.4]
  set ytics 0, 1, 4
  set grid xtics ytics
  set ylabel 'stage'
  set key at screen 0.5, screen 52.0 / height center center horizontal \
      maxrows 1 samplen 2 width 2
  do for [k=1:demo_n] {
    set title demo_title[k] font ',11' offset 0, -0.4
    if (k == demo_n) { set xlabel 'day'; set format x '%g' } \
    else { unset xlabel; set format x '' }
    b = 4 * (k - 1)
    plot f index b using 1:2 with steps lw 2 lc 1 \
           title (k == 1 ? series_label[1] : ''), \
         f index b + 2 using 1:2 with steps lw 2 dt 2 lc 2 \
           title (k == 1 ? series_label[2] : ''), \
         f index b + 1 using 1:2 with lines lw 6 lc 1 \
           title (k == 1 ? 'in service (bar below the axis)' : ''), \
         f index b + 3 using 1:2 with lines lw 6 lc 2 notitle
    unset label 99
    unset label 98
    unset key
  }
  unset multiplot
  set output
}
