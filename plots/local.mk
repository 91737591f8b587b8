# plots/: the gnuplot chart scripts ctsim runs after each run (issue 6),
# installed under $(pkgdatadir)/plots; found with ctsim_data_dir().
nobase_dist_pkgdata_DATA += \
	%reldir%/common.gp \
	%reldir%/ecm.gp \
	%reldir%/tiers.gp \
	%reldir%/waits.gp \
	%reldir%/money.gp \
	%reldir%/equity.gp \
	%reldir%/sweep.gp \
	%reldir%/forest.gp \
	%reldir%/attribution.gp \
	%reldir%/survey.gp \
	%reldir%/survey-sweep.gp \
	%reldir%/demo.gp
