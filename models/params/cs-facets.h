/* cs-facets.h: the facets of the schema's value types (pattern,
 * minInclusive, minExclusive, maxInclusive, maxExclusive), checked in C
 * so that libxml2 does not compile them again for every value.
 *
 * libxml2's RELAX NG validator checks an XSD facet by building it anew
 * for each value: a regular expression compiled, or a parser context
 * made, per value (about two thirds of a load's time).  cs-schema.c
 * therefore validates with a copy of the schema whose types named here
 * have no facets, and checks the facets of each attribute with these
 * functions.  The checks are conservative: TRUE means libxml2 would
 * accept the value too; FALSE means "not sure", and the caller then asks
 * libxml2 with the full schema, so a verdict or a message never changes.
 *
 * Only types the schema defines as `<define name="t.*">` with one
 * `<data>` are handled: a pattern on type string, bounds on decimal or
 * integer.  A type used anywhere but as an attribute's value (directly,
 * or as the items of a <list> type) leaves the whole schema unhandled.
 *
 * Immutable after cs_facets_new(); thread-safe.
 */
#pragma once

#include <glib.h>
#include <libxml/tree.h>

G_BEGIN_DECLS

typedef struct CsFacets CsFacets;
typedef struct CsFacetType CsFacetType;

/* What must hold of an attribute's value beyond the facet-free schema. */
typedef enum
{
  CS_FACET_CHECK_NONE,  /* nothing: no handled type in its declaration */
  CS_FACET_CHECK_ONE,   /* the value has the facets of `type` */
  CS_FACET_CHECK_LIST,  /* each item of the list has the facets of `type` */
  CS_FACET_CHECK_OTHER, /* a handled type used otherwise: ask libxml2 */
} CsFacetCheckKind;

typedef struct
{
  CsFacetCheckKind kind;
  const CsFacetType *type; /* for ONE and LIST */
} CsFacetCheck;

/* The handled types of the schema `rng` (kept by the caller while the
 * result lives), or NULL if the schema uses a handled type in a way the
 * checks cannot follow.  (transfer full) */
CsFacets *cs_facets_new (xmlDoc *rng);
void cs_facets_free (CsFacets *facets);

/* A copy of `rng` without the facets of the handled types.
 * (transfer full) */
xmlDoc *cs_facets_strip (const CsFacets *facets, xmlDoc *rng);

/* What the declaration `attribute` (an <attribute> of the schema) asks
 * beyond the facet-free schema. */
CsFacetCheck cs_facets_classify (const CsFacets *facets, xmlNode *attribute);

/* TRUE if `value`, which the facet-free schema accepts under the
 * declaration classified as `check`, surely has its facets too; FALSE if
 * it may not (ask libxml2).  Always FALSE for CS_FACET_CHECK_OTHER. */
gboolean cs_facets_value_ok (const CsFacetCheck *check, const char *value);

/* Two checks ask the same of a value. */
gboolean cs_facets_check_equal (const CsFacetCheck *a, const CsFacetCheck *b);

G_END_DECLS
