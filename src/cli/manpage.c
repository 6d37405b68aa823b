/*
 * manpage.c - salesan-<command>(1) pages written from the same text
 * --help prints, so the two never disagree (`salesan help --man CMD`;
 * `make man` regenerates man/).
 *
 * The help text's shape: the synopsis ("usage: ..." and its continuation
 * lines), then blank-line separated blocks: "Examples:" with indented
 * command lines, paragraphs of prose, and indented lists (options, verbs),
 * optionally headed by a line ending in ':'.
 */
#include "manpage.h"
#include "common/buf.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

/* Append line (n bytes) escaped for roff: backslashes, a leading dot or
 * quote, and hyphens (so options render as minus signs). */
static void roff_line(struct buf *b, const char *line, size_t n)
{
	size_t i;

	if (n && (line[0] == '.' || line[0] == '\''))
		buf_addstr(b, "\\&");
	for (i = 0; i < n; i++) {
		if (line[i] == '\\')
			buf_addstr(b, "\\e");
		else if (line[i] == '-')
			buf_addstr(b, "\\-");
		else
			buf_addch(b, line[i]);
	}
	buf_addch(b, '\n');
}

/* The next line of *p (without its newline); 0 at the end. */
static int next_line(const char **p, const char **line, size_t *n)
{
	const char *nl;

	if (!**p)
		return 0;
	*line = *p;
	nl = strchr(*p, '\n');
	*n = nl ? (size_t)(nl - *p) : strlen(*p);
	*p = nl ? nl + 1 : *p + *n;
	return 1;
}

static int indented(const char *line, size_t n)
{
	return n >= 2 && line[0] == ' ' && line[1] == ' ';
}

/* A one-line heading such as "Options:" or "Exit codes:". */
static int heading(const char *line, size_t n)
{
	return n > 1 && n < 40 && line[n - 1] == ':' && isupper((unsigned char)line[0]) &&
	       !memchr(line, '.', n);
}

void manpage_write(struct buf *b, const char *name, const char *summary, const char *usage,
		   const char *version, const char *date)
{
	const char *p = usage, *line;
	size_t n, i;
	/* where we are: the synopsis, the examples, or the description */
	enum { SYNOPSIS, EXAMPLES, DESCRIPTION } section = SYNOPSIS;
	int in_pre = 0, after_blank = 0;
	char upper[64];

	for (i = 0; name[i] && i < sizeof upper - 1; i++)
		upper[i] = (char)toupper((unsigned char)name[i]);
	upper[i] = '\0';
	buf_addf(b, ".TH \"SALESAN\\-%s\" \"1\" \"%s\" \"salesan %s\" \"salesan manual\"\n", upper,
		 date, version);
	buf_addstr(b, ".SH NAME\n");
	buf_addf(b, "salesan\\-%s \\- ", name);
	roff_line(b, summary ? summary : "", summary ? strlen(summary) : 0);
	buf_addstr(b, ".SH SYNOPSIS\n.nf\n");
	in_pre = 1;
	while (next_line(&p, &line, &n)) {
		if (!n) {
			if (in_pre) {
				buf_addstr(b, ".fi\n");
				in_pre = 0;
			}
			if (section == SYNOPSIS)
				section = DESCRIPTION;
			after_blank = 1;
			continue;
		}
		if (section == SYNOPSIS) {
			if (!strncmp(line, "usage: ", 7) || (n > 7 && !strncmp(line, "       ", 7))) {
				line += 7;
				n -= 7;
			}
			roff_line(b, line, n);
			continue;
		}
		if (after_blank && !strncmp(line, "Examples:", 9)) {
			buf_addstr(b, ".SH EXAMPLES\n.nf\n");
			in_pre = 1;
			section = EXAMPLES;
			after_blank = 0;
			continue;
		}
		if (section == EXAMPLES) {
			if (!in_pre) {
				buf_addstr(b, ".SH DESCRIPTION\n");
				section = DESCRIPTION;
				after_blank = 0;
			} else {
				roff_line(b, indented(line, n) ? line + 2 : line,
					  indented(line, n) ? n - 2 : n);
				continue;
			}
		}
		if (section == DESCRIPTION && !strstr(b->s, ".SH DESCRIPTION\n")) {
			buf_addstr(b, ".SH DESCRIPTION\n");
			after_blank = 0; /* no paragraph macro right after a heading */
		}
		if (!in_pre && heading(line, n)) {
			buf_addstr(b, ".SS ");
			roff_line(b, line, n - 1);
			after_blank = 0; /* (again, none right after a heading) */
			continue;
		}
		if (in_pre || indented(line, n)) {
			if (!in_pre) {
				buf_addstr(b, after_blank ? ".PP\n.nf\n" : ".nf\n");
				in_pre = 1;
			}
			roff_line(b, line, n);
			after_blank = 0;
			continue;
		}
		if (after_blank)
			buf_addstr(b, ".PP\n");
		after_blank = 0;
		roff_line(b, line, n);
	}
	if (in_pre)
		buf_addstr(b, ".fi\n");
	buf_addstr(b, ".SH SEE ALSO\n");
	buf_addstr(b, ".BR salesan (1),\n.BR salesan.conf (5),\n.BR salesand (8)\n");
}
