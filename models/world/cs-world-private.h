/* cs-world-private.h: the world's layout, shared by the area model's own
 * modules.
 *
 * Only the modules of the area model include this header: cs-world.c
 * (store, places, flush, checks, public API), cs-service.c (cases,
 * waiting lists, episodes, open access), cs-populate.c (initial
 * population, births, arrivals), cs-child.c (competing risks: a child's
 * next event), cs-needs.c (onset, escalation, remission, noticing),
 * cs-life.c (ageing, school transitions, exclusion, care, moves, home
 * education, migration), cs-measure.c (rows) and cs-area.c (the SimModel
 * table), plus the area's own tests.  Everything else, including the
 * commissioning code, uses cs-world.h.
 *
 * Invariants beyond those of cs-world.h:
 *  - A child's state is piecewise constant between its flushes: every
 *    change to a child is preceded by cs_world_flush() (which brings its
 *    ECM change, unmet-need days and day costs up to now) and followed by
 *    cs_child_reschedule() (its hazards may have changed).
 *  - A child has at most one pending "child" event (cs_child_next), always
 *    strictly before the next school-year boundary; hazards are constant
 *    until then (age changes only at the boundary), so at the boundary no
 *    child event is pending and the sweep draws every child afresh.
 *  - A child has at most one case per need domain that is waiting or
 *    running (CsChild.engaged has the domain's bit while it has one, or
 *    while its need was recognised at the current stage with no service
 *    to refer to); `served` has the domain's bit iff a case is running.
 *  - Cases of a child form a singly linked list from first_case.  A
 *    waiting case has one entry (CsEntry) per buyer's list it is on,
 *    linked from first_entry; entries form a doubly linked list per
 *    (service, buyer, list).
 *  - A service's busy counts its running cases, sanction_busy those of
 *    them on sanction places, and q_len its waiting cases; a buyer's
 *    busy and sanction_busy count the running cases on its places (a
 *    running case's `buyer` is the key of one of its service's buyers),
 *    its q_len its entries; sanction cases never wait.
 *  - CS_CHILD_OPEN_CASE is set while the child is looked after or has a
 *    waiting or running case of a social-care service; CS_CHILD_CASE_HELD
 *    is set iff the case is open without either, and then the child has a
 *    need at child_in_need_stage_min (cs_world_set_open_case after every
 *    change to those).
 *  - Random numbers: the n-th use of a child's stream (CsChild.draws
 *    counts the uses) is the stream (CS_STREAM_CHILD + n, child id) from
 *    its first block, so a child's n-th use gives the same numbers
 *    whatever other children do, costs one Philox block to start (no
 *    seek) and may draw as many numbers as it needs.
 *  - Records and ids: the model's functions name a child by its record's
 *    index in kids[] (the `id` arguments below); its id, which keys its
 *    streams, names it in the trace and in cs-world.h, is the record's
 *    `id` (cs_child_id).
 *    Records are in increasing order of id, so a pass over the records
 *    visits the children in the order of their ids.  At each school-year
 *    start, before the ageing, the records of children gone are dropped
 *    and the others move down (cs_world_compact): no child event is
 *    pending then (the ageing schedules some), and the cases' child
 *    indices are rewritten, so only ids survive a compaction.
 */
#pragma once

#include <math.h>

#include <glib.h>

#include "models/params/cs-trace.h"
#include "models/world/cs-world.h"
#include "sim/sim-dist.h"
#include "sim/sim-rng.h"
#include "sim/sim-stats.h"

G_BEGIN_DECLS

/* Stream purposes of the area model (entity in brackets).  The
 * commissioning model may use purposes 0x0500_0000 to 0x0FFF_FFFF. */
enum
{
  CS_STREAM_INIT = 0x04000002,     /* a child's attributes at creation */
  CS_STREAM_BASELINE = 0x04000003, /* a child's ECM baseline */
  CS_STREAM_ARRIVAL = 0x04000004,  /* arrivals into a locality (locality) */
  CS_STREAM_FAMILY = 0x04000005,   /* a child's family deprivation,
                                      adversity and frailty (child) */
  CS_STREAM_OPEN = 0x04100000,     /* + (school year << 12) + service:
                                      open-access reach (child) */
  CS_STREAM_CHILD = 0x10000000,    /* + n: a child's n-th use (child id),
                                      n < 2^28 */
};

#define CS_MAX_DRAWS (1u << 28)
#define CS_ECM_SCALE 1024.0 /* ECM change stored in 1/1024 sd units */
#define CS_SCHOOL_NONE G_MAXUINT16
#define CS_CASE_NONE G_MAXUINT32

/* ---- Children ----------------------------------------------------------- */

enum
{
  CS_CHILD_MALE = 1u << 0,
  CS_CHILD_LOOKED_AFTER = 1u << 1,
  CS_CHILD_OPEN_CASE = 1u << 2,
  CS_CHILD_SETTING = 1u << 3, /* pre-school, in an early-years setting */
  /* The open case is held with no social-care service waiting or running
   * and the child not looked after: it closes at case_closure_per_year
   * (cs_world_set_open_case). */
  CS_CHILD_CASE_HELD = 1u << 4,
  /* Bits 5-11: the child's latent class (CsClustering): bit 5 an
   * income-deprived family, bits 6-8 the family adversity's class, bits
   * 9-11 the frailty's class (cs_latent). */
  CS_CHILD_DEPRIVED = 1u << 5,
};

#define CS_CHILD_STATEMENT (1u << 12) /* a statement of SEN (CsSenResponse) */
#define CS_CHILD_ASSESSING (1u << 13) /* a statutory assessment under way */
/* An episode on a sanction place is running (set by start_episode,
 * cleared when the last such episode closes): without it every running
 * episode meets its need, so cs_service_needs_met is `served`. */
#define CS_CHILD_SANCTION (1u << 14)
#define CS_LATENT_SHIFT 5
#define CS_N_LATENT_CLASSES 8 /* classes of adversity and of frailty */
#define CS_N_LATENT (2 * CS_N_LATENT_CLASSES * CS_N_LATENT_CLASSES)

/* What happened to a child in the current measurement year (reset at
 * each year end).  "Reached" = served while it had a need at or above
 * additional_needs_stage_min in a domain the service serves. */
enum
{
  CS_YEAR_NEED = 1u << 0,
  CS_YEAR_SERVED_TIER = 1u << 1,    /* + tier, 3 bits */
  CS_YEAR_REACHED_TIER = 1u << 4,   /* + tier */
  CS_YEAR_SERVED_SECTOR = 1u << 7,  /* + sector */
  CS_YEAR_REACHED_SECTOR = 1u << 10 /* + sector */
};

/* The hot record: 52 bytes (asserted below), aligned to 4 bytes: the
 * pending child event's handle is kept in two halves (cs_child_next). */
typedef struct
{
  guint32 stages;       /* 3 bits per domain */
  guint32 draws;        /* uses of the child's stream so far */
  guint32 id;           /* see Records and ids above */
  guint32 next_lo;      /* pending child event, or SIM_HANDLE_NONE: */
  guint32 next_hi;      /* its handle's low and high halves */
  guint32 first_case;   /* CS_CASE_NONE when none */
  float since;          /* day of the last flush */
  gint16 ecm[CS_N_ECM]; /* change from the baseline, 1/CS_ECM_SCALE sd */
  guint16 locality;
  guint16 school; /* see CsChildView.school */
  guint16 flags;  /* CS_CHILD_* */
  guint16 year;   /* CS_YEAR_* */
  guint8 age;
  guint8 place;   /* CsPlace */
  guint8 served;  /* domains with a running episode */
  guint8 engaged; /* domains waiting, running or recognised (see above) */
  guint16 open;   /* reached this school year by open service j < 16 */
} CsChild;

G_STATIC_ASSERT (sizeof (CsChild) == 52);

/* The handle of the child's pending child event, or SIM_HANDLE_NONE. */
static inline SimHandle
cs_child_next (const CsChild *c)
{
  return ((SimHandle)c->next_hi << 32) | c->next_lo;
}

static inline void
cs_child_set_next (CsChild *c, SimHandle h)
{
  c->next_lo = (guint32)h;
  c->next_hi = (guint32)(h >> 32);
}

G_STATIC_ASSERT (CS_N_DOMAINS <= 8 && CS_N_STAGES <= 8);

/* The child's latent class, 0 .. CS_N_LATENT - 1: deprived + 2 x
 * adversity class + 16 x frailty class. */
static inline guint
cs_latent (const CsChild *c)
{
  return (c->flags >> CS_LATENT_SHIFT) & (CS_N_LATENT - 1u);
}

/* A child's stages: domain d's in bits CS_STAGE_BITS x d on. */
#define CS_STAGE_BITS 3u
#define CS_STAGE_MASK ((1u << CS_STAGE_BITS) - 1u)

static inline guint
cs_stage (const CsChild *c, guint d)
{
  return (c->stages >> (CS_STAGE_BITS * d)) & CS_STAGE_MASK;
}

static inline void
cs_set_stage (CsChild *c, guint d, guint s)
{
  c->stages = (c->stages & ~(CS_STAGE_MASK << (CS_STAGE_BITS * d)))
              | ((guint32)s << (CS_STAGE_BITS * d));
}

/* The index of the lowest set bit of m != 0 (to visit the bits of a mask
 * in increasing order: for (; m; m &= m - 1) ... cs_lowest_bit (m)). */
static inline guint
cs_lowest_bit (guint32 m)
{
#if defined(__GNUC__)
  return (guint)__builtin_ctz (m);
#else
  guint j = 0;

  while (!(m & 1u))
    {
      m >>= 1;
      j++;
    }
  return j;
#endif
}

/* (gint16) lround (CLAMP (x, G_MININT16, G_MAXINT16)) without the library
 * call: the same value (half away from zero), since x - trunc (x) is
 * exact for |x| < 2^31.  The fraction of a changed score is as likely
 * above one half as below, so the rounding is by arithmetic on the
 * comparisons, not by branches (which mispredicted half the time). */
static inline gint16
cs_ecm_round (double x)
{
  gint32 i;
  double f;

  if (G_UNLIKELY (!(x > G_MININT16 && x < G_MAXINT16)))
    return (gint16)lround (CLAMP (x, G_MININT16, G_MAXINT16));
  i = (gint32)x; /* towards zero */
  f = x - (double)i;
  i += (gint32)(f >= 0.5) - (gint32)(f <= -0.5);
  return (gint16)i;
}

static inline guint
cs_max_stage (const CsChild *c)
{
  guint m = 0;

  for (guint d = 0; d < CS_N_DOMAINS; d++)
    m = MAX (m, cs_stage (c, d));
  return m;
}

/* ---- Cases: referrals, episodes, care and exclusion timers -------------- */

typedef enum
{
  CS_CASE_WAITING,    /* on a service's waiting list */
  CS_CASE_RUNNING,    /* an episode of a service */
  CS_CASE_CARE,       /* looked after until `end` */
  CS_CASE_EXCLUSION,  /* excluded, out of school until `end` */
  CS_CASE_ASSESSMENT, /* a statutory assessment of SEN until `end` */
  CS_CASE_FREE
} CsCaseKind;

typedef struct
{
  guint32 child;
  guint32 next_of_child; /* the child's next case; free list when free */
  guint32 first_entry;   /* waiting: its first buyer's-list entry */
  guint32 serial;        /* order of creation (waiting lists' order) */
  double referred;       /* day of the referral (or start of care...) */
  double started;        /* day the episode started */
  SimHandle end;         /* pending end event, or SIM_HANDLE_NONE */
  guint16 service;
  guint8 kind; /* CsCaseKind */
  guint8 domain;
  guint8 stage; /* stage at referral: the waiting list it is on */
  guint8 noticer;
  guint8 sanction; /* an episode on a sanction place (never waits) */
  guint16 buyer;   /* running: the key of the buyer whose place it has */
} CsCase;

/* A waiting case on one buyer's list. */
typedef struct
{
  guint32 kase;
  guint32 prev, next;   /* list neighbours, CS_CASE_NONE at the ends */
  guint32 next_of_case; /* the case's next entry; free list when free */
  guint16 slot;         /* the buyer's index in its service's buyers */
} CsEntry;

/* ---- Services ----------------------------------------------------------- */

/* A piecewise-constant quantity and its integral over time. */
typedef struct
{
  double t, v, area;
} CsLevel;

static inline void
cs_level_set (CsLevel *l, double t, double v)
{
  l->area += l->v * (t - l->t);
  l->t = t;
  l->v = v;
}

static inline double
cs_level_area (const CsLevel *l, double t)
{
  return l->area + l->v * (t - l->t);
}

static inline void
cs_level_restart (CsLevel *l, double t)
{
  l->t = t;
  l->area = 0.0;
}

typedef struct
{
  double start;
  guint64 referrals, served, completed, withdrawn;
  guint64 lapsed;          /* of withdrawn: waited max_wait_days */
  guint64 declined;        /* referrals below the rationed stage, not taken */
  guint64 sanction_served; /* of served: episodes on sanction places */
  guint64 left_school, left_area; /* episodes ended early, by cause */
  SimTally wait;                  /* days, of episodes started by need */
  SimTally system; /* days from referral to end, of episodes completed */
  CsLevel queue, busy, places, spend_rate; /* spend_rate in GBP per day */
  double spend_once;                       /* per-episode costs */
} CsServicePeriod;

/* A buyer of a service's places (cs_world_set_buyers). */
typedef struct
{
  guint key;
  double places, sanction_places;
  guint sanction_stage_min;
  guint32 referrers;
  guint8 *schools, *localities; /* owned copies, or NULL */
  guint32 outside;
  gboolean has_extra;
  CsEligibility extra;
  guint cap, sanction_cap; /* whole places for need and as a sanction */
  guint busy, sanction_busy;
  guint32 head[CS_N_STAGES], tail[CS_N_STAGES]; /* entries */
  guint q_len;
  double open_p; /* open access: its reach probability this school year */
} CsBuyerState;

typedef struct
{
  const CsService *p;
  /* Totals over the buyers: places, sanction places. */
  double places;
  double quality;
  double price_rr;
  double continuity; /* chance a child keeps its worker for an episode */
  double sanction_places;
  guint sanction_busy; /* sanction episodes running (part of busy) */
  /* Noticers whose referrals reach it: its own, limited to those some
   * buyer takes. */
  guint32 referrers;
  CsBuyerState *buyers;
  guint n_buyers;
  guint busy;
  guint q_len;      /* waiting cases (each once) */
  double mean_days; /* mean episode length */
  double open_p;    /* open access: the largest buyer's reach probability
                       this school year (0: it reaches nobody) */
  double needing;
  CsServicePeriod year, total, run;
  /* Referrals (and declined ones) each buyer took over the run, by its
   * key (n_taken of them, grown as keys appear): what a commissioner
   * that serves its own pupils plans from (issue 13). */
  guint64 *taken;
  guint n_taken;
} CsServiceState;

/* ---- Localities and schools --------------------------------------------- */

/* A list of schools to choose from, with cumulative weights. */
typedef struct
{
  guint n;
  guint16 *school;
  double *cum;
} CsChoice;

typedef struct
{
  double dep;
  guint quintile; /* 0 = most deprived fifth of children */
  /* Onset hazard per year (deprivation applied). */
  double onset[CS_N_DOMAINS][CS_N_SEXES][CS_N_AGES];
  double arrival_per_day;
  SimRng arrivals;
  double age_cum[CS_N_AGES]; /* cumulative age profile, for arrivals */
  /* Schools in the locality by age: [age][0 mainstream, 1 special]. */
  CsChoice choice[CS_N_AGES][2];
} CsLocalityState;

typedef struct
{
  guint roll;
  double exclusion_rr; /* orientation_rr ^ -orientation */
} CsSchoolState;

/* ---- Flows and stocks by child group ------------------------------------ */

/* Child groups of the output contract (the deprivation quintiles last). */
enum
{
  CS_GROUP_ALL,
  CS_GROUP_ADDITIONAL_NEEDS,
  CS_GROUP_LOOKED_AFTER,
  CS_GROUP_EXCLUDED,
  CS_GROUP_SEN,
  CS_GROUP_DISABLED,
  CS_GROUP_DEPRIVATION_Q1,
  CS_N_CHILD_GROUPS = CS_GROUP_DEPRIVATION_Q1 + 5
};

extern const char *const cs_child_group_names[]; /* CS_N_CHILD_GROUPS */

typedef enum
{
  CS_FLOW_ONSETS,
  CS_FLOW_ESCALATIONS_TO_STAGE4,
  CS_FLOW_ENTRIES_INTO_CARE,
  CS_FLOW_EXCLUSIONS,
  CS_FLOW_SCHOOL_MOVES,
  CS_FLOW_SCHOOL_MOVES_KS4,   /* of school_moves, at key stage 4 ages */
  CS_FLOW_ASSESSMENTS,        /* statutory assessments requested */
  CS_FLOW_STATEMENTS,         /* statements issued */
  CS_FLOW_STATEMENTS_ON_TIME, /* of them, within deadline_days */
  CS_FLOW_REFERRALS,
  CS_FLOW_REFERRALS_WITHOUT_SERVICE,
  CS_FLOW_EPISODES_ENDED_EARLY,
  CS_N_FLOWS
} CsFlow;

typedef struct
{
  guint64 count[CS_N_FLOWS];
  double unmet_need_days;
  double spend_attributed; /* per-episode and per-day costs */
  SimTally wait;           /* days, of episodes started by need */
} CsGroupFlows;

/* Flows of the area as a whole. */
typedef struct
{
  guint64 births, arrivals, turned_18, moved_away;
} CsPopulationFlows;

typedef struct CsMeasure CsMeasure;

/* ---- The world ---------------------------------------------------------- */

struct CsWorld
{
  const CsParams *p;
  SimEngine *eng;
  guint64 seed;
  guint32 replication;

  CsChild *kids; /* in increasing order of CsChild.id */
  guint n_kids, cap_kids;
  guint n_ids;       /* ids given so far (records, gone or dropped) */
  guint n_compacted; /* records of children gone dropped so far */
  guint place_count[CS_N_PLACES]; /* GONE counts the dropped ones too */
  guint64 initial;                /* children at the start */

  CsLocalityState *locs;
  CsSchoolState *schools;
  CsChoice area_choice[CS_N_AGES][2]; /* all schools, by age */
  double p_special; /* chance a qualifying child goes to a special school */
  guint school_age_min, school_age_max; /* over all schools */
  double p_setting; /* chance a pre-school child is in a setting */
  /* Stage distribution of a new child, cumulative over stages:
   * init_stage[(((loc * CS_N_DOMAINS + d) * CS_N_SEXES + sex) * CS_N_AGES
   * + age) * CS_N_STAGES + s] (cs-populate.c). */
  double *init_stage;

  CsServiceState *svcs;
  guint n_open;
  guint *open;       /* indices of open-access services */
  guint32 open_live; /* open[j], j < 16, with a positive open_p (bit j) */

  CsCase *cases;
  guint32 n_cases, cap_cases, free_case;
  guint32 serial; /* cases made so far */
  CsEntry *entries;
  guint32 n_entries, cap_entries, free_entry;

  /* Noticed-and-referred hazard per year, by domain, stage and the set
   * of noticers in sight (CS_BIT (CsNoticer) mask). */
  double notice[CS_N_DOMAINS][CS_N_STAGES][1u << CS_N_NOTICERS];
  /* The noticers in sight (cs_needs_in_sight) by age, pupil (on a roll
   * or in an early-years setting) and open case (or looked after). */
  guint8 sight[CS_N_AGES][2][2];
  double unmet_ecm[CS_N_DOMAINS][CS_N_ECM]; /* per stage per year */
  /* Hazard multipliers of each latent class (cs_needs_init): onset,
   * escalation, remission; and the weights that tilt a new child's
   * initial stage distribution towards its class. */
  double latent_rr[CS_N_DOMAINS][CS_N_LATENT][3];
  double latent_tilt[CS_N_DOMAINS][CS_N_LATENT][CS_N_STAGES];

  /* exp (-reversion_per_year[k] x decay_years[k]) (cs_world_flush), in
   * entry decay_slot[k]: the first score with k's reversion rate. */
  double decay_years[CS_N_ECM], decay[CS_N_ECM];
  guint8 decay_slot[CS_N_ECM];

  double boundary;      /* day of the next school-year boundary */
  guint school_year;    /* 0 for the first */
  gboolean observing;   /* warm-up over */
  guint current;        /* child whose event is running, or CS_NONE */
  gboolean open_active; /* a school year is running (open access reaches) */

  CsGroupFlows flows[2][CS_N_CHILD_GROUPS]; /* [0] year, [1] whole run */
  CsPopulationFlows pop[3];                 /* year, observed run, whole run */
  CsMeasure *measure;
};

/* The simulation clock (days): the time of the event being executed.  The
 * one helper of the world and of the models that hold it (the area's
 * handlers and services; the commissioning model's cs_commission_now()
 * reads the same engine). */
static inline double
cs_world_now (const CsWorld *w)
{
  return sim_engine_now (w->eng);
}

/* The id of record i (see Records and ids above). */
static inline guint32
cs_child_id (const CsWorld *w, guint i)
{
  return w->kids[i].id;
}

/* cs_trace_say() about record i (for its id), when the trace is kept. */
static inline void
cs_world_say (CsWorld *w, guint i, const char *service, const CsTraceFacts *f)
{
  if (sim_trace_wanted (w->eng))
    cs_trace_say (w->eng, w->p, NULL, cs_child_id (w, i), service, f);
}

/* Stage thresholds as integers. */
static inline guint
cs_threshold (const CsNum *n)
{
  return (guint)n->value;
}

/* ---- cs-world.c --------------------------------------------------------- */

G_GNUC_WARN_UNUSED_RESULT
CsWorld *cs_world_new (const CsParams *p, SimEngine *eng, GError **error);
void cs_world_free (CsWorld *w);
/* A new record, with the next id, at the end of the store (nowhere,
 * counted in neither joined nor present); returns its index. */
guint cs_world_add_child (CsWorld *w);
/* Drop the records of children gone (no child event may be pending). */
void cs_world_compact (CsWorld *w);
/* Move a child to a place (keeping counts and rolls); school for ROLL. */
void cs_world_set_place (CsWorld *w, guint id, CsPlace place, guint school);
/* Bring a child's accumulated quantities up to now. */
void cs_world_flush (CsWorld *w, guint id);
void cs_world_flush_all (CsWorld *w);
/* The child's groups as a bit mask over CS_GROUP_*. */
guint32 cs_world_groups (const CsWorld *w, const CsChild *c);
/* Add one to a flow of every group the child is in (when observing). */
void cs_world_count_flow (CsWorld *w, guint id, CsFlow flow);
/* The child's stream, at a fresh range of blocks. */
void cs_world_child_rng (CsWorld *w, guint id, SimRng *rng);
/* A school for a child of this age, from its locality if it has one
 * (special schools when `special`), avoiding `avoid`; CS_NONE if none. */
guint cs_world_pick_school (CsWorld *w, guint loc, guint age, gboolean special,
                            guint avoid, SimRng *rng);
/* Whether a child qualifies for a special school. */
gboolean cs_world_special_need (const CsWorld *w, const CsChild *c);
/* Place a child by its age: school, pre-school or post-school. */
void cs_world_place_by_age (CsWorld *w, guint id, guint avoid, SimRng *rng);
/* Whether the child meets the criteria (inline: the open-access passes
 * ask it of every child for every service, each school year). */
static inline gboolean
cs_world_eligible (const CsWorld *w, const CsChild *c, const CsEligibility *e)
{
  guint smin = cs_threshold (&e->stage_min);

  if (c->age < e->age_min.value || c->age > e->age_max.value)
    return FALSE;
  if (e->on_roll_only && c->place != CS_PLACE_ROLL)
    return FALSE;
  if (e->looked_after_only && !(c->flags & CS_CHILD_LOOKED_AFTER))
    return FALSE;
  if (w->locs[c->locality].dep < e->deprivation_min.value)
    return FALSE;
  if (smin > 0)
    {
      guint32 mask = e->domains ? e->domains : (1u << CS_N_DOMAINS) - 1;
      for (guint d = 0; d < CS_N_DOMAINS; d++)
        if ((mask & (1u << d)) && cs_stage (c, d) >= smin)
          return TRUE;
      return FALSE;
    }
  return TRUE;
}
/* Review the child's social-care case after a change: open while the
 * child is looked after or has a referral waiting for, or an episode of,
 * a social-care service; an open case with neither is held open
 * (CS_CHILD_CASE_HELD) while the child has a need at
 * child_in_need_stage_min or more, and closed otherwise. */
void cs_world_set_open_case (CsWorld *w, guint id);
/* Close a held case (the closure hazard). */
void cs_world_close_case (CsWorld *w, guint id);

/* ---- cs-service.c ------------------------------------------------------- */

void cs_services_init (CsWorld *w);
void cs_services_free (CsWorld *w);
guint32 cs_case_new (CsWorld *w, guint id, CsCaseKind kind);
void cs_case_free (CsWorld *w, guint32 k);
/* A recognised need of domain d, noticed by `noticer`: refer it. */
void cs_service_refer (CsWorld *w, guint id, guint d, guint noticer);
/* A waiting referral (case k) reached its service's max_wait_days. */
void cs_service_lapse (CsWorld *w, guint32 k);
/* An episode (case k) ended at its time. */
void cs_service_episode_end (CsWorld *w, guint32 k);
/* The child left school: end school-based episodes and withdraw
 * referrals to services for pupils only. */
void cs_service_left_school (CsWorld *w, guint id);
/* The child left the area: end or withdraw every case it has. */
void cs_service_left_area (CsWorld *w, guint id);
/* A need resolved: withdraw waiting referrals for that domain. */
void cs_service_need_changed (CsWorld *w, guint id, guint d);
/* Whether the child has a case of this kind (CS_CASE_*) in domain d (any
 * domain when d = CS_N_DOMAINS). */
gboolean cs_child_has_case (const CsWorld *w, const CsChild *c, CsCaseKind kind,
                            guint d);
/* Onset multipliers rr[CS_N_DOMAINS] of the open-access services that
 * reach the child this school year. */
void cs_service_onset_rr (const CsWorld *w, guint id, double *rr);
/* Draw the child's open-access reach for the current school year. */
void cs_services_draw_open (CsWorld *w, guint id);
/* At the start of a school year: reach probabilities of open access;
 * then cs_services_reach_child() for every child present, in order of
 * id, each before anything changes that child (its eligibility is the
 * one the probabilities counted). */
void cs_services_school_year_start (CsWorld *w);
/* The child's reach this school year, and the counts and costs of the
 * services that reach it. */
void cs_services_reach_child (CsWorld *w, guint id);
/* At the end of a school year: effects of open access. */
void cs_services_school_year_end (CsWorld *w);
/* Set the year bits of a child's running episodes and open reach. */
void cs_services_mark_year (CsWorld *w, guint id);
/* Domains whose running episode meets the need (CS_BIT): every episode by
 * need; a sanction episode only if its service serves the domain at the
 * child's stage.  A subset of CsChild.served. */
guint32 cs_service_needs_met (const CsWorld *w, const CsChild *c);
/* Day costs of the child's running episodes since `since` (GBP). */
double cs_service_child_day_costs (const CsWorld *w, const CsChild *c,
                                   double days);
void cs_service_period_start (CsServicePeriod *per, const CsServiceState *s,
                              double t);
/* Bring a service's levels up to now (before a change or a report). */
void cs_service_levels (CsWorld *w, CsServiceState *s);

/* ---- cs-populate.c ------------------------------------------------------ */

/* Build the initial population (children, places, cases). */
G_GNUC_WARN_UNUSED_RESULT
gboolean cs_populate_initial (CsWorld *w, GError **error);
/* New children of age 0 at a school-year start, one locality. */
void cs_populate_births (CsWorld *w, guint loc);
/* One child arriving into a locality now. */
void cs_populate_arrival (CsWorld *w, guint loc);

/* ---- cs-child.c --------------------------------------------------------- */

/* Draw and schedule the child's next event (cancelling a pending one). */
void cs_child_reschedule (CsWorld *w, guint id);
/* The child's event: pick which transition happened and apply it. */
void cs_child_event (CsWorld *w, guint id);

/* ---- cs-needs.c and cs-life.c: competing risks ------------------------- */

typedef enum
{
  CS_HZ_ONSET,
  CS_HZ_ESCALATE,
  CS_HZ_REMIT,
  CS_HZ_NOTICE,
  CS_HZ_EXCLUDE,
  CS_HZ_CARE,
  CS_HZ_SCHOOL_MOVE,
  CS_HZ_HOME_EDUCATION,
  CS_HZ_MOVE_AWAY,
  CS_HZ_CASE_CLOSE,
  CS_HZ_ASSESS,
  CS_N_HAZARD_KINDS
} CsHazardKind;

#define CS_MAX_HAZARDS (3 * CS_N_DOMAINS + 8)

typedef struct
{
  guint n;
  double total;                /* per year: the rates summed from 0.0 in
                                  the order they were added */
  double rate[CS_MAX_HAZARDS]; /* per year */
  guint8 kind[CS_MAX_HAZARDS]; /* CsHazardKind */
  guint8 domain[CS_MAX_HAZARDS];
} CsHazards;

/* Add a hazard (a positive rate; any other is none) to the running sum
 * *total and, unless hz is NULL, to hz's list at *n.  The count and the
 * sum are the caller's locals, stored into hz when it is done: the byte
 * stores to kind[] and domain[] may alias hz->n and hz->total, so values
 * read through hz would be loaded again after each of them.  With hz NULL
 * (rescheduling needs only the sum) *total is the same double as with a
 * list: the same additions in the same order (left to right, from 0.0;
 * ISO C mode, so no contraction into fused multiply-adds). */
static inline void
cs_hazards_add (CsHazards *hz, guint *n, double *total, CsHazardKind kind,
                guint domain, double rate)
{
  if (rate > 0.0)
    {
      *total += rate;
      if (hz)
        {
          hz->rate[*n] = rate;
          hz->kind[*n] = (guint8)kind;
          hz->domain[*n] = (guint8)domain;
          (*n)++;
        }
    }
}

void cs_needs_init (CsWorld *w);
/* The noticers in sight of a child (CS_BIT (CsNoticer) mask). */
guint cs_needs_in_sight (const CsWorld *w, const CsChild *c);
/* Whether the child has a statement of SEN (the CsSenResponse flag, or
 * without it a learning need at statement_stage_min). */
static inline gboolean
cs_has_statement (const CsWorld *w, const CsChild *c)
{
  return w->p->sen.on ? (c->flags & CS_CHILD_STATEMENT) != 0
                      : cs_stage (c, CS_DOMAIN_LEARNING_SEN)
                            >= cs_threshold (&w->p->groups.statement_stage_min);
}
/* Append the child's needs hazards to hz (hz->n and hz->total). */
void cs_needs_hazards (const CsWorld *w, guint id, CsHazards *hz);
/* total plus the rates cs_needs_hazards would append, added in its order. */
double cs_needs_total (const CsWorld *w, guint id, double total);
void cs_needs_apply (CsWorld *w, guint id, CsHazardKind kind, guint d,
                     SimRng *rng);
/* Set a child's stage in d (bookkeeping: year bits, engaged, flows). */
void cs_needs_set_stage (CsWorld *w, guint id, guint d, guint stage);

/* Append the child's life-event hazards to hz (hz->n and hz->total). */
void cs_life_hazards (const CsWorld *w, guint id, CsHazards *hz);
/* total plus the rates cs_life_hazards would append, added in its order. */
double cs_life_total (const CsWorld *w, guint id, double total);
void cs_life_apply (CsWorld *w, guint id, CsHazardKind kind, SimRng *rng);
/* Into care; `initial` for children looked after at the start (part of
 * the episode has passed; not counted as an entry). */
void cs_life_enter_care (CsWorld *w, guint id, SimRng *rng, gboolean initial,
                         gboolean out_of_area);
void cs_life_exclude (CsWorld *w, guint id, SimRng *rng, gboolean initial);
void cs_life_care_end (CsWorld *w, guint32 k);
void cs_life_assessment_end (CsWorld *w, guint32 k);
void cs_life_exclusion_end (CsWorld *w, guint32 k);
/* The ageing sweep at a school-year start. */
void cs_life_school_year_start (CsWorld *w);

/* ---- cs-measure.c ------------------------------------------------------- */

CsMeasure *cs_measure_new (CsWorld *w);
void cs_measure_free (CsMeasure *m);
void cs_measure_warmup_end (CsWorld *w);
/* Close a measurement year: census, yearly rows, conservation check.
 * FALSE + error on a violated invariant. */
G_GNUC_WARN_UNUSED_RESULT
gboolean cs_measure_year_end (CsWorld *w, GError **error);
/* Write the rows (yearly rows kept so far, then "all"). */
void cs_measure_finish (CsWorld *w, SimResults *out);
/* A child's ECM baseline score. */
void cs_measure_baseline (const CsWorld *w, guint id, double *ecm);

G_END_DECLS
