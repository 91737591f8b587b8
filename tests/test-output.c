/* test-output.c: the output folder and its CSV files (sim/sim-output.h).
 *
 * CSV: quoting, number formatting, and the exact text of results.csv and
 * summary.csv for a small hand-made set of replications (means and
 * Student-t intervals computed by hand, see summary_expected).  Folder:
 * commit, abandon, refusing a foreign folder, replacing a ctsim folder,
 * a link to one, creation errors, and two runs committing into one
 * folder at once (the second's rename made to come between the first's
 * checks and its rename: see rename() below), and system calls that fail
 * (renames, mkdtemp, and each step of deleting a folder: fault injection
 * by defining rename, mkdir, rmdir, unlink, lstat and opendir here, which
 * works as root too, where a read-only folder does not).  Each folder test
 * works in its own fresh temporary folder, removed at the end.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <spawn.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "sim/sim-error.h"
#include "sim/sim-output.h"
#include "sim/sim-results.h"
#include "tests/cu-main.h"

#define MARKER ".toy-output" /* sim_output_set_program ("toy") */

/* ---- helpers ------------------------------------------------------------ */

static void
assert_text (const char *got, const char *want)
{
  if (strcmp (got, want) != 0)
    fprintf (stderr, "got:\n%s\nwant:\n%s\n", got, want);
  CU_ASSERT_STRING_EQUAL (got, want);
}

static char *
field (const char *value)
{
  GString *line = g_string_new (NULL);

  sim_csv_append_field (line, value);
  return g_string_free (line, FALSE);
}

static char *
number (double value)
{
  GString *line = g_string_new (NULL);

  sim_csv_append_double (line, value);
  return g_string_free (line, FALSE);
}

static gint
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(char *const *)a, *(char *const *)b);
}

/* The names in a folder, sorted and joined by spaces ("" when empty). */
static char *
list_dir (const char *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (!dir)
    return g_strdup ("<missing>");
  while ((name = g_dir_read_name (dir)))
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (" ", (char **)names->pdata);
}

static char *
read_text (const char *dir, const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  char *text = NULL;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return g_strdup ("<unreadable>");
  return text;
}

static void
write_text (const char *dir, const char *name, const char *text)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  g_assert (g_file_set_contents (path, text, -1, NULL));
}

/* rm -r for the test's own temporary folders (links are not followed). */
static void
remove_all (const char *path)
{
  GStatBuf st;

  if (g_lstat (path, &st) != 0)
    return;
  if (S_ISDIR (st.st_mode))
    {
      g_autoptr (GDir) dir = NULL;
      const char *name;

      g_chmod (path, 0700);
      dir = g_dir_open (path, 0, NULL);
      while (dir && (name = g_dir_read_name (dir)))
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          remove_all (child);
        }
      g_rmdir (path);
    }
  else
    g_unlink (path);
}

/* This host's tag (sim-output.h), checked against its contract. */
static char *
host_tag (void)
{
  char *tag = sim_output_host_tag ();

  CU_ASSERT_TRUE (*tag && strlen (tag) <= 64);
  for (const char *p = tag; *p; p++)
    CU_ASSERT_TRUE (g_ascii_isalnum (*p) || *p == '.' || *p == '_');
  return tag;
}

/* The id of a process that has ended (true(1), run and reaped; spawned
 * rather than forked, so that no copy of this process exits with its
 * allocations live). */
static long
dead_pid (void)
{
  char *argv[] = { (char *)"true", NULL };
  pid_t pid;

  g_assert (posix_spawnp (&pid, "true", NULL, NULL, argv, environ) == 0);
  g_assert (waitpid (pid, NULL, 0) == pid);
  return (long)pid;
}

/* A folder named name in base, with the marker when marked, holding
 * keep.txt with text. */
static void
make_folder (const char *base, const char *name, gboolean marked,
             const char *text)
{
  g_autofree char *path = g_build_filename (base, name, NULL);

  g_assert (g_mkdir (path, 0777) == 0);
  if (marked)
    write_text (path, MARKER, "marker\n");
  write_text (path, "keep.txt", text);
}

static char *
make_base (void)
{
  char *base = g_dir_make_tmp ("test-output-XXXXXX", NULL);

  g_assert (base);
  return base;
}

/* ---- CSV fields and numbers ---------------------------------------------- */

static void
test_csv_quoting (void)
{
  static const struct
  {
    const char *in, *out;
  } cases[] = {
    { "plain", "plain" },
    { "", "" },
    { " spaced ", " spaced " },
    { "a,b", "\"a,b\"" },
    { "say \"hi\"", "\"say \"\"hi\"\"\"" },
    { "\"", "\"\"\"\"" },
    { "line\nbreak", "\"line\nbreak\"" },
    { "cr\r", "\"cr\r\"" },
    { "service:a;b", "service:a;b" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *got = field (cases[i].in);

      assert_text (got, cases[i].out);
    }
  {
    g_autofree char *got = field (NULL);

    assert_text (got, "");
  }
}

static void
test_csv_numbers (void)
{
  static const struct
  {
    double in;
    const char *out;
  } cases[] = {
    { 0.0, "0" },
    { 1.0, "1" },
    { 2.5, "2.5" },
    { -3.0, "-3" },
    { 2.0 / 3.0, "0.6666666667" },
    { 0.1 + 0.2, "0.3" },
    { 12345678901.0, "1.23456789e+10" },
    { 1e-20, "1e-20" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *got = number (cases[i].in);

      assert_text (got, cases[i].out);
    }
  {
    g_autofree char *nan_text = number (NAN);
    g_autofree char *inf_text = number (INFINITY);
    g_autofree char *minf_text = number (-INFINITY);

    assert_text (nan_text, "");
    assert_text (inf_text, "");
    assert_text (minf_text, "");
  }
}

/* ---- results.csv and summary.csv ---------------------------------------- */

/* Three replications.  In "all" rows:
 *   service:a referrals       1, 2, 3 (rep 2 reports it twice: first wins)
 *   service:a wait_days_mean  2.5, NaN, 3.5 (NaN: rep 1 does not report)
 *   "only,first" x"y          7 in rep 0 only
 *   service:b served          4, 6 (first seen in rep 1)
 * and yearly rows that summary.csv must ignore. */
static void
make_reps (SimResults *reps[3])
{
  for (guint i = 0; i < 3; i++)
    reps[i] = sim_results_new ();
  sim_results_add (reps[0], 1, "service:a", "referrals", 10);
  sim_results_add (reps[0], SIM_YEAR_ALL, "service:a", "referrals", 1);
  sim_results_add (reps[0], SIM_YEAR_ALL, "service:a", "wait_days_mean", 2.5);
  sim_results_add (reps[0], SIM_YEAR_ALL, "only,first", "x\"y", 7);
  sim_results_add (reps[1], 1, "service:a", "referrals", 12);
  sim_results_add (reps[1], SIM_YEAR_ALL, "service:a", "referrals", 2);
  sim_results_add (reps[1], SIM_YEAR_ALL, "service:a", "wait_days_mean", NAN);
  sim_results_addf (reps[1], SIM_YEAR_ALL, "served", 4, "service:%c", 'b');
  sim_results_add (reps[2], 2, "service:b", "served", 99);
  sim_results_add (reps[2], SIM_YEAR_ALL, "service:b", "served", 6);
  sim_results_add (reps[2], SIM_YEAR_ALL, "service:a", "referrals", 3);
  sim_results_add (reps[2], SIM_YEAR_ALL, "service:a", "referrals", 100);
  sim_results_add (reps[2], SIM_YEAR_ALL, "service:a", "wait_days_mean", 3.5);
}

static void
free_reps (SimResults *reps[3])
{
  for (guint i = 0; i < 3; i++)
    sim_results_free (reps[i]);
}

static const char results_expected[]
    = SIM_RESULTS_HEADER "\n"
                         "base,5,1,service:a,referrals,10\n"
                         "base,5,all,service:a,referrals,1\n"
                         "base,5,all,service:a,wait_days_mean,2.5\n"
                         "base,5,all,\"only,first\",\"x\"\"y\",7\n"
                         "base,6,1,service:a,referrals,12\n"
                         "base,6,all,service:a,referrals,2\n"
                         "base,6,all,service:a,wait_days_mean,\n"
                         "base,6,all,service:b,served,4\n"
                         "base,7,2,service:b,served,99\n"
                         "base,7,all,service:b,served,6\n"
                         "base,7,all,service:a,referrals,3\n"
                         "base,7,all,service:a,referrals,100\n"
                         "base,7,all,service:a,wait_days_mean,3.5\n";

/* By hand: t(0.975, 1) = tan(0.475 pi) = 12.70620474;
 * t(0.975, 2) = 0.95 sqrt(2 / (4 * 0.975 * 0.025)) = 4.302652730.
 *   referrals: mean 2, s = 1, half = 4.302652730 / sqrt 3 = 2.484137712
 *   wait_days_mean: mean 3, s = 0.7071, half = 12.70620474 * 0.5
 *   served: mean 5, s = sqrt 2, half = 12.70620474 * 1
 *   x"y: one replication, no interval. */
static const char summary_expected[] = SIM_SUMMARY_HEADER
    "\n"
    "base,service:a,referrals,2,-0.4841377118,4.484137712,3\n"
    "base,service:a,wait_days_mean,3,-3.353102368,9.353102368,2\n"
    "base,\"only,first\",\"x\"\"y\",7,,,1\n"
    "base,service:b,served,5,-7.706204736,17.70620474,2\n";

static void
test_results_csv (void)
{
  SimResults *reps[3];
  g_autoptr (GString) out = g_string_new (NULL);

  make_reps (reps);
  sim_output_results_csv (out, TRUE, NULL, 0, "base", reps, 3, 5);
  assert_text (out->str, results_expected);
  /* Without the header, rows are appended to what is there. */
  g_string_assign (out, "x\n");
  sim_output_results_csv (out, FALSE, NULL, 0, "base", reps + 2, 1, 7);
  assert_text (out->str, "x\n"
                         "base,7,2,service:b,served,99\n"
                         "base,7,all,service:b,served,6\n"
                         "base,7,all,service:a,referrals,3\n"
                         "base,7,all,service:a,referrals,100\n"
                         "base,7,all,service:a,wait_days_mean,3.5\n");
  free_reps (reps);
}

static void
test_summary_csv (void)
{
  SimResults *reps[3];
  g_autoptr (GString) out = g_string_new (NULL);

  make_reps (reps);
  sim_output_summary_csv (out, TRUE, NULL, 0, "base", reps, 3);
  assert_text (out->str, summary_expected);
  free_reps (reps);
}

static void
test_summary_all_missing (void)
{
  g_autoptr (SimResults) a = sim_results_new ();
  g_autoptr (SimResults) b = sim_results_new ();
  SimResults *reps[2] = { a, b };
  g_autoptr (GString) out = g_string_new (NULL);

  sim_results_add (a, SIM_YEAR_ALL, "g", "m", NAN);
  sim_results_add (b, SIM_YEAR_ALL, "g", "m", INFINITY);
  sim_results_add (b, 3, "g", "yearly_only", 1);
  sim_output_summary_csv (out, FALSE, NULL, 0, "s", reps, 2);
  assert_text (out->str, "s,g,m,,,,0\n");
}

static void
test_extra_columns (void)
{
  static const SimOutputColumn extra[] = {
    { "point", "3" },
    { "label", "a,b" },
  };
  SimResults *reps[3];
  g_autoptr (GString) results = g_string_new (NULL);
  g_autoptr (GString) summary = g_string_new (NULL);

  make_reps (reps);
  sim_output_results_csv (results, TRUE, extra, 2, "my scenario", reps + 1, 1,
                          0);
  assert_text (results->str,
               "point,label," SIM_RESULTS_HEADER "\n"
               "3,\"a,b\",my scenario,0,1,service:a,referrals,12\n"
               "3,\"a,b\",my scenario,0,all,service:a,referrals,2\n"
               "3,\"a,b\",my scenario,0,all,service:a,wait_days_mean,\n"
               "3,\"a,b\",my scenario,0,all,service:b,served,4\n");
  sim_output_summary_csv (summary, TRUE, extra, 2, "my scenario", reps, 3);
  assert_text (summary->str,
               "point,label," SIM_SUMMARY_HEADER "\n"
               "3,\"a,b\",my scenario,service:a,referrals,2,-0.4841377118,"
               "4.484137712,3\n"
               "3,\"a,b\",my scenario,service:a,wait_days_mean,3,"
               "-3.353102368,9.353102368,2\n"
               "3,\"a,b\",my scenario,\"only,first\",\"x\"\"y\",7,,,1\n"
               "3,\"a,b\",my scenario,service:b,served,5,-7.706204736,"
               "17.70620474,2\n");
  free_reps (reps);
}

/* ---- the folder --------------------------------------------------------- */

static void
test_commit_new (void)
{
  g_autofree char *base = make_base ();
  g_autofree char *parent = g_build_filename (base, "sub", "deeper", NULL);
  g_autofree char *final = g_build_filename (parent, "run", NULL);
  g_autofree char *final_slash = g_strconcat (final, "/", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (SimOutputDir) dir = NULL;
  g_autofree char *tmp = NULL;
  g_autofree char *tmp_name = NULL;
  g_autofree char *tmp_dirname = NULL;

  dir = sim_output_dir_begin (final_slash, &error);
  CU_ASSERT_PTR_NOT_NULL_FATAL (dir);
  CU_ASSERT_PTR_NULL (error);
  assert_text (sim_output_dir_final_path (dir), final);
  tmp = g_strdup (sim_output_dir_tmp_path (dir));
  tmp_name = g_path_get_basename (tmp);
  tmp_dirname = g_path_get_dirname (tmp);
  {
    g_autofree char *host = host_tag ();
    g_autofree char *prefix
        = g_strdup_printf (".run.tmp-%s-%ld-", host, (long)getpid ());

    CU_ASSERT_TRUE (g_str_has_prefix (tmp_name, prefix));
    CU_ASSERT_EQUAL (strlen (tmp_name), strlen (prefix) + 6);
  }
  assert_text (tmp_dirname, parent);
  CU_ASSERT_TRUE (sim_output_is_owned_folder (tmp));
  CU_ASSERT_FALSE (g_file_test (final, G_FILE_TEST_EXISTS));

  CU_ASSERT_TRUE (
      sim_output_dir_write (dir, "results.csv", "a,b\n1,2\n", -1, &error));
  CU_ASSERT_TRUE (
      sim_output_dir_write (dir, "manifest.json", "{}\nXYZ", 3, &error));
  CU_ASSERT_PTR_NULL (error);
  CU_ASSERT_TRUE (sim_output_dir_commit (dir, &error));
  CU_ASSERT_PTR_NULL (error);
  assert_text (sim_output_dir_tmp_path (dir), final);
  g_clear_pointer (&dir, sim_output_dir_free);

  {
    g_autofree char *listing = list_dir (final);
    g_autofree char *parent_listing = list_dir (parent);
    g_autofree char *results = read_text (final, "results.csv");
    g_autofree char *manifest = read_text (final, "manifest.json");

    assert_text (listing, MARKER " manifest.json results.csv");
    assert_text (parent_listing, "run");
    assert_text (results, "a,b\n1,2\n");
    assert_text (manifest, "{}\n");
    CU_ASSERT_TRUE (sim_output_is_owned_folder (final));
  }
  remove_all (base);
}

static void
test_free_uncommitted (void)
{
  g_autofree char *base = make_base ();
  g_autofree char *final = g_build_filename (base, "run", NULL);
  g_autoptr (GError) error = NULL;
  SimOutputDir *dir = sim_output_dir_begin (final, &error);
  g_autofree char *tmp = NULL;
  g_autofree char *sub = NULL;
  g_autofree char *listing = NULL;

  CU_ASSERT_PTR_NOT_NULL_FATAL (dir);
  tmp = g_strdup (sim_output_dir_tmp_path (dir));
  CU_ASSERT_TRUE (sim_output_dir_write (dir, "results.csv", "x\n", -1, &error));
  /* A subfolder made by the caller (e.g. plots) goes too. */
  sub = g_build_filename (tmp, "plots", NULL);
  CU_ASSERT_EQUAL (g_mkdir (sub, 0777), 0);
  write_text (sub, "p.txt", "p");
  sim_output_dir_free (dir);
  CU_ASSERT_FALSE (g_file_test (tmp, G_FILE_TEST_EXISTS));
  listing = list_dir (base);
  assert_text (listing, "");
  sim_output_dir_free (NULL);
  remove_all (base);
}

/* A foreign folder (or file) at the final path is refused before anything
 * is created, and left exactly as it was. */
static void
test_refuse_foreign (void)
{
  g_autofree char *base = make_base ();
  g_autofree char *final = g_build_filename (base, "mine", NULL);
  g_autofree char *file = g_build_filename (base, "notes.txt", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (GError) file_error = NULL;
  g_autofree char *want = NULL;
  g_autofree char *want_file = NULL;
  SimOutputDir *dir;

  CU_ASSERT_EQUAL (g_mkdir (final, 0777), 0);
  write_text (final, "keep.txt", "precious");
  dir = sim_output_dir_begin (final, &error);
  CU_ASSERT_PTR_NULL (dir);
  CU_ASSERT_TRUE (g_error_matches (error, SIM_ERROR, SIM_ERROR_CANTCREAT));
  want = g_strdup_printf ("%s: exists and is not a toy output folder; "
                          "refusing to overwrite it",
                          final);
  if (error)
    assert_text (error->message, want);

  write_text (base, "notes.txt", "also precious");
  dir = sim_output_dir_begin (file, &file_error);
  CU_ASSERT_PTR_NULL (dir);
  CU_ASSERT_TRUE (g_error_matches (file_error, SIM_ERROR, SIM_ERROR_CANTCREAT));
  want_file = g_strdup_printf ("%s: exists and is not a toy output "
                               "folder; refusing to overwrite it",
                               file);
  if (file_error)
    assert_text (file_error->message, want_file);

  {
    g_autofree char *listing = list_dir (base);
    g_autofree char *inner = list_dir (final);
    g_autofree char *keep = read_text (final, "keep.txt");
    g_autofree char *notes = read_text (base, "notes.txt");

    assert_text (listing, "mine notes.txt");
    assert_text (inner, "keep.txt");
    assert_text (keep, "precious");
    assert_text (notes, "also precious");
  }
  remove_all (base);
}

/* One complete run into `final` writing `name` (and a subfolder). */
static gboolean
one_run (const char *final, const char *name, GError **error)
{
  g_autoptr (SimOutputDir) dir = sim_output_dir_begin (final, error);
  g_autofree char *sub = NULL;

  if (!dir)
    return FALSE;
  sub = g_build_filename (sim_output_dir_tmp_path (dir), "plots", NULL);
  g_assert (g_mkdir (sub, 0777) == 0);
  write_text (sub, name, name);
  return sim_output_dir_write (dir, name, name, -1, error)
         && sim_output_dir_commit (dir, error);
}

static void
test_replace_ctsim (void)
{
  g_autofree char *base = make_base ();
  g_autofree char *final = g_build_filename (base, "run", NULL);
  g_autofree char *plots = g_build_filename (final, "plots", NULL);
  g_autoptr (GError) error = NULL;

  CU_ASSERT_TRUE (one_run (final, "first.txt", &error));
  CU_ASSERT_TRUE (one_run (final, "second.txt", &error));
  CU_ASSERT_PTR_NULL (error);
  {
    g_autofree char *listing = list_dir (base);
    g_autofree char *inner = list_dir (final);
    g_autofree char *inner_plots = list_dir (plots);
    g_autofree char *text = read_text (final, "second.txt");

    assert_text (listing, "run");
    assert_text (inner, MARKER " plots second.txt");
    assert_text (inner_plots, "second.txt");
    assert_text (text, "second.txt");
  }
  remove_all (base);
}

/* A link to an earlier run is replaced by a folder; what it points to is
 * not deleted. */
static void
test_replace_link (void)
{
  g_autofree char *base = make_base ();
  g_autofree char *target = g_build_filename (base, "target", NULL);
  g_autofree char *link = g_build_filename (base, "latest", NULL);
  g_autoptr (GError) error = NULL;
  GStatBuf st;

  CU_ASSERT_TRUE_FATAL (one_run (target, "old.txt", &error));
  CU_ASSERT_EQUAL_FATAL (symlink ("target", link), 0);
  CU_ASSERT_TRUE (sim_output_is_owned_folder (link));
  CU_ASSERT_TRUE (one_run (link, "new.txt", &error));
  CU_ASSERT_PTR_NULL (error);
  CU_ASSERT_EQUAL (g_lstat (link, &st), 0);
  CU_ASSERT_TRUE (S_ISDIR (st.st_mode));
  {
    g_autofree char *listing = list_dir (base);
    g_autofree char *in_link = list_dir (link);
    g_autofree char *in_target = list_dir (target);

    assert_text (listing, "latest target");
    assert_text (in_link, MARKER " new.txt plots");
    assert_text (in_target, MARKER " old.txt plots");
  }
  remove_all (base);
}

/* A foreign folder that appears at the final path between begin and
 * commit is not replaced either. */
static void
test_commit_refuses_foreign (void)
{
  g_autofree char *base = make_base ();
  g_autofree char *final = g_build_filename (base, "run", NULL);
  g_autoptr (GError) error = NULL;
  SimOutputDir *dir = sim_output_dir_begin (final, &error);

  CU_ASSERT_PTR_NOT_NULL_FATAL (dir);
  CU_ASSERT_EQUAL (g_mkdir (final, 0777), 0);
  write_text (final, "keep.txt", "precious");
  CU_ASSERT_FALSE (sim_output_dir_commit (dir, &error));
  CU_ASSERT_TRUE (g_error_matches (error, SIM_ERROR, SIM_ERROR_CANTCREAT));
  sim_output_dir_free (dir);
  {
    g_autofree char *listing = list_dir (base);
    g_autofree char *inner = list_dir (final);

    assert_text (listing, "run");
    assert_text (inner, "keep.txt");
  }
  remove_all (base);
}

static void
test_unwritable_parent (void)
{
  g_autofree char *base = make_base ();
  g_autofree char *file = g_build_filename (base, "file", NULL);
  g_autofree char *under_file = g_build_filename (file, "run", NULL);
  g_autofree char *want
      = g_strdup_printf ("%s: %s", file, g_strerror (ENOTDIR));
  g_autoptr (GError) error = NULL;
  SimOutputDir *dir;

  if (geteuid () == 0)
    printf ("\n    note: running as root, where a mode 0500 folder is "
            "writable: the 0500 assertion is skipped; testing a parent "
            "that is a regular file only\n    ");
  else
    {
      g_autofree char *ro = g_build_filename (base, "ro", NULL);
      g_autofree char *under_ro = g_build_filename (ro, "run", NULL);
      g_autoptr (GError) ro_error = NULL;
      g_autofree char *ro_listing = NULL;

      CU_ASSERT_EQUAL (g_mkdir (ro, 0500), 0);
      dir = sim_output_dir_begin (under_ro, &ro_error);
      CU_ASSERT_PTR_NULL (dir);
      CU_ASSERT_TRUE (
          g_error_matches (ro_error, SIM_ERROR, SIM_ERROR_CANTCREAT));
      if (ro_error)
        CU_ASSERT_TRUE (g_str_has_prefix (ro_error->message, under_ro));
      ro_listing = list_dir (ro);
      assert_text (ro_listing, "");
      sim_output_dir_free (dir);
    }

  write_text (base, "file", "a file");
  dir = sim_output_dir_begin (under_file, &error);
  CU_ASSERT_PTR_NULL (dir);
  CU_ASSERT_TRUE (g_error_matches (error, SIM_ERROR, SIM_ERROR_CANTCREAT));
  if (error)
    assert_text (error->message, want);
  {
    g_autofree char *text = read_text (base, "file");

    assert_text (text, "a file");
  }
  remove_all (base);
}

/* A file that cannot be written is SIM_ERROR_IO; the folder is then
 * abandoned without complaint. */
static void
test_write_error (void)
{
  g_autofree char *base = make_base ();
  g_autofree char *final = g_build_filename (base, "run", NULL);
  g_autoptr (GError) error = NULL;
  SimOutputDir *dir = sim_output_dir_begin (final, &error);
  g_autofree char *listing = NULL;

  CU_ASSERT_PTR_NOT_NULL_FATAL (dir);
  remove_all (sim_output_dir_tmp_path (dir));
  CU_ASSERT_FALSE (sim_output_dir_write (dir, "results.csv", "x", -1, &error));
  CU_ASSERT_TRUE (g_error_matches (error, SIM_ERROR, SIM_ERROR_IO));
  if (error)
    CU_ASSERT_PTR_NOT_NULL (strstr (error->message, "results.csv"));
  sim_output_dir_free (dir);
  listing = list_dir (base);
  assert_text (listing, "");
  remove_all (base);
}

/* A killed run's temporary folder beside the same final path is deleted;
 * a live run's, another host's, another path's and an unmarked folder are
 * not. */
static void
test_clear_dead_tmp (void)
{
  g_autofree char *base = make_base ();
  g_autofree char *final = g_build_filename (base, "run", NULL);
  g_autofree char *host = host_tag ();
  long dead = dead_pid ();
  g_autofree char *dead_tmp
      = g_strdup_printf (".run.tmp-%s-%ld-abcdef", host, dead);
  g_autofree char *live_tmp
      = g_strdup_printf (".run.tmp-%s-%ld-abcdef", host, (long)getpid ());
  g_autofree char *other_host
      = g_strdup_printf (".run.tmp-%s_x-%ld-abcdef", host, dead);
  g_autofree char *other_path
      = g_strdup_printf (".runs.tmp-%s-%ld-abcdef", host, dead);
  g_autofree char *unmarked
      = g_strdup_printf (".run.tmp-%s-%ld-ghijkl", host, dead);
  g_autofree char *want = NULL;
  g_autoptr (GError) error = NULL;

  make_folder (base, dead_tmp, TRUE, "half written");
  make_folder (base, live_tmp, TRUE, "being written");
  make_folder (base, other_host, TRUE, "another machine's");
  make_folder (base, other_path, TRUE, "another output's");
  make_folder (base, unmarked, FALSE, "not ctsim's");
  CU_ASSERT_TRUE (one_run (final, "new.txt", &error));
  CU_ASSERT_PTR_NULL (error);
  {
    g_autofree char *listing = list_dir (base);
    const char *kept[]
        = { live_tmp, other_host, other_path, unmarked, "run", NULL };
    g_autoptr (GPtrArray) names = g_ptr_array_new ();

    for (guint i = 0; kept[i]; i++)
      g_ptr_array_add (names, (gpointer)kept[i]);
    g_ptr_array_sort (names, compare_names);
    g_ptr_array_add (names, NULL);
    want = g_strjoinv (" ", (char **)names->pdata);
    assert_text (listing, want);
  }
  remove_all (base);
}

/* A run killed inside commit, after moving the previous output aside:
 * with nothing at the final path, the previous output is put back; with
 * a newer output there, it is deleted. */
static void
test_restore_dead_old (void)
{
  g_autofree char *base = make_base ();
  g_autofree char *final = g_build_filename (base, "run", NULL);
  g_autofree char *host = host_tag ();
  g_autofree char *old
      = g_strdup_printf (".run.old-%s-%ld-abcdef", host, dead_pid ());
  g_autoptr (GError) error = NULL;
  SimOutputDir *dir;

  make_folder (base, old, TRUE, "previous");
  dir = sim_output_dir_begin (final, &error);
  CU_ASSERT_PTR_NOT_NULL_FATAL (dir);
  sim_output_dir_free (dir); /* abandoned: the previous output stays */
  {
    g_autofree char *listing = list_dir (base);
    g_autofree char *text = read_text (final, "keep.txt");

    assert_text (listing, "run");
    assert_text (text, "previous");
  }

  g_free (old);
  old = g_strdup_printf (".run.old-%s-%ld-abcdef", host, dead_pid ());
  make_folder (base, old, TRUE, "older");
  CU_ASSERT_TRUE (one_run (final, "new.txt", &error));
  CU_ASSERT_PTR_NULL (error);
  {
    g_autofree char *listing = list_dir (base);
    g_autofree char *inner = list_dir (final);

    assert_text (listing, "run");
    assert_text (inner, MARKER " new.txt plots");
  }
  remove_all (base);
}

/* A run killed between reserving ".NAME.old-..." and moving the previous
 * output there left an empty folder without a marker: the next begin
 * removes it; a non-empty unmarked one is not ctsim's and stays. */
static void
test_clear_empty_old (void)
{
  g_autofree char *base = make_base ();
  g_autofree char *final = g_build_filename (base, "run", NULL);
  g_autofree char *host = host_tag ();
  long dead = dead_pid ();
  g_autofree char *empty
      = g_strdup_printf (".run.old-%s-%ld-abcdef", host, dead);
  g_autofree char *full
      = g_strdup_printf (".run.old-%s-%ld-ghijkl", host, dead);
  g_autofree char *empty_path = g_build_filename (base, empty, NULL);
  g_autoptr (GError) error = NULL;

  CU_ASSERT_EQUAL_FATAL (g_mkdir (empty_path, 0700), 0);
  make_folder (base, full, FALSE, "not ctsim's");
  CU_ASSERT_TRUE (one_run (final, "new.txt", &error));
  CU_ASSERT_PTR_NULL (error);
  {
    g_autofree char *listing = list_dir (base);
    g_autofree char *want = g_strdup_printf ("%s run", full);

    assert_text (listing, want);
  }
  remove_all (base);
}

/* An empty output path is an error (it was a failed precondition without
 * an error, which the program read as a NULL GError). */
static void
test_empty_path (void)
{
  g_autoptr (GError) error = NULL;
  SimOutputDir *dir = sim_output_dir_begin ("", &error);
  const char *unusable[] = { ".", "..", "some/where/..", "/" };

  CU_ASSERT_PTR_NULL (dir);
  CU_ASSERT_PTR_NOT_NULL_FATAL (error);
  CU_ASSERT_EQUAL (error->code, SIM_ERROR_CANTCREAT);
  /* A folder name that names no new folder: one line, nothing made. */
  for (guint i = 0; i < G_N_ELEMENTS (unusable); i++)
    {
      g_autoptr (GError) e = NULL;
      g_autofree char *want = g_strdup_printf (
          "%s: not a usable name for an output folder", unusable[i]);

      CU_ASSERT_PTR_NULL (sim_output_dir_begin (unusable[i], &e));
      CU_ASSERT_TRUE_FATAL (
          g_error_matches (e, SIM_ERROR, SIM_ERROR_CANTCREAT));
      assert_text (e->message, want);
    }
}

/* The CSV files written through the folder are the ones built above. */
static void
test_folder_with_csv (void)
{
  g_autofree char *base = make_base ();
  g_autofree char *final = g_build_filename (base, "out", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (GString) results = g_string_new (NULL);
  g_autoptr (GString) summary = g_string_new (NULL);
  g_autoptr (SimOutputDir) dir = NULL;
  SimResults *reps[3];

  make_reps (reps);
  sim_output_results_csv (results, TRUE, NULL, 0, "base", reps, 3, 5);
  sim_output_summary_csv (summary, TRUE, NULL, 0, "base", reps, 3);
  free_reps (reps);
  dir = sim_output_dir_begin (final, &error);
  CU_ASSERT_PTR_NOT_NULL_FATAL (dir);
  CU_ASSERT_TRUE (sim_output_dir_write (dir, "results.csv", results->str,
                                        (gssize)results->len, &error));
  CU_ASSERT_TRUE (sim_output_dir_write (dir, "summary.csv", summary->str,
                                        (gssize)summary->len, &error));
  CU_ASSERT_TRUE (sim_output_dir_commit (dir, &error));
  CU_ASSERT_PTR_NULL (error);
  {
    g_autofree char *r = read_text (final, "results.csv");
    g_autofree char *s = read_text (final, "summary.csv");

    assert_text (r, results_expected);
    assert_text (s, summary_expected);
  }
  remove_all (base);
}

/* ---- Two runs committing into one folder at once ----------------------- */

/* The interleaving of two commits, made deterministic: GLib's g_rename()
 * calls rename(), which this program defines (it comes before libc's in
 * the lookup of shared libraries), so a test can let a second run commit
 * just before the first run's final rename.  Nothing in sim-output.c
 * knows; every other rename passes straight to renameat(). */
static SimOutputDir *race_winner; /* committed inside the loser's rename */
static const char *race_loser_tmp;

/* Fault injection in the same place: a call of fail_call ("rename",
 * "mkdir", "rmdir", "unlink", "lstat" or "opendir": each defined below,
 * so sim-output.c's calls and GLib's come here) whose path (a rename's
 * source) starts with one of fail_from fails with fail_errno (none when
 * 0); fail_count counts them, so a test knows its fault was met.  Without
 * a fault each does what the C library's does (through the *at() calls
 * and fdopendir()). */
static const char *fail_call = "rename";
static const char *fail_from[2];
static int fail_errno;
static guint fail_count;

static gboolean
faulty (const char *call, const char *path)
{
  if (!fail_errno || strcmp (call, fail_call) != 0)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (fail_from); i++)
    if (fail_from[i] && g_str_has_prefix (path, fail_from[i]))
      {
        fail_count++;
        errno = fail_errno;
        return TRUE;
      }
  return FALSE;
}

int
mkdir (const char *path, mode_t mode)
{
  return faulty ("mkdir", path) ? -1 : mkdirat (AT_FDCWD, path, mode);
}

int
rmdir (const char *path)
{
  return faulty ("rmdir", path) ? -1 : unlinkat (AT_FDCWD, path, AT_REMOVEDIR);
}

int
unlink (const char *path)
{
  return faulty ("unlink", path) ? -1 : unlinkat (AT_FDCWD, path, 0);
}

int
lstat (const char *path, struct stat *st)
{
  return faulty ("lstat", path)
             ? -1
             : fstatat (AT_FDCWD, path, st, AT_SYMLINK_NOFOLLOW);
}

DIR *
opendir (const char *path)
{
  int fd;
  DIR *d;

  if (faulty ("opendir", path))
    return NULL;
  if ((fd = open (path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
    return NULL;
  if (!(d = fdopendir (fd)))
    {
      int errsv = errno;
      close (fd);
      errno = errsv;
    }
  return d;
}

int
rename (const char *from, const char *to)
{
  if (faulty ("rename", from))
    return -1;
  if (race_winner && race_loser_tmp && strcmp (from, race_loser_tmp) == 0)
    {
      SimOutputDir *winner = race_winner;
      g_autoptr (GError) error = NULL;

      race_winner = NULL;
      CU_ASSERT_TRUE (sim_output_dir_commit (winner, &error));
      CU_ASSERT_PTR_NULL (error);
    }
  return renameat (AT_FDCWD, from, AT_FDCWD, to);
}

/* Run `loser` and `winner` into final; the winner commits between the
 * loser's check of the final path and its rename. */
static void
race (const char *final, gboolean with_previous)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SimOutputDir) loser = NULL;
  g_autoptr (SimOutputDir) winner = NULL;
  g_autofree char *loser_tmp = NULL;

  if (with_previous)
    CU_ASSERT_TRUE_FATAL (one_run (final, "previous.txt", &error));
  loser = sim_output_dir_begin (final, &error);
  winner = sim_output_dir_begin (final, &error);
  CU_ASSERT_PTR_NOT_NULL_FATAL (loser);
  CU_ASSERT_PTR_NOT_NULL_FATAL (winner);
  CU_ASSERT_TRUE (sim_output_dir_write (loser, "loser.txt", "L", -1, &error));
  CU_ASSERT_TRUE (sim_output_dir_write (winner, "winner.txt", "W", -1, &error));
  loser_tmp = g_strdup (sim_output_dir_tmp_path (loser));
  race_winner = winner;
  race_loser_tmp = loser_tmp;
  CU_ASSERT_FALSE (sim_output_dir_commit (loser, &error));
  race_loser_tmp = NULL;
  CU_ASSERT_PTR_NULL (race_winner); /* the winner did commit */
  CU_ASSERT_PTR_NOT_NULL_FATAL (error);
  CU_ASSERT_TRUE (g_error_matches (error, SIM_ERROR, SIM_ERROR_CANTCREAT));
  {
    g_autofree char *want = g_strdup_printf (
        "%s: another run wrote this output folder at the same time; its "
        "output is kept and this run's is discarded",
        final);
    assert_text (error->message, want);
    CU_ASSERT_PTR_NULL (strchr (error->message, '\n'));
  }
}

/* The loser says so in one line, the winner's output stays whole, and
 * nothing of the loser is left once it is freed. */
static void
test_lost_race (void)
{
  g_autofree char *base = make_base ();
  g_autofree char *final = g_build_filename (base, "run", NULL);

  race (final, FALSE);
  {
    g_autofree char *listing = list_dir (base);
    g_autofree char *inner = list_dir (final);
    g_autofree char *text = read_text (final, "winner.txt");

    assert_text (listing, "run");
    assert_text (inner, MARKER " winner.txt");
    assert_text (text, "W");
  }
  remove_all (base);
}

/* The same with a previous output, which the loser had moved aside: it
 * is removed too (the winner's output replaces it). */
static void
test_lost_race_previous (void)
{
  g_autofree char *base = make_base ();
  g_autofree char *final = g_build_filename (base, "run", NULL);

  race (final, TRUE);
  {
    g_autofree char *listing = list_dir (base);
    g_autofree char *inner = list_dir (final);

    assert_text (listing, "run");
    assert_text (inner, MARKER " winner.txt");
  }
  remove_all (base);
}

/* ---- Renames that fail (the fault injection in rename() above) ---------- */

static void
inject_call (const char *call, const char *from0, const char *from1, int errsv)
{
  fail_call = call;
  fail_from[0] = from0;
  fail_from[1] = from1;
  fail_errno = errsv;
  if (errsv) /* a new fault: count afresh (else keep the count to check) */
    fail_count = 0;
}

/* A failing rename (the first kind of fault injected). */
static void
inject (const char *from0, const char *from1, int errsv)
{
  inject_call ("rename", from0, from1, errsv);
}

/* The folder's names that are not `keep` ("" when none). */
static char *
others (const char *base, const char *keep)
{
  g_autofree char *all = list_dir (base);
  g_auto (GStrv) names = g_strsplit (all, " ", -1);
  GString *out = g_string_new (NULL);

  for (guint i = 0; names[i]; i++)
    if (*names[i] && strcmp (names[i], keep) != 0)
      g_string_append_printf (out, "%s%s", out->len ? " " : "", names[i]);
  return g_string_free (out, FALSE);
}

/* The previous output cannot be moved aside: the commit fails in one
 * line, the name reserved for it is given back, the previous output is
 * whole and the new one goes at free. */
static void
test_move_aside_fails (void)
{
  g_autofree char *base = make_base ();
  g_autofree char *final = g_build_filename (base, "run", NULL);
  g_autofree char *want
      = g_strdup_printf ("%s: cannot move the previous output aside: %s", final,
                         g_strerror (EACCES));
  g_autoptr (GError) error = NULL;
  SimOutputDir *dir;

  CU_ASSERT_TRUE_FATAL (one_run (final, "previous.txt", &error));
  dir = sim_output_dir_begin (final, &error);
  CU_ASSERT_PTR_NOT_NULL_FATAL (dir);
  CU_ASSERT_TRUE (sim_output_dir_write (dir, "new.txt", "N", -1, &error));
  inject (final, NULL, EACCES);
  CU_ASSERT_FALSE (sim_output_dir_commit (dir, &error));
  inject (NULL, NULL, 0);
  CU_ASSERT_EQUAL (fail_count, 1);
  CU_ASSERT_TRUE (g_error_matches (error, SIM_ERROR, SIM_ERROR_CANTCREAT));
  if (error)
    assert_text (error->message, want);
  sim_output_dir_free (dir);
  {
    g_autofree char *listing = list_dir (base);
    g_autofree char *inner = list_dir (final);
    g_autofree char *text = read_text (final, "previous.txt");

    assert_text (listing, "run");
    assert_text (inner, MARKER " plots previous.txt");
    assert_text (text, "previous.txt");
  }
  remove_all (base);
}

/* The new output cannot be moved into place once the previous one is
 * aside: the previous one is put back, whole, and the commit fails in
 * one line; nothing else is left. */
static void
test_restore_previous (void)
{
  g_autofree char *base = make_base ();
  g_autofree char *final = g_build_filename (base, "run", NULL);
  g_autofree char *want = g_strdup_printf (
      "%s: cannot move the new output into place: %s", final, g_strerror (EIO));
  g_autoptr (GError) error = NULL;
  g_autofree char *tmp = NULL;
  SimOutputDir *dir;

  CU_ASSERT_TRUE_FATAL (one_run (final, "previous.txt", &error));
  dir = sim_output_dir_begin (final, &error);
  CU_ASSERT_PTR_NOT_NULL_FATAL (dir);
  CU_ASSERT_TRUE (sim_output_dir_write (dir, "new.txt", "N", -1, &error));
  tmp = g_strdup (sim_output_dir_tmp_path (dir));
  inject (tmp, NULL, EIO);
  CU_ASSERT_FALSE (sim_output_dir_commit (dir, &error));
  inject (NULL, NULL, 0);
  CU_ASSERT_EQUAL (fail_count, 1);
  CU_ASSERT_TRUE (g_error_matches (error, SIM_ERROR, SIM_ERROR_CANTCREAT));
  if (error)
    assert_text (error->message, want);
  {
    /* Before free: the previous output is back, the new one waits. */
    g_autofree char *inner = list_dir (final);
    g_autofree char *rest = others (base, "run");
    g_autofree char *tmp_name = g_path_get_basename (tmp);

    assert_text (inner, MARKER " plots previous.txt");
    assert_text (rest, tmp_name);
  }
  sim_output_dir_free (dir);
  {
    g_autofree char *listing = list_dir (base);
    g_autofree char *text = read_text (final, "previous.txt");

    assert_text (listing, "run");
    assert_text (text, "previous.txt");
  }
  remove_all (base);
}

static void
keep_warning (const char *domain, GLogLevelFlags level, const char *message,
              gpointer data)
{
  (void)domain;
  (void)level;
  g_string_append_printf (data, "%s\n", message);
}

/* Neither the new output nor the previous one can be put in place: the
 * previous one stays in its .NAME.old- folder, which a warning names and
 * which no later run deletes (its marker makes the next run restore it:
 * /output/restore-dead-old); the commit fails in one line. */
static void
test_restore_fails (void)
{
  g_autofree char *base = make_base ();
  g_autofree char *final = g_build_filename (base, "run", NULL);
  g_autofree char *old_prefix = g_build_filename (base, ".run.old-", NULL);
  g_autoptr (GString) warnings = g_string_new (NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *tmp = NULL;
  g_autofree char *rest = NULL;
  SimOutputDir *dir;
  guint handler;

  CU_ASSERT_TRUE_FATAL (one_run (final, "previous.txt", &error));
  dir = sim_output_dir_begin (final, &error);
  CU_ASSERT_PTR_NOT_NULL_FATAL (dir);
  tmp = g_strdup (sim_output_dir_tmp_path (dir));
  inject (tmp, old_prefix, EIO);
  handler
      = g_log_set_handler (NULL, G_LOG_LEVEL_WARNING, keep_warning, warnings);
  CU_ASSERT_FALSE (sim_output_dir_commit (dir, &error));
  g_log_remove_handler (NULL, handler);
  inject (NULL, NULL, 0);
  CU_ASSERT_EQUAL (fail_count, 2);
  CU_ASSERT_TRUE (g_error_matches (error, SIM_ERROR, SIM_ERROR_CANTCREAT));
  sim_output_dir_free (dir);
  rest = list_dir (base);
  CU_ASSERT_TRUE_FATAL (g_str_has_prefix (rest, ".run.old-"));
  CU_ASSERT_PTR_NULL (strchr (rest, ' ')); /* the new output is gone */
  {
    g_autofree char *old = g_build_filename (base, rest, NULL);
    g_autofree char *want = g_strdup_printf (
        "%s: the previous output is left in %s\n", final, old);
    g_autofree char *text = read_text (old, "previous.txt");

    assert_text (warnings->str, want);
    assert_text (text, "previous.txt");
  }
  remove_all (base);
}

/* A file of the folder whose temporary file cannot be renamed into place
 * (g_file_set_contents()): SIM_ERROR_IO naming the file as the user
 * knows it, and no temporary file left behind. */
static void
test_write_rename_fails (void)
{
  g_autofree char *base = make_base ();
  g_autofree char *final = g_build_filename (base, "run", NULL);
  g_autofree char *want = g_strdup_printf (
      "cannot write %s%cresults.csv: ", final, G_DIR_SEPARATOR);
  g_autoptr (GError) error = NULL;
  g_autofree char *prefix = NULL;
  SimOutputDir *dir = sim_output_dir_begin (final, &error);

  CU_ASSERT_PTR_NOT_NULL_FATAL (dir);
  prefix
      = g_build_filename (sim_output_dir_tmp_path (dir), "results.csv.", NULL);
  inject (prefix, NULL, EIO);
  CU_ASSERT_FALSE (sim_output_dir_write (dir, "results.csv", "x", -1, &error));
  inject (NULL, NULL, 0);
  CU_ASSERT_EQUAL (fail_count, 1);
  CU_ASSERT_TRUE (g_error_matches (error, SIM_ERROR, SIM_ERROR_IO));
  if (error)
    {
      CU_ASSERT_TRUE (g_str_has_prefix (error->message, want));
      CU_ASSERT_PTR_NOT_NULL (strstr (error->message, g_strerror (EIO)));
      CU_ASSERT_PTR_NULL (strchr (error->message, '\n'));
    }
  {
    g_autofree char *inner = list_dir (sim_output_dir_tmp_path (dir));

    assert_text (inner, MARKER);
  }
  /* The same through sim_output_write_in() into a subfolder, shown as
   * the caller says. */
  {
    g_autofree char *sub
        = g_build_filename (sim_output_dir_tmp_path (dir), "plots", NULL);
    g_autofree char *sub_prefix = g_build_filename (sub, "meta.gp.", NULL);
    g_autofree char *sub_want
        = g_strdup_printf ("cannot write shown%cmeta.gp: ", G_DIR_SEPARATOR);
    g_autoptr (GError) e = NULL;

    CU_ASSERT_EQUAL (g_mkdir (sub, 0777), 0);
    CU_ASSERT_TRUE (sim_output_write_in (sub, "ok.dat", "shown", "1", -1, &e));
    inject (sub_prefix, NULL, ENOSPC);
    CU_ASSERT_FALSE (
        sim_output_write_in (sub, "meta.gp", "shown", "x", -1, &e));
    inject (NULL, NULL, 0);
    CU_ASSERT_TRUE (g_error_matches (e, SIM_ERROR, SIM_ERROR_IO));
    if (e)
      CU_ASSERT_TRUE (g_str_has_prefix (e->message, sub_want));
    {
      g_autofree char *inner = list_dir (sub);
      g_autofree char *text = read_text (sub, "ok.dat");

      assert_text (inner, "ok.dat");
      assert_text (text, "1");
    }
  }
  sim_output_dir_free (dir);
  {
    g_autofree char *listing = list_dir (base);

    assert_text (listing, "");
  }
  remove_all (base);
}

/* The marker cannot be written into the new temporary folder: begin
 * fails (cannot create) and takes the folder away again. */
static void
test_marker_write_fails (void)
{
  g_autofree char *base = make_base ();
  g_autofree char *final = g_build_filename (base, "run", NULL);
  g_autofree char *prefix = g_build_filename (base, ".run.tmp-", NULL);
  g_autoptr (GError) error = NULL;
  SimOutputDir *dir;

  inject (prefix, NULL, ENOSPC);
  dir = sim_output_dir_begin (final, &error);
  inject (NULL, NULL, 0);
  CU_ASSERT_EQUAL (fail_count, 1);
  CU_ASSERT_PTR_NULL (dir);
  CU_ASSERT_PTR_NOT_NULL (error);
  if (error)
    {
      g_autofree char *want = g_strdup_printf ("%s: ", final);

      CU_ASSERT_TRUE (g_error_matches (error, SIM_ERROR, SIM_ERROR_CANTCREAT));
      CU_ASSERT_TRUE (g_str_has_prefix (error->message, want));
      CU_ASSERT_PTR_NOT_NULL (strstr (error->message, g_strerror (ENOSPC)));
      CU_ASSERT_PTR_NULL (strchr (error->message, '\n'));
    }
  sim_output_dir_free (dir);
  {
    g_autofree char *listing = list_dir (base);

    assert_text (listing, "");
  }
  remove_all (base);
}

/* ---- Folders that cannot be made or removed (the faults of rename()) ---- */

/* The temporary folder cannot be made: begin fails in one line naming
 * the output folder and the system's reason; nothing is left. */
static void
test_tmp_folder_fails (void)
{
  g_autofree char *base = make_base ();
  g_autofree char *final = g_build_filename (base, "run", NULL);
  g_autofree char *prefix = g_build_filename (base, ".run.tmp-", NULL);
  g_autofree char *want = g_strdup_printf (
      "%s: cannot create the output folder: %s", final, g_strerror (ENOSPC));
  g_autoptr (GError) error = NULL;
  SimOutputDir *dir;

  inject_call ("mkdir", prefix, NULL, ENOSPC);
  dir = sim_output_dir_begin (final, &error);
  inject (NULL, NULL, 0);
  CU_ASSERT_EQUAL (fail_count, 1);
  CU_ASSERT_PTR_NULL (dir);
  CU_ASSERT_TRUE (g_error_matches (error, SIM_ERROR, SIM_ERROR_CANTCREAT));
  if (error)
    assert_text (error->message, want);
  sim_output_dir_free (dir);
  {
    g_autofree char *listing = list_dir (base);

    assert_text (listing, "");
  }
  remove_all (base);
}

/* No name can be reserved for the previous output (mkdtemp fails): the
 * commit fails in one line, as when the move itself fails; the previous
 * output is whole and the new one goes at free. */
static void
test_reserve_old_fails (void)
{
  g_autofree char *base = make_base ();
  g_autofree char *final = g_build_filename (base, "run", NULL);
  g_autofree char *prefix = g_build_filename (base, ".run.old-", NULL);
  g_autofree char *want
      = g_strdup_printf ("%s: cannot move the previous output aside: %s", final,
                         g_strerror (EDQUOT));
  g_autoptr (GError) error = NULL;
  SimOutputDir *dir;

  CU_ASSERT_TRUE_FATAL (one_run (final, "previous.txt", &error));
  dir = sim_output_dir_begin (final, &error);
  CU_ASSERT_PTR_NOT_NULL_FATAL (dir);
  CU_ASSERT_TRUE (sim_output_dir_write (dir, "new.txt", "N", -1, &error));
  inject_call ("mkdir", prefix, NULL, EDQUOT);
  CU_ASSERT_FALSE (sim_output_dir_commit (dir, &error));
  inject (NULL, NULL, 0);
  CU_ASSERT_EQUAL (fail_count, 1);
  CU_ASSERT_TRUE (g_error_matches (error, SIM_ERROR, SIM_ERROR_CANTCREAT));
  if (error)
    assert_text (error->message, want);
  sim_output_dir_free (dir);
  {
    g_autofree char *listing = list_dir (base);
    g_autofree char *inner = list_dir (final);
    g_autofree char *text = read_text (final, "previous.txt");

    assert_text (listing, "run");
    assert_text (inner, MARKER " plots previous.txt");
    assert_text (text, "previous.txt");
  }
  remove_all (base);
}

/* The previous output, moved aside, cannot be deleted (its first file
 * cannot be unlinked): the commit still succeeds (the new output is in
 * place), one warning names the folder left and why, and that folder is
 * whole and keeps its marker (so a later run can clear it once this
 * process has ended: /output/restore-dead-old). */
static void
test_remove_old_fails (void)
{
  g_autofree char *base = make_base ();
  g_autofree char *final = g_build_filename (base, "run", NULL);
  g_autofree char *prefix = g_build_filename (base, ".run.old-", NULL);
  g_autoptr (GString) warnings = g_string_new (NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *rest = NULL;
  SimOutputDir *dir;
  guint handler;

  CU_ASSERT_TRUE_FATAL (one_run (final, "previous.txt", &error));
  dir = sim_output_dir_begin (final, &error);
  CU_ASSERT_PTR_NOT_NULL_FATAL (dir);
  CU_ASSERT_TRUE (sim_output_dir_write (dir, "new.txt", "N", -1, &error));
  inject_call ("unlink", prefix, NULL, EIO);
  handler
      = g_log_set_handler (NULL, G_LOG_LEVEL_WARNING, keep_warning, warnings);
  CU_ASSERT_TRUE (sim_output_dir_commit (dir, &error));
  g_log_remove_handler (NULL, handler);
  inject (NULL, NULL, 0);
  CU_ASSERT_EQUAL (fail_count, 1);
  CU_ASSERT_PTR_NULL (error);
  CU_ASSERT_TRUE (sim_output_dir_replaced (dir));
  sim_output_dir_free (dir);
  rest = others (base, "run");
  CU_ASSERT_TRUE_FATAL (g_str_has_prefix (rest, ".run.old-"));
  CU_ASSERT_PTR_NULL (strchr (rest, ' '));
  {
    g_autofree char *old = g_build_filename (base, rest, NULL);
    g_autofree char *head = g_strdup_printf ("cannot remove %s: %s/", old, old);
    g_autofree char *tail = g_strdup_printf (": %s\n", g_strerror (EIO));
    g_autofree char *inner = list_dir (final);
    g_autofree char *old_inner = list_dir (old);
    g_autofree char *text = read_text (old, "previous.txt");

    CU_ASSERT_TRUE (g_str_has_prefix (warnings->str, head));
    CU_ASSERT_TRUE (g_str_has_suffix (warnings->str, tail));
    CU_ASSERT_PTR_EQUAL (strchr (warnings->str, '\n'),
                         warnings->str + warnings->len - 1);
    assert_text (inner, MARKER " new.txt");
    assert_text (old_inner, MARKER " plots previous.txt");
    assert_text (text, "previous.txt");
    CU_ASSERT_TRUE (sim_output_is_owned_folder (old));
  }
  remove_all (base);
}

/* The uncommitted temporary folder cannot be deleted at free: the
 * folder cannot be examined (lstat), opened, or removed once empty.  One
 * warning each, naming the folder and the system's reason; what could not
 * be deleted stays. */
static void
test_remove_tmp_fails (void)
{
  static const struct
  {
    const char *call;
    int errsv;
    guint count;         /* faults met (lstat: remove_owned_folder too) */
    gboolean path_again; /* the reason names the path again */
    const char *left;    /* what is left in the folder */
  } cases[] = {
    { "lstat", EIO, 2, TRUE, MARKER " results.csv" },
    { "opendir", EMFILE, 1, FALSE, MARKER " results.csv" },
    /* the marker is deleted last and written again: the folder stays
       a leftover that a later run clears (/output/remove-tmp-later) */
    { "rmdir", EBUSY, 1, TRUE, MARKER },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *base = make_base ();
      g_autofree char *final = g_build_filename (base, "run", NULL);
      g_autoptr (GString) warnings = g_string_new (NULL);
      g_autoptr (GError) error = NULL;
      g_autofree char *tmp = NULL;
      g_autofree char *want = NULL;
      SimOutputDir *dir = sim_output_dir_begin (final, &error);
      guint handler;

      CU_ASSERT_PTR_NOT_NULL_FATAL (dir);
      CU_ASSERT_TRUE (
          sim_output_dir_write (dir, "results.csv", "x\n", -1, &error));
      tmp = g_strdup (sim_output_dir_tmp_path (dir));
      inject_call (cases[i].call, tmp, NULL, cases[i].errsv);
      handler = g_log_set_handler (NULL, G_LOG_LEVEL_WARNING, keep_warning,
                                   warnings);
      sim_output_dir_free (dir);
      g_log_remove_handler (NULL, handler);
      inject (NULL, NULL, 0);
      CU_ASSERT_EQUAL (fail_count, cases[i].count);
      want = cases[i].path_again
                 ? g_strdup_printf ("cannot remove %s: %s: %s\n", tmp, tmp,
                                    g_strerror (cases[i].errsv))
                 : g_strdup_printf ("cannot remove %s: ", tmp);
      if (cases[i].path_again)
        assert_text (warnings->str, want);
      else
        {
          CU_ASSERT_TRUE (g_str_has_prefix (warnings->str, want));
          CU_ASSERT_PTR_NOT_NULL (
              strstr (warnings->str, g_strerror (cases[i].errsv)));
          CU_ASSERT_PTR_EQUAL (strchr (warnings->str, '\n'),
                               warnings->str + warnings->len - 1);
        }
      {
        g_autofree char *inner = list_dir (tmp);

        assert_text (inner, cases[i].left);
      }
      remove_all (base);
    }
}

/* The uncommitted temporary folder cannot be wholly deleted at free (a
 * file or the emptied folder stays): it keeps its marker, so once this
 * process has ended the next run into the same output path clears it.
 * A folder emptied of its marker too (a kill between the two) is
 * removed as well. */
static void
test_remove_tmp_later (void)
{
  static const char *const calls[] = { "rmdir", "unlink" };

  for (guint i = 0; i < G_N_ELEMENTS (calls); i++)
    {
      g_autofree char *base = make_base ();
      g_autofree char *final = g_build_filename (base, "run", NULL);
      g_autofree char *host = host_tag ();
      g_autofree char *dead
          = g_strdup_printf (".run.tmp-%s-%ld-abcdef", host, dead_pid ());
      g_autofree char *dead_path = g_build_filename (base, dead, NULL);
      g_autofree char *empty
          = g_strdup_printf (".run.tmp-%s-%ld-ghijkl", host, dead_pid ());
      g_autofree char *empty_path = g_build_filename (base, empty, NULL);
      g_autoptr (GError) error = NULL;
      g_autofree char *tmp = NULL;
      g_autofree char *failing = NULL;
      g_autoptr (GString) warnings = g_string_new (NULL);
      SimOutputDir *dir = sim_output_dir_begin (final, &error);
      guint handler;

      CU_ASSERT_PTR_NOT_NULL_FATAL (dir);
      for (guint k = 0; k < 8; k++)
        {
          g_autofree char *name = g_strdup_printf ("f%u.csv", k);
          CU_ASSERT_TRUE (sim_output_dir_write (dir, name, "x\n", -1, &error));
        }
      tmp = g_strdup (sim_output_dir_tmp_path (dir));
      /* rmdir: the emptied folder; unlink: one file, whichever comes
       * in the folder's order, the marker's before or after it */
      failing = strcmp (calls[i], "rmdir") == 0
                    ? g_strdup (tmp)
                    : g_build_filename (tmp, "f3.csv", NULL);
      inject_call (calls[i], failing, NULL, EACCES);
      handler = g_log_set_handler (NULL, G_LOG_LEVEL_WARNING, keep_warning,
                                   warnings);
      sim_output_dir_free (dir);
      g_log_remove_handler (NULL, handler);
      inject (NULL, NULL, 0);
      CU_ASSERT_EQUAL (fail_count, 1);
      CU_ASSERT_PTR_NOT_NULL (strstr (warnings->str, g_strerror (EACCES)));
      CU_ASSERT_TRUE (sim_output_is_owned_folder (tmp));
      /* the process ends: its leftover now has a dead process's name */
      CU_ASSERT_EQUAL_FATAL (g_rename (tmp, dead_path), 0);
      CU_ASSERT_EQUAL_FATAL (g_mkdir (empty_path, 0700), 0);
      CU_ASSERT_TRUE (one_run (final, "new.txt", &error));
      CU_ASSERT_PTR_NULL (error);
      {
        g_autofree char *listing = list_dir (base);

        assert_text (listing, "run");
      }
      remove_all (base);
    }
}

/* A temporary folder that lost its marker is not ours to delete: free
 * leaves it, with one warning. */
static void
test_free_unmarked (void)
{
  g_autofree char *base = make_base ();
  g_autofree char *final = g_build_filename (base, "run", NULL);
  g_autoptr (GString) warnings = g_string_new (NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *tmp = NULL;
  g_autofree char *marker = NULL;
  g_autofree char *want = NULL;
  SimOutputDir *dir = sim_output_dir_begin (final, &error);
  guint handler;

  CU_ASSERT_PTR_NOT_NULL_FATAL (dir);
  CU_ASSERT_TRUE (sim_output_dir_write (dir, "results.csv", "x\n", -1, &error));
  tmp = g_strdup (sim_output_dir_tmp_path (dir));
  marker = g_build_filename (tmp, MARKER, NULL);
  CU_ASSERT_EQUAL (g_unlink (marker), 0);
  handler
      = g_log_set_handler (NULL, G_LOG_LEVEL_WARNING, keep_warning, warnings);
  sim_output_dir_free (dir);
  g_log_remove_handler (NULL, handler);
  want = g_strdup_printf ("%s: not removed: it is not a toy output folder\n",
                          tmp);
  assert_text (warnings->str, want);
  {
    g_autofree char *inner = list_dir (tmp);

    assert_text (inner, "results.csv");
  }
  remove_all (base);
}

static const CuTest csv_tests[] = {
  { "/output/csv-quoting", test_csv_quoting },
  { "/output/csv-numbers", test_csv_numbers },
  { "/output/results-csv", test_results_csv },
  { "/output/summary-csv", test_summary_csv },
  { "/output/summary-all-missing", test_summary_all_missing },
  { "/output/extra-columns", test_extra_columns },
  { NULL, NULL },
};

static const CuTest folder_tests[] = {
  { "/output/commit-new", test_commit_new },
  { "/output/free-uncommitted", test_free_uncommitted },
  { "/output/refuse-foreign", test_refuse_foreign },
  { "/output/replace-ctsim", test_replace_ctsim },
  { "/output/replace-link", test_replace_link },
  { "/output/commit-refuses-foreign", test_commit_refuses_foreign },
  { "/output/unwritable-parent", test_unwritable_parent },
  { "/output/write-error", test_write_error },
  { "/output/clear-dead-tmp", test_clear_dead_tmp },
  { "/output/restore-dead-old", test_restore_dead_old },
  { "/output/clear-empty-old", test_clear_empty_old },
  { "/output/empty-path", test_empty_path },
  { "/output/folder-with-csv", test_folder_with_csv },
  { "/output/lost-race", test_lost_race },
  { "/output/lost-race-previous", test_lost_race_previous },
  { "/output/move-aside-fails", test_move_aside_fails },
  { "/output/restore-previous", test_restore_previous },
  { "/output/restore-fails", test_restore_fails },
  { "/output/write-rename-fails", test_write_rename_fails },
  { "/output/marker-write-fails", test_marker_write_fails },
  { "/output/tmp-folder-fails", test_tmp_folder_fails },
  { "/output/reserve-old-fails", test_reserve_old_fails },
  { "/output/remove-old-fails", test_remove_old_fails },
  { "/output/remove-tmp-fails", test_remove_tmp_fails },
  { "/output/remove-tmp-later", test_remove_tmp_later },
  { "/output/free-unmarked", test_free_unmarked },
  { NULL, NULL },
};

int
main (void)
{
  static const CuSuite suites[] = {
    { "/output/csv", csv_tests },
    { "/output/folder", folder_tests },
    { NULL, NULL },
  };

  sim_output_set_program ("toy");
  return cu_main ("test-output", suites);
}
