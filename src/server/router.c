#include "router.h"
#include "common/xmalloc.h"

#include <string.h>

/* The resource files' tables.  Adding a resource means adding it here. */
extern const struct route_table api_health_routes, api_auth_routes, api_calls_routes,
	api_users_routes, api_orgs_routes, api_scripts_routes, api_notifications_routes,
	api_analytics_routes, api_admin_routes, api_apikeys_routes, api_zapier_routes,
	api_otterai_routes, api_files_routes, api_analysis_routes,
	api_recordings_routes, api_integrations_routes, api_live_routes, api_export_routes, api_webhooks_routes;

static const struct route_table *const tables[] = {
	&api_health_routes,
	&api_auth_routes,
	&api_users_routes,
	&api_orgs_routes,
	&api_calls_routes,
	&api_scripts_routes,
	&api_notifications_routes,
	&api_analytics_routes,
	&api_admin_routes,
	&api_apikeys_routes,
	&api_zapier_routes,
	&api_otterai_routes,
	&api_files_routes,
	&api_analysis_routes,
	&api_recordings_routes,
	&api_integrations_routes,
	&api_live_routes,
	&api_export_routes,
	&api_webhooks_routes,
};

#define N_TABLES (sizeof tables / sizeof tables[0])

size_t router_count(void)
{
	size_t i, n = 0;

	for (i = 0; i < N_TABLES; i++)
		n += tables[i]->n;
	return n;
}

const struct route *router_at(size_t i)
{
	size_t t;

	for (t = 0; t < N_TABLES; t++) {
		if (i < tables[t]->n)
			return &tables[t]->routes[i];
		i -= tables[t]->n;
	}
	return NULL;
}

/*
 * Match path against pattern segment by segment.  Returns 1 and fills
 * params with [start, len) spans on a match; *literals counts the literal
 * segments, so "/files/status" beats "/files/:key" whatever the order.
 */
static int match_pattern(const char *pat, const char *path, const char **ps, size_t *pl, int *np,
			 int *literals)
{
	*np = 0;
	*literals = 0;
	while (*pat && *path) {
		const char *pe, *se;

		if (*pat != '/' || *path != '/')
			return 0;
		pat++;
		path++;
		pe = strchr(pat, '/');
		if (!pe)
			pe = pat + strlen(pat);
		se = strchr(path, '/');
		if (!se)
			se = path + strlen(path);
		if (*pat == ':') {
			if (se == path || *np >= HTTP_MAX_PARAMS)
				return 0;
			ps[*np] = path;
			pl[*np] = (size_t)(se - path);
			(*np)++;
		} else if ((size_t)(pe - pat) != (size_t)(se - path) ||
			   memcmp(pat, path, (size_t)(pe - pat)) != 0) {
			return 0;
		} else {
			(*literals)++;
		}
		pat = pe;
		path = se;
	}
	/* Tolerate one trailing slash on the request path. */
	if (!*pat && path[0] == '/' && path[1] == '\0')
		return 1;
	return !*pat && !*path;
}

enum match_result router_match(enum http_method method, const char *path,
			       const struct route **route, char **params, int *nparams,
			       unsigned *allowed)
{
	enum http_method want = method == HTTP_HEAD ? HTTP_GET : method;
	size_t i, n = router_count();
	const char *best_ps[HTTP_MAX_PARAMS];
	size_t best_pl[HTTP_MAX_PARAMS];
	const struct route *best = NULL;
	int best_np = 0, best_lit = -1, k;
	unsigned mask = 0;

	*nparams = 0;
	*allowed = 0;
	if (strlen(path) > ROUTER_MAX_PATH)
		return MATCH_TOO_LONG;
	for (i = 0; i < n; i++) {
		const struct route *rt = router_at(i);
		const char *ps[HTTP_MAX_PARAMS];
		size_t pl[HTTP_MAX_PARAMS];
		int np, lit;

		if (!match_pattern(rt->pattern, path, ps, pl, &np, &lit))
			continue;
		mask |= 1u << rt->method;
		if (rt->method != want || lit <= best_lit)
			continue;
		best = rt;
		best_lit = lit;
		best_np = np;
		memcpy(best_ps, ps, sizeof ps);
		memcpy(best_pl, pl, sizeof pl);
	}
	if (best) {
		*route = best;
		for (k = 0; k < best_np; k++)
			params[k] = xstrndup(best_ps[k], best_pl[k]);
		*nparams = best_np;
		return MATCH_OK;
	}
	if (!mask)
		return MATCH_NOT_FOUND;
	if (mask & (1u << HTTP_GET))
		mask |= 1u << HTTP_HEAD;
	mask |= 1u << HTTP_OPTIONS;
	*allowed = mask;
	return MATCH_BAD_METHOD;
}

void router_allow_header(unsigned allowed, struct buf *b)
{
	int m, first = 1;

	for (m = 0; m < HTTP_METHOD_COUNT; m++) {
		if (!(allowed & (1u << m)))
			continue;
		if (!first)
			buf_addstr(b, ", ");
		buf_addstr(b, http_method_name((enum http_method)m));
		first = 0;
	}
}
