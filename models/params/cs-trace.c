/* cs-trace.c: ctsim's trace columns and records (see cs-trace.h).
 *
 * Invariant: describe() is the one place a code's detail text is written;
 * it first rounds the record's numbers to the digits the text shows, so
 * that the record handed to a reader says what the text says.
 */
#include "config.h"

#include <string.h>

#include "models/params/cs-trace.h"

enum
{
  COL_COMMISSIONER,
  COL_CHILD,
  COL_SERVICE,
  COL_DETAIL,
  N_COLS
};

const char *const cs_trace_columns[N_COLS + 1]
    = { "commissioner", "child", "service", "detail", NULL };

const char *const cs_trace_decision_words[CS_TRACE_N_DECISIONS] = {
  [CS_TRACE_RENEWED] = "renewed",
  [CS_TRACE_VARIED] = "varied",
  [CS_TRACE_DECOMMISSIONED] = "decommissioned",
  [CS_TRACE_HANDED_OVER] = "handed over",
  [CS_TRACE_EXTENDED_UNTIL_HANDED_OVER] = "extended until handed over",
  [CS_TRACE_EXTENDED_UNTIL_REPLACED] = "extended until its replacement starts",
};

/* The detail of the codes whose text is one word or phrase. */
static const char *const fixed_words[CS_TRACE_N_WHAT] = {
  [CS_TRACE_EXCLUSION] = "exclusion",
  [CS_TRACE_CARE_ENTRY] = "care_entry",
  [CS_TRACE_SCHOOL_MOVE] = "school_move",
  [CS_TRACE_HOME_EDUCATION] = "home_education",
  [CS_TRACE_MOVED_AWAY] = "moved_away",
  [CS_TRACE_CASE_CLOSED] = "case_closed",
  [CS_TRACE_ASSESSMENT_REQUESTED] = "assessment_requested",
  [CS_TRACE_LEFT_CARE] = "left care",
  [CS_TRACE_NEW_SCHOOL_PLACE] = "new school place",
  [CS_TRACE_BEST_VALUE] = "best value: cost per child served reviewed",
  [CS_TRACE_LEDGER_CLOSED] = "financial year closed: the ledger balances",
};

/* The first word of a change of need. */
static const char *const need_words[] = {
  [CS_TRACE_ONSET] = "onset",
  [CS_TRACE_ESCALATION] = "escalation",
  [CS_TRACE_REMISSION] = "remission",
  [CS_TRACE_NOTICED] = "noticed",
};

/* x as "%.<digits>f" writes it, read back. */
static void
shown (double *x, int digits)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE + 320];
  char format[8];

  g_snprintf (format, sizeof format, "%%.%df", digits);
  g_ascii_formatd (buf, sizeof buf, format, *x);
  *x = g_ascii_strtod (buf, NULL);
}

static const char *
provider_id (const CsParams *p, guint i)
{
  return p && i < p->n_providers ? p->providers[i].id : "(none)";
}

static char *
describe_child (const CsParams *p, CsTraceFacts *f)
{
  switch (f->what)
    {
    case CS_TRACE_ONSET:
    case CS_TRACE_ESCALATION:
    case CS_TRACE_REMISSION:
    case CS_TRACE_NOTICED:
      return g_strdup_printf ("%s %s from stage %u", need_words[f->what],
                              cs_domain_names[f->u.need.domain],
                              f->u.need.from);
    case CS_TRACE_ARRIVED:
      return g_strdup_printf ("arrived in %s",
                              p->localities[f->u.arrived.locality].id);
    case CS_TRACE_REFERRED:
      return g_strdup_printf ("referred %s at stage %u by %s%s",
                              cs_domain_names[f->u.referred.domain],
                              f->u.referred.stage,
                              cs_noticer_names[f->u.referred.by],
                              f->u.referred.no_service ? ": no service takes it"
                              : f->u.referred.sanction ? " as a sanction"
                                                       : "");
    case CS_TRACE_DECLINED:
      shown (&f->u.declined.stage_min, 0);
      return g_strdup_printf ("declined: below the rationed stage %.0f",
                              f->u.declined.stage_min);
    case CS_TRACE_EPISODE_STARTED:
      shown (&f->u.episode.waited_days, 1);
      return g_strdup_printf ("%s episode started after %.1f days waiting",
                              cs_domain_names[f->u.episode.domain],
                              f->u.episode.waited_days);
    case CS_TRACE_EPISODE_ENDED_EARLY:
      return g_strdup_printf ("%s episode ended early: left %s",
                              cs_domain_names[f->u.episode.domain],
                              f->u.episode.left_area ? "the area" : "school");
    case CS_TRACE_COMPLETED:
      return g_strdup_printf ("completed %s",
                              cs_domain_names[f->u.episode.domain]);
    case CS_TRACE_REFERRAL_WITHDRAWN:
    case CS_TRACE_REFERRAL_LAPSED:
      return g_strdup_printf (
          "%s referral %s", cs_domain_names[f->u.episode.domain],
          f->what == CS_TRACE_REFERRAL_LAPSED ? "lapsed" : "withdrawn");
    case CS_TRACE_SCHOOL_YEAR:
      return g_strdup_printf ("school year %u, %u children",
                              f->u.school_year.year, f->u.school_year.children);
    default:
      return NULL;
    }
}

static char *
describe_cycle (CsTraceFacts *f)
{
  switch (f->what)
    {
    case CS_TRACE_NEEDS_ANALYSIS:
      shown (&f->u.needs.children_seen, 0);
      shown (&f->u.needs.within_pct, 0);
      return g_strdup_printf ("needs analysis (cycle %u): %.0f children in "
                              "sight, estimates within about %.0f%%",
                              f->u.needs.cycle, f->u.needs.children_seen,
                              f->u.needs.within_pct);
    case CS_TRACE_RESOURCE_MAPPING:
      shown (&f->u.mapping.places, 0);
      shown (&f->u.mapping.taken_over, 0);
      shown (&f->u.mapping.gbp_a_year, 0);
      return g_strdup_printf ("resource mapping: %.0f places under contract "
                              "(%.0f taken over), %.0f GBP a year to spend",
                              f->u.mapping.places, f->u.mapping.taken_over,
                              f->u.mapping.gbp_a_year);
    case CS_TRACE_GAP_ANALYSIS:
      shown (&f->u.gap.needs, 0);
      shown (&f->u.gap.places, 0);
      shown (&f->u.gap.have, 0);
      return g_strdup_printf ("gap analysis: %.0f needs in scope call for "
                              "%.0f places; the services have %.0f",
                              f->u.gap.needs, f->u.gap.places, f->u.gap.have);
    case CS_TRACE_PRIORITY_SETTING:
      shown (&f->u.priorities.budget_gbp, 0);
      shown (&f->u.priorities.places, 0);
      return g_strdup_printf ("priority setting: budget %.0f GBP a year, "
                              "%.0f places planned in %u services",
                              f->u.priorities.budget_gbp,
                              f->u.priorities.places, f->u.priorities.services);
    case CS_TRACE_SERVICE_REDESIGN:
      return g_strdup_printf ("service redesign: %u services to grow, %u to "
                              "shrink, %u to close",
                              f->u.redesign.grow, f->u.redesign.shrink,
                              f->u.redesign.close);
    case CS_TRACE_SPECIFICATION:
      shown (&f->u.places.places, 0);
      return g_strdup_printf ("specification: %.0f places under contract",
                              f->u.places.places);
    case CS_TRACE_PROCUREMENT:
      return g_strdup_printf ("procurement: %u tenders opened",
                              f->u.procurement.tenders);
    case CS_TRACE_REVIEW:
      return g_strdup_printf ("review %u: %u live contracts, %u weak "
                              "providers to replace",
                              f->u.review.review, f->u.review.live,
                              f->u.review.weak);
    case CS_TRACE_REACH_SAMPLE:
      shown (&f->u.reach.served, 0);
      shown (&f->u.reach.need, 0);
      return g_strdup_printf ("outside the school roll: %.0f of %.0f "
                              "children with a need have a service running",
                              f->u.reach.served, f->u.reach.need);
    default:
      return NULL;
    }
}

static char *
describe_contract (const CsParams *p, CsTraceFacts *f)
{
  switch (f->what)
    {
    case CS_TRACE_CONTRACT_STARTED:
      shown (&f->u.contract.places, 0);
      shown (&f->u.contract.end_day, 0);
      for (guint s = 0; s < CS_N_SECTORS; s++)
        shown (&f->u.contract.paid_by[s], 3);
      shown (&f->u.contract.pooled, 3);
      return g_strdup_printf (
          "contract with %s for %.0f places until day %.0f; %s service paid "
          "by health %.3f education %.3f social_care %.3f, from the pool "
          "%.3f%s",
          provider_id (p, f->u.contract.provider), f->u.contract.places,
          f->u.contract.end_day, cs_sector_names[f->u.contract.sector],
          f->u.contract.paid_by[CS_SECTOR_HEALTH],
          f->u.contract.paid_by[CS_SECTOR_EDUCATION],
          f->u.contract.paid_by[CS_SECTOR_SOCIAL_CARE], f->u.contract.pooled,
          f->u.contract.joint ? "; jointly commissioned" : "");
    case CS_TRACE_TENDER_OPENED:
      shown (&f->u.tender.places, 0);
      shown (&f->u.tender.days, 1);
      return g_strdup_printf (
          "tender for %.0f places opened (attempt %u, %.1f days)",
          f->u.tender.places, f->u.tender.attempt, f->u.tender.days);
    case CS_TRACE_TENDER_AWARDED:
      shown (&f->u.tender.days, 3);
      shown (&f->u.tender.places, 0);
      return g_strdup_printf (
          "tender closed after %.3f days: %u bids, %.0f places to %s%s",
          f->u.tender.days, f->u.tender.bids, f->u.tender.places,
          provider_id (p, f->u.tender.provider),
          f->u.tender.others ? " and others" : "");
    case CS_TRACE_TENDER_FAILED:
      shown (&f->u.tender.days, 3);
      return g_strdup_printf ("tender closed after %.3f days: failed (%u "
                              "bids)",
                              f->u.tender.days, f->u.tender.bids);
    case CS_TRACE_CONTRACT_YEAR:
      shown (&f->u.places.places, 0);
      return g_strdup_printf ("contract year: %.0f places, cost reserved",
                              f->u.places.places);
    case CS_TRACE_CONTRACT_DECIDED:
      shown (&f->u.decided.places, 0);
      return g_strdup_printf ("contract %s: %.0f places",
                              cs_trace_decision_words[f->u.decided.decision],
                              f->u.decided.places);
    default:
      return NULL;
    }
}

static char *
describe_queue (CsTraceFacts *f)
{
  switch (f->what)
    {
    case CS_TRACE_QUEUE_ARRIVAL:
      return g_strdup_printf ("waiting=%" G_GUINT64_FORMAT " busy=%u",
                              f->u.queue.waiting, f->u.queue.busy);
    case CS_TRACE_QUEUE_DEPARTURE:
      shown (&f->u.queue.system_days, 4);
      return g_strdup_printf ("system_days=%.4f", f->u.queue.system_days);
    default:
      return NULL;
    }
}

/* The detail text of f, after rounding f's numbers as it writes them;
 * NULL for CS_TRACE_NONE. */
static char *
describe (const CsParams *p, CsTraceFacts *f)
{
  char *text;

  g_return_val_if_fail (f->what < CS_TRACE_N_WHAT, NULL);
  if (fixed_words[f->what])
    return g_strdup (fixed_words[f->what]);
  if ((text = describe_child (p, f)) || (text = describe_cycle (f))
      || (text = describe_contract (p, f)))
    return text;
  return describe_queue (f);
}

char *
cs_trace_detail (const CsParams *p, const CsTraceFacts *f)
{
  CsTraceFacts r = *f;

  return describe (p, &r);
}

void
cs_trace_say (SimEngine *eng, const CsParams *p, const char *commissioner,
              gint64 child, const char *service, const CsTraceFacts *f)
{
  char id[24] = "";
  const char *values[N_COLS];
  CsTraceFacts r;
  g_autofree char *detail = NULL;

  if (!sim_trace_wanted (eng))
    return;
  r = *f;
  detail = describe (p, &r);
  if (child >= 0)
    g_snprintf (id, sizeof id, "%" G_GINT64_FORMAT, child);
  values[COL_COMMISSIONER] = commissioner;
  values[COL_CHILD] = child >= 0 ? id : NULL;
  values[COL_SERVICE] = service;
  values[COL_DETAIL] = detail;
  sim_trace_note_record (eng, (gint)r.what, &r, sizeof r, values);
}

void
cs_trace_note_read (const SimTraceRow *row, CsTraceNote *out)
{
  const char *const *values = row->values;
  const char *child = values[COL_CHILD];

  out->commissioner = values[COL_COMMISSIONER] ? values[COL_COMMISSIONER] : "";
  out->child = child && *child ? g_ascii_strtoll (child, NULL, 10) : -1;
  out->service = values[COL_SERVICE] ? values[COL_SERVICE] : "";
  out->detail = values[COL_DETAIL] ? values[COL_DETAIL] : "";
  memset (&out->facts, 0, sizeof out->facts);
  if (row->record && row->record_size == sizeof out->facts)
    memcpy (&out->facts, row->record, sizeof out->facts);
  out->facts.what = (CsTraceWhat)row->code;
}
