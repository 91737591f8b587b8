/* ctsim-attribute.h: `ctsim compare A B --attribute` (issue 13): each
 * headline difference split into Shapley contributions of the groups of
 * parameters in which the scenarios differ (ctsim-attribute.c). */
#pragma once

#include <glib.h>

#include "app/ctsim-setup.h"
#include "models/scenario/cs-scenario.h"
#include "sim/sim-runner.h"

G_BEGIN_DECLS

typedef struct CtsimAttribution CtsimAttribution;

void ctsim_attribution_free (CtsimAttribution *at); /* accepts NULL */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CtsimAttribution, ctsim_attribution_free)

/* Run every hybrid of a and b (2^k - 2 scenarios, with set's seed and
 * replications) and attribute b - a.  ra and rb: the runs of a and b
 * themselves.  (transfer full) */
G_GNUC_WARN_UNUSED_RESULT
CtsimAttribution *ctsim_attribute (const CsScenario *a, const CsScenario *b,
                                   const char *label_b,
                                   const SimRunnerResult *ra,
                                   const SimRunnerResult *rb,
                                   const CtsimSettings *set, GError **error);

/* attribution.csv's text. */
void ctsim_attribution_csv (const CtsimAttribution *at, GString *csv);
/* The table on stdout. */
void ctsim_attribution_print (const CtsimAttribution *at, const char *label_a);
/* The report.html section (with the chart when drawn). */
void ctsim_attribution_html (const CtsimAttribution *at, const char *label_a,
                             gboolean chart, GString *h);
/* plots/attribution.dat and attribution-meta.gp under folder, then
 * plots/attribution.gp drawn (*drawn; gnuplot's absence is a warning).
 * FALSE (SIM_ERROR_IO) when an input cannot be written. */
G_GNUC_WARN_UNUSED_RESULT
gboolean ctsim_attribution_chart (const CtsimAttribution *at,
                                  const char *folder, const char *source,
                                  gboolean *drawn, GError **error);

G_END_DECLS
