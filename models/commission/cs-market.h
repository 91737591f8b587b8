/* cs-market.h: the provider market: who bids for a tender, whether it
 * fails, and who wins which places.
 *
 * A pure function of the parameters, the places providers already hold
 * and one random stream, so tests can check it alone; the contracts it
 * leads to are kept by cs-commission.c.  Rules (issue 5; all parameters
 * in CsProvider and CsProcurement):
 *  - a provider may bid if it delivers the service's sector, is not
 *    excluded (a provider being replaced after a quality review) and has
 *    at least one place of capacity free; it bids with its
 *    bid_probability;
 *  - the attempt fails with failure_probability, or when nobody bids;
 *  - bids are scored price_weight x (lowest price bid / its price) +
 *    (1 - price_weight) x (its quality / highest quality bid), highest
 *    first (ties: lower provider index), and the places go to the best
 *    bidders in turn, each taking what its free capacity allows.
 * Draws, always in this order whatever the outcome: one uniform for
 * failure, then one per provider (in index order) for bidding, so
 * changing a probability changes no other draw.
 */
#pragma once

#include <glib.h>

#include "models/params/cs-params.h"
#include "sim/sim-rng.h"

G_BEGIN_DECLS

typedef struct
{
  guint provider;
  double places;
  double score;
} CsLot;

typedef struct
{
  gboolean failed;
  guint n_bidders;
  guint n_lots;
  CsLot *lots;   /* caller's array of at least n_providers entries */
  double places; /* awarded, summed over the lots */
} CsTenderOutcome;

/* One attempt at a tender for `places` places of a service of `sector`;
 * used[p] are the places provider p holds in live and awarded contracts;
 * exclude is a provider that may not bid, or CS_NONE. */
void cs_market_attempt (const CsParams *p, CsSector sector, double places,
                        guint exclude, const double *used,
                        const CsProcurement *proc, SimRng *rng,
                        CsTenderOutcome *out);

G_END_DECLS
