/* cs-area.h: the area model: children, needs, life events, services, measures.
 *
 * cs_area_model runs one area (const CsParams *, see cs-params.h) for one
 * replication.  Simulated time: day 0 is the first day of a school year;
 * school years are SIM_DAYS_PER_YEAR long, and every child's academic age
 * grows by one at each school-year boundary.  Measurement years are
 * counted from the end of warm-up, as in cs-queue.c; docs/outputs.md
 * lists the rows and docs/model.md describes the model (ODD).
 *
 * Event kinds are listed below; the commissioning model (issue 5) adds
 * its kinds after CS_AREA_KIND_SCHOOL_YEAR_START and its handlers to the
 * table in cs-area.c.  At one instant, events run in this order: model
 * events (priority 0), then the end of the school year, the measurement
 * year end and the start of the next school year (the three highest
 * priorities, in that order).
 *
 * cs_area_world() gives the world of a running or finished engine's state
 * (for the commissioning handlers and for tests).
 */
#pragma once

#include <glib.h>

#include "models/commission/cs-commission.h"
#include "models/params/cs-params.h"
#include "models/world/cs-world.h"
#include "sim/sim-engine.h"

G_BEGIN_DECLS

typedef enum
{
  CS_AREA_KIND_CHILD,          /* a child's next transition (child id) */
  CS_AREA_KIND_EPISODE_END,    /* an episode ends (case id) */
  CS_AREA_KIND_CARE_END,       /* a care episode ends (case id) */
  CS_AREA_KIND_EXCLUSION_END,  /* an excluded child gets a place (case) */
  CS_AREA_KIND_ARRIVAL,        /* a child moves into a locality (locality) */
  CS_AREA_KIND_LAPSE,          /* a waiting referral lapses (case id) */
  CS_AREA_KIND_ASSESSMENT_END, /* a statutory assessment ends (case id) */
  CS_AREA_KIND_SCHOOL_YEAR_END,
  CS_AREA_KIND_YEAR_END,
  CS_AREA_KIND_SCHOOL_YEAR_START,
  /* The commissioning model's kinds follow (cs-commission.h). */
  CS_AREA_KIND_COMMISSION,
  CS_AREA_N_KINDS = CS_AREA_KIND_COMMISSION + CS_COMMISSION_N_KINDS
} CsAreaKind;

/* The area model's kind of commissioning kind k (a CsCycleStage or a
 * CsCommissionKind). */
#define CS_AREA_KIND_OF_COMMISSION(k) ((guint32)CS_AREA_KIND_COMMISSION + (k))

/* Priorities of the three boundary events (after every model event). */
#define CS_AREA_PRIORITY_SCHOOL_YEAR_END (G_MAXINT32 - 2)
#define CS_AREA_PRIORITY_YEAR_END (G_MAXINT32 - 1)
#define CS_AREA_PRIORITY_SCHOOL_YEAR_START G_MAXINT32

extern const SimModel cs_area_model;

/* The world in a state made by cs_area_model.state_new. (transfer none) */
CsWorld *cs_area_world (gpointer state);
/* Its commissioning model. (transfer none) */
CsCommission *cs_area_commission (gpointer state);

G_END_DECLS
