/* sim-stats.h: tallies, time-weighted averages, batch means, intervals.
 *
 * All accumulators are plain value types with no allocation (batch means
 * excepted) and are updated in O(1).  Numerics: Welford's algorithm for
 * mean and variance; Chan et al.'s formula for merging two tallies.
 * Intervals across replications use Student's t (GSL's quantile).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Welford tally of independent observations. */
typedef struct
{
  guint64 n;
  double mean;
  double m2;
  double min;
  double max;
} SimTally;

#define SIM_TALLY_INIT                                                         \
  {                                                                            \
    0, 0.0, 0.0, G_MAXDOUBLE, -G_MAXDOUBLE                                     \
  }

void sim_tally_reset (SimTally *t);
void sim_tally_add (SimTally *t, double x);
void sim_tally_merge (SimTally *into, const SimTally *other);
double sim_tally_mean (const SimTally *t);     /* NAN when n == 0 */
double sim_tally_variance (const SimTally *t); /* sample (n-1); NAN if n<2 */
double sim_tally_sd (const SimTally *t);

/* Time-weighted average of a piecewise-constant quantity such as a queue
 * length.  Observation starts at `start` (e.g. the end of warm-up). */
typedef struct
{
  double start;
  double last_time;
  double last_value;
  double area;
} SimTimeAvg;

void sim_timeavg_init (SimTimeAvg *ta, double start, double value);
/* The quantity changes to `value` at time `t` (t never decreases). */
void sim_timeavg_update (SimTimeAvg *ta, double t, double value);
/* Restart observation at t, keeping the current value (end of warm-up). */
void sim_timeavg_restart (SimTimeAvg *ta, double t);
double sim_timeavg_mean (const SimTimeAvg *ta, double t_end);

/* Batch means for one long run: observations are grouped in consecutive
 * batches of `batch_size`; the interval uses the batch means. */
typedef struct SimBatchMeans SimBatchMeans;
SimBatchMeans *sim_batch_means_new (guint64 batch_size);
void sim_batch_means_free (SimBatchMeans *bm);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SimBatchMeans, sim_batch_means_free)
void sim_batch_means_add (SimBatchMeans *bm, double x);
guint sim_batch_means_batches (const SimBatchMeans *bm);
/* FALSE when fewer than 2 complete batches. */
gboolean sim_batch_means_ci (const SimBatchMeans *bm, double level,
                             double *mean, double *lo, double *hi);

/* Student-t interval for the mean of x[0..n-1] at `level` (0.95).
 * n == 1 gives lo = hi = NAN; n == 0 gives all NAN. */
void sim_ci_t (const double *x, gsize n, double level, double *mean, double *lo,
               double *hi);

/* Interval for the mean of x[0..n-1] that keeps to the range [min, max]
 * the values lie in (-INFINITY / INFINITY for an open end): a
 * Student-t interval on the logit scale of (x - min) / (max - min) when
 * both ends are finite, on the log scale of x - min (or max - x) when one
 * is, mapped back (delta method: the t interval of the transformed mean
 * with standard error se / g'(mean)); a plain Student-t interval when
 * neither is, or when a value lies outside the range.  A mean at an end
 * of the range (every value there) gives lo = hi = mean.  As n grows it
 * agrees with the t interval; unlike it, it never leaves the range
 * (docs/outputs.md "Intervals"). */
void sim_ci_bounded (const double *x, gsize n, double level, double min,
                     double max, double *mean, double *lo, double *hi);

/* The range of a measure's values, for sim_ci_bounded(): a function
 * the program sets once, before any thread starts
 * (sim_set_measure_bounds()); without one every measure is unbounded.
 * sim_output_summary_csv() and sim_comparison_new() use it for the
 * intervals of means. */
typedef void (*SimBoundsFunc) (const char *measure, double *min, double *max);
void sim_set_measure_bounds (SimBoundsFunc f);
void sim_measure_bounds (const char *measure, double *min, double *max);

/* Ratio of means mean(y) / mean(x) of paired samples (y[i], x[i]) with a
 * delta-method Student-t interval (n - 1 degrees of freedom): variance
 * (var y - 2 R cov(x, y) + R^2 var x) / (n mean(x)^2).  NAN when mean(x)
 * is 0; lo = hi = NAN when n < 2. */
void sim_ci_ratio (const double *y, const double *x, gsize n, double level,
                   double *ratio, double *lo, double *hi);

/* Paired-t interval for the mean of a[i] - b[i]. */
void sim_ci_paired (const double *a, const double *b, gsize n, double level,
                    double *mean_diff, double *lo, double *hi);

G_END_DECLS
