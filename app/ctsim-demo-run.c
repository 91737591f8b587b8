/* ctsim-demo-run.c: one arrangement's run for `ctsim demo`, recorded and
 * observed (see ctsim-demo.h for the two passes).
 *
 * Invariants: rows are the trace's, in its order, times as written (ten
 * significant digits); snapshots of a followed child are in time order,
 * the first (t < 0) before any event, and a new one only when something
 * the story tells changed (place, school, age, stages, care, open case,
 * setting, services, waiting lists); the k-th needs analysis (priority
 * setting) executed in pass 2 is matched with the k-th row of that stage
 * in pass 1, at the same time, or the run fails with SIM_ERROR_INTERNAL.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/area/cs-area.h"
#include "models/params/cs-trace.h"
#include "app/ctsim-demo.h"
#include "sim/sim-error.h"
#include "sim/sim-output.h"
#include "sim/sim-trace.h"

/* Times in the trace carry ten significant digits. */
static gboolean
same_time (double a, double b)
{
  return fabs (a - b) <= 1e-8 * MAX (1.0, fabs (a));
}

/* ---- life ---------------------------------------------------------------- */

static void
row_clear (gpointer p)
{
  CtsimDemoRow *r = p;

  g_free (r->commissioner);
  g_free (r->service);
}

static void
plan_clear (gpointer p)
{
  CtsimDemoPlan *x = p;

  g_free (x->planned);
  g_free (x->priority);
  g_free (x->held);
}

CtsimDemoRun *
ctsim_demo_run_new (const CsScenario *sc, const char *label, guint64 seed)
{
  CtsimDemoRun *run = g_new0 (CtsimDemoRun, 1);
  const CsRunSettings *rs = cs_scenario_run_settings (sc);

  run->sc = sc;
  run->p = cs_scenario_params (sc);
  run->label = label;
  run->sets = g_new0 (char *, 1);
  run->seed = seed;
  run->horizon = sim_years (rs->warmup_years + rs->years);
  run->threshold = (guint)run->p->groups.additional_needs_stage_min.value;
  run->rows = g_array_new (FALSE, TRUE, sizeof (CtsimDemoRow));
  g_array_set_clear_func (run->rows, row_clear);
  run->analyses = g_array_new (FALSE, TRUE, sizeof (CtsimDemoAnalysis));
  run->plans = g_array_new (FALSE, TRUE, sizeof (CtsimDemoPlan));
  g_array_set_clear_func (run->plans, plan_clear);
  for (guint j = 0; j < CTSIM_DEMO_FOLLOWED; j++)
    {
      run->follow[j] = CS_NONE;
      run->snaps[j] = g_array_new (FALSE, TRUE, sizeof (CtsimDemoSnap));
    }
  return run;
}

void
ctsim_demo_run_free (CtsimDemoRun *run)
{
  if (!run)
    return;
  g_array_unref (run->rows);
  g_array_unref (run->analyses);
  g_array_unref (run->plans);
  for (guint j = 0; j < CTSIM_DEMO_FOLLOWED; j++)
    g_array_unref (run->snaps[j]);
  g_free (run->trace);
  g_free (run->initial);
  g_strfreev (run->sets);
  sim_results_free (run->res);
  g_free (run);
}

/* ---- the trace ----------------------------------------------------------- */

/* The time as trace.csv writes it (ten significant digits), so that the
 * rows and the file agree. */
static double
as_written (double t)
{
  g_autoptr (GString) s = g_string_new (NULL);

  sim_csv_append_double (s, t);
  return g_ascii_strtod (s->str, NULL);
}

/* A trace row, typed (cs-trace.h), appended to the run's rows. */
static void
take_row (const SimTraceRow *row, gpointer data)
{
  CtsimDemoRun *run = data;
  CsTraceNote n;
  CtsimDemoRow r;

  cs_trace_note_read (row, &n);
  r.t = as_written (row->time);
  r.kind = row->kind;
  r.commissioner = g_strdup (n.commissioner);
  r.child = n.child;
  r.service = g_strdup (n.service);
  r.facts = n.facts;
  g_array_append_val (run->rows, r);
}

static SimRunConfig
config_of (const CtsimDemoRun *run)
{
  const CsRunSettings *rs = cs_scenario_run_settings (run->sc);
  SimRunConfig cfg
      = { run->seed, 0, sim_years (rs->warmup_years), run->horizon };

  return cfg;
}

static SimEngine *
engine_new (const CtsimDemoRun *run, GError **error)
{
  SimRunConfig cfg = config_of (run);

  if (cs_scenario_model (run->sc) != &cs_area_model)
    {
      g_set_error (error, SIM_ERROR, SIM_ERROR_DATA,
                   "demo: %s is not an area scenario (model=\"area\")",
                   cs_scenario_path (run->sc));
      return NULL;
    }
  return sim_engine_new (&cs_area_model, run->p, &cfg, error);
}

/* Run to the horizon with the trace written into memory. */
static gboolean
traced_run (CtsimDemoRun *run, SimEngine *eng, GError **error)
{
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream (&buf, &len);
  gboolean ok;

  if (!f)
    {
      g_set_error (error, SIM_ERROR, SIM_ERROR_INTERNAL,
                   "demo: cannot record the trace: %s", g_strerror (errno));
      return FALSE;
    }
  {
    g_autoptr (SimTrace) trace = sim_trace_new (f, &cs_area_model, NULL);
    sim_trace_set_row_func (trace, take_row, run);
    sim_trace_attach (trace, eng);
    ok = sim_engine_run (eng, run->res, error)
         && sim_trace_finish (trace, error);
    sim_engine_set_trace (eng, NULL, NULL);
  }
  if (fclose (f) != 0 && ok)
    {
      g_set_error (error, SIM_ERROR, SIM_ERROR_IO,
                   "demo: cannot record the trace");
      ok = FALSE;
    }
  run->trace = g_strndup (buf ? buf : "", len);
  free (buf);
  return ok;
}

/* Whether run starts with the children of `like` (the same area on the
 * same seed does: children's draws do not depend on who commissions). */
static gboolean
same_children (const CtsimDemoRun *run, const CtsimDemoRun *like,
               GError **error)
{
  gboolean same = like->n_initial == run->n_initial;

  for (guint i = 0; same && i < run->n_initial; i++)
    same = like->initial[i].sex == run->initial[i].sex
           && like->initial[i].age == run->initial[i].age
           && like->initial[i].locality == run->initial[i].locality;
  if (!same)
    g_set_error (error, SIM_ERROR, SIM_ERROR_DATA,
                 "demo: %s does not start with the children of %s (expected "
                 "the same area, as the demo-NAME.xml scenarios have)",
                 cs_scenario_path (run->sc), cs_scenario_path (like->sc));
  return same;
}

gboolean
ctsim_demo_run_trace (CtsimDemoRun *run, const CtsimDemoRun *like,
                      GError **error)
{
  g_autoptr (SimEngine) eng = engine_new (run, error);
  CsWorld *w;

  if (!eng)
    return FALSE;
  w = cs_area_world (sim_engine_state (eng));
  run->n_initial = cs_world_n_children (w);
  run->initial = g_new0 (CsChildView, MAX (1u, run->n_initial));
  for (guint i = 0; i < run->n_initial; i++)
    cs_world_child (w, i, &run->initial[i]);
  if (like && !same_children (run, like, error))
    return FALSE;
  run->res = sim_results_new ();
  if (!traced_run (run, eng, error))
    return FALSE;
  run->events = sim_engine_events (eng);
  return TRUE;
}

/* ---- choosing the children ----------------------------------------------- */

static const CsChildView *
initial_of (const CtsimDemoRun *run, gint64 id)
{
  return id >= 0 && (guint64)id < run->n_initial ? &run->initial[id] : NULL;
}

static gboolean
chosen (const CtsimDemoRun *run, gint64 id)
{
  for (guint j = 0; j < CTSIM_DEMO_FOLLOWED; j++)
    if (run->follow[j] != CS_NONE && (gint64)run->follow[j] == id)
      return TRUE;
  return FALSE;
}

static const CtsimDemoRow *
row_at (const CtsimDemoRun *run, guint i)
{
  return &g_array_index (run->rows, CtsimDemoRow, i);
}

/* The domain of the need a row is about, or CS_N_DOMAINS. */
static CsDomain
domain_of_row (const CtsimDemoRow *r)
{
  switch (r->facts.what)
    {
    case CS_TRACE_ONSET:
    case CS_TRACE_ESCALATION:
    case CS_TRACE_REMISSION:
    case CS_TRACE_NOTICED:
      return r->facts.u.need.domain;
    case CS_TRACE_REFERRED:
      return r->facts.u.referred.domain;
    case CS_TRACE_EPISODE_STARTED:
    case CS_TRACE_EPISODE_ENDED_EARLY:
    case CS_TRACE_COMPLETED:
    case CS_TRACE_REFERRAL_WITHDRAWN:
    case CS_TRACE_REFERRAL_LAPSED:
      return r->facts.u.episode.domain;
    default:
      return CS_N_DOMAINS;
    }
}

/* The first row (from index `from`) about a child not chosen yet that
 * says `what` (about domain d, unless d is CS_N_DOMAINS) and, if roll,
 * about a child who was on a roll at the start; its index or G_MAXUINT. */
static guint
first_row (const CtsimDemoRun *run, guint from, CsTraceWhat what, CsDomain d,
           gboolean roll, gint64 child)
{
  for (guint i = from; i < run->rows->len; i++)
    {
      const CtsimDemoRow *r = row_at (run, i);
      const CsChildView *v = initial_of (run, r->child);
      if (!v || chosen (run, r->child) || (child >= 0 && r->child != child)
          || r->facts.what != what
          || (d != CS_N_DOMAINS && domain_of_row (r) != d))
        continue;
      if (roll && v->place != CS_PLACE_ROLL)
        continue;
      return i;
    }
  return G_MAXUINT;
}

/* The child at the start that `better` ranks first (lowest id on ties). */
static guint
best_initial (const CtsimDemoRun *run,
              gint (*score) (const CsChildView *v, gconstpointer data),
              gconstpointer data)
{
  guint best = CS_NONE;
  gint top = G_MININT;

  for (guint i = 0; i < run->n_initial; i++)
    {
      gint x;
      if (chosen (run, i) || run->initial[i].place == CS_PLACE_GONE)
        continue;
      x = score (&run->initial[i], data);
      if (x > top)
        {
          top = x;
          best = i;
        }
    }
  return top > G_MININT ? best : CS_NONE;
}

static gint
score_stage (const CsChildView *v, gconstpointer data)
{
  const guint *d = data;

  return v->place == CS_PLACE_ROLL || d[1] == 0 ? (gint)v->stage[d[0]]
                                                : G_MININT;
}

/* The domain of a child's highest stage at the start (the lowest on ties),
 * or of its first onset in the run. */
static CsDomain
main_domain (const CtsimDemoRun *run, guint id)
{
  const CsChildView *v = &run->initial[id];
  guint best = 0;
  guint i;

  for (guint d = 1; d < CS_N_DOMAINS; d++)
    if (v->stage[d] > v->stage[best])
      best = d;
  if (v->stage[best] > 0)
    return (CsDomain)best;
  i = first_row (run, 0, CS_TRACE_ONSET, CS_N_DOMAINS, FALSE, id);
  return i != G_MAXUINT ? domain_of_row (row_at (run, i))
                        : CS_DOMAIN_FAMILY_STRESS;
}

/* Domains some service of the scenario serves (CS_BIT). */
static guint32
served_domains (const CsParams *p)
{
  guint32 m = 0;

  for (guint i = 0; i < p->n_services; i++)
    m |= p->services[i].domains;
  return m;
}

/* The domain of a child's highest stage, among the domains in `mask`
 * (the lowest on ties); CS_N_DOMAINS if it has no such need. */
static CsDomain
top_domain (const CsChildView *v, guint32 mask)
{
  guint best = CS_N_DOMAINS;

  for (guint d = 0; d < CS_N_DOMAINS; d++)
    if ((mask & CS_BIT (d)) && v->stage[d] > 0
        && (best == CS_N_DOMAINS || v->stage[d] > v->stage[best]))
      best = d;
  return (CsDomain)best;
}

static gint
score_outside (const CsChildView *v, gconstpointer data)
{
  const guint32 *served = data;
  CsDomain d = top_domain (v, *served);

  if (v->place != CS_PLACE_PRE_SCHOOL && v->place != CS_PLACE_EXCLUDED
      && v->place != CS_PLACE_HOME_EDUCATED && v->place != CS_PLACE_OUT_OF_AREA)
    return G_MININT;
  return (d == CS_N_DOMAINS ? 0 : (gint)v->stage[d]) * 2
         + (v->in_setting ? 0 : 1);
}

/* Whether the child's need in domain d is referred (at stage min_stage
 * or more) in a row after index `from`. */
static gboolean
referred_later (const CtsimDemoRun *run, guint from, gint64 child, CsDomain d,
                guint min_stage)
{
  for (guint i = from; i < run->rows->len; i++)
    {
      const CtsimDemoRow *r = row_at (run, i);
      if (r->child == child && r->facts.what == CS_TRACE_REFERRED
          && r->facts.u.referred.domain == d
          && r->facts.u.referred.stage >= min_stage)
        return TRUE;
    }
  return FALSE;
}

/* The first pupil (on a roll at the start) with a row saying `what` about
 * its emotional-health need from which on that need is referred at
 * min_stage or more; G_MAXUINT if none. */
static guint
first_pupil (const CtsimDemoRun *run, CsTraceWhat what, guint min_stage)
{
  const CsDomain emh = CS_DOMAIN_EMOTIONAL_MENTAL_HEALTH;

  for (guint i = first_row (run, 0, what, emh, TRUE, -1); i != G_MAXUINT;
       i = first_row (run, i + 1, what, emh, TRUE, -1))
    if (referred_later (run, i, row_at (run, i)->child, emh, min_stage))
      return i;
  return G_MAXUINT;
}

static void
choose_emotional (CtsimDemoRun *run)
{
  static const guint emh[2] = { CS_DOMAIN_EMOTIONAL_MENTAL_HEALTH, 1 };
  static const struct
  {
    CsTraceWhat what;
    gboolean at_threshold;
    const char *why;
  } rules[] = {
    { CS_TRACE_ONSET, TRUE,
      "a pupil whose emotional-health need arises during the run and is "
      "referred" },
    { CS_TRACE_REFERRED, TRUE,
      "a pupil whose emotional-health need is referred" },
    { CS_TRACE_REFERRED, FALSE,
      "a pupil whose emotional-health concern is referred" },
  };

  run->focus[0] = CS_DOMAIN_EMOTIONAL_MENTAL_HEALTH;
  for (gsize k = 0; k < G_N_ELEMENTS (rules); k++)
    {
      guint i = first_pupil (run, rules[k].what,
                             rules[k].at_threshold ? run->threshold : 0);
      if (i != G_MAXUINT)
        {
          run->follow[0] = (guint)row_at (run, i)->child;
          run->why[0] = rules[k].why;
          return;
        }
    }
  run->follow[0] = best_initial (run, score_stage, emh);
  run->why[0] = "the pupil with the most serious emotional-health need";
}

static void
choose_outside (CtsimDemoRun *run)
{
  guint32 served = served_domains (run->p);
  guint i = first_row (run, 0, CS_TRACE_EXCLUSION, CS_N_DOMAINS, TRUE, -1);
  CsDomain d;

  if (i != G_MAXUINT)
    {
      run->follow[1] = (guint)row_at (run, i)->child;
      run->focus[1] = CS_DOMAIN_CONDUCT_BEHAVIOUR;
      run->why[1] = "a pupil excluded from school during the run";
      return;
    }
  run->follow[1] = best_initial (run, score_outside, &served);
  run->why[1] = "outside the school roll, with the most serious need a "
                "service here meets";
  if (run->follow[1] == CS_NONE)
    return;
  d = top_domain (&run->initial[run->follow[1]], served);
  run->focus[1] = d != CS_N_DOMAINS ? d : main_domain (run, run->follow[1]);
}

static void
choose_safeguarding (CtsimDemoRun *run)
{
  static const guint sg[2] = { CS_DOMAIN_SAFEGUARDING, 0 };
  guint i = first_row (run, 0, CS_TRACE_CARE_ENTRY, CS_N_DOMAINS, FALSE, -1);

  run->focus[2] = CS_DOMAIN_SAFEGUARDING;
  if (i != G_MAXUINT)
    {
      run->follow[2] = (guint)row_at (run, i)->child;
      run->why[2] = "a child who comes into care during the run";
      return;
    }
  for (i = 0; i < run->rows->len; i++)
    {
      const CtsimDemoRow *r = row_at (run, i);
      if (initial_of (run, r->child) && !chosen (run, r->child)
          && r->facts.what == CS_TRACE_ESCALATION
          && r->facts.u.need.domain == CS_DOMAIN_SAFEGUARDING
          && r->facts.u.need.from + 1 >= 3)
        {
          run->follow[2] = (guint)r->child;
          run->why[2] = "a child whose safeguarding need rises to stage 3";
          return;
        }
    }
  run->follow[2] = best_initial (run, score_stage, sg);
  run->why[2] = "the child with the most serious safeguarding need";
}

void
ctsim_demo_choose (CtsimDemoRun *run)
{
  choose_emotional (run);
  choose_outside (run);
  choose_safeguarding (run);
}

void
ctsim_demo_follow_as (CtsimDemoRun *run, const CtsimDemoRun *other)
{
  for (guint j = 0; j < CTSIM_DEMO_FOLLOWED; j++)
    {
      run->follow[j] = other->follow[j];
      run->focus[j] = other->focus[j];
      run->why[j] = other->why[j];
    }
}

/* ---- pass 2: observing --------------------------------------------------- */

typedef struct
{
  CtsimDemoRun *run;
  CsWorld *w;
  CsCommission *c;
  double last_t;
  gboolean pending_needs, pending_plan;
  GArray *needs_rows, *plan_rows; /* guint indices into run->rows */
  guint k_needs, k_plan;
  guint8 *members; /* n_arrangements x n_schools: member-school flags */
  gboolean *has_members;
  char *failure;
} Observer;

static void
observer_init (Observer *o, CtsimDemoRun *run, SimEngine *eng)
{
  const CsParams *p = run->p;
  gsize ns = MAX (1u, p->n_schools);

  o->run = run;
  o->w = cs_area_world (sim_engine_state (eng));
  o->c = cs_area_commission (sim_engine_state (eng));
  o->last_t = 0.0;
  o->needs_rows = g_array_new (FALSE, FALSE, sizeof (guint));
  o->plan_rows = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint i = 0; i < run->rows->len; i++)
    {
      const CtsimDemoRow *r = row_at (run, i);
      if (r->facts.what == CS_TRACE_NEEDS_ANALYSIS)
        g_array_append_val (o->needs_rows, i);
      if (r->facts.what == CS_TRACE_PRIORITY_SETTING)
        g_array_append_val (o->plan_rows, i);
    }
  o->members = g_new0 (guint8, MAX (1u, p->n_arrangements) * ns);
  o->has_members = g_new0 (gboolean, MAX (1u, p->n_arrangements));
  for (guint a = 0; a < p->n_arrangements; a++)
    for (guint m = 0; m < p->arrangements[a].n_members; m++)
      if (p->arrangements[a].members[m].kind == CS_MEMBER_SCHOOL)
        {
          o->members[a * ns + p->arrangements[a].members[m].index] = 1;
          o->has_members[a] = TRUE;
        }
}

static void
observer_clear (Observer *o)
{
  g_array_unref (o->needs_rows);
  g_array_unref (o->plan_rows);
  g_free (o->members);
  g_free (o->has_members);
  g_free (o->failure);
}

static void
fail (Observer *o, const char *what, double t)
{
  if (!o->failure)
    o->failure = g_strdup_printf (
        "demo: the two passes of '%s' diverged at the %s of day %.2f",
        cs_scenario_name (o->run->sc), what, t);
}

/* The arrangement the k-th row of a stage names, checked against the
 * time of the event just executed; CS_NONE on a mismatch. */
static guint
matched_arrangement (Observer *o, GArray *rows, guint *k, const char *what)
{
  const CtsimDemoRow *r;
  guint a;

  if (*k >= rows->len)
    {
      fail (o, what, o->last_t);
      return CS_NONE;
    }
  r = row_at (o->run, g_array_index (rows, guint, (*k)++));
  a = cs_params_find_arrangement (o->run->p, r->commissioner);
  if (a == CS_NONE || !same_time (r->t, o->last_t))
    fail (o, what, o->last_t);
  return o->failure ? CS_NONE : a;
}

static CtsimDemoWhere
where_of (const Observer *o, guint arr, const CsChildView *v)
{
  switch (v->place)
    {
    case CS_PLACE_ROLL:
      return !o->has_members[arr]
                     || o->members[arr * MAX (1u, o->run->p->n_schools)
                                   + v->school]
                 ? CTSIM_DEMO_MEMBER_ROLL
                 : CTSIM_DEMO_OTHER_ROLL;
    case CS_PLACE_PRE_SCHOOL:
      return v->in_setting ? CTSIM_DEMO_PRE_SETTING : CTSIM_DEMO_PRE_HOME;
    case CS_PLACE_EXCLUDED:
      return CTSIM_DEMO_EXCLUDED;
    case CS_PLACE_HOME_EDUCATED:
      return CTSIM_DEMO_HOME_EDUCATED;
    case CS_PLACE_OUT_OF_AREA:
      return CTSIM_DEMO_OUT_OF_AREA;
    default:
      return CTSIM_DEMO_POST_SCHOOL;
    }
}

static gboolean
in_localities (const CsArrangement *a, guint locality)
{
  for (guint l = 0; l < a->n_localities; l++)
    if (a->localities[l] == locality)
      return TRUE;
  return a->n_localities == 0;
}

static void
capture_analysis (Observer *o)
{
  CtsimDemoRun *run = o->run;
  guint arr
      = matched_arrangement (o, o->needs_rows, &o->k_needs, "needs analysis");
  CtsimDemoAnalysis x;

  if (arr == CS_NONE)
    return;
  memset (&x, 0, sizeof x);
  x.t = o->last_t;
  x.arr = arr;
  cs_commission_needs_view (o->c, arr, run->threshold, &x.view);
  for (guint i = 0; i < cs_world_n_children (o->w); i++)
    {
      CsChildView v;
      cs_world_child (o->w, i, &v);
      if (v.place == CS_PLACE_GONE
          || !in_localities (&run->p->arrangements[arr], v.locality))
        continue;
      for (guint d = 0; d < CS_N_DOMAINS; d++)
        if (v.stage[d] >= run->threshold)
          {
            x.truth[d]++;
            x.where[d][where_of (o, arr, &v)]++;
          }
    }
  g_array_append_val (run->analyses, x);
}

static void
capture_plan (Observer *o)
{
  CtsimDemoRun *run = o->run;
  guint arr
      = matched_arrangement (o, o->plan_rows, &o->k_plan, "priority setting");
  guint n = run->p->n_services;
  CtsimDemoPlan x;

  if (arr == CS_NONE)
    return;
  x.t = o->last_t;
  x.arr = arr;
  x.planned = g_new (double, MAX (1u, n));
  x.priority = g_new (double, MAX (1u, n));
  x.held = g_new (double, MAX (1u, n));
  for (guint i = 0; i < n; i++)
    cs_commission_plan_view (o->c, arr, i, &x.planned[i], &x.priority[i],
                             &x.held[i]);
  g_array_append_val (run->plans, x);
}

/* Whether two records differ in what the story tells. */
static gboolean
same_child (const CsChildView *a, const CsChildView *b)
{
  return a->place == b->place && a->school == b->school && a->age == b->age
         && memcmp (a->stage, b->stage, sizeof a->stage) == 0
         && a->looked_after == b->looked_after && a->open_case == b->open_case
         && a->in_setting == b->in_setting && a->served == b->served
         && a->waiting == b->waiting;
}

static void
snapshot (Observer *o, double t)
{
  for (guint j = 0; j < CTSIM_DEMO_FOLLOWED; j++)
    {
      GArray *s = o->run->snaps[j];
      CtsimDemoSnap x;
      if (o->run->follow[j] == CS_NONE
          || !cs_world_child (o->w, o->run->follow[j], &x.v))
        continue;
      x.t = t;
      if (s->len > 0
          && same_child (&g_array_index (s, CtsimDemoSnap, s->len - 1).v, &x.v))
        continue;
      g_array_append_val (s, x);
    }
}

/* The state after the last event executed. */
static void
after_event (Observer *o)
{
  if (o->pending_needs)
    capture_analysis (o);
  if (o->pending_plan)
    capture_plan (o);
  o->pending_needs = o->pending_plan = FALSE;
  snapshot (o, o->last_t);
}

static void
observe_hook (double time, guint32 kind, const char *kind_name,
              gpointer user_data)
{
  Observer *o = user_data;

  (void)kind_name;
  after_event (o);
  o->pending_needs
      = kind == CS_AREA_KIND_OF_COMMISSION (CS_CYCLE_NEEDS_ANALYSIS);
  o->pending_plan
      = kind == CS_AREA_KIND_OF_COMMISSION (CS_CYCLE_PRIORITY_SETTING);
  o->last_t = time;
}

gboolean
ctsim_demo_run_observe (CtsimDemoRun *run, GError **error)
{
  g_autoptr (SimEngine) eng = engine_new (run, error);
  g_autoptr (SimResults) res = NULL;
  Observer o = { 0 };
  gboolean ok;

  if (!eng)
    return FALSE;
  observer_init (&o, run, eng);
  snapshot (&o, -1.0);
  sim_engine_set_trace (eng, observe_hook, &o);
  res = sim_results_new ();
  ok = sim_engine_run (eng, res, error);
  if (ok)
    {
      after_event (&o);
      if (!o.failure
          && (o.k_needs != o.needs_rows->len || o.k_plan != o.plan_rows->len
              || sim_engine_events (eng) != run->events))
        fail (&o, "end", run->horizon);
      if (o.failure)
        {
          g_set_error (error, SIM_ERROR, SIM_ERROR_INTERNAL, "%s", o.failure);
          ok = FALSE;
        }
    }
  observer_clear (&o);
  return ok;
}

/* ---- queries ------------------------------------------------------------- */

static const CsChildView *
child_when (const CtsimDemoRun *run, guint j, double t, gboolean after)
{
  GArray *s = run->snaps[j];
  const CsChildView *v = NULL;

  g_return_val_if_fail (s->len > 0, NULL);
  v = &g_array_index (s, CtsimDemoSnap, 0).v;
  for (guint i = 1; i < s->len; i++)
    {
      const CtsimDemoSnap *x = &g_array_index (s, CtsimDemoSnap, i);
      gboolean in = after ? x->t <= t || same_time (x->t, t)
                          : x->t < t && !same_time (x->t, t);
      if (!in)
        break;
      v = &x->v;
    }
  return v;
}

const CsChildView *
ctsim_demo_child_at (const CtsimDemoRun *run, guint j, double t)
{
  return child_when (run, j, t, TRUE);
}

const CsChildView *
ctsim_demo_child_before (const CtsimDemoRun *run, guint j, double t)
{
  return child_when (run, j, t, FALSE);
}

/* A referral still open: its service, domain and time. */
typedef struct
{
  const char *service;
  CsDomain domain;
  double t;
} Open;

static void
open_remove (GArray *open, const char *service, CsDomain domain)
{
  for (guint k = 0; k < open->len; k++)
    {
      Open *x = &g_array_index (open, Open, k);
      if (strcmp (x->service, service) == 0 && x->domain == domain)
        {
          g_array_remove_index (open, k);
          return;
        }
    }
}

/* Waits are summed as the trace writes them (to a tenth of a day), so
 * that the narration agrees with trace.csv. */
static void
fate_row (const CtsimDemoRun *run, const CtsimDemoRow *r, GArray *open,
          CtsimDemoFate *out)
{
  if (r->facts.what == CS_TRACE_REFERRED)
    {
      Open x = { r->service, r->facts.u.referred.domain, r->t };
      out->referrals++;
      if (r->facts.u.referred.no_service)
        {
          out->no_service++;
          return;
        }
      g_array_append_val (open, x);
    }
  else if (r->facts.what == CS_TRACE_EPISODE_STARTED)
    {
      out->episodes++;
      out->waited += r->facts.u.episode.waited_days;
      open_remove (open, r->service, r->facts.u.episode.domain);
      if (!out->first)
        {
          guint s = cs_params_find_service (run->p, r->service);
          out->first = s != CS_NONE ? run->p->services[s].name : r->service;
        }
    }
  else if (r->facts.what == CS_TRACE_REFERRAL_WITHDRAWN)
    open_remove (open, r->service, r->facts.u.episode.domain);
}

void
ctsim_demo_fate (const CtsimDemoRun *run, guint j, CtsimDemoFate *out)
{
  g_autoptr (GArray) open = g_array_new (FALSE, FALSE, sizeof (Open));
  const CsChildView *end;

  memset (out, 0, sizeof *out);
  out->waiting_since = NAN;
  if (run->follow[j] == CS_NONE)
    return;
  for (guint i = 0; i < run->rows->len; i++)
    if (row_at (run, i)->child == (gint64)run->follow[j])
      fate_row (run, row_at (run, i), open, out);
  end = ctsim_demo_child_at (run, j, run->horizon);
  out->waiting = end && end->waiting != 0;
  if (out->waiting) /* referred before the first event when none is open */
    out->waiting_since = open->len > 0 ? g_array_index (open, Open, 0).t : 0.0;
}
