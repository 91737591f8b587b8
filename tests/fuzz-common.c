/* fuzz-common.c: helpers of the fuzz harnesses (see fuzz.h). */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "sim/sim-error.h"
#include "tests/fuzz.h"

void
fuzz_fail (const char *file, int line, const char *fmt, ...)
{
  va_list ap;

  fprintf (stderr, "FUZZ FINDING at %s:%d: ", file, line);
  va_start (ap, fmt);
  vfprintf (stderr, fmt, ap);
  va_end (ap);
  fputc ('\n', stderr);
  abort ();
}

void
fuzz_expect_input_error (GError *error)
{
  fuzz_expect (error != NULL, "failed without an error");
  fuzz_expect (error->domain == SIM_ERROR, "error outside SIM_ERROR: %s",
               error->message);
  fuzz_expect (error->code == SIM_ERROR_USAGE || error->code == SIM_ERROR_DATA
                   || error->code == SIM_ERROR_NOINPUT,
               "exit status %d for bad input: %s", error->code, error->message);
  fuzz_expect (*error->message && !strchr (error->message, '\n'),
               "not one line: '%s'", error->message);
  g_error_free (error);
}

static char *scratch;

static void
remove_scratch (void)
{
  g_autoptr (GDir) d = g_dir_open (scratch, 0, NULL);
  const char *name;

  while (d && (name = g_dir_read_name (d)))
    {
      g_autofree char *p = g_build_filename (scratch, name, NULL);
      g_unlink (p);
    }
  g_rmdir (scratch);
}

const char *
fuzz_scratch (void)
{
  g_autofree char *shipped = NULL;
  g_autoptr (GDir) d = NULL;
  const char *name;

  if (scratch)
    return scratch;
  scratch = g_dir_make_tmp ("ctsim-fuzz-XXXXXX", NULL);
  fuzz_expect (scratch != NULL, "cannot make a scratch folder");
  atexit (remove_scratch);
  shipped = g_build_filename (CTSIM_SRCDIR, "scenarios", NULL);
  d = g_dir_open (shipped, 0, NULL);
  while (d && (name = g_dir_read_name (d)))
    {
      g_autofree char *from = g_build_filename (shipped, name, NULL);
      g_autofree char *to = g_build_filename (scratch, name, NULL);

      if (g_file_test (from, G_FILE_TEST_IS_REGULAR))
        fuzz_expect (symlink (from, to) == 0, "cannot link %s", from);
    }
  return scratch;
}

const char *
fuzz_write (const char *name, const void *data, size_t size)
{
  static GHashTable *paths;
  char *path;
  FILE *f;

  if (!paths)
    paths = g_hash_table_new (g_str_hash, g_str_equal);
  path = g_hash_table_lookup (paths, name);
  if (!path)
    {
      path = g_build_filename (fuzz_scratch (), name, NULL);
      g_hash_table_insert (paths, g_strdup (name), path);
    }
  /* Plain writes: no fsync, no rename (most of an input's cost else). */
  f = fopen (path, "wb");
  fuzz_expect (f && fwrite (data, 1, size, f) == size && fclose (f) == 0,
               "cannot write %s", path);
  return path;
}

void
fuzz_dump (const void *data, size_t size)
{
  static const char *dir;
  static gboolean looked;
  static guint n;
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  FILE *f;

  if (!looked)
    {
      dir = g_getenv ("CTSIM_FUZZ_DUMP");
      looked = TRUE;
    }
  if (!dir || !*dir)
    return;
  name = g_strdup_printf ("%07u", n++);
  path = g_build_filename (dir, name, NULL);
  f = fopen (path, "wb");
  fuzz_expect (f && fwrite (data, 1, size, f) == size && fclose (f) == 0,
               "cannot write %s", path);
}
