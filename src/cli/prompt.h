/*
 * prompt.h - asking the person at the terminal, and reading secrets.
 *
 * Prompts only happen when cli->interactive (stdin is a TTY and
 * --no-input was not given).  Every returned string is malloc'd (the
 * caller frees; secrets should be wiped with sodium_memzero first).
 */
#ifndef SALESAN_PROMPT_H
#define SALESAN_PROMPT_H

#include "cli.h"

/* A line with readline editing; NULL on EOF or when not interactive. */
char *prompt_line(struct cli *cli, const char *prompt);
/* prompt_line where Tab completes from list (NULL-terminated; NULL: nothing),
 * with the answer trimmed of surrounding blanks. */
char *prompt_choose(struct cli *cli, const char *prompt, const char *const *list);
/* A line read from the terminal without echo; NULL on EOF. */
char *prompt_secret(struct cli *cli, const char *prompt);
/* The first line of path ("-" = stdin), without its newline; NULL with a
 * message printed on error.  At most 4 KiB. */
char *read_secret_file(struct cli *cli, const char *path);
/* Ask a yes/no question (default no).  Non-interactive: returns 0. */
int confirm(struct cli *cli, const char *question);
/* Wipe and free a secret. */
void secret_free(char *s);

#endif
