/* cs-params-xml.c: CsParams from a validated area scenario tree (see
 * cs-params-xml.h).
 *
 * The schema has already checked every value's type and range, so the
 * readers below only convert; what they check is what the schema cannot
 * see.  A reader (Rd) keeps the first error and turns every later call
 * into a no-op, so each section reads straight through and the caller
 * looks at r->rd.ok once.  Values not given take a neutral default (no
 * criterion, no cost, no effect) whose source says so.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "models/params/cs-params-xml.h"
#include "models/params/cs-read.h"
#include "models/params/cs-tree.h"
#include "models/params/cs-xml.h"
#include "sim/sim-error.h"

#define NOT_GIVEN "assumption: not given in the scenario, a neutral default"
#define MAX_CHILDREN 50000000.0
#define SHARE_TOLERANCE 1e-6

typedef struct
{
  CsRead rd; /* first failure, sources (cs-read.h) */
  CsParams *p;
  GHashTable *profiles;    /* age_profile id -> xmlNode */
  GHashTable *per_school;  /* ids of per_school and per_cluster ones */
  GPtrArray *member_nodes; /* per arrangement: GPtrArray of member nodes */
  gboolean phase_given[CS_N_SCHOOL_TYPES];
} Rd;

/* ---- Readers ------------------------------------------------------------- */

static const char *
intern (gpointer params, const char *s)
{
  return cs_params_intern (params, s);
}

static const char *
str (Rd *r, const xmlNode *el, const char *attr)
{
  return cs_params_intern (r->p, cs_xml_attr (el, attr));
}

static void
num_or (Rd *r, const xmlNode *el, const char *attr, double dflt, CsNum *out)
{
  if (el && cs_xml_attr (el, attr))
    {
      cs_read_num (&r->rd, el, attr, out);
      return;
    }
  out->value = dflt;
  out->source = cs_params_intern (r->p, NOT_GIVEN);
}

static void
nums (Rd *r, const xmlNode *el, const char *attr, CsNum *out, guint n)
{
  g_auto (GStrv) items = g_strsplit_set (cs_xml_attr (el, attr), " \t\r\n", -1);
  const char *s = cs_read_source (&r->rd, el, attr);
  guint k = 0;

  for (guint i = 0; items[i] && k < n; i++)
    if (*items[i])
      {
        out[k].value = g_ascii_strtod (items[i], NULL);
        out[k++].source = s;
      }
  g_assert (k == n); /* the schema's lists have n items */
}

/* Like nums, but 1s (no effect) when the attribute is absent. */
static void
nums_or_ones (Rd *r, const xmlNode *el, const char *attr, CsNum *out, guint n)
{
  if (el && cs_xml_attr (el, attr))
    {
      nums (r, el, attr, out, n);
      return;
    }
  for (guint k = 0; k < n; k++)
    out[k] = (CsNum){ 1.0, r->rd.intern (r->rd.pool, "absent: no effect") };
}

static gboolean
flag (const xmlNode *el, const char *attr, gboolean dflt)
{
  const char *v = el ? cs_xml_attr (el, attr) : NULL;

  return v ? strcmp (v, "true") == 0 : dflt;
}

static int
enum_of (const char *const *names, const char *v)
{
  int i = cs_name_index (names, v);

  g_assert (i >= 0); /* the schema allows only these names */
  return i;
}

static guint32
mask_of (const char *const *names, const char *list)
{
  g_auto (GStrv) items = g_strsplit_set (list, " \t\r\n", -1);
  guint32 mask = 0;

  for (guint i = 0; items[i]; i++)
    if (*items[i])
      mask |= CS_BIT (enum_of (names, items[i]));
  return mask;
}

/* The named-value attributes of an element (one per name, e.g. one per
 * noticer), or dflt for those not given (el may be NULL). */
static void
by_name (Rd *r, const xmlNode *el, const char *const *names, CsNum *out,
         double dflt)
{
  for (guint i = 0; names[i]; i++)
    num_or (r, el, names[i], dflt, &out[i]);
}

static void
check_range (Rd *r, const xmlNode *el, const char *lo_attr, CsNum lo, CsNum hi)
{
  g_autofree char *desc = NULL;

  if (lo.value <= hi.value)
    return;
  desc = cs_xml_describe (el);
  cs_read_fail (
      &r->rd, el, lo_attr,
      "%s has %s %g above its maximum %g (expected a range whose minimum "
      "is not above its maximum)",
      desc, lo_attr, lo.value, hi.value);
}

static void
check_sum (Rd *r, const xmlNode *el, const char *attr, const CsNum *v,
           guint from, guint n)
{
  double sum = 0.0;

  for (guint i = from; i < n; i++)
    sum += v[i].value;
  if (fabs (sum - 1.0) > SHARE_TOLERANCE)
    cs_read_fail (&r->rd, el, attr,
                  "%s of <%s id=\"%s\"> sums to %g (expected shares "
                  "that sum to 1)",
                  attr, (const char *)el->name, cs_xml_attr (el, "id"), sum);
}

static void
check_zero (Rd *r, const xmlNode *el, const char *attr, CsNum v, guint stage,
            const char *why)
{
  if (v.value != 0.0)
    cs_read_fail (&r->rd, el, attr,
                  "%s of <%s id=\"%s\"> is %g for stage %u (expected 0: "
                  "%s)",
                  attr, (const char *)el->name, cs_xml_attr (el, "id"), v.value,
                  stage, why);
}

static guint
count_children (xmlNode *el, const char *name)
{
  guint n = 0;

  for (xmlNode *c = cs_xml_first_element (el); c; c = cs_xml_next_element (c))
    if (strcmp ((const char *)c->name, name) == 0)
      n++;
  return n;
}

/* Children by id, for "is each one described" checks. */
static xmlNode *
child_by_id (xmlNode *el, const char *name, const char *id)
{
  for (xmlNode *c = cs_xml_first_element (el); c; c = cs_xml_next_element (c))
    if (strcmp ((const char *)c->name, name) == 0
        && g_strcmp0 (cs_xml_attr (c, "id"), id) == 0)
      return c;
  return NULL;
}

static xmlNode *
require_id (Rd *r, xmlNode *el, const char *name, const char *id,
            const char *what)
{
  xmlNode *c = child_by_id (el, name, id);

  if (!c)
    cs_read_fail (&r->rd, el, NULL,
                  "<%s> has no <%s id=\"%s\"> (expected one for each "
                  "%s)",
                  (const char *)el->name, name, id, what);
  return c;
}

/* ---- The area ------------------------------------------------------------ */

static void
read_area (Rd *r, xmlNode *area)
{
  CsAreaSettings *a = &r->p->area;
  xmlNode *mig = cs_xml_child (area, "migration");

  cs_read_num (&r->rd, area, "male_share", &a->male_share);
  for (guint g = 0; g < CS_N_OUTSIDE; g++)
    {
      xmlNode *o = child_by_id (area, "outside", cs_outside_names[g]);
      CsNum n;
      a->outside[g].unit = CS_AMOUNT_COUNT;
      if (o && cs_xml_attr (o, "per_1000_children"))
        {
          cs_read_num (&r->rd, o, "per_1000_children", &n);
          a->outside[g].unit = CS_AMOUNT_PER_1000_CHILDREN;
        }
      else
        num_or (r, o, "count", 0.0, &n);
      a->outside[g].value = n.value;
      a->outside[g].source = n.source;
    }
  cs_read_num (&r->rd, mig, "in_per_1000_per_year",
               &a->migration_in_per_1000_per_year);
  cs_read_num (&r->rd, mig, "out_per_1000_per_year",
               &a->migration_out_per_1000_per_year);
  for (xmlNode *c = cs_xml_first_element (area); c; c = cs_xml_next_element (c))
    {
      if (strcmp ((const char *)c->name, "phase") == 0)
        {
          CsSchoolPhase *ph = &r->p->phases[enum_of (cs_school_type_names,
                                                     cs_xml_attr (c, "id"))];
          r->phase_given[ph - r->p->phases] = TRUE;
          cs_read_num (&r->rd, c, "age_min", &ph->age_min);
          cs_read_num (&r->rd, c, "age_max", &ph->age_max);
          check_range (r, c, "age_min", ph->age_min, ph->age_max);
        }
      else if (strcmp ((const char *)c->name, "age_profile") == 0)
        g_hash_table_insert (r->profiles, (gpointer)cs_xml_attr (c, "id"), c);
    }
  /* Types without a phase: no school may use them (read_schools). */
  for (guint t = 0; t < CS_N_SCHOOL_TYPES; t++)
    if (!r->phase_given[t])
      {
        num_or (r, NULL, "age_min", 0.0, &r->p->phases[t].age_min);
        num_or (r, NULL, "age_max", 0.0, &r->p->phases[t].age_max);
      }
}

/* Children by age from a total and an age profile (largest remainders,
 * so the ages add up to the total exactly). */
static void
spread_children (Rd *r, xmlNode *ch, xmlNode *profile, CsNum *out)
{
  CsNum share[CS_N_AGES];
  double total = g_ascii_strtod (cs_xml_attr (ch, "count"), NULL);
  double sum = 0.0, given = 0.0, rest[CS_N_AGES];
  const char *s = cs_read_source (&r->rd, ch, "count");

  nums (r, profile, "shares", share, CS_N_AGES);
  for (guint a = 0; a < CS_N_AGES; a++)
    sum += share[a].value;
  if (sum <= 0.0)
    {
      cs_read_fail (&r->rd, profile, "shares",
                    "age profile '%s' has no children at any "
                    "age (expected shares that are not all 0)",
                    cs_xml_attr (profile, "id"));
      return;
    }
  for (guint a = 0; a < CS_N_AGES; a++)
    {
      double x = total * share[a].value / sum;
      out[a].value = floor (x);
      out[a].source = s;
      rest[a] = x - out[a].value;
      given += out[a].value;
    }
  for (double left = total - given; left > 0.5; left -= 1.0)
    {
      guint best = 0;
      for (guint a = 1; a < CS_N_AGES; a++)
        if (rest[a] > rest[best])
          best = a;
      out[best].value += 1.0;
      rest[best] = -1.0;
    }
}

static void
read_localities (Rd *r, xmlNode *locs)
{
  guint i = 0;
  double total = 0.0;

  r->p->n_localities = count_children (locs, "locality");
  r->p->localities = g_new0 (CsLocality, r->p->n_localities);
  for (xmlNode *l = cs_xml_first_element (locs); l && r->rd.ok;
       l = cs_xml_next_element (l), i++)
    {
      CsLocality *loc = &r->p->localities[i];
      xmlNode *ch = cs_xml_child (l, "children");
      const char *pid = cs_xml_attr (ch, "age_profile");
      loc->id = str (r, l, "id");
      loc->name = cs_xml_attr (l, "name") ? str (r, l, "name") : loc->id;
      cs_read_num (&r->rd, l, "deprivation", &loc->deprivation);
      if (!pid)
        nums (r, ch, "by_age", loc->children, CS_N_AGES);
      else if (g_hash_table_contains (r->profiles, pid))
        spread_children (r, ch, g_hash_table_lookup (r->profiles, pid),
                         loc->children);
      else
        cs_read_fail (&r->rd, ch, "age_profile",
                      "no <age_profile id=\"%s\"> in <area> "
                      "(expected the id of an age profile)",
                      pid);
      for (guint a = 0; a < CS_N_AGES; a++)
        total += loc->children[a].value;
    }
  if (r->rd.ok && total > MAX_CHILDREN)
    cs_read_fail (&r->rd, locs, NULL,
                  "%.0f children in the area (expected at most %.0f)", total,
                  MAX_CHILDREN);
}

static void
read_schools (Rd *r, xmlNode *schools)
{
  guint i = 0;

  r->p->n_schools = count_children (schools, "school");
  r->p->schools = g_new0 (CsSchool, r->p->n_schools);
  for (xmlNode *s = cs_xml_first_element (schools); s && r->rd.ok;
       s = cs_xml_next_element (s), i++)
    {
      CsSchool *sch = &r->p->schools[i];
      const char *loc = cs_xml_attr (s, "locality");
      const CsSchoolPhase *ph;
      sch->id = str (r, s, "id");
      sch->name = cs_xml_attr (s, "name") ? str (r, s, "name") : sch->id;
      sch->type = enum_of (cs_school_type_names, cs_xml_attr (s, "type"));
      sch->locality = cs_params_find_locality (r->p, loc);
      if (sch->locality == CS_NONE)
        cs_read_fail (&r->rd, s, "locality",
                      "school '%s' is in locality '%s', which "
                      "<localities> does not have (expected a locality id)",
                      sch->id, loc);
      ph = &r->p->phases[sch->type];
      if (!r->phase_given[sch->type]
          && (!cs_xml_attr (s, "age_min") || !cs_xml_attr (s, "age_max")))
        cs_read_fail (
            &r->rd, s, "type",
            "school '%s' is %s but <area> has no <phase "
            "id=\"%s\"> (expected a phase for each school type used, or "
            "age_min and age_max on the school)",
            sch->id, cs_school_type_names[sch->type],
            cs_school_type_names[sch->type]);
      if (cs_xml_attr (s, "age_min"))
        cs_read_num (&r->rd, s, "age_min", &sch->age_min);
      else
        sch->age_min = ph->age_min;
      if (cs_xml_attr (s, "age_max"))
        cs_read_num (&r->rd, s, "age_max", &sch->age_max);
      else
        sch->age_max = ph->age_max;
      if (r->rd.ok)
        check_range (r, s, "age_min", sch->age_min, sch->age_max);
      cs_read_num (&r->rd, s, "roll", &sch->roll);
      cs_read_num (&r->rd, s, "distance_km", &sch->distance_km);
      cs_read_num (&r->rd, s, "orientation", &sch->orientation);
      cs_read_num (&r->rd, s, "budget_gbp_per_year", &sch->budget_gbp_per_year);
      cs_read_num (&r->rd, s, "pooled_share", &sch->pooled_share);
      sch->cluster = str (r, s, "cluster");
    }
}

/* ---- Needs --------------------------------------------------------------- */

static void
read_noticers (Rd *r, xmlNode *needs)
{
  for (guint k = 0; k < CS_N_NOTICERS && r->rd.ok; k++)
    {
      xmlNode *n
          = require_id (r, needs, "noticer", cs_noticer_names[k], "noticer");
      CsNoticerParams *np = &r->p->noticers[k];
      if (!n)
        return;
      cs_read_num (&r->rd, n, "contact_share", &np->contact_share);
      cs_read_num (&r->rd, n, "age_min", &np->age_min);
      cs_read_num (&r->rd, n, "age_max", &np->age_max);
      np->on_roll_only = flag (n, "on_roll_only", FALSE);
      np->open_case_only = flag (n, "open_case_only", FALSE);
      check_range (r, n, "age_min", np->age_min, np->age_max);
    }
}

/* One <onset>: bands "A-B:RATE" into the sexes it covers. */
static void
read_onset (Rd *r, xmlNode *on, CsNeedDomain *d, xmlNode **given)
{
  const char *sex = cs_xml_attr (on, "sex");
  const char *attr = "per_1000_children_per_year";
  g_auto (GStrv) bands = g_strsplit (cs_xml_attr (on, attr), " ", -1);
  const char *s = cs_read_source (&r->rd, on, attr);
  gboolean covered[CS_N_AGES] = { FALSE };

  for (guint x = 0; x < CS_N_SEXES; x++)
    {
      if (strcmp (sex, "any") != 0 && strcmp (sex, cs_sex_names[x]) != 0)
        continue;
      if (given[x])
        {
          cs_read_fail (&r->rd, on, "sex",
                        "a second onset for %s children (expected "
                        "sex=\"any\" alone, or one each for female and male)",
                        cs_sex_names[x]);
          return;
        }
      given[x] = on;
    }
  for (guint b = 0; bands[b] && r->rd.ok; b++)
    {
      guint lo, hi;
      double rate;
      char *end;
      if (!*bands[b])
        continue;
      lo = (guint)g_ascii_strtoull (bands[b], &end, 10);
      hi = (guint)g_ascii_strtoull (end + 1, &end, 10);
      rate = g_ascii_strtod (end + 1, NULL);
      if (lo > hi || hi >= CS_N_AGES)
        {
          cs_read_fail (&r->rd, on, attr,
                        "onset band %u-%u (expected ages from 0 to 17, "
                        "the first not above the second)",
                        lo, hi);
          return;
        }
      for (guint a = lo; a <= hi; a++)
        {
          if (covered[a])
            {
              cs_read_fail (&r->rd, on, attr,
                            "onset bands overlap at age %u (expected "
                            "each age in at most one band)",
                            a);
              return;
            }
          covered[a] = TRUE;
          for (guint x = 0; x < CS_N_SEXES; x++)
            if (given[x] == on)
              d->onset_per_1000_per_year[x][a] = (CsNum){ rate, s };
        }
    }
}

static void
read_domain (Rd *r, xmlNode *el, CsNeedDomain *d)
{
  xmlNode *given[CS_N_SEXES] = { NULL };

  for (guint x = 0; x < CS_N_SEXES; x++)
    for (guint a = 0; a < CS_N_AGES; a++)
      d->onset_per_1000_per_year[x][a]
          = (CsNum){ 0.0, cs_read_source (&r->rd, el, "id") };
  for (xmlNode *c = cs_xml_first_element (el); c && r->rd.ok;
       c = cs_xml_next_element (c))
    if (strcmp ((const char *)c->name, "onset") == 0)
      read_onset (r, c, d, given);
  for (guint x = 0; x < CS_N_SEXES && r->rd.ok; x++)
    if (!given[x])
      cs_read_fail (&r->rd, el, NULL,
                    "<domain id=\"%s\"> has no onset for %s children "
                    "(expected sex=\"any\", or one each for female and male)",
                    cs_xml_attr (el, "id"), cs_sex_names[x]);
  cs_read_num (&r->rd, el, "deprivation_rr", &d->deprivation_rr);
  cs_read_num (&r->rd, el, "served_escalation_rr", &d->served_escalation_rr);
  nums (r, el, "onset_stage_share", d->onset_stage_share, CS_N_STAGES);
  nums (r, el, "initial_share", d->initial_share, CS_N_STAGES);
  nums (r, el, "escalation_per_year", d->escalation_per_year, CS_N_STAGES);
  nums (r, el, "remission_per_year", d->remission_per_year, CS_N_STAGES);
  nums (r, el, "visibility", d->visibility, CS_N_STAGES);
  check_zero (r, el, "onset_stage_share", d->onset_stage_share[0], 0,
              "a new need starts at stage 1 or above");
  check_sum (r, el, "onset_stage_share", d->onset_stage_share, 0, CS_N_STAGES);
  check_sum (r, el, "initial_share", d->initial_share, 0, CS_N_STAGES);
  check_zero (r, el, "escalation_per_year", d->escalation_per_year[0], 0,
              "stage 0 is no need");
  check_zero (r, el, "escalation_per_year", d->escalation_per_year[4], 4,
              "there is no stage above 4");
  check_zero (r, el, "remission_per_year", d->remission_per_year[0], 0,
              "stage 0 is no need");
  by_name (r, cs_xml_child (el, "recognition"), cs_noticer_names,
           d->recognition, 0.0);
  by_name (r, cs_xml_child (el, "referral"), cs_noticer_names, d->referral,
           0.0);
  cs_read_num (&r->rd, el, "adversity_loading", &d->adversity_loading);
  cs_read_num (&r->rd, el, "frailty_loading", &d->frailty_loading);
}

static void
read_needs (Rd *r, xmlNode *needs)
{
  xmlNode *cl = cs_xml_child (needs, "clustering");
  xmlNode *sen = cs_xml_child (needs, "sen_response");

  read_noticers (r, needs);
  if (cl)
    {
      cs_read_num (&r->rd, cl, "deprived_shift",
                   &r->p->clustering.deprived_shift);
      cs_read_num (&r->rd, cl, "course_share", &r->p->clustering.course_share);
    }
  if (sen)
    {
      CsSenResponse *sr = &r->p->sen;
      sr->on = TRUE;
      cs_read_num (&r->rd, sen, "school_action_stage",
                   &sr->school_action_stage);
      cs_read_num (&r->rd, sen, "school_action_plus_stage",
                   &sr->school_action_plus_stage);
      cs_read_num (&r->rd, sen, "assessment_stage", &sr->assessment_stage);
      sr->requesters
          = mask_of (cs_noticer_names, cs_xml_attr (sen, "requesters"));
      cs_read_dist (&r->rd, sen, "assessment_days", &sr->assessment_days);
      cs_read_num (&r->rd, sen, "deadline_days", &sr->deadline_days);
      cs_read_num (&r->rd, sen, "statement_share", &sr->statement_share);
      cs_read_num (&r->rd, sen, "cease_stage", &sr->cease_stage);
    }
  for (guint k = 0; k < CS_N_DOMAINS && r->rd.ok; k++)
    {
      xmlNode *d
          = require_id (r, needs, "domain", cs_domain_names[k], "need domain");
      if (d)
        read_domain (r, d, &r->p->domains[k]);
    }
}

static void
read_life (Rd *r, xmlNode *life)
{
  CsLifeEvents *l = &r->p->life;
  xmlNode *ex = cs_xml_child (life, "exclusion");
  xmlNode *care = cs_xml_child (life, "care");
  xmlNode *mv = cs_xml_child (life, "school_move");
  xmlNode *he = cs_xml_child (life, "home_education");

  cs_read_num (&r->rd, ex, "per_1000_per_year",
               &l->exclusion_per_1000_per_year);
  nums (r, ex, "conduct_rr", l->exclusion_conduct_rr, CS_N_STAGES);
  cs_read_num (&r->rd, ex, "looked_after_rr", &l->exclusion_looked_after_rr);
  cs_read_num (&r->rd, ex, "orientation_rr", &l->exclusion_orientation_rr);
  nums_or_ones (r, ex, "sen_rr", l->exclusion_sen_rr, CS_N_STAGES);
  nums_or_ones (r, ex, "served_rr", &l->exclusion_served_rr, 1);
  cs_read_dist (&r->rd, ex, "days", &l->exclusion_days);
  nums (r, care, "entry_per_year", l->care_entry_per_year, CS_N_STAGES);
  nums_or_ones (r, care, "family_rr", l->care_family_rr, CS_N_STAGES);
  cs_read_dist (&r->rd, care, "days", &l->care_days);
  cs_read_num (&r->rd, care, "out_of_area_share", &l->care_out_of_area_share);
  cs_read_num (&r->rd, care, "looked_after_per_1000",
               &l->looked_after_per_1000);
  cs_read_num (&r->rd, care, "children_in_need_per_1000",
               &l->children_in_need_per_1000);
  cs_read_num (&r->rd, care, "case_closure_per_year",
               &l->case_closure_per_year);
  cs_read_num (&r->rd, mv, "per_1000_per_year",
               &l->school_move_per_1000_per_year);
  cs_read_num (&r->rd, mv, "looked_after_rr", &l->school_move_looked_after_rr);
  cs_read_num (&r->rd, mv, "looked_after_ks4_rr",
               &l->school_move_looked_after_ks4_rr);
  cs_read_num (&r->rd, mv, "placement_moves_per_year",
               &l->placement_moves_per_year);
  cs_read_num (&r->rd, mv, "placement_school_change_share",
               &l->placement_school_change_share);
  cs_read_num (&r->rd, mv, "ks4_age_min", &l->ks4_age_min);
  cs_read_num (&r->rd, mv, "ks4_age_max", &l->ks4_age_max);
  check_range (r, mv, "ks4_age_min", l->ks4_age_min, l->ks4_age_max);
  cs_read_num (&r->rd, he, "per_1000_per_year",
               &l->home_education_per_1000_per_year);
}

static void
read_ecm (Rd *r, xmlNode *ecm)
{
  CsEcmParams *e = &r->p->ecm;

  for (guint k = 0; k < CS_N_ECM && r->rd.ok; k++)
    {
      xmlNode *o
          = require_id (r, ecm, "outcome", cs_ecm_names[k], "ECM outcome");
      if (!o)
        return;
      cs_read_num (&r->rd, o, "baseline_mean", &e->baseline_mean[k]);
      cs_read_num (&r->rd, o, "baseline_sd", &e->baseline_sd[k]);
      cs_read_num (&r->rd, o, "deprivation_shift", &e->deprivation_shift[k]);
      cs_read_num (&r->rd, o, "reversion_per_year", &e->reversion_per_year[k]);
      cs_read_num (&r->rd, o, "exclusion_shift", &e->exclusion_shift[k]);
      cs_read_num (&r->rd, o, "care_entry_shift", &e->care_entry_shift[k]);
      cs_read_num (&r->rd, o, "initial_met_share", &e->initial_met_share[k]);
    }
  for (guint d = 0; d < CS_N_DOMAINS; d++)
    by_name (r, child_by_id (ecm, "unmet_need", cs_domain_names[d]),
             cs_ecm_names, e->unmet_per_stage_per_year[d], 0.0);
}

static void
read_groups (Rd *r, xmlNode *g)
{
  CsGroupDefs *d = &r->p->groups;

  cs_read_num (&r->rd, g, "additional_needs_stage_min",
               &d->additional_needs_stage_min);
  cs_read_num (&r->rd, g, "sen_stage_min", &d->sen_stage_min);
  cs_read_num (&r->rd, g, "statement_stage_min", &d->statement_stage_min);
  cs_read_num (&r->rd, g, "disabled_stage_min", &d->disabled_stage_min);
  cs_read_num (&r->rd, g, "child_in_need_stage_min",
               &d->child_in_need_stage_min);
}

/* ---- Services, partners, providers --------------------------------------- */

static void
read_eligibility (Rd *r, xmlNode *el, CsEligibility *e)
{
  const char *domains = el ? cs_xml_attr (el, "domains") : NULL;

  num_or (r, el, "age_min", 0.0, &e->age_min);
  num_or (r, el, "age_max", CS_N_AGES - 1, &e->age_max);
  num_or (r, el, "stage_min", 0.0, &e->stage_min);
  num_or (r, el, "deprivation_min", 0.0, &e->deprivation_min);
  e->domains = domains ? mask_of (cs_domain_names, domains)
                       : (CS_BIT (CS_N_DOMAINS) - 1);
  e->on_roll_only = flag (el, "on_roll_only", FALSE);
  e->looked_after_only = flag (el, "looked_after_only", FALSE);
  if (el)
    check_range (r, el, "age_min", e->age_min, e->age_max);
}

static void
read_partners (Rd *r, xmlNode *partners)
{
  guint i = 0;

  r->p->n_partners = count_children (partners, "partner");
  r->p->partners = g_new0 (CsPartner, r->p->n_partners);
  for (xmlNode *el = cs_xml_first_element (partners); el;
       el = cs_xml_next_element (el), i++)
    {
      CsPartner *pa = &r->p->partners[i];
      pa->id = str (r, el, "id");
      pa->name = cs_xml_attr (el, "name") ? str (r, el, "name") : pa->id;
      pa->kind = str (r, el, "kind");
      pa->sector = enum_of (cs_sector_names, cs_xml_attr (el, "sector"));
      cs_read_num (&r->rd, el, "pooled_share", &pa->pooled_share);
      by_name (r, cs_xml_child (el, "budget_gbp_per_year"), cs_sector_names,
               pa->budget_gbp_per_year, 0.0);
    }
}

static void
read_providers (Rd *r, xmlNode *providers)
{
  guint i = 0;

  cs_read_num (&r->rd, providers, "worker_change_effect_rr",
               &r->p->worker_change_effect_rr);
  r->p->n_providers = count_children (providers, "provider");
  r->p->providers = g_new0 (CsProvider, r->p->n_providers);
  for (xmlNode *el = cs_xml_first_element (providers); el;
       el = cs_xml_next_element (el), i++)
    {
      CsProvider *pr = &r->p->providers[i];
      pr->id = str (r, el, "id");
      pr->name = cs_xml_attr (el, "name") ? str (r, el, "name") : pr->id;
      pr->type = str (r, el, "type");
      pr->sectors = mask_of (cs_sector_names, cs_xml_attr (el, "sectors"));
      cs_read_num (&r->rd, el, "capacity", &pr->capacity);
      cs_read_num (&r->rd, el, "price_rr", &pr->price_rr);
      cs_read_num (&r->rd, el, "quality", &pr->quality);
      cs_read_num (&r->rd, el, "bid_probability", &pr->bid_probability);
      cs_read_num (&r->rd, el, "continuity", &pr->continuity);
    }
}

static void
service_refs (Rd *r, xmlNode *el, CsService *s)
{
  const char *com = cs_xml_attr (el, "commissioner");
  const char *prov = cs_xml_attr (el, "provider");

  s->commissioner = CS_NONE;
  s->provider = CS_NONE;
  if (com && g_hash_table_contains (r->per_school, com))
    cs_read_fail (&r->rd, el, "commissioner",
                  "service '%s' names arrangement '%s', which "
                  "has one instance per school or cluster (expected an "
                  "arrangement with instances=\"single\")",
                  s->id, com);
  else if (com
           && (s->commissioner = cs_params_find_arrangement (r->p, com))
                  == CS_NONE)
    cs_read_fail (&r->rd, el, "commissioner",
                  "service '%s' names arrangement '%s', which "
                  "<arrangements> does not have (expected an arrangement id)",
                  s->id, com);
  if (prov && (s->provider = cs_params_find_provider (r->p, prov)) == CS_NONE)
    cs_read_fail (&r->rd, el, "provider",
                  "service '%s' names provider '%s', which "
                  "<providers> does not have (expected a provider id)",
                  s->id, prov);
  else if (prov && !(r->p->providers[s->provider].sectors & CS_BIT (s->sector)))
    cs_read_fail (&r->rd, el, "provider",
                  "provider '%s' does not deliver %s services "
                  "(expected a provider whose sectors include %s)",
                  prov, cs_sector_names[s->sector], cs_sector_names[s->sector]);
}

/* attr of the service, else of <services> (parent), else 0. */
static void
service_or_all (Rd *r, xmlNode *el, const char *attr, CsNum *out)
{
  num_or (r, cs_xml_attr (el, attr) ? el : el->parent, attr, 0.0, out);
}

static void
read_service (Rd *r, xmlNode *el, CsService *s)
{
  s->id = str (r, el, "id");
  s->name = cs_xml_attr (el, "name") ? str (r, el, "name") : s->id;
  s->sector = enum_of (cs_sector_names, cs_xml_attr (el, "sector"));
  s->tier = enum_of (cs_tier_names, cs_xml_attr (el, "tier"));
  s->setting = enum_of (cs_setting_names, cs_xml_attr (el, "setting"));
  s->access = enum_of (cs_access_names, cs_xml_attr (el, "access"));
  s->waiting = enum_of (cs_waiting_names, cs_xml_attr (el, "waiting"));
  s->domains = mask_of (cs_domain_names, cs_xml_attr (el, "domains"));
  s->serves = CS_BIT (s->sector);
  if (cs_xml_attr (el, "serves"))
    {
      s->serves = mask_of (cs_sector_names, cs_xml_attr (el, "serves"));
      if (!(s->serves & CS_BIT (s->sector)))
        cs_read_fail (&r->rd, el, "serves",
                      "serves of service '%s' leaves out its own sector "
                      "(expected a list of sectors including %s)",
                      s->id, cs_sector_names[s->sector]);
    }
  cs_read_num (&r->rd, el, "stage_min", &s->stage_min);
  cs_read_num (&r->rd, el, "stage_max", &s->stage_max);
  check_range (r, el, "stage_min", s->stage_min, s->stage_max);
  s->referrers = mask_of (cs_noticer_names, cs_xml_attr (el, "referrers"));
  read_eligibility (r, cs_xml_child (el, "eligibility"), &s->eligibility);
  s->ends_on_leaving_school = flag (el, "ends_on_leaving_school", FALSE);
  cs_read_num (&r->rd, el, "places", &s->places);
  if (s->places.value > CS_MAX_PLACES)
    {
      g_autofree char *desc = cs_xml_describe (el);
      cs_read_fail (&r->rd, el, "places",
                    "places of %s: %s is too many (expected at most %u)", desc,
                    cs_xml_attr (el, "places"), CS_MAX_PLACES);
    }
  cs_read_num (&r->rd, el, "coverage", &s->coverage);
  cs_read_dist (&r->rd, el, "episode_days", &s->episode_days);
  num_or (r, el, "cost_gbp_per_episode", 0.0, &s->cost_gbp_per_episode);
  num_or (r, el, "cost_gbp_per_place_per_year", 0.0,
          &s->cost_gbp_per_place_per_year);
  num_or (r, el, "cost_gbp_per_child_day", 0.0, &s->cost_gbp_per_child_day);
  cs_read_num (&r->rd, el, "effect_deescalate", &s->effect_deescalate);
  cs_read_num (&r->rd, el, "effect_resolve", &s->effect_resolve);
  service_or_all (r, el, "max_wait_days", &s->max_wait_days);
  service_or_all (r, el, "ration_queue_per_place", &s->ration_queue_per_place);
  by_name (r, cs_xml_child (el, "ecm_effect"), cs_ecm_names, s->ecm_effect,
           0.0);
  by_name (r, cs_xml_child (el, "onset_rr"), cs_domain_names, s->onset_rr, 1.0);
  for (guint d = 0; d < CS_N_DOMAINS && r->rd.ok; d++)
    if (s->onset_rr[d].value <= 0.0)
      cs_read_fail (
          &r->rd, cs_xml_child (el, "onset_rr"), cs_domain_names[d],
          "onset_rr %s of service '%s' is %g (expected a relative risk "
          "> 0)",
          cs_domain_names[d], s->id, s->onset_rr[d].value);
  service_refs (r, el, s);
}

static void
read_services (Rd *r, xmlNode *services)
{
  guint i = 0;

  r->p->n_services = count_children (services, "service");
  r->p->services = g_new0 (CsService, r->p->n_services);
  for (xmlNode *el = cs_xml_first_element (services); el && r->rd.ok;
       el = cs_xml_next_element (el), i++)
    read_service (r, el, &r->p->services[i]);
}

/* ---- Arrangements -------------------------------------------------------- */

typedef struct
{
  CsMember m;
  xmlNode *node;
} MemberAt;

static gboolean
has_school (GArray *members, guint school)
{
  for (guint i = 0; i < members->len; i++)
    {
      const MemberAt *x = &g_array_index (members, MemberAt, i);
      if (x->m.kind == CS_MEMBER_SCHOOL && x->m.index == school)
        return TRUE;
    }
  return FALSE;
}

static void
add_school_member (Rd *r, GArray *members, xmlNode *el, guint school)
{
  MemberAt x = { { CS_MEMBER_SCHOOL, school, { 0.0, NULL } }, el };

  if (has_school (members, school))
    {
      cs_read_fail (&r->rd, el, NULL,
                    "school '%s' is a member twice (expected each "
                    "school once per arrangement)",
                    r->p->schools[school].id);
      return;
    }
  x.m.pooled_share = r->p->schools[school].pooled_share;
  if (cs_xml_attr (el, "pooled_share"))
    cs_read_num (&r->rd, el, "pooled_share", &x.m.pooled_share);
  g_array_append_val (members, x);
}

/* Schools a <member> names: by id, cluster or type. */
static void
read_member (Rd *r, xmlNode *el, GArray *members)
{
  const char *v;
  guint n = 0;

  if ((v = cs_xml_attr (el, "partner")))
    {
      MemberAt x = { { CS_MEMBER_PARTNER, 0, { 0.0, NULL } }, el };
      x.m.index = cs_params_find_partner (r->p, v);
      if (x.m.index == CS_NONE)
        {
          cs_read_fail (&r->rd, el, "partner",
                        "no partner '%s' in <partners> (expected a "
                        "partner id)",
                        v);
          return;
        }
      x.m.pooled_share = r->p->partners[x.m.index].pooled_share;
      if (cs_xml_attr (el, "pooled_share"))
        cs_read_num (&r->rd, el, "pooled_share", &x.m.pooled_share);
      g_array_append_val (members, x);
      return;
    }
  if ((v = cs_xml_attr (el, "school")))
    {
      guint s = cs_params_find_school (r->p, v);
      if (s == CS_NONE)
        cs_read_fail (&r->rd, el, "school",
                      "no school '%s' in <schools> (expected a "
                      "school id)",
                      v);
      else
        add_school_member (r, members, el, s);
      return;
    }
  v = cs_xml_attr (el, "cluster");
  for (guint s = 0; s < r->p->n_schools && r->rd.ok; s++)
    {
      const CsSchool *sch = &r->p->schools[s];
      gboolean in = v ? g_strcmp0 (sch->cluster, v) == 0
                      : strcmp (cs_school_type_names[sch->type],
                                cs_xml_attr (el, "school_type"))
                            == 0;
      if (in)
        {
          add_school_member (r, members, el, s);
          n++;
        }
    }
  if (r->rd.ok && n == 0)
    cs_read_fail (&r->rd, el, NULL,
                  "no school is in %s '%s' (expected a %s that some "
                  "school has)",
                  v ? "cluster" : "school type",
                  v ? v : cs_xml_attr (el, "school_type"),
                  v ? "cluster" : "school type");
}

static void
read_arrangement (Rd *r, xmlNode *el, CsArrangement *a)
{
  xmlNode *proc = cs_xml_child (el, "procurement");
  xmlNode *days = cs_xml_child (el, "cycle_days");
  xmlNode *cost = cs_xml_child (el, "cycle_staff_cost_gbp");
  const char *locs = cs_xml_attr (el, "localities");

  a->id = str (r, el, "id");
  a->name = cs_xml_attr (el, "name") ? str (r, el, "name") : a->id;
  a->type = str (r, el, "type");
  a->tiers = mask_of (cs_tier_names, cs_xml_attr (el, "tiers"));
  a->sectors = mask_of (cs_sector_names, cs_xml_attr (el, "sectors"));
  if (locs)
    {
      g_auto (GStrv) ids = g_strsplit_set (locs, " \t\r\n", -1);
      a->localities = g_new0 (guint, g_strv_length (ids));
      for (guint i = 0; ids[i] && r->rd.ok; i++)
        if (*ids[i]
            && (a->localities[a->n_localities++]
                = cs_params_find_locality (r->p, ids[i]))
                   == CS_NONE)
          cs_read_fail (&r->rd, el, "localities",
                        "no locality '%s' in <localities> "
                        "(expected locality ids)",
                        ids[i]);
    }
  a->referral_sources
      = mask_of (cs_noticer_names, cs_xml_attr (el, "referral_sources"));
  cs_read_num (&r->rd, el, "records_roll_share", &a->records_roll_share);
  cs_read_num (&r->rd, el, "records_partner_share", &a->records_partner_share);
  by_name (r, cs_xml_child (el, "outside_reach"), cs_outside_names,
           a->reach_outside, 0.0);
  cs_read_num (&r->rd, el, "analytic_capacity", &a->analytic_capacity);
  by_name (r, cs_xml_child (el, "domain_weights"), cs_domain_names,
           a->weight_domain, 0.0);
  nums (r, el, "stage_weights", a->weight_stage, CS_N_STAGES);
  by_name (r, cs_xml_child (el, "ecm_weights"), cs_ecm_names, a->weight_ecm,
           0.0);
  read_eligibility (r, cs_xml_child (el, "eligibility"), &a->eligibility);
  cs_read_dist (&r->rd, proc, "tender_days", &a->procurement.tender_days);
  cs_read_num (&r->rd, proc, "failure_probability",
               &a->procurement.failure_probability);
  cs_read_num (&r->rd, proc, "transaction_cost_gbp",
               &a->procurement.transaction_cost_gbp);
  cs_read_num (&r->rd, proc, "price_weight", &a->procurement.price_weight);
  cs_read_dist (&r->rd, proc, "contract_years", &a->procurement.contract_years);
  num_or (r, proc, "max_attempts", 1.0, &a->procurement.max_attempts);
  for (guint s = 0; s < CS_N_CYCLE_STAGES; s++)
    {
      cs_read_dist (&r->rd, days, cs_cycle_stage_names[s], &a->cycle[s].days);
      cs_read_num (&r->rd, cost, cs_cycle_stage_names[s],
                   &a->cycle[s].staff_cost_gbp);
    }
  cs_read_num (&r->rd, el, "cycle_interval_days", &a->cycle_interval_days);
  cs_read_num (&r->rd, el, "meeting_interval_days", &a->meeting_interval_days);
  cs_read_num (&r->rd, el, "monitoring_interval_days",
               &a->monitoring_interval_days);
  cs_read_num (&r->rd, el, "running_cost_gbp_per_year",
               &a->running_cost_gbp_per_year);
  cs_read_num (&r->rd, el, "qa_detection", &a->qa_detection);
  cs_read_num (&r->rd, el, "qa_quality_threshold", &a->qa_quality_threshold);
  cs_read_num (&r->rd, el, "decision_dependence", &a->decision_dependence);
  by_name (r, cs_xml_child (el, "orientation_shift"), cs_domain_names,
           a->orientation_weight_shift, 0.0);
  cs_read_num (&r->rd, el, "decision_noise_sd", &a->decision_noise_sd);
  cs_read_num (&r->rd, el, "sanction_use", &a->sanction_use);
  cs_read_num (&r->rd, el, "sanction_conduct_stage_min",
               &a->sanction_conduct_stage_min);
  num_or (r, el, "community_sight_km", 0.0, &a->community_sight_km);
  a->pool_sectors
      = cs_xml_attr (el, "pool_sectors")
            ? mask_of (cs_sector_names, cs_xml_attr (el, "pool_sectors"))
            : a->sectors;
  if (r->rd.ok && (a->pool_sectors & ~a->sectors))
    cs_read_fail (
        &r->rd, el, "pool_sectors",
        "pool_sectors names a sector the arrangement does not commission "
        "(expected a subset of sectors=\"%s\")",
        cs_xml_attr (el, "sectors"));
  num_or (r, el, "school_participation", 1.0, &a->school_participation);
  a->serves_member_pupils
      = g_strcmp0 (cs_xml_attr (el, "population"), "member_pupils") == 0;
  num_or (r, el, "start_delay_days", 0.0, &a->start_delay_days);
  a->joint_by_responsibility = flag (el, "joint_by_responsibility", FALSE);
}

/* The instance a school member belongs to: its school's id
 * (per_school) or cluster (per_cluster). */
static const char *
instance_label (Rd *r, const MemberAt *x, gboolean by_cluster)
{
  const CsSchool *s = &r->p->schools[x->m.index];

  return by_cluster ? s->cluster : s->id;
}

/* Members of one instance (label NULL: all), partner shares scaled. */
static void
set_members (Rd *r, CsArrangement *a, GArray *members, const char *label,
             gboolean by_cluster, double partner_scale)
{
  GPtrArray *nodes = g_ptr_array_new ();

  a->members = g_new0 (CsMember, members->len);
  for (guint i = 0; i < members->len; i++)
    {
      const MemberAt *x = &g_array_index (members, MemberAt, i);
      if (x->m.kind == CS_MEMBER_SCHOOL && label
          && g_strcmp0 (instance_label (r, x, by_cluster), label) != 0)
        continue;
      a->members[a->n_members] = x->m;
      if (x->m.kind == CS_MEMBER_PARTNER)
        a->members[a->n_members].pooled_share.value *= partner_scale;
      a->n_members++;
      g_ptr_array_add (nodes, x->node);
    }
  g_ptr_array_add (r->member_nodes, nodes);
}

/* The instances' labels in order of first appearance, each with the
 * share of the arrangement's pupils it has. */
static GPtrArray *
instance_labels (Rd *r, xmlNode *el, GArray *members, gboolean by_cluster,
                 GArray *shares)
{
  GPtrArray *labels = g_ptr_array_new ();
  double total = 0.0;
  guint n = 0;

  for (guint i = 0; i < members->len && r->rd.ok; i++)
    {
      const MemberAt *x = &g_array_index (members, MemberAt, i);
      const char *label;
      guint k;
      double zero = 0.0;
      if (x->m.kind != CS_MEMBER_SCHOOL)
        continue;
      if (!(label = instance_label (r, x, by_cluster)))
        {
          cs_read_fail (
              &r->rd, x->node, NULL,
              "school '%s' has no cluster (expected cluster=\"...\" on "
              "every school of an arrangement with "
              "instances=\"per_cluster\")",
              r->p->schools[x->m.index].id);
          break;
        }
      if (!g_ptr_array_find_with_equal_func (labels, label, g_str_equal, &k))
        {
          k = labels->len;
          g_ptr_array_add (labels, (gpointer)label);
          g_array_append_val (shares, zero);
        }
      g_array_index (shares, double, k) += r->p->schools[x->m.index].roll.value;
      total += r->p->schools[x->m.index].roll.value;
      n++;
    }
  if (r->rd.ok && n == 0)
    cs_read_fail (
        &r->rd, el, "instances",
        "arrangement '%s' has one instance per %s but no school members "
        "(expected school, cluster or school_type members)",
        cs_xml_attr (el, "id"), by_cluster ? "cluster" : "school");
  for (guint k = 0; k < shares->len; k++)
    g_array_index (shares, double, k)
        = total > 0 ? g_array_index (shares, double, k) / total
                    : 1.0 / shares->len;
  return labels;
}

/* Append one arrangement, or one per member school or cluster. */
static void
add_arrangements (Rd *r, xmlNode *el, GArray *out)
{
  g_autoptr (GArray) members = g_array_new (FALSE, FALSE, sizeof (MemberAt));
  g_autoptr (GArray) shares = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GPtrArray) labels = NULL;
  const char *instances = cs_xml_attr (el, "instances");
  gboolean by_cluster = strcmp (instances, "per_cluster") == 0;
  CsArrangement a = { 0 };

  read_arrangement (r, el, &a);
  for (xmlNode *c = cs_xml_first_element (el); c && r->rd.ok;
       c = cs_xml_next_element (c))
    if (strcmp ((const char *)c->name, "member") == 0)
      read_member (r, c, members);
  if (r->rd.ok && a.serves_member_pupils)
    {
      gboolean schools = FALSE;
      for (guint k = 0; k < members->len; k++)
        schools = schools
                  || g_array_index (members, MemberAt, k).m.kind
                         == CS_MEMBER_SCHOOL;
      if (!schools)
        cs_read_fail (&r->rd, el, "population",
                      "arrangement '%s' serves its member schools' pupils "
                      "but has no school members (expected school, cluster "
                      "or school_type members, or population=\"localities\")",
                      cs_xml_attr (el, "id"));
    }
  if (strcmp (instances, "single") == 0 || !r->rd.ok)
    {
      set_members (r, &a, members, NULL, FALSE, 1.0);
      g_array_append_val (out, a);
      return;
    }
  g_hash_table_add (r->per_school, (gpointer)a.id);
  labels = instance_labels (r, el, members, by_cluster, shares);
  for (guint k = 0; k < labels->len && r->rd.ok; k++)
    {
      CsArrangement inst;
      g_autofree char *id
          = g_strconcat (a.id, ":", (const char *)labels->pdata[k], NULL);
      cs_arrangement_copy (&inst, &a); /* the template has no members */
      inst.id = cs_params_intern (r->p, id);
      set_members (r, &inst, members, labels->pdata[k], by_cluster,
                   g_array_index (shares, double, k));
      g_array_append_val (out, inst);
    }
  cs_arrangement_clear (&a);
}

/* No partner or school pools more than all of its budget. */
static void
check_pooling (Rd *r)
{
  g_autofree double *partner = g_new0 (double, r->p->n_partners + 1);
  g_autofree double *school = g_new0 (double, r->p->n_schools + 1);

  for (guint i = 0; i < r->p->n_arrangements && r->rd.ok; i++)
    {
      const CsArrangement *a = &r->p->arrangements[i];
      GPtrArray *nodes = r->member_nodes->pdata[i];
      for (guint k = 0; k < a->n_members && r->rd.ok; k++)
        {
          const CsMember *m = &a->members[k];
          gboolean is_p = m->kind == CS_MEMBER_PARTNER;
          double *sum = is_p ? &partner[m->index] : &school[m->index];
          *sum += m->pooled_share.value;
          if (*sum > 1.0 + SHARE_TOLERANCE)
            cs_read_fail (
                &r->rd, nodes->pdata[k], "pooled_share",
                "%s '%s' pools %g of "
                "its budget across the arrangements it joins (expected "
                "pooled shares that add up to at most 1)",
                is_p ? "partner" : "school",
                is_p ? r->p->partners[m->index].id : r->p->schools[m->index].id,
                *sum);
        }
    }
}

static void
read_arrangements (Rd *r, xmlNode *arrs)
{
  GArray *out = g_array_new (FALSE, TRUE, sizeof (CsArrangement));

  for (xmlNode *el = cs_xml_first_element (arrs); el && r->rd.ok;
       el = cs_xml_next_element (el))
    add_arrangements (r, el, out);
  r->p->n_arrangements = out->len;
  r->p->arrangements = (CsArrangement *)g_array_free (out, FALSE);
  check_pooling (r);
}

static void
read_commissioning (Rd *r, xmlNode *c)
{
  CsCommissioning *cm = &r->p->commissioning;

  cs_read_num (&r->rd, c, "estimate_cv_at_zero_capacity",
               &cm->estimate_cv_at_zero_capacity);
  cs_read_num (&r->rd, c, "first_cycle_day", &cm->first_cycle_day);
  num_or (r, c, "joint_min_share", 0.0, &cm->joint_min_share);
  num_or (r, c, "max_change_per_cycle", 1.0, &cm->max_change_per_cycle);
  num_or (r, c, "unallocated_to_members", 0.0, &cm->unallocated_to_members);
  num_or (r, c, "target_wait_days", 0.0, &cm->target_wait_days);
  num_or (r, c, "carry_forward_share", 0.0, &cm->carry_forward_share);
  cm->plan_within_capacity = flag (c, "plan_within_capacity", FALSE);
}

/* <area children="N">: the whole area resized to N children, everything
 * that goes with the number of children at once (cs_params_resize_noted):
 * the localities' children, school rolls and budgets, counts outside the
 * roll, service places, partners' budgets and providers' capacities. */
static void
resize_area (Rd *r, xmlNode *area)
{
  g_autofree char *note = NULL;
  double total;
  CsNum n;

  if (!r->rd.ok || !area || !cs_xml_attr (area, "children"))
    return;
  cs_read_num (&r->rd, area, "children", &n);
  total = cs_params_children (r->p);
  if (!r->rd.ok)
    return;
  if (total < 1.0 || n.value > MAX_CHILDREN)
    {
      cs_read_fail (&r->rd, area, "children", "%s",
                    total < 1.0 ? "the localities hold no children to resize "
                                  "(expected localities with children)"
                                : "more children than allowed (expected at "
                                  "most 50000000)");
      return;
    }
  note = g_strdup_printf ("resized x %.6g from %.0f to %.0f children (area "
                          "children=: %s)",
                          n.value / total, total, n.value, n.source);
  cs_params_resize_noted (r->p, n.value / total, note);
}

/* ---- The whole scenario -------------------------------------------------- */

CsParams *
cs_params_from_xml (xmlNode *root, GError **error)
{
  g_autoptr (CsParams) p = cs_params_new ();
  Rd r = { 0 };

  r.rd = (CsRead)CS_READ_INIT (error, intern, p);
  r.p = p;
  r.profiles = g_hash_table_new (g_str_hash, g_str_equal);
  r.per_school = g_hash_table_new (g_str_hash, g_str_equal);
  r.member_nodes
      = g_ptr_array_new_with_free_func ((GDestroyNotify)g_ptr_array_unref);

  read_area (&r, cs_xml_child (root, "area"));
  read_localities (&r, cs_xml_child (root, "localities"));
  if (r.rd.ok)
    read_schools (&r, cs_xml_child (root, "schools"));
  if (r.rd.ok)
    read_needs (&r, cs_xml_child (root, "needs"));
  read_life (&r, cs_xml_child (root, "life_events"));
  read_ecm (&r, cs_xml_child (root, "ecm"));
  read_groups (&r, cs_xml_child (root, "groups"));
  read_partners (&r, cs_xml_child (root, "partners"));
  read_providers (&r, cs_xml_child (root, "providers"));
  if (r.rd.ok)
    read_arrangements (&r, cs_xml_child (root, "arrangements"));
  if (r.rd.ok)
    read_services (&r, cs_xml_child (root, "services"));
  read_commissioning (&r, cs_xml_child (root, "commissioning"));
  resize_area (&r, cs_xml_child (root, "area"));
  g_hash_table_unref (r.profiles);
  g_hash_table_unref (r.per_school);
  g_ptr_array_unref (r.member_nodes);
  return r.rd.ok ? g_steal_pointer (&p) : NULL;
}
