/* cs-needs.c: needs: onset, escalation, remission, and who notices and refers.
 *
 * Each child has a stage 0-4 in each need domain ([SENPOG 2006] Doran).  The
 * hazards per year, for a child of sex x and age a in a locality of
 * deprivation q:
 *  - stage 0: onset = onset_per_1000_per_year[x][a] / 1000
 *    x deprivation_rr^q x (product of onset_rr of the open-access
 *    services that reach the child this school year) x the onset
 *    multiplier of the child's latent class (latent_init); the new need
 *    starts at stage k with probability onset_stage_share[k];
 *  - stage s >= 1: escalation to s + 1 = escalation_per_year[s]
 *    x the class's escalation multiplier (x served_escalation_rr while an
 *    episode meets the need: cs_service_needs_met);
 *    remission to s - 1 = remission_per_year[s] x the class's remission
 *    multiplier;
 *  - noticed and referred (a stage >= 1 need the services do not already
 *    know at its current stage): sum over the noticers n in sight of
 *    -ln(1 - contact_share[n] x recognition[n] x visibility[s])
 *    x referral[n], i.e. the chance of being noticed in a year by n is
 *    contact_share x recognition x visibility, and a noticed need is
 *    referred with chance referral[n].  Who made the referral is drawn in
 *    proportion to these terms.
 * A noticer is in sight of a child when the child's age is in its range,
 * and, if on_roll_only, the child is on a school roll (or is a pre-school
 * child in an early-years setting: early-years staff count as school
 * staff, cs-params.h), and, if open_case_only, the child has an open
 * social-care case or is looked after.  A child not on a roll is never
 * seen by school staff.
 */
#include "config.h"

#include <math.h>

#include <gsl/gsl_cdf.h>

#include "models/world/cs-world-private.h"

/* The conditional mean of a standard normal in each of its
 * CS_N_LATENT_CLASSES equally likely classes (so a class's value is the
 * mean of the values it stands for, and the values have mean 0). */
static void
normal_classes (double *z)
{
  double n = CS_N_LATENT_CLASSES, prev = 0.0; /* density at -infinity */

  for (guint k = 0; k < CS_N_LATENT_CLASSES; k++)
    {
      double b = k + 1 < CS_N_LATENT_CLASSES
                     ? gsl_cdf_ugaussian_Pinv ((k + 1) / n)
                     : HUGE_VAL;
      double phi = isfinite (b) ? exp (-0.5 * b * b) / sqrt (2 * M_PI) : 0.0;
      z[k] = (prev - phi) * n;
      prev = phi;
    }
}

/* Multipliers of each latent class (cs-params.h, CsClustering): for
 * domain d, eta = adversity_loading x (deprived_shift x D + zA) +
 * frailty_loading x zF; onset x exp(eta), escalation x exp(rho eta),
 * remission x exp(-rho eta), each divided by its mean over the area's
 * children (D an income-deprived family with the children-weighted mean
 * deprivation of the localities; zA, zF equally likely classes).  The
 * initial stage s >= 1 of a new child is tilted by exp(k_s eta) / its
 * mean, k_s = 1 + rho + 2 rho (s - 1): the odds of stage s against 0 in
 * the stationary distribution of a birth-death chain whose onset,
 * escalation and remission carry those multipliers (an approximation for
 * children whose chain has not reached it; warm-up relaxes the rest). */
static void
latent_init (CsWorld *w)
{
  const CsParams *p = w->p;
  double z[CS_N_LATENT_CLASSES], kids = 0.0, dep = 0.0;
  double shift = p->clustering.deprived_shift.value;
  double rho = p->clustering.course_share.value;

  normal_classes (z);
  for (guint l = 0; l < p->n_localities; l++)
    for (guint a = 0; a < CS_N_AGES; a++)
      {
        kids += p->localities[l].children[a].value;
        dep += p->localities[l].children[a].value
               * p->localities[l].deprivation.value;
      }
  dep = kids > 0 ? dep / kids : 0.0;
  for (guint d = 0; d < CS_N_DOMAINS; d++)
    {
      const CsNeedDomain *nd = &p->domains[d];
      double eta[CS_N_LATENT], wt[CS_N_LATENT];
      double k[3 + CS_N_STAGES], mean[3 + CS_N_STAGES] = { 0 };

      k[0] = 1.0;
      k[1] = rho;
      k[2] = -rho;
      k[3] = 0.0;
      for (guint s = 1; s < CS_N_STAGES; s++)
        k[3 + s] = 1.0 + rho + 2.0 * rho * (s - 1);
      for (guint c = 0; c < CS_N_LATENT; c++)
        {
          guint deprived = c & 1u, ca = (c >> 1) & 7u, cf = (c >> 4) & 7u;
          eta[c] = nd->adversity_loading.value * (shift * deprived + z[ca])
                   + nd->frailty_loading.value * z[cf];
          wt[c] = (deprived ? dep : 1.0 - dep)
                  / (CS_N_LATENT_CLASSES * CS_N_LATENT_CLASSES);
          for (guint j = 0; j < 3 + CS_N_STAGES; j++)
            mean[j] += wt[c] * exp (k[j] * eta[c]);
        }
      for (guint c = 0; c < CS_N_LATENT; c++)
        {
          for (guint j = 0; j < 3; j++)
            w->latent_rr[d][c][j] = exp (k[j] * eta[c]) / mean[j];
          for (guint s = 0; s < CS_N_STAGES; s++)
            w->latent_tilt[d][c][s] = exp (k[3 + s] * eta[c]) / mean[3 + s];
        }
    }
}

static guint
in_sight (const CsWorld *w, guint age, gboolean pupil, gboolean open)
{
  guint m = 0;

  for (guint n = 0; n < CS_N_NOTICERS; n++)
    {
      const CsNoticerParams *np = &w->p->noticers[n];
      if (age < np->age_min.value || age > np->age_max.value
          || (np->on_roll_only && !pupil) || (np->open_case_only && !open))
        continue;
      m |= 1u << n;
    }
  return m;
}

void
cs_needs_init (CsWorld *w)
{
  const CsParams *p = w->p;

  latent_init (w);
  G_STATIC_ASSERT (CS_N_NOTICERS <= 8);
  for (guint a = 0; a < CS_N_AGES; a++)
    for (guint pupil = 0; pupil < 2; pupil++)
      for (guint open = 0; open < 2; open++)
        w->sight[a][pupil][open] = (guint8)in_sight (w, a, pupil, open);

  for (guint d = 0; d < CS_N_DOMAINS; d++)
    {
      const CsNeedDomain *nd = &p->domains[d];

      for (guint e = 0; e < CS_N_ECM; e++)
        w->unmet_ecm[d][e] = p->ecm.unmet_per_stage_per_year[d][e].value;
      for (guint s = 1; s < CS_N_STAGES; s++)
        for (guint m = 0; m < (1u << CS_N_NOTICERS); m++)
          {
            double h = 0.0;
            for (guint n = 0; n < CS_N_NOTICERS; n++)
              {
                double q = p->noticers[n].contact_share.value
                           * nd->recognition[n].value * nd->visibility[s].value;
                if (!(m & (1u << n)) || q <= 0.0)
                  continue;
                h += -log1p (-MIN (q, 1.0 - 1e-9)) * nd->referral[n].value;
              }
            w->notice[d][s][m] = h;
          }
    }
}

guint
cs_needs_in_sight (const CsWorld *w, const CsChild *c)
{
  gboolean pupil
      = c->place == CS_PLACE_ROLL
        || (c->place == CS_PLACE_PRE_SCHOOL && (c->flags & CS_CHILD_SETTING));
  gboolean open
      = (c->flags & (CS_CHILD_OPEN_CASE | CS_CHILD_LOOKED_AFTER)) != 0;

  if (G_UNLIKELY (c->age >= CS_N_AGES))
    return in_sight (w, c->age, pupil, open);
  return w->sight[c->age][pupil][open];
}

/* The child's needs hazards by cs_hazards_add (hz NULL: only summed).
 * Inlined into its two callers, so the one that only sums has no list
 * code and both add the same rates in the same order. */
static inline __attribute__ ((always_inline)) void
needs_hazards (const CsWorld *w, guint id, CsHazards *hz, guint *n,
               double *total)
{
  const CsChild *c = &w->kids[id];
  const CsParams *p = w->p;
  const CsLocalityState *ls = &w->locs[c->locality];
  guint sex = (c->flags & CS_CHILD_MALE) ? CS_SEX_MALE : CS_SEX_FEMALE;
  guint sight = c->stages ? cs_needs_in_sight (w, c) : 0;
  guint32 met = c->served ? cs_service_needs_met (w, c) : 0;
  guint32 stages = c->stages; /* domain d's stage in the low bits, d on */
  double rr[CS_N_DOMAINS];
  guint lat = cs_latent (c);

  /* Most children are reached by no open service now: rr is all 1 (what
   * cs_service_onset_rr would give without a service to multiply in). */
  if (w->n_open > 16 || (w->open_active && (c->open & w->open_live)))
    cs_service_onset_rr (w, id, rr);
  else
    for (guint d = 0; d < CS_N_DOMAINS; d++)
      rr[d] = 1.0;
  for (guint d = 0; d < CS_N_DOMAINS; d++, stages >>= CS_STAGE_BITS)
    {
      const CsNeedDomain *nd = &p->domains[d];
      const double *m = w->latent_rr[d][lat];
      /* cs_stage (c, d), the word shifted along (26 M fewer instructions
       * on bench/ctsim-bench area --children 100000 --years 5) */
      guint s = stages & CS_STAGE_MASK;

      if (s == 0)
        {
          cs_hazards_add (hz, n, total, CS_HZ_ONSET, d,
                          ls->onset[d][sex][c->age] * rr[d] * m[0]);
          continue;
        }
      if (s + 1 < CS_N_STAGES)
        cs_hazards_add (
            hz, n, total, CS_HZ_ESCALATE, d,
            nd->escalation_per_year[s].value * m[1]
                * ((met & (1u << d)) ? nd->served_escalation_rr.value : 1.0));
      cs_hazards_add (hz, n, total, CS_HZ_REMIT, d,
                      nd->remission_per_year[s].value * m[2]);
      if (!(c->engaged & (1u << d)))
        cs_hazards_add (hz, n, total, CS_HZ_NOTICE, d, w->notice[d][s][sight]);
    }
}

void
cs_needs_hazards (const CsWorld *w, guint id, CsHazards *hz)
{
  guint n = hz->n;
  double total = hz->total;

  needs_hazards (w, id, hz, &n, &total);
  hz->n = n;
  hz->total = total;
}

double
cs_needs_total (const CsWorld *w, guint id, double total)
{
  needs_hazards (w, id, NULL, NULL, &total);
  return total;
}

void
cs_needs_set_stage (CsWorld *w, guint id, guint d, guint stage)
{
  CsChild *c = &w->kids[id];
  guint old = cs_stage (c, d);

  if (stage == old)
    return;
  cs_set_stage (c, d, stage);
  if (stage >= cs_threshold (&w->p->groups.additional_needs_stage_min))
    c->year |= CS_YEAR_NEED;
  if (d == CS_DOMAIN_LEARNING_SEN && w->p->sen.on
      && stage < cs_threshold (&w->p->sen.cease_stage))
    c->flags &= (guint16)~CS_CHILD_STATEMENT; /* ceased */
  if (stage == CS_N_STAGES - 1)
    cs_world_count_flow (w, id, CS_FLOW_ESCALATIONS_TO_STAGE4);
  cs_service_need_changed (w, id, d);
  cs_world_set_open_case (w, id); /* a held case closes with its needs */
}

/* Stage of a new need, from onset_stage_share over 1..4. */
static guint
onset_stage (const CsNeedDomain *nd, SimRng *rng)
{
  double u = sim_rng_uniform (rng), cum = 0.0, total = 0.0;

  for (guint s = 1; s < CS_N_STAGES; s++)
    total += nd->onset_stage_share[s].value;
  for (guint s = 1; s < CS_N_STAGES; s++)
    {
      cum += nd->onset_stage_share[s].value;
      if (u * total < cum)
        return s;
    }
  return 1;
}

/* Who noticed: a noticer in sight, in proportion to its share. */
static guint
pick_noticer (const CsWorld *w, const CsChild *c, guint d, SimRng *rng)
{
  guint sight = cs_needs_in_sight (w, c), s = cs_stage (c, d), last = 0;
  double u = sim_rng_uniform (rng) * w->notice[d][s][sight], cum = 0.0;

  for (guint n = 0; n < CS_N_NOTICERS; n++)
    {
      double h = w->notice[d][s][sight & (1u << n)];
      if (h <= 0.0)
        continue;
      last = n;
      cum += h;
      if (u < cum)
        return n;
    }
  return last;
}

void
cs_needs_apply (CsWorld *w, guint id, CsHazardKind kind, guint d, SimRng *rng)
{
  CsChild *c = &w->kids[id];
  guint s = cs_stage (c, d);

  switch (kind)
    {
    case CS_HZ_ONSET:
      cs_world_count_flow (w, id, CS_FLOW_ONSETS);
      cs_needs_set_stage (w, id, d, onset_stage (&w->p->domains[d], rng));
      break;
    case CS_HZ_ESCALATE:
      cs_needs_set_stage (w, id, d, s + 1);
      break;
    case CS_HZ_REMIT:
      cs_needs_set_stage (w, id, d, s - 1);
      break;
    case CS_HZ_NOTICE:
      cs_service_refer (w, id, d, pick_noticer (w, c, d, rng));
      break;
    default:
      g_assert_not_reached ();
    }
}
