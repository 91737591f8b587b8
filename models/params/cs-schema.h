/* cs-schema.h: the embedded RELAX NG schema, and explanations of what a
 * document that fails it got wrong.
 *
 * The verdict is libxml2's (xmlRelaxNGValidateDoc with the schema
 * compiled from the embedded scenarios/ctsim.rng).  When it says no, the
 * schema's own tree is read to say which attribute or element is wrong
 * and what it should be: unknown or missing attributes and elements
 * come from the element's declaration, and a doubtful value is checked
 * by libxml2 against the attribute's declared pattern alone.  The
 * expectations are the ct:expect annotations of the schema's types.
 *
 * Speed: libxml2 builds an XSD facet (pattern, bounds) anew for every
 * value it checks, so a document is first validated with a copy of the
 * schema without the facets of its simple types, which cs-facets.c
 * checks in C; only when that cannot say "valid" is the full schema run
 * (and its first error explained), so verdicts and messages are the full
 * schema's.
 *
 * Thread-safe: the schema is compiled once; each call uses its own
 * validation context.
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

/* Attribute names the schema allows on an element like `elem` (in its
 * declaration that fits it best), NULL-terminated.  (transfer full) */
char **cs_schema_attributes (const xmlNode *elem);

G_END_DECLS
