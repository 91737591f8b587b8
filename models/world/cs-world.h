/* cs-world.h: the area the commissioners act on, as the commissioning code sees
 * it.
 *
 * A CsWorld holds one replication's children (individual records),
 * schools, localities and services (places, waiting lists, episodes).  It
 * is built and driven by the area model (cs-area.c); this header is the
 * narrow API the commissioning code (issue 5) uses from its handlers:
 *
 *  - read children: cs_world_child() gives a snapshot of one record;
 *    cs_world_count_needs() counts children by locality, need domain and
 *    stage as seen by a set of records (CsSight);
 *  - act on services (from a handler of the same engine: the world
 *    keeps its engine and acts at its current time): set the buyers of
 *    a service's places (cs_world_set_buyers: each buyer's places, the
 *    places it uses as a sanction, whom its places serve and its own
 *    waiting list), provider quality, price and continuity;
 *  - read a service's waits, reach and spend: cs_world_service_report()
 *    gives cumulative counters since the start of the run (warm-up
 *    included), so a review subtracts the previous report's values.
 *
 * Invariants the world keeps (checked every simulated year, see
 * cs_world_check()): every child record is in exactly one place (a school
 * roll or one of the places outside it, or gone); children that joined
 * (initial + births + arrivals) = children that left (turned 18 + moved
 * away) + children present; every school's roll count equals the number
 * of records on its roll; a buyer of a service never has more episodes
 * running on its places than places, except after its places were cut
 * (running episodes finish); a buyer with a free place for need has an
 * empty waiting list; every waiting referral is on at least one buyer's
 * list, once, and every running episode on one buyer's places.
 *
 * Child ids are stable for the whole run (an id is never given twice;
 * a child's record is dropped some time after it is gone), so a stream
 * keyed by a child id gives the same numbers in two scenarios.
 * The world belongs to one replication (one thread).
 */
#pragma once

#include <glib.h>

#include "models/params/cs-params.h"
#include "sim/sim-engine.h"

G_BEGIN_DECLS

typedef struct CsWorld CsWorld;

/* Where a child is.  Exactly one at every moment. */
typedef enum
{
  CS_PLACE_ROLL,          /* on a school's roll */
  CS_PLACE_PRE_SCHOOL,    /* below school age (in a setting or at home) */
  CS_PLACE_EXCLUDED,      /* permanently excluded, waiting for a place */
  CS_PLACE_HOME_EDUCATED, /* taken out of school for home education */
  CS_PLACE_OUT_OF_AREA,   /* looked after, placed outside the area */
  CS_PLACE_POST_SCHOOL,   /* past every school's age range, in the area */
  CS_PLACE_GONE,          /* turned 18 or moved away: no longer counted */
  CS_N_PLACES
} CsPlace;

extern const char *const cs_place_names[]; /* NULL-terminated */

/* A snapshot of one child's record. */
typedef struct
{
  guint id;
  guint age; /* years, 0..17 (academic age: age on 31 August) */
  CsSex sex;
  CsPlace place;
  guint locality;
  guint school; /* on roll: its school; excluded: the excluding school;
                   otherwise CS_NONE */
  guint stage[CS_N_DOMAINS];
  gboolean looked_after;
  gboolean statement;   /* a statement of SEN (cs-params.h, CsSenResponse) */
  gboolean open_case;   /* open social-care case (child in need) */
  gboolean in_setting;  /* pre-school child in an early-years setting */
  guint32 served;       /* domains with an episode running (CS_BIT) */
  guint32 waiting;      /* domains with a referral on a waiting list */
  double ecm[CS_N_ECM]; /* current scores (baseline + change) */
} CsChildView;

/* Children's records a commissioner can see.  A child counts with weight
 * = the largest share of the routes that reach it:
 *  - pupils on the roll of a school with schools[s] != 0 (all schools if
 *    schools is NULL): roll_share;
 *  - children outside the school roll (pre-school, excluded,
 *    home-educated, looked after out of area): outside_share[k];
 *  - children known to a partner (an open case, looked after, waiting or
 *    in a service): partner_share;
 * children in no route (e.g. post-school, not known to services) count
 * only through partner_share if known to a partner, otherwise 0.
 * Counts are expected values (sums of weights), not samples: the
 * commissioning code adds its own estimation error. */
typedef struct
{
  const guint8 *schools; /* n_schools flags, or NULL = every school */
  double roll_share;
  double partner_share;
  double outside_share[CS_N_OUTSIDE];
  guint age_min; /* years, inclusive */
  guint age_max;
} CsSight;

/* Cumulative counters of one service since the start of the run. */
typedef struct
{
  double places;           /* now (sanction places included) */
  double quality;          /* now: multiplier on the effect */
  double price_rr;         /* now: multiplier on unit costs */
  double continuity;       /* now: chance a child keeps its worker */
  double sanction_places;  /* now: of places, used as a sanction */
  guint running;           /* episodes running now (sanction ones included) */
  guint sanction_running;  /* of running: on sanction places */
  guint waiting;           /* referrals waiting now (each once, on
                              however many buyers' lists) */
  guint64 referrals;       /* referrals received (referral access) */
  guint64 served;          /* episodes started, or children reached (open) */
  guint64 sanction_served; /* of served: episodes on sanction places */
  guint64 completed;       /* episodes that ran to their end */
  guint64 ended_early;     /* episodes ended by leaving school or the area */
  guint64 withdrawn;       /* referrals taken off the list unserved */
  guint64 lapsed;          /* of withdrawn: waited max_wait_days */
  guint64 declined;        /* referrals not taken because of rationing */
  double waiting_days;     /* sum of waits of the episodes started */
  double spend_gbp;        /* everything it cost so far */
  double needing;          /* child-domain needs it serves (last count) */
} CsServiceReport;

/* Children ever in the area, gone included: ids are 0 .. this - 1. */
guint cs_world_n_children (const CsWorld *w);
gsize cs_world_record_bytes (void);          /* one child's hot record */
guint cs_world_n_present (const CsWorld *w); /* children in the area */
const CsParams *cs_world_params (const CsWorld *w);

/* FALSE if id is out of range, or if the child is gone and its record
 * was dropped (at a school-year start after it left): then `out` holds
 * only its id, place CS_PLACE_GONE and school CS_NONE. */
gboolean cs_world_child (const CsWorld *w, guint id, CsChildView *out);
/* The same without the ECM scores (left 0): no baseline is drawn. */
gboolean cs_world_child_state (const CsWorld *w, guint id, CsChildView *out);
/* The records kept (every child present, and some gone), in increasing
 * order of id: cs_world_record_state() of record 0 .. n - 1 is
 * cs_world_child_state() of their ids, cheap enough to go over every
 * child several times a year. */
guint cs_world_n_records (const CsWorld *w);
void cs_world_record_state (const CsWorld *w, guint record, CsChildView *out);

/* counts[(loc * CS_N_DOMAINS + d) * CS_N_STAGES + s] (n_localities x
 * domains x stages doubles, overwritten): children of age in
 * [age_min, age_max] seen by `sight`, by their locality, domain and stage
 * in that domain (stage 0 included, so each (loc, d) sums to the children
 * seen in loc). */
void cs_world_count_needs (const CsWorld *w, const CsSight *sight,
                           double *counts);
/* The same for n_bands age bands at once (band b: ages band_lo[b] to
 * band_hi[b], sight's own ages ignored; n_bands <= 32) into counts + b x
 * (n_localities x domains x stages): what cs_world_count_needs gives for
 * each band, to the last bit, in one pass over the children. */
void cs_world_count_needs_bands (const CsWorld *w, const CsSight *sight,
                                 guint n_bands, const guint *band_lo,
                                 const guint *band_hi, double *counts);

/* Who buys a service's places, and whom they serve.  Each buyer has
 * its own places and its own waiting list; a child meets a buyer's
 * population when
 *  - schools is NULL: it lives in one of `localities` (NULL: anywhere in
 *    the area);
 *  - schools is not NULL: it is on the roll of one of those schools
 *    (wherever it lives), or it is outside every roll in one of the
 *    groups of `outside` (CS_BIT (CsOutside)) and lives in one of
 *    `localities` (NULL: anywhere);
 * and the buyer admits a referral when the child meets its population
 * and its extra criteria (NULL: none) and the referral comes from one of
 * its referrers (CS_BIT (CsNoticer)).  A referral waits on the list of
 * every buyer that admits it, in the order of referral (by stage first
 * under CS_WAITING_STAGE); the first of them to have a free place takes
 * it, and it leaves the other lists (neither withdrawn nor lapsed: it
 * was served once).  Places are whole: the service's places for
 * referrals by need, floor (places - sanction places) summed over its
 * buyers, go to the buyers in proportion to the places each has for
 * need, the remaining ones by the largest fractional part (ties to the
 * lower index), so splitting a service between buyers neither loses nor
 * makes a place; sanction places likewise.  Keys identify buyers across
 * calls (< CS_WORLD_BUYER_AREA); the arrays are copied. */
typedef struct
{
  guint key;
  double places;          /* sanction places included */
  double sanction_places; /* of places, used as a sanction */
  guint sanction_stage_min;
  guint32 referrers;          /* CS_BIT (CsNoticer) */
  const guint8 *schools;      /* n_schools flags, or NULL */
  const guint8 *localities;   /* n_localities flags, or NULL */
  guint32 outside;            /* CS_BIT (CsOutside), with schools only */
  const CsEligibility *extra; /* criteria it adds, or NULL */
} CsBuyer;

/* The key of a service's buyer before anyone commissions it: its own
 * places (CsService.places), for the whole area, every noticer it takes
 * referrals from, no criteria added. */
#define CS_WORLD_BUYER_AREA 0xFFFFu

/* Commissioning acts on services (index into CsParams.services). */
/* Set a service's buyers (n >= 1, in the order their places are filled;
 * n = 0: every buyer keeps its criteria and list with no places).
 * Places take effect now: free places are filled from the waiting
 * lists, buyer by buyer; after a cut, running episodes finish and no
 * new one starts on a buyer's places until fewer run on them than it
 * has.  With the same keys in the same order, lists and running
 * episodes stay with their buyers.  Otherwise the lists are made again
 * from the waiting referrals in order of referral (a referral no buyer
 * admits waits on the first buyer's list and is withdrawn when it
 * reaches its head, as one whose child no longer meets the criteria),
 * and an episode running on the places of a key that is gone moves to
 * the places of the first buyer that admits it (the first buyer if none
 * does), as places are handed over. */
void cs_world_set_buyers (CsWorld *w, guint service, guint n,
                          const CsBuyer *buyers);
/* The places of a service with one buyer (its other settings kept). */
void cs_world_set_places (CsWorld *w, guint service, double places);
void cs_world_set_quality (CsWorld *w, guint service, double quality);
void cs_world_set_price_rr (CsWorld *w, guint service, double price_rr);
/* Chance a child keeps the same worker for an episode (the provider's
 * continuity, [Debate]; 1 for a service without a provider): an
 * episode's effect is multiplied by quality x (continuity + (1 -
 * continuity) x CsParams.worker_change_effect_rr). */
void cs_world_set_continuity (CsWorld *w, guint service, double continuity);
/* Sanction places ([Debate]), part of a buyer's places (0: none, the
 * default): when school staff refer a pupil on a school roll for a
 * conduct need at the buyer's sanction_stage_min or more, the pupil takes
 * a free sanction place of a buyer whose population it is in and whose
 * referrers include school staff, of a referral-access service that
 * accepts school staff's referrals, whatever the service's own domains,
 * stages and criteria (the lowest service index, then the first buyer;
 * with no free sanction place the referral goes by need as usual).
 * Sanction places never serve referrals by need and have no waiting
 * list.  A sanction episode ends early when the pupil leaves its school;
 * at its end it acts on the conduct need only if the service serves
 * conduct at the pupil's stage (otherwise on the ECM scores only). */
/* Waiting referrals of a service on buyer `key`'s list now (a referral
 * on several lists counts on each); 0 for a key that does not buy it. */
guint cs_world_buyer_waiting (const CsWorld *w, guint service, guint key);
/* Referrals to the service that buyer `key` took over the run (joined its
 * list, started on its sanction place, or declined by rationing while it
 * would have taken them); 0 for a key that never bought.  A referral
 * counts for every buyer that takes it. */
guint64 cs_world_buyer_taken (const CsWorld *w, guint service, guint key);
/* Whether `key` is one of the service's buyers now. */
gboolean cs_world_is_buyer (const CsWorld *w, guint service, guint key);
void cs_world_service_report (const CsWorld *w, guint service,
                              CsServiceReport *out);

/* Check the invariants above; FALSE with SIM_ERROR_INTERNAL naming the
 * first violation.  O(children). */
G_GNUC_WARN_UNUSED_RESULT
gboolean cs_world_check (const CsWorld *w, GError **error);

G_END_DECLS
