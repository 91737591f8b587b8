/* cs-service.c: services: referral routing, waiting lists, episodes, open
 * access, costs.
 *
 * Referral access (as cs-queue.c, per child): a referral for need domain
 * d goes to one service that serves d at the child's stage, accepts
 * referrals from the noticer and whose criteria (its own and those an
 * arrangement adds) the child meets; among several, one reserved for a
 * group the child is in (more of looked_after_only, on_roll_only,
 * deprivation_min in its own criteria), then the one with the highest
 * stage_min (the most specialised), then the shortest waiting list per
 * place, then the lowest index (assumption).  It starts at once
 * if a place is free and nobody waits, else joins the waiting list (FIFO,
 * or by stage at referral, highest first, FIFO within a stage).  When a
 * place frees, the head of the list is checked again (still present,
 * eligible and with a need the service serves) or withdrawn.  A service
 * delivered at school (setting) takes only children in school (on a roll,
 * or in an early-years setting).  At the end of an episode, with
 * q = quality x (continuity + (1 - continuity) x worker_change_effect_rr)
 * (the chance the child kept its worker, and the effect when it did
 * not), the need resolves with chance effect_resolve x q, else falls one
 * stage with chance effect_deescalate x q, and each ECM score moves by
 * ecm_effect x q.
 *
 * Sanction places (cs_world_set_sanction): part of a referral service's
 * places; a pupil on a roll whom school staff refer for a conduct need at
 * the service's sanction stage takes a free one (lowest index first; else
 * the referral goes by need), whatever the service's own domains, stages
 * and criteria.  They have no waiting list, are never used by referrals
 * by need, end when the pupil leaves its school, and meet the conduct
 * need only if the service serves it at the pupil's stage: otherwise the
 * need counts as unmet while the episode runs (no slower escalation, no
 * reach) and the episode acts on the ECM scores only.  Places for
 * referrals by need = floor(places - sanction places).
 *
 * Open access: in each school year an eligible child is reached with
 * probability p = min(coverage, places for need x 365.25 / mean episode
 * days / eligible children at the start of the year); reached children have
 * their onset hazards multiplied by onset_rr while eligible, and at the
 * end of the school year the service counts them as served, charges its
 * per-episode cost and applies its effects as for an episode.
 *
 * Costs (all times the provider's price_rr): cost_gbp_per_place_per_year
 * x places, accrued over time; cost_gbp_per_child_day x children in
 * service, accrued over time; cost_gbp_per_episode at each start (or
 * each child reached).
 *
 * Trace (sim-trace.h): every referral (domain, stage, noticer, and the
 * service or that none takes it), episode start (days waited), withdrawal
 * and early end is noted with its child and service, for ctsim demo.
 *
 * Streams: episode lengths and effects come from the child's stream;
 * open-access reach of child c in school year y by service i is the first
 * number of stream (CS_STREAM_OPEN + (y << 12) + i, c), so adding a
 * service or a child shifts no other draw.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "models/params/cs-trace.h"
#include "models/area/cs-area.h"
#include "models/world/cs-world-private.h"

/* ---- Levels and periods ------------------------------------------------- */

static double
spend_rate (const CsServiceState *s)
{
  return s->price_rr
         * (s->p->cost_gbp_per_place_per_year.value * s->places
                / SIM_DAYS_PER_YEAR
            + s->p->cost_gbp_per_child_day.value * s->busy);
}

void
cs_service_period_start (CsServicePeriod *per, const CsServiceState *s,
                         double t)
{
  memset (per, 0, sizeof *per);
  per->start = t;
  sim_tally_reset (&per->wait);
  sim_tally_reset (&per->system);
  per->queue = (CsLevel){ t, s->q_len, 0.0 };
  per->busy = (CsLevel){ t, s->busy, 0.0 };
  per->places = (CsLevel){ t, s->places, 0.0 };
  per->spend_rate = (CsLevel){ t, spend_rate (s), 0.0 };
}

static void
period_levels (CsServicePeriod *per, const CsServiceState *s, double t)
{
  cs_level_set (&per->queue, t, s->q_len);
  cs_level_set (&per->busy, t, s->busy);
  cs_level_set (&per->places, t, s->places);
  cs_level_set (&per->spend_rate, t, spend_rate (s));
}

void
cs_service_levels (CsWorld *w, CsServiceState *s)
{
  double t = cs_world_now (w);

  period_levels (&s->year, s, t);
  period_levels (&s->total, s, t);
  period_levels (&s->run, s, t);
}

/* The periods a count goes to: the whole run always, the year and the
 * observed total once warm-up is over. */
static guint
periods (const CsWorld *w, CsServiceState *s, CsServicePeriod *per[3])
{
  per[0] = &s->run;
  per[1] = &s->year;
  per[2] = &s->total;
  return w->observing ? 3 : 1;
}

void
cs_services_init (CsWorld *w)
{
  const CsParams *p = w->p;

  w->svcs = g_new0 (CsServiceState, MAX (1u, p->n_services));
  w->open = g_new0 (guint, MAX (1u, p->n_services));
  for (guint i = 0; i < p->n_services; i++)
    {
      CsServiceState *s = &w->svcs[i];
      const CsService *sp = &p->services[i];
      const CsProvider *pr
          = sp->provider != CS_NONE ? &p->providers[sp->provider] : NULL;

      s->p = sp;
      s->places = sp->places.value;
      s->quality = pr ? pr->quality.value : 1.0;
      s->price_rr = pr ? pr->price_rr.value : 1.0;
      s->continuity = pr ? pr->continuity.value : 1.0;
      s->referrers = sp->referrers;
      s->mean_days = sim_dist_mean (&sp->episode_days.dist);
      for (guint l = 0; l < CS_N_STAGES; l++)
        s->head[l] = s->tail[l] = CS_CASE_NONE;
      cs_service_period_start (&s->year, s, 0.0);
      cs_service_period_start (&s->total, s, 0.0);
      cs_service_period_start (&s->run, s, 0.0);
      if (sp->access == CS_ACCESS_OPEN)
        w->open[w->n_open++] = i;
    }
}

void
cs_services_free (CsWorld *w)
{
  g_free (w->svcs);
  g_free (w->open);
}

/* ---- Cases -------------------------------------------------------------- */

guint32
cs_case_new (CsWorld *w, guint id, CsCaseKind kind)
{
  guint32 k = w->free_case;
  CsCase *cs;

  if (k != CS_CASE_NONE)
    w->free_case = w->cases[k].next_of_child;
  else
    {
      if (w->n_cases == w->cap_cases)
        {
          g_assert (w->cap_cases < G_MAXUINT32 / 4);
          w->cap_cases = w->cap_cases ? 2 * w->cap_cases : 256;
          w->cases = g_renew (CsCase, w->cases, w->cap_cases);
        }
      k = w->n_cases++;
    }
  cs = &w->cases[k];
  memset (cs, 0, sizeof *cs);
  cs->child = id;
  cs->kind = (guint8)kind;
  cs->prev = cs->next = CS_CASE_NONE;
  cs->referred = cs->started = cs_world_now (w);
  cs->next_of_child = w->kids[id].first_case;
  w->kids[id].first_case = k;
  return k;
}

void
cs_case_free (CsWorld *w, guint32 k)
{
  CsChild *c = &w->kids[w->cases[k].child];
  guint32 *link = &c->first_case;

  while (*link != k)
    link = &w->cases[*link].next_of_child;
  *link = w->cases[k].next_of_child;
  w->cases[k].kind = CS_CASE_FREE;
  w->cases[k].next_of_child = w->free_case;
  w->free_case = k;
}

gboolean
cs_child_has_case (const CsWorld *w, const CsChild *c, CsCaseKind kind, guint d)
{
  for (guint32 k = c->first_case; k != CS_CASE_NONE;
       k = w->cases[k].next_of_child)
    if (w->cases[k].kind == kind
        && (d == CS_N_DOMAINS || w->cases[k].domain == d))
      return TRUE;
  return FALSE;
}

/* ---- Waiting lists ------------------------------------------------------ */

static guint
list_of (const CsServiceState *s, const CsCase *cs)
{
  return s->p->waiting == CS_WAITING_STAGE ? cs->stage : 0;
}

static void
list_push (CsWorld *w, CsServiceState *s, guint32 k)
{
  CsCase *cs = &w->cases[k];
  guint l = list_of (s, cs);

  cs->prev = s->tail[l];
  cs->next = CS_CASE_NONE;
  if (s->tail[l] != CS_CASE_NONE)
    w->cases[s->tail[l]].next = k;
  else
    s->head[l] = k;
  s->tail[l] = k;
  s->q_len++;
}

static void
list_remove (CsWorld *w, CsServiceState *s, guint32 k)
{
  CsCase *cs = &w->cases[k];
  guint l = list_of (s, cs);

  if (cs->prev != CS_CASE_NONE)
    w->cases[cs->prev].next = cs->next;
  else
    s->head[l] = cs->next;
  if (cs->next != CS_CASE_NONE)
    w->cases[cs->next].prev = cs->prev;
  else
    s->tail[l] = cs->prev;
  cs->prev = cs->next = CS_CASE_NONE;
  s->q_len--;
}

static guint32
list_head (const CsServiceState *s)
{
  for (int l = CS_N_STAGES - 1; l >= 0; l--)
    if (s->head[l] != CS_CASE_NONE)
      return s->head[l];
  return CS_CASE_NONE;
}

/* ---- Episodes ----------------------------------------------------------- */

/* In school: on a roll, or below school age in an early-years setting
 * (early-years staff count as school staff, cs-needs.c). */
static gboolean
in_school (const CsChild *c)
{
  return c->place == CS_PLACE_ROLL
         || (c->place == CS_PLACE_PRE_SCHOOL && (c->flags & CS_CHILD_SETTING));
}

static gboolean
child_eligible (const CsWorld *w, const CsServiceState *s, const CsChild *c)
{
  return c->place != CS_PLACE_GONE
         && (s->p->setting != CS_SETTING_SCHOOL || in_school (c))
         && cs_world_eligible (w, c, &s->p->eligibility)
         && (!s->has_extra || cs_world_eligible (w, c, &s->extra));
}

/* Places for referrals by need, and places used as a sanction. */
static double
need_capacity (const CsServiceState *s)
{
  return floor (MAX (0.0, s->places - s->sanction_places));
}

static double
sanction_capacity (const CsServiceState *s)
{
  return floor (MIN (s->sanction_places, s->places));
}

static gboolean
serves_stage (const CsServiceState *s, guint stage)
{
  return stage >= 1 && stage >= s->p->stage_min.value
         && stage <= s->p->stage_max.value;
}

static void
mark_year (CsWorld *w, CsChild *c, const CsServiceState *s, guint32 domains)
{
  guint thr = cs_threshold (&w->p->groups.additional_needs_stage_min);

  c->year |= (guint16)((CS_YEAR_SERVED_TIER << s->p->tier)
                       | (CS_YEAR_SERVED_SECTOR << s->p->sector));
  for (guint d = 0; d < CS_N_DOMAINS; d++)
    if ((domains & (1u << d)) && cs_stage (c, d) >= thr)
      {
        c->year |= (guint16)((CS_YEAR_REACHED_TIER << s->p->tier)
                             | (CS_YEAR_REACHED_SECTOR << s->p->sector));
        return;
      }
}

/* Whether a running case meets its need: an episode by need does; a
 * sanction episode only if the service serves the domain at the child's
 * stage. */
static gboolean
meets_need (const CsWorld *w, const CsCase *cs)
{
  const CsServiceState *s = &w->svcs[cs->service];

  return !cs->sanction
         || ((s->p->domains & (1u << cs->domain))
             && serves_stage (s, cs_stage (&w->kids[cs->child], cs->domain)));
}

guint32
cs_service_needs_met (const CsWorld *w, const CsChild *c)
{
  guint32 met = 0;

  for (guint32 k = c->first_case; k != CS_CASE_NONE;
       k = w->cases[k].next_of_child)
    if (w->cases[k].kind == CS_CASE_RUNNING && meets_need (w, &w->cases[k]))
      met |= 1u << w->cases[k].domain;
  return met;
}

/* Reschedule a child unless it is the one whose event is running (its
 * handler reschedules it last). */
static void
touched (CsWorld *w, guint id)
{
  if (id != w->current)
    cs_child_reschedule (w, id);
}

static void
start_episode (CsWorld *w, guint32 k)
{
  CsCase *cs = &w->cases[k];
  guint id = cs->child;
  CsChild *c = &w->kids[id];
  CsServiceState *s = &w->svcs[cs->service];
  double now = cs_world_now (w), wait = now - cs->referred;
  double once = s->price_rr * s->p->cost_gbp_per_episode.value;
  CsServicePeriod *per[3];
  SimRng rng;

  cs_world_flush (w, id);
  if (cs->end != SIM_HANDLE_NONE) /* its lapse */
    sim_engine_cancel (w->eng, cs->end);
  cs_trace_say (w->eng, w->p, NULL, id, s->p->id,
                &(CsTraceFacts){ .what = CS_TRACE_EPISODE_STARTED,
                                 .u.episode = { cs->domain, wait } });
  cs->kind = CS_CASE_RUNNING;
  cs->started = now;
  s->busy++;
  s->sanction_busy += cs->sanction;
  c->served |= (guint8)(1u << cs->domain);
  /* Waits are those of referrals by need (sanction places never wait). */
  for (guint i = 0, n = periods (w, s, per); i < n; i++)
    {
      per[i]->served++;
      per[i]->sanction_served += cs->sanction;
      if (!cs->sanction)
        sim_tally_add (&per[i]->wait, wait);
      per[i]->spend_once += once;
    }
  if (w->observing)
    {
      guint32 m = cs_world_groups (w, c);
      for (guint g = 0; g < CS_N_CHILD_GROUPS; g++)
        if (m & (1u << g))
          for (guint i = 0; i < 2; i++)
            {
              if (!cs->sanction)
                sim_tally_add (&w->flows[i][g].wait, wait);
              w->flows[i][g].spend_attributed += once;
            }
    }
  mark_year (w, c, s, meets_need (w, cs) ? 1u << cs->domain : 0);
  cs_world_child_rng (w, id, &rng);
  cs->end = sim_engine_schedule (
      w->eng, sim_dist_sample (&s->p->episode_days.dist, &rng),
      CS_AREA_KIND_EPISODE_END, GUINT_TO_POINTER (k), NULL);
  touched (w, id);
}

/* Close a waiting or running case: the child is no longer engaged with
 * the domain; open case reviewed. */
static void
close_case (CsWorld *w, guint32 k)
{
  CsCase *cs = &w->cases[k];
  guint id = cs->child;
  CsChild *c = &w->kids[id];
  CsServiceState *s = &w->svcs[cs->service];

  if (cs->kind == CS_CASE_RUNNING)
    {
      s->busy--;
      s->sanction_busy -= cs->sanction;
      c->served &= (guint8) ~(1u << cs->domain);
    }
  else
    {
      list_remove (w, s, k);
      if (cs->end != SIM_HANDLE_NONE) /* its lapse */
        sim_engine_cancel (w->eng, cs->end);
    }
  c->engaged &= (guint8) ~(1u << cs->domain);
  cs_case_free (w, k);
  cs_world_set_open_case (w, id);
}

static void
withdraw_as (CsWorld *w, guint32 k, gboolean lapsed)
{
  CsServiceState *s = &w->svcs[w->cases[k].service];
  guint id = w->cases[k].child;
  CsServicePeriod *per[3];

  cs_world_flush (w, id);
  cs_trace_say (w->eng, w->p, NULL, id, s->p->id,
                &(CsTraceFacts){ .what = lapsed ? CS_TRACE_REFERRAL_LAPSED
                                                : CS_TRACE_REFERRAL_WITHDRAWN,
                                 .u.episode = { w->cases[k].domain } });
  for (guint i = 0, n = periods (w, s, per); i < n; i++)
    {
      per[i]->withdrawn++;
      per[i]->lapsed += lapsed;
    }
  close_case (w, k);
  touched (w, id);
}

static void
withdraw (CsWorld *w, guint32 k)
{
  withdraw_as (w, k, FALSE);
}

void
cs_service_lapse (CsWorld *w, guint32 k)
{
  CsServiceState *s = &w->svcs[w->cases[k].service];

  w->cases[k].end = SIM_HANDLE_NONE; /* this event */
  withdraw_as (w, k, TRUE);
  cs_service_levels (w, s);
}

/* Fill free places from the waiting list; a referral whose child is
 * gone, no longer eligible or no longer in need is withdrawn. */
static void
pull_waiting (CsWorld *w, CsServiceState *s)
{
  while (s->busy - s->sanction_busy < need_capacity (s) && s->q_len > 0)
    {
      guint32 k = list_head (s);
      const CsCase *cs = &w->cases[k];
      const CsChild *c = &w->kids[cs->child];

      if (child_eligible (w, s, c)
          && serves_stage (s, cs_stage (c, cs->domain)))
        {
          list_remove (w, s, k);
          start_episode (w, k);
        }
      else
        withdraw (w, k);
    }
}

/* How narrowly a service's own criteria define who it is for. */
static guint
specificity (const CsServiceState *s)
{
  const CsEligibility *e = &s->p->eligibility;

  return (e->looked_after_only ? 1u : 0u) + (e->on_roll_only ? 1u : 0u)
         + (e->deprivation_min.value > 0 ? 1u : 0u);
}

/* Routing order: a service reserved for a group the child is in first,
 * then the most specialised (highest stage_min), then the shortest
 * waiting list per place; ties go to the lower index. */
static gboolean
better (const CsWorld *w, guint a, guint b)
{
  const CsServiceState *sa = &w->svcs[a], *sb = &w->svcs[b];
  double la, lb;

  if (specificity (sa) != specificity (sb))
    return specificity (sa) > specificity (sb);
  if (sa->p->stage_min.value != sb->p->stage_min.value)
    return sa->p->stage_min.value > sb->p->stage_min.value;
  la = sa->q_len / MAX (1.0, sa->places);
  lb = sb->q_len / MAX (1.0, sb->places);
  return la < lb;
}

/* A free sanction place for a pupil whom school staff refer for a conduct
 * need at the service's sanction stage (the lowest index), or CS_NONE. */
static guint
sanction_route (const CsWorld *w, const CsChild *c, guint d, guint noticer)
{
  if (d != CS_DOMAIN_CONDUCT_BEHAVIOUR || noticer != CS_NOTICER_SCHOOL_STAFF
      || c->place != CS_PLACE_ROLL)
    return CS_NONE;
  for (guint i = 0; i < w->p->n_services; i++)
    {
      const CsServiceState *s = &w->svcs[i];
      if (s->p->access == CS_ACCESS_REFERRAL
          && (s->referrers & CS_BIT (CS_NOTICER_SCHOOL_STAFF))
          && s->sanction_busy < sanction_capacity (s)
          && cs_stage (c, d) >= s->sanction_stage_min)
        return i;
    }
  return CS_NONE;
}

/* Rationing: the lowest stage a new referral needs now (stage_min, plus
 * one for every ration_queue_per_place referrals waiting per place for
 * need). */
static double
rationed_stage_min (const CsServiceState *s)
{
  double r = s->p->ration_queue_per_place.value;

  if (r <= 0.0)
    return s->p->stage_min.value;
  return s->p->stage_min.value
         + floor (s->q_len / (MAX (1.0, need_capacity (s)) * r));
}

/* The service a referral goes to, or CS_NONE; *declined is the service
 * that would have taken it but for rationing (CS_NONE if none). */
static guint
route (const CsWorld *w, const CsChild *c, guint d, guint noticer,
       guint *declined)
{
  guint best = CS_NONE;
  guint stage = cs_stage (c, d);

  *declined = CS_NONE;
  for (guint i = 0; i < w->p->n_services; i++)
    {
      const CsServiceState *s = &w->svcs[i];
      if (s->p->access != CS_ACCESS_REFERRAL || !(s->p->domains & (1u << d))
          || !(s->referrers & (1u << noticer)) || !serves_stage (s, stage)
          || !child_eligible (w, s, c))
        continue;
      if (stage < rationed_stage_min (s))
        {
          if (*declined == CS_NONE || better (w, i, *declined))
            *declined = i;
          continue;
        }
      if (best == CS_NONE || better (w, i, best))
        best = i;
    }
  return best;
}

void
cs_service_refer (CsWorld *w, guint id, guint d, guint noticer)
{
  CsChild *c = &w->kids[id];
  guint j = sanction_route (w, c, d, noticer), declined = CS_NONE;
  guint i = j != CS_NONE ? j : route (w, c, d, noticer, &declined);
  CsServicePeriod *per[3];
  CsServiceState *s;
  guint32 k;

  cs_world_count_flow (w, id, CS_FLOW_REFERRALS);
  c->engaged |= (guint8)(1u << d);
  cs_trace_say (
      w->eng, w->p, NULL, id, i != CS_NONE ? w->p->services[i].id : NULL,
      &(CsTraceFacts){ .what = CS_TRACE_REFERRED,
                       .u.referred = { d, cs_stage (c, d), noticer,
                                       i == CS_NONE, j != CS_NONE } });
  if (i == CS_NONE)
    {
      cs_world_count_flow (w, id, CS_FLOW_REFERRALS_WITHOUT_SERVICE);
      if (declined != CS_NONE)
        {
          s = &w->svcs[declined];
          cs_trace_say (
              w->eng, w->p, NULL, id, s->p->id,
              &(CsTraceFacts){ .what = CS_TRACE_DECLINED,
                               .u.declined = { rationed_stage_min (s) } });
          for (guint x = 0, n = periods (w, s, per); x < n; x++)
            per[x]->declined++;
        }
      return;
    }
  s = &w->svcs[i];
  k = cs_case_new (w, id, CS_CASE_WAITING);
  w->cases[k].service = (guint16)i;
  w->cases[k].domain = (guint8)d;
  w->cases[k].stage = (guint8)cs_stage (c, d);
  w->cases[k].noticer = (guint8)noticer;
  w->cases[k].sanction = j != CS_NONE;
  for (guint x = 0, n = periods (w, s, per); x < n; x++)
    per[x]->referrals++;
  if (j != CS_NONE) /* a free sanction place: the episode starts now */
    {
      cs_world_set_open_case (w, id);
      start_episode (w, k);
      cs_service_levels (w, s);
      return;
    }
  list_push (w, s, k);
  if (s->p->max_wait_days.value > 0)
    w->cases[k].end
        = sim_engine_schedule (w->eng, s->p->max_wait_days.value,
                               CS_AREA_KIND_LAPSE, GUINT_TO_POINTER (k), NULL);
  cs_world_set_open_case (w, id);
  pull_waiting (w, s);
  cs_service_levels (w, s);
}

/* Effect of a completed episode on domain d (CS_N_DOMAINS: ECM only). */
static void
apply_effect (CsWorld *w, guint id, const CsServiceState *s, guint d,
              SimRng *rng)
{
  CsChild *c = &w->kids[id];
  double keep = s->continuity;
  double q = s->quality
             * (keep + (1.0 - keep) * w->p->worker_change_effect_rr.value);
  double u = sim_rng_uniform (rng);
  guint stage = d < CS_N_DOMAINS ? cs_stage (c, d) : 0;

  for (guint e = 0; e < CS_N_ECM; e++)
    {
      double x = c->ecm[e] + s->p->ecm_effect[e].value * q * CS_ECM_SCALE;
      c->ecm[e] = (gint16)lround (CLAMP (x, G_MININT16, G_MAXINT16));
    }
  if (stage == 0)
    return;
  if (u < s->p->effect_resolve.value * q)
    cs_needs_set_stage (w, id, d, 0);
  else if (sim_rng_uniform (rng) < s->p->effect_deescalate.value * q)
    cs_needs_set_stage (w, id, d, stage - 1);
}

void
cs_service_episode_end (CsWorld *w, guint32 k)
{
  CsCase *cs = &w->cases[k];
  guint id = cs->child, d = cs->domain;
  CsServiceState *s = &w->svcs[cs->service];
  double system = cs_world_now (w) - cs->referred;
  /* A sanction episode acts on the need only if the service serves it. */
  gboolean matched = meets_need (w, cs);
  CsServicePeriod *per[3];
  SimRng rng;

  cs_world_flush (w, id);
  for (guint i = 0, n = periods (w, s, per); i < n; i++)
    {
      per[i]->completed++;
      sim_tally_add (&per[i]->system, system);
    }
  cs->end = SIM_HANDLE_NONE;
  close_case (w, k);
  cs_world_child_rng (w, id, &rng);
  apply_effect (w, id, s, matched ? d : CS_N_DOMAINS, &rng);
  pull_waiting (w, s);
  cs_service_levels (w, s);
  touched (w, id);
}

/* An episode ends before its time: the child left school (school-based
 * episodes) or the area (any episode). */
static void
end_early (CsWorld *w, guint32 k, gboolean left_area)
{
  CsServiceState *s = &w->svcs[w->cases[k].service];
  CsServicePeriod *per[3];

  sim_engine_cancel (w->eng, w->cases[k].end);
  cs_trace_say (
      w->eng, w->p, NULL, w->cases[k].child, s->p->id,
      &(CsTraceFacts){ .what = CS_TRACE_EPISODE_ENDED_EARLY,
                       .u.episode = { w->cases[k].domain, 0.0, left_area } });
  for (guint i = 0, n = periods (w, s, per); i < n; i++)
    {
      if (left_area)
        per[i]->left_area++;
      else
        per[i]->left_school++;
    }
  cs_world_count_flow (w, w->cases[k].child, CS_FLOW_EPISODES_ENDED_EARLY);
  close_case (w, k);
  pull_waiting (w, s);
  cs_service_levels (w, s);
}

static gboolean
for_pupils (const CsServiceState *s)
{
  return s->p->ends_on_leaving_school || s->p->eligibility.on_roll_only
         || (s->has_extra && s->extra.on_roll_only);
}

/* The child's first case of `kind` (a running or waiting case) that
 * `pick` accepts, or CS_CASE_NONE.  Acting on a case may end or start
 * other cases of the same child (a freed place goes to the head of the
 * list), so callers search again from the start after each action. */
static guint32
find_case (const CsWorld *w, guint id, CsCaseKind kind, guint d,
           gboolean (*pick) (const CsServiceState *s))
{
  for (guint32 k = w->kids[id].first_case; k != CS_CASE_NONE;
       k = w->cases[k].next_of_child)
    {
      const CsCase *cs = &w->cases[k];
      if (cs->kind == kind && (d == CS_N_DOMAINS || cs->domain == d)
          && (!pick || pick (&w->svcs[cs->service])))
        return k;
    }
  return CS_CASE_NONE;
}

static gboolean
school_based (const CsServiceState *s)
{
  return s->p->ends_on_leaving_school;
}

/* The child's running sanction episode, or CS_CASE_NONE. */
static guint32
find_sanction (const CsWorld *w, guint id)
{
  for (guint32 k = w->kids[id].first_case; k != CS_CASE_NONE;
       k = w->cases[k].next_of_child)
    if (w->cases[k].kind == CS_CASE_RUNNING && w->cases[k].sanction)
      return k;
  return CS_CASE_NONE;
}

static void
withdraw_waiting (CsWorld *w, guint32 k)
{
  CsServiceState *s = &w->svcs[w->cases[k].service];

  withdraw (w, k);
  cs_service_levels (w, s);
}

void
cs_service_left_school (CsWorld *w, guint id)
{
  guint32 k;

  while ((k = find_case (w, id, CS_CASE_WAITING, CS_N_DOMAINS, for_pupils))
         != CS_CASE_NONE)
    withdraw_waiting (w, k);
  while ((k = find_case (w, id, CS_CASE_RUNNING, CS_N_DOMAINS, school_based))
         != CS_CASE_NONE)
    end_early (w, k, FALSE);
  while ((k = find_sanction (w, id)) != CS_CASE_NONE)
    end_early (w, k, FALSE);
}

void
cs_service_left_area (CsWorld *w, guint id)
{
  guint32 k;

  while ((k = find_case (w, id, CS_CASE_WAITING, CS_N_DOMAINS, NULL))
         != CS_CASE_NONE)
    withdraw_waiting (w, k);
  while ((k = find_case (w, id, CS_CASE_RUNNING, CS_N_DOMAINS, NULL))
         != CS_CASE_NONE)
    end_early (w, k, TRUE);
}

void
cs_service_need_changed (CsWorld *w, guint id, guint d)
{
  CsChild *c = &w->kids[id];
  guint32 k;

  while (cs_stage (c, d) == 0
         && (k = find_case (w, id, CS_CASE_WAITING, d, NULL)) != CS_CASE_NONE)
    withdraw_waiting (w, k);
  /* A need recognised with no service to refer to may be noticed again
   * at its new stage. */
  if (find_case (w, id, CS_CASE_WAITING, d, NULL) == CS_CASE_NONE
      && find_case (w, id, CS_CASE_RUNNING, d, NULL) == CS_CASE_NONE)
    c->engaged &= (guint8) ~(1u << d);
}

double
cs_service_child_day_costs (const CsWorld *w, const CsChild *c, double days)
{
  double sum = 0.0;

  for (guint32 k = c->first_case; k != CS_CASE_NONE;
       k = w->cases[k].next_of_child)
    if (w->cases[k].kind == CS_CASE_RUNNING)
      {
        const CsServiceState *s = &w->svcs[w->cases[k].service];
        sum += s->price_rr * s->p->cost_gbp_per_child_day.value * days;
      }
  return sum;
}

/* ---- Open access -------------------------------------------------------- */

static gboolean
reached (const CsWorld *w, guint j, guint id)
{
  const CsChild *c = &w->kids[id];
  const CsServiceState *s = &w->svcs[w->open[j]];
  SimRng rng;

  if (!w->open_active || s->open_p <= 0.0)
    return FALSE;
  if (j < 16)
    return (c->open & (1u << j)) != 0;
  sim_rng_init (&rng, w->seed, w->replication,
                CS_STREAM_OPEN + (w->school_year << 12) + w->open[j], id);
  return sim_rng_uniform (&rng) < s->open_p;
}

void
cs_service_onset_rr (const CsWorld *w, guint id, double *rr)
{
  const CsChild *c = &w->kids[id];

  for (guint d = 0; d < CS_N_DOMAINS; d++)
    rr[d] = 1.0;
  for (guint j = 0; j < w->n_open; j++)
    {
      const CsServiceState *s = &w->svcs[w->open[j]];
      if (s->open_p <= 0.0 || !reached (w, j, id) || !child_eligible (w, s, c))
        continue;
      for (guint d = 0; d < CS_N_DOMAINS; d++)
        rr[d] *= s->p->onset_rr[d].value;
    }
}

/* The child's reach bits for the first 16 open services this school
 * year: drawn for the services it is eligible for now (open access
 * reaches children eligible at the start of the school year, or on
 * arrival). */
void
cs_services_draw_open (CsWorld *w, guint id)
{
  CsChild *c = &w->kids[id];
  guint n = MIN (w->n_open, 16u);

  c->open = 0;
  for (guint j = 0; j < n; j++)
    {
      const CsServiceState *s = &w->svcs[w->open[j]];
      SimRng rng;

      if (s->open_p <= 0.0 || !child_eligible (w, s, c))
        continue;
      sim_rng_init (&rng, w->seed, w->replication,
                    CS_STREAM_OPEN + (w->school_year << 12) + w->open[j], id);
      if (sim_rng_uniform (&rng) < s->open_p)
        c->open |= (guint16)(1u << j);
    }
}

/* Reach probability of each open service for the school year. */
static void
open_probabilities (CsWorld *w)
{
  g_autofree guint64 *eligible = g_new0 (guint64, MAX (1u, w->n_open));

  for (guint i = 0; i < w->n_kids; i++)
    for (guint j = 0; j < w->n_open; j++)
      if (child_eligible (w, &w->svcs[w->open[j]], &w->kids[i]))
        eligible[j]++;
  for (guint j = 0; j < w->n_open; j++)
    {
      CsServiceState *s = &w->svcs[w->open[j]];
      double per_year
          = s->mean_days > 0
                ? need_capacity (s) * SIM_DAYS_PER_YEAR / s->mean_days
                : (need_capacity (s) >= 1 ? G_MAXDOUBLE : 0.0);
      double p = s->p->coverage.value;

      if (eligible[j] > 0)
        p = MIN (p, per_year / (double)eligible[j]);
      s->open_p = p;
      s->needing = (double)eligible[j];
    }
}

/* Count a child reached by open service j this school year. */
static void
open_count (CsWorld *w, guint j, guint id)
{
  CsServiceState *s = &w->svcs[w->open[j]];
  CsChild *c = &w->kids[id];
  double once = s->price_rr * s->p->cost_gbp_per_episode.value;
  CsServicePeriod *per[3];

  for (guint i = 0, n = periods (w, s, per); i < n; i++)
    {
      per[i]->served++;
      per[i]->spend_once += once;
    }
  if (w->observing)
    {
      guint32 m = cs_world_groups (w, c);
      for (guint g = 0; g < CS_N_CHILD_GROUPS; g++)
        if (m & (1u << g))
          for (guint i = 0; i < 2; i++)
            w->flows[i][g].spend_attributed += once;
    }
  mark_year (w, c, s, s->p->domains);
}

void
cs_services_school_year_start (CsWorld *w)
{
  g_assert (w->school_year < (1u << 8));
  w->open_active = TRUE;
  open_probabilities (w);
  for (guint i = 0; i < w->n_kids; i++)
    {
      if (w->kids[i].place == CS_PLACE_GONE)
        continue;
      cs_services_draw_open (w, i);
      for (guint j = 0; j < w->n_open; j++)
        if (reached (w, j, i)
            && child_eligible (w, &w->svcs[w->open[j]], &w->kids[i]))
          open_count (w, j, i);
    }
}

/* Effects on a child reached by open service j, at the end of the school
 * year: on the first domain it serves at the child's stage, or on the ECM
 * scores only. */
static void
open_effect (CsWorld *w, guint j, guint id)
{
  CsServiceState *s = &w->svcs[w->open[j]];
  CsChild *c = &w->kids[id];
  SimRng rng;

  cs_world_flush (w, id);
  cs_world_child_rng (w, id, &rng);
  for (guint d = 0; d < CS_N_DOMAINS; d++)
    if ((s->p->domains & (1u << d)) && serves_stage (s, cs_stage (c, d)))
      {
        apply_effect (w, id, s, d, &rng);
        return;
      }
  apply_effect (w, id, s, CS_N_DOMAINS, &rng);
}

void
cs_services_school_year_end (CsWorld *w)
{
  for (guint i = 0; i < w->n_kids; i++)
    {
      if (w->kids[i].place == CS_PLACE_GONE)
        continue;
      for (guint j = 0; j < w->n_open; j++)
        if (w->svcs[w->open[j]].open_p > 0.0 && reached (w, j, i)
            && child_eligible (w, &w->svcs[w->open[j]], &w->kids[i]))
          open_effect (w, j, i);
    }
  w->open_active = FALSE; /* until the next school year starts */
}

/* Mark the year bits of a child's running episodes and open reach (at
 * the start of a measurement year). */
void
cs_services_mark_year (CsWorld *w, guint id)
{
  CsChild *c = &w->kids[id];

  for (guint32 k = c->first_case; k != CS_CASE_NONE;
       k = w->cases[k].next_of_child)
    if (w->cases[k].kind == CS_CASE_RUNNING)
      mark_year (w, c, &w->svcs[w->cases[k].service],
                 meets_need (w, &w->cases[k]) ? 1u << w->cases[k].domain : 0);
  for (guint j = 0; j < w->n_open; j++)
    if (w->svcs[w->open[j]].open_p > 0.0 && reached (w, j, id)
        && child_eligible (w, &w->svcs[w->open[j]], c))
      mark_year (w, c, &w->svcs[w->open[j]], w->svcs[w->open[j]].p->domains);
}

/* ---- Commissioning API -------------------------------------------------- */

void
cs_world_set_places (CsWorld *w, guint service, double places)
{
  CsServiceState *s = &w->svcs[service];

  g_return_if_fail (service < w->p->n_services && places >= 0.0);
  s->places = places;
  cs_service_levels (w, s);
  pull_waiting (w, s);
  cs_service_levels (w, s);
}

void
cs_world_set_quality (CsWorld *w, guint service, double quality)
{
  g_return_if_fail (service < w->p->n_services && quality >= 0.0);
  w->svcs[service].quality = quality;
}

void
cs_world_set_price_rr (CsWorld *w, guint service, double price_rr)
{
  g_return_if_fail (service < w->p->n_services && price_rr > 0.0);
  w->svcs[service].price_rr = price_rr;
  cs_service_levels (w, &w->svcs[service]);
}

void
cs_world_set_eligibility (CsWorld *w, guint service, const CsEligibility *extra)
{
  CsServiceState *s = &w->svcs[service];

  g_return_if_fail (service < w->p->n_services);
  s->has_extra = extra != NULL;
  if (extra)
    s->extra = *extra;
}

void
cs_world_set_referrers (CsWorld *w, guint service, guint32 referrers)
{
  g_return_if_fail (service < w->p->n_services);
  w->svcs[service].referrers = referrers;
}

void
cs_world_set_continuity (CsWorld *w, guint service, double continuity)
{
  g_return_if_fail (service < w->p->n_services && continuity >= 0.0
                    && continuity <= 1.0);
  w->svcs[service].continuity = continuity;
}

void
cs_world_set_sanction (CsWorld *w, guint service, double places,
                       guint conduct_stage_min)
{
  CsServiceState *s = &w->svcs[service];

  g_return_if_fail (service < w->p->n_services && places >= 0.0);
  s->sanction_places = places;
  s->sanction_stage_min = conduct_stage_min;
  cs_service_levels (w, s);
  pull_waiting (w, s);
  cs_service_levels (w, s);
}

void
cs_world_service_report (const CsWorld *w, guint service, CsServiceReport *out)
{
  const CsServiceState *s = &w->svcs[service];
  const CsServicePeriod *r = &s->run;

  g_return_if_fail (service < w->p->n_services);
  memset (out, 0, sizeof *out);
  out->places = s->places;
  out->quality = s->quality;
  out->price_rr = s->price_rr;
  out->continuity = s->continuity;
  out->sanction_places = s->sanction_places;
  out->running = s->busy;
  out->sanction_running = s->sanction_busy;
  out->sanction_served = r->sanction_served;
  out->waiting = s->q_len;
  out->referrals = r->referrals;
  out->served = r->served;
  out->completed = r->completed;
  out->ended_early = r->left_school + r->left_area;
  out->withdrawn = r->withdrawn;
  out->lapsed = r->lapsed;
  out->declined = r->declined;
  out->waiting_days = r->wait.n ? r->wait.mean * (double)r->wait.n : 0.0;
  out->spend_gbp
      = r->spend_once + cs_level_area (&r->spend_rate, cs_world_now (w));
  out->needing = s->needing;
}
