/* cs-scenario-national.h: a scenario's <national> element read into a
 * CsNational (cs-national.h), for cs-scenario.c only.
 *
 * The tree is schema-valid; the reader converts it, resolves the PCT
 * partner against the base area, and makes the checks of
 * cs_national_check().  Every failure is SIM_ERROR_DATA "FILE:LINE: ..."
 * at the value's origin.
 */
#pragma once

#include <glib.h>
#include <libxml/tree.h>

#include "models/pathfinders/cs-national.h"

G_BEGIN_DECLS

/* (transfer full) */
G_GNUC_WARN_UNUSED_RESULT
CsNational *cs_national_from_xml (xmlNode *node, const CsParams *base,
                                  GError **error);

G_END_DECLS
