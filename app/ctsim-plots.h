/* ctsim-plots.h: charts of a run, compare or sweep, drawn by gnuplot.
 *
 * ctsim_plots_write() writes small tidy inputs into FOLDER/plots/ (one
 * NAME.dat per chart and meta.gp: the source line, the series names and
 * counts), then runs the shipped script plots/NAME.gp for each chart
 * (found under ctsim_data_dir()), which writes NAME.png (pngcairo) and
 * NAME.svg beside its input.  A chart is prepared only when the results
 * have the rows it needs (see docs/outputs.md for the names), so a
 * queue-model run gets the waits chart and an area run gets them all.
 * The scripts also work by hand:
 *     gnuplot -e "dir='OUTPUT'" plots/waits.gp
 *
 * gnuplot is run with g_spawn_sync() and an argument vector, in FOLDER,
 * never through a shell: the program is $CTSIM_GNUPLOT if set and not
 * empty, else the one configure found (CTSIM_GNUPLOT in config.h).  If it
 * is missing or fails, the charts concerned are left out, one warning line
 * says so on stderr (only one per process), and the run goes on: the .dat
 * inputs and every CSV stay.
 */
#pragma once

#include <glib.h>

#include "sim/sim-compare.h"
#include "sim/sim-results.h"

G_BEGIN_DECLS

typedef enum
{
  CTSIM_PLOTS_RUN,
  CTSIM_PLOTS_COMPARE,
  CTSIM_PLOTS_SWEEP,
} CtsimPlotsKind;

/* One scenario (run, compare) or sweep point: its replications. */
typedef struct
{
  const char *label;
  SimResults *const *reps;
  guint n;
  /* Sweep only: the point's value of each swept parameter (numbers; NAN
   * if a value is not a number). */
  double x[2];
} CtsimSeries;

typedef struct
{
  CtsimPlotsKind kind;
  guint n_series;
  const CtsimSeries *series;
  /* Shown at the foot of every chart: scenario(s), seed, replications,
   * version.  Plain text. */
  const char *source;
  /* Sweep: the swept parameters (1 or 2) and their labels. */
  guint n_params;
  const char *param_label[2];
  /* Compare: the comparison of the series (series 0 is the reference). */
  const SimComparison *comparison;
  /* Group (service:<id>, partner:<id>) -> its name in words, for chart
   * labels (may be NULL). */
  GHashTable *names;
} CtsimPlotsInput;

/* A chart made: its file stem ("waits"), title and a sentence saying what
 * it shows, for the report. */
typedef struct
{
  char *name;
  char *title;
  char *caption;
} CtsimChart;

void ctsim_chart_free (CtsimChart *chart);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CtsimChart, ctsim_chart_free)

/* Prepare and draw the charts into folder/plots/.  Returns the charts
 * drawn (an array of CtsimChart, possibly empty; transfer full), or NULL
 * with SIM_ERROR_IO when an input file cannot be written.  gnuplot's
 * absence or failure is not an error (see above). */
G_GNUC_WARN_UNUSED_RESULT
GPtrArray *ctsim_plots_write (const char *folder, const CtsimPlotsInput *in,
                              GError **error);

typedef enum
{
  CTSIM_DRAW_OK,
  CTSIM_DRAW_FAILED,  /* this chart failed; *why says how */
  CTSIM_DRAW_MISSING, /* gnuplot cannot be run at all; *why says why */
} CtsimDraw;

/* Run the shipped plots/NAME.gp with gnuplot in folder (whose plots/
 * holds its inputs); drawn when it exits 0 and writes non-empty
 * plots/NAME.png and plots/NAME.svg.  Otherwise *why (transfer full) says
 * why not: gnuplot's last message line, or the file it did not write. */
CtsimDraw ctsim_plots_draw (const char *folder, const char *name, char **why);

/* The gnuplot program ctsim runs.  (transfer none) */
const char *ctsim_plots_gnuplot (void);

/* Chart inputs: append " x" to a data line (%.6g, "NaN" when not finite,
 * which gnuplot skips). */
void ctsim_plots_dat_num (GString *dat, double x);
/* Append "array NAME[n] = ['a', 'b']" (n >= 1: an empty array gets one
 * empty string) or, for numbers, "array NAME[n] = [1, NaN]" to meta.gp. */
void ctsim_plots_meta_array (GString *meta, const char *name,
                             const char *const *v, guint n);
void ctsim_plots_meta_num_array (GString *meta, const char *name,
                                 const double *v, guint n);

/* A gnuplot single-quoted string literal holding s (quotes doubled,
 * control characters replaced by spaces).  (transfer full) */
char *ctsim_plots_quote (const char *s);

G_END_DECLS
