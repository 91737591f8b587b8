/* fuzz-replay.c: runs a fuzz harness (fuzz.h) over the files named on the
 * command line, or over every file of the folders named, with any
 * compiler: how make check replays tests/fuzz/ through the normal build.
 * Prints one line per folder or file; exit 0 when every input passed (a
 * finding aborts). */
#include "config.h"

#include <stdio.h>

#include "tests/fuzz.h"

static gint
by_name (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(char *const *)a, *(char *const *)b);
}

static guint
replay (const char *path)
{
  g_autofree char *data = NULL;
  gsize len = 0;
  g_autoptr (GError) e = NULL;

  if (!g_file_get_contents (path, &data, &len, &e))
    fuzz_fail (__FILE__, __LINE__, "cannot read %s: %s", path, e->message);
  LLVMFuzzerTestOneInput ((const uint8_t *)data, len);
  return 1;
}

int
main (int argc, char **argv)
{
  guint total = 0;

  for (int i = 1; i < argc; i++)
    {
      guint n = 0;

      if (g_file_test (argv[i], G_FILE_TEST_IS_DIR))
        {
          g_autoptr (GDir) d = g_dir_open (argv[i], 0, NULL);
          g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
          const char *name;

          while (d && (name = g_dir_read_name (d)))
            g_ptr_array_add (names, g_build_filename (argv[i], name, NULL));
          g_ptr_array_sort (names, by_name);
          for (guint k = 0; k < names->len; k++)
            if (g_file_test (names->pdata[k], G_FILE_TEST_IS_REGULAR))
              n += replay (names->pdata[k]);
        }
      else
        n = replay (argv[i]);
      printf ("%s: %u input%s replayed\n", argv[i], n, n == 1 ? "" : "s");
      total += n;
    }
  printf ("%u inputs, no finding\n", total);
  return 0;
}
