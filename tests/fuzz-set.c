/* fuzz-set.c: libFuzzer harness: `--set PATH=VALUE` on the built-in
 * default scenario.  Each line of the input is one --set (at most 8).
 *
 * Findings (fuzz.h): a crash, a sanitizer report, a hang, an error that
 * is not a one-line bad-input error.
 */
#include "config.h"

#include <string.h>

#include "models/scenario/cs-scenario.h"
#include "tests/fuzz.h"

#define MAX_SETS 8

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autofree char *text = g_strndup ((const char *)data, size);
  g_auto (GStrv) lines = NULL;
  g_autoptr (CsScenario) sc = NULL;
  GError *e = NULL;

  if (memchr (data, '\0', size)) /* a command line holds no NUL */
    return 0;
  lines = g_strsplit (text, "\n", MAX_SETS + 1);
  if (g_strv_length (lines) > MAX_SETS)
    return 0;
  sc = cs_scenario_load_default ((const char *const *)lines, &e);
  if (!sc)
    fuzz_expect_input_error (e);
  return 0;
}
