/*
 * db_util.c - driver-independent conveniences over db.h.
 */
#include "db.h"

#include <string.h>

void db_col_copy(struct db_stmt *st, int col, char *dst, size_t n)
{
	const char *s = db_col_is_null(st, col) ? NULL : db_col_text(st, col);

	if (!n)
		return;
	if (!s) {
		dst[0] = '\0';
		return;
	}
	strncpy(dst, s, n - 1);
	dst[n - 1] = '\0';
}
