/* test-scenario.c: the scenario loader (models/scenario/cs-scenario.h): shipped
 * scenarios, extends, --set, sweeps, the resolved XML round trip, the
 * parameters' sources, security limits, and the bad-scenario corpus
 * (tests/bad-scenarios: NAME.xml, NAME.expected with the exact one-line
 * message, optional NAME.set with one PATH=VALUE per line and NAME.code
 * with the error code when it is not 65).
 *
 * Files are found under $top_srcdir (set by make check) or the source
 * tree the program was built from.  No random numbers are drawn.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <sys/stat.h>

#include <glib/gstdio.h>
#include <libxml/xmlerror.h>

#include "models/params/cs-outputs.h"
#include "models/params/cs-params.h"
#include "models/params/cs-trace.h"
#include "models/params/cs-xml.h"
#include "models/area/cs-area.h"
#include "models/queue/cs-queue.h"
#include "models/scenario/cs-scenario.h"
#include "sim/sim-error.h"
#include "sim/sim-json.h"
#include "sim/sim-trace.h"
#include "tests/cu-main.h"

static const char *const shipped[] = {
  "default.xml",
  "separate-agencies.xml",
  "joint-unit-pooled.xml",
  "multi-agency-panel.xml",
  "school-led-cluster.xml",
  "school-led-single.xml",
  "pooling-sweep.xml",
  "county.xml",
  "demo.xml",
  "validation/mm1.xml",
  "validation/mmc.xml",
  "validation/md1.xml",
  NULL,
};

/* ---- Helpers ------------------------------------------------------------- */

static char *
src_path (const char *rel)
{
  const char *top = g_getenv ("top_srcdir");

  return g_build_filename (top && *top ? top : CTSIM_SRCDIR, rel, NULL);
}

static char *
scenario_path (const char *name)
{
  g_autofree char *rel = g_build_filename ("scenarios", name, NULL);

  return src_path (rel);
}

/* Load or fail the test, printing the message. */
static CsScenario *
load_ok (const char *path, const char *const *sets)
{
  g_autoptr (GError) error = NULL;
  CsScenario *sc = cs_scenario_load (path, sets, &error);

  if (!sc)
    fprintf (stderr, "\n  loading %s: %s\n", path, error->message);
  CU_ASSERT_PTR_NOT_NULL_FATAL (sc);
  return sc;
}

static CsScenario *
load_shipped (const char *name, const char *const *sets)
{
  g_autofree char *path = scenario_path (name);

  return load_ok (path, sets);
}

/* Load, expecting failure; returns the message (transfer full). */
static char *
load_fail (const char *path, const char *const *sets, int *code)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CsScenario) sc = cs_scenario_load (path, sets, &error);

  CU_ASSERT_PTR_NULL (sc);
  if (!error)
    return g_strdup ("(no error)");
  CU_ASSERT_EQUAL (error->domain, SIM_ERROR);
  if (code)
    *code = error->code;
  return g_strdup (error->message);
}

static const CsParams *
area (const CsScenario *sc)
{
  CU_ASSERT_PTR_EQUAL (cs_scenario_model (sc), &cs_area_model);
  return cs_scenario_params (sc);
}

static const CsQueueParams *
queue (const CsScenario *sc)
{
  CU_ASSERT_PTR_EQUAL (cs_scenario_model (sc), &cs_queue_model);
  return cs_scenario_params (sc);
}

/* A scratch folder for scenario files written by a test. */
static char *
scratch (void)
{
  g_autoptr (GError) error = NULL;
  char *dir = g_dir_make_tmp ("ctsim-test-scenario-XXXXXX", &error);

  CU_ASSERT_PTR_NOT_NULL_FATAL (dir);
  return dir;
}

static char *
write_file (const char *dir, const char *name, const char *text)
{
  char *path = g_build_filename (dir, name, NULL);

  CU_ASSERT_FATAL (g_file_set_contents (path, text, -1, NULL));
  return path;
}

static void
remove_tree (const char *dir)
{
  GDir *d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d && (name = g_dir_read_name (d)))
    {
      g_autofree char *p = g_build_filename (dir, name, NULL);
      g_remove (p);
    }
  if (d)
    g_dir_close (d);
  g_rmdir (dir);
}

/* ---- A complete dump of the parameters, to compare two loads ------------- */

static void
num (GString *s, const char *name, CsNum v)
{
  CU_ASSERT_PTR_NOT_NULL (v.source);
  g_string_append_printf (s, "%s=%.17g [%s]\n", name, v.value,
                          v.source ? v.source : "NULL");
}

static void
nums (GString *s, const char *name, const CsNum *v, guint n)
{
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *k = g_strdup_printf ("%s[%u]", name, i);
      num (s, k, v[i]);
    }
}

static void
dist (GString *s, const char *name, const CsDistParam *d)
{
  g_autofree char *t = sim_dist_to_string (&d->dist);

  CU_ASSERT_PTR_NOT_NULL (d->source);
  g_string_append_printf (s, "%s=%s [%s]\n", name, t,
                          d->source ? d->source : "NULL");
}

static void
str (GString *s, const char *name, const char *v)
{
  g_string_append_printf (s, "%s=%s\n", name, v ? v : "(null)");
}

static void
uns (GString *s, const char *name, guint64 v)
{
  g_string_append_printf (s, "%s=%" G_GUINT64_FORMAT "\n", name, v);
}

static void
dump_eligibility (GString *s, const CsEligibility *e)
{
  num (s, "elig.age_min", e->age_min);
  num (s, "elig.age_max", e->age_max);
  num (s, "elig.stage_min", e->stage_min);
  uns (s, "elig.domains", e->domains);
  uns (s, "elig.on_roll_only", e->on_roll_only);
  uns (s, "elig.looked_after_only", e->looked_after_only);
  num (s, "elig.deprivation_min", e->deprivation_min);
}

static void
dump_area (GString *s, const CsParams *p)
{
  num (s, "male_share", p->area.male_share);
  for (guint g = 0; g < CS_N_OUTSIDE; g++)
    {
      g_string_append_printf (s, "outside %u unit %d\n", g,
                              p->area.outside[g].unit);
      num (s, "outside",
           (CsNum){ p->area.outside[g].value, p->area.outside[g].source });
    }
  num (s, "mig_in", p->area.migration_in_per_1000_per_year);
  num (s, "mig_out", p->area.migration_out_per_1000_per_year);
  for (guint l = 0; l < p->n_localities; l++)
    {
      const CsLocality *x = &p->localities[l];
      str (s, "locality", x->id);
      str (s, "name", x->name);
      num (s, "deprivation", x->deprivation);
      nums (s, "children", x->children, CS_N_AGES);
    }
  for (guint t = 0; t < CS_N_SCHOOL_TYPES; t++)
    {
      num (s, "phase.min", p->phases[t].age_min);
      num (s, "phase.max", p->phases[t].age_max);
    }
  for (guint i = 0; i < p->n_schools; i++)
    {
      const CsSchool *x = &p->schools[i];
      str (s, "school", x->id);
      str (s, "name", x->name);
      uns (s, "type", x->type);
      uns (s, "locality", x->locality);
      num (s, "age_min", x->age_min);
      num (s, "age_max", x->age_max);
      num (s, "roll", x->roll);
      num (s, "distance", x->distance_km);
      num (s, "orientation", x->orientation);
      num (s, "budget", x->budget_gbp_per_year);
      num (s, "pooled", x->pooled_share);
      str (s, "cluster", x->cluster);
    }
}

static void
dump_needs (GString *s, const CsParams *p)
{
  for (guint k = 0; k < CS_N_NOTICERS; k++)
    {
      const CsNoticerParams *n = &p->noticers[k];
      num (s, "contact", n->contact_share);
      num (s, "age_min", n->age_min);
      num (s, "age_max", n->age_max);
      uns (s, "on_roll", n->on_roll_only);
      uns (s, "open_case", n->open_case_only);
    }
  for (guint d = 0; d < CS_N_DOMAINS; d++)
    {
      const CsNeedDomain *x = &p->domains[d];
      str (s, "domain", cs_domain_names[d]);
      for (guint sex = 0; sex < CS_N_SEXES; sex++)
        nums (s, "onset", x->onset_per_1000_per_year[sex], CS_N_AGES);
      num (s, "deprivation_rr", x->deprivation_rr);
      nums (s, "onset_stage", x->onset_stage_share, CS_N_STAGES);
      nums (s, "initial", x->initial_share, CS_N_STAGES);
      nums (s, "escalation", x->escalation_per_year, CS_N_STAGES);
      nums (s, "remission", x->remission_per_year, CS_N_STAGES);
      num (s, "served_rr", x->served_escalation_rr);
      nums (s, "recognition", x->recognition, CS_N_NOTICERS);
      nums (s, "visibility", x->visibility, CS_N_STAGES);
      nums (s, "referral", x->referral, CS_N_NOTICERS);
    }
}

static void
dump_life_ecm (GString *s, const CsParams *p)
{
  const CsLifeEvents *l = &p->life;
  const CsEcmParams *e = &p->ecm;

  num (s, "excl", l->exclusion_per_1000_per_year);
  nums (s, "excl.conduct", l->exclusion_conduct_rr, CS_N_STAGES);
  num (s, "excl.lac", l->exclusion_looked_after_rr);
  num (s, "excl.orient", l->exclusion_orientation_rr);
  dist (s, "excl.days", &l->exclusion_days);
  nums (s, "care.entry", l->care_entry_per_year, CS_N_STAGES);
  dist (s, "care.days", &l->care_days);
  num (s, "care.ooa", l->care_out_of_area_share);
  num (s, "lac", l->looked_after_per_1000);
  num (s, "cin", l->children_in_need_per_1000);
  num (s, "cin.closure", l->case_closure_per_year);
  num (s, "move", l->school_move_per_1000_per_year);
  num (s, "move.lac", l->school_move_looked_after_rr);
  num (s, "move.ks4", l->school_move_looked_after_ks4_rr);
  num (s, "ks4.min", l->ks4_age_min);
  num (s, "ks4.max", l->ks4_age_max);
  num (s, "home_ed", l->home_education_per_1000_per_year);
  nums (s, "ecm.mean", e->baseline_mean, CS_N_ECM);
  nums (s, "ecm.sd", e->baseline_sd, CS_N_ECM);
  nums (s, "ecm.dep", e->deprivation_shift, CS_N_ECM);
  for (guint d = 0; d < CS_N_DOMAINS; d++)
    nums (s, "ecm.unmet", e->unmet_per_stage_per_year[d], CS_N_ECM);
  nums (s, "ecm.rev", e->reversion_per_year, CS_N_ECM);
  nums (s, "ecm.excl", e->exclusion_shift, CS_N_ECM);
  nums (s, "ecm.care", e->care_entry_shift, CS_N_ECM);
  nums (s, "ecm.met0", e->initial_met_share, CS_N_ECM);
  num (s, "g.an", p->groups.additional_needs_stage_min);
  num (s, "g.sen", p->groups.sen_stage_min);
  num (s, "g.st", p->groups.statement_stage_min);
  num (s, "g.dis", p->groups.disabled_stage_min);
  num (s, "g.cin", p->groups.child_in_need_stage_min);
}

static void
dump_services (GString *s, const CsParams *p)
{
  for (guint i = 0; i < p->n_services; i++)
    {
      const CsService *x = &p->services[i];
      str (s, "service", x->id);
      str (s, "name", x->name);
      uns (s, "sector", x->sector);
      uns (s, "tier", x->tier);
      uns (s, "setting", x->setting);
      uns (s, "access", x->access);
      uns (s, "waiting", x->waiting);
      uns (s, "domains", x->domains);
      num (s, "stage_min", x->stage_min);
      num (s, "stage_max", x->stage_max);
      uns (s, "referrers", x->referrers);
      dump_eligibility (s, &x->eligibility);
      uns (s, "ends", x->ends_on_leaving_school);
      num (s, "places", x->places);
      num (s, "coverage", x->coverage);
      dist (s, "episode", &x->episode_days);
      num (s, "c.ep", x->cost_gbp_per_episode);
      num (s, "c.py", x->cost_gbp_per_place_per_year);
      num (s, "c.cd", x->cost_gbp_per_child_day);
      num (s, "deesc", x->effect_deescalate);
      num (s, "resolve", x->effect_resolve);
      nums (s, "ecm", x->ecm_effect, CS_N_ECM);
      nums (s, "onset_rr", x->onset_rr, CS_N_DOMAINS);
      uns (s, "commissioner", x->commissioner);
      uns (s, "provider", x->provider);
    }
}

static void
dump_partners (GString *s, const CsParams *p)
{
  for (guint i = 0; i < p->n_partners; i++)
    {
      const CsPartner *x = &p->partners[i];
      str (s, "partner", x->id);
      str (s, "name", x->name);
      str (s, "kind", x->kind);
      uns (s, "sector", x->sector);
      nums (s, "budget", x->budget_gbp_per_year, CS_N_SECTORS);
      num (s, "pooled", x->pooled_share);
    }
  for (guint i = 0; i < p->n_providers; i++)
    {
      const CsProvider *x = &p->providers[i];
      str (s, "provider", x->id);
      str (s, "name", x->name);
      str (s, "type", x->type);
      uns (s, "sectors", x->sectors);
      num (s, "capacity", x->capacity);
      num (s, "price", x->price_rr);
      num (s, "quality", x->quality);
      num (s, "bid", x->bid_probability);
      num (s, "continuity", x->continuity);
    }
}

static void
dump_arrangement (GString *s, const CsArrangement *a)
{
  str (s, "arrangement", a->id);
  str (s, "name", a->name);
  str (s, "type", a->type);
  uns (s, "tiers", a->tiers);
  uns (s, "sectors", a->sectors);
  for (guint l = 0; l < a->n_localities; l++)
    uns (s, "locality", a->localities[l]);
  for (guint m = 0; m < a->n_members; m++)
    {
      uns (s, "member.kind", a->members[m].kind);
      uns (s, "member.index", a->members[m].index);
      num (s, "member.pooled", a->members[m].pooled_share);
    }
  num (s, "roll", a->records_roll_share);
  num (s, "partner", a->records_partner_share);
  nums (s, "reach", a->reach_outside, CS_N_OUTSIDE);
  uns (s, "sources", a->referral_sources);
  num (s, "capacity", a->analytic_capacity);
  nums (s, "w.domain", a->weight_domain, CS_N_DOMAINS);
  nums (s, "w.stage", a->weight_stage, CS_N_STAGES);
  nums (s, "w.ecm", a->weight_ecm, CS_N_ECM);
  dump_eligibility (s, &a->eligibility);
  dist (s, "tender", &a->procurement.tender_days);
  num (s, "fail", a->procurement.failure_probability);
  num (s, "tcost", a->procurement.transaction_cost_gbp);
  num (s, "pw", a->procurement.price_weight);
  dist (s, "contract", &a->procurement.contract_years);
  for (guint c = 0; c < CS_N_CYCLE_STAGES; c++)
    {
      dist (s, "cycle.days", &a->cycle[c].days);
      num (s, "cycle.cost", a->cycle[c].staff_cost_gbp);
    }
  num (s, "interval", a->cycle_interval_days);
  num (s, "meeting", a->meeting_interval_days);
  num (s, "monitoring", a->monitoring_interval_days);
  num (s, "running", a->running_cost_gbp_per_year);
  num (s, "qa", a->qa_detection);
  num (s, "qa.t", a->qa_quality_threshold);
  num (s, "dep", a->decision_dependence);
  nums (s, "shift", a->orientation_weight_shift, CS_N_DOMAINS);
  num (s, "noise", a->decision_noise_sd);
  num (s, "sanction", a->sanction_use);
  num (s, "sanction.min", a->sanction_conduct_stage_min);
  num (s, "community", a->community_sight_km);
}

static char *
dump (const CsScenario *sc)
{
  GString *s = g_string_new (NULL);
  const CsRunSettings *run = cs_scenario_run_settings (sc);

  g_string_append_printf (s, "run %.17g %.17g %u %" G_GUINT64_FORMAT "\n",
                          run->years, run->warmup_years, run->replications,
                          run->seed);
  str (s, "name", cs_scenario_name (sc));
  str (s, "description", cs_scenario_description (sc));
  if (cs_scenario_model (sc))
    {
      const CsQueueParams *q = cs_scenario_params (sc);
      for (guint i = 0; i < q->n_services; i++)
        {
          g_autofree char *d = sim_dist_to_string (&q->services[i].episode);
          g_string_append_printf (s, "queue %s %u %.17g %s\n",
                                  q->services[i].id, q->services[i].servers,
                                  q->services[i].arrival_rate, d);
        }
    }
  else
    {
      const CsParams *p = cs_scenario_params (sc);
      dump_area (s, p);
      dump_needs (s, p);
      dump_life_ecm (s, p);
      dump_services (s, p);
      dump_partners (s, p);
      for (guint i = 0; i < p->n_arrangements; i++)
        dump_arrangement (s, &p->arrangements[i]);
      num (s, "cv", p->commissioning.estimate_cv_at_zero_capacity);
      num (s, "first", p->commissioning.first_cycle_day);
      num (s, "joint", p->commissioning.joint_min_share);
      num (s, "change", p->commissioning.max_change_per_cycle);
      num (s, "worker.change", p->worker_change_effect_rr);
    }
  for (guint i = 0; i < cs_scenario_sweep_n_points (sc); i++)
    {
      str (s, "point", cs_scenario_sweep_label (sc, i));
      for (const char *const *x = cs_scenario_sweep_sets (sc, i); *x; x++)
        str (s, "set", *x);
    }
  return g_string_free (s, FALSE);
}

/* ---- /scenario/shipped --------------------------------------------------- */

static void
test_shipped_all_load (void)
{
  for (guint i = 0; shipped[i]; i++)
    {
      g_autoptr (CsScenario) sc = load_shipped (shipped[i], NULL);
      g_autofree char *d = dump (sc);
      CU_ASSERT_STRING_NOT_EQUAL (cs_scenario_name (sc), "");
      CU_ASSERT_STRING_NOT_EQUAL (cs_scenario_description (sc), "");
      CU_ASSERT_EQUAL (strlen (cs_scenario_sha256 (sc)), 64);
      /* Every value in a shipped scenario names its source. */
      CU_ASSERT_PTR_NULL (strstr (d, "no source given"));
    }
}

static guint
count_type (const CsParams *p, CsSchoolType t)
{
  guint n = 0;

  for (guint i = 0; i < p->n_schools; i++)
    n += p->schools[i].type == t;
  return n;
}

static double
children (const CsParams *p, guint locality)
{
  double n = 0.0;

  for (guint l = 0; l < p->n_localities; l++)
    for (guint a = 0; a < CS_N_AGES; a++)
      if (locality == CS_NONE || l == locality)
        n += p->localities[l].children[a].value;
  return n;
}

static void
test_shipped_default_area (void)
{
  g_autoptr (CsScenario) sc = load_shipped ("default.xml", NULL);
  const CsParams *p = area (sc);
  double special = 0.0;
  guint svc[CS_N_SECTORS] = { 0 };
  const CsService *camhs;

  CU_ASSERT_EQUAL (p->n_localities, 5);
  CU_ASSERT_CLOSE (children (p, CS_NONE), 45000.0, 0.0);
  CU_ASSERT_CLOSE (children (p, cs_params_find_locality (p, "central")),
                   10000.0, 0.0);
  CU_ASSERT_EQUAL (count_type (p, CS_SCHOOL_PRIMARY), 45);
  CU_ASSERT_EQUAL (count_type (p, CS_SCHOOL_SECONDARY), 12);
  CU_ASSERT_EQUAL (count_type (p, CS_SCHOOL_SPECIAL), 5);
  for (guint i = 0; i < p->n_schools; i++)
    if (p->schools[i].type == CS_SCHOOL_SPECIAL)
      special += p->schools[i].roll.value;
  CU_ASSERT_CLOSE (special, 467.0, 0.0); /* [SENPOG 2006] Dessent (inferred) */
  CU_ASSERT_CLOSE (p->schools[0].age_min.value, 4.0, 0.0);
  CU_ASSERT_CLOSE (p->schools[0].age_max.value, 10.0, 0.0);
  for (guint i = 0; i < p->n_services; i++)
    svc[p->services[i].sector]++;
  CU_ASSERT (svc[CS_SECTOR_HEALTH] >= 9);
  CU_ASSERT (svc[CS_SECTOR_EDUCATION] >= 10);
  CU_ASSERT (svc[CS_SECTOR_SOCIAL_CARE] >= 8);
  camhs = &p->services[cs_params_find_service (p, "camhs_t3")];
  CU_ASSERT_EQUAL (camhs->tier, CS_TIER_SPECIALIST);
  /* [PSSRU]: 795,000 pounds a year for a caseload of about 240. */
  CU_ASSERT_CLOSE (camhs->cost_gbp_per_place_per_year.value, 3312.0, 0.0);
  CU_ASSERT (
      g_str_has_prefix (camhs->cost_gbp_per_place_per_year.source, "[PSSRU]"));
  CU_ASSERT_EQUAL (camhs->commissioner,
                   cs_params_find_arrangement (p, "health"));
  CU_ASSERT_EQUAL (camhs->provider,
                   cs_params_find_provider (p, "pct_provider"));
  CU_ASSERT_EQUAL (camhs->episode_days.dist.kind, SIM_DIST_GAMMA);
  CU_ASSERT_EQUAL (p->n_partners, 6);
  CU_ASSERT_EQUAL (p->n_arrangements, 3);
  CU_ASSERT_STRING_EQUAL (p->arrangements[0].type, "separate");
  CU_ASSERT_CLOSE (p->life.exclusion_looked_after_rr.value, 1.0, 0.0);
  CU_ASSERT (g_str_has_prefix (p->life.exclusion_looked_after_rr.source,
                               "assumption (issue 14)"));
  CU_ASSERT_CLOSE (p->life.school_move_looked_after_ks4_rr.value, 1.0, 0.0);
  CU_ASSERT_CLOSE (p->life.placement_moves_per_year.value, 0.4, 0.0);
  CU_ASSERT_CLOSE (p->life.exclusion_served_rr.value, 0.5, 0.0);
  CU_ASSERT_CLOSE (p->life.care_family_rr[4].value, 4.0, 0.0);
  CU_ASSERT_CLOSE (p->clustering.course_share.value, 0.5, 0.0);
  CU_ASSERT_CLOSE (p->domains[CS_DOMAIN_SAFEGUARDING].adversity_loading.value,
                   1.5, 0.0);
  CU_ASSERT_CLOSE (p->life.looked_after_per_1000.value, 5.2, 0.0);
  CU_ASSERT_EQUAL (p->run.replications,
                   cs_scenario_run_settings (sc)->replications);
}

/* Onset bands become single years, by sex; ages no band covers have no
 * onset; "any" gives both sexes. */
static void
test_shipped_onset_bands (void)
{
  const char *sets[] = {
    "needs.emotional_mental_health.female.per_1000_children_per_year="
    "0-4:1.5 5-10:2 12-17:3",
    "needs.sensory.any.per_1000_children_per_year=3-3:7",
    NULL,
  };
  g_autoptr (CsScenario) sc = load_shipped ("default.xml", sets);
  const CsParams *p = area (sc);
  const CsNum *f = p->domains[CS_DOMAIN_EMOTIONAL_MENTAL_HEALTH]
                       .onset_per_1000_per_year[CS_SEX_FEMALE];
  const CsNeedDomain *sensory = &p->domains[CS_DOMAIN_SENSORY];

  CU_ASSERT_CLOSE (f[0].value, 1.5, 0.0);
  CU_ASSERT_CLOSE (f[4].value, 1.5, 0.0);
  CU_ASSERT_CLOSE (f[10].value, 2.0, 0.0);
  CU_ASSERT_CLOSE (f[11].value, 0.0, 0.0);
  CU_ASSERT_CLOSE (f[17].value, 3.0, 0.0);
  CU_ASSERT_PTR_NOT_NULL (strstr (f[17].source, "--set needs."));
  for (guint sex = 0; sex < CS_N_SEXES; sex++)
    for (guint a = 0; a < CS_N_AGES; a++)
      CU_ASSERT_CLOSE (sensory->onset_per_1000_per_year[sex][a].value,
                       a == 3 ? 7.0 : 0.0, 0.0);
}

static void
test_shipped_queue (void)
{
  g_autoptr (CsScenario) sc = load_shipped ("validation/mm1.xml", NULL);
  g_autoptr (CsScenario) md = load_shipped ("validation/md1.xml", NULL);
  const CsQueueParams *q = queue (sc);
  const CsQueueParams *d = queue (md);
  const CsRunSettings *run = cs_scenario_run_settings (sc);

  CU_ASSERT_EQUAL_FATAL (q->n_services, 1);
  CU_ASSERT_STRING_EQUAL (q->services[0].id, "q");
  CU_ASSERT_EQUAL (q->services[0].servers, 1);
  CU_ASSERT_CLOSE (q->services[0].arrival_rate, 0.8, 0.0);
  CU_ASSERT_EQUAL (q->services[0].episode.kind, SIM_DIST_EXPONENTIAL);
  CU_ASSERT_CLOSE (sim_dist_mean (&q->services[0].episode), 1.0, 1e-12);
  CU_ASSERT_EQUAL (d->services[0].episode.kind, SIM_DIST_DETERMINISTIC);
  CU_ASSERT_CLOSE (run->years, 50.0, 0.0);
  CU_ASSERT_CLOSE (run->warmup_years, 5.0, 0.0);
  CU_ASSERT_EQUAL (run->seed, 20041);
  CU_ASSERT_EQUAL (cs_scenario_sweep_n_points (sc), 0);
}

static void
test_shipped_builtin_default (void)
{
  g_autoptr (GError) error = NULL;
  const char *sets[] = { "run.seed=3", NULL };
  g_autoptr (CsScenario) sc = cs_scenario_load_default (sets, &error);
  g_autoptr (CsScenario) file = load_shipped ("default.xml", NULL);
  g_autofree char *path = scenario_path ("default.xml");
  g_autofree char *bytes = NULL;
  g_autofree char *sha = NULL;
  gsize len;

  CU_ASSERT_PTR_NOT_NULL_FATAL (sc);
  CU_ASSERT_STRING_EQUAL (cs_scenario_path (sc), "(built-in default)");
  CU_ASSERT_STRING_EQUAL (cs_scenario_name (sc), cs_scenario_name (file));
  CU_ASSERT_PTR_NOT_NULL (cs_scenario_model (sc));
  CU_ASSERT_EQUAL (area (sc)->n_schools, area (file)->n_schools);
  CU_ASSERT_EQUAL (area (sc)->n_services, area (file)->n_services);
  CU_ASSERT_EQUAL (cs_scenario_run_settings (sc)->seed, 3);
  /* The built-in text is the shipped file, byte for byte. */
  CU_ASSERT_FATAL (g_file_get_contents (path, &bytes, &len, NULL));
  sha = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (guchar *)bytes, len);
  CU_ASSERT_STRING_EQUAL (cs_scenario_sha256 (sc), sha);
}

/* ---- /scenario/extends --------------------------------------------------- */

static const CsMember *
member (const CsArrangement *a, CsMemberKind kind, guint index)
{
  for (guint m = 0; m < a->n_members; m++)
    if (a->members[m].kind == kind && a->members[m].index == index)
      return &a->members[m];
  return NULL;
}

static void
test_extends_joint_unit (void)
{
  g_autoptr (CsScenario) sc = load_shipped ("joint-unit-pooled.xml", NULL);
  g_autoptr (CsScenario) base = load_shipped ("default.xml", NULL);
  const CsParams *p = area (sc);
  const CsParams *b = cs_scenario_params (base);
  guint health = cs_params_find_partner (p, "health");
  guint jcu = cs_params_find_arrangement (p, "jcu");
  const CsArrangement *a;
  const CsService *camhs = &p->services[cs_params_find_service (p, "camhs_t3")];
  const CsService *camhs_b
      = &b->services[cs_params_find_service (b, "camhs_t3")];

  CU_ASSERT_STRING_EQUAL (cs_scenario_name (sc), "joint-unit-pooled");
  CU_ASSERT_CLOSE (p->partners[health].pooled_share.value, 0.4, 0.0);
  CU_ASSERT_PTR_NOT_NULL (strstr (p->partners[health].pooled_share.source,
                                  "[SENPOG 2006] Husbands"));
  /* Values the overlay does not touch keep the base's value and source. */
  CU_ASSERT_CLOSE (
      p->partners[health].budget_gbp_per_year[CS_SECTOR_HEALTH].value,
      b->partners[cs_params_find_partner (b, "health")]
          .budget_gbp_per_year[CS_SECTOR_HEALTH]
          .value,
      0.0);
  CU_ASSERT_STRING_EQUAL (camhs->places.source, camhs_b->places.source);
  CU_ASSERT_CLOSE (camhs->places.value, camhs_b->places.value, 0.0);
  /* Overridden by id. */
  CU_ASSERT_NOT_EQUAL_FATAL (jcu, CS_NONE);
  CU_ASSERT_EQUAL (camhs->commissioner, jcu);
  CU_ASSERT_EQUAL (p->n_arrangements, 4);
  a = &p->arrangements[jcu];
  CU_ASSERT_STRING_EQUAL (a->type, "joint_unit");
  CU_ASSERT_EQUAL (a->n_members, 3);
  CU_ASSERT_CLOSE (member (a, CS_MEMBER_PARTNER, health)->pooled_share.value,
                   0.4, 0.0);
  CU_ASSERT_CLOSE (
      member (a, CS_MEMBER_PARTNER, cs_params_find_partner (p, "la_education"))
          ->pooled_share.value,
      0.2, 0.0);
  a = &p->arrangements[cs_params_find_arrangement (p, "health")];
  CU_ASSERT_EQUAL (a->tiers, CS_BIT (CS_TIER_UNIVERSAL));
  /* The separate agency's own pooled share stays 0 (its membership says
   * so), whatever the partner pools elsewhere. */
  CU_ASSERT_CLOSE (member (a, CS_MEMBER_PARTNER, health)->pooled_share.value,
                   0.0, 0.0);
}

static void
test_extends_school_led (void)
{
  g_autoptr (CsScenario) single = load_shipped ("school-led-single.xml", NULL);
  g_autoptr (CsScenario) cluster
      = load_shipped ("school-led-cluster.xml", NULL);
  const CsParams *p = area (single);
  const CsParams *c = area (cluster);
  guint la = cs_params_find_partner (p, "la_education");
  guint p01 = cs_params_find_school (p, "p01");
  guint inst = cs_params_find_arrangement (p, "schools:p01");
  double roll_total = 0.0, share = 0.0;
  const CsArrangement *a;

  CU_ASSERT_EQUAL (p->n_arrangements, 3 + 62);
  CU_ASSERT_NOT_EQUAL_FATAL (inst, CS_NONE);
  a = &p->arrangements[inst];
  CU_ASSERT_STRING_EQUAL (a->type, "school_led");
  CU_ASSERT_EQUAL (a->n_members, 2);
  CU_ASSERT_CLOSE (member (a, CS_MEMBER_SCHOOL, p01)->pooled_share.value, 1.0,
                   0.0);
  for (guint i = 0; i < p->n_schools; i++)
    roll_total += p->schools[i].roll.value;
  CU_ASSERT_CLOSE (member (a, CS_MEMBER_PARTNER, la)->pooled_share.value,
                   0.2 * p->schools[p01].roll.value / roll_total, 1e-12);
  for (guint i = 0; i < p->n_arrangements; i++)
    {
      const CsMember *m = member (&p->arrangements[i], CS_MEMBER_PARTNER, la);
      if (m)
        share += m->pooled_share.value;
    }
  CU_ASSERT_CLOSE (share, 0.2, 1e-9);
  CU_ASSERT_EQUAL (a->eligibility.on_roll_only, TRUE);
  CU_ASSERT_CLOSE (a->decision_dependence.value, 0.8, 0.0);
  CU_ASSERT_EQUAL (c->n_arrangements, 3 + 5);
  inst = cs_params_find_arrangement (c, "schools:central");
  CU_ASSERT_NOT_EQUAL_FATAL (inst, CS_NONE);
  CU_ASSERT_EQUAL (c->arrangements[inst].n_members, 1 + 10 + 3 + 1);
  CU_ASSERT_EQUAL (
      c->arrangements[cs_params_find_arrangement (c, "health")].tiers,
      CS_BIT (CS_TIER_SPECIALIST));
}

static void
test_extends_small_areas (void)
{
  g_autoptr (CsScenario) demo = load_shipped ("demo.xml", NULL);
  g_autoptr (CsScenario) county = load_shipped ("county.xml", NULL);
  const CsParams *d = area (demo);
  const CsParams *c = area (county);
  guint pcts = 0;

  CU_ASSERT_EQUAL (d->n_localities, 1);
  CU_ASSERT_CLOSE (children (d, CS_NONE), 400.0, 0.0);
  CU_ASSERT_EQUAL (d->n_schools, 2);
  CU_ASSERT_EQUAL (d->n_services, 6);
  CU_ASSERT_CLOSE (cs_scenario_run_settings (demo)->years, 2.0, 0.0);
  CU_ASSERT_CLOSE (
      d->schools[cs_params_find_school (d, "hillside_secondary")].age_min.value,
      11.0, 0.0);
  /* Inherited unchanged from default.xml. */
  CU_ASSERT_CLOSE (d->life.exclusion_orientation_rr.value, 2.0, 0.0);
  CU_ASSERT_EQUAL (c->n_localities, 8);
  CU_ASSERT_CLOSE (children (c, CS_NONE), 100000.0, 0.0);
  for (guint i = 0; i < c->n_partners; i++)
    pcts += strcmp (c->partners[i].kind, "health") == 0;
  CU_ASSERT_EQUAL (pcts, 3);
  CU_ASSERT_EQUAL (
      c->arrangements[cs_params_find_arrangement (c, "health_east")]
          .n_localities,
      3);
}

static void
test_extends_remove_replace_add (void)
{
  g_autofree char *dir = scratch ();
  g_autofree char *base = scenario_path ("default.xml");
  g_autofree char *text = g_strdup_printf (
      "<scenario name=\"mine\" extends=\"%s\">\n"
      "  <services>\n"
      "    <service id=\"camhs_t3\" remove=\"true\"/>\n"
      "    <service id=\"camhs_t2\" places=\"150\"/>\n"
      "  </services>\n"
      "  <localities replace=\"true\">\n"
      "    <locality id=\"central\" deprivation=\"0.5\">\n"
      "      <children by_age=\"1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 "
      "18\" source=\"mine\"/>\n"
      "    </locality>\n"
      "  </localities>\n"
      "  <schools replace=\"true\">\n"
      "    <school id=\"only\" type=\"primary\" locality=\"central\" "
      "roll=\"30\" distance_km=\"1\" orientation=\"0\" "
      "budget_gbp_per_year=\"0\" pooled_share=\"0\"/>\n"
      "  </schools>\n"
      "</scenario>\n",
      base);
  g_autofree char *path = write_file (dir, "mine.xml", text);
  g_autoptr (CsScenario) sc = load_ok (path, NULL);
  const CsParams *p = area (sc);
  const CsService *t2 = &p->services[cs_params_find_service (p, "camhs_t2")];
  g_autofree char *expect_src = g_strdup_printf ("%s: no source given", path);

  CU_ASSERT_EQUAL (cs_params_find_service (p, "camhs_t3"), CS_NONE);
  CU_ASSERT_EQUAL (p->n_services, 28);
  CU_ASSERT_CLOSE (t2->places.value, 150.0, 0.0);
  /* A changed value never keeps the old value's source. */
  CU_ASSERT_STRING_EQUAL (t2->places.source, expect_src);
  CU_ASSERT_CLOSE (t2->cost_gbp_per_place_per_year.value, 3312.0, 0.0);
  CU_ASSERT_EQUAL (p->n_localities, 1);
  CU_ASSERT_CLOSE (children (p, CS_NONE), 171.0, 0.0);
  CU_ASSERT_STRING_EQUAL (p->localities[0].children[0].source, "mine");
  CU_ASSERT_EQUAL (p->n_schools, 1);
  remove_tree (dir);
}

/* Copies share the strings of the kept parse they come from (issue 19):
 * along a chain of two kept files (demo-joint-unit-pooled.xml extends
 * demo.xml, which extends default.xml) the middle file's nodes move from
 * its copy into default.xml's, and a sweep's points share the strings of
 * its resolved base.  Every load prints as the first one did, whatever
 * the order the scenarios are freed in (under the sanitizers or valgrind
 * a string freed by the wrong owner shows here). */
static void
test_extends_kept_strings (void)
{
  g_autofree char *demo = scenario_path ("demo-joint-unit-pooled.xml");
  g_autofree char *sweep = scenario_path ("pooling-sweep.xml");
  CsScenario *sc[3];
  char *xml[3];
  char *pt_xml[2] = { NULL };
  CsScenario *pts[2] = { NULL };

  for (int i = 0; i < 3; i++)
    {
      sc[i] = load_ok (demo, NULL);
      CU_ASSERT_PTR_NOT_NULL_FATAL (sc[i]);
      xml[i] = cs_scenario_to_xml (sc[i]);
      CU_ASSERT_STRING_EQUAL (xml[i], xml[0]);
    }
  /* freed out of order: the second copy first, the parse last */
  cs_scenario_free (sc[1]);
  cs_scenario_free (sc[2]);
  cs_scenario_free (sc[0]);
  for (int k = 0; k < 2; k++)
    {
      g_autoptr (GError) error = NULL;
      CsScenario *base = load_ok (sweep, NULL);

      CU_ASSERT_PTR_NOT_NULL_FATAL (base);
      CU_ASSERT_FATAL (cs_scenario_sweep_n_points (base) > 3);
      pts[k] = cs_scenario_load_sweep_point (base, 3, &error);
      CU_ASSERT_PTR_NOT_NULL_FATAL (pts[k]);
      /* the point outlives the scenario whose base it copied */
      cs_scenario_free (base);
      pt_xml[k] = cs_scenario_to_xml (pts[k]);
    }
  CU_ASSERT_STRING_EQUAL (pt_xml[1], pt_xml[0]);
  CU_ASSERT_PTR_NOT_NULL (strstr (pt_xml[0], "pooled_share=\"0.3\""));
  for (int k = 0; k < 2; k++)
    {
      cs_scenario_free (pts[k]);
      g_free (pt_xml[k]);
    }
  for (int i = 0; i < 3; i++)
    g_free (xml[i]);
}

/* A file scenarios extend is parsed once per process and copied for each
 * load (issue 19): a load from the kept parse gives what the first load
 * gave, a merge onto one copy never shows in the next, and a file that
 * changed is parsed again, its errors naming it with its own lines. */
static void
test_extends_kept_parse (void)
{
  g_autofree char *dir = scratch ();
  g_autofree char *def = scenario_path ("default.xml");
  g_autofree char *good = NULL;
  g_autofree char *bad = NULL;
  g_autofree char *base = NULL;
  g_autofree char *top = NULL;
  g_autofree char *other = NULL;
  char *xml[3] = { NULL };
  char *json[3] = { NULL };
  g_autofree char *msg1 = NULL;
  g_autofree char *msg2 = NULL;
  g_autofree char *expect = NULL;
  char *at;
  guint line = 1;

  CU_ASSERT_FATAL (g_file_get_contents (def, &good, NULL, NULL));
  base = write_file (dir, "base.xml", good);
  top = write_file (dir, "top.xml",
                    "<scenario name=\"top\" extends=\"base.xml\"/>\n");
  other = write_file (dir, "other.xml",
                      "<scenario name=\"other\" extends=\"base.xml\">\n"
                      "  <partners><partner id=\"la_education\">\n"
                      "    <budget_gbp_per_year education=\"1000\"/>\n"
                      "  </partner></partners>\n"
                      "</scenario>\n");
  for (int i = 0; i < 3; i++)
    {
      g_autoptr (CsScenario) sc = load_ok (top, NULL);
      g_autoptr (SimJson) j = sim_json_new ();
      /* Between the loads of top, one that changes the kept file's
       * content in its copy. */
      g_autoptr (CsScenario) o = i == 1 ? load_ok (other, NULL) : NULL;

      xml[i] = cs_scenario_to_xml (sc);
      cs_scenario_params_json (sc, j);
      json[i] = sim_json_finish (j);
      CU_ASSERT_STRING_EQUAL (xml[i], xml[0]);
      CU_ASSERT_STRING_EQUAL (json[i], json[0]);
    }
  CU_ASSERT_PTR_NULL (strstr (xml[0], "education=\"1000\""));
  /* The first school's roll made negative in base.xml (on the line the
   * error must name: counted here, so that the test does not depend on
   * where default.xml has it). */
  bad = g_strdup (good);
  at = strstr (bad, "roll=\"490\"");
  CU_ASSERT_PTR_NOT_NULL_FATAL (at);
  for (const char *q = bad; q < at; q++)
    line += *q == '\n';
  memcpy (at, "roll=\"-49\"", strlen ("roll=\"-49\""));
  g_free (write_file (dir, "base.xml", bad));
  msg1 = load_fail (top, NULL, NULL);
  msg2 = load_fail (top, NULL, NULL);
  expect = g_strdup_printf ("%s:%u: ", base, line);
  CU_ASSERT (g_str_has_prefix (msg1, expect));
  CU_ASSERT_STRING_EQUAL (msg1, msg2);
  /* Good again: the load is the first one's again. */
  g_free (write_file (dir, "base.xml", good));
  {
    g_autoptr (CsScenario) sc = load_ok (top, NULL);
    g_autofree char *again = cs_scenario_to_xml (sc);
    CU_ASSERT_STRING_EQUAL (again, xml[0]);
  }
  for (int i = 0; i < 3; i++)
    {
      g_free (xml[i]);
      g_free (json[i]);
    }
  remove_tree (dir);
}

/* An extends chain of at most 8 links loads; one more is refused at the
 * file whose extends= is one too many (FILE:LINE, 65). */
static void
test_extends_chain_limit (void)
{
  g_autofree char *dir = scratch ();
  g_autofree char *def = scenario_path ("default.xml");

  for (int n = 8; n <= 9; n++)
    {
      g_autofree char *top = NULL;

      /* fK extends fK+1, the last one the shipped default.xml. */
      for (int k = n - 1; k >= 0; k--)
        {
          g_autofree char *name = g_strdup_printf ("f%d.xml", k);
          g_autofree char *next = k == n - 1
                                      ? g_strdup (def)
                                      : g_strdup_printf ("f%d.xml", k + 1);
          g_autofree char *text = g_strdup_printf (
              "<scenario name=\"f%d\" extends=\"%s\"/>\n", k, next);
          g_free (top);
          top = write_file (dir, name, text);
        }
      if (n == 8)
        {
          g_autoptr (CsScenario) sc = load_ok (top, NULL);
          CU_ASSERT_STRING_EQUAL (cs_scenario_name (sc), "f0");
        }
      else
        {
          int code = 0;
          g_autofree char *msg = load_fail (top, NULL, &code);
          g_autofree char *want = g_strdup_printf (
              "%s/f8.xml:1: more than 8 scenarios extend each other "
              "(expected a shorter extends chain)",
              dir);
          CU_ASSERT_EQUAL (code, SIM_ERROR_DATA);
          CU_ASSERT_STRING_EQUAL (msg, want);
        }
    }
  remove_tree (dir);
}

/* --area FILE: what it cannot read, parse or key says so with the file
 * (and line); its name, extends, description and sweep are not laid on. */
static void
test_area_errors (void)
{
  g_autofree char *dir = scratch ();
  g_autofree char *top = scenario_path ("joint-unit-pooled.xml");
  g_autofree char *missing = g_build_filename (dir, "none.xml", NULL);
  g_autofree char *broken
      = write_file (dir, "broken.xml", "<scenario name=\"a\">\n<schools>\n");
  g_autofree char *twice
      = write_file (dir, "twice.xml",
                    "<scenario name=\"a\">\n"
                    "  <partners>\n"
                    "    <partner id=\"health\" pooled_share=\"0.1\"/>\n"
                    "    <partner id=\"health\" pooled_share=\"0.2\"/>\n"
                    "  </partners>\n"
                    "</scenario>\n");
  g_autofree char *good = write_file (
      dir, "good.xml",
      "<scenario name=\"area-name\" extends=\"nowhere.xml\">\n"
      "  <description>not laid on</description>\n"
      "  <partners><partner id=\"health\" pooled_share=\"0.25\"/></partners>\n"
      "  <sweep><param name=\"p\" path=\"run.seed\" from=\"1\" to=\"2\" "
      "step=\"1\"/></sweep>\n"
      "</scenario>\n");
  struct
  {
    const char *area;
    int code;
    const char *prefix;
    const char *part;
  } cases[] = {
    { missing, SIM_ERROR_NOINPUT, missing,
      "(expected a readable area file of at most 8 MiB)" },
    { broken, SIM_ERROR_DATA, broken, NULL },
    { twice, SIM_ERROR_DATA, twice, "once" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) e = NULL;
      g_autoptr (CsScenario) sc
          = cs_scenario_load_area (top, cases[i].area, NULL, &e);
      g_autofree char *prefix = g_strconcat (cases[i].prefix, ":", NULL);

      CU_ASSERT_PTR_NULL (sc);
      CU_ASSERT_PTR_NOT_NULL_FATAL (e);
      CU_ASSERT_EQUAL (e->code, cases[i].code);
      CU_ASSERT (g_str_has_prefix (e->message, prefix));
      CU_ASSERT_PTR_NULL (strchr (e->message, '\n'));
      if (cases[i].part)
        CU_ASSERT_PTR_NOT_NULL (strstr (e->message, cases[i].part));
    }
  {
    g_autoptr (GError) e = NULL;
    g_autoptr (CsScenario) sc = cs_scenario_load_area (top, good, NULL, &e);
    g_autoptr (CsScenario) plain = load_ok (top, NULL);
    const CsParams *p;

    CU_ASSERT_PTR_NOT_NULL_FATAL (sc);
    p = area (sc);
    CU_ASSERT_STRING_EQUAL (cs_scenario_name (sc), cs_scenario_name (plain));
    CU_ASSERT_STRING_EQUAL (cs_scenario_description (sc),
                            cs_scenario_description (plain));
    CU_ASSERT_EQUAL (cs_scenario_sweep_n_points (sc), 0);
    CU_ASSERT_CLOSE (
        p->partners[cs_params_find_partner (p, "health")].pooled_share.value,
        0.25, 0.0);
  }
  remove_tree (dir);
}

/* ---- /scenario/set ------------------------------------------------------- */

static void
test_set_values (void)
{
  const char *sets[] = { "run.seed=7",
                         "services.camhs_t3.places=20",
                         "partners.health.pooled_share=0.4",
                         "services.camhs_t3.cost_gbp_per_episode=100",
                         "needs.conduct_behaviour.male.per_1000_children_"
                         "per_year=0-17:4",
                         "services.camhs_t3.places=25",
                         NULL };
  g_autoptr (CsScenario) sc = load_shipped ("default.xml", sets);
  g_autoptr (CsScenario) base = load_shipped ("default.xml", NULL);
  const CsParams *p = area (sc);
  const CsParams *b = area (base);
  const CsService *s = &p->services[cs_params_find_service (p, "camhs_t3")];
  const CsPartner *h = &p->partners[cs_params_find_partner (p, "health")];

  CU_ASSERT_EQUAL (cs_scenario_run_settings (sc)->seed, 7);
  CU_ASSERT_EQUAL (p->run.seed, 7);
  CU_ASSERT_CLOSE (s->places.value, 25.0, 0.0); /* the later --set wins */
  CU_ASSERT_STRING_EQUAL (s->places.source,
                          "--set services.camhs_t3.places=25");
  CU_ASSERT_CLOSE (s->cost_gbp_per_episode.value, 100.0, 0.0);
  CU_ASSERT_CLOSE (h->pooled_share.value, 0.4, 0.0);
  CU_ASSERT_STRING_EQUAL (h->pooled_share.source,
                          "--set partners.health.pooled_share=0.4");
  CU_ASSERT_CLOSE (p->domains[CS_DOMAIN_CONDUCT_BEHAVIOUR]
                       .onset_per_1000_per_year[CS_SEX_MALE][17]
                       .value,
                   4.0, 0.0);
  /* The girls' onset is not touched by a path that names the boys'. */
  CU_ASSERT_CLOSE (p->domains[CS_DOMAIN_CONDUCT_BEHAVIOUR]
                       .onset_per_1000_per_year[CS_SEX_FEMALE][17]
                       .value,
                   b->domains[CS_DOMAIN_CONDUCT_BEHAVIOUR]
                       .onset_per_1000_per_year[CS_SEX_FEMALE][17]
                       .value,
                   0.0);
}

static void
check_set_error (const char *scenario, const char *set, int code,
                 const char *expected)
{
  g_autofree char *path = scenario_path (scenario);
  const char *sets[] = { "run.seed=1", set, NULL };
  int got = 0;
  g_autofree char *msg = load_fail (path, sets, &got);

  CU_ASSERT_EQUAL (got, code);
  CU_ASSERT_STRING_EQUAL (msg, expected);
  if (strcmp (msg, expected) != 0)
    fprintf (stderr, "\n  got:      %s\n  expected: %s\n", msg, expected);
}

/* <area children="N"> resizes everything that goes with the number of
 * children together, as the pathfinder generator does (issue 18): counts
 * by k rounded (a positive place or pupil stays at least 1), money by k
 * exactly, commissioning costs unchanged; each value keeps its source
 * with a note.  A wrong value is an error naming the attribute. */
static void
test_set_area_children (void)
{
  static const char *const sets[] = { "area.children=30000", NULL };
  static const char *const none[] = { "area.children=0", NULL };
  g_autoptr (CsScenario) b = load_shipped ("default.xml", NULL);
  g_autoptr (CsScenario) s = load_shipped ("default.xml", sets);
  const CsParams *pb = area (b), *ps = area (s);
  double k = 30000.0 / cs_params_children (pb);
  g_autofree char *path = scenario_path ("default.xml");
  g_autofree char *msg = NULL;
  int code = 0;

  CU_ASSERT (k > 0.6 && k < 0.7); /* about 45,000 children */
  /* 5 localities x 18 ages rounded: within 45 of the target. */
  CU_ASSERT (fabs (cs_params_children (ps) - 30000.0) <= 45.0);
  CU_ASSERT_EQUAL_FATAL (ps->n_schools, pb->n_schools);
  for (guint i = 0; i < pb->n_schools; i++)
    {
      double want = fmax (1.0, round (pb->schools[i].roll.value * k));
      CU_ASSERT_CLOSE (ps->schools[i].roll.value, want, 0.0);
      CU_ASSERT_CLOSE (ps->schools[i].budget_gbp_per_year.value,
                       pb->schools[i].budget_gbp_per_year.value * k, 1e-6);
    }
  CU_ASSERT (g_str_has_suffix (ps->schools[0].roll.source,
                               "children (area children=: --set "
                               "area.children=30000)"));
  CU_ASSERT (g_str_has_prefix (ps->schools[0].roll.source,
                               pb->schools[0].roll.source));
  for (guint i = 0; i < pb->n_services; i++)
    if (pb->services[i].places.value > 0)
      CU_ASSERT_CLOSE (ps->services[i].places.value,
                       fmax (1.0, round (pb->services[i].places.value * k)),
                       0.0);
  for (guint i = 0; i < pb->n_partners; i++)
    for (guint c = 0; c < CS_N_SECTORS; c++)
      CU_ASSERT_CLOSE (ps->partners[i].budget_gbp_per_year[c].value,
                       pb->partners[i].budget_gbp_per_year[c].value * k, 1e-6);
  for (guint i = 0; i < pb->n_providers; i++)
    CU_ASSERT_CLOSE (ps->providers[i].capacity.value,
                     fmax (1.0, round (pb->providers[i].capacity.value * k)),
                     0.0);
  for (guint o = 0; o < CS_N_OUTSIDE; o++)
    if (pb->area.outside[o].unit == CS_AMOUNT_COUNT)
      CU_ASSERT_CLOSE (ps->area.outside[o].value,
                       round (pb->area.outside[o].value * k), 0.0);
  for (guint i = 0; i < pb->n_arrangements; i++)
    CU_ASSERT_CLOSE (ps->arrangements[i].running_cost_gbp_per_year.value,
                     pb->arrangements[i].running_cost_gbp_per_year.value, 0.0);
  /* The same resize as the pathfinder generator's: resizing the base
   * params by hand gives the same numbers. */
  {
    g_autoptr (CsScenario) c = load_shipped ("default.xml", NULL);
    CsParams *pc = (CsParams *)cs_scenario_params (c);
    cs_params_resize (pc, k, "test");
    for (guint i = 0; i < pc->n_schools; i++)
      CU_ASSERT_CLOSE (pc->schools[i].roll.value, ps->schools[i].roll.value,
                       0.0);
    CU_ASSERT_CLOSE (cs_params_children (pc), cs_params_children (ps), 0.0);
  }
  msg = load_fail (path, none, &code);
  CU_ASSERT_EQUAL (code, SIM_ERROR_DATA);
  CU_ASSERT_PTR_NOT_NULL (strstr (msg, "children"));
}

static void
test_set_errors (void)
{
  check_set_error ("validation/mm1.xml", "run.sede=7", SIM_ERROR_DATA,
                   "--set:2: no parameter 'run.sede' (expected run.NAME, "
                   "NAME one of years, warmup_years, replications, seed)");
  check_set_error ("validation/mm1.xml", "services.q.servers=two",
                   SIM_ERROR_DATA,
                   "--set:2: 'two' is not a valid value for "
                   "services.q.servers (expected a whole number >= 0)");
  check_set_error ("validation/mm1.xml", "seed", SIM_ERROR_USAGE,
                   "--set:2: 'seed' is not PATH=VALUE (expected for example "
                   "run.seed=7)");
  check_set_error ("validation/mm1.xml", "=7", SIM_ERROR_USAGE,
                   "--set:2: '=7' is not PATH=VALUE (expected for example "
                   "run.seed=7)");
  check_set_error ("validation/mm1.xml", "services.q=7", SIM_ERROR_DATA,
                   "--set:2: no parameter 'services.q' (expected "
                   "services.q.NAME, NAME one of servers, "
                   "arrival_rate_per_day, episode_days)");
  check_set_error ("validation/mm1.xml", "services.q.id=r", SIM_ERROR_DATA,
                   "--set:2: no parameter 'services.q.id' (expected "
                   "services.q.NAME, NAME one of servers, "
                   "arrival_rate_per_day, episode_days)");
  check_set_error ("default.xml", "partners.health.pooled_share=1.5",
                   SIM_ERROR_DATA,
                   "--set:2: '1.5' is not a valid value for "
                   "partners.health.pooled_share (expected a decimal number "
                   "from 0 to 1)");
  check_set_error ("default.xml",
                   "arrangements.education.procurement.tender_days="
                   "uniform(min=9,max=3)",
                   SIM_ERROR_DATA,
                   "--set:2: tender_days of <procurement>: uniform: min "
                   "must be <= max (got min=9, max=3)");
}

/* The limits a --set value and a run meet before the schema: a value too
 * long or not UTF-8, a run of more than 10000 years, a sweep of more than
 * 10000 points (each one line naming where, 65). */
static void
test_set_limits (void)
{
  g_autofree char *long_value = g_strnfill (CS_XML_MAX_VALUE + 1, '1');
  g_autofree char *long_set = g_strconcat ("run.seed=", long_value, NULL);
  g_autofree char *dir = scratch ();
  g_autofree char *def = scenario_path ("default.xml");
  g_autofree char *text = g_strdup_printf (
      "<scenario name=\"big-sweep\" extends=\"%s\">\n"
      "  <sweep>\n"
      "    <param name=\"a\" path=\"partners.health.pooled_share\" from=\"0\" "
      "to=\"1\" step=\"0.01\" source=\"test\"/>\n"
      "    <param name=\"b\" path=\"partners.la_education.pooled_share\" "
      "from=\"0\" to=\"1\" step=\"0.01\" source=\"test\"/>\n"
      "  </sweep>\n"
      "</scenario>\n",
      def);
  g_autofree char *sweep = write_file (dir, "big-sweep.xml", text);
  g_autofree char *sweep_want = g_strdup_printf (
      "%s:2: <sweep> has 10201 points (expected at most 10000)", sweep);
  const char *bytes_want
      = "--set:2: the value is not UTF-8 text of at most 16384 bytes "
        "(expected a shorter value)";
  int code = 0;

  check_set_error ("validation/mm1.xml", long_set, SIM_ERROR_DATA, bytes_want);
  check_set_error ("validation/mm1.xml", "run.seed=\xff", SIM_ERROR_DATA,
                   bytes_want);
  {
    g_autofree char *path = scenario_path ("validation/mm1.xml");
    const char *sets[] = { "run.years=9000", "run.warmup_years=2000", NULL };
    g_autofree char *msg = load_fail (path, sets, &code);

    CU_ASSERT_EQUAL (code, SIM_ERROR_DATA);
    CU_ASSERT_PTR_NOT_NULL (
        strstr (msg, ": a run of more than 10000 years (expected years plus "
                     "warmup_years of at most 10000)"));
  }
  {
    g_autofree char *msg = load_fail (sweep, NULL, &code);

    CU_ASSERT_EQUAL (code, SIM_ERROR_DATA);
    CU_ASSERT_STRING_EQUAL (msg, sweep_want);
  }
  remove_tree (dir);
}

/* ---- /scenario/sweep ----------------------------------------------------- */

static void
test_sweep_pooling (void)
{
  g_autoptr (CsScenario) sc = load_shipped ("pooling-sweep.xml", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (CsScenario) pt = NULL;
  const char *const *sets;
  const CsParams *p;
  guint h;

  CU_ASSERT_EQUAL_FATAL (cs_scenario_sweep_n_points (sc), 11);
  CU_ASSERT_STRING_EQUAL (cs_scenario_sweep_label (sc, 0), "pooled_share=0.0");
  CU_ASSERT_STRING_EQUAL (cs_scenario_sweep_label (sc, 3), "pooled_share=0.3");
  CU_ASSERT_STRING_EQUAL (cs_scenario_sweep_label (sc, 10), "pooled_share=1.0");
  sets = cs_scenario_sweep_sets (sc, 3);
  CU_ASSERT_EQUAL_FATAL (g_strv_length ((char **)sets), 3);
  CU_ASSERT_STRING_EQUAL (sets[0], "partners.la_education.pooled_share=0.3");
  CU_ASSERT_STRING_EQUAL (sets[2], "partners.health.pooled_share=0.3");
  pt = cs_scenario_load_sweep_point (sc, 3, &error);
  CU_ASSERT_PTR_NOT_NULL_FATAL (pt);
  p = cs_scenario_params (pt);
  h = cs_params_find_partner (p, "health");
  CU_ASSERT_CLOSE (p->partners[h].pooled_share.value, 0.3, 0.0);
  CU_ASSERT_STRING_EQUAL (p->partners[h].pooled_share.source,
                          "sweep partners.health.pooled_share=0.3");
  CU_ASSERT_EQUAL (cs_scenario_run_settings (pt)->replications, 5);
}

static void
test_sweep_two_params (void)
{
  g_autofree char *dir = scratch ();
  g_autofree char *mm1 = scenario_path ("validation/mm1.xml");
  g_autofree char *text = g_strdup_printf (
      "<scenario name=\"two\" extends=\"%s\">\n"
      "  <sweep>\n"
      "    <param path=\"services.q.servers\" values=\"1 2\"/>\n"
      "    <param name=\"rate\" path=\"services.q.arrival_rate_per_day\" "
      "from=\"0.5\" to=\"0.7\" step=\"0.1\"/>\n"
      "  </sweep>\n"
      "</scenario>\n",
      mm1);
  g_autofree char *path = write_file (dir, "two.xml", text);
  const char *cli[] = { "services.q.servers=5", NULL };
  g_autoptr (CsScenario) sc = load_ok (path, cli);
  g_autoptr (GError) error = NULL;
  g_autoptr (CsScenario) pt = NULL;

  CU_ASSERT_EQUAL_FATAL (cs_scenario_sweep_n_points (sc), 6);
  CU_ASSERT_STRING_EQUAL (cs_scenario_sweep_label (sc, 0),
                          "servers=1,rate=0.5");
  CU_ASSERT_STRING_EQUAL (cs_scenario_sweep_label (sc, 2),
                          "servers=1,rate=0.7");
  CU_ASSERT_STRING_EQUAL (cs_scenario_sweep_label (sc, 4),
                          "servers=2,rate=0.6");
  /* The --set list applies first, the point's sets after it. */
  CU_ASSERT_EQUAL (queue (sc)->services[0].servers, 5);
  pt = cs_scenario_load_sweep_point (sc, 4, &error);
  CU_ASSERT_PTR_NOT_NULL_FATAL (pt);
  CU_ASSERT_EQUAL (queue (pt)->services[0].servers, 2);
  CU_ASSERT_CLOSE (queue (pt)->services[0].arrival_rate, 0.6, 0.0);
  remove_tree (dir);
}

/* ---- /scenario/roundtrip ------------------------------------------------- */

static void
round_trip (const char *name, const char *const *sets)
{
  g_autofree char *dir = scratch ();
  g_autoptr (CsScenario) a = load_shipped (name, sets);
  g_autofree char *xml = cs_scenario_to_xml (a);
  g_autofree char *path = write_file (dir, "resolved.xml", xml);
  g_autoptr (CsScenario) b = load_ok (path, NULL);
  g_autofree char *xml2 = cs_scenario_to_xml (b);
  g_autofree char *da = dump (a);
  g_autofree char *db = dump (b);

  CU_ASSERT_STRING_EQUAL (da, db);
  CU_ASSERT_STRING_EQUAL (xml, xml2);
  CU_ASSERT_PTR_NULL (strstr (xml, "extends="));
  remove_tree (dir);
}

static void
test_roundtrip_shipped (void)
{
  for (guint i = 0; shipped[i]; i++)
    round_trip (shipped[i], NULL);
}

static void
test_roundtrip_with_sets (void)
{
  const char *sets[] = { "run.seed=99", "services.camhs_t3.places=12",
                         "arrangements.jcu.analytic_capacity=0.9", NULL };
  const char *qsets[]
      = { "services.q.episode_days=gamma(shape=2,scale=0.5)", NULL };

  round_trip ("joint-unit-pooled.xml", sets);
  round_trip ("validation/md1.xml", qsets);
}

/* ---- /scenario/json ------------------------------------------------------ */

static void
test_json_sources (void)
{
  const char *sets[] = { "services.q.servers=3", NULL };
  g_autoptr (CsScenario) sc = load_shipped ("validation/mm1.xml", sets);
  g_autoptr (CsScenario) jd = load_shipped ("joint-unit-pooled.xml", NULL);
  g_autoptr (SimJson) j = sim_json_new ();
  g_autoptr (SimJson) k = sim_json_new ();
  g_autofree char *text = NULL;
  g_autofree char *area_text = NULL;

  cs_scenario_params_json (sc, j);
  text = sim_json_finish (j);
  CU_ASSERT_PTR_NOT_NULL (strstr (
      text, "\"services.q.servers\":{\"value\":\"3\",\"source\":\"--set "
            "services.q.servers=3\"}"));
  CU_ASSERT_PTR_NOT_NULL (strstr (
      text, "\"services.q.arrival_rate_per_day\":{\"value\":\"0.8\","
            "\"source\":\"validation case (issue 2): M/M/1, rho = 0.8\"}"));
  CU_ASSERT_PTR_NOT_NULL (strstr (text, "\"run.seed\":{\"value\":\"20041\""));
  cs_scenario_params_json (jd, k);
  area_text = sim_json_finish (k);
  CU_ASSERT_PTR_NOT_NULL (strstr (
      area_text, "\"partners.health.pooled_share\":{\"value\":\"0.4\""));
  CU_ASSERT_PTR_NOT_NULL (strstr (
      area_text, "\"life_events.exclusion.looked_after_rr\":{\"value\":\"1\","
                 "\"source\":\"assumption (issue 14): no multiplier for "
                 "looked-after pupils; their exclusion ratio comes from "
                 "their needs (docs/model.md 3.5)\"}"));
  CU_ASSERT_PTR_NULL (strstr (area_text, "(no source given)"));
}

/* ---- /scenario/security -------------------------------------------------- */

static void
test_security_missing_and_big (void)
{
  g_autofree char *dir = scratch ();
  g_autofree char *missing = g_build_filename (dir, "missing.xml", NULL);
  g_autofree char *big = g_build_filename (dir, "big.xml", NULL);
  g_autofree char *fifo = g_build_filename (dir, "fifo.xml", NULL);
  g_autofree char *expect = NULL;
  GString *text = g_string_new ("<scenario name=\"big\" model=\"queue\">\n");
  int code = 0;
  char *msg;

  msg = load_fail (missing, NULL, &code);
  expect = g_strdup_printf ("%s: cannot open: No such file or directory "
                            "(expected a readable scenario file of at most "
                            "8 MiB)",
                            missing);
  CU_ASSERT_EQUAL (code, SIM_ERROR_NOINPUT);
  CU_ASSERT_STRING_EQUAL (msg, expect);
  g_free (msg);
  msg = load_fail (dir, NULL, &code);
  CU_ASSERT_EQUAL (code, SIM_ERROR_NOINPUT);
  CU_ASSERT (g_str_has_suffix (msg, "not a regular file (expected a readable "
                                    "scenario file of at most 8 MiB)"));
  g_free (msg);
  /* A FIFO must not hang the loader waiting for a writer. */
  CU_ASSERT_EQUAL_FATAL (mkfifo (fifo, 0600), 0);
  msg = load_fail (fifo, NULL, &code);
  CU_ASSERT_EQUAL (code, SIM_ERROR_NOINPUT);
  CU_ASSERT (g_str_has_suffix (msg, "not a regular file (expected a readable "
                                    "scenario file of at most 8 MiB)"));
  g_free (msg);
  while (text->len <= 9u * 1024u * 1024u)
    g_string_append (text, "<!-- padding padding padding padding -->\n");
  g_string_append (text, "</scenario>\n");
  CU_ASSERT_FATAL (g_file_set_contents (big, text->str, text->len, NULL));
  g_string_free (text, TRUE);
  msg = load_fail (big, NULL, &code);
  CU_ASSERT_EQUAL (code, SIM_ERROR_DATA);
  g_free (expect);
  expect = g_strdup_printf ("%s:1: larger than 8388608 bytes (expected a "
                            "readable scenario file of at most 8 MiB)",
                            big);
  CU_ASSERT_STRING_EQUAL (msg, expect);
  g_free (msg);
  remove_tree (dir);
}

typedef struct
{
  char *path;
  char *dump;
} LoadJob;

static gpointer
load_in_thread (gpointer data)
{
  LoadJob *job = data;
  g_autoptr (CsScenario) sc = cs_scenario_load (job->path, NULL, NULL);

  job->dump = sc ? dump (sc) : g_strdup ("failed");
  return NULL;
}

/* Loading is thread-safe: four threads give the same parameters. */
static void
test_security_threads (void)
{
  LoadJob jobs[4];
  GThread *threads[4];
  g_autoptr (CsScenario) sc = load_shipped ("multi-agency-panel.xml", NULL);
  g_autofree char *want = dump (sc);

  for (guint i = 0; i < 4; i++)
    {
      jobs[i].path = scenario_path ("multi-agency-panel.xml");
      threads[i] = g_thread_new ("load", load_in_thread, &jobs[i]);
    }
  for (guint i = 0; i < 4; i++)
    {
      g_thread_join (threads[i]);
      CU_ASSERT_STRING_EQUAL (jobs[i].dump, want);
      g_free (jobs[i].path);
      g_free (jobs[i].dump);
    }
}

/* ---- /scenario/corpus: tests/bad-scenarios ------------------------------- */

static char *
read_trimmed (const char *path)
{
  char *text = NULL;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return NULL;
  return g_strchomp (text);
}

static guint
check_bad (const char *name)
{
  g_autofree char *stem = g_strndup (name, strlen (name) - 4);
  g_autofree char *exp_path = g_strconcat (stem, ".expected", NULL);
  g_autofree char *set_path = g_strconcat (stem, ".set", NULL);
  g_autofree char *code_path = g_strconcat (stem, ".code", NULL);
  g_autofree char *expected = read_trimmed (exp_path);
  g_autofree char *set_text = read_trimmed (set_path);
  g_autofree char *code_text = read_trimmed (code_path);
  g_auto (GStrv) sets = set_text ? g_strsplit (set_text, "\n", -1) : NULL;
  int want = code_text ? atoi (code_text) : SIM_ERROR_DATA;
  int got = 0;
  g_autofree char *msg = load_fail (name, (const char *const *)sets, &got);
  gboolean ok;

  CU_ASSERT_PTR_NOT_NULL (expected);
  ok = expected && strcmp (msg, expected) == 0 && got == want;
  CU_ASSERT (ok);
  if (!ok)
    fprintf (stderr,
             "\n  %s (code %d, expected %d)\n  got:      %s\n"
             "  expected: %s\n",
             name, got, want, msg, expected ? expected : "(no .expected)");
  /* One line, and nothing of the files it must not echo. */
  CU_ASSERT_PTR_NULL (strchr (msg, '\n'));
  CU_ASSERT_PTR_NULL (strstr (msg, "SECRET"));
  CU_ASSERT_PTR_NULL (strstr (msg, "hunter2"));
  CU_ASSERT_PTR_NULL (strstr (msg, "root:"));
  /* Nothing of libxml2's own errors kept after the load (its copy of the
   * last error is allocated: a fuzzer took it for a possible leak). */
  CU_ASSERT_PTR_NULL (xmlGetLastError ());
  return 1;
}

static void
test_corpus (void)
{
  g_autofree char *dir = src_path ("tests/bad-scenarios");
  g_autofree char *cwd = g_get_current_dir ();
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  GDir *d;
  const char *name;
  guint n = 0;

  CU_ASSERT_EQUAL_FATAL (g_chdir (dir), 0);
  d = g_dir_open (".", 0, NULL);
  CU_ASSERT_PTR_NOT_NULL_FATAL (d);
  while ((name = g_dir_read_name (d)))
    if (g_str_has_suffix (name, ".xml"))
      g_ptr_array_add (names, g_strdup (name));
  g_dir_close (d);
  g_ptr_array_sort (names, (GCompareFunc)g_strcmp0);
  for (guint i = 0; i < names->len; i++)
    n += check_bad (names->pdata[i]);
  printf ("  %u bad scenarios\n", n);
  CU_ASSERT (n >= 40);
  CU_ASSERT_EQUAL (g_chdir (cwd), 0);
}

/* A removed need domain is reported (its line is in default.xml, so only
 * the text is checked here). */
static void
test_corpus_removed_domain (void)
{
  g_autofree char *dir = scratch ();
  g_autofree char *base = scenario_path ("default.xml");
  g_autofree char *text = g_strdup_printf (
      "<scenario name=\"x\" extends=\"%s\"><needs><domain id=\"sensory\" "
      "remove=\"true\"/></needs></scenario>",
      base);
  g_autofree char *path = write_file (dir, "x.xml", text);
  g_autofree char *msg = load_fail (path, NULL, NULL);

  CU_ASSERT (g_str_has_prefix (msg, base));
  CU_ASSERT_PTR_NOT_NULL (strstr (
      msg, ": <needs> has no <domain id=\"sensory\"> (expected one for each "
           "need domain)"));
  remove_tree (dir);
}

/* The output names readers use (cs-outputs.h) are the names the models
 * build from the parameter enums' names. */
static void
test_output_names (void)
{
  for (guint k = 0; k < CS_N_ECM; k++)
    {
      g_autofree char *m
          = g_strconcat (CS_OUT_ECM_PREFIX, cs_ecm_names[k], NULL);

      CU_ASSERT_STRING_EQUAL (cs_out_ecm_measures[k], m);
    }
  for (guint k = 0; k < CS_N_TIERS; k++)
    {
      g_autofree char *g
          = g_strconcat (CS_OUT_TIER_PREFIX, cs_tier_names[k], NULL);

      CU_ASSERT_STRING_EQUAL (cs_out_tier_groups[k], g);
    }
  for (guint k = 0; k < CS_N_SECTORS; k++)
    {
      g_autofree char *m = g_strdup_printf ("spend_%s_gbp", cs_sector_names[k]);

      CU_ASSERT_STRING_EQUAL (cs_out_sector_spend[k], m);
    }
  for (guint q = 0; q < CS_OUT_N_QUINTILES; q++)
    {
      g_autofree char *g = g_strdup_printf ("deprivation_q%u", q + 1);

      CU_ASSERT_STRING_EQUAL (cs_out_quintile_groups[q], g);
    }
}

/* The trace's typed records (cs-trace.h) against its text: every row a
 * model notes carries a code, and the detail text written again from the
 * record the reader gets is the row's detail; a row with no note has no
 * code.  The record's numbers are the text's (read back here for waits
 * and tender lengths, the fields with decimals). */
typedef struct
{
  const CsParams *p;
  guint rows, noted, mismatches, unnoted_with_code;
  gboolean seen[CS_TRACE_N_WHAT];
} Records;

static void
check_record (const SimTraceRow *row, gpointer data)
{
  Records *x = data;
  CsTraceNote n;

  cs_trace_note_read (row, &n);
  x->rows++;
  if (!*n.detail)
    {
      x->unnoted_with_code += n.facts.what != CS_TRACE_NONE;
      return;
    }
  x->noted++;
  if (n.facts.what > CS_TRACE_NONE && n.facts.what < CS_TRACE_N_WHAT)
    {
      g_autofree char *again = cs_trace_detail (x->p, &n.facts);

      double shown = NAN, held = NAN;

      x->seen[n.facts.what] = TRUE;
      if (n.facts.what == CS_TRACE_EPISODE_STARTED)
        {
          const char *at = strstr (n.detail, " after ");
          shown = at ? g_ascii_strtod (at + 7, NULL) : NAN;
          held = n.facts.u.episode.waited_days;
        }
      else if (n.facts.what == CS_TRACE_TENDER_OPENED)
        {
          const char *at = strstr (n.detail, ", ");
          shown = at ? g_ascii_strtod (at + 2, NULL) : NAN;
          held = n.facts.u.tender.days;
        }
      if (g_strcmp0 (again, n.detail) == 0 && (isnan (held) || shown == held))
        return;
      if (x->mismatches < 3)
        fprintf (stderr, "\n  record says '%s' (%g), row '%s'", again, held,
                 n.detail);
    }
  x->mismatches++;
}

/* Run a shipped scenario for `days` with the records checked; the number
 * of codes seen. */
static guint
traced_records (const char *name, double days)
{
  g_autoptr (CsScenario) sc = load_shipped (name, NULL);
  const CsRunSettings *rs = cs_scenario_run_settings (sc);
  SimRunConfig cfg = { rs->seed, 0, 0.0, days };
  g_autoptr (GError) error = NULL;
  g_autoptr (SimEngine) eng = NULL;
  g_autoptr (SimResults) res = sim_results_new ();
  g_autoptr (SimTrace) trace = NULL;
  Records x = { 0 };
  guint kinds = 0;

  if (cs_scenario_model (sc) == &cs_area_model)
    x.p = cs_scenario_params (sc);
  eng = sim_engine_new (cs_scenario_model (sc), cs_scenario_params (sc), &cfg,
                        &error);
  CU_ASSERT_PTR_NOT_NULL_FATAL (eng);
  trace = sim_trace_new_rows (check_record, &x, cs_scenario_model (sc), NULL);
  sim_trace_attach (trace, eng);
  CU_ASSERT (sim_engine_run (eng, res, &error));
  CU_ASSERT (sim_trace_finish (trace, &error));
  CU_ASSERT (x.noted > 0);
  CU_ASSERT_EQUAL (x.mismatches, 0);
  CU_ASSERT_EQUAL (x.unnoted_with_code, 0);
  for (guint k = 0; k < CS_TRACE_N_WHAT; k++)
    kinds += x.seen[k];
  return kinds;
}

static void
test_trace_records (void)
{
  /* The teaching neighbourhood's two years: children's needs, referrals,
   * episodes and the whole commissioning cycle. */
  CU_ASSERT (traced_records ("demo-school-led-cluster.xml", 2 * 365.25) >= 20);
  /* The queue model's arrivals and departures. */
  CU_ASSERT_EQUAL (traced_records ("validation/mm1.xml", 30.0), 2);
}

int
main (void)
{
  static const CuTest shipped_tests[] = {
    { "/scenario/shipped/all-load", test_shipped_all_load },
    { "/scenario/shipped/default-area", test_shipped_default_area },
    { "/scenario/shipped/onset-bands", test_shipped_onset_bands },
    { "/scenario/shipped/queue", test_shipped_queue },
    { "/scenario/shipped/builtin-default", test_shipped_builtin_default },
    { "/scenario/shipped/output-names", test_output_names },
    { "/scenario/shipped/trace-records", test_trace_records },
    { NULL, NULL },
  };
  static const CuTest extends_tests[] = {
    { "/scenario/extends/joint-unit", test_extends_joint_unit },
    { "/scenario/extends/school-led", test_extends_school_led },
    { "/scenario/extends/small-areas", test_extends_small_areas },
    { "/scenario/extends/remove-replace-add", test_extends_remove_replace_add },
    { "/scenario/extends/kept-parse", test_extends_kept_parse },
    { "/scenario/extends/kept-strings", test_extends_kept_strings },
    { "/scenario/extends/chain-limit", test_extends_chain_limit },
    { "/scenario/extends/area-errors", test_area_errors },
    { NULL, NULL },
  };
  static const CuTest set_tests[] = {
    { "/scenario/set/values", test_set_values },
    { "/scenario/set/errors", test_set_errors },
    { "/scenario/set/area-children", test_set_area_children },
    { "/scenario/set/limits", test_set_limits },
    { NULL, NULL },
  };
  static const CuTest sweep_tests[] = {
    { "/scenario/sweep/pooling", test_sweep_pooling },
    { "/scenario/sweep/two-params", test_sweep_two_params },
    { NULL, NULL },
  };
  static const CuTest out_tests[] = {
    { "/scenario/roundtrip/shipped", test_roundtrip_shipped },
    { "/scenario/roundtrip/with-sets", test_roundtrip_with_sets },
    { "/scenario/json/sources", test_json_sources },
    { NULL, NULL },
  };
  static const CuTest security_tests[] = {
    { "/scenario/security/missing-and-big", test_security_missing_and_big },
    { "/scenario/security/threads", test_security_threads },
    { "/scenario/corpus/bad-scenarios", test_corpus },
    { "/scenario/corpus/removed-domain", test_corpus_removed_domain },
    { NULL, NULL },
  };
  static const CuSuite suites[] = {
    { "/scenario/shipped", shipped_tests },
    { "/scenario/extends", extends_tests },
    { "/scenario/set", set_tests },
    { "/scenario/sweep", sweep_tests },
    { "/scenario/out", out_tests },
    { "/scenario/security", security_tests },
    { NULL, NULL },
  };

  return cu_main ("test-scenario", suites);
}
