/* bench-load.c: `ctsim-bench load`: how many scenario files a second the
 * loader gets through (issue 19: the fuzzing of the loader).
 *
 *   ctsim-bench load [--repeat R] FILE|FOLDER...
 *
 * Each file (a folder: its regular files, in name order) is loaded with
 * cs_scenario_load() R times (default 5), as `ctsim validate` would:
 * file, extends, schema, parameters, every sweep point.  A file that
 * fails to load counts as an input like any other (most fuzzing inputs
 * do).  The clock is the process's CPU time (user + system) around the
 * loads only, so other work on the machine changes it little; one
 * untimed load of the first file first (the schema is compiled once per
 * process).  Output,
 * one "name value" per line: inputs, loaded (those that loaded),
 * cpu_seconds, inputs_per_sec.  bench/loader.sh runs it several times and
 * prints medians.
 */
#include "config.h"

#include <stdio.h>
#include <time.h>

#include <glib.h>

#include "models/scenario/cs-scenario.h"
#include "sim/sim-error.h"

int bench_load_main (int argc, char **argv);

static double
cpu_seconds (void)
{
  struct timespec t;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &t);
  return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static gint
by_name (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(char *const *)a, *(char *const *)b);
}

static void
add_inputs (GPtrArray *files, const char *arg)
{
  g_autoptr (GDir) d = NULL;
  g_autoptr (GPtrArray) names = NULL;
  const char *name;

  if (!g_file_test (arg, G_FILE_TEST_IS_DIR))
    {
      g_ptr_array_add (files, g_strdup (arg));
      return;
    }
  d = g_dir_open (arg, 0, NULL);
  names = g_ptr_array_new_with_free_func (g_free);
  while (d && (name = g_dir_read_name (d)))
    {
      char *path = g_build_filename (arg, name, NULL);
      if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
        g_ptr_array_add (names, path);
      else
        g_free (path);
    }
  g_ptr_array_sort (names, by_name);
  for (guint i = 0; i < names->len; i++)
    g_ptr_array_add (files, g_strdup (names->pdata[i]));
}

int
bench_load_main (int argc, char **argv)
{
  gint repeat = 5;
  GOptionEntry entries[] = {
    { "repeat", 0, 0, G_OPTION_ARG_INT, &repeat,
      "times each file is loaded (5)", "R" },
    G_OPTION_ENTRY_NULL,
  };
  g_autoptr (GOptionContext) ctx
      = g_option_context_new ("FILE|FOLDER... - scenario loads per second");
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  guint inputs = 0, loaded = 0;
  double start, cpu;

  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!g_option_context_parse (ctx, &argc, &argv, &error) || argc < 2
      || repeat < 1)
    {
      fprintf (stderr, "ctsim-bench load: %s\n",
               error ? error->message
                     : "need --repeat >= 1 and at least one FILE or FOLDER");
      return SIM_ERROR_USAGE;
    }
  for (int i = 1; i < argc; i++)
    add_inputs (files, argv[i]);
  {
    g_autoptr (GError) e = NULL;
    g_autoptr (CsScenario) sc = cs_scenario_load (files->pdata[0], NULL, &e);
  }
  start = cpu_seconds ();
  for (gint r = 0; r < repeat; r++)
    for (guint i = 0; i < files->len; i++)
      {
        g_autoptr (GError) e = NULL;
        g_autoptr (CsScenario) sc
            = cs_scenario_load (files->pdata[i], NULL, &e);
        inputs++;
        loaded += sc != NULL;
      }
  cpu = cpu_seconds () - start;
  printf ("inputs %u\n", inputs);
  printf ("loaded %u\n", loaded);
  printf ("cpu_seconds %.3f\n", cpu);
  printf ("inputs_per_sec %.1f\n", cpu > 0 ? inputs / cpu : 0.0);
  return 0;
}
