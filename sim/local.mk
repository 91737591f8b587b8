# sim/: the engine library (no domain knowledge) and the ctsim program.
noinst_LIBRARIES += %reldir%/libsim.a
# One line per module; add yours when its .c exists.
SIM_SOURCES =
SIM_SOURCES += %reldir%/sim-error.c %reldir%/sim-error.h
%canon_reldir%_libsim_a_SOURCES = $(SIM_SOURCES)
