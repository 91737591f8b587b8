# models/: the domain, library libmodels.a (includes sim/ headers only).
noinst_LIBRARIES += %reldir%/libmodels.a
# One line per module; add yours when its .c exists.
MODELS_SOURCES =
MODELS_SOURCES += %reldir%/cs-queue.c %reldir%/cs-queue.h
MODELS_SOURCES += %reldir%/cs-params.c %reldir%/cs-params.h
MODELS_SOURCES += %reldir%/cs-xml.c %reldir%/cs-xml.h
MODELS_SOURCES += %reldir%/cs-schema.c %reldir%/cs-schema.h
MODELS_SOURCES += %reldir%/cs-tree.c %reldir%/cs-tree.h
MODELS_SOURCES += %reldir%/cs-params-xml.c %reldir%/cs-params-xml.h
MODELS_SOURCES += %reldir%/cs-read.c %reldir%/cs-read.h
MODELS_SOURCES += %reldir%/cs-scenario.c %reldir%/cs-scenario.h
MODELS_SOURCES += %reldir%/cs-area.c %reldir%/cs-area.h %reldir%/cs-world.c %reldir%/cs-world.h %reldir%/cs-world-private.h
MODELS_SOURCES += %reldir%/cs-service.c %reldir%/cs-populate.c %reldir%/cs-child.c %reldir%/cs-needs.c %reldir%/cs-life.c %reldir%/cs-measure.c
MODELS_SOURCES += %reldir%/cs-commission.c %reldir%/cs-commission-rows.c %reldir%/cs-commission.h %reldir%/cs-commission-private.h %reldir%/cs-plan.c %reldir%/cs-contract.c %reldir%/cs-market.c %reldir%/cs-market.h %reldir%/cs-ledger.c %reldir%/cs-ledger.h
MODELS_SOURCES += %reldir%/cs-pathfinders.c %reldir%/cs-pathfinders.h %reldir%/cs-scenario-pathfinders.c %reldir%/cs-scenario-pathfinders.h
%canon_reldir%_libmodels_a_SOURCES = $(MODELS_SOURCES)

# The schema and the built-in default scenario, compiled in with GResource
# (generated in the build tree; the file list is read from the .xml).
MODELS_GRESOURCE = %reldir%/cs-resources.gresource.xml
nodist_%canon_reldir%_libmodels_a_SOURCES = %reldir%/cs-resources.c %reldir%/cs-resources.h
BUILT_SOURCES += %reldir%/cs-resources.c %reldir%/cs-resources.h
CLEANFILES += %reldir%/cs-resources.c %reldir%/cs-resources.h
EXTRA_DIST += $(MODELS_GRESOURCE)
models_resource_deps = $(shell $(GLIB_COMPILE_RESOURCES) --sourcedir=$(srcdir) --generate-dependencies $(srcdir)/$(MODELS_GRESOURCE))
%reldir%/cs-resources.c: $(srcdir)/$(MODELS_GRESOURCE) $(models_resource_deps)
	$(AM_V_GEN)$(MKDIR_P) $(@D) && $(GLIB_COMPILE_RESOURCES) --sourcedir=$(srcdir) --generate-source --manual-register --c-name cs_resources --target=$@ $(srcdir)/$(MODELS_GRESOURCE)
%reldir%/cs-resources.h: $(srcdir)/$(MODELS_GRESOURCE) $(models_resource_deps)
	$(AM_V_GEN)$(MKDIR_P) $(@D) && $(GLIB_COMPILE_RESOURCES) --sourcedir=$(srcdir) --generate-header --manual-register --c-name cs_resources --target=$@ $(srcdir)/$(MODELS_GRESOURCE)
%reldir%/cs-schema.$(OBJEXT): %reldir%/cs-resources.h
