# scenarios/: see Makefile.am
# The schema and the shipped scenarios, installed under
# $(pkgdatadir)/scenarios (issue 3; docs/scenarios.md).
nobase_dist_pkgdata_DATA += \
	%reldir%/ctsim.rng \
	%reldir%/default.xml \
	%reldir%/separate-agencies.xml \
	%reldir%/joint-unit-pooled.xml \
	%reldir%/multi-agency-panel.xml \
	%reldir%/school-led-cluster.xml \
	%reldir%/school-led-single.xml \
	%reldir%/matched-separate-agencies.xml \
	%reldir%/matched-joint-unit.xml \
	%reldir%/matched-panel.xml \
	%reldir%/matched-school-cluster.xml \
	%reldir%/matched-school-single.xml \
	%reldir%/pooling-sweep.xml \
	%reldir%/county.xml \
	%reldir%/england.xml \
	%reldir%/england-joint-unit.xml \
	%reldir%/pathfinders-2004.xml \
	%reldir%/pathfinders-2004-published.csv \
	%reldir%/pathfinders-2004-mechanisms-off.xml \
	%reldir%/demo.xml \
	%reldir%/demo-separate-agencies.xml \
	%reldir%/demo-joint-unit-pooled.xml \
	%reldir%/demo-multi-agency-panel.xml \
	%reldir%/demo-school-led-cluster.xml \
	%reldir%/demo-school-led-single.xml \
	%reldir%/validation/mm1.xml \
	%reldir%/validation/mmc.xml \
	%reldir%/validation/md1.xml
