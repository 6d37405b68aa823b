/*
 * sniff.h - what kind of file an upload is, from its first bytes (and,
 * where formats share a container, its name's extension).  The client's
 * declared type is never trusted.  Pure.
 */
#ifndef SALESAN_SNIFF_H
#define SALESAN_SNIFF_H

#include <stddef.h>

#define SNIFF_HEAD 4096 /* how many leading bytes sniff_type looks at */

/*
 * The MIME type of a file whose first n bytes are head and whose name is
 * filename (may be NULL), among the types uploads allow: audio (mpeg, wav,
 * mp4, aac), video (mp4, quicktime, x-msvideo, x-ms-wmv, x-flv), images
 * (jpeg, png, gif, webp), PDF, Word and Excel (old and OOXML), plain text
 * and CSV.  NULL when it is none of them.
 */
const char *sniff_type(const unsigned char *head, size_t n, const char *filename);

/* The static string equal to type when it is one sniff_type returns, else
 * "application/octet-stream". */
const char *sniff_canonical(const char *type);

#endif
