/* fuzz-dist.c: libFuzzer harness: the distribution parser.  What parses
 * validates, writes back to text that parses to the same text, and (when
 * its size is within the scenario limit) samples finite numbers.
 *
 * Findings (fuzz.h): a crash, a sanitizer report, a hang, a failed round
 * trip, a non-finite sample.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "models/params/cs-params.h"
#include "sim/sim-dist.h"
#include "sim/sim-error.h"
#include "sim/sim-rng.h"
#include "tests/fuzz.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autofree char *text = NULL;
  g_autofree char *back = NULL;
  g_autofree char *back2 = NULL;
  SimDist d = SIM_DIST_INIT, d2 = SIM_DIST_INIT;
  GError *e = NULL;

  if (size > 4096 || memchr (data, '\0', size))
    return 0;
  text = g_strndup ((const char *)data, size);
  if (!sim_dist_parse (text, &d, &e))
    {
      fuzz_expect_input_error (e);
      return 0;
    }
  fuzz_expect (sim_dist_validate (&d, FALSE, NULL),
               "parsed but does not validate: %s", text);
  back = sim_dist_to_string (&d);
  fuzz_expect (sim_dist_parse (back, &d2, NULL),
               "written form '%s' of '%s' "
               "does not parse",
               back, text);
  back2 = sim_dist_to_string (&d2);
  fuzz_expect (strcmp (back, back2) == 0, "round trip '%s' -> '%s'", back,
               back2);
  if (sim_dist_check_size (&d, CS_MAX_DIST_ABS, NULL))
    {
      SimRng rng;

      sim_rng_init (&rng, 1, 0, 0, 0);
      for (int i = 0; i < 8; i++)
        {
          double x = sim_dist_sample (&d, &rng);
          fuzz_expect (isfinite (x), "'%s' sampled %g", text, x);
        }
    }
  sim_dist_clear (&d);
  sim_dist_clear (&d2);
  return 0;
}
