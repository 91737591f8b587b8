/* ctsim-demo.h: what `ctsim demo`'s files share (ctsim-demo.c: the command,
 * its options, output folder and chart; ctsim-demo-run.c: one
 * arrangement's run, observed; ctsim-demo-story.c: the narration's
 * timeline; ctsim-demo-end.c: its beginning and end; ctsim-demo-text.c:
 * lines and words).
 *
 * A demo run is replication 0 of one scenario, run twice on the same
 * seed.  The first pass records the event trace (sim-trace.h) and the
 * results; the second observes the world through the model's public
 * accessors: after each needs analysis and priority setting (the
 * commissioner is the one the first pass's trace names for the same
 * event) and, for the followed children, after every event.  The model
 * is deterministic and the observers only read, so the two passes
 * execute the same events (checked: a mismatch is an internal error).
 * Every number the narration prints comes from these records.
 */
#pragma once

#include <glib.h>

#include "models/commission/cs-commission.h"
#include "models/params/cs-params.h"
#include "models/params/cs-trace.h"
#include "models/scenario/cs-scenario.h"
#include "models/world/cs-world.h"
#include "app/ctsim-setup.h"
#include "sim/sim-results.h"

G_BEGIN_DECLS

#define CTSIM_DEMO_FOLLOWED 3

/* One row of the trace (docs/outputs.md, "Event trace"), typed: what
 * the detail column says is in facts (cs-trace.h). */
typedef struct
{
  double t;
  guint32 kind;       /* the event's kind (cs-area.h, cs-commission.h) */
  char *commissioner; /* "" when empty */
  gint64 child;       /* -1 when empty */
  char *service;      /* "" when empty */
  CsTraceFacts facts;
} CtsimDemoRow;

/* A followed child's record after the events at time t (t < 0: at the
 * start, before any event). */
typedef struct
{
  double t;
  CsChildView v;
} CtsimDemoSnap;

/* Where a child with a need is, against one commissioner's records. */
typedef enum
{
  CTSIM_DEMO_MEMBER_ROLL, /* on the roll of a school it commissions for
                             (any school when it has no member schools) */
  CTSIM_DEMO_OTHER_ROLL,  /* on another school's roll */
  CTSIM_DEMO_PRE_SETTING, /* pre-school, in an early-years setting */
  CTSIM_DEMO_PRE_HOME,    /* pre-school, at home */
  CTSIM_DEMO_EXCLUDED,
  CTSIM_DEMO_HOME_EDUCATED,
  CTSIM_DEMO_OUT_OF_AREA, /* looked after, placed out of the area */
  CTSIM_DEMO_POST_SCHOOL,
  CTSIM_DEMO_N_WHERE
} CtsimDemoWhere;

/* One needs analysis: the commissioner's view (cs_commission_needs_view
 * at the groups' additional-needs stage) and the truth: children of its
 * localities with such a need, by domain and where they are. */
typedef struct
{
  double t;
  guint arr;
  CsNeedsView view;
  guint truth[CS_N_DOMAINS];
  guint where[CS_N_DOMAINS][CTSIM_DEMO_N_WHERE];
} CtsimDemoAnalysis;

/* One priority setting: per service, places planned (NAN: out of its
 * scope), priority and places held (cs_commission_plan_view). */
typedef struct
{
  double t;
  guint arr;
  double *planned, *priority, *held;
} CtsimDemoPlan;

typedef struct
{
  const CsScenario *sc; /* not owned */
  const CsParams *p;
  const char *label; /* the arrangement's name, as given */
  char **sets;       /* the --set list applied to it (NULL-terminated) */
  guint64 seed;
  double horizon;  /* days */
  guint threshold; /* additional_needs_stage_min */
  GArray *rows;    /* CtsimDemoRow, in trace order */
  char *trace;     /* the trace CSV */
  SimResults *res; /* replication 0's rows */
  guint n_initial;
  CsChildView *initial; /* every child record before the first event */
  /* The followed children (CS_NONE: nobody fits the rule), the need
   * domain each story follows, and the rule that chose each. */
  guint follow[CTSIM_DEMO_FOLLOWED];
  CsDomain focus[CTSIM_DEMO_FOLLOWED];
  const char *why[CTSIM_DEMO_FOLLOWED];
  GArray *snaps[CTSIM_DEMO_FOLLOWED]; /* CtsimDemoSnap, by time */
  GArray *analyses;                   /* CtsimDemoAnalysis */
  GArray *plans;                      /* CtsimDemoPlan */
  guint64 events;
} CtsimDemoRun;

/* ctsim-demo-run.c */
CtsimDemoRun *ctsim_demo_run_new (const CsScenario *sc, const char *label,
                                  guint64 seed);
void ctsim_demo_run_free (CtsimDemoRun *run); /* accepts NULL */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CtsimDemoRun, ctsim_demo_run_free)
/* Pass 1: trace, results and the records at the start.  With `like`
 * (may be NULL), first check that the run starts with like's children
 * (SIM_ERROR_DATA if not: another area). */
G_GNUC_WARN_UNUSED_RESULT
gboolean ctsim_demo_run_trace (CtsimDemoRun *run, const CtsimDemoRun *like,
                               GError **error);
/* Choose the followed children from pass 1 (docs/teaching.md):
 * 1. on the roll, emotional health: of the pupils on a roll at the start,
 *    the first whose emotional-health need arises (onset) during the run
 *    and is later referred; else the first whose emotional-health need is
 *    referred; else the pupil with the highest emotional-health stage at
 *    the start;
 * 2. outside the roll: the first pupil excluded during the run; else, of
 *    the children outside the roll at the start (pre-school,
 *    home-educated, placed out of the area), the one with the highest
 *    stage in any domain, ties to the one not in an early-years setting;
 * 3. safeguarding: the first child to come into care during the run;
 *    else the first whose safeguarding need rises to stage 3 or more;
 *    else the child with the highest safeguarding stage at the start.
 * Each rule skips children already chosen; ties go to the lowest id. */
void ctsim_demo_choose (CtsimDemoRun *run);
/* The same children and domains as another run (common random numbers
 * give them the same ids). */
void ctsim_demo_follow_as (CtsimDemoRun *run, const CtsimDemoRun *other);
/* Pass 2: needs analyses, plans and the followed children's records. */
G_GNUC_WARN_UNUSED_RESULT
gboolean ctsim_demo_run_observe (CtsimDemoRun *run, GError **error);

/* A followed child's record at time t (after the events at t).
 * (transfer none) */
const CsChildView *ctsim_demo_child_at (const CtsimDemoRun *run, guint j,
                                        double t);
/* The record before the events at time t.  (transfer none) */
const CsChildView *ctsim_demo_child_before (const CtsimDemoRun *run, guint j,
                                            double t);

/* What happened to a followed child over the run (from the trace). */
typedef struct
{
  guint episodes;       /* episodes started */
  const char *first;    /* the first service that served it, or NULL */
  double waited;        /* days waited before the episodes started */
  gboolean waiting;     /* on a waiting list at the end */
  double waiting_since; /* referred at (when waiting) */
  guint referrals;      /* referrals made for it */
  guint no_service;     /* of which no service took */
} CtsimDemoFate;

void ctsim_demo_fate (const CtsimDemoRun *run, guint j, CtsimDemoFate *out);

/* ctsim-demo-text.c: lines, words and names the narration shares */

/* One line of narration: plain text with colour marks (see ctsim-demo.c)
 * and whether --step pauses before it (a stage of the cycle begins). */
typedef struct
{
  char *text;
  gboolean pause;
} CtsimDemoLine;

void ctsim_demo_line_free (gpointer line);

#define CTSIM_DEMO_WIDTH 80
/* Marks inside line text: CTSIM_DEMO_MARK then a digit k starts colour k
 * (0: a heading; 1-3: followed child 1-3), CTSIM_DEMO_END ends it.  They
 * take no column; ctsim-demo.c prints them as colours or drops them. */
#define CTSIM_DEMO_MARK '\001'
#define CTSIM_DEMO_END '\002'

/* Add a line (text copied); wrap text (words separated by spaces) after
 * `first`, then `rest` (at least four spaces), to CTSIM_DEMO_WIDTH
 * columns; the columns a text takes (colour marks take none). */
void ctsim_demo_add_line (GPtrArray *lines, const char *text, gboolean pause);
void ctsim_demo_wrap (GPtrArray *lines, const char *first, const char *rest,
                      const char *text, gboolean pause);
glong ctsim_demo_columns (const char *text);

/* A followed child's name (by its place in the story and its sex), the
 * same in its colour (transfer full), and its pronouns (she/he, her/his,
 * her/him). */
const char *ctsim_demo_name (const CtsimDemoRun *run, guint j);
char *ctsim_demo_marked_name (const CtsimDemoRun *run, guint j);
const char *ctsim_demo_she (const CtsimDemoRun *run, guint j);
const char *ctsim_demo_her (const CtsimDemoRun *run, guint j);
const char *ctsim_demo_her_obj (const CtsimDemoRun *run, guint j);

/* Words: a need domain ("emotional-health"); where a child is ("at
 * Riverside Primary"; transfer full); a school, service (by id) and
 * provider (by id); a commissioner: its name, or the school or cluster of
 * one instance among several (transfer full); whether a service is in an
 * arrangement's scope (tiers x sectors); "s" unless n is 1; the day of a
 * time; money with thousands separators (transfer full). */
const char *ctsim_demo_domain_words (CsDomain d);
char *ctsim_demo_place_words (const CsParams *p, const CsChildView *v);
const char *ctsim_demo_school_name (const CsParams *p, guint school);
const char *ctsim_demo_service_name (const CsParams *p, const char *id);
const char *ctsim_demo_provider_at (const CsParams *p, guint provider);
char *ctsim_demo_commissioner (const CsParams *p, guint a);
gboolean ctsim_demo_in_scope (const CsArrangement *a, const CsService *s);
const char *ctsim_demo_plural (double n);
long ctsim_demo_day (double t);
char *ctsim_demo_money (double x);

/* ctsim-demo-end.c: the title, the neighbourhood and the children; then
 * what happened to them, the table against `versus` (may be NULL), the
 * caveat and chart_note (may be NULL). */
void ctsim_demo_tell_intro (const CtsimDemoRun *run, GPtrArray *lines);
void ctsim_demo_tell_end (const CtsimDemoRun *run, const CtsimDemoRun *versus,
                          const char *chart_note, GPtrArray *lines);

/* ctsim-demo-story.c: the story of `story` and the table against `versus`,
 * wrapped to CTSIM_DEMO_WIDTH columns, appended to lines (CtsimDemoLine *).
 * chart_note: the line about the chart (NULL: none). */
void ctsim_demo_narrate (const CtsimDemoRun *story, const CtsimDemoRun *versus,
                         const char *chart_note, GPtrArray *lines);

/* ctsim-demo.c: the chart's input: per followed child and run, the
 * followed domain's stage over time and the days in service
 * (plots/demo.gp reads them). */
void ctsim_demo_chart_data (const CtsimDemoRun *story,
                            const CtsimDemoRun *versus, GString *dat,
                            GString *meta);

/* The subcommand demo. */
G_GNUC_WARN_UNUSED_RESULT
gboolean ctsim_cmd_demo (const CtsimOptions *opts, char **args, GError **error);

G_END_DECLS
