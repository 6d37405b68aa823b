#include "prompt.h"
#include "common/buf.h"
#include "common/conf.h"
#include "common/xmalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <readline/readline.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

/* The choices Tab completes from while prompt_choose runs (NULL: files). */
static const char *const *choices;

static char *choice_gen(const char *text, int state)
{
	static size_t i, len;

	if (!state) {
		i = 0;
		len = strlen(text);
	}
	while (choices && choices[i]) {
		const char *c = choices[i++];
		if (!strncmp(c, text, len))
			return xstrdup(c);
	}
	return NULL;
}

static char **complete_choices(const char *text, int start, int end)
{
	rl_attempted_completion_over = 1; /* never fall back to file names */
	rl_completion_append_character = '\0'; /* one value: no space after it */
	return rl_completion_matches(text, choice_gen);
}

char *prompt_choose(struct cli *cli, const char *prompt, const char *const *list)
{
	rl_completion_func_t *saved = rl_attempted_completion_function;
	char *line;

	choices = list;
	rl_attempted_completion_function = complete_choices;
	line = prompt_line(cli, prompt);
	rl_attempted_completion_function = saved;
	choices = NULL;
	if (line) { /* what was typed around the value does not count */
		size_t a = strspn(line, " \t"), n = strlen(line + a);
		memmove(line, line + a, n + 1);
		while (n && (line[n - 1] == ' ' || line[n - 1] == '\t'))
			line[--n] = '\0';
	}
	return line;
}

char *prompt_line(struct cli *cli, const char *prompt)
{
	char *line, *copy;

	if (!cli->interactive)
		return NULL;
	line = readline(prompt);
	if (!line)
		return NULL;
	copy = xstrdup(line);
	free(line);
	return copy;
}

static char *read_line_fd(int fd)
{
	struct buf b = BUF_INIT;
	char c;

	for (;;) {
		ssize_t n = read(fd, &c, 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (!b.len) {
				buf_free(&b);
				return NULL;
			}
			break;
		}
		if (c == '\n')
			break;
		if (b.len < 4096)
			buf_addch(&b, c);
	}
	if (b.len && b.s[b.len - 1] == '\r')
		buf_truncate(&b, b.len - 1);
	return buf_detach(&b, NULL);
}

char *prompt_secret(struct cli *cli, const char *prompt)
{
	struct termios old, quiet;
	int fd, restore = 0;
	char *s;

	if (!cli->interactive)
		return NULL;
	fd = open("/dev/tty", O_RDWR | O_CLOEXEC);
	if (fd < 0)
		fd = 0;
	(void)!write(fd, prompt, strlen(prompt)); /* a lost prompt is harmless */
	if (tcgetattr(fd, &old) == 0) {
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		quiet.c_lflag |= ECHONL;
		restore = tcsetattr(fd, TCSAFLUSH, &quiet) == 0;
	}
	s = read_line_fd(fd);
	if (restore)
		tcsetattr(fd, TCSAFLUSH, &old);
	if (fd != 0)
		close(fd);
	return s;
}

char *read_secret_file(struct cli *cli, const char *path)
{
	char *s;

	if (!strcmp(path, "-")) {
		s = read_line_fd(0);
		if (!s)
			cli_error(cli, "no password on standard input");
		return s;
	}
	size_t len;
	char *text = read_file(path, 4096, &len);
	if (!text) {
		cli_error(cli, "cannot read %s: %s", path,
			  errno == EFBIG ? "file too large" : strerror(errno));
		return NULL;
	}
	text[strcspn(text, "\r\n")] = '\0';
	return text;
}

int confirm(struct cli *cli, const char *question)
{
	struct buf q = BUF_INIT;
	char *a;
	int yes;

	if (!cli->interactive)
		return 0;
	buf_addf(&q, "%s [y/N] ", question);
	a = prompt_line(cli, q.s);
	buf_free(&q);
	yes = a && (!strcmp(a, "y") || !strcmp(a, "Y") || !strcmp(a, "yes"));
	free(a);
	return yes;
}

void secret_free(char *s)
{
	if (!s)
		return;
	sodium_memzero(s, strlen(s));
	free(s);
}
