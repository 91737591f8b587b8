/* ctsim-demo-end.c: the beginning and the end of `ctsim demo`'s narration:
 * the title, the neighbourhood and the three children; what happened to
 * them; the same children and the neighbourhood under the other
 * arrangement, as a table; the caveat and the chart's line.
 *
 * The table's columns are fixed (a label of COL_LABEL columns, two values
 * of COL_VALUE), so it fits CTSIM_DEMO_WIDTH; a longer value is cut with
 * "...".  Its area rows are results.csv's whole-run rows of group "all".
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "models/params/cs-outputs.h"
#include "app/ctsim-demo.h"

/* ---- the beginning ------------------------------------------------------- */

/* "emotional-health 2 (served), behaviour 1 (waiting)". */
static char *
needs_words (const CsChildView *v)
{
  GString *g = g_string_new (NULL);

  for (guint d = 0; d < CS_N_DOMAINS; d++)
    if (v->stage[d] > 0)
      g_string_append_printf (g, "%s%s %u%s", g->len ? ", " : "",
                              ctsim_demo_domain_words (d), v->stage[d],
                              (v->served & CS_BIT (d))    ? " (in a service)"
                              : (v->waiting & CS_BIT (d)) ? " (waiting)"
                                                          : "");
  if (!g->len)
    g_string_append (g, "none");
  return g_string_free (g, FALSE);
}

/* The --set entries one run has and the other not. (transfer full) */
static char *
sets_only (const CtsimDemoRun *a, const CtsimDemoRun *b)
{
  GString *g = g_string_new (NULL);

  for (guint i = 0; a->sets[i]; i++)
    if (!g_strv_contains ((const char *const *)b->sets, a->sets[i]))
      g_string_append_printf (g, "%s%s", g->len ? ", " : "", a->sets[i]);
  return g_string_free (g, FALSE);
}

static void
tell_commissioners (const CtsimDemoRun *run, GPtrArray *lines)
{
  const CsParams *p = run->p;
  g_autoptr (GString) g = g_string_new ("Who commissions what:");
  gboolean first = TRUE;

  for (guint a = 0; a < p->n_arrangements; a++)
    {
      g_autofree char *who = NULL;
      gboolean t1 = FALSE, any = FALSE;
      for (guint i = 0; i < p->n_services; i++)
        any = any || ctsim_demo_in_scope (&p->arrangements[a], &p->services[i]);
      if (!any)
        continue;
      who = ctsim_demo_commissioner (p, a);
      g_string_append_printf (g, "%s %s (", first ? "" : ";", who);
      for (guint t = 0; t < CS_N_TIERS; t++)
        if (p->arrangements[a].tiers & CS_BIT (t))
          {
            g_string_append_printf (g, "%s%s", t1 ? ", " : "",
                                    cs_tier_names[t]);
            t1 = TRUE;
          }
      g_string_append (g, ")");
      first = FALSE;
    }
  g_string_append_c (g, '.');
  ctsim_demo_wrap (lines, "", "    ", g->str, FALSE);
}

void
ctsim_demo_tell_intro (const CtsimDemoRun *run, GPtrArray *lines)
{
  const CsParams *p = run->p;
  const CsRunSettings *rs = cs_scenario_run_settings (run->sc);
  g_autoptr (GString) g = g_string_new (NULL);
  guint present = 0;

  for (guint i = 0; i < run->n_initial; i++)
    present += run->initial[i].place != CS_PLACE_GONE;
  g_string_printf (g, "%c0ctsim demo: %s (%s)%c", CTSIM_DEMO_MARK, run->label,
                   cs_scenario_name (run->sc), CTSIM_DEMO_END);
  ctsim_demo_wrap (lines, "", "    ", g->str, TRUE);
  ctsim_demo_wrap (lines, "", "    ", cs_scenario_description (run->sc), FALSE);
  g_string_printf (g,
                   "Seed %" G_GUINT64_FORMAT ", %g simulated years, %u "
                   "children at the start.",
                   run->seed, rs->years + rs->warmup_years, present);
  ctsim_demo_wrap (lines, "", "    ", g->str, FALSE);
  if (run->sets[0])
    {
      g_autofree char *list = g_strjoinv (", ", run->sets);
      g_string_printf (g, "Changed with --set: %s.", list);
      ctsim_demo_wrap (lines, "", "    ", g->str, FALSE);
    }
  tell_commissioners (run, lines);
  ctsim_demo_add_line (lines, "", FALSE);
  ctsim_demo_wrap (
      lines, "", "    ",
      "Three children to follow, chosen by a rule (docs/teaching.md), not "
      "by hand:",
      FALSE);
  for (guint j = 0; j < CTSIM_DEMO_FOLLOWED; j++)
    {
      const CsChildView *v;
      g_autofree char *who = NULL, *where = NULL, *needs = NULL;
      if (run->follow[j] == CS_NONE)
        continue;
      v = ctsim_demo_child_at (run, j, -1.0);
      who = ctsim_demo_marked_name (run, j);
      where = ctsim_demo_place_words (p, v);
      needs = needs_words (v);
      g_string_printf (g,
                       "%s (child %u, %u, %s%s): %s. Needs at the start: "
                       "%s.",
                       who, run->follow[j], v->age, where,
                       v->looked_after ? ", looked after" : "", run->why[j],
                       needs);
      ctsim_demo_wrap (lines, "  ", "      ", g->str, FALSE);
    }
}

/* ---- the end ------------------------------------------------------------- */

/* The child's last record in the area (before it left, if it did). */
static const CsChildView *
last_present (const CtsimDemoRun *run, guint j)
{
  GArray *s = run->snaps[j];

  for (guint i = s->len; i-- > 0;)
    if (g_array_index (s, CtsimDemoSnap, i).v.place != CS_PLACE_GONE)
      return &g_array_index (s, CtsimDemoSnap, i).v;
  return &g_array_index (s, CtsimDemoSnap, 0).v;
}

static void
tell_fate (const CtsimDemoRun *run, GPtrArray *lines, guint j)
{
  const CsParams *p = run->p;
  CsDomain d = run->focus[j];
  const CsChildView *a = ctsim_demo_child_at (run, j, -1.0);
  const CsChildView *b = ctsim_demo_child_at (run, j, run->horizon);
  CtsimDemoFate f;
  g_autofree char *who = ctsim_demo_marked_name (run, j);
  g_autoptr (GString) g = g_string_new (NULL);

  ctsim_demo_fate (run, j, &f);
  if (b->place == CS_PLACE_GONE)
    g_string_printf (g,
                     "%s: %s need at stage %u at the start, %u when %s "
                     "left the neighbourhood.",
                     who, ctsim_demo_domain_words (d), a->stage[d],
                     last_present (run, j)->stage[d], ctsim_demo_she (run, j));
  else
    g_string_printf (g,
                     "%s: %s need at stage %u at the start, %u at the "
                     "end.",
                     who, ctsim_demo_domain_words (d), a->stage[d],
                     b->stage[d]);
  if (f.episodes == 1)
    g_string_append_printf (g, " Served by %s after %.0f day%s of waiting.",
                            f.first, f.waited, ctsim_demo_plural (f.waited));
  else if (f.episodes > 1)
    g_string_append_printf (g,
                            " Served %u times (first by %s) after %.0f "
                            "day%s of waiting in all.",
                            f.episodes, f.first, f.waited,
                            ctsim_demo_plural (f.waited));
  if (f.waiting)
    g_string_append_printf (g,
                            " Still on a waiting list at the end "
                            "(since day %ld).",
                            ctsim_demo_day (f.waiting_since));
  else if (f.episodes == 0 && f.referrals > 0 && f.no_service == f.referrals)
    g_string_append_printf (g, " Referred %u time%s; no service took %s.",
                            f.referrals, ctsim_demo_plural (f.referrals),
                            ctsim_demo_her_obj (run, j));
  else if (f.episodes == 0 && f.referrals == 0)
    g_string_append_printf (
        g, " Never referred%s.",
        p->noticers[CS_NOTICER_SCHOOL_STAFF].on_roll_only
                && b->place != CS_PLACE_ROLL
            ? ": off the school roll, out of school staff's sight"
            : "");
  ctsim_demo_wrap (lines, "  ", "      ", g->str, FALSE);
}

/* ---- against another arrangement ----------------------------------------- */

#define COL_LABEL 28
#define COL_VALUE 23

static char *
cell (const char *text)
{
  if (g_utf8_strlen (text, -1) <= COL_VALUE)
    return g_strdup (text);
  {
    g_autofree char *head = g_utf8_substring (text, 0, COL_VALUE - 3);
    return g_strconcat (head, "...", NULL);
  }
}

static void
table_row (GPtrArray *lines, const char *label, const char *a, const char *b)
{
  g_autofree char *ca = cell (a), *cb = cell (b);
  g_autoptr (GString) g = g_string_new ("  ");
  glong pad;

  g_string_append (g, label);
  pad = COL_LABEL - ctsim_demo_columns (label);
  for (glong k = 0; k < MAX (1, pad) + 2; k++)
    g_string_append_c (g, ' ');
  g_string_append (g, ca);
  for (glong k = g_utf8_strlen (ca, -1); k < COL_VALUE + 1; k++)
    g_string_append_c (g, ' ');
  g_string_append (g, cb);
  while (g->len > 0 && g->str[g->len - 1] == ' ')
    g_string_truncate (g, g->len - 1);
  ctsim_demo_add_line (lines, g->str, FALSE);
}

static char *
served_cell (const CtsimDemoRun *run, guint j)
{
  CtsimDemoFate f;

  ctsim_demo_fate (run, j, &f);
  if (f.episodes > 1)
    return g_strdup_printf ("%s +%u", f.first, f.episodes - 1);
  if (f.episodes == 1)
    return g_strdup (f.first);
  if (f.waiting)
    return g_strdup ("no: still waiting");
  if (f.referrals > 0 && f.no_service == f.referrals)
    return g_strdup ("no: no service took it");
  if (f.referrals > 0)
    return g_strdup ("no: referral withdrawn");
  return g_strdup ("no: never referred");
}

static char *
waited_cell (const CtsimDemoRun *run, guint j)
{
  CtsimDemoFate f;

  ctsim_demo_fate (run, j, &f);
  if (f.waiting && f.episodes == 0)
    return g_strdup_printf ("%.0f, still waiting",
                            run->horizon - f.waiting_since);
  if (f.waiting)
    return g_strdup_printf ("%.0f + %.0f still waiting", f.waited,
                            run->horizon - f.waiting_since);
  return f.episodes > 0 ? g_strdup_printf ("%.0f", f.waited) : g_strdup ("-");
}

static char *
outcome_cell (const CtsimDemoRun *run, guint j)
{
  CsDomain d = run->focus[j];
  const CsChildView *a = ctsim_demo_child_at (run, j, -1.0);
  const CsChildView *b = ctsim_demo_child_at (run, j, run->horizon);

  return g_strdup_printf ("%u -> %u%s", a->stage[d],
                          last_present (run, j)->stage[d],
                          b->place == CS_PLACE_GONE ? ", then left" : "");
}

static void
area_row (GPtrArray *lines, const CtsimDemoRun *x, const CtsimDemoRun *y,
          const char *label, const char *measure, double scale,
          const char *unit)
{
  g_autofree char *a
      = g_strdup_printf ("%.1f%s",
                         scale
                             * sim_results_lookup (x->res, SIM_YEAR_ALL,
                                                   CS_OUT_GROUP_ALL, measure),
                         unit);
  g_autofree char *b
      = g_strdup_printf ("%.1f%s",
                         scale
                             * sim_results_lookup (y->res, SIM_YEAR_ALL,
                                                   CS_OUT_GROUP_ALL, measure),
                         unit);

  table_row (lines, label, a, b);
}

static void
tell_versus (const CtsimDemoRun *run, const CtsimDemoRun *versus,
             GPtrArray *lines)
{
  g_autofree char *title = NULL;
  g_autofree char *intro = NULL;

  title = g_strdup_printf ("%c0The same children under %s%c", CTSIM_DEMO_MARK,
                           versus->label, CTSIM_DEMO_END);
  ctsim_demo_add_line (lines, "", FALSE);
  ctsim_demo_wrap (lines, "", "    ", title, TRUE);
  intro = g_strdup_printf (
      "The same neighbourhood, seed and random numbers (%s against %s): "
      "only the arrangement differs. Whole run; waiting in days.",
      cs_scenario_name (run->sc), cs_scenario_name (versus->sc));
  ctsim_demo_wrap (lines, "", "    ", intro, FALSE);
  for (guint k = 0; k < 2; k++)
    {
      const CtsimDemoRun *a = k ? versus : run, *b = k ? run : versus;
      g_autofree char *only = sets_only (a, b);
      g_autofree char *text = NULL;
      if (!*only)
        continue;
      text = g_strdup_printf ("--set %s: only for %s (%s has no such "
                              "parameter).",
                              only, a->label, b->label);
      ctsim_demo_wrap (lines, "", "    ", text, FALSE);
    }
  ctsim_demo_add_line (lines, "", FALSE);
  table_row (lines, "", run->label, versus->label);
  for (guint j = 0; j < CTSIM_DEMO_FOLLOWED; j++)
    {
      g_autofree char *who = NULL, *head = NULL;
      g_autofree char *a1 = NULL, *b1 = NULL, *a2 = NULL, *b2 = NULL;
      g_autofree char *a3 = NULL, *b3 = NULL;
      if (run->follow[j] == CS_NONE)
        continue;
      who = ctsim_demo_marked_name (run, j);
      head = g_strdup_printf ("%s (%s)", who,
                              ctsim_demo_domain_words (run->focus[j]));
      ctsim_demo_add_line (lines, head, FALSE);
      a1 = served_cell (run, j);
      b1 = served_cell (versus, j);
      table_row (lines, "served", a1, b1);
      a2 = waited_cell (run, j);
      b2 = waited_cell (versus, j);
      table_row (lines, "days waiting", a2, b2);
      a3 = outcome_cell (run, j);
      b3 = outcome_cell (versus, j);
      table_row (lines, "stage at start -> end", a3, b3);
    }
  ctsim_demo_add_line (lines, "The neighbourhood (results.csv, year all)",
                       FALSE);
  area_row (lines, run, versus, "reach: needs served", CS_OUT_REACH, 100.0,
            "%");
  area_row (lines, run, versus, "mean wait", CS_OUT_WAITING_DAYS_MEAN, 1.0, "");
  area_row (lines, run, versus, "unmet-need days per child",
            CS_OUT_UNMET_NEED_DAYS_PER_CHILD, 1.0, "");
}

void
ctsim_demo_tell_end (const CtsimDemoRun *run, const CtsimDemoRun *versus,
                     const char *chart_note, GPtrArray *lines)
{
  g_autofree char *end
      = g_strdup_printf ("%c0At the end, day %ld%c", CTSIM_DEMO_MARK,
                         ctsim_demo_day (run->horizon), CTSIM_DEMO_END);

  ctsim_demo_add_line (lines, "", FALSE);
  ctsim_demo_add_line (lines, end, TRUE);
  for (guint j = 0; j < CTSIM_DEMO_FOLLOWED; j++)
    if (run->follow[j] != CS_NONE)
      tell_fate (run, lines, j);
  if (versus)
    tell_versus (run, versus, lines);
  ctsim_demo_add_line (lines, "", FALSE);
  ctsim_demo_wrap (
      lines, "", "    ",
      "One small run is an illustration, not evidence: in a neighbourhood "
      "of a few hundred children chance moves these numbers as much as the "
      "arrangement does. For evidence, compare arrangements over many "
      "replications with ctsim compare.",
      FALSE);
  if (chart_note)
    ctsim_demo_wrap (lines, "", "    ", chart_note, FALSE);
}
