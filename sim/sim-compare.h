/* sim-compare.h: scenarios compared replication by replication.
 *
 * Input: k >= 1 scenarios, each run for the same n replications
 * (replication r of every scenario uses the same streams, so the runs are
 * on common random numbers).  For every (group, measure) reported for the
 * whole run (year SIM_YEAR_ALL) by any scenario, in order of first
 * appearance (scenario 0 first), and for every scenario:
 *   - the scenario's mean and 95% Student-t interval over the replications
 *     whose value is finite (as in the summary table, sim-output.h);
 *   - for scenarios 1..k-1, the paired difference against scenario 0
 *     (the reference): mean of x_s[r] - x_0[r] over the replications
 *     where both are finite, with its paired-t 95% interval
 *     (sim_ci_paired), and, for the same difference, Welch's unpaired
 *     interval, which ignores the pairing: its width against the paired
 *     width shows what common random numbers bought.
 * The reference's difference fields are NAN (written empty).
 */
#pragma once

#include <glib.h>

#include "sim/sim-results.h"

G_BEGIN_DECLS

#define SIM_COMPARISON_HEADER                                                  \
  "group,measure,scenario,mean,ci_low,ci_high,diff,diff_ci_low,diff_ci_high"
#define SIM_COMPARISON_WIDTHS_HEADER                                           \
  "group,measure,scenario,paired_width,unpaired_width,width_ratio"

typedef struct SimComparison SimComparison;

typedef struct
{
  const char *group;   /* interned */
  const char *measure; /* interned */
  double mean, ci_low, ci_high;
  guint n; /* replications with a finite value */
  /* Against the reference (NAN for the reference itself). */
  double diff, diff_ci_low, diff_ci_high;   /* paired t */
  double unpaired_ci_low, unpaired_ci_high; /* Welch */
  guint n_pairs;
} SimComparisonCell;

/* reps[s][r] for scenario s < n_scenarios, replication r < n_reps;
 * labels[s] names scenario s.  Nothing is kept of the inputs but the
 * interned names: they may be freed afterwards.  (transfer full) */
SimComparison *sim_comparison_new (guint n_scenarios, const char *const *labels,
                                   SimResults *const *const *reps,
                                   guint n_reps);
void sim_comparison_free (SimComparison *cmp); /* accepts NULL */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SimComparison, sim_comparison_free)

guint sim_comparison_n_scenarios (const SimComparison *cmp);
const char *sim_comparison_label (const SimComparison *cmp, guint scenario);
gsize sim_comparison_n_keys (const SimComparison *cmp);
/* (transfer none) */
const SimComparisonCell *sim_comparison_cell (const SimComparison *cmp,
                                              gsize key, guint scenario);
/* TRUE when the paired interval of the difference lies wholly on one side
 * of zero (both ends finite and of the same strict sign). */
gboolean sim_comparison_cell_differs (const SimComparisonCell *cell);

/* Append the comparison table (header, then one row per key and scenario, keys
 * in order, scenarios in order) and the interval widths (header, then one
 * row per key and scenario other than the reference; width = high - low,
 * ratio = paired / unpaired). */
void sim_comparison_csv (const SimComparison *cmp, GString *out);
void sim_comparison_widths_csv (const SimComparison *cmp, GString *out);

/* Welch's interval for mean(a) - mean(b) at `level`, samples of sizes
 * na, nb >= 2 (else all NAN); equal points when both variances are 0. */
void sim_ci_welch (const double *a, gsize na, const double *b, gsize nb,
                   double level, double *diff, double *lo, double *hi);

/* Shapley values of a k-player game (issue 13: attribution of a
 * difference to groups of parameters).  v has 2^k entries, v[S] the value
 * of coalition S (bit i set: player i in); phi[i] gets
 * sum over S without i of |S|! (k - |S| - 1)! / k! (v[S + i] - v[S]).
 * The phi add up to v[all] - v[none] (efficiency); a player whose
 * joining never changes v gets exactly 0 (null player).  k <= 16. */
void sim_shapley (guint k, const double *v, double *phi);

G_END_DECLS
