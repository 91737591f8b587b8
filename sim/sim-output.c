/* sim-output.c: the output folder, written atomically, and its CSV files.
 *
 * Folder life (see sim-output.h):
 *   begin   clears what an interrupted run left (below), refuses an
 *           existing final path that is not an owned folder (before creating
 *           anything), creates the parent folders, then the temporary
 *           sibling ".NAME.tmp-HOST-PID-XXXXXX" holding the marker;
 *   write   puts whole files into the temporary folder;
 *   commit  moves an existing owned folder aside
 *           (".NAME.old-HOST-PID-XXXXXX"), renames the temporary folder into
 *           place, then deletes the old one;
 *   free    deletes the temporary folder if commit did not happen.
 * Leftovers: a run killed between begin and commit leaves its temporary
 * folder, and one killed inside commit may leave the previous output under
 * its ".old" name.  The names carry the host and process that made them, so
 * begin can tell a dead run's leftovers (this host, no such process) from a
 * live run's: it deletes a dead run's temporary folder, and puts a dead
 * run's previous output back at the final path when nothing is there (else
 * deletes it).  Only folders holding the marker are touched, and empty
 * leftovers (rmdir removes nothing else).
 * After commit, sim_output_dir_tmp_path() gives the final path (where the
 * files now are); writing is no longer allowed.
 * Invariant: this module deletes only folders that hold the marker (the
 * ones it made, or an earlier run's), and never follows a symbolic link
 * when deleting: a link is removed, not what it points to.
 *
 * CSV (RFC 4180, LF line ends): a field is quoted when it holds a comma,
 * a double quote, CR or LF, with quotes doubled; numbers are "%.10g" in the
 * C locale; non-finite numbers are written as an empty field.
 *
 * summary: a replication "reports" a (group, measure) when its first
 * row with that key and year SIM_YEAR_ALL has a finite value; the mean, the
 * interval and the count are over those replications.  A key whose value is
 * non-finite in every replication still gets a row (empty numbers, count 0).
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <signal.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "sim/sim-error.h"
#include "sim/sim-output.h"
#include "sim/sim-stats.h"

/* The owning program (sim_output_set_program) and its marker file. */
static char program_name[32] = "sim";
static char marker_name[48] = ".sim-output";
#define MARKER_NAME marker_name

void
sim_output_set_program (const char *name)
{
  g_assert (name && *name && strlen (name) < sizeof program_name);
  g_strlcpy (program_name, name, sizeof program_name);
  g_snprintf (marker_name, sizeof marker_name, ".%s-output", name);
}
#define MARKER_TEXT                                                            \
  "This folder was written by " PACKAGE_STRING ".\n"                           \
  "The next run with the same output path replaces it whole.\n"

struct SimOutputDir
{
  char *final_path; /* as given, without trailing separators */
  char *parent;
  char *base;
  char *tmp_path; /* the temporary folder, until commit */
  gboolean committed;
  gboolean replaced; /* the commit moved a previous output aside */
};

/* ---- deleting (only what the program made) ------------------------------- */

static gboolean
set_errno_error (GError **error, int code, const char *path, int errsv)
{
  g_set_error (error, SIM_ERROR, code, "%s: %s", path, g_strerror (errsv));
  return FALSE;
}

/* rm -r that never follows links; the caller has checked the marker.
 * A folder's marker goes last, just before the folder: a failure on the
 * way leaves the folder with its marker, so a later run (or this one)
 * may delete it; when the empty folder cannot be removed, its marker is
 * written again for the same reason. */
static gboolean
remove_tree (const char *path, GError **error)
{
  GStatBuf st;

  if (g_lstat (path, &st) != 0)
    return set_errno_error (error, SIM_ERROR_IO, path, errno);
  if (S_ISDIR (st.st_mode))
    {
      g_autoptr (GDir) dir = NULL;
      g_autoptr (GError) local = NULL;
      g_autofree char *marker = g_build_filename (path, MARKER_NAME, NULL);
      gboolean marked = FALSE;
      const char *name;
      int errsv;

      dir = g_dir_open (path, 0, &local);
      if (!dir)
        {
          g_set_error_literal (error, SIM_ERROR, SIM_ERROR_IO, local->message);
          return FALSE;
        }
      while ((name = g_dir_read_name (dir)))
        {
          g_autofree char *child = NULL;

          if (strcmp (name, MARKER_NAME) == 0)
            {
              marked = TRUE;
              continue;
            }
          child = g_build_filename (path, name, NULL);
          if (!remove_tree (child, error))
            return FALSE;
        }
      if (marked && !remove_tree (marker, error))
        return FALSE;
      if (g_rmdir (path) == 0)
        return TRUE;
      errsv = errno;
      if (marked)
        g_file_set_contents (marker, MARKER_TEXT, -1, NULL);
      return set_errno_error (error, SIM_ERROR_IO, path, errsv);
    }
  if (g_unlink (path) != 0)
    return set_errno_error (error, SIM_ERROR_IO, path, errno);
  return TRUE;
}

/* Delete an owned folder (or a link to one); anything else is left alone.
 * Failures are warnings: the caller's work is already done or abandoned. */
static void
remove_owned_folder (const char *path)
{
  g_autoptr (GError) error = NULL;
  GStatBuf st;

  if (g_lstat (path, &st) != 0 && errno == ENOENT)
    return;
  if (!sim_output_is_owned_folder (path))
    {
      g_warning ("%s: not removed: it is not a %s output folder", path,
                 program_name);
      return;
    }
  if (!remove_tree (path, &error))
    g_warning ("cannot remove %s: %s", path, error->message);
}

gboolean
sim_output_is_owned_folder (const char *path)
{
  g_autofree char *marker = g_build_filename (path, MARKER_NAME, NULL);

  return g_file_test (path, G_FILE_TEST_IS_DIR)
         && g_file_test (marker, G_FILE_TEST_IS_REGULAR);
}

/* ---- begin ------------------------------------------------------------- */

static gboolean
path_exists (const char *path)
{
  GStatBuf st;

  return g_lstat (path, &st) == 0;
}

/* TRUE when path holds something that is not an output folder of ours.
 * Tested twice: another run may move its output aside (or its new output
 * into place) between the test of existence and the test of the marker,
 * which then looks foreign for a moment; a foreign file stays. */
static gboolean
foreign_at (const char *path)
{
  for (guint i = 0; i < 2; i++)
    if (!path_exists (path) || sim_output_is_owned_folder (path))
      return FALSE;
  return TRUE;
}

static gboolean
refuse_overwrite (const char *path, GError **error)
{
  g_set_error (error, SIM_ERROR, SIM_ERROR_CANTCREAT,
               "%s: exists and is not a %s output folder; "
               "refusing to overwrite it",
               path, program_name);
  return FALSE;
}

static char *
strip_trailing_separators (const char *path)
{
  char *s = g_strdup (path);
  gsize len = strlen (s);

  while (len > 1 && G_IS_DIR_SEPARATOR (s[len - 1]))
    s[--len] = '\0';
  return s;
}

/* ---- leftovers of interrupted runs ------------------------------------ */

char *
sim_output_host_tag (void)
{
  char *tag = g_strndup (g_get_host_name (), 64);

  for (char *p = tag; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '.')
      *p = '_';
  return tag;
}

char *
sim_output_owned_template (const char *parent, const char *base,
                           const char *kind)
{
  g_autofree char *host = sim_output_host_tag ();
  g_autofree char *name = g_strdup_printf (".%s.%s-%s-%ld-XXXXXX", base, kind,
                                           host, (long)getpid ());

  return g_build_filename (parent, name, NULL);
}

gboolean
sim_output_is_dead_leftover (const char *name, const char *base,
                             const char *kind)
{
  g_autofree char *host = sim_output_host_tag ();
  g_autofree char *prefix = g_strdup_printf (".%s.%s-%s-", base, kind, host);
  const char *rest;
  char *end = NULL;
  long pid;

  if (!g_str_has_prefix (name, prefix))
    return FALSE;
  rest = name + strlen (prefix);
  if (!g_ascii_isdigit (rest[0]))
    return FALSE;
  errno = 0;
  pid = strtol (rest, &end, 10);
  if (errno != 0 || pid <= 0 || pid > G_MAXINT || *end != '-'
      || strlen (end + 1) != 6)
    return FALSE;
  return (pid_t)pid != getpid () && kill ((pid_t)pid, 0) != 0 && errno == ESRCH;
}

/* Delete dead runs' temporary folders beside the final path; put a dead
 * run's previous output back when the final path is free (else delete it).
 * Best effort: a failure here is a warning, the run goes on. */
static void
clear_leftovers (const SimOutputDir *dir)
{
  g_autoptr (GDir) parent = g_dir_open (dir->parent, 0, NULL);
  const char *name;

  if (!parent)
    return;
  while ((name = g_dir_read_name (parent)))
    {
      gboolean tmp = sim_output_is_dead_leftover (name, dir->base, "tmp");
      g_autofree char *path = NULL;

      if (!tmp && !sim_output_is_dead_leftover (name, dir->base, "old"))
        continue;
      path = g_build_filename (dir->parent, name, NULL);
      /* A run killed between reserving its ".old" name and moving the
       * previous output there, or between deleting a folder's marker and
       * the folder, left an empty folder: rmdir removes nothing else. */
      if (g_rmdir (path) == 0)
        continue;
      if (!sim_output_is_owned_folder (path))
        continue;
      if (tmp || path_exists (dir->final_path)
          || g_rename (path, dir->final_path) != 0)
        remove_owned_folder (path);
    }
}

/* Create the temporary folder and its marker. */
static gboolean
make_tmp_folder (SimOutputDir *dir, GError **error)
{
  g_autofree char *tmpl
      = sim_output_owned_template (dir->parent, dir->base, "tmp");
  g_autofree char *marker = NULL;
  g_autoptr (GError) local = NULL;

  if (g_mkdir_with_parents (dir->parent, 0777) != 0)
    return set_errno_error (error, SIM_ERROR_CANTCREAT, dir->parent, errno);
  if (!g_mkdtemp_full (tmpl, 0777))
    {
      int errsv = errno;

      g_set_error (error, SIM_ERROR, SIM_ERROR_CANTCREAT,
                   "%s: cannot create the output folder: %s", dir->final_path,
                   g_strerror (errsv));
      return FALSE;
    }
  marker = g_build_filename (tmpl, MARKER_NAME, NULL);
  if (!g_file_set_contents (marker, MARKER_TEXT, -1, &local))
    {
      g_set_error (error, SIM_ERROR, SIM_ERROR_CANTCREAT, "%s: %s",
                   dir->final_path, local->message);
      g_unlink (marker);
      g_rmdir (tmpl);
      return FALSE;
    }
  dir->tmp_path = g_steal_pointer (&tmpl);
  return TRUE;
}

SimOutputDir *
sim_output_dir_begin (const char *final_path, GError **error)
{
  g_autoptr (SimOutputDir) dir = g_new0 (SimOutputDir, 1);

  g_return_val_if_fail (final_path, NULL);
  if (!*final_path)
    {
      g_set_error (error, SIM_ERROR, SIM_ERROR_CANTCREAT,
                   "an empty path is not a usable name for an output folder");
      return NULL;
    }
  dir->final_path = strip_trailing_separators (final_path);
  dir->parent = g_path_get_dirname (dir->final_path);
  dir->base = g_path_get_basename (dir->final_path);
  if (strcmp (dir->base, ".") == 0 || strcmp (dir->base, "..") == 0
      || G_IS_DIR_SEPARATOR (dir->base[0]))
    {
      g_set_error (error, SIM_ERROR, SIM_ERROR_CANTCREAT,
                   "%s: not a usable name for an output folder",
                   dir->final_path);
      return NULL;
    }
  clear_leftovers (dir);
  if (foreign_at (dir->final_path))
    {
      refuse_overwrite (dir->final_path, error);
      return NULL;
    }
  if (!make_tmp_folder (dir, error))
    return NULL;
  return g_steal_pointer (&dir);
}

const char *
sim_output_dir_tmp_path (const SimOutputDir *dir)
{
  return dir->committed ? dir->final_path : dir->tmp_path;
}

const char *
sim_output_dir_final_path (const SimOutputDir *dir)
{
  return dir->final_path;
}

/* ---- write, commit, free ------------------------------------------------ */

gboolean
sim_output_write_in (const char *folder, const char *name, const char *shown,
                     const char *contents, gssize length, GError **error)
{
  g_autofree char *path = g_build_filename (folder, name, NULL);
  g_autoptr (GError) local = NULL;

  if (!g_file_set_contents (path, contents, length, &local))
    {
      g_set_error (error, SIM_ERROR, SIM_ERROR_IO, "cannot write %s%c%s: %s",
                   shown, G_DIR_SEPARATOR, name, local->message);
      return FALSE;
    }
  return TRUE;
}

gboolean
sim_output_dir_write (SimOutputDir *dir, const char *name, const char *contents,
                      gssize length, GError **error)
{
  g_assert (!dir->committed);
  g_assert (name && *name && !strchr (name, '/')
            && !strchr (name, G_DIR_SEPARATOR));
  g_assert (strcmp (name, ".") != 0 && strcmp (name, "..") != 0
            && strcmp (name, MARKER_NAME) != 0);
  return sim_output_write_in (dir->tmp_path, name, dir->final_path, contents,
                              length, error);
}

/* Move the existing final folder (or link) to a fresh ".NAME.old-..."
 * name, reserved with mkdtemp so that no other file is ever clobbered.
 * (transfer full) the new name, or NULL, error and *gone TRUE when the
 * final path vanished under us (another run moved it aside first). */
static char *
move_old_aside (SimOutputDir *dir, gboolean *gone, GError **error)
{
  g_autofree char *old
      = sim_output_owned_template (dir->parent, dir->base, "old");
  GStatBuf st;

  if (!g_mkdtemp_full (old, 0700))
    {
      /* Said as a failed move is (below): the name of the parent alone
       * did not tell the user what could not be done. */
      int errsv = errno;

      g_set_error (error, SIM_ERROR, SIM_ERROR_CANTCREAT,
                   "%s: cannot move the previous output aside: %s",
                   dir->final_path, g_strerror (errsv));
      return NULL;
    }
  /* rename() replaces an empty folder only with a folder: for a link,
   * free the reserved name first. */
  if (g_lstat (dir->final_path, &st) == 0 && !S_ISDIR (st.st_mode))
    g_rmdir (old);
  if (g_rename (dir->final_path, old) != 0)
    {
      int errsv = errno;

      *gone = errsv == ENOENT;
      g_rmdir (old);
      g_set_error (error, SIM_ERROR, SIM_ERROR_CANTCREAT,
                   "%s: cannot move the previous output aside: %s",
                   dir->final_path, g_strerror (errsv));
      return NULL;
    }
  return g_steal_pointer (&old);
}

/* Another run committed into the same final path while this one was
 * committing: its output is complete and stays; this run's is dropped
 * (by free), with one line saying so. */
static gboolean
lost_race (SimOutputDir *dir, const char *old, GError **error)
{
  if (old)
    remove_owned_folder (old);
  g_set_error (error, SIM_ERROR, SIM_ERROR_CANTCREAT,
               "%s: another run wrote this output folder at the same time; "
               "its output is kept and this run's is discarded",
               dir->final_path);
  return FALSE;
}

/* How often a commit tries to move a vanishing previous output aside. */
enum
{
  COMMIT_ATTEMPTS = 8
};

gboolean
sim_output_dir_commit (SimOutputDir *dir, GError **error)
{
  g_autofree char *old = NULL;
  int errsv;

  g_assert (!dir->committed);
  /* Another run may move the final folder aside between the test and
   * the move, and may put its own output there straight after: try again
   * while the path keeps vanishing under us, a few times at most; if it
   * is still taken, the rename below loses the race in one line. */
  for (guint attempt = 0; !old && attempt < COMMIT_ATTEMPTS; attempt++)
    {
      g_autoptr (GError) local = NULL;
      gboolean gone = FALSE;

      if (!path_exists (dir->final_path))
        break;
      if (foreign_at (dir->final_path))
        return refuse_overwrite (dir->final_path, error);
      old = move_old_aside (dir, &gone, &local);
      if (!old && !gone)
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
    }
  if (g_rename (dir->tmp_path, dir->final_path) != 0)
    {
      errsv = errno;
      if ((errsv == ENOTEMPTY || errsv == EEXIST)
          && sim_output_is_owned_folder (dir->final_path))
        return lost_race (dir, old, error);
      if (old && g_rename (old, dir->final_path) != 0)
        g_warning ("%s: the previous output is left in %s", dir->final_path,
                   old);
      g_set_error (error, SIM_ERROR, SIM_ERROR_CANTCREAT,
                   "%s: cannot move the new output into place: %s",
                   dir->final_path, g_strerror (errsv));
      return FALSE;
    }
  dir->committed = TRUE;
  dir->replaced = old != NULL;
  if (old)
    remove_owned_folder (old);
  return TRUE;
}

gboolean
sim_output_dir_replaced (const SimOutputDir *dir)
{
  return dir->committed && dir->replaced;
}

void
sim_output_dir_free (SimOutputDir *dir)
{
  if (!dir)
    return;
  if (!dir->committed && dir->tmp_path)
    remove_owned_folder (dir->tmp_path);
  g_free (dir->final_path);
  g_free (dir->parent);
  g_free (dir->base);
  g_free (dir->tmp_path);
  g_free (dir);
}

/* ---- CSV ----------------------------------------------------------------- */

void
sim_csv_append_field (GString *line, const char *field)
{
  if (!field)
    return;
  if (!strpbrk (field, ",\"\r\n"))
    {
      g_string_append (line, field);
      return;
    }
  g_string_append_c (line, '"');
  for (const char *p = field; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (line, '"');
      g_string_append_c (line, *p);
    }
  g_string_append_c (line, '"');
}

void
sim_csv_append_double (GString *line, double value)
{
  char text[G_ASCII_DTOSTR_BUF_SIZE];

  if (isfinite (value))
    g_string_append (line, g_ascii_formatd (text, sizeof text, "%.10g", value));
}

/* The extra leading fields (names or values), each followed by a comma. */
static void
append_extra (GString *out, const SimOutputColumn *extra, guint n_extra,
              gboolean names)
{
  for (guint i = 0; i < n_extra; i++)
    {
      sim_csv_append_field (out, names ? extra[i].name : extra[i].value);
      g_string_append_c (out, ',');
    }
}

/* ---- results ------------------------------------------------------------ */

static void
append_result_row (GString *out, const SimOutputColumn *extra, guint n_extra,
                   const char *scenario, guint replication,
                   const SimResultRow *row)
{
  append_extra (out, extra, n_extra, FALSE);
  sim_csv_append_field (out, scenario);
  g_string_append_printf (out, ",%u,", replication);
  if (row->year == SIM_YEAR_ALL)
    g_string_append (out, "all");
  else
    g_string_append_printf (out, "%d", row->year);
  g_string_append_c (out, ',');
  sim_csv_append_field (out, row->group);
  g_string_append_c (out, ',');
  sim_csv_append_field (out, row->measure);
  g_string_append_c (out, ',');
  sim_csv_append_double (out, row->value);
  g_string_append_c (out, '\n');
}

void
sim_output_results_csv (GString *out, gboolean header,
                        const SimOutputColumn *extra, guint n_extra,
                        const char *scenario, SimResults *const *reps, guint n,
                        guint first_replication)
{
  g_assert (out && scenario);
  g_assert (n_extra == 0 || extra);
  if (header)
    {
      append_extra (out, extra, n_extra, TRUE);
      g_string_append (out, SIM_RESULTS_HEADER "\n");
    }
  for (guint r = 0; r < n; r++)
    {
      g_assert (reps[r]);
      for (gsize i = 0; i < sim_results_len (reps[r]); i++)
        append_result_row (out, extra, n_extra, scenario, first_replication + r,
                           sim_results_row (reps[r], i));
    }
}

/* ---- summary ------------------------------------------------------------ */

typedef struct
{
  const char *group;   /* interned */
  const char *measure; /* interned */
  guint last_rep;      /* replication that last matched, or G_MAXUINT */
  GArray *values;      /* of double: one per reporting replication */
} SummaryKey;

static guint
summary_key_hash (gconstpointer p)
{
  const SummaryKey *k = p;

  return g_direct_hash (k->group) * 31u + g_direct_hash (k->measure);
}

static gboolean
summary_key_equal (gconstpointer a, gconstpointer b)
{
  const SummaryKey *ka = a, *kb = b;

  return ka->group == kb->group && ka->measure == kb->measure;
}

static void
summary_key_free (gpointer p)
{
  SummaryKey *k = p;

  g_array_unref (k->values);
  g_free (k);
}

/* One replication's contribution to the keys: the first "all" row of
 * each key, when finite. */
static void
collect_replication (GHashTable *index, GPtrArray *keys, guint r,
                     const SimResults *res)
{
  for (gsize i = 0; i < sim_results_len (res); i++)
    {
      const SimResultRow *row = sim_results_row (res, i);
      SummaryKey probe = { row->group, row->measure, 0, NULL };
      SummaryKey *k;

      if (row->year != SIM_YEAR_ALL)
        continue;
      k = g_hash_table_lookup (index, &probe);
      if (!k)
        {
          k = g_new0 (SummaryKey, 1);
          k->group = row->group;
          k->measure = row->measure;
          k->last_rep = G_MAXUINT;
          k->values = g_array_new (FALSE, FALSE, sizeof (double));
          g_ptr_array_add (keys, k);
          g_hash_table_add (index, k);
        }
      if (k->last_rep == r)
        continue;
      k->last_rep = r;
      if (isfinite (row->value))
        g_array_append_val (k->values, row->value);
    }
}

static void
append_summary_row (GString *out, const SimOutputColumn *extra, guint n_extra,
                    const char *scenario, const SummaryKey *k)
{
  double mean = NAN, lo = NAN, hi = NAN, min, max;

  sim_measure_bounds (k->measure, &min, &max);
  if (k->values->len > 0)
    sim_ci_bounded ((const double *)k->values->data, k->values->len, 0.95, min,
                    max, &mean, &lo, &hi);
  append_extra (out, extra, n_extra, FALSE);
  sim_csv_append_field (out, scenario);
  g_string_append_c (out, ',');
  sim_csv_append_field (out, k->group);
  g_string_append_c (out, ',');
  sim_csv_append_field (out, k->measure);
  g_string_append_c (out, ',');
  sim_csv_append_double (out, mean);
  g_string_append_c (out, ',');
  sim_csv_append_double (out, lo);
  g_string_append_c (out, ',');
  sim_csv_append_double (out, hi);
  g_string_append_printf (out, ",%u\n", k->values->len);
}

void
sim_output_summary_csv (GString *out, gboolean header,
                        const SimOutputColumn *extra, guint n_extra,
                        const char *scenario, SimResults *const *reps, guint n)
{
  g_autoptr (GPtrArray) keys
      = g_ptr_array_new_with_free_func (summary_key_free);
  g_autoptr (GHashTable) index
      = g_hash_table_new (summary_key_hash, summary_key_equal);

  g_assert (out && scenario);
  g_assert (n_extra == 0 || extra);
  if (header)
    {
      append_extra (out, extra, n_extra, TRUE);
      g_string_append (out, SIM_SUMMARY_HEADER "\n");
    }
  for (guint r = 0; r < n; r++)
    {
      g_assert (reps[r]);
      collect_replication (index, keys, r, reps[r]);
    }
  for (guint i = 0; i < keys->len; i++)
    append_summary_row (out, extra, n_extra, scenario, keys->pdata[i]);
}
