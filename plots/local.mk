# plots/: see Makefile.am
