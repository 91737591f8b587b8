/* cu-main.h: the common main of the CUnit test programs.
 *
 * cu_main() registers the suites the program passes in, runs them with the
 * basic interface (which prints CUnit's run summary), and returns the exit
 * status: 0 if every test passed, 1 otherwise, 77 (skip) never.  It reads
 * the failure count before CU_cleanup_registry() (STYLE.md, CUnit pitfall).
 * Tests that draw random numbers print the seed they use.
 */
#pragma once

#include <CUnit/CUnit.h>

typedef struct
{
  const char *name; /* path-like, e.g. "/calendar/fifo-ties" */
  CU_TestFunc func;
} CuTest;

typedef struct
{
  const char *name;    /* e.g. "/calendar" */
  const CuTest *tests; /* terminated by {NULL, NULL} */
} CuSuite;

/* suites terminated by {NULL, NULL}. */
int cu_main (const char *program, const CuSuite *suites);

/* Assert |a - b| <= tol, with both values in the failure message. */
#define CU_ASSERT_CLOSE(a, b, tol)                                             \
  cu_assert_close ((a), (b), (tol), #a, #b, __LINE__, __FILE__)
void cu_assert_close (double a, double b, double tol, const char *sa,
                      const char *sb, unsigned line, const char *file);
