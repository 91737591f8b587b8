/* sim-trace.c: the event trace of one replication, as CSV (see sim-trace.h).
 *
 * Invariants:
 * - at most one row is pending: `open` says the current event passed the
 *   filter; the model's columns are filled by the first note, and a second
 *   note writes the pending row and starts another for the same event;
 * - a row goes to the row function, if any, and to the FILE as CSV, if
 *   any; its code and record go to the row function only;
 * - sim_trace_note() recognises its SimTrace by the engine's hook being
 *   trace_hook, so another user of the hook is never misread as a trace;
 * - the keep/drop decision per kind is made once (by name) and cached;
 * - a failed write is remembered (first errno) and reported by finish;
 *   later rows are still attempted, so nothing else changes.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "sim/sim-error.h"
#include "sim/sim-output.h"
#include "sim/sim-trace.h"

enum
{
  KIND_UNSEEN,
  KIND_KEEP,
  KIND_DROP
};

struct SimTrace
{
  FILE *out;            /* CSV, or NULL when rows go to func */
  SimTraceRowFunc func; /* or NULL */
  gpointer func_data;
  guint n_columns;      /* the model's */
  char **kinds;         /* filter, or NULL for all */
  GByteArray *decision; /* per kind index: KIND_* */
  /* The pending row. */
  gboolean open;
  gboolean noted;
  double time;
  guint32 kind;
  char *event;
  char **values;      /* n_columns values, NULL when empty */
  gint code;          /* the note's, 0 when none */
  GByteArray *record; /* the note's record (len 0: none) */
  GString *line;
  guint64 rows;
  int write_errno; /* first failed write, or 0 */
};

/* ---- life ---------------------------------------------------------------- */

static void
write_text (SimTrace *t, const char *text, gsize len)
{
  if (fwrite (text, 1, len, t->out) != len && t->write_errno == 0)
    t->write_errno = errno ? errno : EIO;
}

static guint
n_columns_of (const SimModel *model)
{
  return model->trace_columns ? g_strv_length ((char **)model->trace_columns)
                              : 0;
}

char *
sim_trace_header (const SimModel *model)
{
  GString *h = g_string_new (SIM_TRACE_FIRST_COLUMNS);

  for (guint i = 0; i < n_columns_of (model); i++)
    g_string_append_printf (h, ",%s", model->trace_columns[i]);
  return g_string_free (h, FALSE);
}

static SimTrace *
trace_new (const SimModel *model, const char *const *kinds)
{
  SimTrace *t = g_new0 (SimTrace, 1);

  t->n_columns = n_columns_of (model);
  t->values = g_new0 (char *, t->n_columns + 1);
  if (kinds && kinds[0])
    t->kinds = g_strdupv ((char **)kinds);
  t->decision = g_byte_array_new ();
  t->record = g_byte_array_new ();
  t->line = g_string_new (NULL);
  return t;
}

SimTrace *
sim_trace_new (FILE *out, const SimModel *model, const char *const *kinds)
{
  SimTrace *t;
  g_autofree char *header = sim_trace_header (model);

  g_assert (out);
  t = trace_new (model, kinds);
  t->out = out;
  write_text (t, header, strlen (header));
  write_text (t, "\n", 1);
  return t;
}

SimTrace *
sim_trace_new_rows (SimTraceRowFunc func, gpointer user_data,
                    const SimModel *model, const char *const *kinds)
{
  SimTrace *t;

  g_assert (func);
  t = trace_new (model, kinds);
  t->func = func;
  t->func_data = user_data;
  return t;
}

void
sim_trace_set_row_func (SimTrace *trace, SimTraceRowFunc func,
                        gpointer user_data)
{
  trace->func = func;
  trace->func_data = user_data;
}

static void
clear_fields (SimTrace *t)
{
  for (guint i = 0; i < t->n_columns; i++)
    g_clear_pointer (&t->values[i], g_free);
  t->code = 0;
  g_byte_array_set_size (t->record, 0);
}

void
sim_trace_free (SimTrace *trace)
{
  if (!trace)
    return;
  clear_fields (trace);
  g_free (trace->values);
  g_free (trace->event);
  g_strfreev (trace->kinds);
  g_byte_array_unref (trace->decision);
  g_byte_array_unref (trace->record);
  g_string_free (trace->line, TRUE);
  g_free (trace);
}

/* ---- rows ---------------------------------------------------------------- */

static void
write_row (SimTrace *t)
{
  GString *l = t->line;

  t->rows++;
  if (t->func)
    {
      SimTraceRow row
          = { t->time,       t->kind,
              t->event,      (const char *const *)t->values,
              t->code,       t->record->len ? t->record->data : NULL,
              t->record->len };

      t->func (&row, t->func_data);
    }
  if (!t->out)
    return;
  g_string_truncate (l, 0);
  sim_csv_append_double (l, t->time);
  g_string_append_c (l, ',');
  sim_csv_append_field (l, t->event);
  for (guint i = 0; i < t->n_columns; i++)
    {
      g_string_append_c (l, ',');
      if (t->values[i])
        sim_csv_append_field (l, t->values[i]);
    }
  g_string_append_c (l, '\n');
  write_text (t, l->str, l->len);
}

static gboolean
keep_kind (SimTrace *t, guint32 kind, const char *name)
{
  if (!t->kinds)
    return TRUE;
  if (kind >= t->decision->len)
    {
      guint old = t->decision->len;

      g_byte_array_set_size (t->decision, kind + 1);
      memset (t->decision->data + old, KIND_UNSEEN, kind + 1 - old);
    }
  if (t->decision->data[kind] == KIND_UNSEEN)
    t->decision->data[kind]
        = name && g_strv_contains ((const char *const *)t->kinds, name)
              ? KIND_KEEP
              : KIND_DROP;
  return t->decision->data[kind] == KIND_KEEP;
}

static void
flush_pending (SimTrace *t)
{
  if (t->open)
    write_row (t);
  t->open = FALSE;
  clear_fields (t);
}

static void
trace_hook (double time, guint32 kind, const char *kind_name,
            gpointer user_data)
{
  SimTrace *t = user_data;

  flush_pending (t);
  if (!keep_kind (t, kind, kind_name))
    return;
  t->open = TRUE;
  t->noted = FALSE;
  t->time = time;
  t->kind = kind;
  g_free (t->event);
  t->event = kind_name ? g_strdup (kind_name)
                       : g_strdup_printf ("kind%" G_GUINT32_FORMAT, kind);
}

void
sim_trace_attach (SimTrace *trace, SimEngine *eng)
{
  sim_engine_set_trace (eng, trace_hook, trace);
}

/* The SimTrace attached to eng with a row open, or NULL. */
static SimTrace *
open_trace (SimEngine *eng)
{
  gpointer data = NULL;
  SimTrace *t;

  if (sim_engine_get_trace (eng, &data) != trace_hook)
    return NULL;
  t = data;
  return t->open ? t : NULL;
}

gboolean
sim_trace_wanted (SimEngine *eng)
{
  return open_trace (eng) != NULL;
}

void
sim_trace_note_record (SimEngine *eng, gint code, gconstpointer record,
                       gsize size, const char *const *values)
{
  SimTrace *t = open_trace (eng);

  if (!t)
    return;
  if (t->noted)
    {
      write_row (t);
      clear_fields (t);
    }
  t->noted = TRUE;
  for (guint i = 0; i < t->n_columns; i++)
    t->values[i] = g_strdup (values[i]);
  t->code = code;
  if (size > 0)
    g_byte_array_append (t->record, record, (guint)size);
}

void
sim_trace_note (SimEngine *eng, const char *const *values)
{
  sim_trace_note_record (eng, 0, NULL, 0, values);
}

gboolean
sim_trace_finish (SimTrace *trace, GError **error)
{
  flush_pending (trace);
  if (trace->out && fflush (trace->out) != 0 && trace->write_errno == 0)
    trace->write_errno = errno ? errno : EIO;
  if (trace->write_errno != 0)
    {
      g_set_error (error, SIM_ERROR, SIM_ERROR_IO, "cannot write the trace: %s",
                   g_strerror (trace->write_errno));
      return FALSE;
    }
  return TRUE;
}

guint64
sim_trace_rows (const SimTrace *trace)
{
  return trace->rows;
}

/* ---- filter check -------------------------------------------------------- */

static gboolean
model_has_kind (const SimModel *model, const char *name)
{
  for (guint k = 0; k < model->n_kinds; k++)
    if (model->kind_names && g_strcmp0 (model->kind_names[k], name) == 0)
      return TRUE;
  return FALSE;
}

gboolean
sim_trace_check_kinds (const SimModel *model, const char *const *kinds,
                       GError **error)
{
  for (guint i = 0; kinds && kinds[i]; i++)
    {
      g_autoptr (GString) known = NULL;

      if (model_has_kind (model, kinds[i]))
        continue;
      known = g_string_new (NULL);
      for (guint k = 0; k < model->n_kinds && model->kind_names; k++)
        g_string_append_printf (known, "%s%s", k ? ", " : "",
                                model->kind_names[k]);
      g_set_error (error, SIM_ERROR, SIM_ERROR_USAGE,
                   "no event kind '%s' in model %s "
                   "(expected one of: %s)",
                   kinds[i], model->name, known->str);
      return FALSE;
    }
  return TRUE;
}

/* ---- a traced run into a file -------------------------------------------- */

/* Does the regular file at path start with a trace header?  Opened
 * without following links and without blocking. */
static gboolean
starts_like_trace (const char *path)
{
  char head[sizeof SIM_TRACE_HEADER_START - 1];
  gsize got = 0;
  int fd = g_open (path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0);

  if (fd < 0)
    return FALSE;
  while (got < sizeof head)
    {
      gssize n = read (fd, head + got, sizeof head - got);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        break;
      got += (gsize)n;
    }
  close (fd);
  return got == sizeof head && memcmp (head, SIM_TRACE_HEADER_START, got) == 0;
}

gboolean
sim_trace_check_path (const char *path, GError **error)
{
  GStatBuf st;

  if (g_lstat (path, &st) != 0)
    {
      int errsv = errno;

      if (errsv == ENOENT || errsv == ENOTDIR)
        return TRUE;
      g_set_error (error, SIM_ERROR, SIM_ERROR_CANTCREAT,
                   "%s: cannot create the trace: %s", path, g_strerror (errsv));
      return FALSE;
    }
  if (S_ISREG (st.st_mode) && st.st_nlink == 1 && starts_like_trace (path))
    return TRUE;
  g_set_error (error, SIM_ERROR, SIM_ERROR_CANTCREAT,
               "%s: exists and is not an event trace; refusing to "
               "overwrite it (expected a new path or an earlier trace)",
               path);
  return FALSE;
}

/* Delete the temporary traces that killed runs of this host left beside
 * path (regular files only; best effort). */
static void
clear_dead_tmp (const char *dir, const char *base)
{
  g_autoptr (GDir) parent = g_dir_open (dir, 0, NULL);
  const char *name;

  while (parent && (name = g_dir_read_name (parent)))
    if (sim_output_is_dead_leftover (name, base, "tmp"))
      {
        g_autofree char *leftover = g_build_filename (dir, name, NULL);
        GStatBuf st;

        if (g_lstat (leftover, &st) == 0 && S_ISREG (st.st_mode))
          g_unlink (leftover);
      }
}

/* Open a temporary sibling of path (".NAME.tmp-HOST-PID-XXXXXX") for
 * writing, after clearing killed runs' leftovers; NULL and error. */
static FILE *
open_tmp (const char *path, char **tmp_out, GError **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *tmp = NULL;
  int fd;
  FILE *f;

  clear_dead_tmp (dir, base);
  tmp = sim_output_owned_template (dir, base, "tmp");
  fd = g_mkstemp_full (tmp, O_WRONLY, 0666);

  if (fd < 0)
    {
      int errsv = errno;

      g_set_error (error, SIM_ERROR, SIM_ERROR_CANTCREAT,
                   "%s: cannot create the trace: %s", path, g_strerror (errsv));
      return NULL;
    }
  f = fdopen (fd, "w");
  if (!f)
    {
      int errsv = errno;

      close (fd);
      g_unlink (tmp);
      g_set_error (error, SIM_ERROR, SIM_ERROR_CANTCREAT,
                   "%s: cannot create the trace: %s", path, g_strerror (errsv));
      return NULL;
    }
  *tmp_out = g_steal_pointer (&tmp);
  return f;
}

/* Run the engine with the trace attached; the trace is finished. */
static gboolean
traced_run (const SimModel *model, gconstpointer params,
            const SimRunConfig *config, FILE *f, const char *const *kinds,
            GError **error)
{
  g_autoptr (SimEngine) eng = NULL;
  g_autoptr (SimResults) res = NULL;
  g_autoptr (SimTrace) trace = NULL;

  eng = sim_engine_new (model, params, config, error);
  if (!eng)
    return FALSE;
  trace = sim_trace_new (f, model, kinds);
  sim_trace_attach (trace, eng);
  res = sim_results_new ();
  return sim_engine_run (eng, res, error) && sim_trace_finish (trace, error);
}

gboolean
sim_trace_run (const SimModel *model, gconstpointer params,
               const SimRunConfig *config, const char *path,
               const char *const *kinds, GError **error)
{
  g_autofree char *tmp = NULL;
  FILE *f;
  gboolean ok;

  if (!sim_trace_check_path (path, error))
    return FALSE;
  f = open_tmp (path, &tmp, error);
  if (!f)
    return FALSE;
  ok = traced_run (model, params, config, f, kinds, error);
  if (!ok && error && *error && (*error)->code == SIM_ERROR_IO)
    g_prefix_error (error, "%s: ", path);
  if (fclose (f) != 0 && ok)
    {
      int errsv = errno;

      g_set_error (error, SIM_ERROR, SIM_ERROR_IO,
                   "%s: cannot write the trace: %s", path, g_strerror (errsv));
      ok = FALSE;
    }
  ok = ok && sim_trace_check_path (path, error);
  if (ok && g_rename (tmp, path) != 0)
    {
      int errsv = errno;

      g_set_error (error, SIM_ERROR, SIM_ERROR_CANTCREAT,
                   "%s: cannot create the trace: %s", path, g_strerror (errsv));
      ok = FALSE;
    }
  if (!ok)
    g_unlink (tmp);
  return ok;
}
