# common.gp: what every ctsim chart script shares: where its input and
# output are, and how the charts look.  Loaded by plots/NAME.gp, which are
# run by ctsim after each run, or by hand:
#     gnuplot -e "dir='OUTPUT'" plots/NAME.gp
# reads OUTPUT/plots/meta.gp and OUTPUT/plots/NAME.dat and writes
# OUTPUT/plots/NAME.png and OUTPUT/plots/NAME.svg.
if (!exists("dir")) { dir = '.' }
load dir . '/plots/meta.gp'

infile(chart) = dir . '/plots/' . chart . '.dat'
outfile(chart, fmt) = dir . '/plots/' . chart . '.' . fmt
formats = 'png svg'

# Terminal for one format at a size in pixels.  Text from scenarios is
# never markup: enhanced text is off.
terminal(fmt, w, h) = (fmt eq 'png') \
  ? sprintf("set terminal pngcairo size %d,%d font 'Sans,10' noenhanced", w, h) \
  : sprintf("set terminal svg size %d,%d font 'Sans,10' noenhanced background '#ffffff'", w, h)

# Colour-blind safe colours (Okabe and Ito), one per series.
array colour[8] = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', \
                   '#E69F00', '#56B4E9', '#000000', '#F0E442']
do for [i=1:8] { set linetype i lc rgb colour[i] lw 2 pt 7 ps 0.9 dt solid }
set linetype cycle 8
# Charts without series (the survey's) leave n_series out of meta.gp.
if (!exists("n_series")) { n_series = 0 }

# A sweep's points (an ordered value) and more than eight series get a
# sequential palette instead (viridis; meta.gp's series_colour, written by
# ctsim), so neighbouring points have neighbouring colours and no two
# share one.
if (exists("series_colour")) {
  do for [i=1:n_series] { set linetype i lc rgb series_colour[i] lw 2 pt 7 ps 0.9 dt solid }
  set linetype cycle n_series
}

# With more than eight series (a sweep of many points) the legend names
# the first, the middle and the last, and says that the colours run in
# order between them: a legend of every point would not fit its chart.
key_title(s) = (n_series <= 8 || s == 1 || s == n_series || s == (n_series + 1) / 2) ? series_label[s] : ''
key_note = (n_series > 8) ? sprintf('(and the %d points between, dark to light)', n_series - 3) : ''
key_n = (n_series > 8) ? 4 : n_series

# Legends below multi-panel charts: key_cols entries a row, key_rows rows
# (the series and the interval's entry), key_h pixels to keep for them.
key_cols = 3
key_rows = (key_n + 1 + key_cols - 1) / key_cols
key_h = 20 * key_rows + 24
# Put the legend at the foot of a chart HEIGHT pixels tall.
key_below(height) = sprintf("set key at screen 0.5, screen %f center bottom horizontal maxcols %d Left reverse samplen 2 width 1", 30.0 / height, key_cols)

set grid ytics lc rgb '#dddddd' lw 1 dt solid
set border 3 lc rgb '#444444'
set tics nomirror out
set key noautotitle

# The source line at the foot of a chart: call before the first panel
# and `unset label 99` after it.
source_label = "set label 99 source_line at screen 0.01, screen 0.02 left font ',8' tc rgb '#555555'"

# Error bars are drawn as vectors with flat heads ("with yerrorbars" leaves
# a gap at the point in gnuplot 5.4):  using X:LO:(0):(HI-LO) with @bars
bars = "vectors heads size screen 0.006,90 lw 1.5"

# A round tic step (1, 2 or 5 times a power of ten) giving three to six
# tics over a span.
nice_mag(x) = 10.0 ** floor(log10(x))
nice_r(x) = x / nice_mag(x)
nice_step(span) = (span <= 0) ? 1 : \
  ((nice_r(span / 3.0) < 1.5) ? 1 : (nice_r(span / 3.0) < 3.5) ? 2 : \
   (nice_r(span / 3.0) < 7.5) ? 5 : 10) * nice_mag(span / 3.0)

# Offset of series s of n in a cluster of width w around a category.
offset(s, n, w) = (n > 1) ? (s - (n + 1) / 2.0) * w / n : 0
