# app/: the ctsim program (links the engine sim/ and the models models/).
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
	%reldir%/ctsim-published.c %reldir%/ctsim-published.h \
	%reldir%/ctsim-demo.c %reldir%/ctsim-demo-run.c \
	%reldir%/ctsim-demo-story.c %reldir%/ctsim-demo-end.c \
	%reldir%/ctsim-demo-text.c %reldir%/ctsim-demo.h
ctsim_LDADD = models/libmodels.a sim/libsim.a $(ALL_LIBS)
