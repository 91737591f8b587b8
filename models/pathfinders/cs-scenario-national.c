/* cs-scenario-national.c: <national> to CsNational (see
 * cs-scenario-national.h).  The schema has checked every value's type
 * and range; this file converts, looks the PCT partner up in the base
 * area, parses the distributions, then runs cs_national_check(), whose
 * message gets the <national> element's file and line. */
#include "config.h"

#include <string.h>

#include "models/params/cs-read.h"
#include "models/params/cs-xml.h"
#include "models/pathfinders/cs-scenario-national.h"
#include "sim/sim-error.h"

static const char *
intern (gpointer nat, const char *s)
{
  return cs_national_intern (nat, s);
}

static void
read_kind (CsRead *rd, CsNational *nat, xmlNode *el, CsNatKind *a)
{
  guint64 n = g_ascii_strtoull (cs_xml_attr (el, "count"), NULL, 10);

  a->id = cs_national_intern (nat, cs_xml_attr (el, "id"));
  a->count = (guint)MIN (n, (guint64)CS_NAT_MAX_AREAS + 1);
  a->count_source = cs_read_source (rd, el, "count");
  cs_read_dist (rd, el, "children", &a->children);
  cs_read_num (rd, el, "pcts_min", &a->pcts_min);
  cs_read_num (rd, el, "pcts_max", &a->pcts_max);
  nat->count += a->count;
}

CsNational *
cs_national_from_xml (xmlNode *node, const CsParams *base, GError **error)
{
  g_autoptr (CsNational) nat = cs_national_new ();
  g_autoptr (GError) e = NULL;
  CsRead rd = CS_READ_INIT (error, intern, nat);
  const char *pct = cs_xml_attr (node, "pct_partner");
  guint kinds = 0;

  cs_read_num (&rd, node, "children", &nat->children);
  cs_read_num (&rd, node, "scale", &nat->scale);
  if (pct)
    {
      nat->pct_partner = cs_params_find_partner (base, pct);
      if (nat->pct_partner == CS_NONE)
        {
          g_autofree char *shown = cs_xml_show_value (pct);
          cs_read_fail (&rd, node, "pct_partner",
                        "'%s' is not a partner of the scenario (expected "
                        "the id of a <partner>)",
                        shown);
        }
    }
  for (xmlNode *c = cs_xml_first_element (node); c; c = cs_xml_next_element (c))
    kinds += strcmp ((const char *)c->name, "kind") == 0;
  nat->kinds = g_new0 (CsNatKind, MAX (1u, kinds));
  for (xmlNode *c = cs_xml_first_element (node); c && rd.ok;
       c = cs_xml_next_element (c))
    {
      const char *name = (const char *)c->name;
      if (strcmp (name, "kind") == 0)
        read_kind (&rd, nat, c, &nat->kinds[nat->n_kinds++]);
      else if (strcmp (name, "deprivation") == 0)
        cs_read_dist (&rd, c, "mean", &nat->deprivation);
    }
  if (!rd.ok)
    return NULL;
  if (!cs_national_check (nat, base, &e))
    {
      cs_xml_error (error, SIM_ERROR_DATA, node, NULL, "<national>: %s",
                    e->message);
      return NULL;
    }
  return g_steal_pointer (&nat);
}
