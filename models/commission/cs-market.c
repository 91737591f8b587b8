/* cs-market.c: one attempt at a tender (see cs-market.h for the rules and
 * the order of the draws). */
#include "config.h"

#include <math.h>
#include <stdlib.h>

#include "models/commission/cs-market.h"

static double
free_capacity (const CsProvider *pr, double used)
{
  return pr->capacity.value - used;
}

/* Better lot first: higher score, then lower provider index. */
static gint
by_score (gconstpointer a, gconstpointer b)
{
  const CsLot *x = a, *y = b;

  if (x->score != y->score)
    return x->score > y->score ? -1 : 1;
  return x->provider < y->provider ? -1 : (x->provider > y->provider);
}

/* Price and quality scores of the bidders in out->lots[0..n_bidders). */
static void
score (const CsParams *p, const CsProcurement *proc, CsTenderOutcome *out)
{
  double min_price = G_MAXDOUBLE, max_quality = 0.0;
  double w = proc->price_weight.value;

  for (guint k = 0; k < out->n_bidders; k++)
    {
      const CsProvider *pr = &p->providers[out->lots[k].provider];
      min_price = MIN (min_price, pr->price_rr.value);
      max_quality = MAX (max_quality, pr->quality.value);
    }
  for (guint k = 0; k < out->n_bidders; k++)
    {
      const CsProvider *pr = &p->providers[out->lots[k].provider];
      double q = max_quality > 0 ? pr->quality.value / max_quality : 0.0;
      out->lots[k].score = w * min_price / pr->price_rr.value + (1.0 - w) * q;
    }
}

void
cs_market_attempt (const CsParams *p, CsSector sector, double places,
                   guint exclude, const double *used, const CsProcurement *proc,
                   SimRng *rng, CsTenderOutcome *out)
{
  double fail = sim_rng_uniform (rng);
  double left = places;
  guint n = 0;

  out->failed = FALSE;
  out->n_bidders = out->n_lots = 0;
  out->places = 0.0;
  for (guint i = 0; i < p->n_providers; i++)
    {
      const CsProvider *pr = &p->providers[i];
      double u = sim_rng_uniform (rng);
      if (i == exclude || !(pr->sectors & CS_BIT (sector))
          || free_capacity (pr, used[i]) < 1.0
          || !(u < pr->bid_probability.value))
        continue;
      out->lots[n++] = (CsLot){ i, 0.0, 0.0 };
    }
  out->n_bidders = n;
  if (n == 0 || fail < proc->failure_probability.value)
    {
      out->failed = TRUE;
      return;
    }
  score (p, proc, out);
  qsort (out->lots, n, sizeof *out->lots, by_score);
  for (guint k = 0; k < n && left >= 0.5; k++)
    {
      CsLot *lot = &out->lots[k];
      double take
          = MIN (left, floor (free_capacity (&p->providers[lot->provider],
                                             used[lot->provider])));
      lot->places = take;
      left -= take;
      out->places += take;
      out->n_lots = k + 1;
    }
}
