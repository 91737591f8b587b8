/* cs-params.c: names of the domain's enums, and the life of a CsParams.
 *
 * The name tables are the spelling used in scenario files, --set paths
 * and output groups; their order is the order of the enums in
 * cs-params.h.  A CsParams owns its arrays; its strings live in one
 * GStringChunk (the pool), so freeing is one walk over the arrays.
 */
#include "config.h"

#include <math.h>
#include <stddef.h>
#include <string.h>

#include "models/params/cs-params.h"

/* ---- Name tables --------------------------------------------------------- */

const char *const cs_sex_names[] = { "female", "male", NULL };

const char *const cs_domain_names[] = {
  "emotional_mental_health",
  "conduct_behaviour",
  "learning_sen",
  "disability",
  "sensory",
  "safeguarding",
  "family_stress",
  "early_years",
  NULL,
};

const char *const cs_ecm_names[] = {
  "be_healthy",         "stay_safe", "enjoy_achieve", "positive_contribution",
  "economic_wellbeing", NULL,
};

const char *const cs_sector_names[]
    = { "health", "education", "social_care", NULL };

const char *const cs_tier_names[]
    = { "universal", "targeted", "specialist", NULL };

const char *const cs_noticer_names[]
    = { "school_staff", "health", "social_worker", "parents", NULL };

const char *const cs_outside_names[]
    = { "pre_school", "excluded", "home_educated", "looked_after_out_of_area",
        NULL };

const char *const cs_school_type_names[]
    = { "primary", "secondary", "special", NULL };

const char *const cs_setting_names[]
    = { "school", "community", "clinic", "home", NULL };

const char *const cs_waiting_names[] = { "fifo", "stage", NULL };

const char *const cs_access_names[] = { "referral", "open", NULL };

const char *const cs_cycle_stage_names[] = {
  "needs_analysis",
  "best_value",
  "resource_mapping",
  "gap_analysis",
  "priority_setting",
  "service_redesign",
  "specification",
  "procurement",
  "contracting",
  "monitoring",
  NULL,
};

G_STATIC_ASSERT (G_N_ELEMENTS (cs_sex_names) == CS_N_SEXES + 1);
G_STATIC_ASSERT (G_N_ELEMENTS (cs_domain_names) == CS_N_DOMAINS + 1);
G_STATIC_ASSERT (G_N_ELEMENTS (cs_ecm_names) == CS_N_ECM + 1);
G_STATIC_ASSERT (G_N_ELEMENTS (cs_sector_names) == CS_N_SECTORS + 1);
G_STATIC_ASSERT (G_N_ELEMENTS (cs_tier_names) == CS_N_TIERS + 1);
G_STATIC_ASSERT (G_N_ELEMENTS (cs_noticer_names) == CS_N_NOTICERS + 1);
G_STATIC_ASSERT (G_N_ELEMENTS (cs_outside_names) == CS_N_OUTSIDE + 1);
G_STATIC_ASSERT (G_N_ELEMENTS (cs_school_type_names) == CS_N_SCHOOL_TYPES + 1);
G_STATIC_ASSERT (G_N_ELEMENTS (cs_setting_names) == CS_N_SETTINGS + 1);
G_STATIC_ASSERT (G_N_ELEMENTS (cs_waiting_names) == CS_N_WAITINGS + 1);
G_STATIC_ASSERT (G_N_ELEMENTS (cs_access_names) == CS_N_ACCESSES + 1);
G_STATIC_ASSERT (G_N_ELEMENTS (cs_cycle_stage_names) == CS_N_CYCLE_STAGES + 1);

int
cs_name_index (const char *const *names, const char *name)
{
  g_return_val_if_fail (names != NULL, -1);
  if (!name)
    return -1;
  for (int i = 0; names[i]; i++)
    if (strcmp (names[i], name) == 0)
      return i;
  return -1;
}

/* ---- Life of a CsParams -------------------------------------------------- */

CsParams *
cs_params_new (void)
{
  CsParams *params = g_new0 (CsParams, 1);

  params->pool = g_string_chunk_new (4096);
  return params;
}

const char *
cs_params_intern (CsParams *params, const char *s)
{
  g_return_val_if_fail (params != NULL, NULL);
  if (!s)
    return NULL;
  return g_string_chunk_insert_const (params->pool, s);
}

void
cs_arrangement_copy (CsArrangement *dst, const CsArrangement *src)
{
  *dst = *src;
  dst->localities = g_memdup2 (src->localities,
                               src->n_localities * sizeof *src->localities);
  dst->members
      = g_memdup2 (src->members, src->n_members * sizeof *src->members);
  sim_dist_copy (&dst->procurement.tender_days.dist,
                 &src->procurement.tender_days.dist);
  sim_dist_copy (&dst->procurement.contract_years.dist,
                 &src->procurement.contract_years.dist);
  for (guint s = 0; s < CS_N_CYCLE_STAGES; s++)
    sim_dist_copy (&dst->cycle[s].days.dist, &src->cycle[s].days.dist);
}

void
cs_arrangement_clear (CsArrangement *arr)
{
  g_free (arr->localities);
  g_free (arr->members);
  sim_dist_clear (&arr->procurement.tender_days.dist);
  sim_dist_clear (&arr->procurement.contract_years.dist);
  for (guint s = 0; s < CS_N_CYCLE_STAGES; s++)
    sim_dist_clear (&arr->cycle[s].days.dist);
}

void
cs_params_free (CsParams *params)
{
  if (!params)
    return;
  for (guint i = 0; i < params->n_services; i++)
    sim_dist_clear (&params->services[i].episode_days.dist);
  for (guint i = 0; i < params->n_arrangements; i++)
    cs_arrangement_clear (&params->arrangements[i]);
  sim_dist_clear (&params->life.exclusion_days.dist);
  sim_dist_clear (&params->sen.assessment_days.dist);
  sim_dist_clear (&params->life.care_days.dist);
  g_free (params->localities);
  g_free (params->schools);
  g_free (params->services);
  g_free (params->partners);
  g_free (params->providers);
  g_free (params->arrangements);
  if (params->pool)
    g_string_chunk_free (params->pool);
  g_free (params);
}

/* ---- Lookups by id ------------------------------------------------------- */

/* Linear search over an array of structs whose first member is the id. */
static guint
find_id (gconstpointer base, guint n, gsize size, const char *id)
{
  const char *p = base;

  for (guint i = 0; i < n; i++)
    {
      const char *const *elem_id = (const char *const *)(p + i * size);
      if (*elem_id && id && strcmp (*elem_id, id) == 0)
        return i;
    }
  return CS_NONE;
}

G_STATIC_ASSERT (offsetof (CsLocality, id) == 0);
G_STATIC_ASSERT (offsetof (CsSchool, id) == 0);
G_STATIC_ASSERT (offsetof (CsService, id) == 0);
G_STATIC_ASSERT (offsetof (CsPartner, id) == 0);
G_STATIC_ASSERT (offsetof (CsProvider, id) == 0);
G_STATIC_ASSERT (offsetof (CsArrangement, id) == 0);

#define FIND(arr, n, id) find_id ((arr), (n), sizeof *(arr), (id))

guint
cs_params_find_locality (const CsParams *params, const char *id)
{
  return FIND (params->localities, params->n_localities, id);
}

guint
cs_params_find_school (const CsParams *params, const char *id)
{
  return FIND (params->schools, params->n_schools, id);
}

guint
cs_params_find_service (const CsParams *params, const char *id)
{
  return FIND (params->services, params->n_services, id);
}

guint
cs_params_find_partner (const CsParams *params, const char *id)
{
  return FIND (params->partners, params->n_partners, id);
}

guint
cs_params_find_provider (const CsParams *params, const char *id)
{
  return FIND (params->providers, params->n_providers, id);
}

guint
cs_params_find_arrangement (const CsParams *params, const char *id)
{
  return FIND (params->arrangements, params->n_arrangements, id);
}

gboolean
cs_school_takes (const CsSchool *s, guint age)
{
  return age >= s->age_min.value && age <= s->age_max.value;
}

/* ---- Resizing an area ---------------------------------------------------- */

double
cs_params_children (const CsParams *p)
{
  double sum = 0.0;

  for (guint l = 0; l < p->n_localities; l++)
    for (guint a = 0; a < CS_N_AGES; a++)
      sum += p->localities[l].children[a].value;
  return sum;
}

/* How a resize sets a value's source: `source` for every value, or, with
 * `note`, the value's own source followed by the note. */
typedef struct
{
  CsParams *p;
  const char *source;
  const char *note;
} Resize;

static const char *
resized_source (const Resize *r, const char *old)
{
  g_autofree char *s = NULL;

  if (!r->note)
    return r->source;
  s = g_strdup_printf ("%s; %s", old ? old : "(no source given)", r->note);
  return cs_params_intern (r->p, s);
}

/* x scaled by k, rounded, at least `floor_at` when x was positive. */
static void
scale_count (const Resize *r, CsNum *x, double k, double floor_at)
{
  double v = round (x->value * k);

  if (x->value > 0 && v < floor_at)
    v = floor_at;
  x->value = v;
  x->source = resized_source (r, x->source);
}

static void
scale_money (const Resize *r, CsNum *x, double k)
{
  x->value *= k;
  x->source = resized_source (r, x->source);
}

static void
scale_population (const Resize *r, double k)
{
  CsParams *p = r->p;

  for (guint l = 0; l < p->n_localities; l++)
    for (guint a = 0; a < CS_N_AGES; a++)
      scale_count (r, &p->localities[l].children[a], k, 0.0);
  for (guint s = 0; s < p->n_schools; s++)
    {
      scale_count (r, &p->schools[s].roll, k, 1.0);
      scale_money (r, &p->schools[s].budget_gbp_per_year, k);
    }
  for (guint o = 0; o < CS_N_OUTSIDE; o++)
    if (p->area.outside[o].unit == CS_AMOUNT_COUNT)
      {
        p->area.outside[o].value = round (p->area.outside[o].value * k);
        p->area.outside[o].source
            = resized_source (r, p->area.outside[o].source);
      }
}

static void
scale_services (const Resize *r, double k)
{
  CsParams *p = r->p;

  for (guint i = 0; i < p->n_services; i++)
    scale_count (r, &p->services[i].places, k, 1.0);
  for (guint i = 0; i < p->n_partners; i++)
    for (guint s = 0; s < CS_N_SECTORS; s++)
      scale_money (r, &p->partners[i].budget_gbp_per_year[s], k);
  for (guint i = 0; i < p->n_providers; i++)
    scale_count (r, &p->providers[i].capacity, k, 1.0);
}

void
cs_params_resize (CsParams *p, double k, const char *source)
{
  const Resize r = { p, source, NULL };

  scale_population (&r, k);
  scale_services (&r, k);
}

void
cs_params_resize_noted (CsParams *p, double k, const char *note)
{
  const Resize r = { p, NULL, note };

  scale_population (&r, k);
  scale_services (&r, k);
}
