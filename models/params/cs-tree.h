/* cs-tree.h: scenario trees as the user addresses them: keys, dotted
 * paths, and merging an overlay (extends) into the scenario it extends.
 *
 * Key of an element: its `id`; for <onset> its `sex`; for <member> the
 * value of its partner, school, cluster or school_type attribute.
 * Elements without a key are addressed by their name and must be the
 * only child of that name.
 *
 * Dotted path (for --set and <sweep>): steps from <scenario> down, each
 * step the name of a child element or the key of a child, the last step
 * an attribute: run.seed, services.camhs_t3.places,
 * partners.health.pooled_share, needs.conduct_behaviour.male.
 * per_1000_children_per_year, arrangements.jcu.procurement.tender_days.
 *
 * Merge: attributes of the overlay's element replace the base's; a child
 * with the same name and key is merged recursively, a new one is added
 * after its last sibling of the same name; remove="true" deletes the
 * base's element, replace="true" replaces it whole; non-blank text
 * replaces the base's text.  Moved nodes keep their origins; attributes
 * the overlay changes get the overlay element's origin.
 */
#pragma once

#include <glib.h>
#include <libxml/tree.h>

#include "models/params/cs-xml.h"

G_BEGIN_DECLS

/* FALSE (SIM_ERROR_DATA) if two children of one element have the same
 * name and key, anywhere under root. */
G_GNUC_WARN_UNUSED_RESULT
gboolean cs_tree_check_keys (xmlNode *root, GError **error);

/* Merge overlay root `over` into base root `base` (different documents;
 * `over` is left in pieces and must then be freed).  The root's
 * `extends` attribute is not copied.  SIM_ERROR_DATA on a remove or
 * replace of an element the base does not have. */
G_GNUC_WARN_UNUSED_RESULT
gboolean cs_tree_merge (xmlNode *base, xmlNode *over, CsXmlArena *arena,
                        GError **error);

/* Resolve a dotted path: the element and attribute name it addresses
 * (the attribute may not exist yet if the schema allows it).  On
 * failure sets SIM_ERROR_DATA "PREFIX: no parameter 'PATH' (expected one
 * of ...)". */
G_GNUC_WARN_UNUSED_RESULT
gboolean cs_tree_resolve (xmlNode *root, const char *path, const char *prefix,
                          xmlNode **elem, const char **attr, GError **error);

/* Set attribute `attr` of elem to value, with source text `source` in
 * src:ATTR, both with the given origin. */
void cs_tree_set (xmlNode *elem, const char *attr, const char *value,
                  const char *source, const CsOrigin *origin);

/* The source of attribute attr of elem: src:ATTR, else the nearest
 * source="..." on elem or an ancestor, else NULL.  (transfer none) */
const char *cs_tree_source (const xmlNode *elem, const char *attr);

G_END_DECLS
