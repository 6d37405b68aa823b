#include "buf.h"
#include "xmalloc.h"

#include <stdlib.h>
#include <stdio.h>
#include <string.h>

char buf_empty_[1];

void buf_init(struct buf *b)
{
	b->s = buf_empty_;
	b->len = 0;
	b->alloc = 0;
}

void buf_free(struct buf *b)
{
	if (b->alloc)
		free(b->s);
	buf_init(b);
}

char *buf_detach(struct buf *b, size_t *len_out)
{
	char *s;

	if (len_out)
		*len_out = b->len;
	s = b->alloc ? b->s : xstrdup("");
	buf_init(b);
	return s;
}

void buf_grow(struct buf *b, size_t n)
{
	size_t need = b->len + n + 1;

	if (need < b->len)
		abort(); /* size_t overflow: a bug, not an input */
	if (need <= b->alloc)
		return;
	size_t na = b->alloc ? b->alloc : 64;
	while (na < need)
		na = na < ((size_t)-1) / 2 ? na * 2 : need;
	if (b->alloc) {
		b->s = xrealloc(b->s, na);
	} else {
		b->s = xmalloc(na);
		b->s[0] = '\0';
	}
	b->alloc = na;
}

void buf_reset(struct buf *b)
{
	buf_truncate(b, 0);
}

void buf_truncate(struct buf *b, size_t len)
{
	if (len > b->len)
		len = b->len;
	b->len = len;
	if (b->alloc)
		b->s[len] = '\0';
}

void buf_add(struct buf *b, const void *data, size_t n)
{
	if (!n)
		return;
	buf_grow(b, n);
	memcpy(b->s + b->len, data, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void buf_addstr(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void buf_addch(struct buf *b, char c)
{
	buf_add(b, &c, 1);
}

void buf_vaddf(struct buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	buf_grow(b, 64);
	va_copy(cp, ap);
	n = vsnprintf(b->s + b->len, b->alloc - b->len, fmt, cp);
	va_end(cp);
	if (n < 0)
		abort(); /* encoding error in a format we wrote: a bug */
	if ((size_t)n >= b->alloc - b->len) {
		buf_grow(b, (size_t)n);
		n = vsnprintf(b->s + b->len, b->alloc - b->len, fmt, ap);
	}
	b->len += (size_t)n;
}

void buf_addf(struct buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(b, fmt, ap);
	va_end(ap);
}

/* Length of the valid UTF-8 sequence at s (1..4), or 0 when invalid. */
static size_t utf8_seq_len(const unsigned char *s)
{
	unsigned char c = s[0];
	size_t n, i;
	unsigned long cp;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf) {
		n = 2;
		cp = c & 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		n = 3;
		cp = c & 0x0f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 4;
		cp = c & 0x07;
	} else {
		return 0;
	}
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

void buf_add_json_str(struct buf *b, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;

	buf_addch(b, '"');
	while (*s) {
		unsigned char c = *s;
		const unsigned char *run = s;

		while (*s >= 0x20 && *s < 0x80 && *s != '"' && *s != '\\')
			s++;
		if (s > run) {
			buf_add(b, run, (size_t)(s - run));
			continue;
		}
		c = *s;
		if (c == '"' || c == '\\') {
			buf_addch(b, '\\');
			buf_addch(b, (char)c);
			s++;
		} else if (c < 0x20) {
			switch (c) {
			case '\n': buf_addstr(b, "\\n"); break;
			case '\r': buf_addstr(b, "\\r"); break;
			case '\t': buf_addstr(b, "\\t"); break;
			case '\b': buf_addstr(b, "\\b"); break;
			case '\f': buf_addstr(b, "\\f"); break;
			default: buf_addf(b, "\\u%04x", c); break;
			}
			s++;
		} else {
			size_t n = utf8_seq_len(s);
			if (n) {
				buf_add(b, s, n);
				s += n;
			} else {
				buf_addstr(b, "\xef\xbf\xbd");
				s++;
			}
		}
	}
	buf_addch(b, '"');
}

void buf_add_csv_field(struct buf *b, const char *s)
{
	if (!strpbrk(s, ",\"\r\n") && s[0] != ' ' && s[0] != '\0') {
		buf_addstr(b, s);
		return;
	}
	if (s[0] == '\0')
		return;
	buf_addch(b, '"');
	for (; *s; s++) {
		if (*s == '"')
			buf_addch(b, '"');
		buf_addch(b, *s);
	}
	buf_addch(b, '"');
}

void buf_add_hex(struct buf *b, const unsigned char *data, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t i;

	buf_grow(b, n * 2);
	for (i = 0; i < n; i++) {
		b->s[b->len++] = hex[data[i] >> 4];
		b->s[b->len++] = hex[data[i] & 15];
	}
	b->s[b->len] = '\0';
}

void buf_rtrim(struct buf *b)
{
	while (b->len && strchr(" \t\r\n", b->s[b->len - 1]))
		b->len--;
	if (b->alloc)
		b->s[b->len] = '\0';
}
