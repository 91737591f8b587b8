# tests/: CUnit programs (one per module) and shell tests of the program.
# Engine tests list the engine sources they need, so they build without
# models/ (the boundary check of STYLE.md).
TEST_CU = %reldir%/cu-main.c %reldir%/cu-main.h
TEST_LIBS = $(CUNIT_LIBS) $(SIM_LIBS)
AM_CPPFLAGS += $(CUNIT_CFLAGS)
