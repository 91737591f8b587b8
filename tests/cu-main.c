/* cu-main.c: the common main of the CUnit test programs (see cu-main.h). */
#include "config.h"

#include <math.h>
#include <stdio.h>

#include <CUnit/Basic.h>
#include <glib.h>

#include "tests/cu-main.h"

void
cu_assert_close (double a, double b, double tol, const char *sa, const char *sb,
                 unsigned line, const char *file)
{
  gboolean ok = isfinite (a) && isfinite (b) && fabs (a - b) <= tol;
  g_autofree char *msg = NULL;

  if (!ok)
    {
      msg = g_strdup_printf ("|%s - %s| <= %g (got %.10g and %.10g)", sa, sb,
                             tol, a, b);
      fprintf (stderr, "%s:%u: assertion failed: %s\n", file, line, msg);
    }
  CU_assertImplementation (ok, line, ok ? "close" : msg, file, "", CU_FALSE);
}

int
cu_main (const char *program, const CuSuite *suites)
{
  unsigned failed;

  if (CU_initialize_registry () != CUE_SUCCESS)
    return 1;
  for (const CuSuite *s = suites; s->name; s++)
    {
      CU_pSuite suite = CU_add_suite (s->name, NULL, NULL);
      if (!suite)
        return 1;
      for (const CuTest *t = s->tests; t->name; t++)
        if (!CU_add_test (suite, t->name, t->func))
          return 1;
    }
  printf ("%s\n", program);
  CU_basic_set_mode (CU_BRM_VERBOSE);
  CU_basic_run_tests ();
  failed = CU_get_number_of_tests_failed () + CU_get_number_of_suites_failed ();
  CU_cleanup_registry ();
  return failed == 0 ? 0 : 1;
}
