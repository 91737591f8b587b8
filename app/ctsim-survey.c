/* ctsim-survey.c: `ctsim survey [SCENARIO]`: reproduce the 2004 survey of the
 * children's trust pathfinders (issue 7, docs/survey.md).
 *
 * For replication r (0-based) and pathfinder a of N, the scenario's
 * generator draws the pathfinder's characteristics from streams keyed by
 * (seed, r, purpose, a) and builds its area parameters; the area model
 * then runs it as engine replication r x N + a (so every pathfinder of
 * every replication has its own streams, and replication r of any
 * variant of the scenario uses the same ones: common random numbers).
 * Runs are spread over `jobs` threads that take indices in increasing
 * order, as sim-runner.c does (the calling thread and jobs - 1 others,
 * all joined before returning); each result is stored at its index, so
 * every output is byte-identical for any --jobs.  If runs fail, the
 * error of the lowest failing index is returned.
 *
 * The published figures come from the CSV the scenario names
 * (<pathfinders published="...">), looked for beside the scenario file,
 * then in the shipped scenarios folder; it is read as untrusted input
 * (at most 1 MiB, one record a line, every mistake one message naming
 * the file and line, no content echoed).
 *
 * A scenario with a <sweep> is surveyed point by point, each point loaded
 * with its sets (cs_scenario_load_sweep_point) and surveyed exactly as a
 * plain survey with the same seed, into a complete folder point-N inside
 * the sweep's folder; the top of it gets the points' rows side by side.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "models/area/cs-area.h"
#include "models/params/cs-outputs.h"
#include "models/params/cs-xml.h"
#include "app/ctsim-data.h"
#include "app/ctsim-codebook.h"
#include "app/ctsim-manifest.h"
#include "app/ctsim-published.h"
#include "app/ctsim-report.h"
#include "app/ctsim-setup.h"
#include "app/ctsim-survey.h"
#include "app/ctsim-sweep.h"
#include "app/ctsim-table.h"
#include "sim/sim-engine.h"
#include "sim/sim-error.h"
#include "sim/sim-fit.h"
#include "sim/sim-ranks.h"
#include "sim/sim-stats.h"

#define DEFAULT_SCENARIO "pathfinders-2004"

/* ---- items ------------------------------------------------------------ */

static void
item_free (gpointer data)
{
  CtsimSurveyItem *it = data;

  g_free (it->item);
  g_free (it->sector);
  g_free (it->label);
  g_free (it->published_source);
  g_free (it->published_name);
  g_free (it->values);
  g_free (it);
}

static CtsimSurveyItem *
add_item (CtsimSurvey *s, const char *item, const char *sector,
          const char *label, const char *group, const char *measure)
{
  CtsimSurveyItem *it = g_new0 (CtsimSurveyItem, 1);

  it->item = g_strdup (item);
  it->sector = g_strdup (sector);
  it->label = g_strdup (label);
  it->group = g_intern_string (group);
  it->measure = g_intern_string (measure);
  it->published = NAN;
  it->values = g_new (double, MAX (1u, s->set.replications));
  for (guint r = 0; r < s->set.replications; r++)
    it->values[r] = NAN;
  g_ptr_array_add (s->items, it);
  return it;
}

/* The items, in survey.csv order: the headline figures, the tiers'
 * shares, the association with the focus, then one per service. */
static void
make_items (CtsimSurvey *s)
{
  const CsPathfinders *pf = s->pf;
  static const char *const groups[][2] = {
    { "specific", "pathfinders focused on specific groups of children" },
    { "all", "pathfinders covering all children's services" },
    { "other", "other pathfinders (early intervention, schools)" },
  };

  s->items = g_ptr_array_new_with_free_func (item_free);
  add_item (s, "pathfinders_jointly_commissioning", "all",
            "Pathfinders jointly commissioning", "all",
            "pathfinders_jointly_commissioning");
  for (guint k = 0; k < CS_N_SECTORS; k++)
    {
      const guint order[]
          = { CS_SECTOR_SOCIAL_CARE, CS_SECTOR_HEALTH, CS_SECTOR_EDUCATION };
      const char *sec = cs_sector_names[order[k]];
      g_autofree char *words = g_strdelimit (g_strdup (sec), "_", ' ');
      g_autofree char *label = g_strdup_printf (
          "Pathfinders with a jointly commissioned %s service", words);
      g_autofree char *group = g_strdup_printf ("sector:%s", sec);
      add_item (s, "pathfinders_with_joint_service", sec, label, group,
                "pathfinders_with_joint_service");
    }
  for (guint d = 0; s->n_dates > 1 && d < s->n_dates; d++)
    {
      const guint order[]
          = { CS_SECTOR_SOCIAL_CARE, CS_SECTOR_HEALTH, CS_SECTOR_EDUCATION };
      g_autofree char *m = g_strdup_printf ("%g", s->date_months[d]);
      g_autofree char *item
          = g_strdup_printf ("pathfinders_jointly_commissioning:months=%s", m);
      g_autofree char *label = g_strdup_printf (
          "Pathfinders jointly commissioning, %s months after selection", m);
      g_autofree char *group = g_strdup_printf ("months:%s", m);
      add_item (s, item, "all", label, group,
                "pathfinders_jointly_commissioning");
      for (guint k = 0; k < CS_N_SECTORS; k++)
        {
          const char *sec = cs_sector_names[order[k]];
          g_autofree char *it
              = g_strdup_printf ("pathfinders_with_joint_service:months=%s", m);
          g_autofree char *words = g_strdelimit (g_strdup (sec), "_", ' ');
          g_autofree char *lab
              = g_strdup_printf ("Pathfinders with a jointly commissioned %s "
                                 "service, %s months after selection",
                                 words, m);
          g_autofree char *grp
              = g_strdup_printf ("months:%s/sector:%s", m, sec);
          add_item (s, it, sec, lab, grp, "pathfinders_with_joint_service");
        }
    }
  for (guint t = 0; t < CS_N_TIERS; t++)
    {
      g_autofree char *item
          = g_strdup_printf ("%s_share_of_joint_services", cs_tier_names[t]);
      g_autofree char *label = g_strdup_printf (
          "Share of jointly commissioned services: %s", cs_tier_names[t]);
      g_autofree char *group = g_strdup_printf ("tier:%s", cs_tier_names[t]);
      add_item (s, item, "all", label, group, "share_of_joint_services");
    }
  for (guint g = 0; g < G_N_ELEMENTS (groups); g++)
    {
      g_autofree char *item = g_strdup_printf (
          "share_jointly_commissioning:group=%s", groups[g][0]);
      g_autofree char *label
          = g_strdup_printf ("Share jointly commissioning: %s", groups[g][1]);
      g_autofree char *group = g_strdup_printf ("focus_group:%s", groups[g][0]);
      add_item (s, item, "all", label, group, "share_jointly_commissioning");
    }
  for (guint d = 0; s->n_dates > 1 && d < s->n_dates; d++)
    for (guint g = 0; g < G_N_ELEMENTS (groups); g++)
      {
        g_autofree char *m = g_strdup_printf ("%g", s->date_months[d]);
        g_autofree char *item = g_strdup_printf (
            "share_jointly_commissioning:group=%s:months=%s", groups[g][0], m);
        g_autofree char *label
            = g_strdup_printf ("Share jointly commissioning: %s, %s months "
                               "after selection",
                               groups[g][1], m);
        g_autofree char *group
            = g_strdup_printf ("months:%s/focus_group:%s", m, groups[g][0]);
        add_item (s, item, "all", label, group, "share_jointly_commissioning");
      }
  for (guint k = 0; k < pf->n_foci; k++)
    {
      g_autofree char *item = g_strdup_printf (
          "share_jointly_commissioning:focus=%s", pf->foci[k].id);
      g_autofree char *label = g_strdup_printf (
          "Share jointly commissioning: focus %s", pf->foci[k].id);
      g_autofree char *group = g_strdup_printf ("focus:%s", pf->foci[k].id);
      add_item (s, item, "all", label, group, "share_jointly_commissioning");
    }
  for (guint i = 0; i < s->base->n_services; i++)
    {
      const CsService *sv = &s->base->services[i];
      g_autofree char *item = g_strdup_printf ("service:%s", sv->id);
      add_item (s, item, cs_sector_names[sv->sector], sv->name, item,
                "pathfinders_reporting");
    }
}

CtsimSurveyItem *
ctsim_survey_find_item (const CtsimSurvey *s, const char *item,
                        const char *sector)
{
  for (guint k = 0; k < s->items->len; k++)
    {
      CtsimSurveyItem *it = s->items->pdata[k];
      if (strcmp (it->item, item) == 0 && strcmp (it->sector, sector) == 0)
        return it;
    }
  return NULL;
}

/* ---- published figures -------------------------------------------------- */

/* A parsed record against the survey's items: each item at most once. */
static gboolean
published_record (CtsimSurvey *s, const char *path,
                  const CtsimPublishedRecord *r, GError **error)
{
  CtsimSurveyItem *it = ctsim_survey_find_item (s, r->item, r->sector);

  if (!it) /* the file's text is not echoed (see the file comment) */
    {
      g_set_error (error, SIM_ERROR, SIM_ERROR_DATA,
                   "%s:%u: no survey item with this item and sector "
                   "(expected an item and sector of survey.csv; "
                   "docs/survey.md)",
                   path, r->line);
      return FALSE;
    }
  if (!isnan (it->published) || it->published_source)
    {
      g_set_error (error, SIM_ERROR, SIM_ERROR_DATA,
                   "%s:%u: a second record for this item (expected each "
                   "item once)",
                   path, r->line);
      return FALSE;
    }
  it->published = r->published;
  it->published_name = g_strdup (r->name);
  it->published_source = g_strdup (r->source);
  return TRUE;
}

/* The published figures' file: beside the scenario (its folder or below)
 * if there, else in the shipped scenarios folder; both under the policy
 * of cs_xml_named_file().  NULL and error when the name leaves them. */
static char *
find_published (const CtsimSurvey *s, GError **error)
{
  const char *name = s->pf->published;
  const char *path = cs_scenario_path (s->sc);
  g_autofree char *top = g_path_get_dirname (path);
  g_autofree char *shipped
      = g_build_filename (ctsim_data_dir (), "scenarios", NULL);
  g_autofree char *in_shipped = g_build_filename (shipped, "x", NULL);
  g_autofree char *why = NULL;
  char *target = NULL;

  if (cs_xml_named_file (top, path, name, &target, &why)
      && g_file_test (target, G_FILE_TEST_IS_REGULAR))
    return target;
  g_clear_pointer (&target, g_free);
  g_clear_pointer (&why, g_free);
  if (cs_xml_named_file (shipped, in_shipped, name, &target, &why))
    return target;
  g_set_error (error, SIM_ERROR, SIM_ERROR_DATA,
               "%s: published file '%s': %s (expected a CSV file beside the "
               "scenario or in the shipped scenarios folder)",
               path, name, why);
  return NULL;
}

static gboolean
read_published (CtsimSurvey *s, GError **error)
{
  g_autofree char *text = NULL;
  g_autoptr (GPtrArray) records = NULL;
  g_autoptr (GError) e = NULL;
  gsize len = 0;

  if (!s->pf->published)
    return TRUE;
  s->published_path = find_published (s, error);
  if (!s->published_path)
    return FALSE;
  if (!cs_read_file_at_most (s->published_path, CTSIM_PUBLISHED_MAX_BYTES,
                             &text, &len, &e))
    {
      if (e->code == SIM_ERROR_DATA) /* too large: said by the parser */
        len = CTSIM_PUBLISHED_MAX_BYTES + 1;
      else
        {
          g_set_error (error, SIM_ERROR, SIM_ERROR_NOINPUT,
                       "%s: cannot read the published figures named by the "
                       "scenario (%s; expected a CSV file beside the "
                       "scenario or in the shipped scenarios folder)",
                       s->published_path, e->message);
          return FALSE;
        }
    }
  records = ctsim_published_parse (s->published_path, text, len, error);
  if (!records)
    return FALSE;
  s->published_sha256
      = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (guchar *)text, len);
  for (guint i = 0; i < records->len; i++)
    if (!published_record (s, s->published_path, records->pdata[i], error))
      return FALSE;
  return TRUE;
}

/* ---- running the pathfinders -------------------------------------------- */

/* Whether a service first jointly commissioned on day `day` (NAN:
 * never) was jointly commissioned by the survey date `date`: a joint
 * contract for it was live at some time between the selection and the
 * date (EPS: a contract that starts on the date itself counts). */
static gboolean
joint_by (double day, double date)
{
  return !isnan (day) && day <= date + 1e-9;
}

/* When each service was first jointly commissioned, from one run's
 * whole-run rows, and what that makes at each survey date. */
static void
read_joint (const CtsimSurvey *s, SimResults *res, CtsimSurveyArea *out)
{
  const CsParams *base = s->base;
  const char *measure = g_intern_static_string (CS_OUT_JOINT_FROM_DAY);

  out->joint = g_new0 (guint8, MAX (1u, base->n_services));
  out->joint_day = g_new (double, MAX (1u, base->n_services));
  for (guint i = 0; i < base->n_services; i++)
    out->joint_day[i] = NAN;
  for (gsize k = 0; k < sim_results_len (res); k++)
    {
      const SimResultRow *row = sim_results_row (res, k);
      guint i;
      if (row->year != SIM_YEAR_ALL || row->measure != measure
          || !g_str_has_prefix (row->group, CS_OUT_SERVICE_PREFIX))
        continue;
      i = cs_params_find_service (base,
                                  row->group + strlen (CS_OUT_SERVICE_PREFIX));
      if (i != CS_NONE)
        out->joint_day[i] = row->value;
    }
  for (guint i = 0; i < base->n_services; i++)
    {
      for (guint d = 0; d < s->n_dates; d++)
        out->n_joint_at[d] += joint_by (out->joint_day[i], s->date_days[d]);
      out->joint[i]
          = joint_by (out->joint_day[i], s->date_days[s->n_dates - 1]);
      out->n_joint += out->joint[i];
    }
}

/* The rows the survey reads from a pathfinder's run: when each service
 * was first jointly commissioned. */
static SimResults *
joint_rows (SimResults *res)
{
  const char *measure = g_intern_static_string (CS_OUT_JOINT_FROM_DAY);
  SimResults *keep = sim_results_new ();

  for (gsize k = 0; k < sim_results_len (res); k++)
    {
      const SimResultRow *row = sim_results_row (res, k);
      if (row->year == SIM_YEAR_ALL && row->measure == measure
          && g_str_has_prefix (row->group, "service:"))
        sim_results_add (keep, row->year, row->group, row->measure, row->value);
    }
  return keep;
}

static SimResults *
run_one (CtsimSurvey *s, guint index, guint64 *events, GError **error)
{
  const CsRunSettings *run = cs_scenario_run_settings (s->sc);
  guint r = index / s->n_areas, a = index % s->n_areas;
  CsPathfinderArea area;
  SimRunConfig config = {
    .seed = s->set.seed,
    .replication = (guint32)index,
    .warmup_days = sim_years (run->warmup_years),
    .horizon_days = sim_years (run->warmup_years + run->years),
  };
  g_autoptr (CsParams) p = NULL;
  g_autoptr (SimEngine) eng = NULL;
  g_autoptr (SimResults) res = NULL;

  cs_pathfinders_draw (s->pf, s->set.seed, r, a, &area);
  p = cs_pathfinders_build (s->pf, s->base, &area);
  p->commissioning_rows_only = TRUE; /* joint_rows() keeps no other */
  /* Every (replication, pathfinder) is drawn once, unless the points of
   * a sweep draw the same areas again (common random numbers). */
  p->start_unshared = !s->sweep;
  eng = sim_engine_new (&cs_area_model, p, &config, error);
  if (!eng)
    return NULL;
  res = sim_results_new ();
  if (!sim_engine_run (eng, res, error))
    return NULL;
  *events = sim_engine_events (eng);
  return joint_rows (res);
}

/* Work item index (sim_ranks_work): replication index / n_areas of
 * pathfinder index % n_areas; its jointly-commissioned rows. */
static SimResults *
survey_item (guint index, gpointer data, guint64 *events, GError **error)
{
  CtsimSurvey *s = data;
  SimResults *res = run_one (s, index, events, error);

  if (!res)
    g_prefix_error (error,
                    "replication %u, pathfinder %u: ", index / s->n_areas,
                    index % s->n_areas + 1);
  return res;
}

/* Run every (replication, pathfinder); under mpirun the items are split
 * over the ranks and rank 0 alone gets s->areas filled. */
static gboolean
run_all (CtsimSurvey *s, gboolean quiet, GError **error)
{
  guint total = s->set.replications * s->n_areas;
  g_autoptr (CtsimProgress) progress = ctsim_progress_new (total, quiet);
  SimRanksSpec work = {
    .n = total,
    .jobs = MAX (1u, s->set.jobs),
    .func = survey_item,
    .user_data = s,
    .progress = ctsim_progress_update,
    .progress_data = progress,
  };
  g_autofree SimResults **res = g_new0 (SimResults *, MAX (1u, total));
  gint64 start = g_get_monotonic_time ();
  gboolean ok;

  s->areas = g_new0 (CtsimSurveyArea, MAX (1u, total));
  ok = sim_ranks_work (&work, res, &s->events, error);
  for (guint i = 0; i < total && ok && sim_ranks_root (); i++)
    {
      cs_pathfinders_draw (s->pf, s->set.seed, i / s->n_areas, i % s->n_areas,
                           &s->areas[i].area);
      read_joint (s, res[i], &s->areas[i]);
    }
  for (guint i = 0; i < total; i++)
    sim_results_free (res[i]);
  s->wall_seconds = (double)(g_get_monotonic_time () - start) / 1e6;
  return ok;
}

/* ---- the figures ------------------------------------------------------- */

static void
set_value (CtsimSurvey *s, const char *item, const char *sector, guint r,
           double v)
{
  CtsimSurveyItem *it = ctsim_survey_find_item (s, item, sector);

  g_assert (it);
  it->values[r] = v;
}

static double
ratio (double num, double den)
{
  return den > 0 ? num / den : NAN;
}

/* The figures of replication r from its pathfinders at one survey date
 * (days after the selection). */
typedef struct
{
  double joint, sector[CS_N_SECTORS], tier[CS_N_TIERS], all;
  double *svc, *fj, *fn; /* per service; per focus (joint, all) */
} Figures;

static void
figures_at (const CtsimSurvey *s, guint r, double date, Figures *f)
{
  const CsParams *b = s->base;

  for (guint a = 0; a < s->n_areas; a++)
    {
      const CtsimSurveyArea *x = &s->areas[r * s->n_areas + a];
      gboolean in[CS_N_SECTORS] = { FALSE };
      guint n = 0;
      for (guint i = 0; i < b->n_services; i++)
        if (joint_by (x->joint_day[i], date))
          {
            n++;
            f->svc[i] += 1;
            in[b->services[i].sector] = TRUE;
            f->tier[b->services[i].tier] += 1;
            f->all += 1;
          }
      f->joint += n > 0;
      f->fn[x->area.focus] += 1;
      f->fj[x->area.focus] += n > 0;
      for (guint k = 0; k < CS_N_SECTORS; k++)
        f->sector[k] += in[k];
    }
}

/* The share jointly commissioning among the pathfinders whose focus is
 * in group g (a label for the survey's rows only). */
static double
group_share (const CtsimSurvey *s, const Figures *f, const char *g)
{
  double n = 0, j = 0;

  for (guint k = 0; k < s->pf->n_foci; k++)
    if (strcmp (s->pf->foci[k].group, g) == 0)
      {
        n += f->fn[k];
        j += f->fj[k];
      }
  return ratio (j, n);
}

static double
mean_over (const double *v, guint n)
{
  double sum = 0.0;
  guint k = 0;

  for (guint d = 0; d < n; d++)
    if (!isnan (v[d]))
      {
        sum += v[d];
        k++;
      }
  return k > 0 ? sum / k : NAN;
}

/* The figures of replication r: each date's, and their mean over the
 * window (a survey date that is uncertain within it). */
static void
figures (CtsimSurvey *s, guint r)
{
  const CsParams *b = s->base;
  const CsPathfinders *pf = s->pf;
  const char *const groups[] = { "specific", "all", "other" };
  const guint nd = s->n_dates;
  Figures f[CS_PF_MAX_SURVEY_DATES];
  double v[CS_PF_MAX_SURVEY_DATES];

  for (guint d = 0; d < nd; d++)
    {
      memset (&f[d], 0, sizeof f[d]);
      f[d].svc = g_new0 (double, MAX (1u, b->n_services));
      f[d].fj = g_new0 (double, pf->n_foci);
      f[d].fn = g_new0 (double, pf->n_foci);
      figures_at (s, r, s->date_days[d], &f[d]);
    }
#define OVER(expr)                                                             \
  do                                                                           \
    {                                                                          \
      for (guint d = 0; d < nd; d++)                                           \
        v[d] = (expr);                                                         \
    }                                                                          \
  while (0)
  OVER (f[d].joint);
  set_value (s, "pathfinders_jointly_commissioning", "all", r,
             mean_over (v, nd));
  for (guint k = 0; k < CS_N_SECTORS; k++)
    {
      OVER (f[d].sector[k]);
      set_value (s, "pathfinders_with_joint_service", cs_sector_names[k], r,
                 mean_over (v, nd));
    }
  for (guint d = 0; nd > 1 && d < nd; d++)
    {
      g_autofree char *item = g_strdup_printf (
          "pathfinders_jointly_commissioning:months=%g", s->date_months[d]);
      g_autofree char *sitem = g_strdup_printf (
          "pathfinders_with_joint_service:months=%g", s->date_months[d]);
      set_value (s, item, "all", r, f[d].joint);
      for (guint k = 0; k < CS_N_SECTORS; k++)
        set_value (s, sitem, cs_sector_names[k], r, f[d].sector[k]);
      for (guint g = 0; g < G_N_ELEMENTS (groups); g++)
        {
          g_autofree char *gitem = g_strdup_printf (
              "share_jointly_commissioning:group=%s:months=%g", groups[g],
              s->date_months[d]);
          set_value (s, gitem, "all", r, group_share (s, &f[d], groups[g]));
        }
    }
  for (guint t = 0; t < CS_N_TIERS; t++)
    {
      g_autofree char *item
          = g_strdup_printf ("%s_share_of_joint_services", cs_tier_names[t]);
      OVER (ratio (f[d].tier[t], f[d].all));
      set_value (s, item, "all", r, mean_over (v, nd));
    }
  for (guint g = 0; g < G_N_ELEMENTS (groups); g++)
    {
      g_autofree char *item
          = g_strdup_printf ("share_jointly_commissioning:group=%s", groups[g]);
      OVER (group_share (s, &f[d], groups[g]));
      set_value (s, item, "all", r, mean_over (v, nd));
    }
  for (guint k = 0; k < pf->n_foci; k++)
    {
      g_autofree char *item = g_strdup_printf (
          "share_jointly_commissioning:focus=%s", pf->foci[k].id);
      OVER (ratio (f[d].fj[k], f[d].fn[k]));
      set_value (s, item, "all", r, mean_over (v, nd));
    }
  for (guint i = 0; i < b->n_services; i++)
    {
      g_autofree char *item = g_strdup_printf ("service:%s", b->services[i].id);
      OVER (f[d].svc[i]);
      set_value (s, item, cs_sector_names[b->services[i].sector], r,
                 mean_over (v, nd));
    }
#undef OVER
  for (guint d = 0; d < nd; d++)
    {
      g_free (f[d].svc);
      g_free (f[d].fj);
      g_free (f[d].fn);
    }
}

static void
summarise (CtsimSurvey *s)
{
  guint nr = s->set.replications;
  g_autofree double *obs = g_new (double, s->items->len + 1);
  g_autofree double *sim = g_new (double, s->items->len + 1);

  s->reps = g_new0 (SimResults *, MAX (1u, nr));
  for (guint r = 0; r < nr; r++)
    {
      figures (s, r);
      s->reps[r] = sim_results_new ();
    }
  s->n_fit = 0;
  for (guint k = 0; k < s->items->len; k++)
    {
      CtsimSurveyItem *it = s->items->pdata[k];
      g_autofree double *x = g_new (double, MAX (1u, nr));
      for (guint r = 0; r < nr; r++)
        if (!isnan (it->values[r]))
          {
            x[it->n++] = it->values[r];
            sim_results_add (s->reps[r], SIM_YEAR_ALL, it->group, it->measure,
                             it->values[r]);
          }
      {
        double min, max; /* intervals in range (issue 18) */

        sim_measure_bounds (it->measure, &min, &max);
        sim_ci_bounded (x, it->n, 0.95, min, max, &it->mean, &it->ci_low,
                        &it->ci_high);
      }
      if (!isnan (it->published) && !isnan (it->mean))
        {
          obs[s->n_fit] = it->published;
          sim[s->n_fit++] = it->mean;
        }
    }
  s->mae = sim_fit_mae (obs, sim, s->n_fit);
  s->spearman = sim_fit_spearman (obs, sim, s->n_fit);
  {
    g_autofree double *io = g_new (double, s->items->len + 1);
    g_autofree double *is = g_new (double, s->items->len + 1);
    g_autofree double *oo = g_new (double, s->items->len + 1);
    g_autofree double *os = g_new (double, s->items->len + 1);

    s->n_in = s->n_out = 0;
    s->sum_out_published = s->sum_out_simulated = 0.0;
    for (guint k = 0; k < s->items->len; k++)
      {
        const CtsimSurveyItem *it = s->items->pdata[k];
        if (isnan (it->published) || isnan (it->mean))
          continue;
        if (g_str_has_prefix (it->item, "service:"))
          {
            oo[s->n_out] = it->published;
            os[s->n_out++] = it->mean;
            s->sum_out_published += it->published;
            s->sum_out_simulated += it->mean;
          }
        else
          {
            io[s->n_in] = it->published;
            is[s->n_in++] = it->mean;
          }
      }
    s->mae_in = sim_fit_mae (io, is, s->n_in);
    s->mae_out = sim_fit_mae (oo, os, s->n_out);
    s->spearman_out = sim_fit_spearman (oo, os, s->n_out);
  }
}

/* ---- the command --------------------------------------------------------- */

static void
survey_clear (CtsimSurvey *s)
{
  guint total = s->set.replications * s->n_areas;

  for (guint i = 0; s->areas && i < total; i++)
    {
      g_free (s->areas[i].joint);
      g_free (s->areas[i].joint_day);
    }
  g_free (s->areas);
  for (guint r = 0; s->reps && r < s->set.replications; r++)
    sim_results_free (s->reps[r]);
  g_free (s->reps);
  if (s->items)
    g_ptr_array_unref (s->items);
  g_free (s->published_path);
  g_free (s->published_sha256);
  cs_scenario_free (s->sc);
}

/* The survey's dates: the scenario's survey_months, each within the run
 * after the warm-up; none given, the end of the run. */
static gboolean
survey_dates (CtsimSurvey *s, GError **error)
{
  const CsRunSettings *run = cs_scenario_run_settings (s->sc);
  double months = run->years * 12.0;

  s->n_dates = MAX (1u, MIN (s->pf->n_survey_months, CS_PF_MAX_SURVEY_DATES));
  for (guint d = 0; d < s->n_dates; d++)
    {
      double m = s->pf->n_survey_months > 0 ? s->pf->survey_months[d] : months;
      if (m > months + 1e-9)
        {
          g_set_error (error, SIM_ERROR, SIM_ERROR_DATA,
                       "%s: <pathfinders survey_months>: %g months is after "
                       "the end of the run (expected at most <run years> x "
                       "12 = %g months after the selection)",
                       cs_scenario_path (s->sc), m, months);
          return FALSE;
        }
      s->date_months[d] = m;
      s->date_days[d] = m * SIM_DAYS_PER_YEAR / 12.0;
    }
  return TRUE;
}

/* What every survey needs once its scenario is loaded: the pathfinders,
 * the settings, the items and the published figures. */
static gboolean
prepare (CtsimSurvey *s, const CtsimOptions *opts, GError **error)
{
  s->pf = cs_scenario_pathfinders (s->sc);
  if (!s->pf)
    {
      g_set_error (error, SIM_ERROR, SIM_ERROR_DATA,
                   "%s: no <pathfinders> in this scenario (nothing to survey; "
                   "see docs/survey.md)",
                   cs_scenario_path (s->sc));
      return FALSE;
    }
  s->base = cs_scenario_params (s->sc);
  s->n_areas = s->pf->count;
  ctsim_settings_resolve (opts, s->sc, &s->set);
  if (!survey_dates (s, error))
    return FALSE;
  if ((guint64)s->set.replications * s->n_areas > G_MAXUINT32)
    {
      g_set_error (error, SIM_ERROR, SIM_ERROR_USAGE,
                   "survey: %u replications of %u pathfinders are too many "
                   "(expected at most %u runs in all)",
                   s->set.replications, s->n_areas, G_MAXUINT32);
      return FALSE;
    }
  make_items (s);
  return read_published (s, error);
}

static gboolean
load (CtsimSurvey *s, char **args, const CtsimOptions *opts, GError **error)
{
  if (args[0] && args[1])
    {
      g_set_error (error, SIM_ERROR, SIM_ERROR_USAGE,
                   "survey: expected at most one scenario, got '%s' and '%s'",
                   args[0], args[1]);
      return FALSE;
    }
  s->sc
      = ctsim_load_scenario (args[0] ? args[0] : DEFAULT_SCENARIO, opts, error);
  return s->sc && prepare (s, opts, error);
}

/* ---- a sweep of surveys ------------------------------------------------- */

typedef struct
{
  GString *survey, *fit; /* survey.csv and fit.csv with a point column */
  GPtrArray *table;      /* the terminal's rows (GStrv) */
  GArray *fig;           /* per point and chart series: mean, low, high */
  guint64 events;
  double wall_seconds;
} SweepOut;

static double
mean_of (const CtsimSurvey *s, const char *item, const char *sector)
{
  const CtsimSurveyItem *it = ctsim_survey_find_item (s, item, sector);

  return it ? it->mean : NAN;
}

static double
published_of (const CtsimSurvey *s, const char *item, const char *sector)
{
  const CtsimSurveyItem *it = ctsim_survey_find_item (s, item, sector);

  return it ? it->published : NAN;
}

/* Survey point i (from 0) of base's <sweep> into the folder point-N of
 * dir, and add its rows to out. */
static gboolean
sweep_point (const CsScenario *base, guint i, const CtsimOptions *opts,
             SimOutputDir *dir, SweepOut *out, GError **error)
{
  CtsimSurvey p = { 0 };
  g_autofree char *number = g_strdup_printf ("%u", i + 1);
  g_autofree char *name = g_strdup_printf ("point-%u", i + 1);
  g_autofree char *path
      = g_build_filename (sim_output_dir_tmp_path (dir), name, NULL);
  g_autoptr (SimOutputDir) sub = NULL;
  double f[CTSIM_SURVEY_SWEEP_SERIES][3];
  char **row;
  gboolean ok = FALSE;

  p.sweep = TRUE;
  p.sc = cs_scenario_load_sweep_point (base, i, error);
  if (!p.sc || !prepare (&p, opts, error) || !run_all (&p, opts->quiet, error))
    goto out;
  if (!sim_ranks_root ()) /* rank 0 writes (sim-ranks.h) */
    {
      ok = TRUE;
      goto out;
    }
  summarise (&p);
  sub = sim_output_dir_begin (path, error);
  if (!sub || !ctsim_survey_write (sub, &p, opts, error)
      || !sim_output_dir_commit (sub, error))
    goto out;
  ctsim_survey_csv_rows (out->survey, &p, number);
  ctsim_survey_fit_rows (out->fit, &p, number);
  out->events += p.events;
  out->wall_seconds += p.wall_seconds;
  /* the chart's series: the headline, then social care, health and
   * education (ctsim_survey_sweep_series); the table shows them too */
  for (guint k = 0; k < CTSIM_SURVEY_SWEEP_SERIES; k++)
    {
      const CtsimSurveyItem *it
          = ctsim_survey_find_item (&p, ctsim_survey_sweep_series[k].item,
                                    ctsim_survey_sweep_series[k].sector);
      f[k][0] = it ? it->mean : NAN;
      f[k][1] = it ? it->ci_low : NAN;
      f[k][2] = it ? it->ci_high : NAN;
    }
  g_array_append_vals (out->fig, f, 3 * CTSIM_SURVEY_SWEEP_SERIES);
  row = g_new0 (char *, 7);
  row[0] = g_strdup (number);
  row[1] = g_strdup (cs_scenario_sweep_label (base, i));
  row[2] = g_strdup_printf ("%.1f [%.1f, %.1f]", f[0][0], f[0][1], f[0][2]);
  row[3] = g_strdup_printf ("%.1f / %.1f / %.1f", f[1][0], f[2][0], f[3][0]);
  row[4] = g_strdup_printf (
      "%.2f / %.2f / %.2f",
      mean_of (&p, "share_jointly_commissioning:group=specific", "all"),
      mean_of (&p, "share_jointly_commissioning:group=all", "all"),
      mean_of (&p, "share_jointly_commissioning:group=other", "all"));
  row[5] = g_strdup_printf ("%.2f", p.mae);
  g_ptr_array_add (out->table, row);
  ok = TRUE;
out:
  if (!ok)
    g_prefix_error (error, "point %u (%s): ", i + 1,
                    cs_scenario_sweep_label (base, i));
  survey_clear (&p);
  return ok;
}

static char *
sweep_manifest (const CtsimSurvey *s, const CtsimOptions *opts,
                const SweepOut *out)
{
  g_autoptr (SimJson) j = sim_json_new ();
  guint n = cs_scenario_sweep_n_points (s->sc);

  ctsim_manifest_open (j, "survey", opts, &s->set, s->sc);
  sim_json_key (j, "pathfinders");
  sim_json_int (j, s->n_areas);
  sim_json_key (j, "points");
  sim_json_begin_array (j);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *folder = g_strdup_printf ("point-%u", i + 1);

      sim_json_begin_object (j);
      ctsim_manifest_sweep_point (j, s->sc, i);
      sim_json_key (j, "folder");
      sim_json_string (j, folder);
      sim_json_end_object (j);
    }
  sim_json_end_array (j);
  return ctsim_manifest_end (j, out->events, out->wall_seconds);
}

/* Every point of the scenario's <sweep> surveyed on common random numbers
 * (the same seed and replications), each into its own complete survey
 * folder point-N; at the top, survey.csv and fit.csv with a leading
 * `point` column, points.csv and manifest.json. */
static gboolean
survey_sweep (const CtsimSurvey *s, const CtsimOptions *opts, SimOutputDir *dir,
              const char *out_path, GError **error)
{
  guint n = cs_scenario_sweep_n_points (s->sc);
  SweepOut out = { 0 };
  g_autoptr (GString) points = ctsim_sweep_points_csv (s->sc);
  g_autofree char *json = NULL;
  gboolean ok = TRUE;

  out.survey = g_string_new ("point," CTSIM_SURVEY_HEADER "\n");
  out.fit = g_string_new ("point," CTSIM_SURVEY_FIT_HEADER "\n");
  out.table = g_ptr_array_new_with_free_func ((GDestroyNotify)g_strfreev);
  out.fig = g_array_new (FALSE, FALSE, sizeof (double));
  g_ptr_array_add (out.table,
                   g_strsplit ("point|label|jointly commissioning (95%)|"
                               "SC / H / E|specific / all / other|MAE",
                               "|", -1));
  for (guint i = 0; i < n && ok; i++)
    {
      if (!opts->quiet)
        fprintf (stderr, "ctsim: point %u of %u (%s)\n", i + 1, n,
                 cs_scenario_sweep_label (s->sc, i));
      ok = sweep_point (s->sc, i, opts, dir, &out, error);
    }
  if (ok && !sim_ranks_root ())
    goto done;
  json = ok ? sweep_manifest (s, opts, &out) : NULL;
  ok = ok
       && sim_output_dir_write (dir, "survey.csv", out.survey->str,
                                (gssize)out.survey->len, error)
       && sim_output_dir_write (dir, "fit.csv", out.fit->str,
                                (gssize)out.fit->len, error)
       && sim_output_dir_write (dir, "points.csv", points->str,
                                (gssize)points->len, error)
       && ctsim_codebook_write (dir, NULL, NULL, 0, error)
       && sim_output_dir_write (dir, "manifest.json", json, -1, error)
       && ctsim_survey_sweep_chart (dir, s, (const double *)out.fig->data,
                                    error)
       && ctsim_commit_output (dir, opts, error);
  if (ok && !opts->quiet)
    {
      printf ("%s: %u points, each %u pathfinders x %u replications, seed "
              "%" G_GUINT64_FORMAT " (%.1f s)\n",
              cs_scenario_name (s->sc), n, s->n_areas, s->set.replications,
              s->set.seed, out.wall_seconds);
      ctsim_print_table (out.table, 2);
      printf ("Published: %g pathfinders jointly commissioning; social care / "
              "health / education %g / %g / %g\n",
              published_of (s, "pathfinders_jointly_commissioning", "all"),
              published_of (s, "pathfinders_with_joint_service", "social_care"),
              published_of (s, "pathfinders_with_joint_service", "health"),
              published_of (s, "pathfinders_with_joint_service", "education"));
      printf ("Output: %s (one survey folder per point: point-1 ... "
              "point-%u)\n",
              out_path, n);
    }
done:
  g_string_free (out.survey, TRUE);
  g_string_free (out.fit, TRUE);
  g_ptr_array_unref (out.table);
  g_array_unref (out.fig);
  return ok;
}

gboolean
ctsim_cmd_survey (const CtsimOptions *opts, char **args, GError **error)
{
  CtsimSurvey s = { 0 };
  g_autoptr (SimOutputDir) dir = NULL;
  g_autofree char *out_path = NULL;
  gboolean ok = FALSE;

  if (!load (&s, args, opts, error))
    goto out;
  out_path = opts->output ? g_strdup (opts->output)
                          : g_build_filename ("ctsim-out",
                                              cs_scenario_name (s.sc), NULL);
  dir = sim_ranks_root () ? sim_output_dir_begin (out_path, error) : NULL;
  if (!dir && sim_ranks_root ())
    goto out;
  if (cs_scenario_sweep_n_points (s.sc) > 0)
    {
      ok = survey_sweep (&s, opts, dir, out_path, error);
      goto out;
    }
  if (!opts->quiet)
    fprintf (stderr,
             "ctsim: surveying '%s': %u pathfinders x %u replications, seed "
             "%" G_GUINT64_FORMAT ", %u job%s\n",
             cs_scenario_name (s.sc), s.n_areas, s.set.replications, s.set.seed,
             s.set.jobs, s.set.jobs == 1 ? "" : "s");
  if (!run_all (&s, opts->quiet, error))
    goto out;
  if (!sim_ranks_root ()) /* rank 0 writes (sim-ranks.h) */
    {
      ok = TRUE;
      goto out;
    }
  summarise (&s);
  ok = ctsim_survey_write (dir, &s, opts, error)
       && ctsim_commit_output (dir, opts, error);
  if (ok && !opts->quiet)
    ctsim_survey_print (&s, out_path);
out:
  survey_clear (&s);
  return ok;
}
