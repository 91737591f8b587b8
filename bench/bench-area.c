/* bench-area.c: `ctsim-bench area`: the area model on a generated area of N
 * children.
 *
 *   ctsim-bench area [--children N] [--years Y] [--seed S] [--localities L]
 *
 * The area is tests/area-fixture.c's (schools, needs, the full service
 * catalogue with places per 1,000 children), with no warm-up.  The clock
 * runs over building the population (state_new) and over the run, shown
 * apart.  Output, one "name value" per line: events, setup_seconds,
 * run_seconds, wall_seconds (both), events_per_sec (run only),
 * cpu_seconds (processor time of both, clock(): on a shared machine
 * steadier than wall time), us_per_child_year (cpu_seconds per child
 * asked for and simulated year, in microseconds), record_bytes (one
 * child's hot record), peak_rss_bytes (VmHWM of /proc/self/status, the
 * whole process) and bytes_per_child (peak RSS divided by the children
 * asked for).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include <glib.h>

#include "models/area/cs-area.h"
#include "sim/sim-engine.h"
#include "sim/sim-error.h"
#include "tests/area-fixture.h"

int bench_area_main (int argc, char **argv);

/* Peak resident set size in bytes (VmHWM), or 0 if unknown. */
static guint64
peak_rss (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return 0;
  line = strstr (status, "VmHWM:");
  return line ? g_ascii_strtoull (line + 6, NULL, 10) * 1024 : 0;
}

static gboolean
run (const CsParams *p, guint64 seed, double years, gint64 children,
     GError **error)
{
  SimRunConfig cfg = { seed, 0, 0.0, sim_years (years) };
  g_autoptr (SimEngine) eng = NULL;
  g_autoptr (SimResults) res = sim_results_new ();
  gint64 t0, t1, t2;
  clock_t c0, c1;
  guint64 rss;
  double cpu;

  c0 = clock ();
  t0 = g_get_monotonic_time ();
  eng = sim_engine_new (&cs_area_model, p, &cfg, error);
  if (!eng)
    return FALSE;
  t1 = g_get_monotonic_time ();
  if (!sim_engine_run (eng, res, error))
    return FALSE;
  t2 = g_get_monotonic_time ();
  c1 = clock ();
  cpu = (double)(c1 - c0) / CLOCKS_PER_SEC;
  rss = peak_rss ();
  printf ("events %" G_GUINT64_FORMAT "\n", sim_engine_events (eng));
  printf ("setup_seconds %.3f\n", (t1 - t0) / 1e6);
  printf ("run_seconds %.3f\n", (t2 - t1) / 1e6);
  printf ("wall_seconds %.3f\n", (t2 - t0) / 1e6);
  printf ("events_per_sec %.0f\n", sim_engine_events (eng) / ((t2 - t1) / 1e6));
  printf ("cpu_seconds %.3f\n", cpu);
  printf ("us_per_child_year %.3f\n", cpu / ((double)children * years) * 1e6);
  printf ("children_at_end %u\n",
          cs_world_n_present (cs_area_world (sim_engine_state (eng))));
  printf ("record_bytes %" G_GSIZE_FORMAT "\n", cs_world_record_bytes ());
  printf ("peak_rss_bytes %" G_GUINT64_FORMAT "\n", rss);
  return TRUE;
}

int
bench_area_main (int argc, char **argv)
{
  gint64 children = 1000000, seed = 1, localities = 0;
  double years = 5.0;
  GOptionEntry entries[] = {
    { "children", 0, 0, G_OPTION_ARG_INT64, &children,
      "children in the area (1000000)", "N" },
    { "years", 0, 0, G_OPTION_ARG_DOUBLE, &years, "simulated years (5)", "Y" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, "seed (1)", "S" },
    { "localities", 0, 0, G_OPTION_ARG_INT64, &localities,
      "localities (one per 20,000 children)", "L" },
    G_OPTION_ENTRY_NULL,
  };
  g_autoptr (GOptionContext) ctx = g_option_context_new ("- area model");
  g_autoptr (GError) error = NULL;
  g_autoptr (CsParams) p = NULL;

  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!g_option_context_parse (ctx, &argc, &argv, &error) || argc > 1)
    {
      fprintf (stderr, "ctsim-bench area: %s\n",
               error ? error->message : "unexpected argument");
      return SIM_ERROR_USAGE;
    }
  if (localities == 0)
    localities = MAX (1, children / 20000);
  if (children < 100 || children > 50000000 || !(years > 0 && years < 200)
      || seed < 0 || localities < 1 || localities > 10000)
    {
      fprintf (stderr, "ctsim-bench area: need 100 <= children <= "
                       "50000000, 0 < years < 200, seed >= 0, 1 <= "
                       "localities <= 10000\n");
      return SIM_ERROR_USAGE;
    }
  printf ("area children %" G_GINT64_FORMAT " years %g seed %" G_GINT64_FORMAT
          " localities %" G_GINT64_FORMAT "\n",
          children, years, seed, localities);
  p = area_fixture_new ((guint)children, (guint)localities);
  if (!run (p, (guint64)seed, years, children, &error))
    {
      fprintf (stderr, "ctsim-bench area: %s\n", error->message);
      return error->domain == SIM_ERROR ? error->code : 1;
    }
  printf ("bytes_per_child %.1f\n", peak_rss () / (double)children);
  return 0;
}
