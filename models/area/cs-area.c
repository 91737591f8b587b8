/* cs-area.c: the area model's SimModel table: state, event handlers, warm-up
 * and finish.
 *
 * The state is an AreaState: the world (cs-world-private.h) and, from
 * issue 5, the commissioning model's state next to it.  Handlers only
 * dispatch to the modules: cs-child.c (a child's transitions),
 * cs-service.c (episodes), cs-life.c (care, exclusion, the school year),
 * cs-populate.c (arrivals), cs-measure.c (year ends, rows).
 *
 * Time line: state_new builds the population at day 0; the first
 * school-year start runs as an event at day 0 (after the end of a zero
 * warm-up, so the first year's open-access counts are observed); each
 * later boundary k x SIM_DAYS_PER_YEAR has a school-year end, maybe a
 * measurement year end, and a school-year start, in that order.
 */
#include "config.h"

#include <math.h>

#include "models/params/cs-trace.h"
#include "models/area/cs-area.h"
#include "models/world/cs-world-private.h"
#include "sim/sim-error.h"

typedef struct
{
  CsWorld *world;
  CsCommission *comm; /* issue 5 */
} AreaState;

/* Arrivals into locality l: a Poisson process from its own stream. */
static void
schedule_arrival (CsWorld *w, guint l)
{
  CsLocalityState *ls = &w->locs[l];

  if (!(ls->arrival_per_day > 0.0))
    return;
  sim_engine_schedule (
      w->eng, -log (sim_rng_uniform (&ls->arrivals)) / ls->arrival_per_day,
      CS_AREA_KIND_ARRIVAL, GUINT_TO_POINTER (l), NULL);
}

static void
schedule_boundaries (SimEngine *eng)
{
  const SimRunConfig *cfg = sim_engine_config (eng);
  double observed = cfg->horizon_days - cfg->warmup_days;
  /* Whole years only; a trailing part-year appears only in "all". */
  guint years = (guint)floor (observed / SIM_DAYS_PER_YEAR + 1e-9);

  sim_engine_schedule_at (eng, 0.0, CS_AREA_PRIORITY_SCHOOL_YEAR_START,
                          CS_AREA_KIND_SCHOOL_YEAR_START, GUINT_TO_POINTER (1),
                          NULL);
  /* A school-year start at the horizon would change the area after the
   * last census, unmeasured: it is left out.  A school-year end at the
   * horizon runs, before the last census as before every other one, so
   * the last observed year has its open-access services' effects like the
   * others (issue 13 item 6: without it the last year's ECM means fell). */
  for (guint k = 1; sim_years (k) <= cfg->horizon_days + 1e-9; k++)
    {
      sim_engine_schedule_at (eng, sim_years (k),
                              CS_AREA_PRIORITY_SCHOOL_YEAR_END,
                              CS_AREA_KIND_SCHOOL_YEAR_END, NULL, NULL);
      if (sim_years (k) < cfg->horizon_days - 1e-9)
        sim_engine_schedule_at (eng, sim_years (k),
                                CS_AREA_PRIORITY_SCHOOL_YEAR_START,
                                CS_AREA_KIND_SCHOOL_YEAR_START, NULL, NULL);
    }
  for (guint y = 1; y <= years; y++)
    sim_engine_schedule_at (eng, cfg->warmup_days + sim_years (y),
                            CS_AREA_PRIORITY_YEAR_END, CS_AREA_KIND_YEAR_END,
                            NULL, NULL);
}

static gpointer
area_state_new (SimEngine *eng, gconstpointer params, GError **error)
{
  const CsParams *p = params;
  const SimRunConfig *cfg = sim_engine_config (eng);
  AreaState *st;
  CsWorld *w;

  /* Open-access streams key the school year in 8 bits (cs-service.c). */
  if (cfg->horizon_days >= sim_years (250))
    {
      g_set_error (error, SIM_ERROR, SIM_ERROR_DATA,
                   "area: runs are limited to 250 years (asked %.1f)",
                   sim_to_years (cfg->horizon_days));
      return NULL;
    }
  w = cs_world_new (p, eng, error);
  if (!w)
    return NULL;
  if (!cs_populate_initial (w, error))
    {
      cs_world_free (w);
      return NULL;
    }
  st = g_new0 (AreaState, 1);
  st->world = w;
  for (guint l = 0; l < p->n_localities; l++)
    schedule_arrival (w, l);
  schedule_boundaries (eng);
  st->comm = cs_commission_new (w, eng, CS_AREA_KIND_COMMISSION, error);
  if (!st->comm)
    {
      cs_world_free (w);
      g_free (st);
      return NULL;
    }
  return st;
}

static void
area_state_free (gpointer state)
{
  AreaState *st = state;

  if (!st)
    return;
  cs_commission_free (st->comm);
  cs_world_free (st->world);
  g_free (st);
}

CsWorld *
cs_area_world (gpointer state)
{
  return ((AreaState *)state)->world;
}

CsCommission *
cs_area_commission (gpointer state)
{
  return ((AreaState *)state)->comm;
}

/* ---- Handlers ----------------------------------------------------------- */

static void
on_child (SimEngine *eng, gpointer state, gpointer payload)
{
  (void)eng;
  cs_child_event (cs_area_world (state), GPOINTER_TO_UINT (payload));
}

/* The case an end event names must be of the kind it ends. */
static gboolean
case_is (SimEngine *eng, CsWorld *w, guint32 k, CsCaseKind kind)
{
  if (k < w->n_cases && w->cases[k].kind == kind)
    return TRUE;
  sim_engine_fail (eng, "end event for case %u, which is not of kind %d", k,
                   (int)kind);
  return FALSE;
}

static void
on_episode_end (SimEngine *eng, gpointer state, gpointer payload)
{
  CsWorld *w = cs_area_world (state);
  guint32 k = GPOINTER_TO_UINT (payload);

  if (!case_is (eng, w, k, CS_CASE_RUNNING))
    return;
  cs_world_say (w, w->cases[k].child, w->p->services[w->cases[k].service].id,
                &(CsTraceFacts){ .what = CS_TRACE_COMPLETED,
                                 .u.episode = { w->cases[k].domain } });
  cs_service_episode_end (w, k);
}

static void
on_care_end (SimEngine *eng, gpointer state, gpointer payload)
{
  CsWorld *w = cs_area_world (state);
  guint32 k = GPOINTER_TO_UINT (payload);

  if (!case_is (eng, w, k, CS_CASE_CARE))
    return;
  cs_world_say (w, w->cases[k].child, NULL,
                &(CsTraceFacts){ .what = CS_TRACE_LEFT_CARE });
  cs_life_care_end (w, k);
}

static void
on_exclusion_end (SimEngine *eng, gpointer state, gpointer payload)
{
  CsWorld *w = cs_area_world (state);
  guint32 k = GPOINTER_TO_UINT (payload);

  if (!case_is (eng, w, k, CS_CASE_EXCLUSION))
    return;
  cs_world_say (w, w->cases[k].child, NULL,
                &(CsTraceFacts){ .what = CS_TRACE_NEW_SCHOOL_PLACE });
  cs_life_exclusion_end (w, k);
}

static void
on_assessment_end (SimEngine *eng, gpointer state, gpointer payload)
{
  CsWorld *w = cs_area_world (state);
  guint32 k = GPOINTER_TO_UINT (payload);

  if (!case_is (eng, w, k, CS_CASE_ASSESSMENT))
    return;
  cs_life_assessment_end (w, k);
}

static void
on_lapse (SimEngine *eng, gpointer state, gpointer payload)
{
  CsWorld *w = cs_area_world (state);
  guint32 k = GPOINTER_TO_UINT (payload);

  if (!case_is (eng, w, k, CS_CASE_WAITING))
    return;
  cs_service_lapse (w, k);
}

static void
on_arrival (SimEngine *eng, gpointer state, gpointer payload)
{
  CsWorld *w = cs_area_world (state);
  guint l = GPOINTER_TO_UINT (payload);

  (void)eng;
  cs_populate_arrival (w, l);
  cs_world_say (
      w, w->n_kids - 1, NULL,
      &(CsTraceFacts){ .what = CS_TRACE_ARRIVED, .u.arrived = { l } });
  cs_child_reschedule (w, w->n_kids - 1);
  schedule_arrival (w, l);
}

static void
on_school_year_end (SimEngine *eng, gpointer state, gpointer payload)
{
  (void)eng;
  (void)payload;
  cs_services_school_year_end (cs_area_world (state));
}

static void
on_year_end (SimEngine *eng, gpointer state, gpointer payload)
{
  g_autoptr (GError) error = NULL;

  (void)payload;
  if (!cs_measure_year_end (cs_area_world (state), &error))
    sim_engine_fail (eng, "%s", error->message);
}

/* payload 1: the first school year (day 0), nobody ages. */
static void
on_school_year_start (SimEngine *eng, gpointer state, gpointer payload)
{
  CsWorld *w = cs_area_world (state);

  if (!payload)
    cs_life_school_year_start (w);
  cs_services_school_year_start (w);
  cs_trace_say (eng, w->p, NULL, -1, NULL,
                &(CsTraceFacts){ .what = CS_TRACE_SCHOOL_YEAR,
                                 .u.school_year = { w->school_year,
                                                    cs_world_n_present (w) } });
  /* One pass: a child's reach changes only its own hazards, and its
   * draw reads nothing that another child's reach changes. */
  for (guint i = 0; i < w->n_kids; i++)
    if (w->kids[i].place != CS_PLACE_GONE)
      {
        cs_services_reach_child (w, i);
        cs_child_reschedule (w, i);
      }
}

/* Every commissioning kind (cs-commission.c dispatches on the payload). */
static void
on_commission (SimEngine *eng, gpointer state, gpointer payload)
{
  (void)eng;
  cs_commission_event (cs_area_commission (state), payload);
}

static void
area_warmup_end (SimEngine *eng, gpointer state)
{
  (void)eng;
  cs_measure_warmup_end (cs_area_world (state));
  cs_commission_warmup_end (cs_area_commission (state));
}

static gboolean
area_finish (SimEngine *eng, gpointer state, SimResults *out, GError **error)
{
  CsWorld *w = cs_area_world (state);

  (void)eng;
  if (!cs_world_check (w, error))
    return FALSE;
  cs_measure_finish (w, out);
  return cs_commission_finish (cs_area_commission (state), out, error);
}

/* The next event's record: a child's for a child event, a case's for
 * the end of an episode, care, an exclusion, an assessment or a wait.
 * Reads only the arrays' addresses. */
static void
area_prefetch (gpointer state, guint32 kind, gpointer payload)
{
  const CsWorld *w = cs_area_world (state);
  guint i = GPOINTER_TO_UINT (payload);

  switch (kind)
    {
    case CS_AREA_KIND_CHILD:
      if (i < w->n_kids)
        {
          const char *c = (const char *)&w->kids[i];
          __builtin_prefetch (c, 1);
          __builtin_prefetch (c + sizeof (CsChild) - 1, 1);
        }
      break;
    case CS_AREA_KIND_EPISODE_END:
    case CS_AREA_KIND_CARE_END:
    case CS_AREA_KIND_EXCLUSION_END:
    case CS_AREA_KIND_ASSESSMENT_END:
    case CS_AREA_KIND_LAPSE:
      if (i < w->n_cases)
        __builtin_prefetch (&w->cases[i], 1);
      break;
    default:
      break;
    }
}

static const char *const kind_names[CS_AREA_N_KINDS] = {
  [CS_AREA_KIND_CHILD] = "child",
  [CS_AREA_KIND_EPISODE_END] = "episode_end",
  [CS_AREA_KIND_CARE_END] = "care_end",
  [CS_AREA_KIND_EXCLUSION_END] = "exclusion_end",
  [CS_AREA_KIND_ARRIVAL] = "arrival",
  [CS_AREA_KIND_LAPSE] = "lapse",
  [CS_AREA_KIND_ASSESSMENT_END] = "assessment_end",
  [CS_AREA_KIND_SCHOOL_YEAR_END] = "school_year_end",
  [CS_AREA_KIND_YEAR_END] = "year_end",
  [CS_AREA_KIND_SCHOOL_YEAR_START] = "school_year_start",
  CS_COMMISSION_KIND_NAMES (CS_AREA_KIND_COMMISSION),
};

static const SimHandlerFunc handlers[CS_AREA_N_KINDS] = {
  [CS_AREA_KIND_CHILD] = on_child,
  [CS_AREA_KIND_EPISODE_END] = on_episode_end,
  [CS_AREA_KIND_CARE_END] = on_care_end,
  [CS_AREA_KIND_EXCLUSION_END] = on_exclusion_end,
  [CS_AREA_KIND_ARRIVAL] = on_arrival,
  [CS_AREA_KIND_LAPSE] = on_lapse,
  [CS_AREA_KIND_ASSESSMENT_END] = on_assessment_end,
  [CS_AREA_KIND_SCHOOL_YEAR_END] = on_school_year_end,
  [CS_AREA_KIND_YEAR_END] = on_year_end,
  [CS_AREA_KIND_SCHOOL_YEAR_START] = on_school_year_start,
  CS_COMMISSION_HANDLERS (CS_AREA_KIND_COMMISSION, on_commission),
};

const SimModel cs_area_model = {
  .name = "area",
  .n_kinds = CS_AREA_N_KINDS,
  .kind_names = kind_names,
  .handlers = handlers,
  .trace_columns = cs_trace_columns,
  .state_new = area_state_new,
  .state_free = area_state_free,
  .warmup_end = area_warmup_end,
  /* Where a year ends: after a school-year end at the same time, so that
   * the school year that ends there is warm-up's, as the one ending at a
   * census is the census year's (issue 13 item 6: before, open-access
   * services counted, charged and applied two school years in the first
   * observed year), and before the school year that starts there. */
  .warmup_priority = CS_AREA_PRIORITY_YEAR_END,
  .finish = area_finish,
  .prefetch = area_prefetch,
};
