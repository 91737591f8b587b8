/* sim-fit.h: how well simulated figures fit published ones.
 *
 * Pure functions over two arrays of the same length n: published
 * (observed) and simulated values, in the same order.  Non-finite values
 * are the caller's to leave out.  Tested by hand-computed cases
 * (tests/test-fit.c).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Mean of |simulated[i] - observed[i]|; NAN when n == 0. */
double sim_fit_mae (const double *observed, const double *simulated, gsize n);

/* Ranks 1..n of x (ties get the mean of the ranks they span), into
 * ranks[0..n-1]. */
void sim_fit_ranks (const double *x, gsize n, double *ranks);

/* Spearman's rank correlation: the Pearson correlation of the ranks
 * (ties averaged); NAN when n < 2 or either side has all ranks equal. */
double sim_fit_spearman (const double *x, const double *y, gsize n);

G_END_DECLS
