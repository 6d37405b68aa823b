#include "utf8.h"

long utf8_count(const char *s, int allow_newlines, int *ctrl)
{
	const unsigned char *p = (const unsigned char *)s;
	long n = 0;

	*ctrl = 0;
	while (*p) {
		unsigned char c = *p;
		int len, i;

		if (c < 0x80) {
			if ((c < 0x20 || c == 0x7f) &&
			    !(allow_newlines && (c == '\n' || c == '\t' || c == '\r')))
				*ctrl = 1;
			len = 1;
		} else if (c >= 0xc2 && c <= 0xdf) {
			len = 2;
		} else if (c >= 0xe0 && c <= 0xef) {
			len = 3;
		} else if (c >= 0xf0 && c <= 0xf4) {
			len = 4;
		} else {
			return -1;
		}
		for (i = 1; i < len; i++)
			if ((p[i] & 0xc0) != 0x80)
				return -1;
		if (len == 3 && ((c == 0xe0 && p[1] < 0xa0) || (c == 0xed && p[1] >= 0xa0)))
			return -1;
		if (len == 4 && ((c == 0xf0 && p[1] < 0x90) || (c == 0xf4 && p[1] >= 0x90)))
			return -1;
		p += len;
		n++;
	}
	return n;
}
