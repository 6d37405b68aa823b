/*
 * buf.h - a growable byte buffer, the only way salesan builds strings.
 *
 * A struct buf always holds a NUL-terminated string in buf.s (possibly with
 * embedded NULs when binary data was added); buf.len excludes the final NUL.
 * Initialise with BUF_INIT or buf_init().  The buffer owns buf.s; release it
 * with buf_free() or take ownership with buf_detach().  Growth aborts on
 * allocation failure (see xmalloc.h), so no function here can fail.
 */
#ifndef SALESAN_BUF_H
#define SALESAN_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char *s;      /* always NUL-terminated; never NULL after init */
	size_t len;   /* bytes used, excluding the terminating NUL */
	size_t alloc; /* bytes allocated; 0 while s points at the shared "" */
};

extern char buf_empty_[1];
#define BUF_INIT { buf_empty_, 0, 0 }

void buf_init(struct buf *b);
/* Release the memory and reset to the empty state. */
void buf_free(struct buf *b);
/* Give up ownership: returns a malloc'd NUL-terminated string (never NULL)
 * and resets b to empty.  The caller frees the result. */
char *buf_detach(struct buf *b, size_t *len_out);
/* Ensure room for n more bytes plus the NUL. */
void buf_grow(struct buf *b, size_t n);
void buf_reset(struct buf *b);
void buf_truncate(struct buf *b, size_t len);

void buf_add(struct buf *b, const void *data, size_t n);
void buf_addstr(struct buf *b, const char *s);
void buf_addch(struct buf *b, char c);
/* printf-style append (bounded vsnprintf underneath). */
void buf_addf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void buf_vaddf(struct buf *b, const char *fmt, va_list ap);
/* Append s as a JSON string literal, quotes included, escaping as needed.
 * Invalid UTF-8 bytes are replaced by U+FFFD. */
void buf_add_json_str(struct buf *b, const char *s);
/* Append n bytes as a CSV field (quoted when needed, RFC 4180). */
void buf_add_csv_field(struct buf *b, const char *s);
/* Append the lowercase hex encoding of n bytes. */
void buf_add_hex(struct buf *b, const unsigned char *data, size_t n);
/* Remove trailing whitespace. */
void buf_rtrim(struct buf *b);

#endif
