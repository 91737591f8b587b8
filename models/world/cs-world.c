/* cs-world.c: the children store, places and schools, flushes, and the public
 * world API.
 *
 * Invariants (see cs-world.h and cs-world-private.h): a record's place is
 * changed only by cs_world_set_place(), which keeps place_count[] and the
 * school rolls; a record starts nowhere (place CS_N_PLACES) and is placed
 * once created.  Quantities that accrue over time (ECM change, unmet-need
 * days, day costs) are brought up to date by cs_world_flush() before any
 * change to the child, so they are exact for piecewise-constant states.
 */
#include "config.h"

#include <math.h>
#include <stdarg.h>
#include <string.h>

#include "models/params/cs-outputs.h"
#include "models/world/cs-world-private.h"
#include "sim/sim-error.h"

const char *const cs_place_names[] = {
  "roll",        "pre_school",  "excluded", "home_educated",
  "out_of_area", "post_school", "gone",     NULL,
};

G_STATIC_ASSERT (G_N_ELEMENTS (cs_place_names) == CS_N_PLACES + 1);

const char *const cs_child_group_names[] = {
  CS_OUT_GROUP_ALL,          CS_OUT_GROUP_ADDITIONAL_NEEDS,
  CS_OUT_GROUP_LOOKED_AFTER, CS_OUT_GROUP_EXCLUDED,
  CS_OUT_GROUP_SEN,          CS_OUT_GROUP_DISABLED,
  "deprivation_q1",          "deprivation_q2",
  "deprivation_q3",          "deprivation_q4",
  "deprivation_q5",          NULL,
};

G_STATIC_ASSERT (G_N_ELEMENTS (cs_child_group_names) == CS_N_CHILD_GROUPS + 1);

/* ---- Localities and schools --------------------------------------------- */

/* Quintiles of children by locality deprivation: localities sorted from
 * the most deprived; a locality's quintile is where the middle of its
 * children falls in the cumulative share. */
static void
assign_quintiles (CsWorld *w)
{
  const CsParams *p = w->p;
  g_autofree guint *order = g_new (guint, p->n_localities);
  double total = 0.0, cum = 0.0;

  for (guint i = 0; i < p->n_localities; i++)
    {
      order[i] = i;
      for (guint a = 0; a < CS_N_AGES; a++)
        total += p->localities[i].children[a].value;
    }
  /* Insertion sort: localities are few; ties keep index order. */
  for (guint i = 1; i < p->n_localities; i++)
    for (guint j = i;
         j > 0 && w->locs[order[j]].dep > w->locs[order[j - 1]].dep; j--)
      {
        guint t = order[j];
        order[j] = order[j - 1];
        order[j - 1] = t;
      }
  for (guint i = 0; i < p->n_localities; i++)
    {
      double n = 0.0;
      for (guint a = 0; a < CS_N_AGES; a++)
        n += p->localities[order[i]].children[a].value;
      w->locs[order[i]].quintile
          = total > 0 ? MIN (4u, (guint)(5.0 * (cum + n / 2) / total)) : 0;
      cum += n;
    }
}

static void
init_localities (CsWorld *w)
{
  const CsParams *p = w->p;

  w->locs = g_new0 (CsLocalityState, p->n_localities);
  for (guint l = 0; l < p->n_localities; l++)
    {
      CsLocalityState *ls = &w->locs[l];
      const CsLocality *lp = &p->localities[l];
      double n = 0.0;

      ls->dep = lp->deprivation.value;
      for (guint d = 0; d < CS_N_DOMAINS; d++)
        {
          const CsNeedDomain *nd = &p->domains[d];
          double rr = pow (nd->deprivation_rr.value, ls->dep);
          for (guint s = 0; s < CS_N_SEXES; s++)
            for (guint a = 0; a < CS_N_AGES; a++)
              ls->onset[d][s][a]
                  = nd->onset_per_1000_per_year[s][a].value / 1000.0 * rr;
        }
      for (guint a = 0; a < CS_N_AGES; a++)
        {
          n += lp->children[a].value;
          ls->age_cum[a] = n;
        }
      for (guint a = 0; a < CS_N_AGES; a++)
        ls->age_cum[a] = n > 0 ? ls->age_cum[a] / n : (a + 1.0) / CS_N_AGES;
      ls->arrival_per_day = p->area.migration_in_per_1000_per_year.value
                            / 1000.0 * n / SIM_DAYS_PER_YEAR;
      sim_engine_rng (w->eng, &ls->arrivals, CS_STREAM_ARRIVAL, l);
    }
  assign_quintiles (w);
}

/* Whether school i is one of a choice's: of the kind, taking `age`, in
 * locality loc (any if loc == CS_NONE). */
static gboolean
in_choice (const CsSchool *s, guint loc, guint age, gboolean special)
{
  return cs_school_takes (s, age) && (s->type == CS_SCHOOL_SPECIAL) == special
         && (loc == CS_NONE || s->locality == loc);
}

/* Schools of one kind taking `age`, from locality loc (or all if
 * loc == CS_NONE), weighted by their roll per year of age.  The arrays
 * have the choice's length, not the area's number of schools: there is a
 * choice per locality, age and kind, so arrays of every school's length
 * grew as localities x schools (33 MB for an area of a million
 * children). */
static void
build_choice (CsWorld *w, CsChoice *ch, guint loc, guint age, gboolean special)
{
  const CsParams *p = w->p;
  double sum = 0.0;
  guint n = 0;

  for (guint i = 0; i < p->n_schools; i++)
    n += in_choice (&p->schools[i], loc, age, special);
  ch->n = 0;
  ch->school = g_new (guint16, MAX (1u, n));
  ch->cum = g_new (double, MAX (1u, n));
  for (guint i = 0; i < p->n_schools; i++)
    {
      const CsSchool *s = &p->schools[i];
      double years = s->age_max.value - s->age_min.value + 1.0;

      if (!in_choice (s, loc, age, special))
        continue;
      sum += s->roll.value / years;
      ch->school[ch->n] = (guint16)i;
      ch->cum[ch->n++] = sum;
    }
  for (guint i = 0; i < ch->n; i++)
    ch->cum[i] = sum > 0 ? ch->cum[i] / sum : (i + 1.0) / ch->n;
}

static void
clear_choice (CsChoice *ch)
{
  g_free (ch->school);
  g_free (ch->cum);
}

static void
init_schools (CsWorld *w)
{
  const CsParams *p = w->p;

  w->schools = g_new0 (CsSchoolState, p->n_schools);
  w->school_age_min = CS_N_AGES;
  w->school_age_max = 0;
  for (guint i = 0; i < p->n_schools; i++)
    {
      const CsSchool *s = &p->schools[i];
      w->schools[i].exclusion_rr
          = pow (p->life.exclusion_orientation_rr.value, -s->orientation.value);
      w->school_age_min = MIN (w->school_age_min, (guint)s->age_min.value);
      w->school_age_max = MAX (w->school_age_max, (guint)s->age_max.value);
    }
  for (guint a = 0; a < CS_N_AGES; a++)
    for (guint k = 0; k < 2; k++)
      {
        build_choice (w, &w->area_choice[a][k], CS_NONE, a, k);
        for (guint l = 0; l < p->n_localities; l++)
          build_choice (w, &w->locs[l].choice[a][k], l, a, k);
      }
}

static gboolean
check_params (const CsParams *p, GError **error)
{
  if (p->n_localities == 0 || p->n_localities > G_MAXUINT16)
    {
      g_set_error (error, SIM_ERROR, SIM_ERROR_DATA,
                   "area: need 1 to %u localities (got %u)", G_MAXUINT16,
                   p->n_localities);
      return FALSE;
    }
  if (p->n_schools >= CS_SCHOOL_NONE)
    {
      g_set_error (error, SIM_ERROR, SIM_ERROR_DATA,
                   "area: at most %u schools (got %u)", CS_SCHOOL_NONE - 1,
                   p->n_schools);
      return FALSE;
    }
  if (p->n_services >= (1u << 12)) /* open-access stream keys, cs-service.c */
    {
      g_set_error (error, SIM_ERROR, SIM_ERROR_DATA,
                   "area: at most %u services (got %u)", (1u << 12) - 1,
                   p->n_services);
      return FALSE;
    }
  for (guint i = 0; i < p->n_schools; i++)
    if (p->schools[i].locality >= p->n_localities
        || p->schools[i].age_max.value >= CS_N_AGES
        || p->schools[i].age_min.value > p->schools[i].age_max.value)
      {
        g_set_error (error, SIM_ERROR, SIM_ERROR_DATA,
                     "area: school %s: bad locality or age range",
                     p->schools[i].id);
        return FALSE;
      }
  return TRUE;
}

/* ---- Life of a world ---------------------------------------------------- */

CsWorld *
cs_world_new (const CsParams *p, SimEngine *eng, GError **error)
{
  const SimRunConfig *cfg = sim_engine_config (eng);
  CsWorld *w;

  if (!check_params (p, error))
    return NULL;
  w = g_new0 (CsWorld, 1);
  w->p = p;
  w->eng = eng;
  w->seed = cfg->seed;
  w->replication = cfg->replication;
  w->boundary = SIM_DAYS_PER_YEAR;
  w->observing = !sim_engine_in_warmup (eng);
  w->free_case = CS_CASE_NONE;
  w->free_entry = CS_CASE_NONE;
  w->current = CS_NONE;
  for (guint k = 0; k < CS_N_ECM; k++)
    {
      const CsNum *r = p->ecm.reversion_per_year;
      guint j = 0;

      while (j < k && r[j].value != r[k].value)
        j++;
      w->decay_slot[k] = (guint8)j;
      w->decay_years[k] = NAN; /* no decay cached */
    }
  init_localities (w);
  init_schools (w);
  cs_services_init (w);
  cs_needs_init (w);
  w->measure = cs_measure_new (w);
  return w;
}

void
cs_world_free (CsWorld *w)
{
  if (!w)
    return;
  for (guint a = 0; a < CS_N_AGES; a++)
    for (guint k = 0; k < 2; k++)
      {
        clear_choice (&w->area_choice[a][k]);
        for (guint l = 0; l < w->p->n_localities; l++)
          clear_choice (&w->locs[l].choice[a][k]);
      }
  cs_measure_free (w->measure);
  cs_services_free (w);
  g_free (w->kids);
  g_free (w->locs);
  g_free (w->schools);
  g_free (w->cases);
  g_free (w->init_stage);
  g_free (w);
}

guint
cs_world_add_child (CsWorld *w)
{
  CsChild *c;

  if (w->n_kids == w->cap_kids)
    {
      g_assert (w->cap_kids < G_MAXUINT32 / 2);
      w->cap_kids = w->cap_kids ? w->cap_kids + w->cap_kids / 4 : 1024;
      w->kids = g_renew (CsChild, w->kids, w->cap_kids);
    }
  g_assert (w->n_ids < G_MAXUINT32);
  c = &w->kids[w->n_kids];
  memset (c, 0, sizeof *c);
  c->id = w->n_ids++;
  c->first_case = CS_CASE_NONE;
  c->school = CS_SCHOOL_NONE;
  c->place = CS_N_PLACES;
  c->since = (float)cs_world_now (w);
  return w->n_kids++;
}

void
cs_world_set_place (CsWorld *w, guint id, CsPlace place, guint school)
{
  CsChild *c = &w->kids[id];

  if (c->place == CS_PLACE_ROLL)
    w->schools[c->school].roll--;
  if (c->place < CS_N_PLACES)
    w->place_count[c->place]--;
  c->place = (guint8)place;
  c->school = (place == CS_PLACE_ROLL || place == CS_PLACE_EXCLUDED)
                  ? (guint16)school
                  : CS_SCHOOL_NONE;
  if (place == CS_PLACE_ROLL)
    w->schools[school].roll++;
  w->place_count[place]++;
}

void
cs_world_child_rng (CsWorld *w, guint id, SimRng *rng)
{
  CsChild *c = &w->kids[id];

  g_assert (c->draws < CS_MAX_DRAWS);
  sim_rng_init (rng, w->seed, w->replication, CS_STREAM_CHILD + c->draws,
                cs_child_id (w, id));
  c->draws++;
}

void
cs_world_compact (CsWorld *w)
{
  guint j = 0;

  for (guint i = 0; i < w->n_kids; i++)
    {
      CsChild *c = &w->kids[i];

      if (c->place == CS_PLACE_GONE)
        continue;
      g_assert (cs_child_next (c) == SIM_HANDLE_NONE);
      if (i != j)
        {
          w->kids[j] = *c;
          for (guint32 k = c->first_case; k != CS_CASE_NONE;
               k = w->cases[k].next_of_child)
            w->cases[k].child = j;
        }
      j++;
    }
  w->n_compacted += w->n_kids - j;
  w->n_kids = j;
}

/* The record of child `id`, or CS_NONE if its record was dropped. */
static guint
record_of (const CsWorld *w, guint id)
{
  /* Ids increase with the records, and record i has an id of at least i
   * and at most i + n_compacted. */
  guint lo = id > w->n_compacted ? id - w->n_compacted : 0;
  guint hi = MIN (id + 1, w->n_kids);

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      if (w->kids[mid].id < id)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo < w->n_kids && w->kids[lo].id == id ? lo : CS_NONE;
}

/* ---- Groups and flushes ------------------------------------------------- */

guint32
cs_world_groups (const CsWorld *w, const CsChild *c)
{
  const CsGroupDefs *g = &w->p->groups;
  guint32 m = 1u << CS_GROUP_ALL;

  m |= 1u << (CS_GROUP_DEPRIVATION_Q1 + w->locs[c->locality].quintile);
  if (c->stages == 0 && !(c->flags & CS_CHILD_LOOKED_AFTER)
      && c->place != CS_PLACE_EXCLUDED)
    return m;
  if (cs_max_stage (c) >= cs_threshold (&g->additional_needs_stage_min))
    m |= 1u << CS_GROUP_ADDITIONAL_NEEDS;
  if (c->flags & CS_CHILD_LOOKED_AFTER)
    m |= 1u << CS_GROUP_LOOKED_AFTER;
  if (c->place == CS_PLACE_EXCLUDED)
    m |= 1u << CS_GROUP_EXCLUDED;
  if (cs_stage (c, CS_DOMAIN_LEARNING_SEN) >= cs_threshold (&g->sen_stage_min))
    m |= 1u << CS_GROUP_SEN;
  if (cs_stage (c, CS_DOMAIN_DISABILITY)
      >= cs_threshold (&g->disabled_stage_min))
    m |= 1u << CS_GROUP_DISABLED;
  return m;
}

void
cs_world_count_flow (CsWorld *w, guint id, CsFlow flow)
{
  guint32 m;

  if (!w->observing)
    return;
  for (m = cs_world_groups (w, &w->kids[id]); m; m &= m - 1)
    {
      guint g = cs_lowest_bit (m);
      w->flows[0][g].count[flow]++;
      w->flows[1][g].count[flow]++;
    }
}

/* exp (-r_k x years) for ECM score k, from a one-entry cache per
 * reversion rate (children flushed a whole year after their last flush
 * share `years`).  Scores with the same rate share the entry: their
 * arguments are the same double, and so is exp's value (the default
 * scenario gives all five scores one rate, and a flush decays several). */
static double
ecm_decay (CsWorld *w, guint k, double r, double years)
{
  guint j = w->decay_slot[k];

  if (years != w->decay_years[j])
    {
      w->decay_years[j] = years;
      w->decay[j] = exp (-r * years);
    }
  return w->decay[j];
}

/* d(change)/dt = drift - r * change, solved exactly over `years`. */
static void
advance_ecm (CsWorld *w, CsChild *c, const double *drift, double years)
{
  const CsEcmParams *e = &w->p->ecm;

  for (guint k = 0; k < CS_N_ECM; k++)
    {
      double x = c->ecm[k] / CS_ECM_SCALE;
      double r = e->reversion_per_year[k].value;

      if (x == 0.0 && drift[k] == 0.0)
        continue;
      if (r > 0.0)
        x = drift[k] / r + (x - drift[k] / r) * ecm_decay (w, k, r, years);
      else
        x += drift[k] * years;
      c->ecm[k] = cs_ecm_round (x * CS_ECM_SCALE);
    }
}

void
cs_world_flush (CsWorld *w, guint id)
{
  CsChild *c = &w->kids[id];
  double now = cs_world_now (w);
  double days;
  guint thr = cs_threshold (&w->p->groups.additional_needs_stage_min);
  double drift[CS_N_ECM] = { 0 };
  guint unmet = 0;
  guint32 met;

  if (w->p->commissioning_rows_only)
    return; /* what it brings up to date is read by the rows only */
  days = now - (double)c->since;
  c->since = (float)now;
  if (!(days > 0.0) || c->place == CS_PLACE_GONE)
    return;
  if (!c->stages && !c->served
      && !(c->ecm[0] | c->ecm[1] | c->ecm[2] | c->ecm[3] | c->ecm[4]))
    return; /* nothing accrues */
  met = c->served ? cs_service_needs_met (w, c) : 0;
  for (guint d = 0; c->stages && d < CS_N_DOMAINS; d++)
    {
      guint s = cs_stage (c, d);
      if (s == 0 || (met & (1u << d)))
        continue;
      for (guint k = 0; k < CS_N_ECM; k++)
        drift[k] += s * w->unmet_ecm[d][k];
      unmet += s >= thr;
    }
  advance_ecm (w, c, drift, days / SIM_DAYS_PER_YEAR);
  if (w->observing && (unmet || c->served))
    {
      guint32 m = cs_world_groups (w, c);
      double spend = c->served ? cs_service_child_day_costs (w, c, days) : 0;

      for (; m; m &= m - 1)
        {
          guint g = cs_lowest_bit (m);
          for (guint i = 0; i < 2; i++)
            {
              w->flows[i][g].unmet_need_days += unmet * days;
              w->flows[i][g].spend_attributed += spend;
            }
        }
    }
}

void
cs_world_flush_all (CsWorld *w)
{
  if (w->p->commissioning_rows_only)
    return; /* as cs_world_flush */
  for (guint i = 0; i < w->n_kids; i++)
    if (w->kids[i].place != CS_PLACE_GONE)
      cs_world_flush (w, i);
}

/* ---- Schools and places ------------------------------------------------- */

static guint
pick_from (const CsChoice *ch, guint avoid, SimRng *rng)
{
  if (ch->n == 0 || (ch->n == 1 && ch->school[0] == avoid))
    return CS_NONE;
  for (int tries = 0; tries < 8; tries++)
    {
      double u = sim_rng_uniform (rng);
      guint lo = 0, hi = ch->n - 1;

      /* First i with cum[i] >= u.  u is random, so which half holds it
       * is a coin toss: both bounds are chosen by conditional moves, not
       * by a branch that would mispredict half the time. */
      while (lo < hi)
        {
          guint mid = (lo + hi) / 2;
          gboolean in_low = ch->cum[mid] >= u;
          hi = in_low ? mid : hi;
          lo = in_low ? lo : mid + 1;
        }
      if (ch->school[lo] != avoid)
        return ch->school[lo];
    }
  for (guint i = 0; i < ch->n; i++) /* weights put all on `avoid` */
    if (ch->school[i] != avoid)
      return ch->school[i];
  return CS_NONE;
}

guint
cs_world_pick_school (CsWorld *w, guint loc, guint age, gboolean special,
                      guint avoid, SimRng *rng)
{
  guint s = CS_NONE;

  if (age >= CS_N_AGES)
    return CS_NONE;
  s = pick_from (&w->locs[loc].choice[age][special ? 1 : 0], avoid, rng);
  if (s == CS_NONE)
    s = pick_from (&w->area_choice[age][special ? 1 : 0], avoid, rng);
  return s;
}

gboolean
cs_world_special_need (const CsWorld *w, const CsChild *c)
{
  return cs_has_statement (w, c);
}

void
cs_world_place_by_age (CsWorld *w, guint id, guint avoid, SimRng *rng)
{
  CsChild *c = &w->kids[id];
  gboolean special = FALSE;
  guint s;

  if (c->age < w->school_age_min)
    {
      cs_world_set_place (w, id, CS_PLACE_PRE_SCHOOL, CS_NONE);
      return;
    }
  if (c->age > w->school_age_max)
    {
      cs_world_set_place (w, id, CS_PLACE_POST_SCHOOL, CS_NONE);
      return;
    }
  if (cs_world_special_need (w, c))
    special = sim_rng_uniform (rng) < w->p_special;
  s = cs_world_pick_school (w, c->locality, c->age, special, avoid, rng);
  if (s == CS_NONE && special)
    s = cs_world_pick_school (w, c->locality, c->age, FALSE, avoid, rng);
  if (s == CS_NONE && avoid != CS_NONE) /* the only school takes it back */
    s = cs_world_pick_school (w, c->locality, c->age, special, CS_NONE, rng);
  /* No school of its kind takes the age: past school (ages between
   * school_age_min and school_age_max that no school takes are taken as
   * past the child's last phase). */
  cs_world_set_place (w, id,
                      s != CS_NONE ? CS_PLACE_ROLL : CS_PLACE_POST_SCHOOL, s);
}

/* Whether the child's social-care case is active: looked after, or a
 * referral waiting for, or an episode of, a social-care service. */
static gboolean
case_active (const CsWorld *w, const CsChild *c)
{
  if (c->flags & CS_CHILD_LOOKED_AFTER)
    return TRUE;
  for (guint32 k = c->first_case; k != CS_CASE_NONE;
       k = w->cases[k].next_of_child)
    {
      const CsCase *cs = &w->cases[k];
      if ((cs->kind == CS_CASE_WAITING || cs->kind == CS_CASE_RUNNING)
          && w->p->services[cs->service].sector == CS_SECTOR_SOCIAL_CARE)
        return TRUE;
    }
  return FALSE;
}

/* An open social-care case (a child in need, [CiN 2001]: known to social
 * care with an open case): open while active; once no longer active, held
 * open while the child has a need at child_in_need_stage_min or more
 * (closed by the closure hazard, cs-life.c), else closed. */
void
cs_world_set_open_case (CsWorld *w, guint id)
{
  CsChild *c = &w->kids[id];
  guint thr = cs_threshold (&w->p->groups.child_in_need_stage_min);

  c->flags &= (guint16)~CS_CHILD_CASE_HELD;
  if (case_active (w, c))
    c->flags |= CS_CHILD_OPEN_CASE;
  else if ((c->flags & CS_CHILD_OPEN_CASE) && c->place != CS_PLACE_GONE
           && cs_max_stage (c) >= thr)
    c->flags |= CS_CHILD_CASE_HELD;
  else
    c->flags &= (guint16)~CS_CHILD_OPEN_CASE;
}

void
cs_world_close_case (CsWorld *w, guint id)
{
  CsChild *c = &w->kids[id];

  g_return_if_fail (c->flags & CS_CHILD_CASE_HELD);
  c->flags &= (guint16) ~(CS_CHILD_OPEN_CASE | CS_CHILD_CASE_HELD);
}

/* ---- Public API --------------------------------------------------------- */

guint
cs_world_n_children (const CsWorld *w)
{
  return w->n_ids;
}

gsize
cs_world_record_bytes (void)
{
  return sizeof (CsChild);
}

guint
cs_world_n_present (const CsWorld *w)
{
  return w->n_ids - w->place_count[CS_PLACE_GONE];
}

const CsParams *
cs_world_params (const CsWorld *w)
{
  return w->p;
}

/* cs_world_child_state(), giving the child's record (CS_NONE when the
 * child is unknown or its record was dropped), so cs_world_child() does
 * not search for it twice. */
static guint
child_state (const CsWorld *w, guint id, CsChildView *out)
{
  guint i;

  if (id >= w->n_ids)
    return CS_NONE;
  i = record_of (w, id);
  if (i == CS_NONE) /* gone, its record dropped */
    {
      memset (out, 0, sizeof *out);
      out->id = id;
      out->place = CS_PLACE_GONE;
      out->school = CS_NONE;
      return CS_NONE;
    }
  cs_world_record_state (w, i, out);
  return i;
}

gboolean
cs_world_child (const CsWorld *w, guint id, CsChildView *out)
{
  double base[CS_N_ECM];

  guint i = child_state (w, id, out);

  if (i == CS_NONE)
    return FALSE;
  cs_measure_baseline (w, i, base);
  for (guint k = 0; k < CS_N_ECM; k++)
    out->ecm[k] = base[k] + w->kids[i].ecm[k] / CS_ECM_SCALE;
  return TRUE;
}

gboolean
cs_world_child_state (const CsWorld *w, guint id, CsChildView *out)
{
  return child_state (w, id, out) != CS_NONE;
}

guint
cs_world_n_records (const CsWorld *w)
{
  return w->n_kids;
}

void
cs_world_record_state (const CsWorld *w, guint record, CsChildView *out)
{
  const CsChild *c = &w->kids[record];

  g_return_if_fail (record < w->n_kids);
  memset (out, 0, sizeof *out);
  out->id = cs_child_id (w, record);
  out->age = c->age;
  out->sex = (c->flags & CS_CHILD_MALE) ? CS_SEX_MALE : CS_SEX_FEMALE;
  out->place = c->place;
  out->locality = c->locality;
  out->school = c->school == CS_SCHOOL_NONE ? CS_NONE : c->school;
  for (guint d = 0; d < CS_N_DOMAINS; d++)
    out->stage[d] = cs_stage (c, d);
  out->looked_after = (c->flags & CS_CHILD_LOOKED_AFTER) != 0;
  out->statement = cs_has_statement (w, c);
  out->open_case = (c->flags & CS_CHILD_OPEN_CASE) != 0;
  out->in_setting = (c->flags & CS_CHILD_SETTING) != 0;
  out->served = c->served;
  for (guint32 k = c->first_case; k != CS_CASE_NONE;
       k = w->cases[k].next_of_child)
    if (w->cases[k].kind == CS_CASE_WAITING)
      out->waiting |= 1u << w->cases[k].domain;
}

static double
sight_weight (const CsWorld *w, const CsChild *c, const CsSight *sight)
{
  static const int outside_of[CS_N_PLACES] = {
    [CS_PLACE_ROLL] = -1,
    [CS_PLACE_PRE_SCHOOL] = CS_OUTSIDE_PRE_SCHOOL,
    [CS_PLACE_EXCLUDED] = CS_OUTSIDE_EXCLUDED,
    [CS_PLACE_HOME_EDUCATED] = CS_OUTSIDE_HOME_EDUCATED,
    [CS_PLACE_OUT_OF_AREA] = CS_OUTSIDE_LOOKED_AFTER_OUT_OF_AREA,
    [CS_PLACE_POST_SCHOOL] = -1,
    [CS_PLACE_GONE] = -1,
  };
  double x = 0.0;

  (void)w;
  if (c->place == CS_PLACE_ROLL
      && (!sight->schools || sight->schools[c->school]))
    x = sight->roll_share;
  if (outside_of[c->place] >= 0)
    x = MAX (x, sight->outside_share[outside_of[c->place]]);
  if ((c->flags & (CS_CHILD_OPEN_CASE | CS_CHILD_LOOKED_AFTER))
      || c->first_case != CS_CASE_NONE || c->engaged)
    x = MAX (x, sight->partner_share);
  return x;
}

void
cs_world_count_needs (const CsWorld *w, const CsSight *sight, double *counts)
{
  gsize n = (gsize)w->p->n_localities * CS_N_DOMAINS * CS_N_STAGES;

  memset (counts, 0, n * sizeof *counts);
  for (guint i = 0; i < w->n_kids; i++)
    {
      const CsChild *c = &w->kids[i];
      double x;

      if (c->place == CS_PLACE_GONE || c->age < sight->age_min
          || c->age > sight->age_max)
        continue;
      x = sight_weight (w, c, sight);
      if (x <= 0.0)
        continue;
      for (guint d = 0; d < CS_N_DOMAINS; d++)
        counts[((gsize)c->locality * CS_N_DOMAINS + d) * CS_N_STAGES
               + cs_stage (c, d)]
            += x;
    }
}

void
cs_world_count_needs_bands (const CsWorld *w, const CsSight *sight,
                            guint n_bands, const guint *band_lo,
                            const guint *band_hi, double *counts)
{
  gsize n = (gsize)w->p->n_localities * CS_N_DOMAINS * CS_N_STAGES;
  guint32 bands_of[256] = { 0 }; /* ages are guint8 */

  g_return_if_fail (n_bands <= 32);
  memset (counts, 0, n_bands * n * sizeof *counts);
  for (guint b = 0; b < n_bands; b++)
    for (guint a = band_lo[b]; a <= band_hi[b] && a < 256; a++)
      bands_of[a] |= 1u << b;
  /* Each band's sums add the same children in the same order as a pass
   * of its own would. */
  for (guint i = 0; i < w->n_kids; i++)
    {
      const CsChild *c = &w->kids[i];
      guint32 m = bands_of[c->age];
      double x;

      if (c->place == CS_PLACE_GONE || !m)
        continue;
      x = sight_weight (w, c, sight);
      if (x <= 0.0)
        continue;
      for (; m; m &= m - 1)
        {
          double *out = counts + cs_lowest_bit (m) * n;
          for (guint d = 0; d < CS_N_DOMAINS; d++)
            out[((gsize)c->locality * CS_N_DOMAINS + d) * CS_N_STAGES
                + cs_stage (c, d)]
                += x;
        }
    }
}

/* ---- Invariants --------------------------------------------------------- */

static gboolean fail (GError **error, const char *fmt, ...)
    G_GNUC_PRINTF (2, 3);

static gboolean
fail (GError **error, const char *fmt, ...)
{
  va_list ap;
  g_autofree char *msg = NULL;

  va_start (ap, fmt);
  msg = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  g_set_error (error, SIM_ERROR, SIM_ERROR_INTERNAL, "area invariant: %s", msg);
  return FALSE;
}

/* Where a child is must agree with what it is. */
/* An active case is open; an open case is held iff not active, and a
 * held case has a need at child_in_need_stage_min. */
static gboolean
check_open_case (const CsWorld *w, guint id, GError **error)
{
  const CsChild *c = &w->kids[id];
  gboolean active = case_active (w, c);
  gboolean open = (c->flags & CS_CHILD_OPEN_CASE) != 0;
  gboolean held = (c->flags & CS_CHILD_CASE_HELD) != 0;

  if (active && !open)
    return fail (error, "child %u: social-care case active but not open",
                 cs_child_id (w, id));
  if (held != (open && !active))
    return fail (error, "child %u: open case held %d, active %d",
                 cs_child_id (w, id), held, active);
  if (held
      && cs_max_stage (c)
             < cs_threshold (&w->p->groups.child_in_need_stage_min))
    return fail (error, "child %u: case held open without a need",
                 cs_child_id (w, id));
  return TRUE;
}

static gboolean
check_child (const CsWorld *w, guint id, GError **error)
{
  const CsChild *c = &w->kids[id];
  const CsParams *p = w->p;
  gboolean care = FALSE, excl = FALSE, sanction = FALSE;
  guint8 running = 0;

  if (c->place >= CS_N_PLACES)
    return fail (error, "child %u is nowhere", cs_child_id (w, id));
  if (c->place == CS_PLACE_GONE)
    return c->first_case == CS_CASE_NONE
               ? TRUE
               : fail (error, "child %u is gone but has cases",
                       cs_child_id (w, id));
  /* One walk of the cases for what the tests below compare. */
  for (guint32 k = c->first_case; k != CS_CASE_NONE;
       k = w->cases[k].next_of_child)
    {
      const CsCase *cs = &w->cases[k];
      care |= cs->kind == CS_CASE_CARE;
      excl |= cs->kind == CS_CASE_EXCLUSION;
      if (cs->kind == CS_CASE_RUNNING)
        {
          running |= (guint8)(1u << cs->domain);
          sanction |= cs->sanction != 0;
        }
    }
  if (c->place == CS_PLACE_ROLL
      && (c->school >= p->n_schools
          || !cs_school_takes (&p->schools[c->school], c->age)))
    return fail (error,
                 "child %u (age %u) on the roll of school %u, "
                 "which does not take that age",
                 cs_child_id (w, id), c->age, c->school);
  if ((c->place == CS_PLACE_EXCLUDED) != excl)
    return fail (error, "child %u: excluded and exclusion case disagree",
                 cs_child_id (w, id));
  if (((c->flags & CS_CHILD_LOOKED_AFTER) != 0) != care)
    return fail (error, "child %u: looked after and care case disagree",
                 cs_child_id (w, id));
  if ((c->place == CS_PLACE_PRE_SCHOOL && c->age >= w->school_age_min)
      || (c->age < w->school_age_min && c->place != CS_PLACE_PRE_SCHOOL
          && c->place != CS_PLACE_OUT_OF_AREA))
    return fail (error, "child %u (age %u) in place %s", cs_child_id (w, id),
                 c->age, cs_place_names[c->place]);
  if (c->place == CS_PLACE_OUT_OF_AREA && !care)
    return fail (error, "child %u out of area but not looked after",
                 cs_child_id (w, id));
  if (running != c->served)
    return fail (error, "child %u: served domains %#x, running cases %#x",
                 cs_child_id (w, id), c->served, running);
  if (sanction != ((c->flags & CS_CHILD_SANCTION) != 0))
    return fail (error, "child %u: sanction flag %d, sanction episode %d",
                 cs_child_id (w, id), !sanction, sanction);
  return check_open_case (w, id, error);
}

/* A service's buyers: each waiting case on at least one buyer's list and
 * on none twice; each buyer's list and running counts as counted; no
 * buyer with a free place for need and a waiting list. */
static gboolean
check_buyers (const CsWorld *w, guint i, GError **error)
{
  const CsServiceState *s = &w->svcs[i];
  const char *id = w->p->services[i].id;
  g_autofree guint *busy = g_new0 (guint, MAX (1u, s->n_buyers));
  g_autofree guint *sanction = g_new0 (guint, MAX (1u, s->n_buyers));
  g_autofree guint *listed = g_new0 (guint, MAX (1u, s->n_buyers));
  guint caps = 0;

  for (guint j = 0; j < s->n_buyers; j++)
    {
      const CsBuyerState *b = &s->buyers[j];
      for (guint l = 0; l < CS_N_STAGES; l++)
        {
          guint32 prev = CS_CASE_NONE;
          for (guint32 e = b->head[l]; e != CS_CASE_NONE;
               prev = e, e = w->entries[e].next)
            {
              const CsEntry *en = &w->entries[e];
              const CsCase *cs = &w->cases[en->kase];
              if (en->prev != prev || en->slot != j
                  || cs->kind != CS_CASE_WAITING || cs->service != i)
                return fail (error,
                             "service %s: buyer %u's list holds an entry "
                             "of another list or case",
                             id, b->key);
              listed[j]++;
            }
          if (b->tail[l] != prev)
            return fail (error, "service %s: buyer %u's list ends wrong", id,
                         b->key);
        }
      if (listed[j] != b->q_len)
        return fail (error, "service %s: buyer %u lists %u, counted %u", id,
                     b->key, listed[j], b->q_len);
      caps += b->cap;
      for (guint x = 0; x < j; x++)
        if (s->buyers[x].key == b->key)
          return fail (error, "service %s: buyer %u twice", id, b->key);
    }
  if (caps != (guint)floor (MAX (0.0, s->places - s->sanction_places)))
    return fail (error, "service %s: buyers' places for need %u, of %g - %g",
                 id, caps, s->places, s->sanction_places);
  for (guint32 k = 0; k < w->n_cases; k++)
    {
      const CsCase *cs = &w->cases[k];
      guint n = 0;
      if (cs->service != i)
        continue;
      if (cs->kind == CS_CASE_RUNNING)
        {
          guint j = 0;
          while (j < s->n_buyers && s->buyers[j].key != cs->buyer)
            j++;
          if (j == s->n_buyers)
            return fail (error,
                         "service %s: an episode on the places of buyer %u, "
                         "not a buyer",
                         id, cs->buyer);
          busy[j]++;
          sanction[j] += cs->sanction;
        }
      else if (cs->kind == CS_CASE_WAITING)
        {
          g_autofree guint8 *on = g_new0 (guint8, MAX (1u, s->n_buyers));
          for (guint32 e = cs->first_entry; e != CS_CASE_NONE;
               e = w->entries[e].next_of_case, n++)
            {
              if (w->entries[e].kase != k || on[w->entries[e].slot])
                return fail (error,
                             "service %s: a waiting case twice on a list, or "
                             "an entry of another case",
                             id);
              on[w->entries[e].slot] = 1;
            }
          if (n == 0)
            return fail (error, "service %s: a waiting case on no list", id);
        }
    }
  for (guint j = 0; j < s->n_buyers; j++)
    {
      const CsBuyerState *b = &s->buyers[j];
      if (busy[j] != b->busy || sanction[j] != b->sanction_busy)
        return fail (error,
                     "service %s: buyer %u runs %u (%u on sanction places), "
                     "counted %u (%u)",
                     id, b->key, busy[j], sanction[j], b->busy,
                     b->sanction_busy);
      if (b->q_len > 0 && b->busy - b->sanction_busy < b->cap)
        return fail (error,
                     "service %s: buyer %u has free places and a "
                     "waiting list",
                     id, b->key);
    }
  return TRUE;
}

static gboolean
check_services (const CsWorld *w, GError **error)
{
  const CsParams *p = w->p;
  g_autofree guint *busy = g_new0 (guint, MAX (1u, p->n_services));
  g_autofree guint *waiting = g_new0 (guint, MAX (1u, p->n_services));
  g_autofree guint *sanction = g_new0 (guint, MAX (1u, p->n_services));

  for (guint32 k = 0; k < w->n_cases; k++)
    {
      if (w->cases[k].kind == CS_CASE_RUNNING)
        {
          busy[w->cases[k].service]++;
          sanction[w->cases[k].service] += w->cases[k].sanction;
        }
      else if (w->cases[k].kind == CS_CASE_WAITING)
        {
          waiting[w->cases[k].service]++;
          if (w->cases[k].sanction)
            return fail (error, "a sanction referral is waiting");
        }
    }
  for (guint i = 0; i < p->n_services; i++)
    {
      const CsServiceState *s = &w->svcs[i];
      if (busy[i] != s->busy || waiting[i] != s->q_len
          || sanction[i] != s->sanction_busy)
        return fail (error,
                     "service %s: %u running (%u on sanction places) and %u "
                     "waiting cases, counted %u (%u) and %u",
                     p->services[i].id, busy[i], sanction[i], waiting[i],
                     s->busy, s->sanction_busy, s->q_len);
      if (!check_buyers (w, i, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
cs_world_check (const CsWorld *w, GError **error)
{
  const CsPopulationFlows *run = &w->pop[2];
  guint count[CS_N_PLACES] = { 0 };
  g_autofree guint *roll = g_new0 (guint, MAX (1u, w->p->n_schools));
  guint64 present = 0;

  for (guint i = 0; i < w->n_kids; i++)
    {
      const CsChild *c = &w->kids[i];
      if (!check_child (w, i, error))
        return FALSE;
      count[c->place]++;
      if (c->place == CS_PLACE_ROLL)
        roll[c->school]++;
    }
  count[CS_PLACE_GONE] += w->n_compacted; /* dropped records */
  for (guint p = 0; p < CS_N_PLACES; p++)
    {
      if (count[p] != w->place_count[p])
        return fail (error, "%u children in place %s, counted %u", count[p],
                     cs_place_names[p], w->place_count[p]);
      if (p != CS_PLACE_GONE)
        present += count[p];
    }
  for (guint s = 0; s < w->p->n_schools; s++)
    if (roll[s] != w->schools[s].roll)
      return fail (error, "school %s: %u pupils, roll counted %u",
                   w->p->schools[s].id, roll[s], w->schools[s].roll);
  if (w->initial + run->births + run->arrivals
      != run->turned_18 + run->moved_away + present)
    return fail (error,
                 "children in (%" G_GUINT64_FORMAT
                 " initial + %" G_GUINT64_FORMAT " born + %" G_GUINT64_FORMAT
                 " arrived) "
                 "!= out (%" G_GUINT64_FORMAT " turned 18 + %" G_GUINT64_FORMAT
                 " moved away) + %" G_GUINT64_FORMAT " present",
                 w->initial, run->births, run->arrivals, run->turned_18,
                 run->moved_away, present);
  if (count[CS_PLACE_GONE] != run->turned_18 + run->moved_away)
    return fail (
        error,
        "%u children gone (%u records dropped), %" G_GUINT64_FORMAT " left",
        count[CS_PLACE_GONE], w->n_compacted, run->turned_18 + run->moved_away);
  return check_services (w, error);
}
