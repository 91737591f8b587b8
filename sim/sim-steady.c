/* sim-steady.c: the MSER truncation rule (sim-steady.h). */
#include "config.h"

#include <math.h>

#include "sim/sim-steady.h"

double
sim_mser (const double *x, gsize n, gsize d)
{
  double mean = 0.0, ss = 0.0, m;

  if (d >= n)
    return NAN;
  m = (double)(n - d);
  for (gsize i = d; i < n; i++)
    mean += x[i];
  mean /= m;
  for (gsize i = d; i < n; i++)
    ss += (x[i] - mean) * (x[i] - mean);
  return ss / (m * m);
}

gsize
sim_mser_truncation (const double *x, gsize n, gsize max_d)
{
  gsize best = 0;
  double low;

  if (n < 3)
    return 0;
  for (gsize i = 0; i < n; i++)
    if (!isfinite (x[i]))
      return 0;
  low = sim_mser (x, n, 0);
  for (gsize d = 1; d <= MIN (max_d, n - 2); d++)
    {
      double v = sim_mser (x, n, d);
      if (v < low)
        {
          low = v;
          best = d;
        }
    }
  return best;
}
