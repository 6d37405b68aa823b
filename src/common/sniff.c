/*
 * sniff.c - see sniff.h.
 */
#include "sniff.h"

#include <string.h>
#include <strings.h>

static int at(const unsigned char *h, size_t n, size_t off, const char *magic, size_t len)
{
	return n >= off + len && !memcmp(h + off, magic, len);
}

static int ext_is(const char *name, const char *ext)
{
	const char *dot = name ? strrchr(name, '.') : NULL;

	return dot && !strcasecmp(dot + 1, ext);
}

/* Printable UTF-8 text (tabs and line ends allowed), judged on what we
 * have; a sequence cut at the end of the sample is fine. */
static int is_text(const unsigned char *h, size_t n)
{
	size_t i = 0;

	if (n >= 3 && !memcmp(h, "\xEF\xBB\xBF", 3))
		i = 3;
	while (i < n) {
		unsigned char c = h[i];
		size_t len, k;

		if (c < 0x80) {
			if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f')
				return 0;
			if (c == 0x7f)
				return 0;
			i++;
			continue;
		}
		len = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
		if (!len || c == 0xC0 || c == 0xC1 || c > 0xF4)
			return 0;
		for (k = 1; k < len; k++) {
			if (i + k >= n)
				return 1; /* cut by the sample */
			if ((h[i + k] & 0xC0) != 0x80)
				return 0;
		}
		i += len;
	}
	return 1;
}

const char *sniff_type(const unsigned char *h, size_t n, const char *name)
{
	if (at(h, n, 0, "RIFF", 4) && at(h, n, 8, "WAVE", 4))
		return "audio/wav";
	if (at(h, n, 0, "RIFF", 4) && at(h, n, 8, "AVI ", 4))
		return "video/x-msvideo";
	if (at(h, n, 0, "RIFF", 4) && at(h, n, 8, "WEBP", 4))
		return "image/webp";
	if (at(h, n, 4, "ftyp", 4)) {
		if (at(h, n, 8, "M4A ", 4) || at(h, n, 8, "M4B ", 4))
			return "audio/mp4";
		if (at(h, n, 8, "qt  ", 4))
			return "video/quicktime";
		return ext_is(name, "m4a") ? "audio/mp4" : "video/mp4";
	}
	if (at(h, n, 0, "ID3", 3))
		return "audio/mpeg";
	if (n >= 2 && h[0] == 0xFF && (h[1] & 0xF6) == 0xF0)
		return "audio/aac"; /* ADTS: sync word, layer 0 */
	if (n >= 2 && h[0] == 0xFF && (h[1] & 0xE0) == 0xE0)
		return "audio/mpeg"; /* an MPEG audio frame without ID3 */
	if (at(h, n, 0, "\x30\x26\xB2\x75\x8E\x66\xCF\x11", 8))
		return "video/x-ms-wmv";
	if (at(h, n, 0, "FLV\x01", 4))
		return "video/x-flv";
	if (at(h, n, 0, "\xFF\xD8\xFF", 3))
		return "image/jpeg";
	if (at(h, n, 0, "\x89PNG\r\n\x1A\n", 8))
		return "image/png";
	if (at(h, n, 0, "GIF87a", 6) || at(h, n, 0, "GIF89a", 6))
		return "image/gif";
	if (at(h, n, 0, "%PDF-", 5))
		return "application/pdf";
	if (at(h, n, 0, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8)) /* OLE: .doc or .xls */
		return ext_is(name, "xls") ? "application/vnd.ms-excel" : ext_is(name, "doc")
			? "application/msword" : NULL;
	if (at(h, n, 0, "PK\x03\x04", 4)) { /* a zip: only as OOXML */
		if (ext_is(name, "docx"))
			return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
		if (ext_is(name, "xlsx"))
			return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
		return NULL;
	}
	if (n && is_text(h, n))
		return ext_is(name, "csv") ? "text/csv" : "text/plain";
	return NULL;
}

const char *sniff_canonical(const char *type)
{
	static const char *const known[] = {
		"audio/wav", "audio/mpeg", "audio/mp4", "audio/aac", "video/mp4", "video/quicktime",
		"video/x-msvideo", "video/x-ms-wmv", "video/x-flv", "image/jpeg", "image/png",
		"image/gif", "image/webp", "application/pdf", "application/msword",
		"application/vnd.ms-excel",
		"application/vnd.openxmlformats-officedocument.wordprocessingml.document",
		"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "text/plain",
		"text/csv", NULL
	};
	int i;

	for (i = 0; known[i]; i++)
		if (!strcmp(known[i], type))
			return known[i];
	return "application/octet-stream";
}
