# tests/: CUnit programs (one per module) and shell tests of the program.
# Engine tests list the engine sources they need, so they build without
# models/ (the boundary check of STYLE.md).
TEST_CU = %reldir%/cu-main.c %reldir%/cu-main.h
TEST_LIBS = $(CUNIT_LIBS) $(SIM_LIBS)
AM_CPPFLAGS += $(CUNIT_CFLAGS)

check_PROGRAMS += tests/test-rng
CUNIT_TESTS += tests/test-rng
TESTS += tests/test-rng
tests_test_rng_SOURCES = tests/test-rng.c $(TEST_CU) sim/sim-rng.c sim/sim-error.c
tests_test_rng_LDADD = $(TEST_LIBS)

check_PROGRAMS += tests/test-dist
CUNIT_TESTS += tests/test-dist
TESTS += tests/test-dist
tests_test_dist_SOURCES = tests/test-dist.c $(TEST_CU) sim/sim-dist.c sim/sim-rng.c sim/sim-error.c
tests_test_dist_LDADD = $(TEST_LIBS)

check_PROGRAMS += tests/test-stats
CUNIT_TESTS += tests/test-stats
TESTS += tests/test-stats
tests_test_stats_SOURCES = tests/test-stats.c $(TEST_CU) sim/sim-stats.c sim/sim-rng.c sim/sim-error.c
tests_test_stats_LDADD = $(TEST_LIBS)

check_PROGRAMS += tests/test-calendar
CUNIT_TESTS += tests/test-calendar
TESTS += tests/test-calendar
tests_test_calendar_SOURCES = tests/test-calendar.c $(TEST_CU) sim/sim-calendar.c sim/sim-error.c
tests_test_calendar_LDADD = $(TEST_LIBS)

# The same tests with a heap of at most 16 entries before it spills, a
# refill of at most 8 and far chunks of 4 entries, so that nearly every
# operation crosses the near heap and the far bins, and refills split bins.
check_PROGRAMS += tests/test-calendar-spill
CUNIT_TESTS += tests/test-calendar-spill
TESTS += tests/test-calendar-spill
tests_test_calendar_spill_SOURCES = $(tests_test_calendar_SOURCES)
tests_test_calendar_spill_CPPFLAGS = $(AM_CPPFLAGS) -DSIM_CALENDAR_SPILL=16 \
	-DSIM_CALENDAR_CHUNK=4
tests_test_calendar_spill_LDADD = $(TEST_LIBS)

check_PROGRAMS += tests/test-json
CUNIT_TESTS += tests/test-json
TESTS += tests/test-json
tests_test_json_SOURCES = tests/test-json.c $(TEST_CU) sim/sim-json.c sim/sim-error.c
tests_test_json_LDADD = $(TEST_LIBS)

check_PROGRAMS += tests/test-output
CUNIT_TESTS += tests/test-output
TESTS += tests/test-output
tests_test_output_SOURCES = tests/test-output.c $(TEST_CU) sim/sim-output.c sim/sim-results.c sim/sim-stats.c sim/sim-error.c
tests_test_output_LDADD = $(TEST_LIBS)

check_PROGRAMS += tests/test-runner
CUNIT_TESTS += tests/test-runner
TESTS += tests/test-runner
tests_test_runner_SOURCES = tests/test-runner.c $(TEST_CU) sim/sim-runner.c sim/sim-ranks.c sim/sim-engine.c sim/sim-calendar.c sim/sim-rng.c sim/sim-results.c sim/sim-output.c sim/sim-stats.c sim/sim-error.c
tests_test_runner_LDADD = $(TEST_LIBS)

# The queue model against queueing theory.
check_PROGRAMS += tests/test-queue
CUNIT_TESTS += tests/test-queue
TESTS += tests/test-queue
tests_test_queue_SOURCES = tests/test-queue.c $(TEST_CU)
tests_test_queue_LDADD = models/libmodels.a sim/libsim.a $(CUNIT_LIBS) $(ALL_LIBS)

# The program as a user runs it.
check_PROGRAMS += tests/json-check
tests_json_check_SOURCES = tests/json-check.c
tests_json_check_LDADD = $(GLIB_LIBS)
TESTS += tests/cli.sh tests/precision.sh tests/codebook.sh
EXTRA_DIST += tests/cli.sh tests/lib.sh tests/precision.sh tests/codebook.sh

# Scenarios compared on common random numbers (issue 6).
check_PROGRAMS += tests/test-compare
CUNIT_TESTS += tests/test-compare
TESTS += tests/test-compare
tests_test_compare_SOURCES = tests/test-compare.c $(TEST_CU) sim/sim-compare.c sim/sim-output.c sim/sim-results.c sim/sim-stats.c sim/sim-error.c
tests_test_compare_LDADD = $(TEST_LIBS)

# The event trace sink and its filter, on a toy model (issue 6).
check_PROGRAMS += tests/test-trace
CUNIT_TESTS += tests/test-trace
TESTS += tests/test-trace
tests_test_trace_SOURCES = tests/test-trace.c $(TEST_CU) sim/sim-trace.c sim/sim-engine.c sim/sim-calendar.c sim/sim-rng.c sim/sim-results.c sim/sim-output.c sim/sim-stats.c sim/sim-error.c
tests_test_trace_LDADD = $(TEST_LIBS)

# The charts on synthetic results, drawn by gnuplot (issue 6).
check_PROGRAMS += tests/test-plots
CUNIT_TESTS += tests/test-plots
TESTS += tests/test-plots
tests_test_plots_SOURCES = tests/test-plots.c $(TEST_CU) app/ctsim-plots.c \
	app/ctsim-charts.c app/ctsim-charts-outcomes.c app/ctsim-charts-waits.c \
	app/ctsim-charts-money.c app/ctsim-charts-sweep.c app/ctsim-charts-forest.c \
	app/ctsim-table.c app/ctsim-headline.c app/ctsim-data.c
tests_test_plots_LDADD = models/libmodels.a sim/libsim.a $(CUNIT_LIBS) $(ALL_LIBS)

check_PROGRAMS += tests/test-engine
CUNIT_TESTS += tests/test-engine
TESTS += tests/test-engine
tests_test_engine_SOURCES = tests/test-engine.c $(TEST_CU) sim/sim-engine.c sim/sim-calendar.c sim/sim-rng.c sim/sim-results.c sim/sim-error.c
tests_test_engine_LDADD = $(TEST_LIBS)

# The area model: population, needs, services, measures (issue 4).
check_PROGRAMS += tests/test-area
CUNIT_TESTS += tests/test-area
TESTS += tests/test-area
tests_test_area_SOURCES = tests/test-area.c tests/area-fixture.c tests/area-fixture.h $(TEST_CU)
tests_test_area_LDADD = models/libmodels.a sim/libsim.a $(CUNIT_LIBS) $(ALL_LIBS)

# Scenario files: loader, extends, --set, sweeps, round trip, the
# bad-scenario corpus (issue 3).
# The schema's fast path against libxml2 with the full schema.
check_PROGRAMS += tests/test-schema
CUNIT_TESTS += tests/test-schema
TESTS += tests/test-schema
tests_test_schema_SOURCES = tests/test-schema.c $(TEST_CU)
tests_test_schema_LDADD = models/libmodels.a sim/libsim.a $(CUNIT_LIBS) $(ALL_LIBS)

check_PROGRAMS += tests/test-scenario
CUNIT_TESTS += tests/test-scenario
TESTS += tests/test-scenario
tests_test_scenario_SOURCES = tests/test-scenario.c $(TEST_CU)
tests_test_scenario_LDADD = models/libmodels.a sim/libsim.a $(CUNIT_LIBS) $(ALL_LIBS)
EXTRA_DIST += tests/bad-scenarios

# Every shipped scenario against the schema, with xmllint (issue 3).
if HAVE_XMLLINT
TESTS += tests/schema.sh
endif
EXTRA_DIST += tests/schema.sh

# Compare, sweep, charts, report, progress and trace as a user runs them
# (issue 6).  report.sh renders report.html in headless Chromium.
TESTS += tests/plots.sh tests/trace.sh tests/report.sh tests/progress.sh
EXTRA_DIST += tests/plots.sh tests/trace.sh tests/report.sh tests/progress.sh

# Commissioning: ledger, market, conservation on every shipped scenario,
# symmetry of arrangement labels, mechanisms (issue 5).
check_PROGRAMS += tests/test-commission
CUNIT_TESTS += tests/test-commission
TESTS += tests/test-commission
tests_test_commission_SOURCES = tests/test-commission.c $(TEST_CU)
tests_test_commission_LDADD = models/libmodels.a sim/libsim.a $(CUNIT_LIBS) $(ALL_LIBS)

# The pathfinder survey: the generator, the fit statistics, the command
# (issue 7).
check_PROGRAMS += tests/test-pathfinders
CUNIT_TESTS += tests/test-pathfinders
TESTS += tests/test-pathfinders
tests_test_pathfinders_SOURCES = tests/test-pathfinders.c $(TEST_CU)
tests_test_pathfinders_LDADD = models/libmodels.a sim/libsim.a $(CUNIT_LIBS) $(ALL_LIBS)

check_PROGRAMS += tests/test-fit
CUNIT_TESTS += tests/test-fit
TESTS += tests/test-fit
tests_test_fit_SOURCES = tests/test-fit.c $(TEST_CU) sim/sim-fit.c sim/sim-steady.c
tests_test_fit_LDADD = $(TEST_LIBS)

TESTS += tests/survey.sh tests/survey-figures.sh tests/pool-scope.sh tests/attribute.sh tests/matched.sh tests/metamorphic.sh tests/steady.sh
TESTS += tests/format.sh tests/bench-scripts.sh
EXTRA_DIST += tests/format.sh tests/bench-scripts.sh
EXTRA_DIST += tests/survey.sh tests/survey-figures.sh tests/pool-scope.sh tests/attribute.sh tests/matched.sh tests/metamorphic.sh tests/steady.sh

# The teaching demo: determinism, 80 columns, colour only on a terminal,
# numbers against its own outputs, the versus table, no gnuplot (issue 8).
TESTS += tests/demo.sh
EXTRA_DIST += tests/demo.sh

# The stored reference run: a few short runs compared byte for byte with
# tests/reference/ (issue 16); 'make reference-update' rewrites them.
# The reliability defects of issue 19.
TESTS += tests/robust.sh
EXTRA_DIST += tests/robust.sh

# Fuzzing (issue 19, docs/fuzzing.md).  Each harness tests/fuzz-NAME.c is
# linked twice: with tests/fuzz-replay.c into tests/fuzz-replay-NAME (any
# compiler; make check replays tests/fuzz/NAME/, every input that ever
# crashed or hung, and the seeds), and with libFuzzer into tests/fuzz-NAME
# (make fuzz, after ./configure CC=clang --enable-fuzzing).
FUZZ_COMMON = tests/fuzz.h tests/fuzz-common.c
FUZZ_MODEL_LIBS = models/libmodels.a sim/libsim.a $(ALL_LIBS)
FUZZ_SIM_LIBS = sim/libsim.a $(SIM_LIBS)
check_PROGRAMS += tests/fuzz-replay-scenario tests/fuzz-replay-set \
	tests/fuzz-replay-published tests/fuzz-replay-dist
tests_fuzz_replay_scenario_SOURCES = tests/fuzz-scenario.c tests/fuzz-replay.c $(FUZZ_COMMON)
tests_fuzz_replay_scenario_LDADD = $(FUZZ_MODEL_LIBS)
tests_fuzz_replay_set_SOURCES = tests/fuzz-set.c tests/fuzz-replay.c $(FUZZ_COMMON)
tests_fuzz_replay_set_LDADD = $(FUZZ_MODEL_LIBS)
tests_fuzz_replay_published_SOURCES = tests/fuzz-published.c app/ctsim-published.c \
	tests/fuzz-replay.c $(FUZZ_COMMON)
tests_fuzz_replay_published_LDADD = $(FUZZ_SIM_LIBS)
tests_fuzz_replay_dist_SOURCES = tests/fuzz-dist.c tests/fuzz-replay.c $(FUZZ_COMMON)
tests_fuzz_replay_dist_LDADD = $(FUZZ_SIM_LIBS)
TESTS += tests/fuzz-replay.sh
EXTRA_DIST += tests/fuzz-replay.sh tests/fuzz-run.sh tests/fuzz.dict tests/fuzz

FUZZERS = tests/fuzz-scenario tests/fuzz-set tests/fuzz-published tests/fuzz-dist
EXTRA_PROGRAMS = $(FUZZERS)
CLEANFILES += $(FUZZERS)
tests_fuzz_scenario_SOURCES = tests/fuzz-scenario.c $(FUZZ_COMMON)
tests_fuzz_scenario_LDADD = $(FUZZ_MODEL_LIBS)
tests_fuzz_scenario_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer
tests_fuzz_set_SOURCES = tests/fuzz-set.c $(FUZZ_COMMON)
tests_fuzz_set_LDADD = $(FUZZ_MODEL_LIBS)
tests_fuzz_set_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer
tests_fuzz_published_SOURCES = tests/fuzz-published.c app/ctsim-published.c $(FUZZ_COMMON)
tests_fuzz_published_LDADD = $(FUZZ_SIM_LIBS)
tests_fuzz_published_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer
tests_fuzz_dist_SOURCES = tests/fuzz-dist.c $(FUZZ_COMMON)
tests_fuzz_dist_LDADD = $(FUZZ_SIM_LIBS)
tests_fuzz_dist_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer
if ENABLE_FUZZING
fuzz: $(FUZZERS)
else
fuzz:
	@echo "make fuzz: the fuzzers need ./configure CC=clang --enable-fuzzing" >&2
	@exit 1
endif
.PHONY: fuzz

TESTS += tests/reference.sh tests/layers.sh
EXTRA_DIST += tests/reference.sh tests/layers.sh \
	tests/reference/queue-results.csv tests/reference/queue-summary.csv \
	tests/reference/default-summary.csv tests/reference/compare-comparison.csv \
	tests/reference/survey-survey.csv tests/reference/survey-summary.csv \
	tests/reference/survey-areas.csv

# Every source cites a key of docs/references.md, or is an assumption or a
# calibration; nothing cites the private domain brief (issue 18).
TESTS += tests/sources.sh
EXTRA_DIST += tests/sources.sh

# An area of one's own: extends by a shipped name, <area children> (issue 18).
TESTS += tests/own-area.sh
EXTRA_DIST += tests/own-area.sh

# England as it was and its authorities on --jobs threads (issue 17).
TESTS += tests/england.sh
EXTRA_DIST += tests/england.sh

# Open MPI: mpirun -np 2 and 3 against one process (issue 17 item 3).
TESTS += tests/mpi.sh
EXTRA_DIST += tests/mpi.sh

# How sim_ranks_work() hands items to ranks, from inside (issue 17 item 3):
# rank 0's rows as one process's, a slow rank runs fewer, failures agree.
check_PROGRAMS += tests/ranks-probe
tests_ranks_probe_SOURCES = tests/ranks-probe.c
tests_ranks_probe_LDADD = sim/libsim.a $(SIM_LIBS)
TESTS += tests/ranks.sh
EXTRA_DIST += tests/ranks.sh

# The start's vector paths give the same bytes (CTSIM_VECTOR caps them).
TESTS += tests/vectors.sh
EXTRA_DIST += tests/vectors.sh
