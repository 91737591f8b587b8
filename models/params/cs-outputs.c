/* cs-outputs.c: the names of the result rows (see cs-outputs.h). */
#include "config.h"

#include <math.h>
#include <string.h>

#include "models/params/cs-outputs.h"

const char *const cs_out_quintile_groups[CS_OUT_N_QUINTILES]
    = { "deprivation_q1", "deprivation_q2", "deprivation_q3", "deprivation_q4",
        "deprivation_q5" };

const char *const cs_out_tier_groups[CS_N_TIERS]
    = { "tier:universal", "tier:targeted", "tier:specialist" };

const char *const cs_out_sector_spend[CS_N_SECTORS]
    = { "spend_health_gbp", "spend_education_gbp", "spend_social_care_gbp" };

const char *const cs_out_ecm_measures[CS_N_ECM] = {
  CS_OUT_ECM_BE_HEALTHY,         CS_OUT_ECM_STAY_SAFE,
  CS_OUT_ECM_ENJOY_ACHIEVE,      CS_OUT_ECM_POSITIVE_CONTRIBUTION,
  CS_OUT_ECM_ECONOMIC_WELLBEING,
};

const char *const cs_out_ecm_titles[CS_N_ECM]
    = { "Be healthy", "Stay safe", "Enjoy and achieve",
        "Make a positive contribution", "Achieve economic well-being" };

gboolean
cs_out_measure_adds_up (const char *measure)
{
  static const char *const suffixes[]
      = { "_share",     "_per_1000", "_per_1000_pupils",
          "_per_child", "_r",        "_days_mean" };
  static const char *const prefixes[]
      = { CS_OUT_ECM_PREFIX, "prevalence_", "stage_share_" };
  static const char *const names[]
      = { CS_OUT_REACH, "coverage", CS_OUT_UTILISATION };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    if (g_str_has_suffix (measure, suffixes[i]))
      return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (prefixes); i++)
    if (g_str_has_prefix (measure, prefixes[i]))
      return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (strcmp (measure, names[i]) == 0)
      return FALSE;
  return TRUE;
}

/* ---- measures for people ------------------------------------------------ */

typedef struct
{
  const char *measure, *label, *unit;
  CsOutBetter better;
  CsOutKind kind;
  gboolean total;
} MeasureEntry;

/* The measures a person reads first (tables, headlines, charts); the rest
 * get labels from their names (measure_words()). */
static const MeasureEntry measure_table[] = {
  { CS_OUT_REACH, "Reach (children with a need served for it)",
    "share of children", CS_OUT_BETTER_HIGHER, CS_OUT_KIND_SHARE, FALSE },
  { CS_OUT_UNMET_NEED_DAYS, "Days of unmet need", "child-days",
    CS_OUT_BETTER_LOWER, CS_OUT_KIND_NUMBER, TRUE },
  { CS_OUT_UNMET_NEED_DAYS_PER_CHILD, "Days of unmet need per child", "days",
    CS_OUT_BETTER_LOWER, CS_OUT_KIND_NUMBER, FALSE },
  { CS_OUT_WAITING_DAYS_MEAN, "Mean wait", "days", CS_OUT_BETTER_LOWER,
    CS_OUT_KIND_NUMBER, FALSE },
  { CS_OUT_SPEND_GBP, "Spend on services and commissioning", "pounds",
    CS_OUT_BETTER_NEITHER, CS_OUT_KIND_MONEY, TRUE },
  { CS_OUT_UNSPENT_GBP, "Money left unspent at the end", "pounds",
    CS_OUT_BETTER_NEITHER, CS_OUT_KIND_MONEY, FALSE },
  { CS_OUT_CHILDREN, "Children in the area", "children", CS_OUT_BETTER_NEITHER,
    CS_OUT_KIND_NUMBER, FALSE },
  { CS_OUT_CHILDREN_REACHED, "Children reached", "child-years",
    CS_OUT_BETTER_HIGHER, CS_OUT_KIND_NUMBER, TRUE },
  { CS_OUT_REFERRALS, "Referrals", "referrals", CS_OUT_BETTER_NEITHER,
    CS_OUT_KIND_NUMBER, TRUE },
  { CS_OUT_REFERRALS_WITHOUT_SERVICE, "Referrals no service took", "referrals",
    CS_OUT_BETTER_LOWER, CS_OUT_KIND_NUMBER, TRUE },
  { CS_OUT_SERVED, "Episodes started", "episodes", CS_OUT_BETTER_NEITHER,
    CS_OUT_KIND_NUMBER, TRUE },
  { CS_OUT_QUEUE_LENGTH_MEAN, "Mean waiting list", "referrals",
    CS_OUT_BETTER_LOWER, CS_OUT_KIND_NUMBER, FALSE },
  { CS_OUT_UTILISATION, "Utilisation of places", "share of places",
    CS_OUT_BETTER_NEITHER, CS_OUT_KIND_SHARE, FALSE },
  { "lapsed", "Referrals closed after waiting too long", "referrals",
    CS_OUT_BETTER_LOWER, CS_OUT_KIND_NUMBER, TRUE },
  { "declined", "Referrals declined by rationing", "referrals",
    CS_OUT_BETTER_LOWER, CS_OUT_KIND_NUMBER, TRUE },
  { "exclusions", "Permanent exclusions", "pupils", CS_OUT_BETTER_LOWER,
    CS_OUT_KIND_NUMBER, TRUE },
  { "exclusions_per_1000_pupils", "Permanent exclusions",
    "per 1,000 pupils a year", CS_OUT_BETTER_LOWER, CS_OUT_KIND_NUMBER, FALSE },
  { "children_in_need_per_1000", "Children in need", "per 1,000 children",
    CS_OUT_BETTER_NEITHER, CS_OUT_KIND_NUMBER, FALSE },
  { "children_in_need_served_share", "Children in need with a service",
    "share of children in need", CS_OUT_BETTER_HIGHER, CS_OUT_KIND_SHARE,
    FALSE },
  { "looked_after_per_1000", "Looked-after children", "per 1,000 children",
    CS_OUT_BETTER_NEITHER, CS_OUT_KIND_NUMBER, FALSE },
  { "escalations_to_stage4", "Needs escalating to the highest stage", "needs",
    CS_OUT_BETTER_LOWER, CS_OUT_KIND_NUMBER, TRUE },
  { "coverage", "Coverage (children served)", "share of children",
    CS_OUT_BETTER_NEITHER, CS_OUT_KIND_SHARE, FALSE },
  { "served_share", "Children with a need served for it", "share of children",
    CS_OUT_BETTER_HIGHER, CS_OUT_KIND_SHARE, FALSE },
  { "statements_on_time", "Statements issued within the deadline", "children",
    CS_OUT_BETTER_HIGHER, CS_OUT_KIND_NUMBER, TRUE },
};

static const char *const share_suffixes[] = { "_share" };
static const char *const share_prefixes[] = { "prevalence_", "stage_share_" };
static const char *const share_names[]
    = { CS_OUT_REACH, "coverage", CS_OUT_UTILISATION,
        CS_OUT_JOINTLY_COMMISSIONED };

static gboolean
in_list (const char *const *v, guint n, const char *s)
{
  for (guint i = 0; i < n; i++)
    if (strcmp (v[i], s) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
is_share (const char *measure)
{
  for (guint i = 0; i < G_N_ELEMENTS (share_suffixes); i++)
    if (g_str_has_suffix (measure, share_suffixes[i]))
      return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (share_prefixes); i++)
    if (g_str_has_prefix (measure, share_prefixes[i]))
      return TRUE;
  return in_list (share_names, G_N_ELEMENTS (share_names), measure);
}

/* Labels made from names ("school_moves_per_1000_pupils" -> "School moves
 * per 1000 pupils"), interned so that they live as long as the program. */
static const char *
measure_words (const char *measure)
{
  g_autoptr (GString) s = g_string_new (measure);

  if (g_str_has_prefix (s->str, "prevalence_"))
    {
      g_string_erase (s, 0, strlen ("prevalence_"));
      g_string_append (s, ": children with the need");
    }
  if (g_str_has_suffix (s->str, "_gbp"))
    g_string_truncate (s, s->len - strlen ("_gbp"));
  g_strdelimit (s->str, "_", ' ');
  if (s->len > 0)
    s->str[0] = g_ascii_toupper (s->str[0]);
  return g_intern_string (s->str);
}

void
cs_out_measure_info (const char *measure, CsOutMeasureInfo *info)
{
  guint e;

  g_assert (measure && info);
  *info = (CsOutMeasureInfo){ .label = measure,
                              .unit = "",
                              .better = CS_OUT_BETTER_NEITHER,
                              .kind = CS_OUT_KIND_NUMBER,
                              .min = 0.0,
                              .max = INFINITY,
                              .total = FALSE };
  for (e = 0; e < CS_N_ECM; e++)
    if (strcmp (measure, cs_out_ecm_measures[e]) == 0)
      {
        info->label = cs_out_ecm_titles[e];
        info->unit = "sd";
        info->better = CS_OUT_BETTER_HIGHER;
        info->kind = CS_OUT_KIND_SCORE;
        info->min = -INFINITY;
        return;
      }
  for (e = 0; e < G_N_ELEMENTS (measure_table); e++)
    if (strcmp (measure, measure_table[e].measure) == 0)
      break;
  if (e < G_N_ELEMENTS (measure_table))
    {
      info->label = measure_table[e].label;
      info->unit = measure_table[e].unit;
      info->better = measure_table[e].better;
      info->kind = measure_table[e].kind;
      info->total = measure_table[e].total;
    }
  else
    info->label = measure_words (measure);
  if (g_str_has_prefix (measure, CS_OUT_ECM_PREFIX))
    {
      /* ecm_<outcome>_change_per_million_gbp and the like */
      info->kind = CS_OUT_KIND_SCORE;
      info->min = -INFINITY;
    }
  else if (is_share (measure))
    {
      info->kind = CS_OUT_KIND_SHARE;
      /* Utilisation is a share of the places of the moment: above 1 when
       * commissioners cut places below those in use, or an open
       * service's places below those its school year's reach was drawn
       * for. */
      info->max = strcmp (measure, CS_OUT_UTILISATION) == 0 ? INFINITY : 1.0;
      if (!*info->unit)
        info->unit = "share";
    }
  else if (g_str_has_suffix (measure, "_gbp"))
    {
      /* money can be negative: a deficit, a carry-over owed */
      info->kind = CS_OUT_KIND_MONEY;
      info->min = -INFINITY;
      if (!*info->unit)
        info->unit = "pounds";
    }
  else if (g_str_has_suffix (measure, "_r"))
    {
      info->min = -1.0;
      info->max = 1.0;
      if (!*info->unit)
        info->unit = "correlation";
    }
}

void
cs_out_measure_bounds (const char *measure, double *min, double *max)
{
  CsOutMeasureInfo info;

  cs_out_measure_info (measure, &info);
  *min = info.min;
  *max = info.max;
}

char *
cs_out_group_label (const char *group)
{
  static const char *const names[][2] = {
    { CS_OUT_GROUP_ALL, "All children" },
    { CS_OUT_GROUP_POOLED, "Pooled funds" },
    { CS_OUT_GROUP_ADDITIONAL_NEEDS, "Children with additional needs" },
    { CS_OUT_GROUP_LOOKED_AFTER, "Looked-after children" },
    { CS_OUT_GROUP_EXCLUDED, "Excluded children" },
    { CS_OUT_GROUP_SEN, "Children with SEN" },
    { CS_OUT_GROUP_DISABLED, "Disabled children" },
    { "tier:universal", "Universal services" },
    { "tier:targeted", "Targeted services" },
    { "tier:specialist", "Specialist services" },
  };
  static const char *const prefixes[][2] = {
    { CS_OUT_SECTOR_PREFIX, "Sector " },
    { CS_OUT_PARTNER_PREFIX, "Partner " },
    { CS_OUT_SERVICE_PREFIX, "Service " },
  };
  char *s;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (strcmp (group, names[i][0]) == 0)
      return g_strdup (names[i][1]);
  for (guint q = 0; q < CS_OUT_N_QUINTILES; q++)
    if (strcmp (group, cs_out_quintile_groups[q]) == 0)
      return g_strdup_printf ("Deprivation Q%u%s", q + 1,
                              q == 0 ? " (most deprived)"
                              : q == CS_OUT_N_QUINTILES - 1
                                  ? " (least deprived)"
                                  : "");
  for (guint i = 0; i < G_N_ELEMENTS (prefixes); i++)
    if (g_str_has_prefix (group, prefixes[i][0]))
      {
        s = g_strconcat (prefixes[i][1], group + strlen (prefixes[i][0]), NULL);
        g_strdelimit (s, "_", ' ');
        return s;
      }
  s = g_strdup (group);
  g_strdelimit (s, "_", ' ');
  return s;
}
