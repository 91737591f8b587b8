/* fuzz-scenario.c: libFuzzer harness: the scenario loader on an input
 * file (beside links to the shipped scenarios, so extends= resolves),
 * then a round trip: the resolved scenario as XML (what `ctsim show`
 * prints) loads again and prints the same.
 *
 * Findings (fuzz.h): a crash, a sanitizer report, a hang, an error that
 * is not a one-line bad-input error, a round trip that fails or differs.
 */
#include "config.h"

#include <string.h>

#include "models/scenario/cs-scenario.h"
#include "sim/sim-error.h"
#include "sim/sim-json.h"
#include "tests/fuzz.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  GError *e = NULL;
  g_autoptr (CsScenario) sc = NULL;
  g_autoptr (CsScenario) again = NULL;
  g_autoptr (SimJson) json = NULL;
  g_autofree char *xml = NULL;
  g_autofree char *xml2 = NULL;
  g_autofree char *text = NULL;
  const char *path;

  fuzz_dump (data, size);
  path = fuzz_write ("input.xml", data, size);
  sc = cs_scenario_load (path, NULL, &e);
  if (!sc)
    {
      fuzz_expect_input_error (e);
      return 0;
    }
  json = sim_json_new ();
  cs_scenario_params_json (sc, json);
  text = sim_json_finish (json);
  xml = cs_scenario_to_xml (sc);
  path = fuzz_write ("round.xml", xml, strlen (xml));
  again = cs_scenario_load (path, NULL, &e);
  fuzz_expect (again != NULL, "the resolved scenario does not load: %s",
               e ? e->message : "(no error)");
  xml2 = cs_scenario_to_xml (again);
  fuzz_expect (strcmp (xml, xml2) == 0,
               "the resolved scenario prints differently when loaded");
  return 0;
}
