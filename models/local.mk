# models/: the domain, library libmodels.a (includes sim/ headers only).
noinst_LIBRARIES += %reldir%/libmodels.a
# One line per module; add yours when its .c exists.
MODELS_SOURCES =
# params/: the parameter tree of a scenario, its XML, schema and readers.
MODELS_SOURCES += %reldir%/params/cs-xml.c %reldir%/params/cs-xml.h
MODELS_SOURCES += %reldir%/params/cs-schema.c %reldir%/params/cs-schema.h
MODELS_SOURCES += %reldir%/params/cs-facets.c %reldir%/params/cs-facets.h
MODELS_SOURCES += %reldir%/params/cs-tree.c %reldir%/params/cs-tree.h
MODELS_SOURCES += %reldir%/params/cs-read.c %reldir%/params/cs-read.h
MODELS_SOURCES += %reldir%/params/cs-run.h
MODELS_SOURCES += %reldir%/params/cs-outputs.c %reldir%/params/cs-outputs.h
MODELS_SOURCES += %reldir%/params/cs-trace.c %reldir%/params/cs-trace.h
MODELS_SOURCES += %reldir%/params/cs-params.c %reldir%/params/cs-params.h
MODELS_SOURCES += %reldir%/params/cs-params-xml.c %reldir%/params/cs-params-xml.h
# queue/: the queue model (validation against queueing theory).
MODELS_SOURCES += %reldir%/queue/cs-queue.c %reldir%/queue/cs-queue.h
# world/: an area's state: children, needs, population, measures.
MODELS_SOURCES += %reldir%/world/cs-world.c %reldir%/world/cs-world.h %reldir%/world/cs-world-private.h
MODELS_SOURCES += %reldir%/world/cs-populate.c %reldir%/world/cs-needs.c %reldir%/world/cs-measure.c
# commission/: commissioners, the cycle, contracts, market and ledger.
MODELS_SOURCES += %reldir%/commission/cs-commission.c %reldir%/commission/cs-commission.h
MODELS_SOURCES += %reldir%/commission/cs-commission-private.h %reldir%/commission/cs-commission-rows.c
MODELS_SOURCES += %reldir%/commission/cs-plan.c %reldir%/commission/cs-contract.c
MODELS_SOURCES += %reldir%/commission/cs-market.c %reldir%/commission/cs-market.h
MODELS_SOURCES += %reldir%/commission/cs-ledger.c %reldir%/commission/cs-ledger.h
# area/: the area model (SimModel): children's lives, services, events.
MODELS_SOURCES += %reldir%/area/cs-area.c %reldir%/area/cs-area.h
MODELS_SOURCES += %reldir%/area/cs-child.c %reldir%/area/cs-life.c %reldir%/area/cs-service.c
# pathfinders/: the generator of the 2004 pathfinder areas.
MODELS_SOURCES += %reldir%/pathfinders/cs-pathfinders.c %reldir%/pathfinders/cs-pathfinders.h
MODELS_SOURCES += %reldir%/pathfinders/cs-scenario-pathfinders.c %reldir%/pathfinders/cs-scenario-pathfinders.h
MODELS_SOURCES += %reldir%/pathfinders/cs-national.c %reldir%/pathfinders/cs-national.h
MODELS_SOURCES += %reldir%/pathfinders/cs-scenario-national.c %reldir%/pathfinders/cs-scenario-national.h
# scenario/: loading a scenario file and choosing its model.
MODELS_SOURCES += %reldir%/scenario/cs-scenario.c %reldir%/scenario/cs-scenario.h
%canon_reldir%_libmodels_a_SOURCES = $(MODELS_SOURCES)

# The schema and the built-in default scenario, compiled in with GResource
# (generated in the build tree; the file list is read from the .xml).
MODELS_GRESOURCE = %reldir%/params/cs-resources.gresource.xml
nodist_%canon_reldir%_libmodels_a_SOURCES = %reldir%/params/cs-resources.c %reldir%/params/cs-resources.h
BUILT_SOURCES += %reldir%/params/cs-resources.c %reldir%/params/cs-resources.h
CLEANFILES += %reldir%/params/cs-resources.c %reldir%/params/cs-resources.h
EXTRA_DIST += $(MODELS_GRESOURCE)
models_resource_deps = $(shell $(GLIB_COMPILE_RESOURCES) --sourcedir=$(srcdir) --generate-dependencies $(srcdir)/$(MODELS_GRESOURCE))
%reldir%/params/cs-resources.c: $(srcdir)/$(MODELS_GRESOURCE) $(models_resource_deps)
	$(AM_V_GEN)$(MKDIR_P) $(@D) && $(GLIB_COMPILE_RESOURCES) --sourcedir=$(srcdir) --generate-source --manual-register --c-name cs_resources --target=$@ $(srcdir)/$(MODELS_GRESOURCE)
%reldir%/params/cs-resources.h: $(srcdir)/$(MODELS_GRESOURCE) $(models_resource_deps)
	$(AM_V_GEN)$(MKDIR_P) $(@D) && $(GLIB_COMPILE_RESOURCES) --sourcedir=$(srcdir) --generate-header --manual-register --c-name cs_resources --target=$@ $(srcdir)/$(MODELS_GRESOURCE)
%reldir%/params/cs-schema.$(OBJEXT): %reldir%/params/cs-resources.h
