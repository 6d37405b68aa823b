/*
 * smtpstub - a tiny SMTP server for the tests (the one stand-in for a
 * service on the internet).  It listens on 127.0.0.1 (a free port, written
 * to PORTFILE), accepts any sender and recipient (or refuses every
 * recipient with --reject), accepts AUTH PLAIN, and writes each message to
 * DIR/mail-N.txt as "MAIL FROM:...\nRCPT TO:...\n\n<data>".  It serves one
 * connection at a time until killed.
 *
 *   smtpstub PORTFILE DIR [--reject]
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static int reject;

static void say(FILE *f, const char *s)
{
	fputs(s, f);
	fputs("\r\n", f);
	fflush(f);
}

static void session(int fd, const char *dir, int *count)
{
	FILE *in = fdopen(fd, "r"), *out = fdopen(dup(fd), "w");
	char line[4096], from[4096] = "", rcpt[4096] = "";

	if (!in || !out)
		return;
	say(out, "220 smtpstub ready");
	while (fgets(line, sizeof line, in)) {
		line[strcspn(line, "\r\n")] = '\0';
		if (!strncasecmp(line, "EHLO", 4)) {
			say(out, "250-smtpstub");
			say(out, "250-AUTH PLAIN");
			say(out, "250 8BITMIME");
		} else if (!strncasecmp(line, "HELO", 4)) {
			say(out, "250 smtpstub");
		} else if (!strncasecmp(line, "AUTH", 4)) {
			/* "AUTH PLAIN" alone asks for the credentials next. */
			if (!strchr(line + 5, ' ')) {
				say(out, "334 ");
				if (!fgets(line, sizeof line, in))
					break;
			}
			say(out, "235 ok");
		} else if (!strncasecmp(line, "MAIL FROM:", 10)) {
			snprintf(from, sizeof from, "%s", line);
			rcpt[0] = '\0';
			say(out, "250 ok");
		} else if (!strncasecmp(line, "RCPT TO:", 8)) {
			if (reject) {
				say(out, "550 no such user");
			} else {
				strncat(rcpt, line, sizeof rcpt - strlen(rcpt) - 2);
				strncat(rcpt, "\n", sizeof rcpt - strlen(rcpt) - 1);
				say(out, "250 ok");
			}
		} else if (!strcasecmp(line, "DATA")) {
			char path[4096];
			FILE *m;
			snprintf(path, sizeof path, "%s/mail-%d.tmp", dir, ++*count);
			m = fopen(path, "w");
			say(out, "354 go ahead");
			if (m)
				fprintf(m, "%s\n%s\n", from, rcpt);
			while (fgets(line, sizeof line, in)) {
				if (!strcmp(line, ".\r\n") || !strcmp(line, ".\n"))
					break;
				if (m)
					fputs(line[0] == '.' ? line + 1 : line, m);
			}
			if (m) {
				char final[4096];
				fclose(m);
				snprintf(final, sizeof final, "%s/mail-%d.txt", dir, *count);
				rename(path, final); /* appears complete, never half-written */
			}
			say(out, "250 queued");
		} else if (!strcasecmp(line, "QUIT")) {
			say(out, "221 bye");
			break;
		} else if (!strcasecmp(line, "RSET") || !strcasecmp(line, "NOOP")) {
			say(out, "250 ok");
		} else {
			say(out, "502 not implemented");
		}
	}
	fclose(in);
	fclose(out);
}

int main(int argc, char **argv)
{
	struct sockaddr_in a;
	socklen_t len = sizeof a;
	int s, one = 1, count = 0;
	FILE *pf;

	if (argc < 3) {
		fprintf(stderr, "usage: smtpstub PORTFILE DIR [--reject]\n");
		return 2;
	}
	reject = argc > 3 && !strcmp(argv[3], "--reject");
	signal(SIGPIPE, SIG_IGN);
	s = socket(AF_INET, SOCK_STREAM, 0);
	setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	memset(&a, 0, sizeof a);
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(s, (struct sockaddr *)&a, sizeof a) || listen(s, 16) ||
	    getsockname(s, (struct sockaddr *)&a, &len)) {
		perror("smtpstub");
		return 1;
	}
	pf = fopen(argv[1], "w");
	if (!pf)
		return 1;
	fprintf(pf, "%d\n", ntohs(a.sin_port));
	fclose(pf);
	for (;;) {
		int c = accept(s, NULL, NULL);
		if (c >= 0)
			session(c, argv[2], &count);
	}
}
