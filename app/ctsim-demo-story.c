/* ctsim-demo-story.c: the narration of `ctsim demo`: the commissioning
 * cycle's stages and three children's stories in time order, between the
 * beginning and the end of ctsim-demo-end.c.
 *
 * Every number comes from the run's records (ctsim-demo.h): the trace's
 * rows (typed records, cs-trace.h, with numbers as trace.csv writes them;
 * the story switches on their codes and event kinds), the needs analyses and
 * plans observed, the followed children's records, and results.csv's rows
 * (year-end summaries, the table's area rows).  Lines are at most
 * CTSIM_DEMO_WIDTH columns: a first line, then continuation lines indented by
 * at least four spaces (tests/demo.sh joins them again); only plain ASCII is
 * added to the scenario's own names.  Nothing depends on the clock or the
 * terminal.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "models/area/cs-area.h"
#include "models/params/cs-outputs.h"
#include "app/ctsim-demo.h"

/* ---- words --------------------------------------------------------------- */

static const char *const stage_words[CS_N_STAGES] = {
  "no need",
  "a teacher or parent has a concern",
  "another professional advises",
  "several agencies, with a plan",
  "complex needs, closely watched",
};

static const char *const noticer_words[CS_N_NOTICERS]
    = { "school staff", "a health visitor or GP", "a social worker",
        "parents" };

static const char *const where_words[CTSIM_DEMO_N_WHERE] = {
  "on a roll",
  "at other schools",
  "pre-school in a setting",
  "pre-school at home",
  "excluded",
  "educated at home",
  "placed out of the area",
  "past school age",
};

typedef struct
{
  const CtsimDemoRun *run;
  GPtrArray *lines;
  gint section; /* of the last stage told; -1: none this year */
  guint k_needs, k_plan, k_year;
  guint reviews, weak, renewals; /* this measurement year */
  guint years_started;
  gboolean *in_scope; /* per arrangement: it has services in scope */
  /* Per arrangement, its last resource mapping: places taken over and
   * money a year (NAN: none yet). */
  double *taken, *gbp;
} Story;

enum
{
  SEC_NEEDS,
  SEC_GAP,
  SEC_PRIORITIES,
  SEC_PROCUREMENT,
  SEC_CONTRACTS,
  SEC_MONITORING,
  SEC_CHILDREN, /* what happens to the followed children (issue 18 item 7:
                   not under a commissioning stage's heading) */
  N_SEC
};

static const char *const section_words[N_SEC] = {
  "Needs analysis", "Gap analysis", "Priorities",   "Procurement",
  "Contracts",      "Monitoring",   "The children",
};

/* ---- the commissioners' stages ------------------------------------------- */

/* A stage of the cycle begins (when the last one told was another). */
static void
heading (Story *s, gint section)
{
  g_autofree char *text = NULL;

  if (s->section == section)
    return;
  s->section = section;
  text = g_strdup_printf ("%c0%s%c", CTSIM_DEMO_MARK, section_words[section],
                          CTSIM_DEMO_END);
  /* --step pauses at the commissioners' stages, not at every turn to
   * the children */
  ctsim_demo_add_line (s->lines, text, section != SEC_CHILDREN);
}

/* One event: "  day NNN  text", wrapped under the text. */
static void
say_at (Story *s, double t, const char *text)
{
  g_autofree char *first = g_strdup_printf ("  day %3ld  ", ctsim_demo_day (t));
  g_autofree char *cap = g_strdup (text);

  cap[0] = g_ascii_toupper (cap[0]);
  ctsim_demo_wrap (s->lines, first, "           ", cap, FALSE);
}

static const char *
article (const char *word)
{
  return strchr ("aeiouAEIOU", word[0]) ? "an" : "a";
}

/* A count the model gives as an expected number of children (records
 * and estimates are expected counts, CsNeedsView): whole children for a
 * person, "about" when it is not whole, "almost none" below a half. */
static char *
count (double x)
{
  if (fabs (x - round (x)) < 0.05)
    return g_strdup_printf ("%.0f", x);
  if (x < 0.5)
    return g_strdup ("almost none");
  return g_strdup_printf ("about %.0f", x);
}

/* The domains the followed children's stories are about, that services in
 * arrangement a's scope serve, in the children's order. */
static guint
story_domains (const Story *s, guint a, CsDomain *out)
{
  const CsParams *p = s->run->p;
  guint n = 0;

  for (guint j = 0; j < CTSIM_DEMO_FOLLOWED; j++)
    {
      CsDomain d = s->run->focus[j];
      gboolean served = FALSE, dup = FALSE;
      if (s->run->follow[j] == CS_NONE)
        continue;
      for (guint i = 0; i < p->n_services; i++)
        served = served
                 || (ctsim_demo_in_scope (&p->arrangements[a], &p->services[i])
                     && (p->services[i].domains & CS_BIT (d)));
      for (guint k = 0; k < n; k++)
        dup = dup || out[k] == d;
      if (served && !dup)
        out[n++] = d;
    }
  return n;
}

/* The domain arrangement x->arr's services serve in which most children
 * have a need; CS_N_DOMAINS if none has. */
static CsDomain
busiest_domain (const Story *s, const CtsimDemoAnalysis *x)
{
  const CsParams *p = s->run->p;
  guint best = CS_N_DOMAINS;

  for (guint d = 0; d < CS_N_DOMAINS; d++)
    {
      gboolean served = FALSE;
      for (guint i = 0; i < p->n_services; i++)
        served = served
                 || (ctsim_demo_in_scope (&p->arrangements[x->arr],
                                          &p->services[i])
                     && (p->services[i].domains & CS_BIT (d)));
      if (served && x->truth[d] > 0
          && (best == CS_N_DOMAINS || x->truth[d] > x->truth[best]))
        best = d;
    }
  return (CsDomain)best;
}

static void
tell_where (GString *g, const CtsimDemoAnalysis *x, CsDomain d,
            gboolean members)
{
  guint on = x->where[d][CTSIM_DEMO_MEMBER_ROLL];
  guint off = x->truth[d] - on;
  gboolean first = TRUE;

  g_string_append_printf (g, "%u %s", on,
                          members ? "on its schools' rolls" : "on a roll");
  if (off == 0)
    return;
  g_string_append_printf (g, ", %u not (", off);
  for (guint w = CTSIM_DEMO_OTHER_ROLL; w < CTSIM_DEMO_N_WHERE; w++)
    if (x->where[d][w] > 0)
      {
        g_string_append_printf (g, "%s%u %s", first ? "" : ", ", x->where[d][w],
                                where_words[w]);
        first = FALSE;
      }
  g_string_append_c (g, ')');
}

static void
tell_needs (Story *s, const CtsimDemoRow *r)
{
  const CsParams *p = s->run->p;
  const CtsimDemoAnalysis *x;
  g_autofree char *who = NULL;
  g_autoptr (GString) g = g_string_new (NULL);
  CsDomain ds[CS_N_DOMAINS];
  guint n;
  gboolean members = FALSE;

  if (s->k_needs >= s->run->analyses->len)
    return;
  x = &g_array_index (s->run->analyses, CtsimDemoAnalysis, s->k_needs++);
  if (!s->in_scope[x->arr])
    return;
  for (guint m = 0; m < p->arrangements[x->arr].n_members; m++)
    members = members
              || p->arrangements[x->arr].members[m].kind == CS_MEMBER_SCHOOL;
  heading (s, SEC_NEEDS);
  who = ctsim_demo_commissioner (p, x->arr);
  g_string_printf (g, "%s reads the records of about %.0f children.", who,
                   x->view.children_estimate);
  n = MIN (1u, story_domains (s, x->arr, ds)); /* the first story's */
  if (n == 0 && (ds[0] = busiest_domain (s, x)) != CS_N_DOMAINS)
    n = 1; /* else the domain its services serve with most need */
  for (guint k = 0; k < n; k++)
    {
      CsDomain d = ds[k];
      g_autofree char *seen = count (x->view.seen[d]);
      g_autofree char *est = count (x->view.estimate[d]);
      g_string_append_printf (g, " %c%s needs (stage %u+): ",
                              g_ascii_toupper (ctsim_demo_domain_words (d)[0]),
                              ctsim_demo_domain_words (d) + 1,
                              s->run->threshold);
      if (x->truth[d] == 0)
        {
          g_string_append_printf (g, "no child has one; it estimates %s.", est);
          continue;
        }
      g_string_append_printf (g, "%u children, ", x->truth[d]);
      tell_where (g, x, d, members);
      g_string_append_printf (g, "; records show %s; it estimates %s.", seen,
                              est);
    }
  say_at (s, r->t, g->str);
}

/* Resource mapping and gap analysis, told together at the gap analysis. */
static void
tell_mapping (Story *s, const CtsimDemoRow *r, guint a)
{
  if (r->facts.what != CS_TRACE_RESOURCE_MAPPING)
    return;
  s->taken[a] = r->facts.u.mapping.taken_over;
  s->gbp[a] = r->facts.u.mapping.gbp_a_year;
}

static void
tell_gap (Story *s, const CtsimDemoRow *r, guint a)
{
  double need = r->facts.u.gap.needs, places = r->facts.u.gap.places;
  double have = r->facts.u.gap.have;
  g_autofree char *who = ctsim_demo_commissioner (s->run->p, a);
  g_autofree char *needs = NULL, *m = NULL, *took = NULL, *has = NULL;
  g_autofree char *text = NULL;

  if (r->facts.what != CS_TRACE_GAP_ANALYSIS)
    return;
  heading (s, SEC_GAP);
  needs = count (need);
  m = ctsim_demo_money (s->gbp[a]);
  has = isnan (s->gbp[a]) ? g_strdup ("")
                          : g_strdup_printf (": %s pounds a year", m);
  took = s->taken[a] >= 0.5 ? g_strdup_printf (
             "; takes over %.0f places from the agencies", s->taken[a])
                            : g_strdup ("");
  text = need >= 0.5
             ? g_strdup_printf ("%s%s%s; about %s needs its services meet "
                                "call for %.0f place%s; they have %.0f.",
                                who, has, took, needs, places,
                                ctsim_demo_plural (places), have)
             : g_strdup_printf ("%s%s%s; its records show almost none of the "
                                "needs its services meet, but their "
                                "referrals call for %.0f place%s; they have "
                                "%.0f.",
                                who, has, took, places,
                                ctsim_demo_plural (places), have);
  say_at (s, r->t, text);
}

static gint
by_priority (gconstpointer a, gconstpointer b, gpointer data)
{
  const double *pri = data;
  guint i = *(const guint *)a, j = *(const guint *)b;

  if (pri[i] != pri[j])
    return pri[i] > pri[j] ? -1 : 1;
  return i < j ? -1 : i > j;
}

static void
tell_plan (Story *s, const CtsimDemoRow *r, guint a)
{
  const CsParams *p = s->run->p;
  const CtsimDemoPlan *x;
  double budget = r->facts.u.priorities.budget_gbp;
  g_autofree char *who = NULL;
  g_autofree char *m = NULL;
  g_autoptr (GString) g = g_string_new (NULL);
  g_autoptr (GArray) order = g_array_new (FALSE, FALSE, sizeof (guint));

  if (s->k_plan >= s->run->plans->len)
    return;
  x = &g_array_index (s->run->plans, CtsimDemoPlan, s->k_plan++);
  if (x->arr != a || !s->in_scope[a])
    return;
  for (guint i = 0; i < p->n_services; i++)
    if (!isnan (x->planned[i]))
      g_array_append_val (order, i);
  if (order->len == 0)
    return;
  g_array_sort_with_data (order, by_priority, x->priority);
  heading (s, SEC_PRIORITIES);
  who = ctsim_demo_commissioner (p, a);
  m = ctsim_demo_money (budget);
  g_string_printf (g,
                   "%s plans with %s pounds a year, after its own "
                   "costs. Places now -> planned, by priority:",
                   who, m);
  for (guint k = 0; k < order->len; k++)
    {
      guint i = g_array_index (order, guint, k);
      g_string_append_printf (g, "%s %s %.0f -> %.0f", k ? "," : "",
                              p->services[i].name, x->held[i], x->planned[i]);
    }
  g_string_append_c (g, '.');
  say_at (s, r->t, g->str);
}

static void
tell_procurement (Story *s, const CtsimDemoRow *r, guint a)
{
  const CsParams *p = s->run->p;
  g_autofree char *who = ctsim_demo_commissioner (p, a);
  g_autofree char *text = NULL;
  double places = r->facts.u.tender.places, days = r->facts.u.tender.days;
  guint attempt = r->facts.u.tender.attempt;

  if (r->facts.what == CS_TRACE_TENDER_OPENED)
    text
        = attempt > 1
              ? g_strdup_printf ("%s tenders for %s again (attempt %u; "
                                 "closes in %.0f days).",
                                 who, ctsim_demo_service_name (p, r->service),
                                 attempt, days)
              : g_strdup_printf ("%s tenders for %.0f place%s of %s (closes "
                                 "in %.0f days).",
                                 who, places, ctsim_demo_plural (places),
                                 ctsim_demo_service_name (p, r->service), days);
  else if (r->facts.what == CS_TRACE_PROCUREMENT
           && r->facts.u.procurement.tenders == 0)
    text = g_strdup_printf ("%s opens no tender: it holds what it plans.", who);
  if (!text)
    return;
  heading (s, SEC_PROCUREMENT);
  say_at (s, r->t, text);
}

static void
tell_tender_end (Story *s, const CtsimDemoRow *r)
{
  const CsParams *p = s->run->p;
  g_autofree char *text = NULL;
  double places = r->facts.u.tender.places;
  guint bids = r->facts.u.tender.bids;

  if (r->facts.what == CS_TRACE_TENDER_AWARDED)
    text = g_strdup_printf (
        "Tender for %s: %u bid%s; %.0f place%s to %s%s.",
        ctsim_demo_service_name (p, r->service), bids, ctsim_demo_plural (bids),
        places, ctsim_demo_plural (places),
        ctsim_demo_provider_at (p, r->facts.u.tender.provider),
        r->facts.u.tender.others ? " and others" : "");
  else if (r->facts.what == CS_TRACE_TENDER_FAILED)
    text = g_strdup_printf ("Tender for %s: it fails (%u bid%s).",
                            ctsim_demo_service_name (p, r->service), bids,
                            ctsim_demo_plural (bids));
  if (!text)
    {
      guint a = cs_params_find_arrangement (p, r->commissioner);
      if (a != CS_NONE) /* a re-run noted on the same event */
        tell_procurement (s, r, a);
      return;
    }
  heading (s, SEC_PROCUREMENT);
  say_at (s, r->t, text);
}

static void
tell_contract (Story *s, const CtsimDemoRow *r, guint a)
{
  const CsParams *p = s->run->p;
  g_autofree char *who = ctsim_demo_commissioner (p, a);
  g_autofree char *text = NULL;
  double places = r->facts.u.contract.places, end = r->facts.u.contract.end_day;

  if (r->facts.what != CS_TRACE_CONTRACT_STARTED)
    return;
  heading (s, SEC_CONTRACTS);
  text = g_strdup_printf (
      "Contract starts: %s, %.0f place%s of %s for %s, "
      "until day %.0f.",
      ctsim_demo_provider_at (p, r->facts.u.contract.provider), places,
      ctsim_demo_plural (places), ctsim_demo_service_name (p, r->service), who,
      end);
  say_at (s, r->t, text);
}

/* A commissioner's decision at a contract's end, as a verb. */
static const char *const decision_verbs[CS_TRACE_N_DECISIONS] = {
  [CS_TRACE_RENEWED] = "renews",
  [CS_TRACE_VARIED] = "varies",
  [CS_TRACE_DECOMMISSIONED] = "decommissions",
  [CS_TRACE_HANDED_OVER] = "hands over",
  [CS_TRACE_EXTENDED_UNTIL_HANDED_OVER] = "extends (until handed over)",
  [CS_TRACE_EXTENDED_UNTIL_REPLACED] = "extends (until its replacement "
                                       "starts)",
};

static void
tell_monitoring (Story *s, const CtsimDemoRow *r, guint a)
{
  const CsParams *p = s->run->p;
  g_autofree char *who = ctsim_demo_commissioner (p, a);
  g_autofree char *text = NULL;

  if (r->facts.what == CS_TRACE_REVIEW)
    {
      guint live = r->facts.u.review.live, found = r->facts.u.review.weak;

      s->reviews++;
      s->weak += found;
      if (found > 0)
        text = g_strdup_printf ("%s's review of %u contract%s finds %u "
                                "weak provider%s and tenders to replace %s.",
                                who, live, ctsim_demo_plural (live), found,
                                ctsim_demo_plural (found),
                                found == 1 ? "it" : "them");
    }
  else if (r->facts.what == CS_TRACE_CONTRACT_DECIDED)
    {
      CsTraceDecision what = r->facts.u.decided.decision;
      double places = r->facts.u.decided.places;
      if (what == CS_TRACE_RENEWED) /* no change: counted */
        {
          s->renewals++;
          return;
        }
      text = g_strdup_printf ("%s %s its contract for %s: %.0f place%s.", who,
                              decision_verbs[what],
                              ctsim_demo_service_name (p, r->service), places,
                              ctsim_demo_plural (places));
    }
  if (!text)
    return;
  heading (s, SEC_MONITORING);
  say_at (s, r->t, text);
}

/* ---- the year ------------------------------------------------------------ */

static void
tell_year_start (Story *s, const CtsimDemoRow *r)
{
  g_autofree char *text = NULL;
  double end = MIN (r->t + SIM_DAYS_PER_YEAR, s->run->horizon);

  if (r->t >= s->run->horizon - 1e-9)
    return;
  s->years_started++;
  s->section = -1;
  text = g_strdup_printf ("%c0Year %u: days %ld to %ld%c", CTSIM_DEMO_MARK,
                          s->years_started, ctsim_demo_day (r->t),
                          ctsim_demo_day (end), CTSIM_DEMO_END);
  ctsim_demo_add_line (s->lines, "", FALSE);
  ctsim_demo_add_line (s->lines, text, TRUE);
}

/* A measure of group "all" in year `year` of the run's results. */
static double
result (const CtsimDemoRun *run, gint year, const char *measure)
{
  return sim_results_lookup (run->res, year, CS_OUT_GROUP_ALL, measure);
}

static void
tell_year_end (Story *s, const CtsimDemoRow *r)
{
  const CtsimDemoRun *run = s->run;
  gint y = (gint)++s->k_year;
  g_autofree char *spend = ctsim_demo_money (result (run, y, CS_OUT_SPEND_GBP));
  g_autofree char *text = NULL;

  if (isnan (result (run, y, CS_OUT_REFERRALS)))
    return;
  text = g_strdup_printf (
      "End of year %d (results.csv): %.0f referrals, %.0f of which no "
      "service could take; a mean wait of %.1f days; %.1f%% of children "
      "with additional needs served; services cost %s pounds. Contract "
      "reviews: %u; weak providers found: %u; contracts renewed unchanged: "
      "%u.",
      y, result (run, y, CS_OUT_REFERRALS),
      result (run, y, CS_OUT_REFERRALS_WITHOUT_SERVICE),
      result (run, y, CS_OUT_WAITING_DAYS_MEAN),
      100.0 * result (run, y, CS_OUT_REACH), spend, s->reviews, s->weak,
      s->renewals);
  s->reviews = s->weak = s->renewals = 0;
  s->section = -1;
  ctsim_demo_add_line (s->lines, "", FALSE);
  (void)r;
  ctsim_demo_wrap (s->lines, "", "    ", text, FALSE);
}

/* ---- the children -------------------------------------------------------- */

static gint
followed (const Story *s, gint64 child)
{
  for (guint j = 0; j < CTSIM_DEMO_FOLLOWED; j++)
    if (s->run->follow[j] != CS_NONE && (gint64)s->run->follow[j] == child)
      return (gint)j;
  return -1;
}

static void
child_says (Story *s, double t, const char *text)
{
  heading (s, SEC_CHILDREN);
  say_at (s, t, text);
}

/* A change of stage: onset, escalation or remission. */
static char *
need_change (const Story *s, guint j, const CtsimDemoRow *r)
{
  guint from = r->facts.u.need.from;
  CsDomain d = r->facts.u.need.domain;
  const CsChildView *v = ctsim_demo_child_at (s->run, j, r->t);
  g_autofree char *who = ctsim_demo_marked_name (s->run, j);

  if (r->facts.what == CS_TRACE_ONSET)
    return g_strdup_printf ("%s develops %s %s need at stage %u (%s).", who,
                            article (ctsim_demo_domain_words (d)),
                            ctsim_demo_domain_words (d), v->stage[d],
                            stage_words[v->stage[d]]);
  if (r->facts.what == CS_TRACE_ESCALATION)
    return g_strdup_printf ("%s's %s need rises to stage %u (%s).", who,
                            ctsim_demo_domain_words (d), from + 1,
                            stage_words[MIN (from + 1, 4u)]);
  if (r->facts.what == CS_TRACE_REMISSION)
    return from <= 1 ? g_strdup_printf ("%s's %s need passes.", who,
                                        ctsim_demo_domain_words (d))
                     : g_strdup_printf ("%s's %s need eases to stage %u.", who,
                                        ctsim_demo_domain_words (d), from - 1);
  return NULL;
}

/* The next row of the same child at the same time, if it says that an
 * episode started at once. */
static gboolean
starts_at_once (const CtsimDemoRun *run, guint i)
{
  const CtsimDemoRow *r = &g_array_index (run->rows, CtsimDemoRow, i);
  const CtsimDemoRow *n;

  if (i + 1 >= run->rows->len)
    return FALSE;
  n = &g_array_index (run->rows, CtsimDemoRow, i + 1);
  return n->child == r->child && n->t == r->t
         && strcmp (n->service, r->service) == 0
         && n->facts.what == CS_TRACE_EPISODE_STARTED
         && n->facts.u.episode.waited_days < 0.05;
}

/* "School staff notice Amy's", "Amy's parents notice her": who noticed
 * whose need.  (transfer full) */
static char *
noticed (const Story *s, guint j, guint n, gboolean *plural_verb)
{
  g_autofree char *who = ctsim_demo_marked_name (s->run, j);

  *plural_verb = n == CS_NOTICER_SCHOOL_STAFF || n == CS_NOTICER_PARENTS;
  if (n == CS_NOTICER_PARENTS)
    return g_strdup_printf ("%s's parents notice %s", who,
                            ctsim_demo_her (s->run, j));
  return g_strdup_printf ("%s notice%s %s's", noticer_words[n],
                          *plural_verb ? "" : "s", who);
}

static char *
referral (const Story *s, guint j, const CtsimDemoRow *r, gboolean at_once)
{
  const CsParams *p = s->run->p;
  guint stage = r->facts.u.referred.stage;
  CsDomain d = r->facts.u.referred.domain;
  gboolean pl;
  g_autofree char *subject = noticed (s, j, r->facts.u.referred.by, &pl);

  if (r->facts.u.referred.no_service)
    return g_strdup_printf ("%s %s need (stage %u) and refer%s %s, but no "
                            "service takes the referral.",
                            subject, ctsim_demo_domain_words (d), stage,
                            pl ? "" : "s", ctsim_demo_her_obj (s->run, j));
  return g_strdup_printf ("%s %s need (stage %u) and refer%s %s to %s%s%s%s%s.",
                          subject, ctsim_demo_domain_words (d), stage,
                          pl ? "" : "s", ctsim_demo_her_obj (s->run, j),
                          ctsim_demo_service_name (p, r->service),
                          r->facts.u.referred.sanction ? " as a sanction" : "",
                          at_once ? ", which starts at once" : "; ",
                          at_once ? "" : ctsim_demo_she (s->run, j),
                          at_once ? "" : " joins its waiting list");
}

static char *
episode (const Story *s, guint j, const CtsimDemoRow *r)
{
  const CsParams *p = s->run->p;
  CsDomain d = r->facts.u.episode.domain;
  g_autofree char *who = ctsim_demo_marked_name (s->run, j);
  const CsChildView *v = ctsim_demo_child_at (s->run, j, r->t);

  if (r->facts.what == CS_TRACE_EPISODE_STARTED)
    return g_strdup_printf ("%s starts %s after %.1f days on its waiting "
                            "list.",
                            who, ctsim_demo_service_name (p, r->service),
                            r->facts.u.episode.waited_days);
  if (r->facts.what == CS_TRACE_REFERRAL_WITHDRAWN)
    return g_strdup_printf ("%s's referral to %s is withdrawn (%s).", who,
                            ctsim_demo_service_name (p, r->service),
                            v->place == CS_PLACE_GONE ? "moved away"
                            : v->stage[d] == 0        ? "the need has passed"
                            : v->place != CS_PLACE_ROLL
                                ? "no longer on a school roll"
                                : "no longer eligible");
  if (r->facts.what == CS_TRACE_EPISODE_ENDED_EARLY
      && !r->facts.u.episode.left_area)
    return g_strdup_printf ("%s's place in %s ends early: %s left %s school.",
                            who, ctsim_demo_service_name (p, r->service),
                            ctsim_demo_she (s->run, j),
                            ctsim_demo_her (s->run, j));
  if (r->facts.what == CS_TRACE_EPISODE_ENDED_EARLY)
    return g_strdup_printf ("%s's place in %s ends early: %s left the area.",
                            who, ctsim_demo_service_name (p, r->service),
                            ctsim_demo_she (s->run, j));
  return NULL;
}

static char *
completed (const Story *s, guint j, const CtsimDemoRow *r)
{
  const CsParams *p = s->run->p;
  CsDomain d = r->facts.u.episode.domain;
  g_autofree char *who = ctsim_demo_marked_name (s->run, j);
  const CsChildView *before = ctsim_demo_child_before (s->run, j, r->t);
  const CsChildView *v = ctsim_demo_child_at (s->run, j, r->t);

  if (v->stage[d] == 0)
    return g_strdup_printf ("%s completes %s: %s %s need is resolved.", who,
                            ctsim_demo_service_name (p, r->service),
                            ctsim_demo_her (s->run, j),
                            ctsim_demo_domain_words (d));
  if (v->stage[d] < before->stage[d])
    return g_strdup_printf ("%s completes %s: %s %s need falls to stage %u.",
                            who, ctsim_demo_service_name (p, r->service),
                            ctsim_demo_her (s->run, j),
                            ctsim_demo_domain_words (d), v->stage[d]);
  return g_strdup_printf ("%s completes %s: %s %s need stays at stage %u.", who,
                          ctsim_demo_service_name (p, r->service),
                          ctsim_demo_her (s->run, j),
                          ctsim_demo_domain_words (d), v->stage[d]);
}

static char *
life_event (const Story *s, guint j, const CtsimDemoRow *r)
{
  const CsParams *p = s->run->p;
  g_autofree char *who = ctsim_demo_marked_name (s->run, j);
  const CsChildView *before = ctsim_demo_child_before (s->run, j, r->t);
  const CsChildView *v = ctsim_demo_child_at (s->run, j, r->t);

  switch (r->facts.what)
    {
    case CS_TRACE_EXCLUSION:
      return g_strdup_printf ("%s is permanently excluded from %s: %s is on no "
                              "school's roll.",
                              who, ctsim_demo_school_name (p, before->school),
                              ctsim_demo_she (s->run, j));
    case CS_TRACE_CARE_ENTRY:
      return g_strdup_printf ("%s comes into care%s.", who,
                              v->place == CS_PLACE_OUT_OF_AREA
                                  ? " and is placed out of the area"
                                  : "");
    case CS_TRACE_SCHOOL_MOVE:
      return g_strdup_printf ("%s moves to %s.", who,
                              ctsim_demo_school_name (p, v->school));
    case CS_TRACE_HOME_EDUCATION:
      return g_strdup_printf ("%s is taken out of school to be educated at "
                              "home.",
                              who);
    case CS_TRACE_MOVED_AWAY:
      return g_strdup_printf ("%s's family moves away.", who);
    case CS_TRACE_LEFT_CARE:
      return v->place == CS_PLACE_ROLL && before->place != CS_PLACE_ROLL
                 ? g_strdup_printf ("%s leaves care and comes back to %s.", who,
                                    ctsim_demo_school_name (p, v->school))
                 : g_strdup_printf ("%s leaves care.", who);
    case CS_TRACE_NEW_SCHOOL_PLACE:
      return g_strdup_printf ("%s gets a place at %s.", who,
                              ctsim_demo_school_name (p, v->school));
    default:
      return NULL;
    }
}

static void
tell_child_row (Story *s, guint j, guint i)
{
  const CtsimDemoRow *r = &g_array_index (s->run->rows, CtsimDemoRow, i);
  g_autofree char *text = NULL;

  if (r->facts.what == CS_TRACE_NOTICED)
    return; /* the referral row that follows tells it */
  if (r->facts.what == CS_TRACE_REFERRED)
    text = referral (s, j, r, starts_at_once (s->run, i));
  else if (r->facts.what == CS_TRACE_EPISODE_STARTED && i > 0
           && g_array_index (s->run->rows, CtsimDemoRow, i - 1).facts.what
                  == CS_TRACE_REFERRED
           && starts_at_once (s->run, i - 1))
    return; /* told with its referral */
  else if (r->facts.what == CS_TRACE_COMPLETED)
    text = completed (s, j, r);
  else if (r->facts.what == CS_TRACE_ONSET
           || r->facts.what == CS_TRACE_ESCALATION
           || r->facts.what == CS_TRACE_REMISSION)
    text = need_change (s, j, r);
  else if (*r->service)
    text = episode (s, j, r);
  else
    text = life_event (s, j, r);
  if (text)
    child_says (s, r->t, text);
}

/* Changes of place at the start of a school year (no row names them). */
static void
tell_school_year (Story *s, double t)
{
  const CsParams *p = s->run->p;

  for (guint j = 0; j < CTSIM_DEMO_FOLLOWED; j++)
    {
      const CsChildView *a, *b;
      g_autofree char *who = NULL;
      g_autofree char *text = NULL;
      if (s->run->follow[j] == CS_NONE)
        continue;
      a = ctsim_demo_child_before (s->run, j, t);
      b = ctsim_demo_child_at (s->run, j, t);
      if (a->place == b->place && a->school == b->school)
        continue;
      who = ctsim_demo_marked_name (s->run, j);
      if (b->place == CS_PLACE_GONE)
        text = g_strdup_printf ("%s turns 18 and leaves children's services.",
                                who);
      else if (b->place == CS_PLACE_ROLL && a->place == CS_PLACE_ROLL)
        text = g_strdup_printf ("%s moves up to %s.", who,
                                ctsim_demo_school_name (p, b->school));
      else if (b->place == CS_PLACE_ROLL)
        text = g_strdup_printf ("%s starts at %s.", who,
                                ctsim_demo_school_name (p, b->school));
      else if (b->place == CS_PLACE_POST_SCHOOL)
        text = g_strdup_printf ("%s leaves school.", who);
      if (text)
        child_says (s, t, text);
    }
}

/* ---- the whole story ----------------------------------------------------- */

static void
tell_row (Story *s, guint i)
{
  const CtsimDemoRow *r = &g_array_index (s->run->rows, CtsimDemoRow, i);
  guint a = *r->commissioner
                ? cs_params_find_arrangement (s->run->p, r->commissioner)
                : CS_NONE;
  gint j = followed (s, r->child);

  if (r->facts.what == CS_TRACE_SCHOOL_YEAR)
    {
      tell_year_start (s, r);
      tell_school_year (s, r->t);
      return;
    }
  if (r->kind == CS_AREA_KIND_YEAR_END)
    {
      tell_year_end (s, r);
      return;
    }
  if (j >= 0)
    {
      tell_child_row (s, (guint)j, i);
      return;
    }
  /* Every analysis and plan is matched, told or not. */
  if (r->facts.what == CS_TRACE_NEEDS_ANALYSIS)
    tell_needs (s, r);
  else if (r->facts.what == CS_TRACE_PRIORITY_SETTING)
    tell_plan (s, r, a);
  else if (a == CS_NONE || !s->in_scope[a])
    return;
  else if (r->kind == CS_AREA_KIND_OF_COMMISSION (CS_CYCLE_RESOURCE_MAPPING))
    tell_mapping (s, r, a);
  else if (r->kind == CS_AREA_KIND_OF_COMMISSION (CS_CYCLE_GAP_ANALYSIS))
    tell_gap (s, r, a);
  else if (r->kind == CS_AREA_KIND_OF_COMMISSION (CS_CYCLE_PROCUREMENT))
    tell_procurement (s, r, a);
  else if (r->kind
           == CS_AREA_KIND_OF_COMMISSION (CS_COMMISSION_KIND_TENDER_END))
    tell_tender_end (s, r);
  else if (r->kind == CS_AREA_KIND_OF_COMMISSION (CS_CYCLE_CONTRACTING))
    tell_contract (s, r, a);
  else if (r->kind == CS_AREA_KIND_OF_COMMISSION (CS_CYCLE_MONITORING)
           || r->kind
                  == CS_AREA_KIND_OF_COMMISSION (
                      CS_COMMISSION_KIND_CONTRACT_YEAR))
    tell_monitoring (s, r, a);
}

void
ctsim_demo_narrate (const CtsimDemoRun *story, const CtsimDemoRun *versus,
                    const char *chart_note, GPtrArray *lines)
{
  const CsParams *p = story->p;
  guint na = MAX (1u, p->n_arrangements);
  g_autofree gboolean *scope = g_new0 (gboolean, na);
  g_autofree double *taken = g_new (double, na);
  g_autofree double *gbp = g_new (double, na);
  Story s = { .run = story,
              .lines = lines,
              .section = -1,
              .in_scope = scope,
              .taken = taken,
              .gbp = gbp };

  for (guint a = 0; a < p->n_arrangements; a++)
    {
      taken[a] = 0.0;
      gbp[a] = NAN;
      for (guint i = 0; i < p->n_services; i++)
        scope[a]
            = scope[a]
              || ctsim_demo_in_scope (&p->arrangements[a], &p->services[i]);
    }
  ctsim_demo_tell_intro (story, lines);
  for (guint i = 0; i < story->rows->len; i++)
    tell_row (&s, i);
  ctsim_demo_tell_end (story, versus, chart_note, lines);
}
