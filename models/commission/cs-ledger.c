/* cs-ledger.c: accounts, commitments and the conservation check (see
 * cs-ledger.h).
 *
 * Each account keeps its available balance and the period's flows by
 * sector; each commitment keeps its own list of (account, sector, amount)
 * reservations.  Nothing else holds money: the close sums the
 * commitments' lists afresh, so commitments are never a running total
 * that could drift with the balances.
 *
 * Tolerance of the check: 0.001 pounds plus 1e-9 of the sum of the
 * absolute amounts involved (rounding of a few thousand additions of
 * amounts up to about 1e8 pounds is far below it; one misplaced pound is
 * far above it for the areas ctsim runs).
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "models/commission/cs-ledger.h"
#include "sim/sim-error.h"

typedef struct
{
  double available[CS_N_SECTORS];
  CsLedgerTotals per; /* flows of the open period; stocks unused */
} Account;

typedef struct
{
  guint acc;
  CsSector sector;
  double amount;
} Reservation;

typedef struct
{
  gboolean used;
  GArray *res; /* Reservation */
} Commitment;

struct CsLedger
{
  guint n;
  Account *acc;
  GArray *commitments; /* Commitment */
  GArray *free_ids;    /* guint */
};

CsLedger *
cs_ledger_new (guint n_accounts)
{
  CsLedger *l = g_new0 (CsLedger, 1);

  l->n = n_accounts;
  l->acc = g_new0 (Account, MAX (1u, n_accounts));
  l->commitments = g_array_new (FALSE, TRUE, sizeof (Commitment));
  l->free_ids = g_array_new (FALSE, FALSE, sizeof (guint));
  return l;
}

void
cs_ledger_free (CsLedger *l)
{
  if (!l)
    return;
  for (guint i = 0; i < l->commitments->len; i++)
    {
      Commitment *c = &g_array_index (l->commitments, Commitment, i);
      if (c->res)
        g_array_free (c->res, TRUE);
    }
  g_array_free (l->commitments, TRUE);
  g_array_free (l->free_ids, TRUE);
  g_free (l->acc);
  g_free (l);
}

guint
cs_ledger_n_accounts (const CsLedger *l)
{
  return l->n;
}

/* ---- Transactions ------------------------------------------------------- */

void
cs_ledger_income (CsLedger *l, guint acc, CsSector s, double gbp)
{
  g_return_if_fail (acc < l->n && s < CS_N_SECTORS && gbp >= 0.0);
  l->acc[acc].available[s] += gbp;
  l->acc[acc].per.income[s] += gbp;
}

void
cs_ledger_transfer (CsLedger *l, guint from, guint to, CsSector s, double gbp)
{
  g_return_if_fail (from < l->n && to < l->n && s < CS_N_SECTORS);
  g_return_if_fail (gbp >= 0.0);
  l->acc[from].available[s] -= gbp;
  l->acc[from].per.transfer_out[s] += gbp;
  l->acc[to].available[s] += gbp;
  l->acc[to].per.transfer_in[s] += gbp;
}

static Commitment *
commitment (const CsLedger *l, guint c)
{
  g_assert (c < l->commitments->len);
  Commitment *cm = &g_array_index (l->commitments, Commitment, c);
  g_assert (cm->used);
  return cm;
}

guint
cs_ledger_commitment_new (CsLedger *l)
{
  Commitment *cm;
  guint c;

  if (l->free_ids->len > 0)
    {
      c = g_array_index (l->free_ids, guint, l->free_ids->len - 1);
      g_array_set_size (l->free_ids, l->free_ids->len - 1);
    }
  else
    {
      c = l->commitments->len;
      g_array_set_size (l->commitments, c + 1);
    }
  cm = &g_array_index (l->commitments, Commitment, c);
  cm->used = TRUE;
  if (!cm->res)
    cm->res = g_array_new (FALSE, FALSE, sizeof (Reservation));
  g_array_set_size (cm->res, 0);
  return c;
}

static Reservation *
find_res (const Commitment *cm, guint acc, CsSector s)
{
  for (guint i = 0; i < cm->res->len; i++)
    {
      Reservation *r = &g_array_index (cm->res, Reservation, i);
      if (r->acc == acc && r->sector == s)
        return r;
    }
  return NULL;
}

void
cs_ledger_commit (CsLedger *l, guint c, guint acc, CsSector s, double gbp)
{
  Commitment *cm = commitment (l, c);
  Reservation *r;

  g_return_if_fail (acc < l->n && s < CS_N_SECTORS && gbp >= 0.0);
  if (!(r = find_res (cm, acc, s)))
    {
      Reservation x = { acc, s, 0.0 };
      g_array_append_val (cm->res, x);
      r = &g_array_index (cm->res, Reservation, cm->res->len - 1);
    }
  r->amount += gbp;
  l->acc[acc].available[s] -= gbp;
}

void
cs_ledger_release (CsLedger *l, guint c)
{
  Commitment *cm = commitment (l, c);

  for (guint i = 0; i < cm->res->len; i++)
    {
      const Reservation *r = &g_array_index (cm->res, Reservation, i);
      l->acc[r->acc].available[r->sector] += r->amount;
    }
  g_array_set_size (cm->res, 0);
  cm->used = FALSE;
  g_array_append_val (l->free_ids, c);
}

double
cs_ledger_reserved (const CsLedger *l, guint c, guint acc, CsSector s)
{
  const Reservation *r = find_res (commitment (l, c), acc, s);

  return r ? r->amount : 0.0;
}

void
cs_ledger_spend (CsLedger *l, guint c, guint acc, CsSector s, CsSpendKind kind,
                 double gbp)
{
  double rest = gbp;

  g_return_if_fail (acc < l->n && s < CS_N_SECTORS && kind < CS_N_SPENDS);
  g_return_if_fail (gbp >= 0.0);
  if (c != CS_NONE)
    {
      Reservation *r = find_res (commitment (l, c), acc, s);
      if (r)
        {
          double take = MIN (r->amount, rest);
          r->amount -= take;
          rest -= take;
        }
    }
  l->acc[acc].available[s] -= rest;
  l->acc[acc].per.spend[kind][s] += gbp;
}

double
cs_ledger_available (const CsLedger *l, guint acc, CsSector s)
{
  g_return_val_if_fail (acc < l->n && s < CS_N_SECTORS, NAN);
  return l->acc[acc].available[s];
}

void
cs_ledger_debug_skew (CsLedger *l, guint acc, CsSector s, double gbp)
{
  g_return_if_fail (acc < l->n && s < CS_N_SECTORS);
  l->acc[acc].available[s] += gbp;
}

/* ---- Periods ------------------------------------------------------------ */

/* Commitments by account and sector, summed from the commitments' own
 * lists: n x CS_N_SECTORS doubles. */
static double *
sum_commitments (const CsLedger *l)
{
  double *sum = g_new0 (double, (gsize)MAX (1u, l->n) * CS_N_SECTORS);

  for (guint i = 0; i < l->commitments->len; i++)
    {
      const Commitment *cm = &g_array_index (l->commitments, Commitment, i);
      if (!cm->used)
        continue;
      for (guint k = 0; k < cm->res->len; k++)
        {
          const Reservation *r = &g_array_index (cm->res, Reservation, k);
          sum[(gsize)r->acc * CS_N_SECTORS + r->sector] += r->amount;
        }
    }
  return sum;
}

static void
fill_totals (const CsLedger *l, guint acc, const double *commit,
             CsLedgerTotals *out)
{
  *out = l->acc[acc].per;
  for (guint s = 0; s < CS_N_SECTORS; s++)
    {
      out->commitments[s] = commit[(gsize)acc * CS_N_SECTORS + s];
      out->carry_over[s] = l->acc[acc].available[s];
    }
}

void
cs_ledger_totals (const CsLedger *l, guint acc, CsLedgerTotals *out)
{
  g_autofree double *commit = sum_commitments (l);

  g_return_if_fail (acc < l->n);
  fill_totals (l, acc, commit, out);
}

/* The identity for one account and sector; the difference in *gap and
 * the scale of the amounts in *scale. */
static gboolean
balanced (const CsLedgerTotals *t, guint s, double *gap, double *scale)
{
  double in = t->opening[s] + t->income[s] + t->transfer_in[s];
  double out = t->spend[CS_SPEND_SERVICES][s]
               + t->spend[CS_SPEND_COMMISSIONING][s] + t->transfer_out[s]
               + t->commitments[s] + t->carry_over[s];

  *gap = in - out;
  *scale = fabs (t->opening[s]) + t->income[s] + t->transfer_in[s]
           + t->spend[CS_SPEND_SERVICES][s]
           + t->spend[CS_SPEND_COMMISSIONING][s] + t->transfer_out[s]
           + fabs (t->commitments[s]) + fabs (t->carry_over[s]);
  return isfinite (*gap) && fabs (*gap) <= 1e-3 + 1e-9 * *scale;
}

gboolean
cs_ledger_close (CsLedger *l, CsLedgerTotals *closed, GError **error)
{
  g_autofree double *commit = sum_commitments (l);

  for (guint a = 0; a < l->n; a++)
    {
      CsLedgerTotals t;
      fill_totals (l, a, commit, &t);
      for (guint s = 0; s < CS_N_SECTORS; s++)
        {
          double gap, scale;
          if (balanced (&t, s, &gap, &scale))
            continue;
          g_set_error (error, SIM_ERROR, SIM_ERROR_INTERNAL,
                       "ledger: account %u, %s money: opening %.2f + income "
                       "%.2f + transfers in %.2f differs from spend %.2f + "
                       "transfers out %.2f + commitments %.2f + carry-over "
                       "%.2f by %.4f pounds",
                       a, cs_sector_names[s], t.opening[s], t.income[s],
                       t.transfer_in[s],
                       t.spend[CS_SPEND_SERVICES][s]
                           + t.spend[CS_SPEND_COMMISSIONING][s],
                       t.transfer_out[s], t.commitments[s], t.carry_over[s],
                       gap);
          return FALSE;
        }
      if (closed)
        closed[a] = t;
    }
  for (guint a = 0; a < l->n; a++)
    {
      Account *x = &l->acc[a];
      memset (&x->per, 0, sizeof x->per);
      for (guint s = 0; s < CS_N_SECTORS; s++)
        x->per.opening[s]
            = commit[(gsize)a * CS_N_SECTORS + s] + x->available[s];
    }
  return TRUE;
}
