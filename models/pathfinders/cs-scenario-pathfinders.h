/* cs-scenario-pathfinders.h: a scenario's <pathfinders> element read into a
 * CsPathfinders (cs-pathfinders.h), for cs-scenario.c only.
 *
 * The tree is schema-valid; the reader converts it, resolves the board
 * and partner ids against the base area's parameters, and makes the
 * checks of cs_pathfinders_check().  Every failure is SIM_ERROR_DATA
 * "FILE:LINE: ..." at the value's origin.
 */
#pragma once

#include <glib.h>
#include <libxml/tree.h>

#include "models/pathfinders/cs-pathfinders.h"

G_BEGIN_DECLS

/* (transfer full) */
G_GNUC_WARN_UNUSED_RESULT
CsPathfinders *cs_pathfinders_from_xml (xmlNode *node, const CsParams *base,
                                        GError **error);

G_END_DECLS
