#include "session.h"
#include "common/buf.h"
#include "common/json.h"

int session_save(struct cli *cli, const cJSON *data)
{
	const char *at = json_str(data, "accessToken"), *rt = json_str(data, "refreshToken");
	const cJSON *user = json_get(data, "user");

	if (!at || !rt) {
		cli_error(cli, "the server's answer carried no tokens");
		return EXIT_FAIL;
	}
	conf_set(&cli->creds, "server", cli->server);
	conf_set(&cli->creds, "access_token", at);
	conf_set(&cli->creds, "refresh_token", rt);
	if (json_str(user, "email"))
		conf_set(&cli->creds, "email", json_str(user, "email"));
	if (json_str(user, "id"))
		conf_set(&cli->creds, "user_id", json_str(user, "id"));
	return cli_save_creds(cli) ? EXIT_FAIL : EXIT_OK;
}

int session_clear(struct cli *cli)
{
	conf_unset(&cli->creds, "access_token");
	conf_unset(&cli->creds, "refresh_token");
	conf_unset(&cli->creds, "user_id");
	return cli_save_creds(cli) ? EXIT_FAIL : EXIT_OK;
}

char *session_describe_user(const cJSON *user)
{
	struct buf b = BUF_INIT;

	buf_addf(&b, "%s %s <%s> (%s)", json_str(user, "firstName") ? json_str(user, "firstName") : "",
		 json_str(user, "lastName") ? json_str(user, "lastName") : "",
		 json_str(user, "email") ? json_str(user, "email") : "?",
		 json_str(user, "role") ? json_str(user, "role") : "?");
	return buf_detach(&b, NULL);
}
