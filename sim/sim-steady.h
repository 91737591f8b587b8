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

G_END_DECLS
