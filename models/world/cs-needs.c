/* cs-needs.c: needs: onset, escalation, remission, and who notices and refers.
 *
 * Each child has a stage 0-4 in each need domain ([SENPOG 2006] Doran).  The
 * hazards per year, for a child of sex x and age a in a locality of
 * deprivation q:
 *  - stage 0: onset = onset_per_1000_per_year[x][a] / 1000
 *    x deprivation_rr^q x (product of onset_rr of the open-access
 *    services that reach the child this school year); the new need starts
 *    at stage k with probability onset_stage_share[k];
 *  - stage s >= 1: escalation to s + 1 = escalation_per_year[s]
 *    (x served_escalation_rr while an episode meets the need:
 *    cs_service_needs_met);
 *    remission to s - 1 = remission_per_year[s];
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

#include "models/world/cs-world-private.h"

void
cs_needs_init (CsWorld *w)
{
  const CsParams *p = w->p;

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

/* The noticers in sight of a child (CS_BIT (CsNoticer) mask). */
static guint
in_sight (const CsWorld *w, const CsChild *c)
{
  guint m = 0;
  gboolean pupil
      = c->place == CS_PLACE_ROLL
        || (c->place == CS_PLACE_PRE_SCHOOL && (c->flags & CS_CHILD_SETTING));
  gboolean open
      = (c->flags & (CS_CHILD_OPEN_CASE | CS_CHILD_LOOKED_AFTER)) != 0;

  for (guint n = 0; n < CS_N_NOTICERS; n++)
    {
      const CsNoticerParams *np = &w->p->noticers[n];
      if (c->age < np->age_min.value || c->age > np->age_max.value
          || (np->on_roll_only && !pupil) || (np->open_case_only && !open))
        continue;
      m |= 1u << n;
    }
  return m;
}

void
cs_needs_hazards (const CsWorld *w, guint id, CsHazards *hz)
{
  const CsChild *c = &w->kids[id];
  const CsParams *p = w->p;
  const CsLocalityState *ls = &w->locs[c->locality];
  guint sex = (c->flags & CS_CHILD_MALE) ? CS_SEX_MALE : CS_SEX_FEMALE;
  guint sight = c->stages ? in_sight (w, c) : 0;
  guint32 met = c->served ? cs_service_needs_met (w, c) : 0;
  double rr[CS_N_DOMAINS];

  cs_service_onset_rr (w, id, rr);
  for (guint d = 0; d < CS_N_DOMAINS; d++)
    {
      const CsNeedDomain *nd = &p->domains[d];
      guint s = cs_stage (c, d);

      if (s == 0)
        {
          cs_hazards_add (hz, CS_HZ_ONSET, d,
                          ls->onset[d][sex][c->age] * rr[d]);
          continue;
        }
      if (s + 1 < CS_N_STAGES)
        cs_hazards_add (
            hz, CS_HZ_ESCALATE, d,
            nd->escalation_per_year[s].value
                * ((met & (1u << d)) ? nd->served_escalation_rr.value : 1.0));
      cs_hazards_add (hz, CS_HZ_REMIT, d, nd->remission_per_year[s].value);
      if (!(c->engaged & (1u << d)))
        cs_hazards_add (hz, CS_HZ_NOTICE, d, w->notice[d][s][sight]);
    }
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
  guint sight = in_sight (w, c), s = cs_stage (c, d), last = 0;
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
