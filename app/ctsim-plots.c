/* ctsim-plots.c: charts of a run, compare or sweep (see ctsim-plots.h).
 *
 * The inputs (NAME.dat, meta.gp) come from ctsim-charts.c; this file
 * writes them and runs gnuplot once per chart, with an argument vector,
 * in the output folder.  Invariants: a chart is reported drawn only when
 * gnuplot exited 0 and both its PNG and SVG are non-empty files; at most
 * one warning line per process (`warned`), however many charts and runs
 * fail; gnuplot's failure never fails the run.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <glib/gstdio.h>

#include "app/ctsim-charts.h"
#include "app/ctsim-data.h"
#include "app/ctsim-plots.h"
#include "sim/sim-error.h"
#include "sim/sim-output.h"
#include "sim/sim-stats.h"

/* ---- quoting ------------------------------------------------------------ */

char *
ctsim_plots_quote (const char *s)
{
  GString *q = g_string_new ("'");

  for (const char *p = s ? s : ""; *p; p++)
    if (*p == '\'')
      g_string_append (q, "''");
    else if ((guchar)*p < 0x20 || *p == 0x7f)
      g_string_append_c (q, ' ');
    else
      g_string_append_c (q, *p);
  g_string_append_c (q, '\'');
  return g_string_free (q, FALSE);
}

/* ---- running gnuplot ---------------------------------------------------- */

/* Said once per process, whatever the number of runs and charts. */
static gboolean warned;

static void
warn_once (const char *message)
{
  if (warned)
    return;
  warned = TRUE;
  fprintf (stderr, "ctsim: warning: %s\n", message);
}

void
ctsim_plots_dat_num (GString *dat, double x)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append_c (dat, ' ');
  g_string_append (
      dat, isfinite (x) ? g_ascii_formatd (buf, sizeof buf, "%.6g", x) : "NaN");
}

void
ctsim_plots_meta_array (GString *meta, const char *name, const char *const *v,
                        guint n)
{
  g_string_append_printf (meta, "array %s[%u] = [", name, MAX (n, 1));
  for (guint i = 0; i < MAX (n, 1); i++)
    {
      g_autofree char *q = ctsim_plots_quote (i < n ? v[i] : "");

      g_string_append_printf (meta, "%s%s", i ? ", " : "", q);
    }
  g_string_append (meta, "]\n");
}

void
ctsim_plots_meta_num_array (GString *meta, const char *name, const double *v,
                            guint n)
{
  g_string_append_printf (meta, "array %s[%u] = [", name, MAX (n, 1));
  for (guint i = 0; i < MAX (n, 1); i++)
    {
      g_string_append (meta, i ? "," : "");
      ctsim_plots_dat_num (meta, i < n ? v[i] : NAN);
    }
  g_string_append (meta, "]\n");
}

const char *
ctsim_plots_gnuplot (void)
{
  const char *env = g_getenv ("CTSIM_GNUPLOT");

  return env && *env ? env : CTSIM_GNUPLOT;
}

static gboolean
nonempty_file (const char *path)
{
  GStatBuf st;

  return g_stat (path, &st) == 0 && S_ISREG (st.st_mode) && st.st_size > 0;
}

/* The last non-empty line of text (gnuplot's error), at most 200 bytes.
 * (transfer full) */
static char *
last_line (const char *text)
{
  g_auto (GStrv) lines = g_strsplit (text ? text : "", "\n", -1);
  guint n = g_strv_length (lines);

  while (n > 0 && !*g_strstrip (lines[n - 1]))
    n--;
  if (n == 0)
    return g_strdup ("no message");
  return g_strndup (lines[n - 1], 200);
}

CtsimDraw
ctsim_plots_draw (const char *folder, const char *name, char **why)
{
  g_autofree char *script_name = g_strconcat (name, ".gp", NULL);
  g_autofree char *script
      = g_build_filename (ctsim_data_dir (), "plots", script_name, NULL);
  const char *prog = ctsim_plots_gnuplot ();
  const char *argv[] = { prog, "-e", "dir='.'", script, NULL };
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr (GError) error = NULL;
  int status = 0;
  GSpawnFlags flags = strchr (prog, '/') ? 0 : G_SPAWN_SEARCH_PATH;

  if (!g_file_test (script, G_FILE_TEST_IS_REGULAR))
    {
      *why = g_strdup_printf ("%s: no such script", script);
      return CTSIM_DRAW_FAILED;
    }
  if (!g_spawn_sync (folder, (char **)argv, NULL, flags, NULL, NULL, &out, &err,
                     &status, &error))
    {
      *why = g_strdup (error->message);
      return CTSIM_DRAW_MISSING;
    }
  if (!g_spawn_check_wait_status (status, &error))
    {
      g_autofree char *line = last_line (err);

      *why = g_strdup_printf ("%s: %s", error->message, line);
      return CTSIM_DRAW_FAILED;
    }
  for (int f = 0; f < 2; f++)
    {
      g_autofree char *file
          = g_strdup_printf ("%s/plots/%s.%s", folder, name, f ? "svg" : "png");

      if (!nonempty_file (file))
        {
          *why = g_strdup_printf ("%s.%s was not written", name,
                                  f ? "svg" : "png");
          return CTSIM_DRAW_FAILED;
        }
    }
  return CTSIM_DRAW_OK;
}

/* ---- the whole job ---------------------------------------------------- */

void
ctsim_chart_free (CtsimChart *chart)
{
  if (!chart)
    return;
  g_free (chart->name);
  g_free (chart->title);
  g_free (chart->caption);
  g_free (chart);
}

/* Prepare every chart that applies and write its input; the charts
 * prepared go to `made` (not yet drawn). */
static gboolean
prepare_all (const char *plots_dir, const CtsimPlotsInput *in, GPtrArray *made,
             GError **error)
{
  g_autoptr (GString) meta = g_string_new (NULL);
  g_autoptr (GPtrArray) data
      = g_ptr_array_new_with_free_func (ctsim_chart_data_free);

  ctsim_charts_prepare (in, meta, data);
  for (guint i = 0; i < data->len; i++)
    {
      CtsimChartData *d = data->pdata[i];
      g_autofree char *file = g_strconcat (d->chart->name, ".dat", NULL);

      if (!sim_output_write_in (plots_dir, file, plots_dir, d->dat->str,
                                (gssize)d->dat->len, error))
        return FALSE;
      g_ptr_array_add (made, g_steal_pointer (&d->chart));
    }
  return sim_output_write_in (plots_dir, "meta.gp", plots_dir, meta->str,
                              (gssize)meta->len, error);
}

/* Draw the prepared charts; keep those drawn, warn once about the rest. */
static void
draw_all (const char *folder, GPtrArray *made)
{
  g_autoptr (GString) failed = g_string_new (NULL);
  g_autofree char *first_why = NULL;
  guint i = 0;

  while (i < made->len)
    {
      CtsimChart *chart = made->pdata[i];
      g_autofree char *why = NULL;
      CtsimDraw st = ctsim_plots_draw (folder, chart->name, &why);

      if (st == CTSIM_DRAW_OK)
        {
          i++;
          continue;
        }
      if (st == CTSIM_DRAW_MISSING)
        {
          g_autofree char *msg = g_strdup_printf (
              "cannot run gnuplot (%s): no charts drawn; install gnuplot "
              "(Debian: gnuplot-nox) or set CTSIM_GNUPLOT; the CSV files "
              "and the charts' inputs are written",
              why);
          warn_once (msg);
          g_ptr_array_set_size (made, 0);
          return;
        }
      g_string_append_printf (failed, "%s%s", failed->len ? ", " : "",
                              chart->name);
      if (!first_why)
        first_why = g_steal_pointer (&why);
      g_ptr_array_remove_index (made, i);
    }
  if (failed->len)
    {
      g_autofree char *msg = g_strdup_printf (
          "gnuplot failed to draw %s (%s); the CSV files are written",
          failed->str, first_why);
      warn_once (msg);
    }
}

GPtrArray *
ctsim_plots_write (const char *folder, const CtsimPlotsInput *in,
                   GError **error)
{
  g_autofree char *plots_dir = g_build_filename (folder, "plots", NULL);
  g_autoptr (GPtrArray) made
      = g_ptr_array_new_with_free_func ((GDestroyNotify)ctsim_chart_free);

  g_assert (in->n_series >= 1);
  if (g_mkdir_with_parents (plots_dir, 0777) != 0)
    {
      int errsv = errno;

      g_set_error (error, SIM_ERROR, SIM_ERROR_IO, "cannot create %s: %s",
                   plots_dir, g_strerror (errsv));
      return NULL;
    }
  if (!prepare_all (plots_dir, in, made, error))
    return NULL;
  draw_all (folder, made);
  return g_steal_pointer (&made);
}
