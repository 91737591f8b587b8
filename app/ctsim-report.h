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
#include "app/ctsim-plots.h"
#include "app/ctsim-setup.h"
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
  /* Compare: the headline in words (HTML, ctsim_headline()), or NULL
   * (issue 18). */
  const char *headline_html;
  /* Compare: the value-for-money section (HTML), or NULL (issue 13). */
  const char *value_html;
} CtsimReportInput;

/* Charts into DIR/plots/ and DIR/report.html (DIR: the folder's
 * temporary path).  Fails only when a file cannot be written
 * (SIM_ERROR_IO); gnuplot's absence or failure is a warning. */
G_GNUC_WARN_UNUSED_RESULT
gboolean ctsim_report_write (SimOutputDir *dir, const CtsimReportInput *in,
                             GError **error);

/* The command line as one shell-quoted string.  (transfer full) */
char *ctsim_report_command_line (int argc, char **argv);

/* The resolved parameters of a scenario as (path, value, source)
 * triples (cs_scenario_params_foreach()): a NULL-terminated array of
 * 3 * n strings.  (transfer full) */
char **ctsim_report_params (const CsScenario *sc);

G_END_DECLS
