/* test-trace.c: the event trace sink (sim/sim-trace.h) on a toy model.
 *
 * The toy model has two kinds: "tick" every 1.5 days (its handler notes
 * the model's own four columns, and on every second tick notes twice) and
 * "tock" at random times (no note).  Exact text is compared for the
 * deterministic ticks; whole traces of random runs are compared byte by
 * byte.  Seeds are printed by the tests that use them.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "sim/sim-error.h"
#include "sim/sim-trace.h"
#include "tests/cu-main.h"

/* ---- the toy model ------------------------------------------------------- */

enum
{
  KIND_TICK,
  KIND_TOCK,
  N_KINDS
};

typedef struct
{
  gboolean random_tocks;
  guint ticks;
  SimRng rng;
} Toy;

static void
on_tick (SimEngine *eng, gpointer state, gpointer payload)
{
  Toy *toy = state;

  (void)payload;
  toy->ticks++;
  if (sim_trace_wanted (eng))
    {
      g_autofree char *n = g_strdup_printf ("%u", toy->ticks);
      g_autofree char *what
          = g_strdup_printf ("tick %u, \"quoted\"", toy->ticks);
      const char *v[] = { "panel", n, "camhs", what };
      const char *w[] = { NULL, NULL, "respite", NULL };

      sim_trace_note_record (eng, 100 + (gint)toy->ticks, &toy->ticks,
                             sizeof toy->ticks, v);
      if (toy->ticks % 2 == 0)
        sim_trace_note (eng, w);
    }
  sim_engine_schedule (eng, 1.5, KIND_TICK, NULL, NULL);
}

static void
on_tock (SimEngine *eng, gpointer state, gpointer payload)
{
  Toy *toy = state;

  (void)payload;
  if (toy->random_tocks)
    sim_engine_schedule (eng, 10.0 * sim_rng_uniform (&toy->rng), KIND_TOCK,
                         NULL, NULL);
}

static gpointer
toy_new (SimEngine *eng, gconstpointer params, GError **error)
{
  Toy *toy = g_new0 (Toy, 1);

  (void)error;
  toy->random_tocks = GPOINTER_TO_INT (params);
  sim_engine_rng (eng, &toy->rng, 1, 0);
  sim_engine_schedule (eng, 0.0, KIND_TICK, NULL, NULL);
  sim_engine_schedule (eng, 2.0, KIND_TOCK, NULL, NULL);
  return toy;
}

static gboolean
toy_finish (SimEngine *eng, gpointer state, SimResults *out, GError **error)
{
  Toy *toy = state;

  (void)eng;
  (void)error;
  sim_results_add (out, SIM_YEAR_ALL, "all", "ticks", toy->ticks);
  return TRUE;
}

static const char *const toy_kind_names[N_KINDS] = { "tick", "tock" };
static const SimHandlerFunc toy_handlers[N_KINDS] = { on_tick, on_tock };
/* The toy's own trace columns: the engine gives them no meaning. */
static const char *const toy_columns[] = { "who", "n", "where", "what", NULL };
#define TOY_HEADER "time_days,event,who,n,where,what"
static const SimModel toy_model = {
  .name = "toy",
  .n_kinds = N_KINDS,
  .kind_names = toy_kind_names,
  .handlers = toy_handlers,
  .trace_columns = toy_columns,
  .state_new = toy_new,
  .state_free = g_free,
  .finish = toy_finish,
};

/* ---- helpers ------------------------------------------------------------ */

/* Run the toy to `horizon` with a trace into memory; the trace text. */
static char *
trace_text (double horizon, gboolean random_tocks, const char *const *kinds)
{
  SimRunConfig cfg = { .seed = 7, .horizon_days = horizon };
  g_autoptr (SimEngine) eng = NULL;
  g_autoptr (SimResults) res = sim_results_new ();
  g_autoptr (GError) error = NULL;
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream (&buf, &len);
  SimTrace *trace;

  eng = sim_engine_new (&toy_model, GINT_TO_POINTER (random_tocks), &cfg,
                        &error);
  g_assert_no_error (error);
  trace = sim_trace_new (f, &toy_model, kinds);
  sim_trace_attach (trace, eng);
  CU_ASSERT (sim_engine_run (eng, res, &error));
  CU_ASSERT (sim_trace_finish (trace, &error));
  sim_trace_free (trace);
  fclose (f);
  return buf;
}

static void
assert_text (const char *got, const char *want)
{
  if (strcmp (got, want) != 0)
    fprintf (stderr, "got:\n%s\nwant:\n%s\n", got, want);
  CU_ASSERT_STRING_EQUAL (got, want);
}

static char *
read_file (const char *path)
{
  char *text = NULL;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return g_strdup ("(unreadable)");
  return text;
}

/* ---- tests -------------------------------------------------------------- */

static void
test_rows (void)
{
  g_autofree char *text = trace_text (4.0, FALSE, NULL);

  assert_text (text,
               TOY_HEADER "\n"
                          "0,tick,panel,1,camhs,\"tick 1, \"\"quoted\"\"\"\n"
                          "1.5,tick,panel,2,camhs,\"tick 2, \"\"quoted\"\"\"\n"
                          "1.5,tick,,,respite,\n"
                          "2,tock,,,,\n"
                          "3,tick,panel,3,camhs,\"tick 3, \"\"quoted\"\"\"\n");
}

static void
test_filter (void)
{
  const char *const only_tock[] = { "tock", NULL };
  const char *const none[] = { NULL };
  g_autofree char *tock = trace_text (4.0, FALSE, only_tock);
  g_autofree char *all = trace_text (4.0, FALSE, none);
  g_autofree char *unfiltered = trace_text (4.0, FALSE, NULL);

  assert_text (tock, TOY_HEADER "\n2,tock,,,,\n");
  assert_text (all, unfiltered); /* an empty list keeps every kind */
}

static void
test_check_kinds (void)
{
  const char *const good[] = { "tock", "tick", NULL };
  const char *const bad[] = { "tick", "tack", NULL };
  g_autoptr (GError) error = NULL;

  CU_ASSERT (sim_trace_check_kinds (&toy_model, good, &error));
  CU_ASSERT (sim_trace_check_kinds (&toy_model, NULL, &error));
  CU_ASSERT_FALSE (sim_trace_check_kinds (&toy_model, bad, &error));
  CU_ASSERT (g_error_matches (error, SIM_ERROR, SIM_ERROR_USAGE));
  if (error)
    CU_ASSERT_STRING_EQUAL (error->message,
                            "no event kind 'tack' in model "
                            "toy (expected one of: tick, tock)");
}

/* Rows handed to a function: the same rows as the CSV, values typed by
 * column, NULL for an empty column, with the kind and the note's code and
 * record (none for a plain note or no note). */
typedef struct
{
  GString *text;
  guint rows;
} Collected;

static void
collect (const SimTraceRow *row, gpointer data)
{
  Collected *c = data;

  c->rows++;
  g_string_append_printf (c->text, "%g|%s/%u", row->time, row->event,
                          row->kind);
  for (guint i = 0; i < 4; i++)
    g_string_append_printf (c->text, "|%s",
                            row->values[i] ? row->values[i] : "(none)");
  g_string_append_printf (c->text, "|code %d", row->code);
  if (row->record)
    {
      guint ticks;

      CU_ASSERT_EQUAL (row->record_size, sizeof ticks);
      memcpy (&ticks, row->record, sizeof ticks);
      g_string_append_printf (c->text, "|record %u", ticks);
    }
  else
    CU_ASSERT_EQUAL (row->record_size, 0);
  g_string_append_c (c->text, '\n');
}

static void
test_row_func (void)
{
  SimRunConfig cfg = { .seed = 7, .horizon_days = 4.0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (SimEngine) eng = sim_engine_new (&toy_model, NULL, &cfg, &error);
  g_autoptr (SimResults) res = sim_results_new ();
  g_autoptr (GString) text = g_string_new (NULL);
  Collected c = { text, 0 };
  g_autoptr (SimTrace) trace
      = sim_trace_new_rows (collect, &c, &toy_model, NULL);
  g_autofree char *header = sim_trace_header (&toy_model);

  sim_trace_attach (trace, eng);
  CU_ASSERT (sim_engine_run (eng, res, &error));
  CU_ASSERT (sim_trace_finish (trace, &error));
  CU_ASSERT_EQUAL (c.rows, 5);
  CU_ASSERT_EQUAL (sim_trace_rows (trace), 5);
  assert_text (text->str,
               "0|tick/0|panel|1|camhs|tick 1, \"quoted\"|code 101|record 1\n"
               "1.5|tick/0|panel|2|camhs|tick 2, \"quoted\"|code 102|record 2\n"
               "1.5|tick/0|(none)|(none)|respite|(none)|code 0\n"
               "2|tock/1|(none)|(none)|(none)|(none)|code 0\n"
               "3|tick/0|panel|3|camhs|tick 3, \"quoted\"|code 103|record 3\n");
  assert_text (header, TOY_HEADER);
}

/* Without a trace, notes are ignored (and the run is unchanged). */
static void
test_no_trace (void)
{
  SimRunConfig cfg = { .seed = 7, .horizon_days = 30.0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (SimEngine) eng = sim_engine_new (&toy_model, NULL, &cfg, &error);
  g_autoptr (SimResults) res = sim_results_new ();

  CU_ASSERT (sim_engine_get_trace (eng, NULL) == NULL);
  CU_ASSERT (sim_engine_run (eng, res, &error));
  CU_ASSERT_EQUAL (sim_results_lookup (res, SIM_YEAR_ALL, "all", "ticks"),
                   21.0); /* t = 0, 1.5, ..., 30 */
}

static gboolean
run_to_file (const char *path, guint64 seed, const char *const *kinds,
             GError **error)
{
  SimRunConfig cfg = { .seed = seed, .replication = 0, .horizon_days = 400.0 };

  return sim_trace_run (&toy_model, GINT_TO_POINTER (TRUE), &cfg, path, kinds,
                        error);
}

static void
test_file_identical (void)
{
  g_autofree char *dir = g_dir_make_tmp ("test-trace-XXXXXX", NULL);
  g_autofree char *a = g_build_filename (dir, "a.csv", NULL);
  g_autofree char *b = g_build_filename (dir, "b.csv", NULL);
  g_autofree char *c = g_build_filename (dir, "c.csv", NULL);
  g_autofree char *ta = NULL, *tb = NULL, *tc = NULL;
  g_autoptr (GError) error = NULL;

  printf ("seeds 42 and 43\n");
  CU_ASSERT (run_to_file (a, 42, NULL, &error));
  CU_ASSERT (run_to_file (b, 42, NULL, &error));
  CU_ASSERT (run_to_file (c, 43, NULL, &error));
  ta = read_file (a);
  tb = read_file (b);
  tc = read_file (c);
  CU_ASSERT (strlen (ta) > 1000); /* hundreds of random tocks */
  CU_ASSERT_STRING_EQUAL (ta, tb);
  CU_ASSERT_STRING_NOT_EQUAL (ta, tc);
  /* Only the three files are left: no temporary file. */
  {
    g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
    guint n = 0;

    while (g_dir_read_name (d))
      n++;
    CU_ASSERT_EQUAL (n, 3);
  }
  g_unlink (a);
  g_unlink (b);
  g_unlink (c);
  g_rmdir (dir);
}

static void
test_file_unwritable (void)
{
  g_autoptr (GError) error = NULL;

  CU_ASSERT_FALSE (
      run_to_file ("/nonexistent-ctsim-dir/t.csv", 1, NULL, &error));
  CU_ASSERT (g_error_matches (error, SIM_ERROR, SIM_ERROR_CANTCREAT));
  if (error)
    CU_ASSERT (
        g_str_has_prefix (error->message, "/nonexistent-ctsim-dir/t.csv: "));
}

/* What a trace may replace: nothing there, or a trace ctsim wrote (a
 * regular file with one link starting with the header); never a link, a
 * FIFO, a folder, a second hard link, or another file. */
static void
test_check_path (void)
{
  g_autofree char *dir = g_dir_make_tmp ("test-trace-XXXXXX", NULL);
  g_autofree char *fresh = g_build_filename (dir, "fresh.csv", NULL);
  g_autofree char *missing = g_build_filename (dir, "no", "t.csv", NULL);
  g_autofree char *trace = g_build_filename (dir, "trace.csv", NULL);
  g_autofree char *other = g_build_filename (dir, "other.txt", NULL);
  g_autofree char *shorter = g_build_filename (dir, "short.csv", NULL);
  g_autofree char *lnk = g_build_filename (dir, "link.csv", NULL);
  g_autofree char *hard = g_build_filename (dir, "hard.csv", NULL);
  g_autofree char *fifo = g_build_filename (dir, "fifo.csv", NULL);
  const char *refused[] = { other, shorter, lnk, hard, fifo, dir, NULL };

  CU_ASSERT_TRUE (sim_trace_check_path (fresh, NULL));
  CU_ASSERT_TRUE (sim_trace_check_path (missing, NULL));
  CU_ASSERT_TRUE_FATAL (g_file_set_contents (
      trace, SIM_TRACE_HEADER_START "a\n1,x,a\n", -1, NULL));
  CU_ASSERT_TRUE (sim_trace_check_path (trace, NULL));
  CU_ASSERT_TRUE_FATAL (g_file_set_contents (other, "precious\n", -1, NULL));
  CU_ASSERT_TRUE_FATAL (g_file_set_contents (shorter, "time_days", -1, NULL));
  CU_ASSERT_EQUAL_FATAL (symlink ("trace.csv", lnk), 0);
  CU_ASSERT_EQUAL_FATAL (mkfifo (fifo, 0600), 0);
  CU_ASSERT_TRUE_FATAL (
      g_file_set_contents (hard, SIM_TRACE_HEADER_START "a\n", -1, NULL));
  {
    g_autofree char *hard2 = g_build_filename (dir, "hard2.csv", NULL);

    CU_ASSERT_EQUAL_FATAL (link (hard, hard2), 0);
    for (guint i = 0; refused[i]; i++)
      {
        g_autoptr (GError) error = NULL;

        CU_ASSERT_FALSE (sim_trace_check_path (refused[i], &error));
        CU_ASSERT (error && error->code == SIM_ERROR_CANTCREAT
                   && strstr (error->message, "refusing to overwrite"));
      }
    g_unlink (hard2);
  }
  for (const char *const *p
       = (const char *const[]){ fresh, trace, other, shorter, lnk, hard, fifo,
                                NULL };
       *p; p++)
    g_unlink (*p);
  g_rmdir (dir);
}

static const CuTest trace_tests[] = {
  { "/trace/rows", test_rows },
  { "/trace/filter", test_filter },
  { "/trace/row-func", test_row_func },
  { "/trace/check-kinds", test_check_kinds },
  { "/trace/no-trace", test_no_trace },
  { "/trace/file-identical", test_file_identical },
  { "/trace/file-unwritable", test_file_unwritable },
  { "/trace/check-path", test_check_path },
  { NULL, NULL },
};

int
main (void)
{
  static const CuSuite suites[] = {
    { "/trace", trace_tests },
    { NULL, NULL },
  };

  return cu_main ("test-trace", suites);
}
