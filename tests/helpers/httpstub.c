/*
 * httpstub - a tiny HTTP/1.1 server standing in for services on the
 * internet in the tests (transcript hosts, OtterAI, webhook receivers).
 *
 *   httpstub PORTFILE DIR
 *
 * Listens on 127.0.0.1 (a free port, written to PORTFILE).  Each request
 * (one per connection) is recorded as DIR/req-N.txt: the request line, the
 * headers and, after a blank line, the body.  The answer comes from the
 * file DIR/resp/METHOD/NAME, else DIR/resp/ANY/NAME, where NAME is the path
 * without its query string and with every '/' written as '~'
 * ("/v1/recordings" -> "~v1~recordings"); else 404.  An answer file holds the status line's code and a
 * content type ("200 text/plain"), optional header lines, a blank line and
 * the body; NAME.once1 .. NAME.once9, when present, are used first, once
 * each, in order.  A first line "DELAY MS" waits that long before answering;
 * "HANG" never answers.  Connections are served in child processes, so a
 * slow answer does not hold up the others.
 */
#include <arpa/inet.h>
#include <limits.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_REQ (8 * 1024 * 1024)

static int read_request(int fd, char **out, size_t *len)
{
	size_t cap = 65536, n = 0, need = 0, hdr_end = 0;
	char *b = malloc(cap);

	for (;;) {
		ssize_t k;

		if (n == cap) {
			if (cap >= MAX_REQ)
				break;
			cap *= 2;
			b = realloc(b, cap);
		}
		k = read(fd, b + n, cap - n);
		if (k <= 0)
			break;
		n += (size_t)k;
		if (!hdr_end) {
			char *e = memmem(b, n, "\r\n\r\n", 4);

			if (e) {
				char *cl;

				hdr_end = (size_t)(e - b) + 4;
				b[hdr_end - 1] = '\0';
				cl = strcasestr(b, "\r\ncontent-length:");
				need = hdr_end + (cl ? strtoul(cl + 17, NULL, 10) : 0);
				b[hdr_end - 1] = '\n';
			}
		}
		if (hdr_end && n >= need)
			break;
	}
	*out = b;
	*len = n;
	return hdr_end ? 0 : -1;
}

static void answer(int fd, const char *dir, const char *method, const char *path)
{
	char file[PATH_MAX], line[1024];
	FILE *f;
	size_t n;
	int code = 404;
	char type[256] = "text/plain";
	struct strbuf {
		char *s;
		size_t len;
	} body = { NULL, 0 }, hdrs = { NULL, 0 };
	FILE *bs = open_memstream(&body.s, &body.len), *hs = open_memstream(&hdrs.s, &hdrs.len);

	/* One-shot answers first: NAME.once1, .once2, ... each used once. */
	f = NULL;
	for (int k = 1; k <= 9 && !f; k++) {
		snprintf(file, sizeof file, "%s/resp/%s/%s.once%d", dir, method, path, k);
		if ((f = fopen(file, "r")))
			unlink(file);
	}
	if (!f) {
		snprintf(file, sizeof file, "%s/resp/%s/%s", dir, method, path);
		f = fopen(file, "r");
	}
	if (!f) {
		snprintf(file, sizeof file, "%s/resp/ANY/%s", dir, path);
		f = fopen(file, "r");
	}
	if (f) {
		while (fgets(line, sizeof line, f)) {
			if (!strncmp(line, "DELAY ", 6)) {
				usleep((useconds_t)atol(line + 6) * 1000);
				continue;
			}
			if (!strncmp(line, "HANG", 4)) {
				pause();
				continue;
			}
			sscanf(line, "%d %255s", &code, type);
			break;
		}
		while (fgets(line, sizeof line, f) && line[0] != '\n')
			fputs(line, hs);
		while ((n = fread(line, 1, sizeof line, f)) > 0)
			fwrite(line, 1, n, bs);
		fclose(f);
	} else {
		fputs("not found\n", bs);
	}
	fclose(bs);
	fclose(hs);
	dprintf(fd, "HTTP/1.1 %d Stub\r\nContent-Type: %s\r\nContent-Length: %zu\r\n"
		    "Connection: close\r\n", code, type, body.len);
	for (char *h = hdrs.s; h && *h;) {
		size_t l = strcspn(h, "\n");
		dprintf(fd, "%.*s\r\n", (int)l, h);
		h += l + (h[l] == '\n');
	}
	dprintf(fd, "\r\n");
	if (write(fd, body.s, body.len) < 0)
		perror("write");
	free(body.s);
	free(hdrs.s);
}

int main(int argc, char **argv)
{
	struct sockaddr_in a = { 0 };
	socklen_t al = sizeof a;
	int ls, one = 1, count = 0;
	FILE *pf;

	if (argc != 3) {
		fprintf(stderr, "usage: httpstub PORTFILE DIR\n");
		return 2;
	}
	signal(SIGCHLD, SIG_IGN);
	signal(SIGPIPE, SIG_IGN);
	ls = socket(AF_INET, SOCK_STREAM, 0);
	setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(ls, (struct sockaddr *)&a, sizeof a) || listen(ls, 64) ||
	    getsockname(ls, (struct sockaddr *)&a, &al)) {
		perror("httpstub");
		return 1;
	}
	pf = fopen(argv[1], "w");
	if (!pf)
		return 1;
	fprintf(pf, "%d\n", ntohs(a.sin_port));
	fclose(pf);
	for (;;) {
		int fd = accept(ls, NULL, NULL);
		pid_t pid;

		if (fd < 0)
			continue;
		count++;
		pid = fork();
		if (pid == 0) {
			char *req, method[16] = "", path[2048] = "", file[PATH_MAX];
			size_t len;
			FILE *log;

			close(ls);
			if (read_request(fd, &req, &len) == 0) {
				snprintf(file, sizeof file, "%s/req-%d.txt", argv[2], count);
				if ((log = fopen(file, "w"))) {
					fwrite(req, 1, len, log);
					fclose(log);
				}
				sscanf(req, "%15s %2047s", method, path);
				path[strcspn(path, "?")] = '\0';
				for (char *p = path; *p; p++)
					if (*p == '/')
						*p = '~';
				answer(fd, argv[2], method, path);
			}
			close(fd);
			_exit(0);
		}
		close(fd);
	}
}
