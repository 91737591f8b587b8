/* cs-trace.h: ctsim's trace columns (docs/outputs.md, "Event trace"):
 * after the engine's time_days and event, commissioner, child, service
 * and detail.  The area, commissioning and queue models say what happened
 * with cs_trace_say(): a typed record (CsTraceFacts: a code, CsTraceWhat,
 * and the fields that code uses) from which this module writes the detail
 * text.  A reader of rows handed over by sim_trace_new_rows() or
 * sim_trace_set_row_func() gets the columns and the record back with
 * cs_trace_note_read(), and switches on the code instead of parsing the
 * detail.
 *
 * Invariants: the detail text is a function of the record (one format per
 * code, in cs-trace.c); the record a reader gets holds every number as
 * the detail writes it (rounded to the digits it shows), so that a reader
 * of records and a reader of trace.csv agree; the record holds no pointer
 * (providers and localities are indices into the scenario's CsParams).
 */
#pragma once

#include <glib.h>

#include "models/params/cs-params.h"
#include "sim/sim-engine.h"
#include "sim/sim-trace.h"

G_BEGIN_DECLS

/* The models' SimModel.trace_columns. */
extern const char *const cs_trace_columns[];

/* What a row says.  After each code: the member of CsTraceFacts it fills
 * and its detail text. */
typedef enum
{
  CS_TRACE_NONE, /* no note: a row the model left empty */
  /* A child's need (area model; child column) */
  CS_TRACE_ONSET,      /* need: "onset D from stage S" */
  CS_TRACE_ESCALATION, /* need: "escalation D from stage S" */
  CS_TRACE_REMISSION,  /* need: "remission D from stage S" */
  CS_TRACE_NOTICED,    /* need: "noticed D from stage S" */
  /* A child's life (child column; no member) */
  CS_TRACE_EXCLUSION,            /* "exclusion" */
  CS_TRACE_CARE_ENTRY,           /* "care_entry" */
  CS_TRACE_SCHOOL_MOVE,          /* "school_move" */
  CS_TRACE_HOME_EDUCATION,       /* "home_education" */
  CS_TRACE_MOVED_AWAY,           /* "moved_away" */
  CS_TRACE_CASE_CLOSED,          /* "case_closed" */
  CS_TRACE_ASSESSMENT_REQUESTED, /* "assessment_requested" (staged SEN
                                    response) */
  CS_TRACE_LEFT_CARE,            /* "left care" */
  CS_TRACE_NEW_SCHOOL_PLACE,     /* "new school place" */
  CS_TRACE_ARRIVED,              /* arrived: "arrived in LOCALITY" */
  /* Referrals and episodes (child and, but for a referral no service
   * takes, service columns) */
  CS_TRACE_REFERRED, /* referred: "referred D at stage S by NOTICER" and
                        ": no service takes it" or " as a sanction" */
  CS_TRACE_DECLINED, /* declined: "declined: below the rationed stage N" */
  CS_TRACE_EPISODE_STARTED,     /* episode: "D episode started after N days
                                   waiting" (waited_days) */
  CS_TRACE_EPISODE_ENDED_EARLY, /* episode: "D episode ended early: left the
                                   area" or "... left school" (left_area) */
  CS_TRACE_COMPLETED,           /* episode: "completed D" */
  CS_TRACE_REFERRAL_WITHDRAWN,  /* episode: "D referral withdrawn" */
  CS_TRACE_REFERRAL_LAPSED,     /* episode: "D referral lapsed" */
  CS_TRACE_SCHOOL_YEAR,         /* school_year: "school year N, N children" */
  /* Commissioning (commissioner column, but for the last two) */
  CS_TRACE_NEEDS_ANALYSIS,   /* needs */
  CS_TRACE_BEST_VALUE,       /* no member */
  CS_TRACE_RESOURCE_MAPPING, /* mapping */
  CS_TRACE_GAP_ANALYSIS,     /* gap */
  CS_TRACE_PRIORITY_SETTING, /* priorities */
  CS_TRACE_SERVICE_REDESIGN, /* redesign */
  CS_TRACE_SPECIFICATION,    /* places: places under contract */
  CS_TRACE_PROCUREMENT,      /* procurement */
  CS_TRACE_CONTRACT_STARTED, /* contract (service column) */
  CS_TRACE_REVIEW,           /* review */
  CS_TRACE_TENDER_OPENED,    /* tender: places, attempt, days (service) */
  CS_TRACE_TENDER_AWARDED,   /* tender: days, bids, places, provider,
                                others (service) */
  CS_TRACE_TENDER_FAILED,    /* tender: days, bids (service) */
  CS_TRACE_CONTRACT_YEAR,    /* places: a contract's places (service) */
  CS_TRACE_CONTRACT_DECIDED, /* decided (service) */
  CS_TRACE_LEDGER_CLOSED,    /* no member */
  CS_TRACE_REACH_SAMPLE,     /* reach */
  /* The queue model (service column) */
  CS_TRACE_QUEUE_ARRIVAL,   /* queue: "waiting=N busy=N" */
  CS_TRACE_QUEUE_DEPARTURE, /* queue: "system_days=N" */
  CS_TRACE_N_WHAT
} CsTraceWhat;

/* The decision at the end of a contract's term (CS_TRACE_CONTRACT_DECIDED;
 * detail "contract WORDS: N places", WORDS from cs_trace_decision_words). */
typedef enum
{
  CS_TRACE_RENEWED,
  CS_TRACE_VARIED,
  CS_TRACE_DECOMMISSIONED,
  CS_TRACE_HANDED_OVER,
  CS_TRACE_EXTENDED_UNTIL_HANDED_OVER,
  CS_TRACE_EXTENDED_UNTIL_REPLACED,
  CS_TRACE_N_DECISIONS
} CsTraceDecision;

extern const char *const cs_trace_decision_words[CS_TRACE_N_DECISIONS];

/* What a row says, typed: `what` and the member of the union it names
 * (the rest is zero).  Numbers are as the detail writes them. */
typedef struct
{
  CsTraceWhat what;
  union
  {
    struct
    {
      CsDomain domain;
      guint from; /* the stage before the change */
    } need;
    struct
    {
      guint locality; /* index */
    } arrived;
    struct
    {
      CsDomain domain;
      guint stage; /* the stage referred at */
      CsNoticer by;
      gboolean no_service; /* no service takes it (no service column) */
      gboolean sanction;   /* a place as a sanction */
    } referred;
    struct
    {
      double stage_min; /* the rationed stage the need is below */
    } declined;
    struct
    {
      CsDomain domain;
      double waited_days; /* EPISODE_STARTED, to a tenth */
      gboolean left_area; /* EPISODE_ENDED_EARLY: else left school */
    } episode;
    struct
    {
      guint year, children;
    } school_year;
    struct
    {
      guint cycle;          /* 1 for the first */
      double children_seen; /* whole */
      double within_pct;    /* estimates within about this %, whole */
    } needs;
    struct
    {
      double places, taken_over, gbp_a_year; /* whole */
    } mapping;
    struct
    {
      double needs, places, have; /* whole */
    } gap;
    struct
    {
      double budget_gbp, places; /* whole */
      guint services;
    } priorities;
    struct
    {
      guint grow, shrink, close;
    } redesign;
    struct
    {
      double places; /* whole */
    } places;
    struct
    {
      guint tenders;
    } procurement;
    struct
    {
      guint provider;         /* index, or CS_NONE */
      double places, end_day; /* whole */
      CsSector sector;
      double paid_by[CS_N_SECTORS]; /* shares, to 3 decimals */
      double pooled;                /* share from the pool, to 3 decimals */
      gboolean joint;
    } contract;
    struct
    {
      guint review; /* 1 for the first */
      guint live, weak;
    } review;
    struct
    {
      double places;   /* whole */
      guint attempt;   /* OPENED: 1 for the first */
      double days;     /* OPENED: to a tenth; AWARDED, FAILED: to 3 decimals */
      guint bids;      /* AWARDED, FAILED */
      guint provider;  /* AWARDED: the first lot's, index */
      gboolean others; /* AWARDED: more lots, to other providers */
    } tender;
    struct
    {
      CsTraceDecision decision;
      double places; /* whole; 0 when the contract ended */
    } decided;
    struct
    {
      double served, need; /* whole */
    } reach;
    struct
    {
      guint64 waiting;
      guint busy;
      double system_days; /* to 4 decimals */
    } queue;
  } u;
} CsTraceFacts;

/* Say what happened in the current event, as a row with the given
 * columns (NULL strings and a negative child leave a column empty) and
 * the detail text of facts (p names providers and localities; it may be
 * NULL for codes that name none); nothing when the row is not kept. */
void cs_trace_say (SimEngine *eng, const CsParams *p, const char *commissioner,
                   gint64 child, const char *service, const CsTraceFacts *f);

/* The detail text of facts.  (transfer full) */
char *cs_trace_detail (const CsParams *p, const CsTraceFacts *f);

/* One row's model columns and record, typed. */
typedef struct
{
  const char *commissioner; /* "" when empty */
  gint64 child;             /* -1 when empty */
  const char *service;      /* "" when empty */
  const char *detail;       /* "" when empty */
  CsTraceFacts facts;       /* what == CS_TRACE_NONE: no note */
} CsTraceNote;

/* A row handed to a SimTraceRowFunc, typed; the strings point into the
 * row's values (valid during the call only). */
void cs_trace_note_read (const SimTraceRow *row, CsTraceNote *out);

G_END_DECLS
