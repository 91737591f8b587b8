# models/: see Makefile.am
