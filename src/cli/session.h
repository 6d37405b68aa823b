/*
 * session.h - keeping the login: storing the tokens an auth response
 * returned in the credentials file (mode 0600), next to the server URL
 * they belong to.
 */
#ifndef SALESAN_SESSION_H
#define SALESAN_SESSION_H

#include "cli.h"

#include <cJSON.h>

/* Save accessToken/refreshToken (and the user's email and id) from the
 * "data" of a login/setup/register answer.  Returns EXIT_OK or EXIT_FAIL. */
int session_save(struct cli *cli, const cJSON *data);
/* Forget the tokens.  Returns EXIT_OK or EXIT_FAIL. */
int session_clear(struct cli *cli);
/* "First Last <email> (role)" for a user object, into a malloc'd string. */
char *session_describe_user(const cJSON *user);

#endif
