/* cs-schema.h: the embedded RELAX NG schema, and explanations of what a
 * document that fails it got wrong.
 *
 * The verdict is libxml2's (xmlRelaxNGValidateDoc with the schema
 * compiled from the embedded scenarios/ctsim.rng).  When it says no, the
 * schema's own tree is read to say which attribute or element is wrong
 * and what it should be, for the first element in document order that
 * has a problem (libxml2's first error only when no element is found to
 * blame): unknown or missing attributes and elements
 * come from the element's declaration, and a doubtful value is checked
 * by libxml2 against the attribute's declared pattern alone.  The
 * expectations are the ct:expect annotations of the schema's types.
 *
 * Speed: libxml2 builds an XSD facet (pattern, bounds) anew for every
 * value it checks, so when cs-facets.c says in C that every such facet
 * of the document holds, a copy of the schema without them validates it:
 * libxml2 takes the same steps with both, so verdicts (and first errors)
 * are the full schema's.  And subtrees
 * that a valid document had at the same place (the default area, for
 * most documents) are validated once per process: a document is first
 * validated as a copy with those subtrees replaced by markers; when that
 * says valid it is (see "Known-valid subtrees" in cs-schema.c).
 * tests/test-schema compares verdicts and problems with the full
 * schema's (cs_schema_validate_full, cs_schema_validate_slow).
 *
 * Thread-safe: the schema is compiled once; each call uses its own
 * validation context; what is kept between calls is locked.
 */
#pragma once

#include <glib.h>
#include <libxml/tree.h>

G_BEGIN_DECLS

typedef struct
{
  const xmlNode *node; /* the element the problem is about */
  char *attr;          /* the attribute, or NULL */
  char *value;         /* the attribute's value when that is wrong */
  char *what;          /* what is wrong, e.g. "<run> lacks attribute 'seed'" */
  char *expected;      /* what was expected */
} CsSchemaProblem;

/* The embedded resource `name` (e.g. "scenarios/ctsim.rng").
 * (transfer full) */
GBytes *cs_schema_resource (const char *name);

/* TRUE if doc is valid; otherwise FALSE and *problem describes the first
 * problem found (clear it with cs_schema_problem_clear). */
gboolean cs_schema_validate (xmlDoc *doc, CsSchemaProblem *problem);
void cs_schema_problem_clear (CsSchemaProblem *problem);

/* libxml2's verdict with the full schema alone, without the fast path
 * (tests compare the two). */
gboolean cs_schema_validate_full (xmlDoc *doc);
/* cs_schema_validate() with the full schema alone: the same verdict and
 * problem (tests compare the two). */
gboolean cs_schema_validate_slow (xmlDoc *doc, CsSchemaProblem *problem);
/* How many subtrees cs_schema_validate() has found known valid so far
 * (tests), and forgetting them all (the next document is validated
 * whole). */
guint cs_schema_known_hits (void);
void cs_schema_forget (void);

/* How many invalid documents cs_schema_validate() has explained without
 * libxml2 (the first element to blame, found beside the known subtrees)
 * so far (tests). */
guint cs_schema_explained_alone (void);

/* How many elements and attributes of names no pattern of the schema
 * has cs_schema_validate() has passed over in its facet checks so far
 * (tests): such values are never checked against a facet, so they do
 * not keep a document from the facet-free schema. */
guint cs_schema_unmatched (void);

/* Attribute names the schema allows on an element like `elem` (in its
 * declaration that fits it best), NULL-terminated.  (transfer full) */
char **cs_schema_attributes (const xmlNode *elem);

G_END_DECLS
