/* test-json.c: the streaming JSON writer (sim/sim-json.h).
 *
 * Every test compares the whole document with the exact expected text:
 * escaping, nesting, automatic commas, numbers, null for non-finite values.
 * Misuse (bad nesting) must fail an assertion: checked in a forked child.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib.h>

#include "sim/sim-json.h"
#include "tests/cu-main.h"

/* Finish the document and compare it with `expected` (without its final
 * newline, which is checked here). */
static void
assert_doc (SimJson *json, const char *expected)
{
  g_autofree char *doc = sim_json_finish (json);
  g_autofree char *want = g_strconcat (expected, "\n", NULL);

  if (strcmp (doc, want) != 0)
    fprintf (stderr, "got:  %s\nwant: %s\n", doc, want);
  CU_ASSERT_STRING_EQUAL (doc, want);
}

/* ---- structure ----------------------------------------------------------- */

static void
test_empty_containers (void)
{
  g_autoptr (SimJson) obj = sim_json_new ();
  g_autoptr (SimJson) arr = sim_json_new ();

  sim_json_begin_object (obj);
  sim_json_end_object (obj);
  assert_doc (obj, "{}");
  sim_json_begin_array (arr);
  sim_json_end_array (arr);
  assert_doc (arr, "[]");
}

static void
test_nesting_and_commas (void)
{
  g_autoptr (SimJson) json = sim_json_new ();

  sim_json_begin_object (json);
  sim_json_key (json, "a");
  sim_json_int (json, 1);
  sim_json_key (json, "b");
  sim_json_begin_array (json);
  sim_json_int (json, 1);
  sim_json_bool (json, TRUE);
  sim_json_begin_object (json);
  sim_json_key (json, "c");
  sim_json_null (json);
  sim_json_end_object (json);
  sim_json_begin_array (json);
  sim_json_end_array (json);
  sim_json_bool (json, FALSE);
  sim_json_end_array (json);
  sim_json_key (json, "d");
  sim_json_begin_object (json);
  sim_json_end_object (json);
  sim_json_key (json, "e");
  sim_json_string (json, "x");
  sim_json_end_object (json);
  assert_doc (json, "{\"a\":1,\"b\":[1,true,{\"c\":null},[],false],\"d\":{},"
                    "\"e\":\"x\"}");
}

static void
test_top_level_scalar (void)
{
  g_autoptr (SimJson) json = sim_json_new ();

  sim_json_string (json, "alone");
  assert_doc (json, "\"alone\"");
}

/* ---- strings ------------------------------------------------------------- */

static void
test_escaping (void)
{
  g_autoptr (SimJson) json = sim_json_new ();

  sim_json_begin_array (json);
  sim_json_string (json, "quote\" backslash\\ slash/");
  sim_json_string (json, "\n\t\r\b\f");
  sim_json_string (json, "\x01\x1f\x7f end");
  sim_json_string (json, "");
  sim_json_end_array (json);
  assert_doc (json, "[\"quote\\\" backslash\\\\ slash/\","
                    "\"\\n\\t\\r\\b\\f\","
                    "\"\\u0001\\u001f\\u007f end\","
                    "\"\"]");
}

static void
test_utf8 (void)
{
  g_autoptr (SimJson) json = sim_json_new ();

  sim_json_begin_array (json);
  /* Valid UTF-8 passes through unchanged (e-acute, euro sign, U+1F600). */
  sim_json_string (json, "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80");
  /* An invalid byte becomes U+FFFD, so the document stays UTF-8. */
  sim_json_string (json, "a\xff"
                         "b");
  sim_json_end_array (json);
  assert_doc (json, "[\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\","
                    "\"a\xef\xbf\xbd"
                    "b\"]");
}

static void
test_keys_and_null_string (void)
{
  g_autoptr (SimJson) json = sim_json_new ();

  sim_json_begin_object (json);
  sim_json_key (json, "we\"ird\nkey");
  sim_json_string (json, NULL);
  sim_json_key (json, "");
  sim_json_string (json, "v");
  sim_json_end_object (json);
  assert_doc (json, "{\"we\\\"ird\\nkey\":null,\"\":\"v\"}");
}

/* ---- numbers ------------------------------------------------------------- */

static void
test_doubles (void)
{
  g_autoptr (SimJson) json = sim_json_new ();

  sim_json_begin_array (json);
  sim_json_double (json, 1.0);
  sim_json_double (json, 0.1);
  sim_json_double (json, -2.5);
  sim_json_double (json, -0.0);
  sim_json_double (json, 1e300);
  sim_json_double (json, 5e-324);
  sim_json_double (json, 1.0 / 3.0);
  sim_json_end_array (json);
  assert_doc (json, "[1,0.10000000000000001,-2.5,-0,"
                    "1.0000000000000001e+300,4.9406564584124654e-324,"
                    "0.33333333333333331]");
}

static void
test_non_finite_is_null (void)
{
  g_autoptr (SimJson) json = sim_json_new ();

  sim_json_begin_object (json);
  sim_json_key (json, "nan");
  sim_json_double (json, NAN);
  sim_json_key (json, "inf");
  sim_json_double (json, INFINITY);
  sim_json_key (json, "-inf");
  sim_json_double (json, -INFINITY);
  sim_json_key (json, "after");
  sim_json_double (json, 2.0);
  sim_json_end_object (json);
  assert_doc (json, "{\"nan\":null,\"inf\":null,\"-inf\":null,\"after\":2}");
}

static void
test_ints (void)
{
  g_autoptr (SimJson) json = sim_json_new ();

  sim_json_begin_array (json);
  sim_json_int (json, 0);
  sim_json_int (json, -7);
  sim_json_int (json, G_MAXINT64);
  sim_json_int (json, G_MININT64);
  sim_json_end_array (json);
  assert_doc (json, "[0,-7,9223372036854775807,-9223372036854775808]");
}

/* ---- misuse fails an assertion ------------------------------------------- */

/* The writer each misuse leaves behind when it aborts: kept reachable, so
 * that valgrind does not report the dying child's memory as lost. */
static SimJson *volatile victim;

/* Run `misuse` in a child process (output silenced, no core file) and
 * report whether it died of SIGABRT, as a failed g_assert does. */
static gboolean
aborts (void (*misuse) (void))
{
  pid_t pid;
  int status = 0;

  fflush (NULL);
  pid = fork ();
  g_assert (pid >= 0);
  if (pid == 0)
    {
      struct rlimit none = { 0, 0 };
      FILE *null = fopen ("/dev/null", "w");

      setrlimit (RLIMIT_CORE, &none);
      if (null)
        {
          dup2 (fileno (null), STDOUT_FILENO);
          dup2 (fileno (null), STDERR_FILENO);
        }
      misuse ();
      _exit (0);
    }
  g_assert (waitpid (pid, &status, 0) == pid);
  return WIFSIGNALED (status) && WTERMSIG (status) == SIGABRT;
}

static void
value_without_key (void)
{
  SimJson *json = victim = sim_json_new ();

  sim_json_begin_object (json);
  sim_json_int (json, 1);
}

static void
key_in_array (void)
{
  SimJson *json = victim = sim_json_new ();

  sim_json_begin_array (json);
  sim_json_key (json, "k");
}

static void
mismatched_close (void)
{
  SimJson *json = victim = sim_json_new ();

  sim_json_begin_object (json);
  sim_json_end_array (json);
}

static void
close_after_key (void)
{
  SimJson *json = victim = sim_json_new ();

  sim_json_begin_object (json);
  sim_json_key (json, "k");
  sim_json_end_object (json);
}

static void
finish_open (void)
{
  SimJson *json = victim = sim_json_new ();

  sim_json_begin_array (json);
  g_free (sim_json_finish (json));
}

static void
finish_empty (void)
{
  SimJson *json = victim = sim_json_new ();

  g_free (sim_json_finish (json));
}

static void
two_top_level_values (void)
{
  SimJson *json = victim = sim_json_new ();

  sim_json_int (json, 1);
  sim_json_int (json, 2);
}

static void
test_misuse_aborts (void)
{
  CU_ASSERT_TRUE (aborts (value_without_key));
  CU_ASSERT_TRUE (aborts (key_in_array));
  CU_ASSERT_TRUE (aborts (mismatched_close));
  CU_ASSERT_TRUE (aborts (close_after_key));
  CU_ASSERT_TRUE (aborts (finish_open));
  CU_ASSERT_TRUE (aborts (finish_empty));
  CU_ASSERT_TRUE (aborts (two_top_level_values));
}

static const CuTest structure_tests[] = {
  { "/json/empty-containers", test_empty_containers },
  { "/json/nesting-and-commas", test_nesting_and_commas },
  { "/json/top-level-scalar", test_top_level_scalar },
  { "/json/misuse-aborts", test_misuse_aborts },
  { NULL, NULL },
};

static const CuTest string_tests[] = {
  { "/json/escaping", test_escaping },
  { "/json/utf8", test_utf8 },
  { "/json/keys-and-null-string", test_keys_and_null_string },
  { NULL, NULL },
};

static const CuTest number_tests[] = {
  { "/json/doubles", test_doubles },
  { "/json/non-finite-is-null", test_non_finite_is_null },
  { "/json/ints", test_ints },
  { NULL, NULL },
};

int
main (void)
{
  static const CuSuite suites[] = {
    { "/json/structure", structure_tests },
    { "/json/strings", string_tests },
    { "/json/numbers", number_tests },
    { NULL, NULL },
  };

  return cu_main ("test-json", suites);
}
