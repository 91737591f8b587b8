/* area-fixture.h: a generated area (CsParams built in code) for the area tests
 * and the benchmark.
 *
 * area_fixture_new() builds a complete area of about n_children children
 * (rounded per locality and single year of age) in n_localities
 * localities of evenly spread deprivation, with primary, secondary and
 * special schools, the need, noticer, life-event and ECM parameters, and
 * a service catalogue covering [SENPOG 2006] Husbands for the three sectors,
 * each value with its source (a key of docs/references.md or "assumption").  It
 * keeps every invariant of cs-params.h.  It is for tests of mechanisms and for
 * the benchmark; the shipped, calibrated area is scenarios/default.xml.
 */
#pragma once

#include "models/params/cs-params.h"

G_BEGIN_DECLS

/* (transfer full) */
CsParams *area_fixture_new (guint n_children, guint n_localities);

/* Multiply every service's places by `factor` (the metamorphic test). */
void area_fixture_scale_places (CsParams *p, double factor);

G_END_DECLS
