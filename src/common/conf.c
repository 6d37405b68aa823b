#include "conf.h"
#include "buf.h"
#include "xmalloc.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

char *read_file(const char *path, size_t max, size_t *len_out)
{
	struct buf b = BUF_INIT;
	char chunk[8192];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return NULL;
	for (;;) {
		n = read(fd, chunk, sizeof chunk);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			goto fail;
		}
		if (n == 0)
			break;
		if (b.len + (size_t)n > max) {
			errno = EFBIG;
			goto fail;
		}
		buf_add(&b, chunk, (size_t)n);
	}
	close(fd);
	return buf_detach(&b, len_out);
fail:;
	int e = errno;
	close(fd);
	buf_free(&b);
	errno = e;
	return NULL;
}

static char *errf(int line, const char *msg)
{
	struct buf b = BUF_INIT;

	buf_addf(&b, "line %d: %s", line, msg);
	return buf_detach(&b, NULL);
}

static int valid_key(const char *s, size_t n)
{
	size_t i;

	if (!n)
		return 0;
	for (i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && !strchr("_.-", s[i]))
			return 0;
	return 1;
}

int conf_parse(struct conf *c, const char *text, size_t len, char **err)
{
	size_t pos = 0;
	int line = 0;

	while (pos < len) {
		const char *ls = text + pos, *le, *eq, *ks, *ke, *vs, *ve;
		size_t ll;

		le = memchr(ls, '\n', len - pos);
		ll = le ? (size_t)(le - ls) : len - pos;
		pos += ll + (le ? 1 : 0);
		line++;
		if (ll > CONF_MAX_LINE) {
			*err = errf(line, "line too long");
			return -1;
		}
		if (memchr(ls, '\0', ll)) {
			*err = errf(line, "NUL byte in configuration");
			return -1;
		}
		ks = ls;
		ke = ls + ll;
		while (ks < ke && isspace((unsigned char)*ks))
			ks++;
		while (ke > ks && isspace((unsigned char)ke[-1]))
			ke--;
		if (ks == ke || *ks == '#' || *ks == ';')
			continue;
		eq = memchr(ks, '=', (size_t)(ke - ks));
		if (!eq) {
			*err = errf(line, "expected \"key = value\"");
			return -1;
		}
		vs = eq + 1;
		ve = ke;
		while (vs < ve && isspace((unsigned char)*vs))
			vs++;
		ke = eq;
		while (ke > ks && isspace((unsigned char)ke[-1]))
			ke--;
		if (!valid_key(ks, (size_t)(ke - ks))) {
			*err = errf(line, "invalid key (use letters, digits, '_', '.', '-')");
			return -1;
		}
		if (ve - vs >= 2 && *vs == '"' && ve[-1] == '"') {
			vs++;
			ve--;
		}
		char *k = xstrndup(ks, (size_t)(ke - ks));
		char *v = xstrndup(vs, (size_t)(ve - vs));
		conf_set(c, k, v);
		c->v[c->n - 1].line = line;
		free(k);
		free(v);
	}
	return 0;
}

int conf_load(struct conf *c, const char *path, char **err)
{
	size_t len;
	char *text = read_file(path, CONF_MAX_SIZE, &len);
	int rc;

	if (!text) {
		struct buf b = BUF_INIT;
		if (errno == ENOENT)
			return 1;
		buf_addf(&b, "%s: %s", path, errno == EFBIG ? "file too large" : strerror(errno));
		*err = buf_detach(&b, NULL);
		return -1;
	}
	rc = conf_parse(c, text, len, err);
	free(text);
	if (rc) {
		struct buf b = BUF_INIT;
		buf_addf(&b, "%s: %s", path, *err);
		free(*err);
		*err = buf_detach(&b, NULL);
	}
	return rc;
}

const char *conf_get(const struct conf *c, const char *key)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		if (!strcmp(c->v[i].key, key))
			return c->v[i].value;
	return NULL;
}

void conf_set(struct conf *c, const char *key, const char *value)
{
	size_t i;

	for (i = 0; i < c->n; i++) {
		if (!strcmp(c->v[i].key, key)) {
			struct conf_entry e = c->v[i];
			free(e.value);
			/* move to the end so the last setting is also the last line */
			memmove(c->v + i, c->v + i + 1, (c->n - i - 1) * sizeof *c->v);
			e.value = xstrdup(value);
			c->v[c->n - 1] = e;
			return;
		}
	}
	c->v = xrealloc(c->v, (c->n + 1) * sizeof *c->v);
	c->v[c->n].key = xstrdup(key);
	c->v[c->n].value = xstrdup(value);
	c->v[c->n].line = 0;
	c->n++;
}

void conf_unset(struct conf *c, const char *key)
{
	size_t i;

	for (i = 0; i < c->n; i++) {
		if (!strcmp(c->v[i].key, key)) {
			free(c->v[i].key);
			free(c->v[i].value);
			memmove(c->v + i, c->v + i + 1, (c->n - i - 1) * sizeof *c->v);
			c->n--;
			return;
		}
	}
}

int conf_save(const struct conf *c, const char *path, unsigned mode)
{
	struct buf tmp = BUF_INIT, out = BUF_INIT;
	size_t i;
	int fd, e;

	for (i = 0; i < c->n; i++) {
		const char *v = c->v[i].value;
		int quote = v[0] && (isspace((unsigned char)v[0]) ||
				     isspace((unsigned char)v[strlen(v) - 1]));
		buf_addf(&out, quote ? "%s = \"%s\"\n" : "%s = %s\n", c->v[i].key, v);
	}
	buf_addf(&tmp, "%s.tmp.%ld", path, (long)getpid());
	fd = open(tmp.s, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
	if (fd < 0)
		goto fail;
	if (fchmod(fd, mode) != 0 || write(fd, out.s, out.len) != (ssize_t)out.len ||
	    fsync(fd) != 0) {
		e = errno;
		close(fd);
		unlink(tmp.s);
		errno = e;
		goto fail;
	}
	if (close(fd) != 0 || rename(tmp.s, path) != 0) {
		e = errno;
		unlink(tmp.s);
		errno = e;
		goto fail;
	}
	buf_free(&tmp);
	buf_free(&out);
	return 0;
fail:
	e = errno;
	buf_free(&tmp);
	buf_free(&out);
	errno = e;
	return -1;
}

void conf_free(struct conf *c)
{
	size_t i;

	for (i = 0; i < c->n; i++) {
		free(c->v[i].key);
		free(c->v[i].value);
	}
	free(c->v);
	c->v = NULL;
	c->n = 0;
}

char *read_input(const char *path, size_t max, size_t *len)
{
	size_t cap = 65536, n = 0;
	char *b;
	ssize_t k;

	if (strcmp(path, "-"))
		return read_file(path, max, len);
	b = malloc(cap + 1);
	if (!b)
		return NULL;
	while ((k = read(0, b + n, cap - n)) > 0) {
		n += (size_t)k;
		if (n > max) {
			free(b);
			errno = EFBIG;
			return NULL;
		}
		if (n == cap) {
			char *g = realloc(b, cap * 2 + 1);
			if (!g) {
				free(b);
				return NULL;
			}
			b = g;
			cap *= 2;
		}
	}
	if (k < 0) {
		free(b);
		return NULL;
	}
	b[n] = '\0';
	*len = n;
	return b;
}
