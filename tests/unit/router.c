/* The router's matching against the real route tables. */
#include "tap.h"
#include "server/router.h"

#include <stdlib.h>

static void free_params(char **p, int n)
{
	while (n-- > 0)
		free(p[n]);
}

int main(void)
{
	const struct route *rt = NULL;
	char *params[HTTP_MAX_PARAMS];
	int np;
	unsigned allowed;
	size_t i, n = router_count();
	char longpath[ROUTER_MAX_PATH + 10];

	ok(n >= 14, "route tables are registered (%zu routes)", n);
	is_int(router_match(HTTP_GET, "/health", &rt, params, &np, &allowed), MATCH_OK, "GET /health");
	is_int(np, 0, "no params");
	is_int(router_match(HTTP_HEAD, "/health", &rt, params, &np, &allowed), MATCH_OK, "HEAD matches GET");
	is_int(router_match(HTTP_GET, "/health/", &rt, params, &np, &allowed), MATCH_OK, "trailing slash");
	is_int(router_match(HTTP_POST, "/api/v1/sales-calls/abc-1/start", &rt, params, &np, &allowed),
	       MATCH_OK, "param route matches");
	is_int(np, 1, "one param");
	is_str(params[0], "abc-1", "param value");
	is_str(rt->pattern, "/api/v1/sales-calls/:id/start", "the right route");
	free_params(params, np);
	is_int(router_match(HTTP_GET, "/api/v1/sales-calls/x", &rt, params, &np, &allowed), MATCH_OK,
	       "GET one call");
	is_str(rt->pattern, "/api/v1/sales-calls/:id", "the detail route, not the list");
	free_params(params, np);
	is_int(router_match(HTTP_GET, "/api/v1/sales-calls", &rt, params, &np, &allowed), MATCH_OK,
	       "list route");
	is_int(np, 0, "list has no params");
	is_int(router_match(HTTP_GET, "/api/v1/nothing", &rt, params, &np, &allowed), MATCH_NOT_FOUND,
	       "unknown path");
	is_int(router_match(HTTP_GET, "/api/v1/sales-calls//start", &rt, params, &np, &allowed),
	       MATCH_NOT_FOUND, "empty param does not match");
	is_int(router_match(HTTP_GET, "/api/v1/sales-calls/a/b/c", &rt, params, &np, &allowed),
	       MATCH_NOT_FOUND, "extra segments");
	is_int(router_match(HTTP_PATCH, "/api/v1/sales-calls/x", &rt, params, &np, &allowed),
	       MATCH_BAD_METHOD, "wrong method");
	ok((allowed & (1u << HTTP_GET)) && (allowed & (1u << HTTP_PUT)) &&
		   (allowed & (1u << HTTP_DELETE)) && !(allowed & (1u << HTTP_POST)),
	   "Allow lists GET, PUT, DELETE but not POST");
	{
		struct buf b = BUF_INIT;
		router_allow_header(allowed, &b);
		is_str(b.s, "GET, PUT, DELETE, OPTIONS, HEAD", "Allow header text");
		buf_free(&b);
	}
	memset(longpath, 'a', sizeof longpath - 1);
	longpath[0] = '/';
	longpath[sizeof longpath - 1] = '\0';
	is_int(router_match(HTTP_GET, longpath, &rt, params, &np, &allowed), MATCH_TOO_LONG, "long path");
	for (i = 0; i < n; i++) {
		const struct route *r = router_at(i);
		ok(r->pattern[0] == '/' && r->handler && r->summary && *r->summary &&
			   (r->auth == AUTH_PUBLIC || r->roles),
		   "route %s %s is complete", http_method_name(r->method), r->pattern);
	}
	return done_testing();
}
