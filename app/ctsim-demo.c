/* ctsim-demo.c: `ctsim demo`: one commissioning story a room can follow.
 *
 * The story runs the teaching neighbourhood (scenarios/demo.xml) under one
 * arrangement bundle (scenarios/demo-NAME.xml, or a scenario file) and the
 * same children under another (--versus), each as replication 0 on the
 * same seed, so on common random numbers (ctsim-demo-run.c).  The
 * narration (ctsim-demo-story.c) is built whole, then the output folder
 * is written (the sim-output.h contract: narration.txt, results.csv,
 * trace.csv, trace-versus.csv, manifest.json, plots/), then the narration
 * is printed: in colour only on a terminal and never under NO_COLOR or
 * TERM=dumb, pausing at each stage with --step only when stdin and stdout
 * are terminals.  Without colour the printed bytes are narration.txt's.
 *
 * --set applies to both scenarios; a path only one of them has (say, an
 * arrangement only one bundle defines) applies to that one, and the
 * narration says so.  The chart (plots/demo.gp) is drawn as the other
 * charts are (ctsim-plots.h): gnuplot run without a shell, in the folder,
 * the program from ctsim_plots_gnuplot() ($CTSIM_GNUPLOT or the one
 * configure found); if it cannot run or fails, one warning line on
 * stderr, no chart, the narration says so, and the demo goes on.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "app/ctsim-codebook.h"
#include "app/ctsim-data.h"
#include "app/ctsim-demo.h"
#include "app/ctsim-manifest.h"
#include "app/ctsim-plots.h"
#include "app/ctsim-setup.h"
#include "sim/sim-error.h"
#include "sim/sim-json.h"
#include "sim/sim-output.h"

#define DEFAULT_STORY "school-led-cluster"
#define DEFAULT_VERSUS "multi-agency-panel"
#define PREFIX "demo-"

/* ---- choosing the scenarios ---------------------------------------------- */

static gint
by_name (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(char *const *)a, *(char *const *)b);
}

/* The arrangement names shipped as scenarios/demo-NAME.xml.
 * (transfer full) */
static char *
known_arrangements (void)
{
  g_autofree char *dir
      = g_build_filename (ctsim_data_dir (), "scenarios", NULL);
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  GString *out = g_string_new (NULL);
  const char *n;

  while (d && (n = g_dir_read_name (d)))
    if (g_str_has_prefix (n, PREFIX) && g_str_has_suffix (n, ".xml"))
      g_ptr_array_add (names, g_strndup (n + strlen (PREFIX),
                                         strlen (n) - strlen (PREFIX) - 4));
  g_ptr_array_sort (names, by_name);
  for (guint i = 0; i < names->len; i++)
    g_string_append_printf (out, "%s%s", i ? ", " : "",
                            (const char *)names->pdata[i]);
  return g_string_free (out, FALSE);
}

/* The scenario file of an arrangement name or file.  (transfer full) */
static char *
arrangement_path (const char *name, const char *option, GError **error)
{
  g_autofree char *base = g_strconcat (PREFIX, name, ".xml", NULL);
  g_autofree char *file = NULL;
  g_autofree char *known = NULL;

  if (g_str_has_suffix (name, ".xml") || strchr (name, '/'))
    return g_strdup (name); /* a file: the loader reports it missing */
  file = g_build_filename (ctsim_data_dir (), "scenarios", base, NULL);
  if (g_file_test (file, G_FILE_TEST_IS_REGULAR))
    return g_steal_pointer (&file);
  known = known_arrangements ();
  g_set_error (error, SIM_ERROR, SIM_ERROR_USAGE,
               "demo: %s: no arrangement '%s' (expected one of %s, or a "
               "scenario file)",
               option, name, known);
  return NULL;
}

/* A scenario with some of the --set list: those whose flag is set. */
static CsScenario *
load_with (const char *path, char **sets, const gboolean *use, GError **error)
{
  g_autoptr (GPtrArray) chosen = g_ptr_array_new ();

  for (guint i = 0; sets && sets[i]; i++)
    if (!use || use[i])
      g_ptr_array_add (chosen, sets[i]);
  g_ptr_array_add (chosen, NULL);
  return cs_scenario_load (path, (const char *const *)chosen->pdata, error);
}

typedef struct
{
  CsScenario *sc[2];
  gboolean *use[2]; /* per --set: applied to scenario k */
} Pair;

static void
pair_clear (Pair *x)
{
  for (guint k = 0; k < 2; k++)
    {
      cs_scenario_free (x->sc[k]);
      g_free (x->use[k]);
    }
}

/* Load the story's and the versus scenario, each --set where it applies
 * (every one applies to at least one, or its error is the story's). */
static gboolean
load_pair (const char *const path[2], char **sets, Pair *x, GError **error)
{
  guint n = sets ? g_strv_length (sets) : 0;

  for (guint k = 0; k < 2; k++)
    x->use[k] = g_new0 (gboolean, MAX (1u, n));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (GError) first = NULL;
      for (guint k = 0; k < 2; k++)
        {
          g_autoptr (GError) e = NULL;
          g_autoptr (CsScenario) one = NULL;
          gboolean only[1] = { TRUE };
          char *single[2] = { sets[i], NULL };
          one = load_with (path[k], single, only, &e);
          x->use[k][i] = one != NULL;
          if (!one && k == 0)
            first = g_steal_pointer (&e);
          else if (!one && e && (e->code == SIM_ERROR_NOINPUT))
            {
              g_propagate_error (error, g_steal_pointer (&e));
              return FALSE;
            }
        }
      if (!x->use[0][i] && !x->use[1][i])
        {
          g_propagate_error (error, g_steal_pointer (&first));
          return FALSE;
        }
    }
  for (guint k = 0; k < 2; k++)
    if (!(x->sc[k] = load_with (path[k], sets, x->use[k], error)))
      return FALSE;
  return TRUE;
}

/* The --set list where use[i]. */
static void
set_list (CtsimDemoRun *run, char **sets, const gboolean *use)
{
  g_autoptr (GStrvBuilder) b = g_strv_builder_new ();

  for (guint i = 0; sets && sets[i]; i++)
    if (use[i])
      g_strv_builder_add (b, sets[i]);
  g_strfreev (run->sets);
  run->sets = g_strv_builder_end (b);
}

/* ---- the chart ----------------------------------------------------------- */

/* Steps of the followed domain's stage, then the days in service. */
static void
chart_block (GString *dat, const CtsimDemoRun *run, guint j, double y)
{
  GArray *s = run->snaps[j];
  guint d = run->focus[j];
  gboolean in = FALSE, gone = FALSE;

  for (guint i = 0; i < s->len; i++)
    {
      const CtsimDemoSnap *x = &g_array_index (s, CtsimDemoSnap, i);
      g_string_append_printf (dat, "%.3f %u\n", MAX (0.0, x->t), x->v.stage[d]);
      gone = x->v.place == CS_PLACE_GONE;
      if (gone)
        break; /* the line stops when the child leaves */
    }
  if (!gone)
    g_string_append_printf (
        dat, "%.3f %u\n", run->horizon,
        g_array_index (s, CtsimDemoSnap, s->len - 1).v.stage[d]);
  g_string_append (dat, "\n\n");
  g_string_append_printf (dat, "0 NaN\n");
  for (guint i = 0; i < s->len; i++)
    {
      const CtsimDemoSnap *x = &g_array_index (s, CtsimDemoSnap, i);
      gboolean now = (x->v.served & CS_BIT (d)) != 0;
      if (now != in)
        g_string_append_printf (dat, "%.3f %.2f\n%s", MAX (0.0, x->t), y,
                                now ? "" : "\n");
      in = now;
    }
  if (in)
    g_string_append_printf (dat, "%.3f %.2f\n", run->horizon, y);
  g_string_append (dat, "\n\n");
}

void
ctsim_demo_chart_data (const CtsimDemoRun *story, const CtsimDemoRun *versus,
                       GString *dat, GString *meta)
{
  const CtsimDemoRun *runs[2] = { story, versus };
  const char *labels[2] = { story->label, versus->label };
  g_autoptr (GPtrArray) titles = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *source = g_strdup_printf (
      "ctsim %s demo: %s and %s, seed %" G_GUINT64_FORMAT
      ", replication 0: one small run, an illustration, not evidence",
      PACKAGE_VERSION, cs_scenario_name (story->sc),
      cs_scenario_name (versus->sc), story->seed);
  g_autofree char *q = ctsim_plots_quote (source);

  g_string_append (dat, "# demo.dat: per followed child, per arrangement: "
                        "day and stage, then days in service\n");
  for (guint j = 0; j < CTSIM_DEMO_FOLLOWED; j++)
    {
      if (story->follow[j] == CS_NONE)
        continue;
      g_ptr_array_add (
          titles, g_strdup_printf ("%s (child %u): %s need, stage 0-4",
                                   ctsim_demo_name (story, j), story->follow[j],
                                   ctsim_demo_domain_words (story->focus[j])));
      for (guint k = 0; k < 2; k++)
        chart_block (dat, runs[k], j, k == 0 ? -0.2 : -0.4);
    }
  g_string_append_printf (meta,
                          "# meta.gp: inputs of plots/demo.gp (generated)\n"
                          "source_line = %s\nn_series = 2\n"
                          "demo_days = %.3f\ndemo_n = %u\n",
                          q, story->horizon, titles->len);
  ctsim_plots_meta_array (meta, "series_label", labels, 2);
  ctsim_plots_meta_array (meta, "demo_title",
                          (const char *const *)titles->pdata, titles->len);
}

/* Run plots/demo.gp in folder; FALSE (and one warning line) if the chart
 * is not drawn. */
static gboolean
draw (const char *folder)
{
  g_autofree char *why = NULL;

  switch (ctsim_plots_draw (folder, "demo", &why))
    {
    case CTSIM_DRAW_OK:
      return TRUE;
    case CTSIM_DRAW_MISSING:
      fprintf (stderr,
               "ctsim: warning: cannot run gnuplot (%s): no chart drawn; "
               "install gnuplot (Debian: gnuplot-nox) or set CTSIM_GNUPLOT; "
               "the narration and the CSV files are written\n",
               why);
      return FALSE;
    case CTSIM_DRAW_FAILED:
    default:
      fprintf (stderr,
               "ctsim: warning: gnuplot failed to draw the demo chart (%s); "
               "the narration and the CSV files are written\n",
               why);
      return FALSE;
    }
}

/* The chart's inputs, then the chart; the narration's line about it.
 * (transfer full; NULL with error if an input cannot be written) */
static char *
chart (SimOutputDir *dir, const CtsimDemoRun *story, const CtsimDemoRun *versus,
       GError **error)
{
  const char *tmp = sim_output_dir_tmp_path (dir);
  g_autofree char *plots = g_build_filename (tmp, "plots", NULL);
  g_autofree char *final
      = g_build_filename (sim_output_dir_final_path (dir), "plots", NULL);
  g_autoptr (GString) dat = g_string_new (NULL);
  g_autoptr (GString) meta = g_string_new (NULL);
  g_autofree char *dat_path = g_build_filename (plots, "demo.dat", NULL);
  g_autofree char *meta_path = g_build_filename (plots, "meta.gp", NULL);
  g_autoptr (GError) e = NULL;

  ctsim_demo_chart_data (story, versus, dat, meta);
  if (g_mkdir_with_parents (plots, 0777) != 0
      || !g_file_set_contents (dat_path, dat->str, (gssize)dat->len, &e)
      || !g_file_set_contents (meta_path, meta->str, (gssize)meta->len, &e))
    {
      g_set_error (error, SIM_ERROR, SIM_ERROR_IO, "demo: cannot write %s: %s",
                   plots, e ? e->message : g_strerror (errno));
      return NULL;
    }
  if (draw (tmp))
    return g_strdup_printf ("Chart: %s/demo.png (and .svg): each child's "
                            "need, day by day, under both arrangements.",
                            final);
  return g_strdup_printf ("No chart: gnuplot could not draw it (see the "
                          "warning); its input is %s/demo.dat.",
                          final);
}

/* ---- output folder ------------------------------------------------------- */

static char *
narration_text (const GPtrArray *lines)
{
  GString *g = g_string_new (NULL);

  for (guint i = 0; i < lines->len; i++)
    {
      const CtsimDemoLine *l = lines->pdata[i];
      for (const char *c = l->text; *c; c++)
        if (*c == CTSIM_DEMO_MARK && c[1])
          c++;
        else if (*c != CTSIM_DEMO_END)
          g_string_append_c (g, *c);
      g_string_append_c (g, '\n');
    }
  return g_string_free (g, FALSE);
}

static void
manifest_run (SimJson *j, const CtsimDemoRun *run)
{
  sim_json_begin_object (j);
  sim_json_key (j, "arrangement");
  sim_json_string (j, run->label);
  sim_json_key (j, "scenario");
  ctsim_manifest_scenario (j, run->sc);
  sim_json_key (j, "sets");
  sim_json_begin_array (j);
  for (guint i = 0; run->sets[i]; i++)
    sim_json_string (j, run->sets[i]);
  sim_json_end_array (j);
  sim_json_key (j, "events_executed");
  sim_json_int (j, (gint64)run->events);
  sim_json_key (j, "parameters");
  cs_scenario_params_json (run->sc, j);
  sim_json_end_object (j);
}

static char *
manifest (const CtsimOptions *opts, const CtsimDemoRun *const runs[2],
          double wall)
{
  g_autoptr (SimJson) j = sim_json_new ();

  ctsim_manifest_begin (j, "demo", opts);
  sim_json_key (j, "seed");
  sim_json_uint (j, runs[0]->seed);
  sim_json_key (j, "replication");
  sim_json_int (j, 0);
  sim_json_key (j, "followed_children");
  sim_json_begin_array (j);
  for (guint k = 0; k < CTSIM_DEMO_FOLLOWED; k++)
    if (runs[0]->follow[k] != CS_NONE)
      sim_json_int (j, runs[0]->follow[k]);
  sim_json_end_array (j);
  sim_json_key (j, "runs");
  sim_json_begin_array (j);
  for (guint k = 0; k < 2; k++)
    manifest_run (j, runs[k]);
  sim_json_end_array (j);
  sim_json_key (j, "wall_seconds");
  sim_json_double (j, wall);
  sim_json_end_object (j);
  return sim_json_finish (j);
}

static gboolean
write_folder (SimOutputDir *dir, const CtsimOptions *opts,
              const CtsimDemoRun *const runs[2], const char *narration,
              double wall, GError **error)
{
  g_autoptr (GString) results = g_string_new (NULL);
  g_autofree char *json = manifest (opts, runs, wall);
  SimResults *const *all[] = { (SimResults *const *)&runs[0]->res,
                               (SimResults *const *)&runs[1]->res };
  const guint ns[] = { 1, 1 };

  for (guint k = 0; k < 2; k++)
    sim_output_results_csv (results, k == 0, NULL, 0,
                            cs_scenario_name (runs[k]->sc),
                            (SimResults *const *)&runs[k]->res, 1, 0);
  return sim_output_dir_write (dir, "narration.txt", narration, -1, error)
         && sim_output_dir_write (dir, "results.csv", results->str,
                                  (gssize)results->len, error)
         && sim_output_dir_write (dir, "trace.csv", runs[0]->trace, -1, error)
         && sim_output_dir_write (dir, "trace-versus.csv", runs[1]->trace, -1,
                                  error)
         && ctsim_codebook_write (dir, all, ns, 2, error)
         && sim_output_dir_write (dir, "manifest.json", json, -1, error);
}

/* ---- the terminal -------------------------------------------------------- */

static gboolean
use_colour (void)
{
  const char *no = g_getenv ("NO_COLOR");
  const char *term = g_getenv ("TERM");

  return isatty (STDOUT_FILENO) && !(no && *no)
         && g_strcmp0 (term, "dumb") != 0;
}

static const char *const colours[4]
    = { "\033[1m", "\033[1;36m", "\033[1;35m", "\033[1;33m" };

static void
print_line (const char *text, gboolean colour)
{
  for (const char *c = text; *c; c++)
    if (*c == CTSIM_DEMO_MARK && c[1])
      {
        c++;
        if (colour && *c >= '0' && *c <= '3')
          fputs (colours[*c - '0'], stdout);
      }
    else if (*c == CTSIM_DEMO_END)
      {
        if (colour)
          fputs ("\033[0m", stdout);
      }
    else
      putchar (*c);
  putchar ('\n');
}

/* Wait for Enter; FALSE at the end of input or when the line typed
 * starts with q (stop pausing: the rest prints at once). */
static gboolean
pause_for_enter (gboolean colour)
{
  int ch, first = '\n';

  fputs (colour ? "\033[2m  [Enter: next; q Enter: to the end]\033[0m "
                : "  [Enter: next; q Enter: to the end] ",
         stdout);
  fflush (stdout);
  if ((ch = getchar ()) != EOF)
    first = ch;
  while (ch != EOF && ch != '\n')
    ch = getchar ();
  if (colour)
    fputs ("\033[1A\033[2K", stdout);
  return ch != EOF && first != 'q' && first != 'Q';
}

static void
print_all (const GPtrArray *lines, gboolean step)
{
  gboolean colour = use_colour ();

  if (step && !(isatty (STDIN_FILENO) && isatty (STDOUT_FILENO)))
    {
      fprintf (stderr, "ctsim: demo --step: not pausing: %s not a terminal\n",
               !isatty (STDIN_FILENO) && !isatty (STDOUT_FILENO)
                   ? "the keyboard (stdin) and the screen (stdout) are"
               : !isatty (STDIN_FILENO) ? "the keyboard (stdin) is"
                                        : "the screen (stdout) is");
      step = FALSE;
    }
  for (guint i = 0; i < lines->len; i++)
    {
      const CtsimDemoLine *l = lines->pdata[i];
      if (step && l->pause && i > 0)
        step = pause_for_enter (colour);
      print_line (l->text, colour);
    }
  fflush (stdout);
}

/* ---- the command --------------------------------------------------------- */

static gboolean
run_both (CtsimDemoRun *story, CtsimDemoRun *versus, GError **error)
{
  if (!ctsim_demo_run_trace (story, NULL, error))
    return FALSE;
  ctsim_demo_choose (story);
  if (!ctsim_demo_run_observe (story, error)
      || !ctsim_demo_run_trace (versus, story, error))
    return FALSE;
  ctsim_demo_follow_as (versus, story);
  return ctsim_demo_run_observe (versus, error);
}

static gboolean
check_args (const CtsimOptions *opts, char **args, const char **names,
            GError **error)
{
  if (args[0])
    {
      g_set_error (error, SIM_ERROR, SIM_ERROR_USAGE,
                   "demo: takes no arguments (got '%s'; choose the "
                   "arrangement with --arrangement NAME)",
                   args[0]);
      return FALSE;
    }
  if (opts->area)
    {
      g_set_error (error, SIM_ERROR, SIM_ERROR_USAGE,
                   "demo: --area is not available (the demo tells its own "
                   "neighbourhood's story; use --set to change it)");
      return FALSE;
    }
  names[0] = opts->arrangement ? opts->arrangement : DEFAULT_STORY;
  names[1] = opts->versus ? opts->versus : DEFAULT_VERSUS;
  if (strcmp (names[0], names[1]) == 0)
    {
      g_set_error (error, SIM_ERROR, SIM_ERROR_USAGE,
                   "demo: --versus names the story's own arrangement '%s' "
                   "(expected another one)",
                   names[0]);
      return FALSE;
    }
  return TRUE;
}

gboolean
ctsim_cmd_demo (const CtsimOptions *opts, char **args, GError **error)
{
  const char *names[2];
  g_autofree char *path0 = NULL, *path1 = NULL;
  g_autoptr (CtsimDemoRun) story = NULL;
  g_autoptr (CtsimDemoRun) versus = NULL;
  g_autoptr (SimOutputDir) dir = NULL;
  g_autoptr (GPtrArray) lines
      = g_ptr_array_new_with_free_func (ctsim_demo_line_free);
  g_autofree char *note = NULL, *text = NULL;
  g_autoptr (GTimer) timer = g_timer_new ();
  Pair x = { { NULL, NULL }, { NULL, NULL } };
  guint64 seed;
  gboolean ok = FALSE;

  if (!check_args (opts, args, names, error)
      || !(path0 = arrangement_path (names[0], "--arrangement", error))
      || !(path1 = arrangement_path (names[1], "--versus", error)))
    return FALSE;
  {
    const char *const paths[2] = { path0, path1 };
    if (!load_pair (paths, opts->sets, &x, error))
      goto out;
  }
  seed = opts->seed_set ? (guint64)opts->seed
                        : cs_scenario_run_settings (x.sc[0])->seed;
  story = ctsim_demo_run_new (x.sc[0], names[0], seed);
  versus = ctsim_demo_run_new (x.sc[1], names[1], seed);
  set_list (story, opts->sets, x.use[0]);
  set_list (versus, opts->sets, x.use[1]);
  dir = sim_output_dir_begin (
      opts->output ? opts->output : "ctsim-out" G_DIR_SEPARATOR_S "demo",
      error);
  if (!dir || !run_both (story, versus, error)
      || !(note = chart (dir, story, versus, error)))
    goto out;
  ctsim_demo_narrate (story, versus, note, lines);
  text = narration_text (lines);
  {
    const CtsimDemoRun *const runs[2] = { story, versus };
    if (!write_folder (dir, opts, runs, text, g_timer_elapsed (timer, NULL),
                       error)
        || !ctsim_commit_output (dir, opts, error))
      goto out;
  }
  if (!opts->quiet)
    print_all (lines, opts->step);
  ok = TRUE;
out:
  pair_clear (&x);
  return ok;
}
