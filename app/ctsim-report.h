/* ctsim-report.h: charts and report.html for a run, compare or sweep.
 *
 * ctsim_report_write() draws the charts (ctsim-plots.h) into the output
 * folder and writes report.html: one self-contained page (inline CSS, the
 * charts embedded as data: URIs, no script, nothing fetched) with the
 * scenario's name and description, the headline table, the charts, the
 * comparison or the sweep's points if any, the assumptions (every resolved
 * parameter with its source) and how to reproduce the run.  Every string
 * from a scenario or the command line is HTML-escaped.
 */
#pragma once

#include <glib.h>

#include "models/scenario/cs-scenario.h"
#include "app/ctsim-cli.h"
#include "app/ctsim-plots.h"
#include "sim/sim-compare.h"
#include "sim/sim-output.h"

G_BEGIN_DECLS

typedef struct
{
  CtsimPlotsKind kind;
  const CtsimOptions *opts;
  const CtsimSettings *set;
  /* Run: 1 scenario; compare: the scenarios; sweep: the points, with
   * scenarios[i] point i's scenario and series[i] its results. */
  guint n;
  const CsScenario *const *scenarios;
  const CtsimSeries *series;
  /* Compare: the comparison (series 0 is the reference). */
  const SimComparison *comparison;
  /* Sweep: the swept scenario, its parameters and their labels. */
  const CsScenario *base;
  guint n_params;
  const char *param_label[2];
  double wall_seconds;
  guint64 events;
  /* Compare --attribute: its section (HTML), after the comparison, or
   * NULL (issue 13). */
  const char *attribution_html;
  /* Compare: the value-for-money section (HTML), or NULL (issue 13). */
  const char *value_html;
} CtsimReportInput;

/* Charts into DIR/plots/ and DIR/report.html (DIR: the folder's
 * temporary path).  Fails only when a file cannot be written
 * (SIM_ERROR_IO); gnuplot's absence or failure is a warning. */
G_GNUC_WARN_UNUSED_RESULT
gboolean ctsim_report_write (SimOutputDir *dir, const CtsimReportInput *in,
                             GError **error);

/* Keys (indices into cmp) to show first, at most max: headline groups
 * ("all", tiers, groups of children) with headline measures (the first
 * CTSIM_HEADLINE_MEASURES of ctsim_measure_rank()), else every key, by
 * group then measure rank.  (transfer full) GArray of gsize. */
GArray *ctsim_headline_keys (const SimComparison *cmp, guint max);

/* Keys to show for each point of a sweep, at most max: reach, unmet
 * need, waits, spend, then the ECM outcomes, of group "all"; else
 * ctsim_headline_keys().  (transfer full) GArray of gsize. */
GArray *ctsim_sweep_keys (const SimComparison *cmp, guint max);

/* Paired against unpaired interval widths over every difference that
 * has both: how many there are (the return value), how many paired ones
 * are narrower, and the median ratio paired / unpaired (NAN if none). */
guint ctsim_width_summary (const SimComparison *cmp, guint *narrower,
                           double *median);

/* x for a table a person reads: `digits` significant digits; from 10,000
 * up, whole numbers with thousands separators (124,700,000 rather than
 * 1.247e+08); an exponent only for very small or very large numbers; a
 * leading '+' on positive numbers when sign; "-" when x is not finite.
 * CSV files keep full precision.  (transfer full) */
char *ctsim_num_text (double x, int digits, gboolean sign);

/* Print rows (each a NULL-terminated string vector) on stdout in aligned
 * columns, left-aligned before column right_from, right-aligned from it. */
void ctsim_print_table (const GPtrArray *rows, guint right_from);

/* The command line as one shell-quoted string.  (transfer full) */
char *ctsim_report_command_line (int argc, char **argv);

/* The resolved parameters of a scenario as (path, value, source)
 * triples, read from cs_scenario_params_json(): a NULL-terminated array
 * of 3 * n strings, or NULL if the JSON is not of that shape.
 * (transfer full) */
char **ctsim_report_params (const CsScenario *sc);

G_END_DECLS
