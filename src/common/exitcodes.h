/*
 * exitcodes.h - the process exit codes every salesan command uses
 * (documented in salesan(1)).
 */
#ifndef SALESAN_EXITCODES_H
#define SALESAN_EXITCODES_H

enum exit_code {
	EXIT_OK = 0,
	EXIT_FAIL = 1,        /* the operation failed */
	EXIT_USAGE = 2,       /* bad flags or arguments */
	EXIT_NOTFOUND = 3,    /* the object does not exist (or is not visible) */
	EXIT_AUTH = 4,        /* authentication needed or refused */
	EXIT_UNREACHABLE = 5, /* the server could not be reached */
};

#endif
