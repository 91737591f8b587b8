/* cs-params-xml.h: the parameters of an area scenario from its resolved,
 * schema-valid tree, with the checks a schema cannot make.
 *
 * Checks: references (locality, age_profile, school, partner, cluster,
 * provider, arrangement) name something that exists; every need domain,
 * noticer and ECM outcome is described once, and a phase exists for each
 * school type used; age and stage ranges are not reversed; onset bands
 * lie in 0-17 without overlap; stage shares sum to 1; a partner or school
 * pools at most all of its budget across the arrangements it joins;
 * distributions are possible (sim_dist_parse + sim_dist_validate, and
 * non-negative for durations); a provider delivers its services' sector.
 * Each failure is SIM_ERROR_DATA "FILE:LINE: ..." at the value's origin.
 *
 * An arrangement with instances="per_school" becomes one CsArrangement
 * per member school, id "ARRANGEMENT:SCHOOL", with that school as its
 * school member and each partner member's pooled share split between the
 * instances in proportion to their schools' rolls.
 */
#pragma once

#include <glib.h>
#include <libxml/tree.h>

#include "models/params/cs-params.h"

G_BEGIN_DECLS

/* (transfer full) */
G_GNUC_WARN_UNUSED_RESULT
CsParams *cs_params_from_xml (xmlNode *root, GError **error);

G_END_DECLS
