/* ctsim-steady.c: the steady-state check of `run` (ctsim-steady.h). */
#include "config.h"

#include <math.h>

#include "app/ctsim-steady.h"
#include "sim/sim-steady.h"

static const char *const measures[CTSIM_STEADY_MEASURES]
    = { "ecm_be_healthy",         "ecm_stay_safe",
        "ecm_enjoy_achieve",      "ecm_positive_contribution",
        "ecm_economic_wellbeing", "reach",
        "unmet_need_days" };

void
ctsim_steady_check (SimResults *const *reps, guint n, CtsimSteady *out)
{
  gint years = 0;

  for (guint r = 0; r < n; r++)
    for (gsize i = 0; i < sim_results_len (reps[r]); i++)
      years = MAX (years, sim_results_row (reps[r], i)->year);
  out->n = CTSIM_STEADY_MEASURES;
  for (guint k = 0; k < CTSIM_STEADY_MEASURES; k++)
    {
      CtsimSteadyMeasure *m = &out->m[k];
      g_autofree double *x = g_new0 (double, MAX (1, years));
      g_autofree double *per_rep
          = g_new0 (double, MAX (1u, n) * (gsize)MAX (1, years));
      guint got = 0, full = 0;
      const char *group = g_intern_static_string ("all");
      const char *name = g_intern_static_string (measures[k]);

      m->measure = measures[k];
      for (gint y = 1; y <= years; y++)
        {
          double sum = 0.0;
          guint c = 0;
          for (guint r = 0; r < n; r++)
            {
              double v = sim_results_lookup (reps[r], y, group, name);
              if (isfinite (v))
                {
                  sum += v;
                  c++;
                }
            }
          if (c == 0)
            break;
          x[got++] = sum / c;
        }
      m->years = got;
      m->first = got > 0 ? x[0] : NAN;
      m->last = got > 0 ? x[got - 1] : NAN;
      m->truncation = (guint)sim_mser_truncation (x, got, got / 2);
      /* The replications with a value every year (all of them in a
       * run), each a row of y. */
      for (guint r = 0; r < n && got > 0; r++)
        {
          gboolean all = TRUE;
          for (guint y1 = 0; y1 < got && all; y1++)
            {
              double v
                  = sim_results_lookup (reps[r], (gint)y1 + 1, group, name);
              all = isfinite (v);
              per_rep[full * got + y1] = v;
            }
          if (all)
            full++;
        }
      m->material = sim_steady_material (per_rep, full, got, m->truncation,
                                         &m->bias, &m->half_width);
    }
}

gboolean
ctsim_steady_ok (const CtsimSteady *s)
{
  for (guint k = 0; k < s->n; k++)
    if (s->m[k].material)
      return FALSE;
  return TRUE;
}

void
ctsim_steady_json (SimJson *j, const CtsimSteady *s)
{
  sim_json_begin_object (j);
  sim_json_key (j, "method");
  sim_json_string (j, "MSER on the yearly means over replications "
                      "(truncation at most half the observed years); "
                      "material when the truncated years move the mean "
                      "over every year by more than its 95% confidence "
                      "half-width across replications");
  sim_json_key (j, "steady");
  sim_json_bool (j, ctsim_steady_ok (s));
  sim_json_key (j, "measures");
  sim_json_begin_array (j);
  for (guint k = 0; k < s->n; k++)
    {
      const CtsimSteadyMeasure *m = &s->m[k];
      sim_json_begin_object (j);
      sim_json_key (j, "measure");
      sim_json_string (j, m->measure);
      sim_json_key (j, "years");
      sim_json_uint (j, m->years);
      sim_json_key (j, "truncation_years");
      sim_json_uint (j, m->truncation);
      sim_json_key (j, "first_year_mean");
      sim_json_double (j, m->first);
      sim_json_key (j, "last_year_mean");
      sim_json_double (j, m->last);
      sim_json_key (j, "transient_bias");
      sim_json_double (j, m->bias);
      sim_json_key (j, "half_width");
      sim_json_double (j, m->half_width);
      sim_json_key (j, "material");
      sim_json_bool (j, m->material);
      sim_json_end_object (j);
    }
  sim_json_end_array (j);
  sim_json_end_object (j);
}

char *
ctsim_steady_describe (const CtsimSteady *s)
{
  GString *b = g_string_new (NULL);

  for (guint k = 0; k < s->n; k++)
    if (s->m[k].material)
      g_string_append_printf (b, "%s%s (%u year%s)", b->len ? ", " : "",
                              s->m[k].measure, s->m[k].truncation,
                              s->m[k].truncation == 1 ? "" : "s");
  return g_string_free (b, FALSE);
}
