# sim/: the engine library (no domain knowledge) and the ctsim program.
noinst_LIBRARIES += %reldir%/libsim.a
# One line per module; add yours when its .c exists.
SIM_SOURCES =
SIM_SOURCES += %reldir%/sim-error.c %reldir%/sim-error.h
SIM_SOURCES += %reldir%/sim-rng.c %reldir%/sim-rng.h
SIM_SOURCES += %reldir%/sim-dist.c %reldir%/sim-dist.h
SIM_SOURCES += %reldir%/sim-stats.c %reldir%/sim-stats.h
SIM_SOURCES += %reldir%/sim-calendar.c %reldir%/sim-calendar.h
SIM_SOURCES += %reldir%/sim-engine.c %reldir%/sim-engine.h
SIM_SOURCES += %reldir%/sim-results.c %reldir%/sim-results.h
SIM_SOURCES += %reldir%/sim-json.c %reldir%/sim-json.h
SIM_SOURCES += %reldir%/sim-output.c %reldir%/sim-output.h
SIM_SOURCES += %reldir%/sim-runner.c %reldir%/sim-runner.h
SIM_SOURCES += %reldir%/sim-compare.c %reldir%/sim-compare.h
SIM_SOURCES += %reldir%/sim-trace.c %reldir%/sim-trace.h
SIM_SOURCES += %reldir%/sim-fit.c %reldir%/sim-fit.h
%canon_reldir%_libsim_a_SOURCES = $(SIM_SOURCES)

bin_PROGRAMS += ctsim
ctsim_SOURCES = \
	%reldir%/ctsim-cli.h \
	%reldir%/ctsim-main.c \
	%reldir%/ctsim-run.c \
	%reldir%/ctsim-data.c \
	%reldir%/ctsim-compare.c \
	%reldir%/ctsim-sweep.c \
	%reldir%/ctsim-trace.c \
	%reldir%/ctsim-progress.c %reldir%/ctsim-progress.h \
	%reldir%/ctsim-plots.c %reldir%/ctsim-plots.h \
	%reldir%/ctsim-charts.c %reldir%/ctsim-charts.h \
	%reldir%/ctsim-report.c %reldir%/ctsim-report.h \
	%reldir%/ctsim-survey.c %reldir%/ctsim-survey-out.c %reldir%/ctsim-survey.h \
	%reldir%/ctsim-demo.c %reldir%/ctsim-demo-run.c \
	%reldir%/ctsim-demo-story.c %reldir%/ctsim-demo-end.c \
	%reldir%/ctsim-demo-text.c %reldir%/ctsim-demo.h
ctsim_LDADD = models/libmodels.a %reldir%/libsim.a $(ALL_LIBS)
