/* ctsim-survey.h: what `ctsim survey`'s two files share (ctsim-survey.c runs
 * the pathfinders and computes the figures; ctsim-survey-out.c writes the
 * output folder, the chart, the report and the terminal table).
 *
 * Figures (docs/survey.md): each replication draws the scenario's
 * pathfinders afresh (models/pathfinders/cs-pathfinders.h), runs each one and
 * "surveys" it as the national evaluation did: a pathfinder is jointly
 * commissioning when at least one service was jointly commissioned (money from
 * two or three of health, education and social care) between the start and the
 * survey.  An item is one figure per replication; its mean and 95%
 * Student-t interval are over the replications in which it is defined.
 */
#pragma once

#include <glib.h>

#include "models/pathfinders/cs-pathfinders.h"
#include "models/scenario/cs-scenario.h"
#include "app/ctsim-published.h"
#include "app/ctsim-setup.h"
#include "sim/sim-output.h"
#include "sim/sim-results.h"

G_BEGIN_DECLS

#define CTSIM_SURVEY_HEADER                                                    \
  "item,sector,published,simulated_mean,ci_low,ci_high,replications,seed,"     \
  "group,measure,name,source"
#define CTSIM_SURVEY_PUBLISHED_HEADER CTSIM_PUBLISHED_HEADER
#define CTSIM_SURVEY_FIT_HEADER "statistic,value,items"

typedef struct
{
  char *item;           /* survey.csv item */
  char *sector;         /* health, education, social_care or all */
  char *label;          /* for the table and the chart */
  const char *group;    /* results.csv group (interned) */
  const char *measure;  /* results.csv measure (interned) */
  double published;     /* NAN when the publication gives none */
  char *published_name; /* the published file's name (NULL: none) */
  char *published_source;
  double *values; /* per replication; NAN when undefined */
  double mean, ci_low, ci_high;
  guint n; /* replications in which it is defined */
} CtsimSurveyItem;

/* One pathfinder of one replication. */
typedef struct
{
  CsPathfinderArea area;
  /* Per service of the base: days from the selection (the end of the
   * warm-up) to the first time a joint contract for it was live; NAN:
   * never in the run. */
  double *joint_day;
  guint8 *joint; /* per service: jointly commissioned by the last date */
  guint n_joint; /* services jointly commissioned by the last date */
  guint n_joint_at[CS_PF_MAX_SURVEY_DATES]; /* by each survey date */
} CtsimSurveyArea;

typedef struct
{
  CsScenario *sc;
  const CsPathfinders *pf;
  const CsParams *base;
  CtsimSettings set;
  guint n_areas; /* pathfinders per replication */
  /* The survey's dates (the window, issue 15): months after the
   * selection, and the same in days; a figure with a published value is
   * the mean of its values at these dates, each date's own figures are
   * items ITEM:months=M when there are several. */
  guint n_dates;
  double date_months[CS_PF_MAX_SURVEY_DATES];
  double date_days[CS_PF_MAX_SURVEY_DATES];
  CtsimSurveyArea *areas; /* replications x n_areas, by index */
  gboolean sweep;         /* a point of a sweep (its areas recur) */
  GPtrArray *items;       /* CtsimSurveyItem *, in survey.csv order */
  SimResults **reps;      /* per replication: the items as rows */
  guint64 events;
  double wall_seconds;
  char *published_path; /* the CSV read, or NULL */
  char *published_sha256;
  /* Fit over the items with a published figure. */
  guint n_fit;
  double mae, spearman;
  /* In-sample, the figures the calibration may fit (every published
   * item but the services': the four counts), and out-of-sample,
   * the services' published counts (Table 1's education column, never
   * fitted: docs/survey.md 3): issue 15. */
  guint n_in, n_out;
  double mae_in, mae_out, spearman_out, sum_out_published, sum_out_simulated;
} CtsimSurvey;

/* The item (item, sector), or NULL. */
CtsimSurveyItem *ctsim_survey_find_item (const CtsimSurvey *s, const char *item,
                                         const char *sector);

/* ctsim-survey-out.c */
G_GNUC_WARN_UNUSED_RESULT
gboolean ctsim_survey_write (SimOutputDir *dir, const CtsimSurvey *s,
                             const CtsimOptions *opts, GError **error);
void ctsim_survey_print (const CtsimSurvey *s, const char *out_path);
/* The figures a sweep's chart shows per point (plots/survey-sweep.gp):
 * the four counts the survey's text publishes. */
#define CTSIM_SURVEY_SWEEP_SERIES 4
typedef struct
{
  const char *item, *sector, *label;
} CtsimSweepSeries;
extern const CtsimSweepSeries
    ctsim_survey_sweep_series[CTSIM_SURVEY_SWEEP_SERIES];
/* Write plots/survey-sweep.{dat,png,svg} and plots/meta.gp into a sweep's
 * folder: fig holds, per point and series (in that order), the mean and
 * the interval's ends.  gnuplot's absence or failure is one warning. */
G_GNUC_WARN_UNUSED_RESULT
gboolean ctsim_survey_sweep_chart (SimOutputDir *dir, const CtsimSurvey *s,
                                   const double *fig, GError **error);

/* The rows of survey.csv (CTSIM_SURVEY_HEADER) and fit.csv
 * (CTSIM_SURVEY_FIT_HEADER), each after a leading field point when it is
 * not NULL (a sweep's "point" column). */
void ctsim_survey_csv_rows (GString *out, const CtsimSurvey *s,
                            const char *point);
void ctsim_survey_fit_rows (GString *out, const CtsimSurvey *s,
                            const char *point);

/* The subcommand survey. */
G_GNUC_WARN_UNUSED_RESULT
gboolean ctsim_cmd_survey (const CtsimOptions *opts, char **args,
                           GError **error);

G_END_DECLS
