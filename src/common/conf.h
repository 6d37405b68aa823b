/*
 * conf.h - the "key = value" configuration file format shared by the
 * client's config file and salesand.conf (see salesan.conf(5)).
 *
 * Lines are "key = value"; blank lines and lines starting with '#' are
 * ignored; whitespace around keys and values is trimmed; a value may be
 * enclosed in double quotes to keep leading or trailing spaces.  Keys are
 * [A-Za-z0-9_.-]+.  Lines are limited to CONF_MAX_LINE bytes and files to
 * CONF_MAX_SIZE bytes.
 */
#ifndef SALESAN_CONF_H
#define SALESAN_CONF_H

#include <stddef.h>

#define CONF_MAX_LINE 4096
#define CONF_MAX_SIZE (1024 * 1024)

struct conf_entry {
	char *key;
	char *value;
	int line;
};

struct conf {
	struct conf_entry *v;
	size_t n;
};

/*
 * Parse text of length len into *c (which the caller zero-initialises).
 * Returns 0, or -1 with a malloc'd message naming the line in *err (the
 * caller frees it).  Later duplicates of a key override earlier ones.
 */
int conf_parse(struct conf *c, const char *text, size_t len, char **err);
/*
 * Load a file.  Returns 0; 1 when the file does not exist (c left empty);
 * -1 on any other error with a malloc'd message in *err.
 */
int conf_load(struct conf *c, const char *path, char **err);
/* The value of key, or NULL.  Points into c. */
const char *conf_get(const struct conf *c, const char *key);
/* Set or replace key. */
void conf_set(struct conf *c, const char *key, const char *value);
/* Remove key when present. */
void conf_unset(struct conf *c, const char *key);
/* Write c to path atomically (temp file + rename) with the given mode.
 * Returns 0, or -1 with errno set. */
int conf_save(const struct conf *c, const char *path, unsigned mode);
void conf_free(struct conf *c);

/* Read a whole file into a malloc'd NUL-terminated buffer, at most max
 * bytes.  Returns NULL with errno set (EFBIG when larger than max). */
char *read_file(const char *path, size_t max, size_t *len_out);
/* read_file, or standard input when path is "-". */
char *read_input(const char *path, size_t max, size_t *len_out);

#endif
