# bench/: see Makefile.am
# ctsim-bench: event-rate benchmarks of the engine (make bench runs them).
noinst_PROGRAMS += %reldir%/ctsim-bench
%canon_reldir%_ctsim_bench_SOURCES = %reldir%/ctsim-bench.c
%canon_reldir%_ctsim_bench_LDADD = sim/libsim.a $(SIM_LIBS)
%canon_reldir%_ctsim_bench_SOURCES += %reldir%/bench-area.c tests/area-fixture.c tests/area-fixture.h
%canon_reldir%_ctsim_bench_SOURCES += %reldir%/bench-load.c
%canon_reldir%_ctsim_bench_LDADD += models/libmodels.a sim/libsim.a $(ALL_LIBS)
EXTRA_DIST += %reldir%/README
EXTRA_DIST += %reldir%/calibrate-survey.sh %reldir%/ablate-survey.sh %reldir%/loo-survey.sh %reldir%/agreements-survey.sh %reldir%/scaling-england.sh
EXTRA_DIST += %reldir%/calibrate-area.py
EXTRA_DIST += %reldir%/loader.sh %reldir%/fuzz-stream.sh
