/* ctsim-main.c: the ctsim program: subcommands, common options, exit codes.
 *
 * The only place that links the engine (sim/) and the domain (models/).
 * Every failure reaches main() as a SIM_ERROR whose code is the exit status
 * (sysexits.h); main prints it as one line "ctsim: MESSAGE" on stderr.
 */
#include "config.h"

#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/ctsim-compare.h"
#include "app/ctsim-data.h"
#include "app/ctsim-demo.h"
#include "app/ctsim-new.h"
#include "app/ctsim-run.h"
#include "app/ctsim-setup.h"
#include "app/ctsim-survey.h"
#include "app/ctsim-sweep.h"
#include "models/params/cs-outputs.h"
#include "models/scenario/cs-scenario.h"
#include "sim/sim-error.h"
#include "sim/sim-ranks.h"
#include "sim/sim-output.h"
#include "sim/sim-stats.h"

typedef struct
{
  const char *name;
  const char *args;    /* positional arguments, for --help */
  const char *summary; /* one line */
  CtsimCommandFunc func;
  gboolean run_options;   /* takes --seed/--replications/--jobs/--output */
  gboolean trace_options; /* takes --trace/--trace-filter */
  gboolean demo_options;  /* takes --seed/--output/--arrangement/--versus/
                             --step (and not run_options) */
  gboolean new_options;   /* takes --from */
} Command;

static const Command commands[] = {
  { "run", "[SCENARIO]",
    "run a scenario (default: the built-in default) and write its outputs",
    ctsim_cmd_run, TRUE, TRUE, FALSE, FALSE },
  { "compare", "SCENARIO SCENARIO...",
    "run scenarios on common random numbers and compare them",
    ctsim_cmd_compare, TRUE, FALSE, FALSE, FALSE },
  { "sweep", "SCENARIO", "run every point of a scenario's <sweep>",
    ctsim_cmd_sweep, TRUE, FALSE, FALSE, FALSE },
  { "survey", "[SCENARIO]",
    "reproduce the 2004 children's trust pathfinder survey", ctsim_cmd_survey,
    TRUE, FALSE, FALSE, FALSE },
  { "demo", "", "tell one commissioning story a room can follow",
    ctsim_cmd_demo, FALSE, FALSE, TRUE, FALSE },
  { "validate", "SCENARIO...", "check scenario files without running them",
    ctsim_cmd_validate, FALSE, FALSE, FALSE, FALSE },
  { "list", "", "list the shipped scenarios", ctsim_cmd_list, FALSE, FALSE,
    FALSE, FALSE },
  { "show", "[SCENARIO]",
    "print a scenario fully resolved (extends and --set applied)",
    ctsim_cmd_show, FALSE, FALSE, FALSE, FALSE },
  { "new", "NAME",
    "write NAME.xml, a starter scenario of one's own (--from SCENARIO)",
    ctsim_cmd_new, FALSE, FALSE, FALSE, TRUE },
};

static void
print_usage (FILE *to)
{
  fprintf (to, "Usage: ctsim COMMAND [OPTIONS] [ARGS]\n\n"
               "Discrete-event simulation of children's trust joint "
               "commissioning.\n\nCommands:\n");
  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (to, "  %-9s %s\n", commands[i].name, commands[i].summary);
  fprintf (to, "\n'ctsim COMMAND --help' describes a command's options; "
               "'man ctsim' has the details.\n");
}

static const Command *
find_command (const char *name)
{
  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    if (strcmp (commands[i].name, name) == 0)
      return &commands[i];
  return NULL;
}

static GOptionContext *
make_context (const Command *cmd, CtsimOptions *o)
{
  GOptionEntry run_entries[]
      = { { "seed", 's', 0, G_OPTION_ARG_STRING, &o->seed_text,
            "Random seed (default: the scenario's, else 20041)", "S" },
          { "replications", 'r', 0, G_OPTION_ARG_INT, &o->replications,
            "Number of replications (default: the scenario's)", "N" },
          { "jobs", 'j', 0, G_OPTION_ARG_INT, &o->jobs,
            "Worker threads (default: number of processors)", "J" },
          { "output", 'o', 0, G_OPTION_ARG_FILENAME, &o->output,
            "Output folder (default: ctsim-out/<scenario-name>)", "DIR" },
          G_OPTION_ENTRY_NULL };
  GOptionEntry trace_entries[]
      = { { "trace", 0, 0, G_OPTION_ARG_FILENAME, &o->trace,
            "Write the event trace of replication 0 as CSV", "FILE" },
          { "trace-filter", 0, 0, G_OPTION_ARG_STRING, &o->trace_filter,
            "Trace only these event kinds", "KIND[,KIND...]" },
          G_OPTION_ENTRY_NULL };
  GOptionEntry demo_entries[]
      = { { "arrangement", 'a', 0, G_OPTION_ARG_STRING, &o->arrangement,
            "Arrangement the story runs under (default: school-led-cluster)",
            "NAME" },
          { "versus", 0, 0, G_OPTION_ARG_STRING, &o->versus,
            "Arrangement to compare with at the end (default: "
            "multi-agency-panel)",
            "NAME" },
          { "step", 0, 0, G_OPTION_ARG_NONE, &o->step,
            "Pause at each stage (on a terminal: press Enter)", NULL },
          { "seed", 's', 0, G_OPTION_ARG_STRING, &o->seed_text,
            "Random seed (default: the scenario's)", "S" },
          { "output", 'o', 0, G_OPTION_ARG_FILENAME, &o->output,
            "Output folder (default: ctsim-out/demo)", "DIR" },
          G_OPTION_ENTRY_NULL };
  GOptionEntry compare_entries[]
      = { { "attribute", 0, 0, G_OPTION_ARG_NONE, &o->attribute,
            "Split each headline difference of the second scenario against "
            "the first into contributions of groups of parameters (Shapley "
            "values; 2^k runs for k groups)",
            NULL },
          { "wide", 0, 0, G_OPTION_ARG_NONE, &o->wide,
            "Terminal table with every interval and width (wider than 100 "
            "columns)",
            NULL },
          G_OPTION_ENTRY_NULL };
  GOptionEntry common_entries[]
      = { { "set", 0, 0, G_OPTION_ARG_STRING_ARRAY, &o->sets,
            "Override one scenario value (repeatable)", "PATH=VALUE" },
          { "area", 0, 0, G_OPTION_ARG_FILENAME, &o->area,
            "Lay this area file on every scenario (after extends, before "
            "--set)",
            "FILE" },
          { "quiet", 'q', 0, G_OPTION_ARG_NONE, &o->quiet,
            "Print nothing but errors", NULL },
          G_OPTION_ENTRY_NULL };
  GOptionEntry precision_entries[]
      = { { "precision", 0, 0, G_OPTION_ARG_DOUBLE, &o->precision,
            "Run more replications until every headline 95% interval is "
            "within REL of its mean (0.01: 1%)",
            "REL" },
          { "max-replications", 0, 0, G_OPTION_ARG_INT, &o->max_replications,
            "With --precision: at most N replications (default 100)", "N" },
          G_OPTION_ENTRY_NULL };
  GOptionEntry new_entries[]
      = { { "from", 0, 0, G_OPTION_ARG_STRING, &o->from,
            "The scenario to build on (a shipped name or a file)", "SCENARIO" },
          G_OPTION_ENTRY_NULL };
  g_autofree char *prgname = g_strdup_printf ("ctsim %s", cmd->name);
  GOptionContext *ctx = g_option_context_new (cmd->args);

  /* The usage line reads "ctsim COMMAND [OPTION...] ARGS". */
  g_set_prgname (prgname);

  g_option_context_set_summary (ctx, cmd->summary);
  g_option_context_set_help_enabled (ctx, TRUE);
  if (cmd->run_options)
    g_option_context_add_main_entries (ctx, run_entries, NULL);
  if (cmd->trace_options)
    g_option_context_add_main_entries (ctx, trace_entries, NULL);
  if (cmd->demo_options)
    g_option_context_add_main_entries (ctx, demo_entries, NULL);
  if (cmd->func == ctsim_cmd_compare)
    g_option_context_add_main_entries (ctx, compare_entries, NULL);
  if (cmd->func == ctsim_cmd_run)
    g_option_context_add_main_entries (ctx, precision_entries, NULL);
  if (cmd->new_options)
    g_option_context_add_main_entries (ctx, new_entries, NULL);
  g_option_context_add_main_entries (ctx, common_entries, NULL);
  return ctx;
}

/* --replications and --jobs not given (any number a user types is
 * checked, -1 included). */
#define NOT_GIVEN G_MININT

/* Check the options and turn "not given" into 0 for the commands. */
static gboolean
check_options (CtsimOptions *o, const char *cmd, GError **error)
{
  if ((o->replications != NOT_GIVEN && o->replications < 1)
      || (o->jobs != NOT_GIVEN && o->jobs < 1))
    {
      g_set_error (error, SIM_ERROR, SIM_ERROR_USAGE,
                   "%s: --replications and --jobs must be at least 1", cmd);
      return FALSE;
    }
  if (o->replications > CS_MAX_REPLICATIONS)
    {
      g_set_error (error, SIM_ERROR, SIM_ERROR_USAGE,
                   "%s: --replications %d is too many (at most %d)", cmd,
                   o->replications, CS_MAX_REPLICATIONS);
      return FALSE;
    }
  if (!(o->precision >= 0.0 && o->precision < 1.0) || o->max_replications < 0
      || o->max_replications > CS_MAX_REPLICATIONS
      || (o->max_replications > 0 && o->precision == 0.0))
    {
      g_set_error (error, SIM_ERROR, SIM_ERROR_USAGE,
                   "%s: --precision must be above 0 and below 1 (0.01: 1%% "
                   "of the mean) and --max-replications from 2 to %d, with "
                   "--precision",
                   cmd, CS_MAX_REPLICATIONS);
      return FALSE;
    }
  if (o->precision > 0 && o->replications == 1)
    {
      g_set_error (error, SIM_ERROR, SIM_ERROR_USAGE,
                   "%s: --precision needs at least 2 replications to start "
                   "from",
                   cmd);
      return FALSE;
    }
  o->replications = MAX (o->replications, 0);
  o->jobs = MAX (o->jobs, 0);
  /* Decimal only, like run.seed in a scenario: "010" is 10. */
  if (o->seed_text
      && (!g_ascii_isdigit (o->seed_text[0])
          || !g_ascii_string_to_unsigned (o->seed_text, 10, 0, G_MAXUINT64,
                                          &o->seed, NULL)))
    {
      g_set_error (error, SIM_ERROR, SIM_ERROR_USAGE,
                   "%s: --seed '%s' is not a whole number from 0 to "
                   "%" G_GUINT64_FORMAT " (decimal digits)",
                   cmd, o->seed_text, G_MAXUINT64);
      return FALSE;
    }
  o->seed_set = o->seed_text != NULL;
  if ((o->output && !*o->output) || (o->trace && !*o->trace))
    {
      g_set_error (error, SIM_ERROR, SIM_ERROR_USAGE,
                   "%s: --%s needs a path, got an empty one", cmd,
                   o->output && !*o->output ? "output" : "trace");
      return FALSE;
    }
  return TRUE;
}

/* Under mpirun with more than one rank (sim-ranks.h): only run, compare,
 * sweep and survey split their work units over the ranks; the others,
 * run --trace and compare --attribute run on one process.  Ranks other
 * than 0 are quiet (rank 0 speaks and writes). */
static gboolean
check_ranks (CtsimOptions *o, const char *cmd, GError **error)
{
  static const char *const split[] = { "run", "compare", "sweep", "survey" };
  gboolean ok = FALSE;

  if (sim_ranks_size () <= 1)
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (split); i++)
    ok = ok || strcmp (cmd, split[i]) == 0;
  if (!ok || o->trace || o->attribute || o->precision > 0)
    {
      g_set_error (error, SIM_ERROR, SIM_ERROR_USAGE,
                   "%s%s runs on one process (%u ranks here): start it "
                   "without mpirun (mpirun splits run, compare, sweep and "
                   "survey)",
                   cmd,
                   o->trace           ? " --trace"
                   : o->attribute     ? " --attribute"
                   : o->precision > 0 ? " --precision"
                                      : "",
                   sim_ranks_size ());
      sim_ranks_fail_together (); /* every rank refuses alike */
      return FALSE;
    }
  if (!sim_ranks_root ())
    o->quiet = TRUE;
  return TRUE;
}

static gboolean
dispatch (int argc, char **argv, GError **error)
{
  const Command *cmd;
  CtsimOptions o = { 0 };
  g_autoptr (GOptionContext) ctx = NULL;
  gboolean ok;

  o.replications = NOT_GIVEN; /* then 0: the scenario's */
  o.jobs = NOT_GIVEN;         /* then 0: all processors */
  cmd = find_command (argv[1]);
  if (!cmd)
    {
      g_set_error (error, SIM_ERROR, SIM_ERROR_USAGE,
                   "unknown command '%s' (expected one of run, compare, "
                   "sweep, survey, demo, validate, list, show)",
                   argv[1]);
      return FALSE;
    }
  /* A copy: option parsing removes the options from argv. */
  o.argc = argc;
  o.argv = g_strdupv (argv);
  ctx = make_context (cmd, &o);
  argc--;
  argv++;
  if (!g_option_context_parse (ctx, &argc, &argv, error))
    {
      (*error)->domain = SIM_ERROR;
      (*error)->code = SIM_ERROR_USAGE;
      g_prefix_error (error, "%s: ", cmd->name);
      ok = FALSE;
    }
  else if (!check_options (&o, cmd->name, error))
    ok = FALSE;
  else if (!check_ranks (&o, cmd->name, error))
    ok = FALSE;
  else
    ok = cmd->func (&o, argv + 1, error);
  g_free (o.seed_text);
  g_free (o.output);
  g_strfreev (o.sets);
  g_free (o.area);
  g_free (o.from);
  g_free (o.trace);
  g_free (o.trace_filter);
  g_free (o.arrangement);
  g_free (o.versus);
  g_strfreev (o.argv);
  return ok;
}

/* Standard output is checked once, at exit: a failed write (a full disk,
 * /dev/full) makes a successful command exit 74 with one line, whether
 * main returns or GOption's --help calls exit(). */
static gboolean stdout_checked;

static gboolean
stdout_failed (int *errsv)
{
  errno = 0;
  if (fflush (stdout) != 0 || ferror (stdout))
    {
      *errsv = errno;
      return TRUE;
    }
  return FALSE;
}

static void
report_stdout (int errsv)
{
  fprintf (stderr, "ctsim: cannot write to standard output: %s\n",
           errsv ? g_strerror (errsv) : "write error");
}

static int
finish_stdout (int status)
{
  int errsv = 0;

  stdout_checked = TRUE;
  if (stdout_failed (&errsv) && status == 0)
    {
      report_stdout (errsv);
      return SIM_ERROR_IO;
    }
  return status;
}

static void
check_stdout_at_exit (void)
{
  int errsv = 0;

  if (!stdout_checked && stdout_failed (&errsv))
    {
      report_stdout (errsv);
      _exit (SIM_ERROR_IO);
    }
}

static int
run_main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;

  if (argc < 2)
    {
      print_usage (stderr);
      return SIM_ERROR_USAGE;
    }
  if (strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0
      || strcmp (argv[1], "help") == 0)
    {
      print_usage (stdout);
      return 0;
    }
  if (strcmp (argv[1], "--version") == 0)
    {
      printf ("ctsim %s\n", PACKAGE_VERSION);
      return 0;
    }
  {
    g_autofree char *shipped
        = g_build_filename (ctsim_data_dir (), "scenarios", NULL);
    cs_scenario_set_shipped_dir (shipped);
  }
  if (dispatch (argc, argv, &error))
    return 0;
  if (sim_ranks_size () > 1 && !sim_ranks_root ()
      && (sim_ranks_failed_together () || error->code == SIM_ERROR_USAGE))
    ;                       /* rank 0 says it */
  else if (*error->message) /* empty: the command printed its own messages */
    fprintf (stderr, "ctsim: %s\n", error->message);
  if (error->domain == SIM_ERROR && error->code == SIM_ERROR_USAGE)
    fprintf (stderr, "Try 'ctsim%s%s --help'.\n",
             find_command (argv[1]) ? " " : "",
             find_command (argv[1]) ? argv[1] : "");
  return error->domain == SIM_ERROR ? error->code : SIM_ERROR_INTERNAL;
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  setlocale (LC_NUMERIC, "C");      /* CSV and JSON numbers use '.' */
  sim_output_set_program ("ctsim"); /* marker .ctsim-output, messages */
  /* intervals of shares and counts keep to their range (issue 18) */
  sim_set_measure_bounds (cs_out_measure_bounds);
  atexit (check_stdout_at_exit);
  {
    g_autoptr (GError) error = NULL;
    int status;

    if (!sim_ranks_init (&argc, &argv, &error))
      {
        fprintf (stderr, "ctsim: %s\n", error->message);
        return error->code;
      }
    status = finish_stdout (run_main (argc, argv));
    /* A failure on some ranks only (not inside a collective step, which
     * every rank leaves together) would leave the others waiting: end
     * them all. */
    if (status != 0 && sim_ranks_size () > 1 && !sim_ranks_failed_together ())
      sim_ranks_abort (status);
    sim_ranks_finish ();
    return status;
  }
}
