/*
 * xmalloc.h - allocation wrappers that never return NULL.
 *
 * Allocation failure is not a recoverable condition for salesan: these
 * wrappers print a message to stderr and abort().  Every pointer they return
 * is owned by the caller and released with free().
 */
#ifndef SALESAN_XMALLOC_H
#define SALESAN_XMALLOC_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
/* A NUL-terminated copy of s; s must not be NULL. */
char *xstrdup(const char *s);
/* A NUL-terminated copy of at most n bytes of s. */
char *xstrndup(const char *s, size_t n);
/* Like xstrdup, but NULL in gives NULL out. */
char *xstrdup_or_null(const char *s);

#endif
