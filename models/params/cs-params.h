/* cs-params.h: the parameters of one area scenario (model "area"), resolved.
 *
 * These structures are what the population model (issue 4) and the
 * commissioning model (issue 5) read.  The scenario loader
 * (cs-scenario.c) fills them from XML; tests and the benchmark may build
 * them by hand with cs_params_new() and cs_params_intern().
 *
 * Invariants the loader guarantees (code that builds params by hand must
 * keep them too):
 *  - every reference is a resolved index into the owning array (never an
 *    id to look up), and CS_NONE means "no reference";
 *  - ids are unique within their array and are lower-case identifiers
 *    (an arrangement with one instance per school or cluster becomes one
 *    CsArrangement each, id "ARRANGEMENT:SCHOOL" or "ARRANGEMENT:CLUSTER");
 *  - probabilities and shares are in [0,1], rates, counts, budgets,
 *    capacities, costs and durations are finite and >= 0, relative risks
 *    and multipliers are finite and > 0; SimDist values passed
 *    sim_dist_validate() (durations with non_negative = TRUE);
 *  - every CsNum and CsDistParam has a non-NULL source: the text of the
 *    scenario's source="..." ("[KEY] detail: ...", "assumption", or
 *    "--set PATH=VALUE; otherwise ...").
 *
 * No verdict in the data: an arrangement's `type`, a provider's `type` and
 * a partner's `kind` are labels for reports only.  Models must never
 * branch on them; every difference between arrangements is a parameter
 * below, and type-specific values live in the scenario files, not in C.
 *
 * Ownership: a CsParams owns every array and string reachable from it.
 * All strings (ids, names, labels, sources) live in the params' string
 * pool (cs_params_intern) and are freed with it.  CsParams is read-only
 * once built and may be shared between threads.
 */
#pragma once

#include <glib.h>

#include "models/params/cs-run.h"
#include "sim/sim-dist.h"

G_BEGIN_DECLS

/* "No reference" for resolved indices. */
/* The largest size of a distribution's parameters and values in a
 * scenario (assumption: no quantity in days, pounds or counts comes near
 * it; much larger ones can make event times overflow to infinity). */
#define CS_MAX_DIST_ABS 1e15
/* The most places a service may have (assumption: a million, like the
 * queue model's servers; far beyond any area's service). */
#define CS_MAX_PLACES 1000000u

#define CS_NONE G_MAXUINT

/* Bit for an enum value in the guint32 masks below. */
#define CS_BIT(v) (1u << (guint)(v))

/* At most this many partners pay part of a service's contracts under the
 * agreements in force at the start (CsService.agreement_partner). */
#define CS_MAX_AGREEMENT_PAYERS 16u

/* ---- Fixed dimensions of the domain -------------------------------------- */

/* Single years of age 0..17. */
#define CS_N_AGES 18

typedef enum
{
  CS_SEX_FEMALE,
  CS_SEX_MALE,
  CS_N_SEXES
} CsSex;

/* Staged intervention ([SENPOG 2006] Doran): 0 no need; 1 a teacher or parent
 * has a concern; 2 another professional advises; 3 several agencies with
 * an individual plan; 4 complex needs with close monitoring. */
#define CS_N_STAGES 5

typedef enum
{
  CS_DOMAIN_EMOTIONAL_MENTAL_HEALTH,
  CS_DOMAIN_CONDUCT_BEHAVIOUR,
  CS_DOMAIN_LEARNING_SEN,
  CS_DOMAIN_DISABILITY,
  CS_DOMAIN_SENSORY,
  CS_DOMAIN_SAFEGUARDING,
  CS_DOMAIN_FAMILY_STRESS,
  CS_DOMAIN_EARLY_YEARS,
  CS_N_DOMAINS
} CsDomain;

/* The five Every Child Matters outcomes ([Hodge 2004] (inferred)). */
typedef enum
{
  CS_ECM_BE_HEALTHY,
  CS_ECM_STAY_SAFE,
  CS_ECM_ENJOY_ACHIEVE,
  CS_ECM_POSITIVE_CONTRIBUTION,
  CS_ECM_ECONOMIC_WELLBEING,
  CS_N_ECM
} CsEcm;

typedef enum
{
  CS_SECTOR_HEALTH,
  CS_SECTOR_EDUCATION,
  CS_SECTOR_SOCIAL_CARE,
  CS_N_SECTORS
} CsSector;

typedef enum
{
  CS_TIER_UNIVERSAL,
  CS_TIER_TARGETED,
  CS_TIER_SPECIALIST,
  CS_N_TIERS
} CsTier;

/* Who may notice a need and refer (issue 4, "Referral"). */
typedef enum
{
  CS_NOTICER_SCHOOL_STAFF,
  CS_NOTICER_HEALTH,        /* health visitor or GP */
  CS_NOTICER_SOCIAL_WORKER, /* for open cases */
  CS_NOTICER_PARENTS,
  CS_N_NOTICERS
} CsNoticer;

/* Children outside "the school family" ([Debate]). */
typedef enum
{
  CS_OUTSIDE_PRE_SCHOOL,
  CS_OUTSIDE_EXCLUDED,
  CS_OUTSIDE_HOME_EDUCATED,
  CS_OUTSIDE_LOOKED_AFTER_OUT_OF_AREA,
  CS_N_OUTSIDE
} CsOutside;

typedef enum
{
  CS_SCHOOL_PRIMARY,
  CS_SCHOOL_SECONDARY,
  CS_SCHOOL_SPECIAL,
  CS_N_SCHOOL_TYPES
} CsSchoolType;

typedef enum
{
  CS_SETTING_SCHOOL,
  CS_SETTING_COMMUNITY,
  CS_SETTING_CLINIC,
  CS_SETTING_HOME,
  CS_N_SETTINGS
} CsSetting;

typedef enum
{
  CS_WAITING_FIFO,  /* first come, first served */
  CS_WAITING_STAGE, /* highest stage first, FIFO within a stage */
  CS_N_WAITINGS
} CsWaiting;

/* How children reach a service. */
typedef enum
{
  CS_ACCESS_REFERRAL, /* a noticer refers; places and a waiting list */
  CS_ACCESS_OPEN,     /* reaches `coverage` of eligible children a year */
  CS_N_ACCESSES
} CsAccess;

/* The ten stages of the commissioning cycle ([SENPOG 2006] Husbands). */
typedef enum
{
  CS_CYCLE_NEEDS_ANALYSIS,
  CS_CYCLE_BEST_VALUE,
  CS_CYCLE_RESOURCE_MAPPING,
  CS_CYCLE_GAP_ANALYSIS,
  CS_CYCLE_PRIORITY_SETTING,
  CS_CYCLE_SERVICE_REDESIGN,
  CS_CYCLE_SPECIFICATION,
  CS_CYCLE_PROCUREMENT,
  CS_CYCLE_CONTRACTING,
  CS_CYCLE_MONITORING,
  CS_N_CYCLE_STAGES
} CsCycleStage;

typedef enum
{
  CS_MEMBER_PARTNER,
  CS_MEMBER_SCHOOL
} CsMemberKind;

/* Names used in scenario files, paths and output groups
 * ("emotional_mental_health", "be_healthy", "social_care", ...): tables
 * indexed by the enum value, NULL-terminated. */
extern const char *const cs_sex_names[];
extern const char *const cs_domain_names[];
extern const char *const cs_ecm_names[];
extern const char *const cs_sector_names[];
extern const char *const cs_tier_names[];
extern const char *const cs_noticer_names[];
extern const char *const cs_outside_names[];
extern const char *const cs_school_type_names[];
extern const char *const cs_setting_names[];
extern const char *const cs_waiting_names[];
extern const char *const cs_access_names[];
extern const char *const cs_cycle_stage_names[];
/* Index of `name` in a NULL-terminated table, or -1. */
int cs_name_index (const char *const *names, const char *name);

/* ---- Values with their sources ------------------------------------------- */

/* A number and where it comes from.  Integer quantities (counts, places,
 * stages) are stored as doubles the loader has checked to be integral. */
typedef struct
{
  double value;
  const char *source; /* pool string, never NULL */
} CsNum;

typedef struct
{
  SimDist dist; /* owned (empirical arrays) */
  const char *source;
} CsDistParam;

typedef enum
{
  CS_AMOUNT_COUNT,            /* children */
  CS_AMOUNT_PER_1000_CHILDREN /* per 1,000 children of the reference group */
} CsAmountUnit;

/* A number of children given as a count or as a rate. */
typedef struct
{
  double value;
  CsAmountUnit unit;
  const char *source;
} CsAmount;

/* ---- The area ------------------------------------------------------------ */

typedef struct
{
  const char *id;
  const char *name;
  /* Income deprivation affecting children: share of the locality's
   * children in income-deprived families, in [0,1] (IDACI-like). */
  CsNum deprivation;
  /* Children resident, by single year of age 0..17 (the loader expands a
   * total with an age profile into single years). */
  CsNum children[CS_N_AGES];
} CsLocality;

/* Ages a school type takes (primary 4-10, ...), from the scenario. */
typedef struct
{
  CsNum age_min; /* years, inclusive */
  CsNum age_max; /* years, inclusive */
} CsSchoolPhase;

typedef struct
{
  const char *id;
  const char *name;
  CsSchoolType type;
  guint locality; /* index into CsParams.localities */
  CsNum age_min;  /* years, inclusive (from the type's phase unless set) */
  CsNum age_max;  /* years, inclusive */
  CsNum roll;     /* pupils on roll at the start */
  /* From the communities it serves: an arrangement with the school as a
   * member sees less of its community (CsArrangement.community_sight_km). */
  CsNum distance_km;
  /* Head teacher's orientation in [-1,+1]: -1 standards, +1 inclusion. */
  CsNum orientation;
  /* Delegated money the school may spend on commissioned services,
   * GBP per year, and the share it pools into arrangements it joins. */
  CsNum budget_gbp_per_year;
  CsNum pooled_share;
  const char *cluster; /* cluster label or NULL */
} CsSchool;

typedef struct
{
  CsNum male_share; /* share of children who are boys */
  /* Children outside the school roll at the start; pre_school counts
   * children below school age in an early-years setting (seen by
   * early-years staff as school staff see pupils). */
  CsAmount outside[CS_N_OUTSIDE];
  CsNum migration_in_per_1000_per_year;
  CsNum migration_out_per_1000_per_year;
} CsAreaSettings;

/* ---- Needs --------------------------------------------------------------- */

/* Who sees which children: a noticer contacts `contact_share` of the
 * children in its sight each year. */
typedef struct
{
  CsNum contact_share; /* share of children in sight contacted a year */
  CsNum age_min;       /* years, inclusive */
  CsNum age_max;
  gboolean on_roll_only;   /* sees only pupils on a school roll */
  gboolean open_case_only; /* sees only children with an open case */
} CsNoticerParams;

typedef struct
{
  /* Onset hazard of a new need (from stage 0), per 1,000 children per
   * year, by sex and single year of age. */
  CsNum onset_per_1000_per_year[CS_N_SEXES][CS_N_AGES];
  /* Relative risk of onset at deprivation 1 against 0, log-linear between
   * (multiplier = rr^deprivation). */
  CsNum deprivation_rr;
  /* Stage a new need starts at: shares over stages 1..4 (index 0 unused,
   * 0); they sum to 1. */
  CsNum onset_stage_share[CS_N_STAGES];
  /* Stage shares among children 0-17 at the start (index 0 = no need);
   * they sum to 1. */
  CsNum initial_share[CS_N_STAGES];
  /* While unmet: hazard per year of moving stage s -> s+1 (s = 1..3;
   * entries 0 and 4 unused, 0) and of s -> s-1 without help (s = 1..4;
   * entry 0 unused, 0). */
  CsNum escalation_per_year[CS_N_STAGES];
  CsNum remission_per_year[CS_N_STAGES];
  /* Multiplier on escalation while the child is being served. */
  CsNum served_escalation_rr;
  /* Probability a noticer in contact recognises the need in a year, and
   * the visibility multiplier by stage (index 0 unused). */
  CsNum recognition[CS_N_NOTICERS];
  CsNum visibility[CS_N_STAGES];
  /* Probability the need is referred once recognised, by noticer. */
  CsNum referral[CS_N_NOTICERS];
  /* Clustering (CsClustering): the log-hazard of this domain per
   * standard deviation of the family's adversity and of the child's
   * frailty (0 when absent: the domain ignores them). */
  CsNum adversity_loading;
  CsNum frailty_loading;
} CsNeedDomain;

/* Needs that cluster (issue 14).  Each child has a family adversity
 * A = deprived_shift x D + e (D = 1 for a child in an income-deprived
 * family, drawn with the locality's deprivation; e standard normal) and
 * a frailty F (standard normal), both fixed for life and discretised to
 * 8 equally likely classes.  Domain d's linear predictor is
 * eta = adversity_loading[d] x A + frailty_loading[d] x F; onset is
 * multiplied by exp(eta), escalation by exp(course_share x eta) and
 * remission by exp(-course_share x eta), each divided by its mean over
 * the area's children so that the mean hazards stay as given. */
typedef struct
{
  CsNum deprived_shift; /* sd of adversity added by an income-deprived
                           family */
  CsNum course_share;   /* share of eta acting on escalation/remission */
} CsClustering;

/* A staged response to special educational needs (issue 14; England's
 * SEN Code of Practice of 2001).  School Action and School Action Plus
 * are a pupil's learning need at school_action_stage and at
 * school_action_plus_stage or more (school staff, then outside
 * specialists involved); from assessment_stage, a pupil without a
 * statement is the subject of a request for statutory assessment by one
 * of `requesters` at the hazard with which they notice and refer such a
 * need; the assessment takes assessment_days (request to final
 * statement; the Code's limit is deadline_days), then issues a statement
 * with chance statement_share if the need is still at cease_stage or
 * more.  A statement ceases when the learning need falls below
 * cease_stage.  Off (statements = learning stage at statement_stage_min)
 * when the element is absent. */
typedef struct
{
  gboolean on;
  CsNum school_action_stage;
  CsNum school_action_plus_stage;
  CsNum assessment_stage;
  guint32 requesters; /* CS_BIT (CsNoticer) */
  CsDistParam assessment_days;
  CsNum deadline_days;
  CsNum statement_share;
  CsNum cease_stage;
} CsSenResponse;

/* ---- Life events --------------------------------------------------------- */

typedef struct
{
  /* Permanent exclusion of a pupil, per 1,000 pupils per year, at conduct
   * stage 0, not looked after, orientation 0; then multiplied by
   * conduct_rr[conduct stage] (entry 0 = 1), looked_after_rr when looked
   * after, and orientation_rr^(-orientation) (relative risk at -1
   * standards against 0). */
  CsNum exclusion_per_1000_per_year;
  CsNum exclusion_conduct_rr[CS_N_STAGES];
  CsNum exclusion_looked_after_rr;
  CsNum exclusion_orientation_rr;
  /* Also multiplied by sen_rr[learning stage] (1s when absent) and, while
   * an episode meets the pupil's conduct need (the school's response),
   * by served_rr (1 when absent). */
  CsNum exclusion_sen_rr[CS_N_STAGES];
  CsNum exclusion_served_rr;
  CsDistParam exclusion_days; /* out of school until a new place, days */
  /* Entry into care, hazard per year by safeguarding stage. */
  CsNum care_entry_per_year[CS_N_STAGES];
  /* ... multiplied by family_rr[family-stress stage] (1s when absent). */
  CsNum care_family_rr[CS_N_STAGES];
  CsDistParam care_days;           /* length of a care episode, days */
  CsNum care_out_of_area_share;    /* placements out of the area */
  CsNum looked_after_per_1000;     /* looked after at the start */
  CsNum children_in_need_per_1000; /* open social-care cases at start */
  /* An open social-care case is held open after the child's last
   * social-care referral or episode ends (and after care), while the
   * child has a need at child_in_need_stage_min or more; a held case is
   * closed at this hazard per year (review and closure). */
  CsNum case_closure_per_year;
  /* Mid-phase school moves, per 1,000 pupils per year, with relative
   * risks for looked-after pupils at any age and at key stage 4. */
  CsNum school_move_per_1000_per_year;
  CsNum school_move_looked_after_rr;
  CsNum school_move_looked_after_ks4_rr;
  /* Placement changes of a looked-after child a year, and the chance
   * that one moves a pupil to another school (adds
   * placement_moves_per_year x placement_school_change_share to a
   * looked-after pupil's school-move hazard; 0 when absent). */
  CsNum placement_moves_per_year;
  CsNum placement_school_change_share;
  CsNum ks4_age_min; /* years, inclusive */
  CsNum ks4_age_max;
  /* Children taken out of school for home education, per 1,000 pupils
   * per year. */
  CsNum home_education_per_1000_per_year;
} CsLifeEvents;

/* ---- ECM outcomes -------------------------------------------------------- */

/* Scores are in standard-deviation units of the child population. */
typedef struct
{
  CsNum baseline_mean[CS_N_ECM];
  CsNum baseline_sd[CS_N_ECM];
  CsNum deprivation_shift[CS_N_ECM]; /* added at deprivation 1 */
  /* Change per year per stage of each unmet need (usually negative). */
  CsNum unmet_per_stage_per_year[CS_N_DOMAINS][CS_N_ECM];
  /* Rate per year at which a score returns to its baseline. */
  CsNum reversion_per_year[CS_N_ECM];
  /* One-off changes at exclusion and at entry into care. */
  CsNum exclusion_shift[CS_N_ECM];
  CsNum care_entry_shift[CS_N_ECM];
  /* A new child's change starts at (1 - this) x the steady change of its
   * needs (drift / reversion): the share of that change its needs being
   * met, served episodes' effects and reversion have taken back, on
   * average, by the time the model is in its steady state (issue 13
   * item 6; optional, absent 0: as if no need had ever been met). */
  CsNum initial_met_share[CS_N_ECM];
} CsEcmParams;

/* ---- Services ------------------------------------------------------------ */

/* Who may receive a service (a service's own criteria, or those an
 * arrangement adds: a child must meet both). */
typedef struct
{
  CsNum age_min; /* years, inclusive */
  CsNum age_max;
  CsNum stage_min; /* lowest stage of a served domain, 0..4 */
  guint32 domains; /* CS_BIT (CsDomain) mask; a need in one of these */
  gboolean on_roll_only;
  gboolean looked_after_only;
  CsNum deprivation_min; /* locality deprivation at least this */
} CsEligibility;

typedef struct
{
  const char *id;
  const char *name;
  CsSector sector;
  CsTier tier;
  /* Where it is delivered: a service delivered at school starts only for
   * children in school (on a roll, or below school age in an early-years
   * setting); the other settings restrict nobody. */
  CsSetting setting;
  CsAccess access;
  CsWaiting waiting;
  guint32 domains; /* domains it serves, CS_BIT (CsDomain) */
  CsNum stage_min; /* stages it serves */
  CsNum stage_max;
  guint32 referrers; /* noticers who may refer, CS_BIT (CsNoticer) */
  CsEligibility eligibility;
  /* An episode ends early when the child leaves the school (exclusion or
   * school move); [Debate]. */
  gboolean ends_on_leaving_school;
  CsNum places;   /* fixed places until contracts give capacity */
  CsNum coverage; /* CS_ACCESS_OPEN: share of eligible reached a year */
  CsDistParam episode_days;
  CsNum cost_gbp_per_episode;
  CsNum cost_gbp_per_place_per_year;
  CsNum cost_gbp_per_child_day; /* per day in service (placements) */
  /* Effect of a completed episode (scaled by provider quality): chance
   * the need falls one stage, chance it resolves to stage 0. */
  CsNum effect_deescalate;
  CsNum effect_resolve;
  CsNum ecm_effect[CS_N_ECM]; /* change per completed episode */
  /* Waiting lists that behave like real ones (issue 14; 0 = off; from
   * <services> when the service does not set them): a referral that has
   * waited max_wait_days is closed (lapsed; the need may be noticed and
   * referred again), and the stage a new referral needs rises by one for
   * every ration_queue_per_place referrals waiting per place for need
   * (rationing: a referral below it is declined). */
  CsNum max_wait_days;
  CsNum ration_queue_per_place;
  /* Relative risk of onset, by domain, for children reached this year
   * (prevention; 1 = none). */
  CsNum onset_rr[CS_N_DOMAINS];
  guint commissioner; /* arrangement at the start, or CS_NONE */
  guint provider;     /* provider at the start, or CS_NONE */
  /* The sectors whose responsibilities the needs it meets are
   * (CS_BIT (CsSector)); always including its own sector, only it by
   * default (issue 15: a service meeting needs two sectors hold is a
   * natural candidate for joint commissioning). */
  guint32 serves;
  /* A partnership agreement for it already in force at the start (issue
   * 15; [Health Act 1999] section 31: pooled funds and lead commissioning
   * between the NHS and local authorities; services funded jointly by
   * design): partner agreement_partner[k] pays agreement_share[k] of every
   * contract its commissioner at the start (the lead) holds for it, from
   * its budget's sectors in proportion to its budget; the lead's funding
   * pays the rest as before.  The shares sum to at most 1.  n_agreement 0:
   * none (the default; the pathfinder generator sets it from its drawn
   * agreements, docs/survey.md). */
  guint n_agreement;
  guint agreement_partner[CS_MAX_AGREEMENT_PAYERS];
  double agreement_share[CS_MAX_AGREEMENT_PAYERS];
} CsService;

/* ---- Partners, providers, arrangements ----------------------------------- */

typedef struct
{
  const char *id;
  const char *name;
  const char *kind; /* label: la_education, health, ... (reports only) */
  /* Label: its main sector (reports and the pathfinder survey only; the
   * sectors of its money are those of budget_gbp_per_year). */
  CsSector sector;
  CsNum budget_gbp_per_year[CS_N_SECTORS];
  /* Share of its budget pooled into each arrangement it joins, unless
   * the membership says otherwise. */
  CsNum pooled_share;
} CsPartner;

typedef struct
{
  const char *id;
  const char *name;
  const char *type;      /* label: in_house, voluntary, ... (reports only) */
  guint32 sectors;       /* CS_BIT (CsSector) it can deliver */
  CsNum capacity;        /* places it can run across its contracts */
  CsNum price_rr;        /* multiplier on a service's unit costs */
  CsNum quality;         /* multiplier on a service's effect, in [0,1] */
  CsNum bid_probability; /* chance it bids for a tender it can serve */
  /* Chance a child keeps the same worker for an episode; see
   * CsParams.worker_change_effect_rr ([Practices 2008]: social work practices
   * promised continuity). */
  CsNum continuity;
} CsProvider;

typedef struct
{
  CsMemberKind kind;
  guint index;        /* into partners or schools */
  CsNum pooled_share; /* resolved: the membership's or the member's */
} CsMember;

typedef struct
{
  CsDistParam tender_days;    /* tender period */
  CsNum failure_probability;  /* the procurement fails and is re-run */
  CsNum transaction_cost_gbp; /* per procurement */
  CsNum price_weight;         /* award weight on price; quality 1 - it */
  CsDistParam contract_years; /* contract length */
  /* Attempts at one procurement: a failed attempt is re-run (a new
   * tender period) until this many have failed; then the need waits for
   * the next cycle (issue 5). */
  CsNum max_attempts;
} CsProcurement;

typedef struct
{
  CsDistParam days; /* how long the stage takes */
  CsNum staff_cost_gbp;
} CsCycleStageParams;

typedef struct
{
  const char *id;
  const char *name;
  const char *type; /* label: separate, joint_unit, panel, school_led */
  /* Scope: what it commissions and for which localities. */
  guint32 tiers;      /* CS_BIT (CsTier) */
  guint32 sectors;    /* CS_BIT (CsSector) */
  guint n_localities; /* 0 = the whole area */
  guint *localities;
  guint n_members;
  CsMember *members;
  /* Records it sees for needs analysis: share of member schools' pupils'
   * records, and share of partners' shared records. */
  CsNum records_roll_share;
  CsNum records_partner_share;
  /* Reach to children outside the school roll: share of each group its
   * needs analysis and services can see. */
  CsNum reach_outside[CS_N_OUTSIDE];
  /* Referrals from these noticers reach its services (CS_BIT). */
  guint32 referral_sources;
  CsNum analytic_capacity; /* [0,1]; estimation error shrinks with it */
  CsNum weight_domain[CS_N_DOMAINS];
  CsNum weight_stage[CS_N_STAGES];
  CsNum weight_ecm[CS_N_ECM];
  CsEligibility eligibility; /* criteria it adds */
  CsProcurement procurement;
  CsCycleStageParams cycle[CS_N_CYCLE_STAGES];
  CsNum cycle_interval_days;      /* between needs analyses */
  CsNum meeting_interval_days;    /* decisions wait for a meeting; 0 none */
  CsNum monitoring_interval_days; /* contract reviews */
  CsNum running_cost_gbp_per_year;
  /* Quality assurance: chance a review finds a provider whose quality is
   * below the threshold, and then replaces it. */
  CsNum qa_detection;
  CsNum qa_quality_threshold;
  /* Dependence on one decision-maker: domain weights move by
   * dependence * orientation * shift[d] (orientation of the member heads,
   * -1 standards .. +1 inclusion), plus noise of this sd. */
  CsNum decision_dependence;
  CsNum orientation_weight_shift[CS_N_DOMAINS];
  CsNum decision_noise_sd;
  /* Share of the places of the referral-access services it holds
   * contracts for that are used as a sanction or last resort: they go to
   * pupils school staff refer for a conduct need at
   * sanction_conduct_stage_min or more, whatever the service's own
   * criteria, not to children by need (cs_world_set_sanction). */
  CsNum sanction_use;
  CsNum sanction_conduct_stage_min;
  /* With school members: distance (km) at which a school's sight of its
   * community falls by a factor e: the records of children outside the
   * roll and of partners it sees are multiplied by exp(-d / this), d the
   * member schools' roll-weighted distance_km; 0: distance does not
   * matter ([Debate]: secondary schools often sit far from the
   * communities they serve). */
  CsNum community_sight_km;
  /* Sectors whose services its pooled fund pays for (CS_BIT (CsSector));
   * the arrangement's sectors unless the scenario says otherwise
   * ([UEA/NCB 2007]: formal pools were usually for selected services). */
  guint32 pool_sectors;
  /* Without school members: the share of pupils whose schools work with
   * it on services delivered in school (its weight for those services is
   * multiplied by this); 1 by default ([Hodge 2004] (inferred): schools are not
   * under the duty to co-operate; [Chowcat 2008], [UEA/NCB 2007]: schools at
   * the edge). */
  CsNum school_participation;
  /* Whom the places it buys serve (issue 13, "Places belong to their
   * buyer"): FALSE (population="localities", the default), the children
   * of its localities (the whole area without any); TRUE
   * (population="member_pupils"), its member schools' pupils wherever
   * they live and the children outside every roll in the groups it
   * reaches (reach_outside > 0) who live in its member schools'
   * localities.  School members alone pay in and share records; they do
   * not narrow whom it serves. */
  gboolean serves_member_pupils;
  /* Days after commissioning.first_cycle_day at which its first
   * commissioning cycle starts (0 by default: then); before it, it holds
   * no contract of its own (issue 15: a pathfinder's board started some
   * months after the pathfinders were selected; the pathfinder generator
   * draws it, docs/survey.md). */
  CsNum start_delay_days;
  /* Joint commissioning as a decision about a service (issue 15): TRUE,
   * it pays a contract for a service that serves the responsibilities of
   * two or more of its sectors, each holding money with it, from those
   * sectors' money in equal shares (each sector's share by that sector's
   * funding: its pool, its aligned money, then the others' surplus);
   * FALSE (the default), from the service's own sector's funding, as
   * before issue 15. */
  gboolean joint_by_responsibility;
} CsArrangement;

/* Settings of the commissioning process common to all arrangements. */
typedef struct
{
  /* Coefficient of variation of a needs estimate at analytic capacity 0;
   * it shrinks as (1 - capacity). */
  CsNum estimate_cv_at_zero_capacity;
  CsNum first_cycle_day; /* day of the first needs analysis */
  /* A service is jointly commissioned when at least two of the health,
   * education and social-care sectors each pay at least this share of a
   * contract for it (issue 5; 0: any amount counts). */
  CsNum joint_min_share;
  /* Largest change of a service's places one cycle's plan may make, as a
   * share of the places the arrangement holds (a service it starts may
   * get this share of the places it needs) (issue 5). */
  CsNum max_change_per_cycle;
  /* Share of a holder's kept money that pays for services no arrangement
   * it is a member of has in scope which is nonetheless aligned with its
   * arrangements (issue 13; 0: money follows responsibility and that
   * money is reported unspent; 1: the rule before issue 13, every kept
   * pound split between the holder's arrangements). */
  CsNum unallocated_to_members;
  /* Mean wait from referral to a place that gap analysis sizes a
   * referral-access service for (days; issue 13): the fewest places at
   * which an M/M/c queue (Erlang C) at the planned demand and the
   * service's mean episode length waits at most this long on average.  0:
   * the places of the offered load (demand x mean episode / a year), the
   * rule before issue 13, at which a queue grows without bound. */
  CsNum target_wait_days;
  /* Share of an arrangement's unspent money (its part of its holders'
   * uncommitted balances and of its fund's) that priority setting adds to
   * the planning budget, spread over one cycle (issue 13; 0: a plan spends
   * only the year's income, the rule before issue 13). */
  CsNum carry_forward_share;
  /* Whether priority setting sees the providers' free capacity (issue
   * 13): the places a plan adds to a service are capped at the free
   * places of the providers that deliver its sector, given out in order
   * of priority, and the money a capped service cannot spend goes to the
   * next priorities.  FALSE: the plan ignores the market (the rule before
   * issue 13; a low priority's places may then take the capacity a higher
   * one's tender needs). */
  gboolean plan_within_capacity;
} CsCommissioning;

/* Stage thresholds that define the output groups of issue 2. */
typedef struct
{
  CsNum additional_needs_stage_min; /* any domain at this stage or more */
  CsNum sen_stage_min;              /* learning_sen */
  CsNum statement_stage_min;        /* learning_sen */
  CsNum disabled_stage_min;         /* disability */
  CsNum child_in_need_stage_min;    /* any domain, with an open case */
} CsGroupDefs;

/* ---- The whole area scenario --------------------------------------------- */

typedef struct
{
  CsRunSettings run;

  CsAreaSettings area;
  guint n_localities;
  CsLocality *localities;
  CsSchoolPhase phases[CS_N_SCHOOL_TYPES];
  guint n_schools;
  CsSchool *schools;

  CsNeedDomain domains[CS_N_DOMAINS];
  CsNoticerParams noticers[CS_N_NOTICERS];
  CsClustering clustering;
  CsSenResponse sen;
  CsLifeEvents life;
  CsEcmParams ecm;
  CsGroupDefs groups;

  guint n_services;
  CsService *services;
  guint n_partners;
  CsPartner *partners;
  guint n_providers;
  CsProvider *providers;
  /* Multiplier on an episode's effect when the child's worker changes
   * during it (<providers worker_change_effect_rr>): with its provider's
   * continuity c, an episode's effect is multiplied by c + (1 - c) x it. */
  CsNum worker_change_effect_rr;
  guint n_arrangements;
  CsArrangement *arrangements;
  CsCommissioning commissioning;

  /* Not a scenario setting: set by a program that reads only the
   * commissioning model's rows (ctsim survey).  TRUE: the area model
   * keeps no children's rows (no census, no outcome scores or flows
   * brought up to date, no reach samples); every event, draw and
   * decision is the same, since nothing the models decide on reads them
   * (docs/architecture.md, "What a run measures"). */
  gboolean commissioning_rows_only;

  /* Not a scenario setting: TRUE when no other run of the process starts
   * from the same inputs (ctsim survey outside a sweep draws every
   * pathfinder of every replication anew), so the start of the
   * population is neither looked up in nor kept in the memo of starts
   * (cs-populate.c): the same start, without the key's SHA-256 and the
   * memo's copy of every area. */
  gboolean start_unshared;

  gpointer pool; /* private: the string pool */
} CsParams;

/* Empty params (all arrays NULL, counts 0, sources NULL). (transfer full) */
CsParams *cs_params_new (void);
void cs_params_free (CsParams *params); /* accepts NULL */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsParams, cs_params_free)

/* A copy of s kept as long as params (NULL for NULL); equal strings
 * share one copy.  (transfer none) */
const char *cs_params_intern (CsParams *params, const char *s);

/* Index of the element with this id, or CS_NONE. */
guint cs_params_find_locality (const CsParams *params, const char *id);
guint cs_params_find_school (const CsParams *params, const char *id);
guint cs_params_find_service (const CsParams *params, const char *id);
guint cs_params_find_partner (const CsParams *params, const char *id);
guint cs_params_find_provider (const CsParams *params, const char *id);
guint cs_params_find_arrangement (const CsParams *params, const char *id);

/* A deep copy of src (its locality list, members and distributions),
 * which dst owns; and the freeing of what an arrangement owns (not the
 * struct itself).  The one copy and the one clear of an arrangement:
 * the loader's instances, the pathfinders' areas and cs_params_free(). */
void cs_arrangement_copy (CsArrangement *dst, const CsArrangement *src);
void cs_arrangement_clear (CsArrangement *arr);

/* TRUE when school s takes pupils of this age (age_min to age_max). */
gboolean cs_school_takes (const CsSchool *s, guint age);

/* The children aged 0-17 the localities hold (the sum over localities and
 * ages). */
double cs_params_children (const CsParams *params);

/* Resize the area by k: the localities' children, school rolls and
 * budgets, the counts of children outside the roll, service places,
 * partners' budgets and providers' capacities (counts rounded, a positive
 * count at least 1 where a place or a pupil must stay); each value's
 * source becomes `source`.  Commissioning costs (an organisation's, not
 * its size's) are left alone.  Used by the pathfinder generator. */
void cs_params_resize (CsParams *params, double k, const char *source);

/* The same, each value keeping its own source followed by "; NOTE"
 * (<area children="N">). */
void cs_params_resize_noted (CsParams *params, double k, const char *note);

G_END_DECLS
