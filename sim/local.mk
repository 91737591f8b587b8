# sim/: the engine library (no domain knowledge).
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
SIM_SOURCES += %reldir%/sim-ranks.c %reldir%/sim-ranks.h
SIM_SOURCES += %reldir%/sim-compare.c %reldir%/sim-compare.h
SIM_SOURCES += %reldir%/sim-trace.c %reldir%/sim-trace.h
SIM_SOURCES += %reldir%/sim-fit.c %reldir%/sim-fit.h
SIM_SOURCES += %reldir%/sim-steady.c %reldir%/sim-steady.h
%canon_reldir%_libsim_a_SOURCES = $(SIM_SOURCES)
