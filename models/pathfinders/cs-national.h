/* cs-national.h: a national scenario's local authorities, generated from
 * documented distributions (issue 17, docs/scenarios.md "<national>"):
 * each authority an area of its own, built from the scenario's area (the
 * base) by the generator the pathfinders use (cs_pathfinders_scaled_area).
 *
 * A scenario with a <national> element (scenarios/england.xml) describes
 * the authorities: kinds (London borough, metropolitan district, unitary,
 * county), each with a number of authorities, a distribution of children
 * and a range of primary care trusts; the total of children the drawn
 * sizes are scaled to; the spread of deprivation.  The rest of the
 * scenario is the base area: every authority has its partners, schools,
 * services and commissioners, resized to its children.
 *
 * Draws (the invariants the national run and its tests rely on):
 *  - authority i is of kind k when it falls among that kind's count in
 *    the order of the <kind> elements (the first count of the first kind,
 *    and so on): the kinds' counts are exact;
 *  - the authorities are drawn once per seed, from streams keyed by
 *    (seed, replication 0, purpose, authority index), one purpose per
 *    characteristic: every replication and every scenario run with the
 *    seed has the same authorities (common random numbers); a replication
 *    differs only in what happens in them;
 *  - the drawn children are then multiplied by one factor so that their
 *    sum is the national total (`children`), unless that is 0.
 *
 * Ownership: a CsNational owns its arrays, distributions and strings.  A
 * CsParams made by cs_national_build() follows cs_pathfinders_build()'s
 * rule: free it before the base.
 */
#pragma once

#include <glib.h>

#include "models/params/cs-params.h"

G_BEGIN_DECLS

/* Stream purposes (the pathfinder generator's are 0x0300_0000 to
 * 0x0300_0006; these never reach an engine). */
enum
{
  CS_NAT_STREAM_CHILDREN = 0x03000010,
  CS_NAT_STREAM_PCTS = 0x03000011,
  CS_NAT_STREAM_DEPRIVATION = 0x03000012,
};

/* At most this many authorities (cs_national_check). */
#define CS_NAT_MAX_AREAS 2000u

typedef struct
{
  const char *id;
  guint count; /* authorities of this kind */
  const char *count_source;
  CsDistParam children; /* children aged 0-17, before the scaling */
  CsNum pcts_min;       /* primary care trusts, uniform on [min, max] */
  CsNum pcts_max;
} CsNatKind;

typedef struct CsNational CsNational;
struct CsNational
{
  guint count;             /* authorities: the kinds' counts added up */
  CsNum children;          /* real children aged 0-17 in all; 0: not scaled */
  CsNum scale;             /* simulated children per real child */
  guint pct_partner;       /* partner split into the PCTs (CS_NONE: none) */
  CsDistParam deprivation; /* an authority's mean deprivation */
  guint n_kinds;
  CsNatKind *kinds;
  gpointer pool; /* private: the string pool */
};

/* One drawn authority. */
typedef struct
{
  guint index;
  guint kind;         /* index into kinds */
  guint pcts;         /* primary care trusts */
  double children;    /* real children aged 0-17 */
  double deprivation; /* mean deprivation of its localities */
} CsNatArea;

/* Empty spec.  (transfer full) */
CsNational *cs_national_new (void);
void cs_national_free (CsNational *nat); /* accepts NULL */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsNational, cs_national_free)
/* A copy of s kept as long as nat.  (transfer none) */
const char *cs_national_intern (CsNational *nat, const char *s);

/* The checks a schema cannot make, against the base: FALSE with
 * SIM_ERROR_DATA and a message without file or line. */
G_GNUC_WARN_UNUSED_RESULT
gboolean cs_national_check (const CsNational *nat, const CsParams *base,
                            GError **error);

/* The nat->count authorities of a seed, by index.  (transfer full) */
CsNatArea *cs_national_draw (const CsNational *nat, guint64 seed);

/* The area parameters of a drawn authority: the base resized to
 * area->children x scale children, its deprivation and PCTs set
 * (cs_pathfinders_scaled_area).  (transfer full) */
CsParams *cs_national_build (const CsNational *nat, const CsParams *base,
                             const CsNatArea *area);

G_END_DECLS
