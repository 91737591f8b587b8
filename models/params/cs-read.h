/* cs-read.h: what the two scenario converters share (cs-params-xml.c, the
 * area; cs-scenario-pathfinders.c, <pathfinders>): the first failure wins
 * and becomes the one "FILE:LINE: ..." error (SIM_ERROR_DATA), and every
 * value read keeps its source, interned in the result's string pool.
 *
 * A converter embeds a CsRead, calls cs_read_* while r->ok, and reports
 * failure when !r->ok.  The schema has checked every value's type and
 * range before these run.
 */
#pragma once

#include <glib.h>
#include <libxml/tree.h>

#include "models/params/cs-params.h"

G_BEGIN_DECLS

/* Intern s (NULL stays NULL) in the pool of the object being built. */
typedef const char *(*CsReadIntern) (gpointer pool, const char *s);

typedef struct
{
  gboolean ok;
  GError **error;
  CsReadIntern intern;
  gpointer pool;
} CsRead;

#define CS_READ_INIT(error, intern, pool)                                      \
  {                                                                            \
    TRUE, (error), (intern), (pool)                                            \
  }

/* Record a failure at node (and attr, may be NULL) unless one is already
 * recorded. */
void cs_read_fail (CsRead *r, const xmlNode *node, const char *attr,
                   const char *format, ...) G_GNUC_PRINTF (4, 5);
/* The source of attr on el (its src:ATTR, else the nearest source),
 * interned; "(no source given)" when there is none. */
const char *cs_read_source (CsRead *r, const xmlNode *el, const char *attr);
/* attr of el as a number (0 when absent) with its source. */
void cs_read_num (CsRead *r, const xmlNode *el, const char *attr, CsNum *out);
/* attr of el as a distribution, parsed and validated (non-negative); a
 * mistake is a failure naming the element. */
void cs_read_dist (CsRead *r, xmlNode *el, const char *attr, CsDistParam *out);

G_END_DECLS
