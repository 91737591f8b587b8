/* cs-child.c: a child's competing risks: the next event and which transition it
 * is.
 *
 * Every hazard of a child (cs-needs.c and cs-life.c) is constant until
 * the child's state changes or the school year ends (academic age changes
 * only then).  So the time to the child's next transition is exponential
 * with the sum of its hazards, and which transition happens is drawn in
 * proportion to them (the standard competing-risks construction, exact
 * for piecewise-constant hazards).  An event that would fall at or after
 * the school-year boundary is not scheduled: the sweep at the boundary
 * draws every child afresh.  After any change to a child its pending
 * event is cancelled and redrawn (memorylessness makes this exact).
 */
#include "config.h"

#include <math.h>

#include "models/params/cs-trace.h"
#include "models/area/cs-area.h"
#include "models/world/cs-world-private.h"

static const CsTraceWhat hazard_what[] = {
  [CS_HZ_ONSET] = CS_TRACE_ONSET,
  [CS_HZ_ESCALATE] = CS_TRACE_ESCALATION,
  [CS_HZ_REMIT] = CS_TRACE_REMISSION,
  [CS_HZ_NOTICE] = CS_TRACE_NOTICED,
  [CS_HZ_EXCLUDE] = CS_TRACE_EXCLUSION,
  [CS_HZ_CARE] = CS_TRACE_CARE_ENTRY,
  [CS_HZ_SCHOOL_MOVE] = CS_TRACE_SCHOOL_MOVE,
  [CS_HZ_HOME_EDUCATION] = CS_TRACE_HOME_EDUCATION,
  [CS_HZ_MOVE_AWAY] = CS_TRACE_MOVED_AWAY,
  [CS_HZ_CASE_CLOSE] = CS_TRACE_CASE_CLOSED,
  [CS_HZ_ASSESS] = CS_TRACE_ASSESSMENT_REQUESTED,
};
G_STATIC_ASSERT (G_N_ELEMENTS (hazard_what) == CS_N_HAZARD_KINDS);

static void
collect (const CsWorld *w, guint id, CsHazards *hz)
{
  hz->n = 0;
  hz->total = 0.0;
  cs_needs_hazards (w, id, hz);
  cs_life_hazards (w, id, hz);
}

/* collect()'s hz->total without the list: the same rates added in the
 * same order from 0.0, so the same double. */
static double
hazard_total (const CsWorld *w, guint id)
{
  return cs_life_total (w, id, cs_needs_total (w, id, 0.0));
}

void
cs_child_reschedule (CsWorld *w, guint id)
{
  CsChild *c = &w->kids[id];
  SimRng rng;
  double total, t, u;

  if (cs_child_next (c) != SIM_HANDLE_NONE)
    sim_engine_cancel (w->eng, cs_child_next (c));
  cs_child_set_next (c, SIM_HANDLE_NONE);
  if (c->place == CS_PLACE_GONE)
    return;
  total = hazard_total (w, id);
  if (!(total > 0.0))
    return;
  cs_world_child_rng (w, id, &rng);
  u = sim_rng_uniform (&rng);
  /* -log (u) >= 1 - u: when even 1 - u puts the event past the boundary
   * by a margin (1e-6 days) far above the rounding of either expression
   * (a few ulps of at most 250 years' days), t below is past it too, and
   * the event is not scheduled without computing the logarithm. */
  if (cs_world_now (w) + (1.0 - u) / total * SIM_DAYS_PER_YEAR
      >= w->boundary + 1e-6)
    return;
  t = cs_world_now (w) - log (u) / total * SIM_DAYS_PER_YEAR;
  if (t >= w->boundary)
    return;
  cs_child_set_next (c,
                     sim_engine_schedule_at (w->eng, t, 0, CS_AREA_KIND_CHILD,
                                             GUINT_TO_POINTER (id), NULL));
}

void
cs_child_event (CsWorld *w, guint id)
{
  CsHazards hz;
  SimRng rng;
  double u, cum = 0.0;
  guint i;

  cs_child_set_next (&w->kids[id], SIM_HANDLE_NONE);
  w->current = id;
  cs_world_flush (w, id);
  collect (w, id, &hz);
  g_assert (hz.n > 0);
  cs_world_child_rng (w, id, &rng);
  u = sim_rng_uniform (&rng) * hz.total;
  for (i = 0; i + 1 < hz.n; i++)
    {
      cum += hz.rate[i];
      if (u < cum)
        break;
    }
  if (hz.kind[i] <= CS_HZ_NOTICE)
    {
      CsTraceFacts f = { .what = hazard_what[hz.kind[i]],
                         .u.need = { hz.domain[i],
                                     cs_stage (&w->kids[id], hz.domain[i]) } };

      cs_world_say (w, id, NULL, &f);
      cs_needs_apply (w, id, hz.kind[i], hz.domain[i], &rng);
    }
  else
    {
      CsTraceFacts f = { .what = hazard_what[hz.kind[i]] };

      cs_world_say (w, id, NULL, &f);
      cs_life_apply (w, id, hz.kind[i], &rng);
    }
  w->current = CS_NONE;
  cs_child_reschedule (w, id);
}
