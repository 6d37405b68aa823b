/*
 * utf8.h - UTF-8 checks for text that arrives from outside.
 */
#ifndef SALESAN_UTF8_H
#define SALESAN_UTF8_H

/*
 * The number of code points in s, or -1 when s is not valid UTF-8
 * (overlong forms and UTF-16 surrogates count as invalid).  *ctrl is set
 * when s holds a control character other than, with allow_newlines,
 * newline, carriage return and tab.
 */
long utf8_count(const char *s, int allow_newlines, int *ctrl);

#endif
