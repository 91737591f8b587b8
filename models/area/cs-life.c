/* cs-life.c: life events: ageing and school transitions, exclusion, care,
 * school moves, home education, migration.
 *
 * Hazards per year (cs-params.h, CsLifeEvents):
 *  - pupils: permanent exclusion = exclusion_per_1000_per_year / 1000
 *    x exclusion_conduct_rr[conduct stage] x exclusion_sen_rr[learning
 *    stage] x exclusion_served_rr (while an episode meets the conduct
 *    need: the school's response) x exclusion_looked_after_rr (if looked
 *    after) x exclusion_orientation_rr^-orientation (of the school); a
 *    mid-phase school move = school_move_per_1000_per_year / 1000
 *    x school_move_looked_after_rr (looked after), or
 *    school_move_looked_after_ks4_rr instead at key stage 4 ages, plus,
 *    for a looked-after pupil, placement_moves_per_year
 *    x placement_school_change_share (a change of placement that takes
 *    the pupil to another school); home education =
 *    home_education_per_1000_per_year / 1000;
 *  - children not looked after: entry into care =
 *    care_entry_per_year[safeguarding stage]
 *    x care_family_rr[family-stress stage]; moving away =
 *    migration_out_per_1000_per_year / 1000 (looked-after children do not
 *    move away with a family: assumption);
 *  - a social-care case held open with no service (cs_world_set_open_case):
 *    closure = case_closure_per_year.
 * On entering care the child's safeguarding need is referred by a social
 * worker (unless services already know it), so placement services (for
 * looked-after children only) are reached first.
 * An excluded child is out of school for a time drawn from
 * exclusion_days, then gets a place at another school of its phase.  A
 * care episode lasts care_days; with chance care_out_of_area_share the
 * child is placed out of the area (off the school roll) and comes back
 * to a school of its locality at the end.  Leaving a school (exclusion,
 * move, home education, placement out of the area, a change of phase)
 * ends school-based episodes (cs_service_left_school).
 *
 * At each school-year start every child's academic age grows by one:
 * children of 18 leave; pre-school children of school age join a school;
 * pupils past their school's age range move to a school of the next
 * phase (a special school again, if one takes the age), or leave school
 * when no school takes the age; the new age-0 cohort is born.
 */
#include "config.h"

#include <math.h>

#include "models/area/cs-area.h"
#include "models/world/cs-world-private.h"

/* ---- Hazards ------------------------------------------------------------ */

static gboolean
in_ks4 (const CsLifeEvents *le, guint age)
{
  return age >= le->ks4_age_min.value && age <= le->ks4_age_max.value;
}

/* The child's life-event hazards by cs_hazards_add (hz NULL: only
 * summed), inlined into its two callers as needs_hazards in cs-needs.c. */
static inline __attribute__ ((always_inline)) void
life_hazards (const CsWorld *w, guint id, CsHazards *hz, guint *n,
              double *total)
{
  const CsChild *c = &w->kids[id];
  const CsLifeEvents *le = &w->p->life;
  gboolean la = (c->flags & CS_CHILD_LOOKED_AFTER) != 0;

  if (c->place == CS_PLACE_ROLL)
    {
      double move = 1.0, placement = 0.0;
      guint conduct = cs_stage (c, CS_DOMAIN_CONDUCT_BEHAVIOUR);
      gboolean met = conduct
                     && (c->served & CS_BIT (CS_DOMAIN_CONDUCT_BEHAVIOUR))
                     && (cs_service_needs_met (w, c)
                         & CS_BIT (CS_DOMAIN_CONDUCT_BEHAVIOUR));

      cs_hazards_add (
          hz, n, total, CS_HZ_EXCLUDE, 0,
          le->exclusion_per_1000_per_year.value / 1000.0
              * le->exclusion_conduct_rr[conduct].value
              * le->exclusion_sen_rr[cs_stage (c, CS_DOMAIN_LEARNING_SEN)].value
              * (met ? le->exclusion_served_rr.value : 1.0)
              * (la ? le->exclusion_looked_after_rr.value : 1.0)
              * w->schools[c->school].exclusion_rr);
      if (la)
        {
          move = in_ks4 (le, c->age) ? le->school_move_looked_after_ks4_rr.value
                                     : le->school_move_looked_after_rr.value;
          placement = le->placement_moves_per_year.value
                      * le->placement_school_change_share.value;
        }
      cs_hazards_add (hz, n, total, CS_HZ_SCHOOL_MOVE, 0,
                      le->school_move_per_1000_per_year.value / 1000.0 * move
                          + placement);
      cs_hazards_add (hz, n, total, CS_HZ_HOME_EDUCATION, 0,
                      le->home_education_per_1000_per_year.value / 1000.0);
      if (w->p->sen.on
          && !(c->flags & (CS_CHILD_STATEMENT | CS_CHILD_ASSESSING)))
        {
          guint s = cs_stage (c, CS_DOMAIN_LEARNING_SEN);
          if (s >= cs_threshold (&w->p->sen.assessment_stage))
            cs_hazards_add (
                hz, n, total, CS_HZ_ASSESS, 0,
                w->notice[CS_DOMAIN_LEARNING_SEN][s]
                         [cs_needs_in_sight (w, c) & w->p->sen.requesters]);
        }
    }
  if (!la)
    {
      cs_hazards_add (
          hz, n, total, CS_HZ_CARE, 0,
          le->care_entry_per_year[cs_stage (c, CS_DOMAIN_SAFEGUARDING)].value
              * le->care_family_rr[cs_stage (c, CS_DOMAIN_FAMILY_STRESS)]
                    .value);
      cs_hazards_add (hz, n, total, CS_HZ_MOVE_AWAY, 0,
                      w->p->area.migration_out_per_1000_per_year.value
                          / 1000.0);
    }
  if (c->flags & CS_CHILD_CASE_HELD)
    cs_hazards_add (hz, n, total, CS_HZ_CASE_CLOSE, 0,
                    le->case_closure_per_year.value);
}

void
cs_life_hazards (const CsWorld *w, guint id, CsHazards *hz)
{
  guint n = hz->n;
  double total = hz->total;

  life_hazards (w, id, hz, &n, &total);
  hz->n = n;
  hz->total = total;
}

double
cs_life_total (const CsWorld *w, guint id, double total)
{
  life_hazards (w, id, NULL, NULL, &total);
  return total;
}

/* ---- Events ------------------------------------------------------------- */

static void
shift_ecm (CsChild *c, const CsNum *shift)
{
  for (guint e = 0; e < CS_N_ECM; e++)
    {
      double x = c->ecm[e] + shift[e].value * CS_ECM_SCALE;
      c->ecm[e] = cs_ecm_round (x);
    }
}

/* A timer case (care or exclusion) ending after `days`. */
static void
start_timer (CsWorld *w, guint id, CsCaseKind kind, guint32 event_kind,
             double days)
{
  guint32 k = cs_case_new (w, id, kind);

  w->cases[k].end = sim_engine_schedule (w->eng, days, event_kind,
                                         GUINT_TO_POINTER (k), NULL);
}

static guint32
find_timer (const CsWorld *w, guint id, CsCaseKind kind)
{
  for (guint32 k = w->kids[id].first_case; k != CS_CASE_NONE;
       k = w->cases[k].next_of_child)
    if (w->cases[k].kind == kind)
      return k;
  return CS_CASE_NONE;
}

static void
drop_timer (CsWorld *w, guint id, CsCaseKind kind)
{
  guint32 k = find_timer (w, id, kind);

  if (k != CS_CASE_NONE)
    {
      sim_engine_cancel (w->eng, w->cases[k].end);
      cs_case_free (w, k);
    }
}

void
cs_life_exclude (CsWorld *w, guint id, SimRng *rng, gboolean initial)
{
  CsChild *c = &w->kids[id];
  double days = sim_dist_sample (&w->p->life.exclusion_days.dist, rng);

  cs_world_set_place (w, id, CS_PLACE_EXCLUDED, c->school);
  if (initial) /* part of the time out of school has passed */
    days *= sim_rng_uniform (rng);
  else
    {
      shift_ecm (c, w->p->ecm.exclusion_shift);
      cs_world_count_flow (w, id, CS_FLOW_EXCLUSIONS);
    }
  start_timer (w, id, CS_CASE_EXCLUSION, CS_AREA_KIND_EXCLUSION_END, days);
  cs_service_left_school (w, id);
}

void
cs_life_exclusion_end (CsWorld *w, guint32 k)
{
  guint id = w->cases[k].child;
  guint school = w->kids[id].school;
  SimRng rng;

  cs_world_flush (w, id);
  cs_case_free (w, k);
  cs_world_child_rng (w, id, &rng);
  cs_world_place_by_age (w, id, school, &rng);
  cs_child_reschedule (w, id);
}

void
cs_life_enter_care (CsWorld *w, guint id, SimRng *rng, gboolean initial,
                    gboolean out_of_area)
{
  CsChild *c = &w->kids[id];
  double days = sim_dist_sample (&w->p->life.care_days.dist, rng);

  c->flags |= CS_CHILD_LOOKED_AFTER;
  if (initial) /* part of the episode has passed */
    days *= sim_rng_uniform (rng);
  else
    {
      shift_ecm (c, w->p->ecm.care_entry_shift);
      cs_world_count_flow (w, id, CS_FLOW_ENTRIES_INTO_CARE);
    }
  start_timer (w, id, CS_CASE_CARE, CS_AREA_KIND_CARE_END, days);
  cs_world_set_open_case (w, id);
  if (out_of_area)
    {
      gboolean was_pupil = c->place == CS_PLACE_ROLL;
      drop_timer (w, id, CS_CASE_EXCLUSION);
      cs_world_set_place (w, id, CS_PLACE_OUT_OF_AREA, CS_NONE);
      if (was_pupil)
        cs_service_left_school (w, id);
    }
  /* The social worker who brings the child into care refers its
   * safeguarding need (the need care entry comes from), e.g. for a
   * placement, unless services already know it. */
  if (cs_stage (c, CS_DOMAIN_SAFEGUARDING) >= 1
      && !(c->engaged & (1u << CS_DOMAIN_SAFEGUARDING)))
    cs_service_refer (w, id, CS_DOMAIN_SAFEGUARDING, CS_NOTICER_SOCIAL_WORKER);
}

void
cs_life_care_end (CsWorld *w, guint32 k)
{
  guint id = w->cases[k].child;
  CsChild *c = &w->kids[id];
  SimRng rng;

  cs_world_flush (w, id);
  cs_case_free (w, k);
  c->flags &= (guint16)~CS_CHILD_LOOKED_AFTER;
  if (c->place == CS_PLACE_OUT_OF_AREA)
    {
      cs_world_child_rng (w, id, &rng);
      cs_world_place_by_age (w, id, CS_NONE, &rng);
    }
  cs_world_set_open_case (w, id);
  cs_child_reschedule (w, id);
}

/* A statutory assessment ends: a statement with chance statement_share
 * if the learning need is still at cease_stage or more. */
void
cs_life_assessment_end (CsWorld *w, guint32 k)
{
  guint id = w->cases[k].child;
  CsChild *c = &w->kids[id];
  const CsSenResponse *sr = &w->p->sen;
  double days = cs_world_now (w) - w->cases[k].referred;
  SimRng rng;

  cs_world_flush (w, id);
  cs_case_free (w, k);
  c->flags &= (guint16)~CS_CHILD_ASSESSING;
  cs_world_child_rng (w, id, &rng);
  if (cs_stage (c, CS_DOMAIN_LEARNING_SEN) >= cs_threshold (&sr->cease_stage)
      && sim_rng_uniform (&rng) < sr->statement_share.value)
    {
      c->flags |= CS_CHILD_STATEMENT;
      cs_world_count_flow (w, id, CS_FLOW_STATEMENTS);
      if (days <= sr->deadline_days.value)
        cs_world_count_flow (w, id, CS_FLOW_STATEMENTS_ON_TIME);
    }
  cs_child_reschedule (w, id);
}

/* The child leaves the area (turned 18 or moved away). */
static void
leave_area (CsWorld *w, guint id, gboolean turned_18)
{
  CsChild *c = &w->kids[id];

  if (cs_child_next (c) != SIM_HANDLE_NONE)
    sim_engine_cancel (w->eng, cs_child_next (c));
  cs_child_set_next (c, SIM_HANDLE_NONE);
  drop_timer (w, id, CS_CASE_CARE);
  drop_timer (w, id, CS_CASE_EXCLUSION);
  drop_timer (w, id, CS_CASE_ASSESSMENT);
  c->flags &= (guint16) ~(CS_CHILD_LOOKED_AFTER | CS_CHILD_OPEN_CASE
                          | CS_CHILD_CASE_HELD | CS_CHILD_ASSESSING);
  cs_world_set_place (w, id, CS_PLACE_GONE, CS_NONE);
  cs_service_left_area (w, id);
  for (guint i = 0; i < 3; i++)
    {
      if (i < 2 && !w->observing)
        continue;
      if (turned_18)
        w->pop[i].turned_18++;
      else
        w->pop[i].moved_away++;
    }
}

static void
school_move (CsWorld *w, guint id, SimRng *rng)
{
  CsChild *c = &w->kids[id];
  gboolean special = w->p->schools[c->school].type == CS_SCHOOL_SPECIAL;
  guint s
      = cs_world_pick_school (w, c->locality, c->age, special, c->school, rng);

  if (s == CS_NONE)
    return; /* no other school takes the child */
  cs_world_set_place (w, id, CS_PLACE_ROLL, s);
  cs_world_count_flow (w, id, CS_FLOW_SCHOOL_MOVES);
  if (in_ks4 (&w->p->life, c->age))
    cs_world_count_flow (w, id, CS_FLOW_SCHOOL_MOVES_KS4);
  cs_service_left_school (w, id);
}

void
cs_life_apply (CsWorld *w, guint id, CsHazardKind kind, SimRng *rng)
{
  switch (kind)
    {
    case CS_HZ_EXCLUDE:
      cs_life_exclude (w, id, rng, FALSE);
      break;
    case CS_HZ_CARE:
      cs_life_enter_care (w, id, rng, FALSE,
                          sim_rng_uniform (rng)
                              < w->p->life.care_out_of_area_share.value);
      break;
    case CS_HZ_SCHOOL_MOVE:
      school_move (w, id, rng);
      break;
    case CS_HZ_HOME_EDUCATION:
      cs_world_set_place (w, id, CS_PLACE_HOME_EDUCATED, CS_NONE);
      cs_service_left_school (w, id);
      break;
    case CS_HZ_MOVE_AWAY:
      leave_area (w, id, FALSE);
      break;
    case CS_HZ_CASE_CLOSE:
      cs_world_close_case (w, id);
      break;
    case CS_HZ_ASSESS:
      w->kids[id].flags |= CS_CHILD_ASSESSING;
      cs_world_count_flow (w, id, CS_FLOW_ASSESSMENTS);
      start_timer (w, id, CS_CASE_ASSESSMENT, CS_AREA_KIND_ASSESSMENT_END,
                   sim_dist_sample (&w->p->sen.assessment_days.dist, rng));
      break;
    default:
      g_assert_not_reached ();
    }
}

/* ---- The school year ---------------------------------------------------- */

/* A child one year older: its place for the new year. */
static void
age_one (CsWorld *w, guint id)
{
  CsChild *c = &w->kids[id];
  SimRng rng;

  cs_world_flush (w, id);
  c->age++;
  if (c->age >= CS_N_AGES)
    {
      leave_area (w, id, TRUE);
      return;
    }
  switch (c->place)
    {
    case CS_PLACE_ROLL:
      if (cs_school_takes (&w->p->schools[c->school], c->age))
        return;
      cs_world_child_rng (w, id, &rng);
      cs_world_place_by_age (w, id, CS_NONE, &rng);
      cs_service_left_school (w, id);
      break;
    case CS_PLACE_PRE_SCHOOL:
      if (c->age < w->school_age_min)
        return;
      cs_world_child_rng (w, id, &rng);
      cs_world_place_by_age (w, id, CS_NONE, &rng);
      if (c->place != CS_PLACE_PRE_SCHOOL)
        c->flags &= (guint16)~CS_CHILD_SETTING;
      break;
    case CS_PLACE_HOME_EDUCATED:
      if (c->age > w->school_age_max)
        cs_world_set_place (w, id, CS_PLACE_POST_SCHOOL, CS_NONE);
      break;
    default: /* excluded, out of area, post-school: unchanged */
      break;
    }
}

void
cs_life_school_year_start (CsWorld *w)
{
  guint n;

  /* The records of the children who left during the year are dropped
   * before the ageing, which schedules child events. */
  cs_world_compact (w);
  n = w->n_kids; /* the newborn are added after */
  w->school_year++;
  w->boundary = (w->school_year + 1) * SIM_DAYS_PER_YEAR;
  for (guint i = 0; i < n; i++)
    if (w->kids[i].place != CS_PLACE_GONE)
      age_one (w, i);
  for (guint l = 0; l < w->p->n_localities; l++)
    cs_populate_births (w, l);
}
