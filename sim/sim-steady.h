/* sim-steady.h: whether an output series has reached a steady state.
 *
 * MSER (the marginal standard error rule; White 1997, applied to batch
 * means as in MSER-5): for a series x[0..n-1] of batch means, the
 * truncation d in 0..max_d that minimises
 *     MSER(d) = sum_{i >= d} (x[i] - mean of x[d..n-1])^2 / (n - d)^2,
 * the squared standard error of the mean of what is kept.  d = 0: no
 * batch need be deleted, the series looks steady from its start; d > 0:
 * the first d batches carry a start-up transient.  Pure functions;
 * tested by hand-computed cases (tests/test-fit.c).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* MSER(d) of x[0..n-1]; NAN when d >= n. */
double sim_mser (const double *x, gsize n, gsize d);

/* The truncation d in 0..MIN (max_d, n - 2) with the smallest MSER(d)
 * (the first on ties); 0 when n < 3.  Non-finite values make it 0 and
 * are the caller's to leave out. */
gsize sim_mser_truncation (const double *x, gsize n, gsize max_d);

/* Whether a truncation d matters to the headline: y holds reps x years
 * values (replication r's year i at y[r * years + i], all finite).
 * *bias = the mean over replications of (the mean over every year minus
 * the mean over years d..years-1): what the first d years add to a
 * headline that averages every observed year; *half_width = that
 * headline's 95% confidence half-width across replications (t quantile
 * with reps - 1 degrees of freedom x the standard deviation of the
 * replications' means over every year / sqrt (reps)).  Returns TRUE when
 * the transient is material: d > 0 and |*bias| > *half_width, i.e. it
 * moves the headline by more than the headline's own uncertainty.  With
 * one replication the half-width is NAN and the result is d > 0; with d
 * >= years, *bias is NAN and the result TRUE. */
gboolean sim_steady_material (const double *y, gsize reps, gsize years, gsize d,
                              double *bias, double *half_width);

G_END_DECLS
