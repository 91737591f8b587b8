/* sim-steady.c: the MSER truncation rule (sim-steady.h). */
#include "config.h"

#include <math.h>

#include <gsl/gsl_cdf.h>

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

gboolean
sim_steady_material (const double *y, gsize reps, gsize years, gsize d,
                     double *bias, double *half_width)
{
  double b = 0.0, mean = 0.0, ss = 0.0;

  *bias = NAN;
  *half_width = NAN;
  if (reps == 0 || years == 0)
    return d > 0;
  if (d >= years)
    return TRUE;
  for (gsize r = 0; r < reps; r++)
    {
      const double *x = y + r * years;
      double all = 0.0, kept = 0.0;
      for (gsize i = 0; i < years; i++)
        {
          all += x[i];
          if (i >= d)
            kept += x[i];
        }
      all /= (double)years;
      b += all - kept / (double)(years - d);
      mean += all;
    }
  b /= (double)reps;
  mean /= (double)reps;
  *bias = b;
  if (reps < 2)
    return d > 0;
  for (gsize r = 0; r < reps; r++)
    {
      double all = 0.0;
      for (gsize i = 0; i < years; i++)
        all += y[r * years + i];
      all /= (double)years;
      ss += (all - mean) * (all - mean);
    }
  *half_width = gsl_cdf_tdist_Pinv (0.975, (double)(reps - 1))
                * sqrt (ss / (double)(reps - 1) / (double)reps);
  return d > 0 && fabs (b) > *half_width;
}
