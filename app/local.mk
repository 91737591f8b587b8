# app/: the ctsim program (links the engine sim/ and the models models/).
bin_PROGRAMS += ctsim
ctsim_SOURCES = \
	%reldir%/ctsim-main.c \
	%reldir%/ctsim-setup.c %reldir%/ctsim-setup.h \
	%reldir%/ctsim-national.c %reldir%/ctsim-national.h \
	%reldir%/ctsim-manifest.c %reldir%/ctsim-manifest.h \
	%reldir%/ctsim-steady.c %reldir%/ctsim-steady.h \
	%reldir%/ctsim-table.c %reldir%/ctsim-table.h \
	%reldir%/ctsim-headline.c %reldir%/ctsim-headline.h \
	%reldir%/ctsim-codebook.c %reldir%/ctsim-codebook.h \
	%reldir%/ctsim-run.c %reldir%/ctsim-run.h \
	%reldir%/ctsim-new.c %reldir%/ctsim-new.h \
	%reldir%/ctsim-data.c %reldir%/ctsim-data.h \
	%reldir%/ctsim-compare.c %reldir%/ctsim-compare.h \
	%reldir%/ctsim-attribute.c %reldir%/ctsim-attribute.h \
	%reldir%/ctsim-value.c %reldir%/ctsim-value.h \
	%reldir%/ctsim-sweep.c %reldir%/ctsim-sweep.h \
	%reldir%/ctsim-trace.c %reldir%/ctsim-trace.h \
	%reldir%/ctsim-progress.c %reldir%/ctsim-progress.h \
	%reldir%/ctsim-plots.c %reldir%/ctsim-plots.h \
	%reldir%/ctsim-charts.c %reldir%/ctsim-charts.h %reldir%/ctsim-charts-private.h \
	%reldir%/ctsim-charts-outcomes.c %reldir%/ctsim-charts-waits.c \
	%reldir%/ctsim-charts-money.c %reldir%/ctsim-charts-sweep.c \
	%reldir%/ctsim-charts-forest.c \
	%reldir%/ctsim-report.c %reldir%/ctsim-report.h \
	%reldir%/ctsim-survey.c %reldir%/ctsim-survey-out.c %reldir%/ctsim-survey.h \
	%reldir%/ctsim-published.c %reldir%/ctsim-published.h \
	%reldir%/ctsim-demo.c %reldir%/ctsim-demo-run.c \
	%reldir%/ctsim-demo-story.c %reldir%/ctsim-demo-end.c \
	%reldir%/ctsim-demo-text.c %reldir%/ctsim-demo.h
ctsim_LDADD = models/libmodels.a sim/libsim.a $(ALL_LIBS)
