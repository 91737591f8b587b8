/* sim-stats.c: tallies, time-weighted averages, batch means, t intervals.
 *
 * Invariants:
 * - SimTally: after n additions, mean is the running mean, m2 the sum of
 *   squared deviations from it (Welford), min/max the extremes; an empty
 *   tally equals SIM_TALLY_INIT.  Merging uses Chan, Golub and LeVeque's
 *   pairwise update, so merge(a, b) equals adding b's data to a up to
 *   rounding.
 * - SimTimeAvg: area is the integral of the quantity over [start,
 *   last_time]; last_value holds from last_time on.  Time never goes back
 *   (asserted).  The mean over a zero-length window is NAN.
 * - Intervals are mean +- t(1 - (1 - level)/2, n - 1) * sd / sqrt(n), with
 *   the quantile from gsl_cdf_tdist_Pinv.  Output pointers may be NULL.
 */
#include "config.h"

#include <math.h>

#include <gsl/gsl_cdf.h>

#include "sim/sim-stats.h"

/* ---- Tally ------------------------------------------------------------ */

void
sim_tally_reset (SimTally *t)
{
  *t = (SimTally)SIM_TALLY_INIT;
}

void
sim_tally_add (SimTally *t, double x)
{
  double delta = x - t->mean;

  t->n++;
  t->mean += delta / (double)t->n;
  t->m2 += delta * (x - t->mean);
  if (x < t->min)
    t->min = x;
  if (x > t->max)
    t->max = x;
}

void
sim_tally_merge (SimTally *into, const SimTally *other)
{
  double na = (double)into->n, nb = (double)other->n, n, delta;

  if (other->n == 0)
    return;
  if (into->n == 0)
    {
      *into = *other;
      return;
    }
  n = na + nb;
  delta = other->mean - into->mean;
  into->mean += delta * (nb / n);
  into->m2 += other->m2 + delta * delta * (na * nb / n);
  into->n += other->n;
  into->min = MIN (into->min, other->min);
  into->max = MAX (into->max, other->max);
}

double
sim_tally_mean (const SimTally *t)
{
  return t->n > 0 ? t->mean : NAN;
}

double
sim_tally_variance (const SimTally *t)
{
  return t->n > 1 ? t->m2 / (double)(t->n - 1) : NAN;
}

double
sim_tally_sd (const SimTally *t)
{
  return sqrt (sim_tally_variance (t));
}

/* ---- Time-weighted average -------------------------------------------- */

void
sim_timeavg_init (SimTimeAvg *ta, double start, double value)
{
  ta->start = start;
  ta->last_time = start;
  ta->last_value = value;
  ta->area = 0.0;
}

void
sim_timeavg_update (SimTimeAvg *ta, double t, double value)
{
  g_assert (t >= ta->last_time);
  ta->area += ta->last_value * (t - ta->last_time);
  ta->last_time = t;
  ta->last_value = value;
}

void
sim_timeavg_restart (SimTimeAvg *ta, double t)
{
  g_assert (t >= ta->last_time);
  sim_timeavg_init (ta, t, ta->last_value);
}

double
sim_timeavg_mean (const SimTimeAvg *ta, double t_end)
{
  g_assert (t_end >= ta->last_time);
  if (t_end <= ta->start)
    return NAN;
  return (ta->area + ta->last_value * (t_end - ta->last_time))
         / (t_end - ta->start);
}

/* ---- Intervals -------------------------------------------------------- */

static void
set (double *out, double x)
{
  if (out)
    *out = x;
}

static void
ci_from_tally (const SimTally *t, double level, double *mean, double *lo,
               double *hi)
{
  double half;

  g_assert (level > 0.0 && level < 1.0);
  set (mean, sim_tally_mean (t));
  if (t->n < 2)
    {
      set (lo, NAN);
      set (hi, NAN);
      return;
    }
  half = gsl_cdf_tdist_Pinv (0.5 + 0.5 * level, (double)(t->n - 1))
         * sim_tally_sd (t) / sqrt ((double)t->n);
  set (lo, t->mean - half);
  set (hi, t->mean + half);
}

void
sim_ci_t (const double *x, gsize n, double level, double *mean, double *lo,
          double *hi)
{
  SimTally t = SIM_TALLY_INIT;

  for (gsize i = 0; i < n; i++)
    sim_tally_add (&t, x[i]);
  ci_from_tally (&t, level, mean, lo, hi);
}

static double
logit (double p)
{
  return log (p / (1.0 - p));
}

static double
expit (double z)
{
  return 1.0 / (1.0 + exp (-z));
}

void
sim_ci_bounded (const double *x, gsize n, double level, double min, double max,
                double *mean, double *lo, double *hi)
{
  SimTally t = SIM_TALLY_INIT;
  gboolean inside = TRUE;
  double m, se, q, l, h;

  g_assert (!(min >= max));
  for (gsize i = 0; i < n; i++)
    {
      sim_tally_add (&t, x[i]);
      inside = inside && x[i] >= min && x[i] <= max;
    }
  ci_from_tally (&t, level, &m, &l, &h);
  set (mean, m);
  if (t.n < 2 || !inside || (isinf (min) && isinf (max)))
    {
      set (lo, l);
      set (hi, h);
      return;
    }
  se = sim_tally_sd (&t) / sqrt ((double)t.n);
  q = gsl_cdf_tdist_Pinv (0.5 + 0.5 * level, (double)(t.n - 1));
  if (m <= min || m >= max || se == 0.0)
    l = h = m;
  else if (isfinite (min) && isfinite (max))
    {
      double w = max - min, p = (m - min) / w;
      double z = logit (p), s = se / (w * p * (1.0 - p));

      l = min + w * expit (z - q * s);
      h = min + w * expit (z + q * s);
    }
  else if (isfinite (min))
    {
      double d = m - min;

      l = min + d * exp (-q * se / d);
      h = min + d * exp (q * se / d);
    }
  else
    {
      double d = max - m;

      l = max - d * exp (q * se / d);
      h = max - d * exp (-q * se / d);
    }
  set (lo, l);
  set (hi, h);
}

static SimBoundsFunc measure_bounds;

void
sim_set_measure_bounds (SimBoundsFunc f)
{
  measure_bounds = f;
}

void
sim_measure_bounds (const char *measure, double *min, double *max)
{
  *min = -INFINITY;
  *max = INFINITY;
  if (measure_bounds)
    measure_bounds (measure, min, max);
}

void
sim_ci_paired (const double *a, const double *b, gsize n, double level,
               double *mean_diff, double *lo, double *hi)
{
  SimTally t = SIM_TALLY_INIT;

  for (gsize i = 0; i < n; i++)
    sim_tally_add (&t, a[i] - b[i]);
  ci_from_tally (&t, level, mean_diff, lo, hi);
}

/* ---- Batch means ------------------------------------------------------ */

struct SimBatchMeans
{
  guint64 batch_size;
  guint64 in_batch; /* observations in the current, incomplete batch */
  double sum;       /* their sum */
  GArray *means;    /* of double, one per complete batch */
};

SimBatchMeans *
sim_batch_means_new (guint64 batch_size)
{
  SimBatchMeans *bm = g_new0 (SimBatchMeans, 1);

  g_assert (batch_size > 0);
  bm->batch_size = batch_size;
  bm->means = g_array_new (FALSE, FALSE, sizeof (double));
  return bm;
}

void
sim_batch_means_free (SimBatchMeans *bm)
{
  if (!bm)
    return;
  g_array_unref (bm->means);
  g_free (bm);
}

void
sim_batch_means_add (SimBatchMeans *bm, double x)
{
  double mean;

  bm->sum += x;
  if (++bm->in_batch < bm->batch_size)
    return;
  mean = bm->sum / (double)bm->batch_size;
  g_array_append_val (bm->means, mean);
  bm->in_batch = 0;
  bm->sum = 0.0;
}

guint
sim_batch_means_batches (const SimBatchMeans *bm)
{
  return bm->means->len;
}

gboolean
sim_batch_means_ci (const SimBatchMeans *bm, double level, double *mean,
                    double *lo, double *hi)
{
  if (bm->means->len < 2)
    {
      set (mean, NAN);
      set (lo, NAN);
      set (hi, NAN);
      return FALSE;
    }
  sim_ci_t ((const double *)bm->means->data, bm->means->len, level, mean, lo,
            hi);
  return TRUE;
}

void
sim_ci_ratio (const double *y, const double *x, gsize n, double level,
              double *ratio, double *lo, double *hi)
{
  double my = 0.0, mx = 0.0, vy = 0.0, vx = 0.0, cxy = 0.0, r, var, half;

  *ratio = *lo = *hi = NAN;
  if (n == 0)
    return;
  for (gsize i = 0; i < n; i++)
    {
      my += y[i];
      mx += x[i];
    }
  my /= (double)n;
  mx /= (double)n;
  if (mx == 0.0)
    return;
  r = my / mx;
  *ratio = r;
  if (n < 2)
    return;
  for (gsize i = 0; i < n; i++)
    {
      vy += (y[i] - my) * (y[i] - my);
      vx += (x[i] - mx) * (x[i] - mx);
      cxy += (x[i] - mx) * (y[i] - my);
    }
  vy /= (double)(n - 1);
  vx /= (double)(n - 1);
  cxy /= (double)(n - 1);
  var = (vy - 2.0 * r * cxy + r * r * vx) / ((double)n * mx * mx);
  half = gsl_cdf_tdist_Pinv (0.5 + 0.5 * level, (double)(n - 1))
         * sqrt (MAX (0.0, var));
  *lo = r - half;
  *hi = r + half;
}
