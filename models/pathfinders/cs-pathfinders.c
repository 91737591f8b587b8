/* cs-pathfinders.c: the pathfinder generator: draws each pathfinder's
 * characteristics and builds its area parameters from the base area
 * (see cs-pathfinders.h for the contract).
 *
 * Sections: the life of a spec; checks; draws (foci, then one area);
 * building an area (copy the base, scale it, set deprivation, split the
 * primary care trust, move the contributions, set the board).
 *
 * The copy of the base duplicates every array and distribution the base
 * owns (the list in cs_params_free()); a field added to CsParams that
 * owns memory must be copied in copy_params() too.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "models/pathfinders/cs-pathfinders.h"
#include "sim/sim-error.h"
#include "sim/sim-rng.h"

/* Shape of the gamma distribution of a board's needs-analysis days
 * (coefficient of variation 1/sqrt(4) = 0.5; docs/survey.md). */
#define NEEDS_SHAPE 4.0

/* ---- Life of a spec ------------------------------------------------------ */

CsPathfinders *
cs_pathfinders_new (void)
{
  CsPathfinders *pf = g_new0 (CsPathfinders, 1);

  pf->pool = g_string_chunk_new (1024);
  pf->board = CS_NONE;
  pf->pct_partner = CS_NONE;
  pf->needs_days_per_domain.value = NAN;
  return pf;
}

const char *
cs_pathfinders_intern (CsPathfinders *pf, const char *s)
{
  return s ? g_string_chunk_insert_const (pf->pool, s) : NULL;
}

void
cs_pathfinders_free (CsPathfinders *pf)
{
  if (!pf)
    return;
  sim_dist_clear (&pf->deprivation.dist);
  sim_dist_clear (&pf->board_start_days.dist);
  for (guint i = 0; i < pf->n_authorities; i++)
    sim_dist_clear (&pf->authorities[i].children.dist);
  for (guint i = 0; i < pf->n_foci; i++)
    sim_dist_clear (&pf->foci[i].pooled_share.dist);
  g_free (pf->authorities);
  g_free (pf->foci);
  g_free (pf->contributions);
  g_free (pf->agreements);
  if (pf->pool)
    g_string_chunk_free (pf->pool);
  g_free (pf);
}

/* ---- Checks -------------------------------------------------------------- */

static gboolean fail (GError **error, const char *format, ...)
    G_GNUC_PRINTF (2, 3);

static gboolean
fail (GError **error, const char *format, ...)
{
  va_list ap;

  va_start (ap, format);
  g_set_error_literal (error, SIM_ERROR, SIM_ERROR_DATA, "");
  g_free ((*error)->message);
  (*error)->message = g_strdup_vprintf (format, ap);
  va_end (ap);
  return FALSE;
}

static gboolean
check_counts (const CsPathfinders *pf, GError **error)
{
  guint lo = 0, hi = 0, rests = 0;

  for (guint k = 0; k < pf->n_foci; k++)
    {
      const CsPfFocus *f = &pf->foci[k];
      if (f->rest)
        rests++;
      else if (f->count_min > f->count_max)
        return fail (error,
                     "focus '%s': count %u-%u is reversed (expected "
                     "MIN-MAX with MIN <= MAX)",
                     f->id, f->count_min, f->count_max);
      lo += f->count_min;
      hi += f->count_max;
    }
  if (rests > 1)
    return fail (error, "%u foci have count=\"rest\" (expected at most one)",
                 rests);
  if (rests == 1 && hi > pf->count)
    return fail (error,
                 "the foci's counts add up to as many as %u "
                 "(expected at most count=%u, the remainder going to the "
                 "focus with count=\"rest\")",
                 hi, pf->count);
  if (rests == 0 && (lo != pf->count || hi != pf->count))
    return fail (error,
                 "the foci's counts add up to %u-%u (expected exactly "
                 "count=%u, or a focus with count=\"rest\")",
                 lo, hi, pf->count);
  return TRUE;
}

/* Agreements: services with a commissioner at the start (the lead the
 * agreement binds), partners of the scenario, at most
 * CS_MAX_AGREEMENT_PAYERS payers and shares adding up to at most 1 for
 * any service, the primary care trust counted as the most trusts an
 * authority may have. */
static gboolean
check_agreements (const CsPathfinders *pf, const CsParams *base, GError **error)
{
  guint pcts = 1;

  if (pf->n_agreements > CS_PF_MAX_AGREEMENTS)
    return fail (error, "%u agreements (expected at most %u)", pf->n_agreements,
                 CS_PF_MAX_AGREEMENTS);
  for (guint i = 0; i < pf->n_authorities; i++)
    pcts = MAX (pcts, (guint)pf->authorities[i].pcts_max.value);
  for (guint i = 0; i < base->n_services; i++)
    {
      double share = 0.0;
      guint payers = 0;
      for (guint k = 0; k < pf->n_agreements; k++)
        {
          const CsPfAgreement *g = &pf->agreements[k];
          gboolean covers = FALSE;
          for (guint j = 0; j < g->n_services; j++)
            covers = covers || g->services[j] == i;
          if (!covers)
            continue;
          if (base->services[i].commissioner == CS_NONE)
            return fail (error,
                         "agreement '%s': service '%s' has no commissioner "
                         "at the start (expected a service with "
                         "commissioner=\"ID\", the lead the agreement "
                         "binds)",
                         g->id, base->services[i].id);
          share += g->share.value;
          for (guint j = 0; j < g->n_partners; j++)
            payers += g->partners[j] == pf->pct_partner ? pcts : 1;
        }
      if (share > 1.0 + 1e-9)
        return fail (error,
                     "the agreements covering service '%s' have shares "
                     "adding up to %g (expected at most 1)",
                     base->services[i].id, share);
      if (payers > CS_MAX_AGREEMENT_PAYERS)
        return fail (error,
                     "the agreements covering service '%s' have as many as "
                     "%u paying partners, primary care trusts counted "
                     "(expected at most %u)",
                     base->services[i].id, payers, CS_MAX_AGREEMENT_PAYERS);
    }
  return TRUE;
}

gboolean
cs_pathfinders_check (const CsPathfinders *pf, const CsParams *base,
                      GError **error)
{
  double shares = 0.0;

  if (pf->count == 0 || pf->count > CS_PF_MAX_AREAS)
    return fail (error, "count=%u (expected 1 to %u pathfinders)", pf->count,
                 CS_PF_MAX_AREAS);
  if (pf->n_authorities == 0 || pf->n_foci == 0)
    return fail (error, "no authority or no focus (expected at least one "
                        "of each)");
  if (pf->board >= base->n_arrangements)
    return fail (error, "the board is not an arrangement of the scenario");
  if (pf->pct_partner >= base->n_partners)
    return fail (error, "the primary care trust is not a partner of the "
                        "scenario");
  for (guint i = 0; i < pf->n_authorities; i++)
    {
      const CsPfAuthority *a = &pf->authorities[i];
      shares += a->share.value;
      if (a->pcts_min.value < 1 || a->pcts_min.value > a->pcts_max.value)
        return fail (error,
                     "authority '%s': pcts_min=%g, pcts_max=%g "
                     "(expected 1 <= pcts_min <= pcts_max)",
                     a->id, a->pcts_min.value, a->pcts_max.value);
    }
  if (fabs (shares - 1.0) > 1e-6)
    return fail (error, "the authorities' shares add up to %g (expected 1)",
                 shares);
  if (pf->n_contributions > CS_PF_MAX_CONTRIBUTIONS)
    return fail (error, "%u contributions (expected at most %u)",
                 pf->n_contributions, CS_PF_MAX_CONTRIBUTIONS);
  for (guint i = 0; i < pf->n_contributions; i++)
    {
      const CsPfContribution *c = &pf->contributions[i];
      if (c->from >= base->n_partners || c->to >= base->n_partners
          || c->from == c->to)
        return fail (error,
                     "contribution '%s': expected two different "
                     "partners of the scenario",
                     c->id);
    }
  if (!check_agreements (pf, base, error))
    return FALSE;
  if (pf->n_survey_months > CS_PF_MAX_SURVEY_DATES)
    return fail (error, "%u survey dates (expected at most %u)",
                 pf->n_survey_months, CS_PF_MAX_SURVEY_DATES);
  for (guint i = 0; i < pf->n_survey_months; i++)
    if (!(pf->survey_months[i] > 0)
        || (i > 0 && !(pf->survey_months[i] > pf->survey_months[i - 1])))
      return fail (error,
                   "survey_months: %g after %g (expected months after the "
                   "selection, > 0 and increasing)",
                   pf->survey_months[i], i > 0 ? pf->survey_months[i - 1] : 0);
  if (cs_pathfinders_children (base) < 1.0)
    return fail (error, "the base area has no children (expected some to "
                        "scale from)");
  return check_counts (pf, error);
}

/* ---- Draws -------------------------------------------------------------- */

/* Uniform integer in [lo, hi]. */
static guint
uniform_int (SimRng *rng, guint lo, guint hi)
{
  return lo + sim_rng_below (rng, hi - lo + 1);
}

void
cs_pathfinders_draw_foci (const CsPathfinders *pf, guint64 seed, guint32 rep,
                          guint *focus)
{
  SimRng rng;
  guint n = 0, rest = CS_NONE;

  sim_rng_init (&rng, seed, rep, CS_PF_STREAM_FOCUS, 0);
  for (guint k = 0; k < pf->n_foci; k++)
    {
      const CsPfFocus *f = &pf->foci[k];
      guint c;
      if (f->rest)
        {
          rest = k;
          continue;
        }
      c = uniform_int (&rng, f->count_min, f->count_max);
      for (guint j = 0; j < c && n < pf->count; j++)
        focus[n++] = k;
    }
  while (n < pf->count) /* the remainder (cs_pathfinders_check: one) */
    focus[n++] = rest != CS_NONE ? rest : 0;
  for (guint i = pf->count; i > 1; i--) /* Fisher-Yates */
    {
      guint j = sim_rng_below (&rng, i);
      guint t = focus[i - 1];
      focus[i - 1] = focus[j];
      focus[j] = t;
    }
}

static guint
draw_authority (const CsPathfinders *pf, SimRng *rng)
{
  double u = sim_rng_uniform (rng), cum = 0.0;

  for (guint i = 0; i < pf->n_authorities; i++)
    {
      cum += pf->authorities[i].share.value;
      if (u < cum)
        return i;
    }
  return pf->n_authorities - 1;
}

void
cs_pathfinders_draw (const CsPathfinders *pf, guint64 seed, guint32 rep,
                     guint index, CsPathfinderArea *out)
{
  g_autofree guint *foci = g_new (guint, pf->count);
  const CsPfAuthority *a;
  const CsPfFocus *f;
  gboolean pools;
  SimRng rng;

  g_return_if_fail (index < pf->count);
  memset (out, 0, sizeof *out);
  out->index = index;
  cs_pathfinders_draw_foci (pf, seed, rep, foci);
  out->focus = foci[index];
  f = &pf->foci[out->focus];
  sim_rng_init (&rng, seed, rep, CS_PF_STREAM_AUTHORITY, index);
  out->authority = draw_authority (pf, &rng);
  a = &pf->authorities[out->authority];
  sim_rng_init (&rng, seed, rep, CS_PF_STREAM_CHILDREN, index);
  out->children = MAX (1.0, sim_dist_sample (&a->children.dist, &rng));
  sim_rng_init (&rng, seed, rep, CS_PF_STREAM_PCTS, index);
  out->pcts
      = uniform_int (&rng, (guint)a->pcts_min.value, (guint)a->pcts_max.value);
  sim_rng_init (&rng, seed, rep, CS_PF_STREAM_DEPRIVATION, index);
  out->deprivation
      = CLAMP (sim_dist_sample (&pf->deprivation.dist, &rng), 0.0, 1.0);
  sim_rng_init (&rng, seed, rep, CS_PF_STREAM_POOL, index);
  pools = sim_rng_uniform (&rng) < f->pool_probability.value;
  for (guint k = 1; pf->pool_every_pct && k < out->pcts; k++)
    pools = sim_rng_uniform (&rng) < f->pool_probability.value && pools;
  if (pools)
    out->pooled_share
        = CLAMP (sim_dist_sample (&f->pooled_share.dist, &rng), 0.0, 1.0);
  sim_rng_init (&rng, seed, rep, CS_PF_STREAM_START, index);
  out->board_start
      = pf->has_board_start
            ? MAX (0.0, sim_dist_sample (&pf->board_start_days.dist, &rng))
            : 0.0;
  sim_rng_init (&rng, seed, rep, CS_PF_STREAM_AGREEMENT, index);
  for (guint k = 0; k < MIN (pf->n_agreements, CS_PF_MAX_AGREEMENTS); k++)
    if (sim_rng_uniform (&rng) < pf->agreements[k].probability.value)
      out->agreements |= CS_BIT (k);
  sim_rng_init (&rng, seed, rep, CS_PF_STREAM_ALIGNED, index);
  for (guint i = 0; i < MIN (pf->n_contributions, CS_PF_MAX_CONTRIBUTIONS); i++)
    {
      double u = sim_rng_uniform (&rng);
      out->aligned[i]
          = CLAMP (pf->aligned_share.value
                       * (1.0 + pf->aligned_spread.value * (2.0 * u - 1.0)),
                   0.0, 1.0);
    }
}

/* ---- Building an area: the copy ------------------------------------------ */

#define DUP_ARRAY(p, b, arr, n)                                                \
  ((p)->arr = g_memdup2 ((b)->arr, (gsize)(b)->n * sizeof *(b)->arr))

/* A deep copy of the arrays and distributions; strings borrowed. */
static CsParams *
copy_params (const CsParams *base)
{
  CsParams *p = cs_params_new ();
  gpointer pool = p->pool;

  *p = *base;
  p->pool = pool;
  DUP_ARRAY (p, base, localities, n_localities);
  DUP_ARRAY (p, base, schools, n_schools);
  DUP_ARRAY (p, base, services, n_services);
  DUP_ARRAY (p, base, partners, n_partners);
  DUP_ARRAY (p, base, providers, n_providers);
  for (guint i = 0; i < base->n_services; i++)
    sim_dist_copy (&p->services[i].episode_days.dist,
                   &base->services[i].episode_days.dist);
  sim_dist_copy (&p->life.exclusion_days.dist, &base->life.exclusion_days.dist);
  sim_dist_copy (&p->life.care_days.dist, &base->life.care_days.dist);
  p->arrangements = g_new0 (CsArrangement, MAX (1u, base->n_arrangements));
  for (guint i = 0; i < base->n_arrangements; i++)
    cs_arrangement_copy (&p->arrangements[i], &base->arrangements[i]);
  return p;
}

/* ---- Building an area: size and deprivation ------------------------------ */

double
cs_pathfinders_children (const CsParams *p)
{
  return cs_params_children (p);
}

static void
scale_money (CsNum *x, double k, const char *source)
{
  x->value *= k;
  x->source = source;
}

/* Commissioning costs belong to an organisation, not to its size: they
 * scale with the simulation's scale only. */
static void
scale_commissioning (CsParams *p, double scale, const char *src)
{
  for (guint i = 0; i < p->n_arrangements; i++)
    {
      CsArrangement *a = &p->arrangements[i];
      scale_money (&a->running_cost_gbp_per_year, scale, src);
      scale_money (&a->procurement.transaction_cost_gbp, scale, src);
      for (guint s = 0; s < CS_N_CYCLE_STAGES; s++)
        scale_money (&a->cycle[s].staff_cost_gbp, scale, src);
    }
}

static void
set_deprivation (CsParams *p, double mean, const char *src)
{
  double base = 0.0, all = 0.0;

  for (guint l = 0; l < p->n_localities; l++)
    for (guint a = 0; a < CS_N_AGES; a++)
      {
        double n = p->localities[l].children[a].value;
        base += n * p->localities[l].deprivation.value;
        all += n;
      }
  base = all > 0 ? base / all : 0.0;
  for (guint l = 0; l < p->n_localities; l++)
    {
      CsNum *d = &p->localities[l].deprivation;
      d->value = CLAMP (d->value + mean - base, 0.0, 1.0);
      d->source = src;
    }
}

/* ---- Building an area: partners and the board --------------------------- */

/* Split partner `h` into n partners (ids ID, ID_2, ... ID_n), each with
 * 1/n of its budget and each membership of it repeated. */
static void
split_partner (CsParams *p, guint h, guint n, const char *src)
{
  guint first = p->n_partners;

  if (n <= 1)
    return;
  p->partners = g_renew (CsPartner, p->partners, p->n_partners + n - 1);
  for (guint s = 0; s < CS_N_SECTORS; s++)
    scale_money (&p->partners[h].budget_gbp_per_year[s], 1.0 / n, src);
  for (guint j = 2; j <= n; j++)
    {
      g_autofree char *id = g_strdup_printf ("%s_%u", p->partners[h].id, j);
      g_autofree char *name = g_strdup_printf ("%s %u", p->partners[h].name, j);
      CsPartner *x = &p->partners[p->n_partners++];
      *x = p->partners[h];
      x->id = cs_params_intern (p, id);
      x->name = cs_params_intern (p, name);
    }
  for (guint i = 0; i < p->n_arrangements; i++)
    {
      CsArrangement *a = &p->arrangements[i];
      guint m0 = a->n_members;
      for (guint m = 0; m < m0; m++)
        {
          CsMember x = a->members[m];
          if (x.kind != CS_MEMBER_PARTNER || x.index != h)
            continue;
          a->members = g_renew (CsMember, a->members, a->n_members + n - 1);
          for (guint j = 0; j + 1 < n; j++)
            {
              x.index = first + j;
              a->members[a->n_members++] = x;
            }
        }
    }
}

/* The partners a contribution draws from: `from`, and the trusts split
 * from it when it is the primary care trust. */
static gboolean
is_source (const CsPathfinders *pf, const CsParams *base,
           const CsPfContribution *c, guint i)
{
  return i == c->from || (c->from == pf->pct_partner && i >= base->n_partners);
}

/* Money is conserved: the sources and `to` hold the same total after as
 * before, `to` aligned_share of it and each source its part of the rest
 * (the base's own amount at `to` counts as the agencies' money too). */
static void
contribute (const CsPathfinders *pf, const CsParams *base, CsParams *p,
            const CsPfContribution *c, double share, const char *src)
{
  for (guint s = 0; s < CS_N_SECTORS; s++)
    {
      CsNum *to = &p->partners[c->to].budget_gbp_per_year[s];
      double sum = 0.0, total;
      for (guint i = 0; i < p->n_partners; i++)
        if (is_source (pf, base, c, i))
          sum += p->partners[i].budget_gbp_per_year[s].value;
      if (!(sum > 0))
        continue;
      total = sum + to->value;
      for (guint i = 0; i < p->n_partners; i++)
        if (is_source (pf, base, c, i))
          scale_money (&p->partners[i].budget_gbp_per_year[s],
                       (1.0 - share) * total / sum, src);
      to->value = share * total;
      to->source = src;
    }
}

/* Whether board member m pools: it receives a contribution that pools. */
static gboolean
member_pools (const CsPathfinders *pf, const CsMember *m)
{
  for (guint i = 0; i < pf->n_contributions; i++)
    if (m->kind == CS_MEMBER_PARTNER && m->index == pf->contributions[i].to
        && pf->contributions[i].pools)
      return TRUE;
  return FALSE;
}

static void
set_board (const CsPathfinders *pf, CsParams *p, const CsPathfinderArea *area,
           const char *pool_src)
{
  const CsPfFocus *f = &pf->foci[area->focus];
  CsArrangement *b = &p->arrangements[pf->board];

  b->tiers = f->tiers;
  if (pf->has_board_start)
    {
      b->start_delay_days.value = area->board_start;
      b->start_delay_days.source = pf->board_start_days.source;
    }
  for (guint d = 0; d < CS_N_DOMAINS; d++)
    b->weight_domain[d] = f->weight_domain[d];
  if (!isnan (pf->needs_days_per_domain.value))
    {
      CsDistParam *na = &b->cycle[CS_CYCLE_NEEDS_ANALYSIS].days;
      guint n = 0;
      for (guint d = 0; d < CS_N_DOMAINS; d++)
        n += f->weight_domain[d].value > 0;
      sim_dist_clear (&na->dist);
      na->dist
          = n > 0 ? sim_dist_gamma (
                NEEDS_SHAPE, n * pf->needs_days_per_domain.value / NEEDS_SHAPE)
                  : sim_dist_deterministic (0.0);
      na->source = pf->needs_days_per_domain.source;
    }
  for (guint m = 0; m < b->n_members; m++)
    if (member_pools (pf, &b->members[m]))
      {
        b->members[m].pooled_share.value = area->pooled_share;
        b->members[m].pooled_share.source = pool_src;
      }
}

/* The agreements in force: each partner of agreement g pays
 * g->share / its partners of every contract the lead holds for each of
 * g's services; the primary care trust's part is split equally between
 * the trusts split from it (the base's partner and those appended after
 * the base's partners, split_partner). */
static void
set_agreements (const CsPathfinders *pf, const CsParams *base, CsParams *p,
                const CsPathfinderArea *area)
{
  for (guint k = 0; k < MIN (pf->n_agreements, CS_PF_MAX_AGREEMENTS); k++)
    {
      const CsPfAgreement *g = &pf->agreements[k];
      if (!(area->agreements & CS_BIT (k)) || g->n_partners == 0)
        continue;
      for (guint j = 0; j < g->n_services; j++)
        {
          CsService *sv = &p->services[g->services[j]];
          for (guint m = 0; m < g->n_partners; m++)
            {
              gboolean pct = g->partners[m] == pf->pct_partner;
              guint n = pct ? MAX (1u, area->pcts) : 1u;
              for (guint t = 0; t < n; t++)
                {
                  guint h = t == 0 ? g->partners[m] : base->n_partners + t - 1;
                  if (sv->n_agreement >= CS_MAX_AGREEMENT_PAYERS
                      || h >= p->n_partners)
                    continue; /* cs_pathfinders_check keeps within it */
                  sv->agreement_partner[sv->n_agreement] = h;
                  sv->agreement_share[sv->n_agreement]
                      = g->share.value / g->n_partners / n;
                  sv->n_agreement++;
                }
            }
        }
    }
}

CsParams *
cs_pathfinders_scaled_area (const CsParams *base, double k, double scale,
                            double deprivation, guint pct_partner, guint pcts,
                            const char *size_note, const char *dep_note)
{
  CsParams *p = copy_params (base);
  const char *src_size = cs_params_intern (p, size_note);

  cs_params_resize (p, k, src_size);
  scale_commissioning (p, scale, src_size);
  set_deprivation (p, deprivation, cs_params_intern (p, dep_note));
  if (pct_partner != CS_NONE)
    split_partner (p, pct_partner, pcts, src_size);
  return p;
}

CsParams *
cs_pathfinders_build (const CsPathfinders *pf, const CsParams *base,
                      const CsPathfinderArea *area)
{
  double k = area->children * pf->scale.value / cs_pathfinders_children (base);
  g_autofree char *size = g_strdup_printf (
      "pathfinder generator (docs/survey.md): the base area scaled to %.0f "
      "children x scale %g",
      area->children, pf->scale.value);
  g_autofree char *dep = g_strdup_printf (
      "pathfinder generator (docs/survey.md): localities moved to a mean "
      "deprivation of %.3f",
      area->deprivation);
  g_autofree char *pool = g_strdup_printf (
      "pathfinder generator (docs/survey.md): focus '%s', %s",
      pf->foci[area->focus].id,
      area->pooled_share > 0 ? "a formal pool" : "aligned budgets only");
  CsParams *p
      = cs_pathfinders_scaled_area (base, k, pf->scale.value, area->deprivation,
                                    pf->pct_partner, area->pcts, size, dep);

  for (guint i = 0; i < pf->n_contributions; i++)
    contribute (pf, base, p, &pf->contributions[i], area->aligned[i],
                pf->aligned_share.source);
  set_board (pf, p, area, cs_params_intern (p, pool));
  set_agreements (pf, base, p, area);
  return p;
}
