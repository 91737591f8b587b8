# docs/: the manual page and the documentation.
dist_man_MANS += %reldir%/ctsim.1
EXTRA_DIST += %reldir%/architecture.md
EXTRA_DIST += %reldir%/scenarios.md
EXTRA_DIST += %reldir%/outputs.md %reldir%/model.md
EXTRA_DIST += %reldir%/survey.md
EXTRA_DIST += %reldir%/teaching.md
EXTRA_DIST += %reldir%/references.md
