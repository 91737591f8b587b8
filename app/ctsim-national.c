/* ctsim-national.c: a national scenario's authorities run and summed into
 * national rows (see ctsim-national.h). */
#include "config.h"

#include <math.h>
#include <string.h>

#include "models/params/cs-outputs.h"
#include "models/pathfinders/cs-national.h"
#include "app/ctsim-national.h"
#include "app/ctsim-progress.h"
#include "sim/sim-error.h"
#include "sim/sim-output.h"
#include "sim/sim-ranks.h"

typedef struct
{
  const CsScenario *sc;
  const CsNational *nat;
  const CsParams *base;
  guint64 seed;
  guint rep; /* the replication being run */
  CsNatArea *areas;
  guint *order;     /* unit -> authority, largest first */
  SimResults **res; /* by authority */
  double warmup_days, horizon_days;
} National;

static int
by_size (gconstpointer a, gconstpointer b, gpointer data)
{
  const CsNatArea *areas = data;
  guint i = *(const guint *)a, j = *(const guint *)b;

  if (areas[i].children != areas[j].children)
    return areas[i].children > areas[j].children ? -1 : 1;
  return i < j ? -1 : (i > j);
}

/* Work unit `unit` of the replication (sim_ranks_work): authority
 * order[unit], whose rows it returns. */
static SimResults *
run_unit (guint unit, gpointer data, guint64 *events, GError **error)
{
  National *w = data;
  guint a = w->order[unit];
  SimRunConfig config = {
    .seed = w->seed,
    .replication = (guint32)(w->rep * w->nat->count + a),
    .warmup_days = w->warmup_days,
    .horizon_days = w->horizon_days,
  };
  g_autoptr (CsParams) p = cs_national_build (w->nat, w->base, &w->areas[a]);
  g_autoptr (SimEngine) eng = NULL;
  g_autoptr (SimResults) res = NULL;

  eng = sim_engine_new (cs_scenario_model (w->sc), p, &config, error);
  res = sim_results_new ();
  if (!eng || !sim_engine_run (eng, res, error))
    {
      g_prefix_error (error, "replication %u, authority %u (%s): ", w->rep,
                      a + 1, w->nat->kinds[w->areas[a].kind].id);
      return NULL;
    }
  *events = sim_engine_events (eng);
  return g_steal_pointer (&res);
}

/* ---- national rows ------------------------------------------------------- */

typedef struct
{
  gint year;
  const char *group, *measure; /* interned */
} Key;

static guint
key_hash (gconstpointer p)
{
  const Key *k = p;

  return (guint)k->year * 31u + g_direct_hash (k->group) * 17u
         + g_direct_hash (k->measure);
}

static gboolean
key_equal (gconstpointer a, gconstpointer b)
{
  const Key *x = a, *y = b;

  return x->year == y->year && x->group == y->group && x->measure == y->measure;
}

typedef struct
{
  Key key;
  gboolean adds;
  guint n;                /* authorities with a finite value */
  double sum, wsum, wtot; /* sum; weighted sum and weights */
} Acc;

static SimResults *
national_rows (const National *w)
{
  g_autoptr (GHashTable) index
      = g_hash_table_new (key_hash, key_equal); /* Key -> its Acc */
  g_autoptr (GPtrArray) acc = g_ptr_array_new_with_free_func (g_free);
  SimResults *out = sim_results_new ();

  for (guint a = 0; a < w->nat->count; a++)
    {
      const SimResults *r = w->res[a];
      double weight = w->areas[a].children;
      for (gsize i = 0; i < sim_results_len (r); i++)
        {
          const SimResultRow *row = sim_results_row (r, i);
          Key k = { row->year, row->group, row->measure };
          Acc *x = g_hash_table_lookup (index, &k);
          if (!x)
            {
              x = g_new0 (Acc, 1);
              x->key = k;
              x->adds = cs_out_measure_adds_up (row->measure);
              g_ptr_array_add (acc, x);
              g_hash_table_insert (index, &x->key, x);
            }
          if (!isfinite (row->value))
            continue;
          x->n++;
          x->sum += row->value;
          x->wsum += weight * row->value;
          x->wtot += weight;
        }
    }
  for (guint j = 0; j < acc->len; j++)
    {
      const Acc *x = acc->pdata[j];
      double v = NAN;
      if (x->n > 0 && x->adds)
        v = x->sum;
      else if (x->n > 0 && x->wtot > 0)
        v = x->wsum / x->wtot;
      sim_results_add (out, x->key.year, x->key.group, x->key.measure, v);
    }
  return out;
}

/* ---- areas.csv ----------------------------------------------------------- */

/* The measures of areas.csv: those of its header when it has one, else
 * the whole-run measures of group "all" of the first authority (and the
 * header is written). */
static GPtrArray *
area_columns (const National *w, GString *areas)
{
  GPtrArray *cols = g_ptr_array_new ();
  const char *all = g_intern_static_string (CS_OUT_GROUP_ALL);

  if (areas->len > 0)
    {
      const char *nl = strchr (areas->str, '\n');
      g_autofree char *line
          = g_strndup (areas->str, nl ? (gsize)(nl - areas->str) : areas->len);
      g_auto (GStrv) f = g_strsplit (line, ",", -1);
      for (guint i = 7; f[i]; i++)
        g_ptr_array_add (cols, (gpointer)g_intern_string (f[i]));
      return cols;
    }
  g_string_append (areas, CTSIM_AREAS_HEADER);
  for (gsize i = 0; i < sim_results_len (w->res[0]); i++)
    {
      const SimResultRow *row = sim_results_row (w->res[0], i);
      if (row->year != SIM_YEAR_ALL || row->group != all)
        continue;
      g_ptr_array_add (cols, (gpointer)row->measure);
      g_string_append_c (areas, ',');
      sim_csv_append_field (areas, row->measure);
    }
  g_string_append_c (areas, '\n');
  return cols;
}

static void
area_rows (const National *w, const char *label, GString *areas)
{
  g_autoptr (GPtrArray) cols = area_columns (w, areas);
  const char *all = g_intern_static_string (CS_OUT_GROUP_ALL);

  for (guint a = 0; a < w->nat->count; a++)
    {
      const CsNatArea *x = &w->areas[a];
      sim_csv_append_field (areas, label);
      g_string_append_printf (areas, ",%u,%u,", w->rep, a);
      sim_csv_append_field (areas, w->nat->kinds[x->kind].id);
      g_string_append_printf (areas, ",%u,", x->pcts);
      sim_csv_append_double (areas, round (x->children));
      g_string_append_c (areas, ',');
      sim_csv_append_double (areas, x->deprivation);
      for (guint c = 0; c < cols->len; c++)
        {
          g_string_append_c (areas, ',');
          sim_csv_append_double (areas,
                                 sim_results_lookup (w->res[a], SIM_YEAR_ALL,
                                                     all, cols->pdata[c]));
        }
      g_string_append_c (areas, '\n');
    }
}

/* ---- the run ------------------------------------------------------------- */

gboolean
ctsim_national_simulate (const CsScenario *sc, const CtsimSettings *set,
                         const char *label, SimRunnerResult *res,
                         GString *areas, GError **error)
{
  const CsRunSettings *run = cs_scenario_run_settings (sc);
  const CsNational *nat = cs_scenario_national (sc);
  gint64 t0 = g_get_monotonic_time ();
  National w = {
    .sc = sc,
    .nat = nat,
    .base = cs_scenario_params (sc),
    .seed = set->seed,
    .warmup_days = sim_years (run->warmup_years),
    .horizon_days = sim_years (run->warmup_years + run->years),
  };
  SimResults **units; /* by work unit */
  gboolean ok = TRUE;

  g_return_val_if_fail (nat != NULL, FALSE);
  memset (res, 0, sizeof *res);
  res->reps = g_new0 (SimResults *, MAX (1u, set->replications));
  w.areas = cs_national_draw (nat, set->seed);
  w.order = g_new (guint, nat->count);
  for (guint a = 0; a < nat->count; a++)
    w.order[a] = a;
  g_qsort_with_data (w.order, (gint)nat->count, sizeof *w.order, by_size,
                     w.areas);
  w.res = g_new0 (SimResults *, nat->count);
  units = g_new0 (SimResults *, nat->count);
  for (guint r = 0; r < set->replications && ok; r++)
    {
      SimRanksSpec spec = {
        .n = nat->count,
        .jobs = set->jobs,
        .func = run_unit,
        .user_data = &w,
      };
      guint64 events = 0;
      w.rep = r;
      ok = sim_ranks_work (&spec, units, &events, error);
      res->events += events;
      if (ok && sim_ranks_root ())
        {
          for (guint u = 0; u < nat->count; u++)
            w.res[w.order[u]] = g_steal_pointer (&units[u]);
          res->reps[res->n++] = national_rows (&w);
          if (areas)
            area_rows (&w, label ? label : cs_scenario_name (sc), areas);
        }
      else if (ok) /* another rank: rank 0 has the rows */
        res->reps[res->n++] = NULL;
      if (ok && set->progress)
        ctsim_progress_update (r + 1, set->replications, set->progress);
      for (guint a = 0; a < nat->count; a++)
        g_clear_pointer (&w.res[a], sim_results_free);
    }
  g_free (units);
  g_free (w.res);
  g_free (w.order);
  g_free (w.areas);
  res->wall_seconds = (double)(g_get_monotonic_time () - t0) / 1e6;
  if (!ok)
    sim_runner_result_clear (res);
  return ok;
}
