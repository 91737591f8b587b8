/* sim-fit.c: mean absolute error and Spearman's rank correlation (see
 * sim-fit.h).  Ranks sort an index array (O(n log n)); ties take the mean
 * of the ranks they span, so the correlation is the tie-corrected one.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>

#include "sim/sim-fit.h"

double
sim_fit_mae (const double *observed, const double *simulated, gsize n)
{
  double sum = 0.0;

  if (n == 0)
    return NAN;
  for (gsize i = 0; i < n; i++)
    sum += fabs (simulated[i] - observed[i]);
  return sum / (double)n;
}

static gint
by_value (gconstpointer a, gconstpointer b, gpointer data)
{
  const double *x = data;
  double u = x[*(const gsize *)a], v = x[*(const gsize *)b];

  return u < v ? -1 : u > v ? 1 : 0;
}

void
sim_fit_ranks (const double *x, gsize n, double *ranks)
{
  g_autofree gsize *idx = g_new (gsize, MAX (n, 1));
  gsize i = 0;

  for (gsize k = 0; k < n; k++)
    idx[k] = k;
  g_qsort_with_data (idx, (gint)n, sizeof *idx, by_value, (gpointer)x);
  while (i < n)
    {
      gsize j = i;
      double mean;
      while (j + 1 < n && x[idx[j + 1]] == x[idx[i]])
        j++;
      mean = 0.5 * (double)(i + j) + 1.0; /* ranks i+1 .. j+1 */
      for (gsize k = i; k <= j; k++)
        ranks[idx[k]] = mean;
      i = j + 1;
    }
}

double
sim_fit_spearman (const double *x, const double *y, gsize n)
{
  g_autofree double *rx = g_new (double, MAX (n, 1));
  g_autofree double *ry = g_new (double, MAX (n, 1));
  double mx = 0.0, my = 0.0, sxy = 0.0, sxx = 0.0, syy = 0.0;

  if (n < 2)
    return NAN;
  sim_fit_ranks (x, n, rx);
  sim_fit_ranks (y, n, ry);
  for (gsize i = 0; i < n; i++)
    {
      mx += rx[i];
      my += ry[i];
    }
  mx /= (double)n;
  my /= (double)n;
  for (gsize i = 0; i < n; i++)
    {
      sxy += (rx[i] - mx) * (ry[i] - my);
      sxx += (rx[i] - mx) * (rx[i] - mx);
      syy += (ry[i] - my) * (ry[i] - my);
    }
  if (!(sxx > 0) || !(syy > 0))
    return NAN;
  return sxy / sqrt (sxx * syy);
}
