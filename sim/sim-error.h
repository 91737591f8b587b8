/* sim-error.h: the one error domain of the engine and its users; codes are
 * sysexits.h exit statuses.
 *
 * Invariant: every GError that reaches main() is in SIM_ERROR, and its code
 * is the process exit status, so the mapping from failure to status is made
 * once, where the error is raised.  Programmer mistakes are assertions, not
 * GErrors.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SIM_ERROR (sim_error_quark ())

typedef enum
{
  SIM_ERROR_USAGE = 64,       /* EX_USAGE: bad command line */
  SIM_ERROR_DATA = 65,        /* EX_DATAERR: bad scenario data */
  SIM_ERROR_NOINPUT = 66,     /* EX_NOINPUT: input missing or unreadable */
  SIM_ERROR_UNAVAILABLE = 69, /* EX_UNAVAILABLE: feature not built (yet) */
  SIM_ERROR_INTERNAL = 70,    /* EX_SOFTWARE: an invariant was violated */
  SIM_ERROR_CANTCREAT = 73,   /* EX_CANTCREAT: cannot create output */
  SIM_ERROR_IO = 74,          /* EX_IOERR: error while reading or writing */
} SimErrorCode;

GQuark sim_error_quark (void);

G_END_DECLS
