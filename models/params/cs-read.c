/* cs-read.c: see cs-read.h. */
#include "config.h"

#include <stdarg.h>

#include "models/params/cs-read.h"
#include "models/params/cs-tree.h"
#include "models/params/cs-xml.h"
#include "sim/sim-error.h"

void
cs_read_fail (CsRead *r, const xmlNode *node, const char *attr,
              const char *format, ...)
{
  va_list ap;

  if (!r->ok)
    return;
  va_start (ap, format);
  cs_xml_errorv (r->error, SIM_ERROR_DATA, node, attr, format, ap);
  va_end (ap);
  r->ok = FALSE;
}

const char *
cs_read_source (CsRead *r, const xmlNode *el, const char *attr)
{
  const char *s = cs_tree_source (el, attr);

  return r->intern (r->pool, s ? s : "(no source given)");
}

void
cs_read_num (CsRead *r, const xmlNode *el, const char *attr, CsNum *out)
{
  const char *v = cs_xml_attr (el, attr);

  out->value = v ? g_ascii_strtod (v, NULL) : 0.0;
  out->source = cs_read_source (r, el, attr);
}

void
cs_read_dist (CsRead *r, xmlNode *el, const char *attr, CsDistParam *out)
{
  g_autoptr (GError) e = NULL;

  out->dist = (SimDist)SIM_DIST_INIT;
  out->source = cs_read_source (r, el, attr);
  if (!r->ok)
    return;
  if (!sim_dist_parse (cs_xml_attr (el, attr), &out->dist, &e)
      || !sim_dist_validate (&out->dist, TRUE, &e)
      || !sim_dist_check_size (&out->dist, CS_MAX_DIST_ABS, &e))
    {
      g_autofree char *desc = cs_xml_describe (el);

      sim_dist_clear (&out->dist);
      out->dist = (SimDist)SIM_DIST_INIT;
      cs_read_fail (r, el, attr, "%s of %s: %s", attr, desc, e->message);
    }
}
