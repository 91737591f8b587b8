# scenarios/: see Makefile.am
