#include "fsutil.h"
#include "buf.h"
#include "xmalloc.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

char *xdg_dir(enum xdg_kind kind)
{
	static const char *const vars[] = { "XDG_CONFIG_HOME", "XDG_DATA_HOME",
					    "XDG_STATE_HOME", "XDG_CACHE_HOME",
					    "XDG_RUNTIME_DIR" };
	static const char *const fallbacks[] = { ".config", ".local/share", ".local/state",
						 ".cache", ".local/state" };
	const char *base = getenv(vars[kind]);
	const char *home = getenv("HOME");
	struct buf b = BUF_INIT;

	if (base && base[0] == '/') {
		buf_addf(&b, "%s/salesan", base);
	} else if (kind == XDG_RUNTIME && (base = getenv("XDG_STATE_HOME")) && base[0] == '/') {
		buf_addf(&b, "%s/salesan", base);
	} else if (home && home[0] == '/') {
		buf_addf(&b, "%s/%s/salesan", home, fallbacks[kind]);
	} else {
		return NULL;
	}
	return buf_detach(&b, NULL);
}

int mkdir_p(const char *path, unsigned mode)
{
	char *p = xstrdup(path), *s;
	struct stat st;
	int rc = 0;

	for (s = p + 1; ; s++) {
		if (*s == '/' || *s == '\0') {
			char c = *s;
			*s = '\0';
			if (mkdir(p, mode) != 0 && errno != EEXIST) {
				rc = -1;
				break;
			}
			*s = c;
			if (!c)
				break;
		}
	}
	if (rc == 0 && (stat(path, &st) != 0 || !S_ISDIR(st.st_mode))) {
		if (rc == 0 && !S_ISDIR(st.st_mode))
			errno = ENOTDIR;
		rc = -1;
	}
	free(p);
	return rc;
}

char *path_join(const char *dir, const char *name)
{
	struct buf b = BUF_INIT;

	buf_addstr(&b, dir);
	if (b.len && b.s[b.len - 1] != '/')
		buf_addch(&b, '/');
	buf_addstr(&b, name);
	return buf_detach(&b, NULL);
}

int path_exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}
