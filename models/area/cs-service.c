/* cs-service.c: services: referral routing, waiting lists, episodes, open
 * access, costs.
 *
 * Buyers (cs_world_set_buyers, issue 13): a service's places belong to
 * its buyers, each with its own places, population (member schools'
 * pupils and outside groups in its localities, or its localities'
 * children), referrers, criteria and waiting list; whole places are
 * shared between them by largest remainder (buyer_caps).
 *
 * Referral access (as cs-queue.c, per child): a referral for need domain
 * d goes to one service that serves d at the child's stage, accepts
 * referrals from the noticer, whose own criteria the child meets and one
 * of whose buyers takes it; among several, one reserved for a
 * group the child is in (more of looked_after_only, on_roll_only,
 * deprivation_min in its own criteria), then the one with the highest
 * stage_min (the most specialised), then the shortest waiting list per
 * place, then the lowest index (assumption).  It joins the list of every
 * buyer that takes it (FIFO, or by stage at referral, highest first, FIFO
 * within a stage) and buyers fill their free places in turn from their
 * own lists, so it starts at once if one of them has a free place and
 * nobody waits before it; started, it leaves its other lists (served
 * once: not withdrawn, not lapsed).  When a buyer's place frees, the
 * head of its list is checked again: still present, eligible and with a
 * need the service serves (else withdrawn), and still admitted by the
 * buyer (else off that list, and withdrawn when on no list).  A service
 * delivered at school (setting) takes only children in school (on a roll,
 * or in an early-years setting).  At the end of an episode, with
 * q = quality x (continuity + (1 - continuity) x worker_change_effect_rr)
 * (the chance the child kept its worker, and the effect when it did
 * not), the need resolves with chance effect_resolve x q, else falls one
 * stage with chance effect_deescalate x q, and each ECM score moves by
 * ecm_effect x q.
 *
 * Sanction places (a buyer's sanction_places): part of a referral
 * service's places; a pupil on a roll whom school staff refer for a
 * conduct need at a buyer's sanction stage takes a free one of a buyer
 * whose population it is in (lowest service index, then first buyer; else
 * the referral goes by need), whatever the service's own domains, stages
 * and criteria.  They have no waiting list, are never used by referrals
 * by need, end when the pupil leaves its school, and meet the conduct
 * need only if the service serves it at the pupil's stage: otherwise the
 * need counts as unmet while the episode runs (no slower escalation, no
 * reach) and the episode acts on the ECM scores only.  Places for
 * referrals by need = floor(places - sanction places).
 *
 * Open access: in each school year an eligible child is reached with
 * probability p = min(coverage, the sum over the buyers that admit it of
 * min(coverage, the buyer's places for need x 365.25 / mean episode days
 * / the eligible children it admits at the start of the year)) (one
 * buyer: min(coverage, places x 365.25 / days / eligible)); reached children
 * have their onset hazards multiplied by onset_rr while eligible, and at the
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

/* Whole places of largest remainder: n places shared by x[j] (sum
 * about n) as floor (x[j]), the rest one each by the largest fractional
 * part, ties to the lower index. */
static void
apportion (guint n, const double *x, guint nx, guint *out)
{
  guint given = 0;

  for (guint j = 0; j < nx; j++)
    {
      out[j] = (guint)floor (MAX (0.0, x[j]));
      given += out[j];
    }
  while (given < n)
    {
      guint best = CS_NONE;
      double frac = -1.0;
      for (guint j = 0; j < nx; j++)
        {
          double f = MAX (0.0, x[j]) - out[j];
          if (f > frac)
            {
              frac = f;
              best = j;
            }
        }
      if (best == CS_NONE)
        break;
      out[best]++;
      given++;
    }
  /* Rounding in the sums: never more than n in all. */
  for (guint j = nx; given > n && j-- > 0;)
    while (given > n && out[j] > 0)
      {
        out[j]--;
        given--;
      }
}

/* The service's totals and each buyer's whole places: for need,
 * floor (places - sanction places) over the service, shared by the
 * buyers' places for need; as a sanction, floor (min (sanction places,
 * places)), shared by their sanction places. */
static void
buyer_caps (CsServiceState *s)
{
  g_autofree double *x = g_new (double, MAX (1u, s->n_buyers));
  g_autofree guint *n = g_new (guint, MAX (1u, s->n_buyers));
  double places = 0.0, sanction = 0.0;

  for (guint j = 0; j < s->n_buyers; j++)
    {
      places += s->buyers[j].places;
      sanction += s->buyers[j].sanction_places;
    }
  s->places = places;
  s->sanction_places = sanction;
  for (guint j = 0; j < s->n_buyers; j++)
    x[j] = MAX (0.0, s->buyers[j].places - s->buyers[j].sanction_places);
  apportion ((guint)floor (MAX (0.0, places - sanction)), x, s->n_buyers, n);
  for (guint j = 0; j < s->n_buyers; j++)
    {
      s->buyers[j].cap = n[j];
      x[j] = MIN (s->buyers[j].sanction_places, s->buyers[j].places);
    }
  apportion ((guint)floor (MIN (sanction, places)), x, s->n_buyers, n);
  for (guint j = 0; j < s->n_buyers; j++)
    s->buyers[j].sanction_cap = n[j];
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
      s->n_buyers = 1;
      s->buyers = g_new0 (CsBuyerState, 1);
      s->buyers[0].key = CS_WORLD_BUYER_AREA;
      s->buyers[0].places = s->places;
      s->buyers[0].referrers = sp->referrers;
      buyer_caps (s);
      for (guint l = 0; l < CS_N_STAGES; l++)
        s->buyers[0].head[l] = s->buyers[0].tail[l] = CS_CASE_NONE;
      cs_service_period_start (&s->year, s, 0.0);
      cs_service_period_start (&s->total, s, 0.0);
      cs_service_period_start (&s->run, s, 0.0);
      if (sp->access == CS_ACCESS_OPEN)
        w->open[w->n_open++] = i;
    }
}

static void
free_buyers (CsBuyerState *b, guint n)
{
  for (guint j = 0; j < n; j++)
    {
      g_free (b[j].schools);
      g_free (b[j].localities);
    }
  g_free (b);
}

void
cs_services_free (CsWorld *w)
{
  for (guint i = 0; w->svcs && i < w->p->n_services; i++)
    {
      free_buyers (w->svcs[i].buyers, w->svcs[i].n_buyers);
      g_free (w->svcs[i].taken);
    }
  g_free (w->svcs);
  g_free (w->open);
  g_free (w->entries);
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
  cs->first_entry = CS_CASE_NONE;
  g_assert (w->serial < G_MAXUINT32);
  cs->serial = w->serial++;
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

/* ---- Buyers ------------------------------------------------------------- */

/* In school: on a roll, or below school age in an early-years setting
 * (early-years staff count as school staff, cs-needs.c). */
static gboolean
in_school (const CsChild *c)
{
  return c->place == CS_PLACE_ROLL
         || (c->place == CS_PLACE_PRE_SCHOOL && (c->flags & CS_CHILD_SETTING));
}

/* The group outside the roll a child is in, or -1. */
static int
outside_group (const CsChild *c)
{
  switch ((CsPlace)c->place)
    {
    case CS_PLACE_PRE_SCHOOL:
      return CS_OUTSIDE_PRE_SCHOOL;
    case CS_PLACE_EXCLUDED:
      return CS_OUTSIDE_EXCLUDED;
    case CS_PLACE_HOME_EDUCATED:
      return CS_OUTSIDE_HOME_EDUCATED;
    case CS_PLACE_OUT_OF_AREA:
      return CS_OUTSIDE_LOOKED_AFTER_OUT_OF_AREA;
    default:
      return -1;
    }
}

/* Whether the child is in the buyer's population (cs_world_set_buyers). */
static gboolean
in_population (const CsBuyerState *b, const CsChild *c)
{
  gboolean lives = !b->localities || b->localities[c->locality];
  int g;

  if (!b->schools)
    return lives;
  if (c->place == CS_PLACE_ROLL && b->schools[c->school])
    return TRUE;
  g = outside_group (c);
  return g >= 0 && (b->outside & CS_BIT (g)) && lives;
}

/* In its population and meeting its criteria. */
static gboolean
buyer_admits (const CsWorld *w, const CsBuyerState *b, const CsChild *c)
{
  return in_population (b, c)
         && (!b->has_extra || cs_world_eligible (w, c, &b->extra));
}

static gboolean
buyer_takes (const CsWorld *w, const CsBuyerState *b, const CsChild *c,
             guint noticer)
{
  return (b->referrers & CS_BIT (noticer)) && buyer_admits (w, b, c);
}

/* The buyer of `key`, or CS_NONE. */
static guint
buyer_slot (const CsServiceState *s, guint key)
{
  for (guint j = 0; j < s->n_buyers; j++)
    if (s->buyers[j].key == key)
      return j;
  return CS_NONE;
}

/* The service's own criteria (and a child still in the area, in school
 * for a service delivered at school). */
static gboolean
own_eligible (const CsWorld *w, const CsServiceState *s, const CsChild *c)
{
  return c->place != CS_PLACE_GONE
         && (s->p->setting != CS_SETTING_SCHOOL || in_school (c))
         && cs_world_eligible (w, c, &s->p->eligibility);
}

/* Its own criteria, and some buyer's population and criteria. */
static gboolean
child_eligible (const CsWorld *w, const CsServiceState *s, const CsChild *c)
{
  if (!own_eligible (w, s, c))
    return FALSE;
  for (guint j = 0; j < s->n_buyers; j++)
    if (buyer_admits (w, &s->buyers[j], c))
      return TRUE;
  return FALSE;
}

/* The same for a referral from `noticer`: some buyer takes it. */
static gboolean
referral_eligible (const CsWorld *w, const CsServiceState *s, const CsChild *c,
                   guint noticer)
{
  if (!own_eligible (w, s, c))
    return FALSE;
  for (guint j = 0; j < s->n_buyers; j++)
    if (buyer_takes (w, &s->buyers[j], c, noticer))
      return TRUE;
  return FALSE;
}

/* ---- Waiting lists ------------------------------------------------------ */

static guint
list_of (const CsServiceState *s, const CsCase *cs)
{
  return s->p->waiting == CS_WAITING_STAGE ? cs->stage : 0;
}

/* Put case k at the tail of buyer `slot`'s list. */
static void
entry_push (CsWorld *w, CsServiceState *s, guint slot, guint32 k)
{
  CsBuyerState *b = &s->buyers[slot];
  CsCase *cs = &w->cases[k];
  guint l = list_of (s, cs);
  guint32 e = w->free_entry;
  CsEntry *en;

  if (e != CS_CASE_NONE)
    w->free_entry = w->entries[e].next_of_case;
  else
    {
      if (w->n_entries == w->cap_entries)
        {
          g_assert (w->cap_entries < G_MAXUINT32 / 4);
          w->cap_entries = w->cap_entries ? 2 * w->cap_entries : 256;
          w->entries = g_renew (CsEntry, w->entries, w->cap_entries);
        }
      e = w->n_entries++;
    }
  en = &w->entries[e];
  en->kase = k;
  en->slot = (guint16)slot;
  en->prev = b->tail[l];
  en->next = CS_CASE_NONE;
  en->next_of_case = cs->first_entry;
  cs->first_entry = e;
  if (b->tail[l] != CS_CASE_NONE)
    w->entries[b->tail[l]].next = e;
  else
    b->head[l] = e;
  b->tail[l] = e;
  b->q_len++;
}

/* Take entry e off its buyer's list and free it. */
static void
entry_remove (CsWorld *w, CsServiceState *s, guint32 e)
{
  CsEntry *en = &w->entries[e];
  CsCase *cs = &w->cases[en->kase];
  CsBuyerState *b = &s->buyers[en->slot];
  guint l = list_of (s, cs);
  guint32 *link = &cs->first_entry;

  if (en->prev != CS_CASE_NONE)
    w->entries[en->prev].next = en->next;
  else
    b->head[l] = en->next;
  if (en->next != CS_CASE_NONE)
    w->entries[en->next].prev = en->prev;
  else
    b->tail[l] = en->prev;
  b->q_len--;
  while (*link != e)
    link = &w->entries[*link].next_of_case;
  *link = en->next_of_case;
  en->next_of_case = w->free_entry;
  w->free_entry = e;
}

/* One more referral taken by buyer `key` (not the area's). */
static void
take (CsServiceState *s, guint key)
{
  if (key == CS_WORLD_BUYER_AREA)
    return;
  if (key >= s->n_taken)
    {
      guint n = MAX (key + 1, 2 * s->n_taken);
      s->taken = g_renew (guint64, s->taken, n);
      memset (s->taken + s->n_taken, 0, (n - s->n_taken) * sizeof *s->taken);
      s->n_taken = n;
    }
  s->taken[key]++;
}

/* A waiting case: on the list of every buyer that takes it (the first
 * buyer's if none does); a new referral (`fresh`, not one listed again
 * when the buyers change) counts as taken by each of them. */
static void
list_push (CsWorld *w, CsServiceState *s, guint32 k, gboolean fresh)
{
  const CsCase *cs = &w->cases[k];
  const CsChild *c = &w->kids[cs->child];
  gboolean any = FALSE;

  for (guint j = 0; j < s->n_buyers; j++)
    if (buyer_takes (w, &s->buyers[j], c, cs->noticer))
      {
        entry_push (w, s, j, k);
        if (fresh)
          take (s, s->buyers[j].key);
        any = TRUE;
      }
  if (!any)
    entry_push (w, s, 0, k);
  s->q_len++;
}

/* Take a waiting case off every list it is on. */
static void
list_remove (CsWorld *w, CsServiceState *s, guint32 k)
{
  while (w->cases[k].first_entry != CS_CASE_NONE)
    entry_remove (w, s, w->cases[k].first_entry);
  s->q_len--;
}

/* The entry at the head of a buyer's list (highest stage list first). */
static guint32
list_head (const CsBuyerState *b)
{
  for (int l = CS_N_STAGES - 1; l >= 0; l--)
    if (b->head[l] != CS_CASE_NONE)
      return b->head[l];
  return CS_CASE_NONE;
}

/* ---- Episodes ----------------------------------------------------------- */

/* Places for referrals by need over the buyers: floor (places - sanction
 * places) (buyer_caps). */
static double
need_capacity (const CsServiceState *s)
{
  guint n = 0;

  for (guint j = 0; j < s->n_buyers; j++)
    n += s->buyers[j].cap;
  return n;
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

  /* Every running episode is by need: the domains served, without
   * walking the cases (each a cache miss). */
  if (!(c->flags & CS_CHILD_SANCTION))
    return c->served;
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

/* Start case k's episode on the places of the buyer in `slot`. */
static void
start_episode (CsWorld *w, guint32 k, guint slot)
{
  CsCase *cs = &w->cases[k];
  guint id = cs->child;
  CsChild *c = &w->kids[id];
  CsServiceState *s = &w->svcs[cs->service];
  CsBuyerState *b = &s->buyers[slot];
  double now = cs_world_now (w), wait = now - cs->referred;
  double once = s->price_rr * s->p->cost_gbp_per_episode.value;
  CsServicePeriod *per[3];
  SimRng rng;

  cs_world_flush (w, id);
  if (cs->end != SIM_HANDLE_NONE) /* its lapse */
    sim_engine_cancel (w->eng, cs->end);
  cs_world_say (w, id, s->p->id,
                &(CsTraceFacts){ .what = CS_TRACE_EPISODE_STARTED,
                                 .u.episode = { cs->domain, wait } });
  cs->kind = CS_CASE_RUNNING;
  cs->started = now;
  cs->buyer = (guint16)b->key;
  s->busy++;
  s->sanction_busy += cs->sanction;
  b->busy++;
  b->sanction_busy += cs->sanction;
  c->served |= (guint8)(1u << cs->domain);
  if (cs->sanction)
    c->flags |= CS_CHILD_SANCTION;
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
      CsBuyerState *b = &s->buyers[buyer_slot (s, cs->buyer)];
      s->busy--;
      s->sanction_busy -= cs->sanction;
      b->busy--;
      b->sanction_busy -= cs->sanction;
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
  if (c->flags & CS_CHILD_SANCTION)
    {
      c->flags &= (guint16)~CS_CHILD_SANCTION;
      for (guint32 j = c->first_case; j != CS_CASE_NONE;
           j = w->cases[j].next_of_child)
        if (w->cases[j].kind == CS_CASE_RUNNING && w->cases[j].sanction)
          c->flags |= CS_CHILD_SANCTION;
    }
  cs_world_set_open_case (w, id);
}

static void
withdraw_as (CsWorld *w, guint32 k, gboolean lapsed)
{
  CsServiceState *s = &w->svcs[w->cases[k].service];
  guint id = w->cases[k].child;
  CsServicePeriod *per[3];

  cs_world_flush (w, id);
  cs_world_say (w, id, s->p->id,
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

/* Fill free places from the waiting lists, buyer by buyer, each from
 * the head of its own list: a referral whose child is gone, no longer
 * meets the service's criteria or no longer has a need it serves is
 * withdrawn; one the buyer no longer admits (the child left its school,
 * or no longer meets its criteria) leaves its list, and is withdrawn if
 * it is on no other list. */
static void
pull_waiting (CsWorld *w, CsServiceState *s)
{
  for (guint j = 0; j < s->n_buyers; j++)
    {
      CsBuyerState *b = &s->buyers[j];
      while (b->busy - b->sanction_busy < b->cap && b->q_len > 0)
        {
          guint32 e = list_head (b);
          guint32 k = w->entries[e].kase;
          const CsCase *cs = &w->cases[k];
          const CsChild *c = &w->kids[cs->child];

          if (!own_eligible (w, s, c)
              || !serves_stage (s, cs_stage (c, cs->domain)))
            withdraw (w, k);
          else if (!buyer_admits (w, b, c))
            {
              entry_remove (w, s, e);
              if (w->cases[k].first_entry == CS_CASE_NONE)
                withdraw (w, k);
            }
          else
            {
              list_remove (w, s, k);
              start_episode (w, k, j);
            }
        }
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
 * need at a buyer's sanction stage, of a buyer whose population the
 * pupil is in (the lowest service index, then the first buyer), or
 * CS_NONE; *slot is the buyer. */
static guint
sanction_route (const CsWorld *w, const CsChild *c, guint d, guint noticer,
                guint *slot)
{
  if (d != CS_DOMAIN_CONDUCT_BEHAVIOUR || noticer != CS_NOTICER_SCHOOL_STAFF
      || c->place != CS_PLACE_ROLL)
    return CS_NONE;
  for (guint i = 0; i < w->p->n_services; i++)
    {
      const CsServiceState *s = &w->svcs[i];
      if (s->p->access != CS_ACCESS_REFERRAL
          || !(s->referrers & CS_BIT (CS_NOTICER_SCHOOL_STAFF)))
        continue;
      for (guint j = 0; j < s->n_buyers; j++)
        {
          const CsBuyerState *b = &s->buyers[j];
          if (b->sanction_busy < b->sanction_cap
              && cs_stage (c, d) >= b->sanction_stage_min
              && (b->referrers & CS_BIT (CS_NOTICER_SCHOOL_STAFF))
              && in_population (b, c))
            {
              *slot = j;
              return i;
            }
        }
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

/* A referral from `noticer` declined by rationing counts as taken by
 * every buyer of s that would take it (buyer_takes). */
static void
count_taken (const CsWorld *w, CsServiceState *s, const CsChild *c,
             guint noticer)
{
  for (guint j = 0; j < s->n_buyers; j++)
    if (buyer_takes (w, &s->buyers[j], c, noticer))
      take (s, s->buyers[j].key);
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
          || !referral_eligible (w, s, c, noticer))
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
  guint slot = 0, j = sanction_route (w, c, d, noticer, &slot);
  guint declined = CS_NONE;
  guint i = j != CS_NONE ? j : route (w, c, d, noticer, &declined);
  CsServicePeriod *per[3];
  CsServiceState *s;
  guint32 k;

  cs_world_count_flow (w, id, CS_FLOW_REFERRALS);
  c->engaged |= (guint8)(1u << d);
  cs_world_say (
      w, id, i != CS_NONE ? w->p->services[i].id : NULL,
      &(CsTraceFacts){ .what = CS_TRACE_REFERRED,
                       .u.referred = { d, cs_stage (c, d), noticer,
                                       i == CS_NONE, j != CS_NONE } });
  if (i == CS_NONE)
    {
      cs_world_count_flow (w, id, CS_FLOW_REFERRALS_WITHOUT_SERVICE);
      if (declined != CS_NONE)
        {
          s = &w->svcs[declined];
          cs_world_say (
              w, id, s->p->id,
              &(CsTraceFacts){ .what = CS_TRACE_DECLINED,
                               .u.declined = { rationed_stage_min (s) } });
          for (guint x = 0, n = periods (w, s, per); x < n; x++)
            per[x]->declined++;
          count_taken (w, s, c, noticer);
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
      take (s, s->buyers[slot].key);
      cs_world_set_open_case (w, id);
      start_episode (w, k, slot);
      cs_service_levels (w, s);
      return;
    }
  list_push (w, s, k, TRUE);
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
      c->ecm[e] = cs_ecm_round (x);
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
  cs_world_say (
      w, w->cases[k].child, s->p->id,
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

/* For pupils only: by its own criteria, or because every buyer takes
 * only pupils on a roll. */
static gboolean
for_pupils (const CsServiceState *s)
{
  gboolean all = s->n_buyers > 0;

  for (guint j = 0; j < s->n_buyers && all; j++)
    all = s->buyers[j].has_extra && s->buyers[j].extra.on_roll_only;
  return s->p->ends_on_leaving_school || s->p->eligibility.on_roll_only || all;
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

/* A child's reach probability: the sum of the reach probabilities of the
 * buyers that admit it, at most the coverage. */
static double
child_open_p (const CsWorld *w, const CsServiceState *s, const CsChild *c)
{
  double p = 0.0;

  for (guint j = 0; j < s->n_buyers; j++)
    if (s->buyers[j].open_p > 0.0 && buyer_admits (w, &s->buyers[j], c))
      p += s->buyers[j].open_p;
  return MIN (s->p->coverage.value, p);
}

/* The open services j < 16 that reach the child now (bit j): its reach
 * bits of the school year, of the services whose reach probability is
 * positive (open_live), while a school year runs.  The same as reached()
 * for each j < 16, without looking at the services one by one. */
static inline guint32
reach_mask (const CsWorld *w, const CsChild *c)
{
  return w->open_active ? c->open & w->open_live : 0u;
}

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
                CS_STREAM_OPEN + (w->school_year << 12) + w->open[j],
                cs_child_id (w, id));
  return sim_rng_uniform (&rng) < child_open_p (w, s, c);
}

void
cs_service_onset_rr (const CsWorld *w, guint id, double *rr)
{
  const CsChild *c = &w->kids[id];

  for (guint d = 0; d < CS_N_DOMAINS; d++)
    rr[d] = 1.0;
  /* The services in increasing j, as reached() would find them. */
  for (guint32 m = reach_mask (w, c); m; m &= m - 1)
    {
      const CsServiceState *s = &w->svcs[w->open[cs_lowest_bit (m)]];
      if (!child_eligible (w, s, c))
        continue;
      for (guint d = 0; d < CS_N_DOMAINS; d++)
        rr[d] *= s->p->onset_rr[d].value;
    }
  for (guint j = 16; j < w->n_open; j++)
    {
      const CsServiceState *s = &w->svcs[w->open[j]];
      if (s->open_p <= 0.0 || !reached (w, j, id) || !child_eligible (w, s, c))
        continue;
      for (guint d = 0; d < CS_N_DOMAINS; d++)
        rr[d] *= s->p->onset_rr[d].value;
    }
}

/* Draw the child's reach bits for the open services j < 16 in `eligible`
 * (bit j: the child is eligible for service j now). */
static void
draw_open (CsWorld *w, guint id, guint32 eligible)
{
  CsChild *c = &w->kids[id];

  c->open = 0;
  for (guint32 m = eligible; m; m &= m - 1)
    {
      guint j = cs_lowest_bit (m);
      const CsServiceState *s = &w->svcs[w->open[j]];
      SimRng rng;

      sim_rng_init (&rng, w->seed, w->replication,
                    CS_STREAM_OPEN + (w->school_year << 12) + w->open[j],
                    cs_child_id (w, id));
      if (sim_rng_uniform (&rng) < child_open_p (w, s, c))
        c->open |= (guint16)(1u << j);
    }
}

/* The child's reach bits for the first 16 open services this school
 * year: drawn for the services it is eligible for now (open access
 * reaches children eligible at the start of the school year, or on
 * arrival). */
void
cs_services_draw_open (CsWorld *w, guint id)
{
  guint32 eligible = 0;

  for (guint j = 0; j < MIN (w->n_open, 16u); j++)
    if (w->svcs[w->open[j]].open_p > 0.0
        && child_eligible (w, &w->svcs[w->open[j]], &w->kids[id]))
      eligible |= 1u << j;
  draw_open (w, id, eligible);
}

/* Reach probability of each buyer of each open service for the school
 * year: min (coverage, its places for need x 365.25 / mean episode days /
 * the eligible children it admits); the service's needing is the
 * eligible children some buyer admits.  Each child's `open` is left
 * holding the services j < 16 it is eligible for (child_eligible), for
 * the draws that follow (cs_services_reach_child); open_live gets
 * the services j < 16 with a positive reach probability. */
static void
open_probabilities (CsWorld *w)
{
  g_autofree guint64 *eligible = g_new0 (guint64, MAX (1u, w->n_open));
  g_autofree guint64 **admitted = g_new0 (guint64 *, MAX (1u, w->n_open));

  for (guint j = 0; j < w->n_open; j++)
    admitted[j] = g_new0 (guint64, MAX (1u, w->svcs[w->open[j]].n_buyers));
  for (guint i = 0; i < w->n_kids; i++)
    {
      CsChild *c = &w->kids[i];
      guint32 bits = 0;

      if (c->place == CS_PLACE_GONE) /* eligible for none (own_eligible) */
        {
          c->open = 0;
          continue;
        }
      for (guint j = 0; j < w->n_open; j++)
        {
          const CsServiceState *s = &w->svcs[w->open[j]];
          gboolean any = FALSE;
          if (!own_eligible (w, s, c))
            continue;
          for (guint b = 0; b < s->n_buyers; b++)
            if (buyer_admits (w, &s->buyers[b], c))
              {
                admitted[j][b]++;
                any = TRUE;
              }
          eligible[j] += any;
          if (any && j < 16)
            bits |= 1u << j;
        }
      c->open = (guint16)bits;
    }
  w->open_live = 0;
  for (guint j = 0; j < w->n_open; j++)
    {
      CsServiceState *s = &w->svcs[w->open[j]];

      s->open_p = 0.0;
      for (guint b = 0; b < s->n_buyers; b++)
        {
          CsBuyerState *bs = &s->buyers[b];
          double cap = bs->cap;
          double per_year = s->mean_days > 0
                                ? cap * SIM_DAYS_PER_YEAR / s->mean_days
                                : (cap >= 1 ? G_MAXDOUBLE : 0.0);
          double p = s->p->coverage.value;

          if (admitted[j][b] > 0)
            p = MIN (p, per_year / (double)admitted[j][b]);
          bs->open_p = p;
          s->open_p = MAX (s->open_p, p);
        }
      if (s->open_p > 0.0 && j < 16)
        w->open_live |= 1u << j;
      s->needing = (double)eligible[j];
      g_free (admitted[j]);
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
}

void
cs_services_reach_child (CsWorld *w, guint id)
{
  CsChild *c = &w->kids[id];

  /* Eligible (left in `open` by open_probabilities: nothing about the
   * child has changed since) and with a positive reach probability: as
   * cs_services_draw_open would find.  A child reached is eligible
   * (open_count changes only its year bits). */
  draw_open (w, id, c->open & w->open_live);
  for (guint32 m = reach_mask (w, c); m; m &= m - 1)
    open_count (w, cs_lowest_bit (m), id);
  for (guint j = 16; j < w->n_open; j++)
    if (reached (w, j, id) && child_eligible (w, &w->svcs[w->open[j]], c))
      open_count (w, j, id);
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
      /* open_effect changes neither reach bits nor open_live: the mask
       * taken once gives the services in the order reached() would. */
      for (guint32 m = reach_mask (w, &w->kids[i]); m; m &= m - 1)
        {
          guint j = cs_lowest_bit (m);
          if (child_eligible (w, &w->svcs[w->open[j]], &w->kids[i]))
            open_effect (w, j, i);
        }
      for (guint j = 16; j < w->n_open; j++)
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
  for (guint32 m = reach_mask (w, c); m; m &= m - 1)
    {
      const CsServiceState *s = &w->svcs[w->open[cs_lowest_bit (m)]];
      if (child_eligible (w, s, c))
        mark_year (w, c, s, s->p->domains);
    }
  for (guint j = 16; j < w->n_open; j++)
    if (w->svcs[w->open[j]].open_p > 0.0 && reached (w, j, id)
        && child_eligible (w, &w->svcs[w->open[j]], c))
      mark_year (w, c, &w->svcs[w->open[j]], w->svcs[w->open[j]].p->domains);
}

/* ---- Commissioning API -------------------------------------------------- */

/* Copy a buyer's settings (flags copied, owned). */
static void
buyer_copy (const CsWorld *w, CsBuyerState *dst, const CsBuyer *src)
{
  g_free (dst->schools);
  g_free (dst->localities);
  dst->key = src->key;
  dst->places = src->places;
  dst->sanction_places = src->sanction_places;
  dst->sanction_stage_min = src->sanction_stage_min;
  dst->referrers = src->referrers;
  dst->schools = src->schools
                     ? g_memdup2 (src->schools, MAX (1u, w->p->n_schools))
                     : NULL;
  dst->localities = src->localities ? g_memdup2 (src->localities,
                                                 MAX (1u, w->p->n_localities))
                                    : NULL;
  dst->outside = src->schools ? src->outside : 0;
  dst->has_extra = src->extra != NULL;
  if (src->extra)
    dst->extra = *src->extra;
}

static int
by_serial (gconstpointer a, gconstpointer b, gpointer data)
{
  const CsCase *cases = data;
  guint32 x = cases[*(const guint32 *)a].serial;
  guint32 y = cases[*(const guint32 *)b].serial;

  return x < y ? -1 : x > y;
}

/* Free places of a buyer now: for need, or as a sanction. */
static double
free_places (const CsBuyerState *b, gboolean sanction)
{
  return sanction ? (double)b->sanction_cap - b->sanction_busy
                  : (double)b->cap - (b->busy - b->sanction_busy);
}

/* The buyer that takes over a running episode whose buyer is gone: of
 * those that admit the child (of all, if none does), the one with the
 * most free places of the episode's kind, the first of equals. */
static guint
adopter (const CsWorld *w, const CsServiceState *s, const CsCase *cs)
{
  const CsChild *c = &w->kids[cs->child];
  guint best = CS_NONE;
  gboolean any = FALSE;

  for (guint j = 0; j < s->n_buyers; j++)
    any = any || buyer_admits (w, &s->buyers[j], c);
  for (guint j = 0; j < s->n_buyers; j++)
    if ((!any || buyer_admits (w, &s->buyers[j], c))
        && (best == CS_NONE
            || free_places (&s->buyers[j], cs->sanction)
                   > free_places (&s->buyers[best], cs->sanction)))
      best = j;
  return best;
}

/* New buyers (new keys): lists made again in order of referral, episodes
 * on the places of a key that is gone taken over (adopter). */
static void
replace_buyers (CsWorld *w, guint service, guint n, const CsBuyer *buyers)
{
  CsServiceState *s = &w->svcs[service];
  CsBuyerState *old = s->buyers;
  guint n_old = s->n_buyers;
  g_autoptr (GArray) waiting = g_array_new (FALSE, FALSE, sizeof (guint32));

  s->buyers = g_new0 (CsBuyerState, n);
  s->n_buyers = n;
  for (guint j = 0; j < n; j++)
    {
      buyer_copy (w, &s->buyers[j], &buyers[j]);
      for (guint l = 0; l < CS_N_STAGES; l++)
        s->buyers[j].head[l] = s->buyers[j].tail[l] = CS_CASE_NONE;
    }
  buyer_caps (s);
  /* Episodes of keys that still buy stay; then those of keys gone are
   * taken over, in case order. */
  for (guint pass = 0; pass < 2; pass++)
    for (guint32 k = 0; k < w->n_cases; k++)
      {
        CsCase *cs = &w->cases[k];
        guint slot;
        if (cs->service != service)
          continue;
        if (cs->kind == CS_CASE_WAITING && pass == 0)
          {
            /* Its entries point at the old buyers: free them. */
            while (cs->first_entry != CS_CASE_NONE)
              {
                guint32 e = cs->first_entry;
                cs->first_entry = w->entries[e].next_of_case;
                w->entries[e].next_of_case = w->free_entry;
                w->free_entry = e;
              }
            g_array_append_val (waiting, k);
            continue;
          }
        if (cs->kind != CS_CASE_RUNNING)
          continue;
        slot = buyer_slot (s, cs->buyer);
        if ((slot != CS_NONE) != (pass == 0))
          continue;
        if (slot == CS_NONE)
          slot = adopter (w, s, cs);
        cs->buyer = (guint16)s->buyers[slot].key;
        s->buyers[slot].busy++;
        s->buyers[slot].sanction_busy += cs->sanction;
      }
  g_array_sort_with_data (waiting, by_serial, w->cases);
  s->q_len = 0;
  for (guint x = 0; x < waiting->len; x++)
    list_push (w, s, g_array_index (waiting, guint32, x), FALSE);
  free_buyers (old, n_old);
}

/* Episodes follow places: an episode running on the places of a buyer
 * that has more running than places moves, in case order, to the buyer
 * with the most free places of its kind that admits the child, if one
 * has a free place (as when places are handed over with the children in
 * them).  Buyers that serve the same children then share their places
 * as one pool. */
static void
rebalance (CsWorld *w, CsServiceState *s, guint service)
{
  gboolean over = FALSE, room = FALSE;

  for (guint j = 0; j < s->n_buyers; j++)
    {
      over = over || free_places (&s->buyers[j], FALSE) < 0
             || free_places (&s->buyers[j], TRUE) < 0;
      room = room || free_places (&s->buyers[j], FALSE) > 0
             || free_places (&s->buyers[j], TRUE) > 0;
    }
  if (!over || !room)
    return;
  for (guint32 k = 0; k < w->n_cases; k++)
    {
      CsCase *cs = &w->cases[k];
      const CsChild *c;
      CsBuyerState *from;
      guint best = CS_NONE;
      if (cs->service != service || cs->kind != CS_CASE_RUNNING)
        continue;
      from = &s->buyers[buyer_slot (s, cs->buyer)];
      if (free_places (from, cs->sanction) >= 0)
        continue;
      c = &w->kids[cs->child];
      for (guint j = 0; j < s->n_buyers; j++)
        if (free_places (&s->buyers[j], cs->sanction) >= 1
            && (cs->sanction ? in_population (&s->buyers[j], c)
                             : buyer_admits (w, &s->buyers[j], c))
            && (best == CS_NONE
                || free_places (&s->buyers[j], cs->sanction)
                       > free_places (&s->buyers[best], cs->sanction)))
          best = j;
      if (best == CS_NONE)
        continue;
      from->busy--;
      from->sanction_busy -= cs->sanction;
      s->buyers[best].busy++;
      s->buyers[best].sanction_busy += cs->sanction;
      cs->buyer = (guint16)s->buyers[best].key;
    }
}

void
cs_world_set_buyers (CsWorld *w, guint service, guint n, const CsBuyer *buyers)
{
  CsServiceState *s;
  gboolean same;
  guint32 referrers = 0;

  g_return_if_fail (service < w->p->n_services && (n == 0 || buyers));
  s = &w->svcs[service];
  for (guint j = 0; j < n; j++)
    g_return_if_fail (buyers[j].key < CS_WORLD_BUYER_AREA
                      && buyers[j].places >= 0.0
                      && buyers[j].sanction_places >= 0.0 && n < G_MAXUINT16);
  cs_service_levels (w, s);
  if (n == 0)
    for (guint j = 0; j < s->n_buyers; j++)
      s->buyers[j].places = s->buyers[j].sanction_places = 0.0;
  else
    {
      same = n == s->n_buyers;
      for (guint j = 0; j < n && same; j++)
        same = buyers[j].key == s->buyers[j].key;
      if (same)
        for (guint j = 0; j < n; j++)
          buyer_copy (w, &s->buyers[j], &buyers[j]);
      else
        replace_buyers (w, service, n, buyers);
      for (guint j = 0; j < n; j++)
        referrers |= buyers[j].referrers;
      s->referrers = s->p->referrers & referrers;
    }
  buyer_caps (s);
  rebalance (w, s, service);
  cs_service_levels (w, s);
  pull_waiting (w, s);
  cs_service_levels (w, s);
}

void
cs_world_set_places (CsWorld *w, guint service, double places)
{
  CsServiceState *s;

  g_return_if_fail (service < w->p->n_services && places >= 0.0);
  s = &w->svcs[service];
  g_return_if_fail (s->n_buyers == 1);
  cs_service_levels (w, s);
  s->buyers[0].places = places;
  buyer_caps (s);
  cs_service_levels (w, s);
  pull_waiting (w, s);
  cs_service_levels (w, s);
}

guint64
cs_world_buyer_taken (const CsWorld *w, guint service, guint key)
{
  g_return_val_if_fail (service < w->p->n_services, 0);
  return key < w->svcs[service].n_taken ? w->svcs[service].taken[key] : 0;
}

gboolean
cs_world_is_buyer (const CsWorld *w, guint service, guint key)
{
  g_return_val_if_fail (service < w->p->n_services, FALSE);
  return buyer_slot (&w->svcs[service], key) != CS_NONE;
}

guint
cs_world_buyer_waiting (const CsWorld *w, guint service, guint key)
{
  guint slot;

  g_return_val_if_fail (service < w->p->n_services, 0);
  slot = buyer_slot (&w->svcs[service], key);
  return slot != CS_NONE ? w->svcs[service].buyers[slot].q_len : 0;
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
cs_world_set_continuity (CsWorld *w, guint service, double continuity)
{
  g_return_if_fail (service < w->p->n_services && continuity >= 0.0
                    && continuity <= 1.0);
  w->svcs[service].continuity = continuity;
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
