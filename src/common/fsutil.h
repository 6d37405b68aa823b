/*
 * fsutil.h - filesystem helpers: XDG base directories, mkdir -p, pid files.
 */
#ifndef SALESAN_FSUTIL_H
#define SALESAN_FSUTIL_H

enum xdg_kind { XDG_CONFIG, XDG_DATA, XDG_STATE, XDG_CACHE, XDG_RUNTIME };

/*
 * "<base>/salesan" for the given XDG kind, honouring $XDG_CONFIG_HOME,
 * $XDG_DATA_HOME, $XDG_STATE_HOME, $XDG_CACHE_HOME and $XDG_RUNTIME_DIR
 * (only absolute values count, as the spec says) and falling back to
 * ~/.config, ~/.local/share, ~/.local/state, ~/.cache, and the state
 * directory for the runtime one.  Returns a malloc'd path (caller frees) or
 * NULL when neither the variable nor $HOME is usable.
 */
char *xdg_dir(enum xdg_kind kind);

/* Create path and its missing parents with mode.  Returns 0 or -1/errno. */
int mkdir_p(const char *path, unsigned mode);

/* dir + "/" + name, malloc'd. */
char *path_join(const char *dir, const char *name);

/* True when path names an existing file or directory. */
int path_exists(const char *path);

#endif
