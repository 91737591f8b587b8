/* ctsim-data.c: where the program finds its data, installed or not. */
#include "config.h"

#include <string.h>

#include "app/ctsim-data.h"

static gboolean
running_installed (void)
{
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *bindir = g_canonicalize_filename (CTSIM_BINDIR, "/");
  g_autofree char *dir = NULL;

  if (!exe)
    return TRUE;
  dir = g_path_get_dirname (exe);
  return strcmp (dir, bindir) == 0;
}

static char *
find_data_dir (void)
{
  const char *env = g_getenv ("CTSIM_DATADIR");
  g_autofree char *src_marker = NULL;

  if (env && *env)
    return g_strdup (env);
  src_marker = g_build_filename (CTSIM_SRCDIR, "scenarios", "ctsim.rng", NULL);
  if (!running_installed () && g_file_test (src_marker, G_FILE_TEST_IS_REGULAR))
    return g_strdup (CTSIM_SRCDIR);
  return g_strdup (CTSIM_PKGDATADIR);
}

const char *
ctsim_data_dir (void)
{
  static char *dir;

  if (g_once_init_enter (&dir))
    g_once_init_leave (&dir, find_data_dir ());
  return dir;
}

char *
ctsim_resolve_scenario (const char *arg)
{
  g_autofree char *name = NULL;
  g_autofree char *shipped = NULL;

  if (g_file_test (arg, G_FILE_TEST_EXISTS) || strchr (arg, '/') == arg)
    return g_strdup (arg);
  name = g_str_has_suffix (arg, ".xml") ? g_strdup (arg)
                                        : g_strconcat (arg, ".xml", NULL);
  shipped = g_build_filename (ctsim_data_dir (), "scenarios", name, NULL);
  if (g_file_test (shipped, G_FILE_TEST_IS_REGULAR))
    return g_steal_pointer (&shipped);
  return g_strdup (arg);
}
