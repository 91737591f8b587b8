/* ctsim-new.c: `ctsim new NAME --from SCENARIO` writes NAME.xml, a
 * starter scenario of one's own that extends SCENARIO and changes nothing
 * until the user uncomments what their area differs in (issue 18). */
#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gstdio.h>

#include "app/ctsim-data.h"
#include "app/ctsim-new.h"
#include "models/area/cs-area.h"
#include "models/params/cs-params.h"
#include "sim/sim-error.h"

/* A name that is safe as a file name, an XML attribute and inside an XML
 * comment: lower-case letters, digits, '_' and single '-'. */
static gboolean
good_name (const char *name)
{
  if (!*name || !g_ascii_isalnum (*name) || strstr (name, "--")
      || strlen (name) > 64)
    return FALSE;
  for (const char *c = name; *c; c++)
    if (!(g_ascii_islower (*c) || g_ascii_isdigit (*c) || *c == '_'
          || *c == '-'))
      return FALSE;
  return name[strlen (name) - 1] != '-';
}

/* What extends= says: the shipped scenario's bare name, else the file as
 * given (relative to the current folder, where NAME.xml is written). */
static char *
extends_value (const char *from)
{
  g_autofree char *shipped_dir
      = g_build_filename (ctsim_data_dir (), "scenarios", NULL);
  g_autofree char *resolved = ctsim_resolve_scenario (from);
  g_autofree char *dir = g_path_get_dirname (resolved);
  g_autofree char *base = g_path_get_basename (resolved);

  if (!g_file_test (from, G_FILE_TEST_EXISTS) && strcmp (dir, shipped_dir) == 0
      && g_str_has_suffix (base, ".xml"))
    {
      base[strlen (base) - 4] = '\0';
      return g_steal_pointer (&base);
    }
  return g_strdup (from);
}

static void
starter_text (GString *x, const char *name, const char *ext,
              const CsScenario *sc)
{
  const CsParams *p = cs_scenario_params (sc);
  const CsRunSettings *run = cs_scenario_run_settings (sc);
  g_autofree char *e_ext = g_markup_escape_text (ext, -1);

  g_string_append_printf (
      x,
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<!-- %s.xml: a scenario of one's own, built on the scenario named\n"
      "     in extends= below (written by ctsim new).  As written it changes\n"
      "     nothing: uncomment and edit what your area differs in.  Every\n"
      "     value should say where it comes from: source=\"[KEY] section\"\n"
      "     with a key of docs/references.md, or \"assumption: ...\".\n"
      "     Check it:       ctsim validate %s.xml\n"
      "     See it whole:   ctsim show %s.xml\n"
      "     Run it:         ctsim run %s.xml\n"
      "     To lay the same area on every arrangement, keep only the area\n"
      "     parts and use it with: ctsim compare (area option) A B ...\n"
      "     docs/scenarios.md documents every element and attribute. -->\n"
      "<scenario name=\"%s\" extends=\"%s\">\n"
      "  <description>My area, built on %s.</description>\n\n",
      name, name, name, name, name, e_ext, cs_scenario_name (sc));
  g_string_append_printf (
      x,
      "  <!-- The area's size: %.0f children aged 0-17 now.  Setting\n"
      "       children resizes the localities' children, school rolls and\n"
      "       budgets, service places, partners' budgets and providers'\n"
      "       capacities together.\n"
      "  <area children=\"%.0f\" source=\"assumption: ...\"/>\n"
      "  -->\n\n",
      cs_params_children (p), cs_params_children (p));
  g_string_append (x, "  <!-- The localities' deprivation (share of children "
                      "in income-deprived\n       families, 0-1):\n"
                      "  <localities>\n");
  for (guint l = 0; l < p->n_localities; l++)
    g_string_append_printf (x,
                            "    <locality id=\"%s\" deprivation=\"%g\" "
                            "source=\"assumption: ...\"/>\n",
                            p->localities[l].id,
                            p->localities[l].deprivation.value);
  g_string_append (x, "  </localities>\n  -->\n\n"
                      "  <!-- The partners' budgets (pounds a year, by "
                      "sector) and pooled shares:\n  <partners>\n");
  for (guint i = 0; i < p->n_partners; i++)
    {
      const CsPartner *pt = &p->partners[i];
      g_string_append_printf (x,
                              "    <partner id=\"%s\" pooled_share=\"%g\" "
                              "source=\"assumption: ...\">\n"
                              "      <budget_gbp_per_year",
                              pt->id, pt->pooled_share.value);
      for (guint s = 0; s < CS_N_SECTORS; s++)
        if (pt->budget_gbp_per_year[s].value > 0)
          g_string_append_printf (x, " %s=\"%.0f\"", cs_sector_names[s],
                                  pt->budget_gbp_per_year[s].value);
      g_string_append (x, " source=\"assumption: ...\"/>\n    </partner>\n");
    }
  g_string_append_printf (
      x,
      "  </partners>\n  -->\n\n"
      "  <!-- How long and how often (the seed makes runs repeatable):\n"
      "  <run years=\"%g\" warmup_years=\"%g\" replications=\"%u\" "
      "seed=\"%" G_GUINT64_FORMAT "\" source=\"assumption: ...\"/>\n"
      "  -->\n"
      "</scenario>\n",
      run->years, run->warmup_years, run->replications, run->seed);
}

gboolean
ctsim_cmd_new (const CtsimOptions *opts, char **args, GError **error)
{
  g_autoptr (CsScenario) sc = NULL;
  g_autoptr (GString) x = g_string_new (NULL);
  g_autofree char *ext = NULL;
  g_autofree char *file = NULL;

  if (!args[0] || args[1])
    {
      g_set_error (error, SIM_ERROR, SIM_ERROR_USAGE,
                   "new: takes one NAME (expected ctsim new NAME --from "
                   "SCENARIO)");
      return FALSE;
    }
  if (!good_name (args[0]))
    {
      g_set_error (error, SIM_ERROR, SIM_ERROR_USAGE,
                   "new: '%s' is not a scenario name (expected lower-case "
                   "letters, digits, '_' and single '-', at most 64)",
                   args[0]);
      return FALSE;
    }
  if (!opts->from)
    {
      g_set_error (error, SIM_ERROR, SIM_ERROR_USAGE,
                   "new: --from SCENARIO is required (the scenario to build "
                   "on, for example joint-unit-pooled)");
      return FALSE;
    }
  if (!(sc = ctsim_load_scenario (opts->from, opts, error)))
    return FALSE;
  if (cs_scenario_model (sc) != &cs_area_model)
    {
      g_set_error (error, SIM_ERROR, SIM_ERROR_USAGE,
                   "new: --from %s is not an area scenario (expected one "
                   "with model=\"area\", for example default)",
                   opts->from);
      return FALSE;
    }
  file = g_strconcat (args[0], ".xml", NULL);
  if (g_file_test (file, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, SIM_ERROR, SIM_ERROR_CANTCREAT,
                   "new: %s exists (expected a new name; ctsim new never "
                   "replaces a file)",
                   file);
      return FALSE;
    }
  ext = extends_value (opts->from);
  starter_text (x, args[0], ext, sc);
  /* Written under a temporary name and renamed. */
  if (!g_file_set_contents (file, x->str, (gssize)x->len, error))
    {
      g_prefix_error (error, "new: ");
      (*error)->domain = SIM_ERROR;
      (*error)->code = SIM_ERROR_CANTCREAT;
      return FALSE;
    }
  if (!opts->quiet)
    printf ("%s: a scenario that extends %s; edit it, then: ctsim validate "
            "%s\n",
            file, ext, file);
  return TRUE;
}
