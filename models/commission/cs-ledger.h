/* cs-ledger.h: the commissioning model's money: accounts, commitments and the
 * yearly conservation check.
 *
 * An account is an index chosen by the caller (cs-commission.c uses one
 * per partner, one per school and one pooled fund per arrangement).  Money
 * is kept by sector (health, education, social care: the sector of the
 * budget it came from), so a service's funding can be traced back to the
 * sectors that paid for it.
 *
 * Transactions (all amounts in pounds, >= 0):
 *  - income: money from outside the model into an account (a budget);
 *  - transfer: money from one account to another (a pooled contribution);
 *  - commit: money of an account reserved for a commitment (a contract
 *    year): it leaves the account's available balance and is held by the
 *    commitment until spent or released;
 *  - spend: money leaving the model (a service's cost, a commissioning
 *    cost), drawn from a commitment's reservation first and from the
 *    account's available balance for the rest;
 *  - release: what a commitment still holds goes back to available.
 * Available balances may go negative (an overspend, carried over as a
 * deficit).
 *
 * Conservation (cs_ledger_close, once a period, every account and
 * sector): opening + income + transfers in = spend + transfers out +
 * commitments + carry-over, where opening is the previous close's
 * commitments + carry-over, the flows are the sums of the period's
 * transactions, commitments are summed over the commitments' own records
 * and carry-over is the available balance.  The two sides are kept by
 * different code, so an amount moved without its transaction breaks the
 * identity; cs_ledger_close() then fails with SIM_ERROR_INTERNAL.
 */
#pragma once

#include <glib.h>

#include "models/params/cs-params.h"

G_BEGIN_DECLS

typedef struct CsLedger CsLedger;

/* What a spend paid for (kept apart in the period's totals). */
typedef enum
{
  CS_SPEND_SERVICES,      /* services' costs (contracts) */
  CS_SPEND_COMMISSIONING, /* staff, running and transaction costs */
  CS_N_SPENDS
} CsSpendKind;

/* One account's flows and stocks for one period, by sector. */
typedef struct
{
  double opening[CS_N_SECTORS];
  double income[CS_N_SECTORS];
  double transfer_in[CS_N_SECTORS];
  double transfer_out[CS_N_SECTORS];
  double spend[CS_N_SPENDS][CS_N_SECTORS];
  double commitments[CS_N_SECTORS]; /* at close */
  double carry_over[CS_N_SECTORS];  /* at close */
} CsLedgerTotals;

/* A ledger of n_accounts accounts, all empty.  (transfer full) */
CsLedger *cs_ledger_new (guint n_accounts);
void cs_ledger_free (CsLedger *l); /* accepts NULL */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsLedger, cs_ledger_free)

guint cs_ledger_n_accounts (const CsLedger *l);

void cs_ledger_income (CsLedger *l, guint acc, CsSector s, double gbp);
void cs_ledger_transfer (CsLedger *l, guint from, guint to, CsSector s,
                         double gbp);

/* A new, empty commitment; ids are reused after release. */
guint cs_ledger_commitment_new (CsLedger *l);
/* Reserve gbp of (acc, s) for commitment c. */
void cs_ledger_commit (CsLedger *l, guint c, guint acc, CsSector s, double gbp);
/* Everything c still holds back to available; c is freed. */
void cs_ledger_release (CsLedger *l, guint c);
/* What commitment c holds of (acc, s). */
double cs_ledger_reserved (const CsLedger *l, guint c, guint acc, CsSector s);
/* Spend gbp of (acc, s): from commitment c's reservation first (c may be
 * CS_NONE), then from the available balance. */
void cs_ledger_spend (CsLedger *l, guint c, guint acc, CsSector s,
                      CsSpendKind kind, double gbp);

double cs_ledger_available (const CsLedger *l, guint acc, CsSector s);
/* This period's totals so far (commitments and carry-over: as they stand
 * now). */
void cs_ledger_totals (const CsLedger *l, guint acc, CsLedgerTotals *out);

/* Close the period: check conservation for every account and sector and,
 * if it holds, fill closed[acc] (n_accounts entries, may be NULL) with the
 * period's totals and open the next period.  FALSE with
 * SIM_ERROR_INTERNAL naming the first account and sector that fails. */
G_GNUC_WARN_UNUSED_RESULT
gboolean cs_ledger_close (CsLedger *l, CsLedgerTotals *closed, GError **error);

/* For tests only: move gbp into (acc, s)'s available balance without a
 * transaction, so that the next close fails. */
void cs_ledger_debug_skew (CsLedger *l, guint acc, CsSector s, double gbp);

G_END_DECLS
