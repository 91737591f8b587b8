/* fuzz-published.c: libFuzzer harness: the published-figures CSV parser
 * (app/ctsim-published.c).  What parses has records with finite figures
 * >= 0 or none, in increasing lines.
 *
 * Findings (fuzz.h): a crash, a sanitizer report, a hang, an error that
 * is not a one-line bad-input error, a record breaking the contract.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "app/ctsim-published.h"
#include "tests/fuzz.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autofree char *text = g_malloc (size + 1);
  g_autoptr (GPtrArray) records = NULL;
  GError *e = NULL;
  guint line = 1;

  memcpy (text, data, size);
  text[size] = '\0';
  records = ctsim_published_parse ("input.csv", text, size, &e);
  if (!records)
    {
      fuzz_expect_input_error (e);
      return 0;
    }
  for (guint i = 0; i < records->len; i++)
    {
      const CtsimPublishedRecord *r = records->pdata[i];

      fuzz_expect (r->line > line, "record lines do not increase");
      fuzz_expect (isnan (r->published)
                       || (isfinite (r->published) && r->published >= 0),
                   "figure %g", r->published);
      fuzz_expect (r->item && r->sector && r->name && r->source,
                   "a missing field");
      line = r->line;
    }
  return 0;
}
