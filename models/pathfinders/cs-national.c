/* cs-national.c: the authorities of a national scenario: draws and the
 * area of each (see cs-national.h for the contract). */
#include "config.h"

#include <math.h>
#include <string.h>

#include "models/pathfinders/cs-national.h"
#include "models/pathfinders/cs-pathfinders.h"
#include "sim/sim-error.h"
#include "sim/sim-rng.h"

CsNational *
cs_national_new (void)
{
  CsNational *nat = g_new0 (CsNational, 1);

  nat->pool = g_string_chunk_new (1024);
  nat->pct_partner = CS_NONE;
  nat->scale.value = 1.0;
  return nat;
}

const char *
cs_national_intern (CsNational *nat, const char *s)
{
  return s ? g_string_chunk_insert_const (nat->pool, s) : NULL;
}

void
cs_national_free (CsNational *nat)
{
  if (!nat)
    return;
  sim_dist_clear (&nat->deprivation.dist);
  for (guint i = 0; i < nat->n_kinds; i++)
    sim_dist_clear (&nat->kinds[i].children.dist);
  g_free (nat->kinds);
  if (nat->pool)
    g_string_chunk_free (nat->pool);
  g_free (nat);
}

gboolean
cs_national_check (const CsNational *nat, const CsParams *base, GError **error)
{
  guint n = 0;

  for (guint k = 0; k < nat->n_kinds; k++)
    {
      const CsNatKind *a = &nat->kinds[k];
      n += MIN (a->count, CS_NAT_MAX_AREAS + 1);
      if (a->pcts_min.value < 1 || a->pcts_min.value > a->pcts_max.value)
        {
          g_set_error (error, SIM_ERROR, SIM_ERROR_DATA,
                       "kind '%s': pcts_min=%g, pcts_max=%g (expected 1 <= "
                       "pcts_min <= pcts_max)",
                       a->id, a->pcts_min.value, a->pcts_max.value);
          return FALSE;
        }
    }
  if (n == 0 || n > CS_NAT_MAX_AREAS)
    {
      g_set_error (error, SIM_ERROR, SIM_ERROR_DATA,
                   "the kinds' counts add up to %u authorities (expected 1 "
                   "to %u)",
                   n, CS_NAT_MAX_AREAS);
      return FALSE;
    }
  if (nat->pct_partner != CS_NONE && nat->pct_partner >= base->n_partners)
    {
      g_set_error (error, SIM_ERROR, SIM_ERROR_DATA,
                   "the primary care trust is not a partner of the "
                   "scenario");
      return FALSE;
    }
  if (cs_params_children (base) < 1.0)
    {
      g_set_error (error, SIM_ERROR, SIM_ERROR_DATA,
                   "the base area has no children (expected some to scale "
                   "from)");
      return FALSE;
    }
  return TRUE;
}

CsNatArea *
cs_national_draw (const CsNational *nat, guint64 seed)
{
  CsNatArea *out = g_new0 (CsNatArea, MAX (1u, nat->count));
  double sum = 0.0;
  guint i = 0;

  for (guint k = 0; k < nat->n_kinds; k++)
    for (guint j = 0; j < nat->kinds[k].count && i < nat->count; j++, i++)
      {
        const CsNatKind *a = &nat->kinds[k];
        CsNatArea *x = &out[i];
        guint lo = (guint)a->pcts_min.value, hi = (guint)a->pcts_max.value;
        SimRng rng;

        x->index = i;
        x->kind = k;
        sim_rng_init (&rng, seed, 0, CS_NAT_STREAM_CHILDREN, i);
        x->children = MAX (1.0, sim_dist_sample (&a->children.dist, &rng));
        sim_rng_init (&rng, seed, 0, CS_NAT_STREAM_PCTS, i);
        x->pcts = lo + sim_rng_below (&rng, hi - lo + 1);
        sim_rng_init (&rng, seed, 0, CS_NAT_STREAM_DEPRIVATION, i);
        x->deprivation
            = CLAMP (sim_dist_sample (&nat->deprivation.dist, &rng), 0.0, 1.0);
        sum += x->children;
      }
  if (nat->children.value > 0 && sum > 0)
    for (i = 0; i < nat->count; i++)
      out[i].children *= nat->children.value / sum;
  return out;
}

CsParams *
cs_national_build (const CsNational *nat, const CsParams *base,
                   const CsNatArea *area)
{
  double k = area->children * nat->scale.value / cs_params_children (base);
  g_autofree char *size = g_strdup_printf (
      "national generator (docs/scenarios.md <national>): the base area "
      "scaled to %.0f children x scale %g",
      area->children, nat->scale.value);
  g_autofree char *dep = g_strdup_printf (
      "national generator (docs/scenarios.md <national>): localities moved "
      "to a mean deprivation of %.3f",
      area->deprivation);

  return cs_pathfinders_scaled_area (base, k, nat->scale.value,
                                     area->deprivation, nat->pct_partner,
                                     area->pcts, size, dep);
}
