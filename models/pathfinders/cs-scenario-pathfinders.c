/* cs-scenario-pathfinders.c: <pathfinders> to CsPathfinders (see
 * cs-scenario-pathfinders.h).
 *
 * The schema has checked every value's type and range; this file
 * converts, looks ids up in the base area, parses the distributions
 * (sim_dist_parse, sim_dist_validate) and the focus counts ("8",
 * "11-12", "rest"), then runs cs_pathfinders_check(), whose message gets
 * the <pathfinders> element's file and line.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "models/params/cs-read.h"
#include "models/pathfinders/cs-scenario-pathfinders.h"
#include "models/params/cs-tree.h"
#include "models/params/cs-xml.h"
#include "sim/sim-error.h"

typedef struct
{
  CsRead rd; /* first failure, sources (cs-read.h) */
  CsPathfinders *pf;
  const CsParams *base;
  double *covered; /* per service: the agreements' shares read so far */
} Rd;

/* ---- Readers ------------------------------------------------------------- */

static const char *
intern (gpointer pf, const char *s)
{
  return cs_pathfinders_intern (pf, s);
}

static guint
partner (Rd *r, xmlNode *el, const char *attr)
{
  const char *id = cs_xml_attr (el, attr);
  guint i = cs_params_find_partner (r->base, id);

  if (i == CS_NONE)
    {
      g_autofree char *shown = cs_xml_show_value (id);
      cs_read_fail (&r->rd, el, attr,
                    "'%s' is not a partner of the scenario (expected "
                    "the id of a <partner>)",
                    shown);
    }
  return i;
}

static guint32
tiers_of (const char *list)
{
  g_auto (GStrv) items = g_strsplit_set (list, " \t\r\n", -1);
  guint32 mask = 0;

  for (guint i = 0; items[i]; i++)
    if (*items[i])
      mask |= CS_BIT (cs_name_index (cs_tier_names, items[i]));
  return mask;
}

/* ---- Elements ------------------------------------------------------------ */

static void
read_authority (Rd *r, xmlNode *el, CsPfAuthority *a)
{
  a->id = cs_pathfinders_intern (r->pf, cs_xml_attr (el, "id"));
  cs_read_num (&r->rd, el, "share", &a->share);
  cs_read_dist (&r->rd, el, "children", &a->children);
  cs_read_num (&r->rd, el, "pcts_min", &a->pcts_min);
  cs_read_num (&r->rd, el, "pcts_max", &a->pcts_max);
}

static void
read_count (Rd *r, xmlNode *el, CsPfFocus *f)
{
  const char *v = cs_xml_attr (el, "count");
  const char *dash = strchr (v, '-');

  f->count_source = cs_read_source (&r->rd, el, "count");
  if (strcmp (v, "rest") == 0)
    {
      f->rest = TRUE;
      return;
    }
  f->count_min = (guint)g_ascii_strtoull (v, NULL, 10);
  f->count_max
      = dash ? (guint)g_ascii_strtoull (dash + 1, NULL, 10) : f->count_min;
  if (f->count_min > f->count_max)
    cs_read_fail (&r->rd, el, "count",
                  "count %u-%u is reversed (expected MIN-MAX with "
                  "MIN <= MAX)",
                  f->count_min, f->count_max);
}

static void
read_focus (Rd *r, xmlNode *el, CsPfFocus *f)
{
  xmlNode *w = cs_xml_child (el, "domain_weights");

  f->id = cs_pathfinders_intern (r->pf, cs_xml_attr (el, "id"));
  f->group = cs_pathfinders_intern (r->pf, cs_xml_attr (el, "group"));
  read_count (r, el, f);
  f->tiers = tiers_of (cs_xml_attr (el, "tiers"));
  f->tiers_source = cs_read_source (&r->rd, el, "tiers");
  cs_read_num (&r->rd, el, "pool_probability", &f->pool_probability);
  cs_read_dist (&r->rd, el, "pooled_share", &f->pooled_share);
  for (guint d = 0; d < CS_N_DOMAINS; d++)
    cs_read_num (&r->rd, w, cs_domain_names[d], &f->weight_domain[d]);
}

static void
read_contribution (Rd *r, xmlNode *el, CsPfContribution *c)
{
  c->id = cs_pathfinders_intern (r->pf, cs_xml_attr (el, "id"));
  c->from = partner (r, el, "from");
  c->to = partner (r, el, "to");
  c->pools = !cs_xml_attr (el, "pools")
             || strcmp (cs_xml_attr (el, "pools"), "true") == 0;
  c->pools_source = cs_read_source (&r->rd, el, "pools");
}

/* services="ID ..." or partners="ID ...": each an id of the base (kind
 * "service" or "partner"), at most max of them, into out[*n]. */
static void
read_ids (Rd *r, xmlNode *el, const char *attr, gboolean services, guint max,
          guint *out, guint *n)
{
  g_auto (GStrv) items = g_strsplit_set (
      cs_xml_attr (el, attr) ? cs_xml_attr (el, attr) : "", " \t\r\n", -1);

  *n = 0;
  for (guint i = 0; items[i] && r->rd.ok; i++)
    {
      guint k;
      if (!*items[i])
        continue;
      k = services ? cs_params_find_service (r->base, items[i])
                   : cs_params_find_partner (r->base, items[i]);
      if (k == CS_NONE)
        {
          g_autofree char *shown = cs_xml_show_value (items[i]);
          cs_read_fail (&r->rd, el, attr,
                        "'%s' is not a %s of the scenario (expected the id "
                        "of a <%s>)",
                        shown, services ? "service" : "partner",
                        services ? "service" : "partner");
        }
      else if (*n >= max)
        cs_read_fail (&r->rd, el, attr,
                      "more than %u ids (expected at most %u)", max, max);
      else if (services && r->base->services[k].commissioner == CS_NONE)
        {
          g_autofree char *shown = cs_xml_show_value (items[i]);
          cs_read_fail (&r->rd, el, attr,
                        "service '%s' has no commissioner at the start "
                        "(expected a service with commissioner=\"ID\", the "
                        "lead the agreement binds)",
                        shown);
        }
      else
        out[(*n)++] = k;
    }
  if (r->rd.ok && *n == 0)
    cs_read_fail (&r->rd, el, attr, "no id (expected at least one)");
}

static void
read_agreement (Rd *r, xmlNode *el, CsPfAgreement *g)
{
  g->id = cs_pathfinders_intern (r->pf, cs_xml_attr (el, "id"));
  read_ids (r, el, "services", TRUE, CS_PF_MAX_AGREEMENT_SERVICES, g->services,
            &g->n_services);
  read_ids (r, el, "partners", FALSE, CS_PF_MAX_AGREEMENT_PARTNERS, g->partners,
            &g->n_partners);
  cs_read_num (&r->rd, el, "share", &g->share);
  cs_read_num (&r->rd, el, "probability", &g->probability);
  for (guint j = 0; j < g->n_services && r->rd.ok; j++)
    {
      guint i = g->services[j];
      r->covered[i] += g->share.value;
      if (r->covered[i] > 1.0 + 1e-9)
        cs_read_fail (&r->rd, el, "share",
                      "the agreements covering service '%s' have shares "
                      "adding up to %g with this one (expected at most 1)",
                      r->base->services[i].id, r->covered[i]);
    }
}

static guint
count_named (xmlNode *node, const char *name)
{
  guint n = 0;

  for (xmlNode *c = cs_xml_first_element (node); c; c = cs_xml_next_element (c))
    n += strcmp ((const char *)c->name, name) == 0;
  return n;
}

static void
read_children (Rd *r, xmlNode *node)
{
  CsPathfinders *pf = r->pf;

  pf->authorities
      = g_new0 (CsPfAuthority, MAX (1u, count_named (node, "authority")));
  pf->foci = g_new0 (CsPfFocus, MAX (1u, count_named (node, "focus")));
  pf->contributions
      = g_new0 (CsPfContribution, MAX (1u, count_named (node, "contribution")));
  pf->agreements
      = g_new0 (CsPfAgreement, MAX (1u, count_named (node, "agreement")));
  for (xmlNode *c = cs_xml_first_element (node); c && r->rd.ok;
       c = cs_xml_next_element (c))
    {
      const char *name = (const char *)c->name;
      if (strcmp (name, "authority") == 0)
        read_authority (r, c, &pf->authorities[pf->n_authorities++]);
      else if (strcmp (name, "focus") == 0)
        read_focus (r, c, &pf->foci[pf->n_foci++]);
      else if (strcmp (name, "contribution") == 0)
        read_contribution (r, c, &pf->contributions[pf->n_contributions++]);
      else if (strcmp (name, "agreement") == 0)
        read_agreement (r, c, &pf->agreements[pf->n_agreements++]);
      else if (strcmp (name, "deprivation") == 0)
        cs_read_dist (&r->rd, c, "mean", &pf->deprivation);
    }
}

/* survey_months="12 15 18": the schema checked the numbers (> 0); the
 * count and the order are cs_pathfinders_check()'s. */
static void
read_survey_months (Rd *r, xmlNode *node)
{
  const char *v = cs_xml_attr (node, "survey_months");
  g_auto (GStrv) items = NULL;
  CsPathfinders *pf = r->pf;

  if (!v)
    return;
  pf->survey_months_source = cs_read_source (&r->rd, node, "survey_months");
  items = g_strsplit_set (v, " \t\r\n", -1);
  for (guint i = 0; items[i]; i++)
    if (*items[i])
      {
        if (pf->n_survey_months < CS_PF_MAX_SURVEY_DATES)
          pf->survey_months[pf->n_survey_months]
              = g_ascii_strtod (items[i], NULL);
        pf->n_survey_months++;
      }
}

static void
read_top (Rd *r, xmlNode *node)
{
  CsPathfinders *pf = r->pf;
  const char *board = cs_xml_attr (node, "board");

  pf->count = (guint)g_ascii_strtoull (cs_xml_attr (node, "count"), NULL, 10);
  cs_read_num (&r->rd, node, "scale", &pf->scale);
  cs_read_num (&r->rd, node, "aligned_share", &pf->aligned_share);
  cs_read_num (&r->rd, node, "aligned_spread",
               &pf->aligned_spread); /* absent: 0 */
  cs_read_num (&r->rd, node, "needs_analysis_days_per_domain",
               &pf->needs_days_per_domain);
  if (!cs_xml_attr (node, "needs_analysis_days_per_domain"))
    pf->needs_days_per_domain.value = NAN;
  pf->pool_every_pct
      = g_strcmp0 (cs_xml_attr (node, "pool_agreement"), "every_pct") == 0;
  if (cs_xml_attr (node, "board_start_days"))
    {
      pf->has_board_start = TRUE;
      cs_read_dist (&r->rd, node, "board_start_days", &pf->board_start_days);
    }
  read_survey_months (r, node);
  pf->published = cs_pathfinders_intern (pf, cs_xml_attr (node, "published"));
  pf->pct_partner = partner (r, node, "pct_partner");
  pf->board = cs_params_find_arrangement (r->base, board);
  if (pf->board == CS_NONE)
    {
      g_autofree char *shown = cs_xml_show_value (board);
      cs_read_fail (
          &r->rd, node, "board",
          "'%s' is not an arrangement of the scenario "
          "(expected the id of an <arrangement> with instances=\"single\")",
          shown);
    }
}

CsPathfinders *
cs_pathfinders_from_xml (xmlNode *node, const CsParams *base, GError **error)
{
  g_autoptr (CsPathfinders) pf = cs_pathfinders_new ();
  g_autoptr (GError) e = NULL;
  g_autofree double *covered = g_new0 (double, MAX (1u, base->n_services));
  Rd r = { CS_READ_INIT (error, intern, pf), pf, base, covered };

  read_top (&r, node);
  if (r.rd.ok)
    read_children (&r, node);
  if (!r.rd.ok)
    return NULL;
  if (!cs_pathfinders_check (pf, base, &e))
    {
      cs_xml_error (error, SIM_ERROR_DATA, node, NULL, "<pathfinders>: %s",
                    e->message);
      return NULL;
    }
  return g_steal_pointer (&pf);
}
