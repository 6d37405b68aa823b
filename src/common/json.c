#include "json.h"
#include "timeutil.h"
#include "xmalloc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/*
 * Pre-scan the text: reject nesting deeper than max_depth before cJSON
 * recurses into it (cJSON's own limit is 1000 levels of C recursion), and
 * reject the escape \u0000, which cJSON would decode into a NUL that
 * silently truncates the string.  Returns NULL or the problem.
 */
static const char *prescan(const char *s, size_t len, int max_depth)
{
	int depth = 0, in_str = 0;
	size_t i;

	for (i = 0; i < len; i++) {
		char c = s[i];
		if (in_str) {
			if (c == '\\') {
				if (i + 5 < len && s[i + 1] == 'u' && !memcmp(s + i + 2, "0000", 4))
					return "NUL characters are not allowed in strings";
				i++;
			} else if (c == '"') {
				in_str = 0;
			}
			continue;
		}
		if (c == '"') {
			in_str = 1;
		} else if (c == '{' || c == '[') {
			if (++depth > max_depth)
				return "JSON nested too deeply";
		} else if (c == '}' || c == ']') {
			depth--;
		}
	}
	return NULL;
}

cJSON *json_parse(const char *text, size_t len, int max_depth, const char **err)
{
	const char *end = NULL;
	cJSON *v;
	size_t i;

	const char *bad = prescan(text, len, max_depth);

	if (err)
		*err = bad;
	if (bad)
		return NULL;
	v = cJSON_ParseWithLengthOpts(text, len, &end, 0);
	if (!v) {
		if (err)
			*err = "Malformed JSON";
		return NULL;
	}
	for (i = (size_t)(end - text); i < len; i++) {
		char c = text[i];
		if (c != ' ' && c != '\t' && c != '\r' && c != '\n' && c != '\0') {
			cJSON_Delete(v);
			if (err)
				*err = "Unexpected data after the JSON value";
			return NULL;
		}
	}
	return v;
}

int json_depth(const cJSON *v)
{
	int best = 0;
	const cJSON *c;

	if (!cJSON_IsObject(v) && !cJSON_IsArray(v))
		return 0;
	for (c = v->child; c; c = c->next) {
		int d = json_depth(c);
		if (d > best)
			best = d;
	}
	return best + 1;
}

cJSON *json_get(const cJSON *obj, const char *key)
{
	if (!cJSON_IsObject(obj))
		return NULL;
	return cJSON_GetObjectItemCaseSensitive(obj, key);
}

cJSON *json_get2(const cJSON *obj, const char *key, const char *alias)
{
	cJSON *v = json_get(obj, key);

	if (!v && alias)
		v = json_get(obj, alias);
	return v;
}

const char *json_str(const cJSON *obj, const char *key)
{
	cJSON *v = json_get(obj, key);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

int json_true(const cJSON *obj, const char *key)
{
	return cJSON_IsTrue(json_get(obj, key));
}

int json_int(const cJSON *obj, const char *key, int64_t *out)
{
	cJSON *v = json_get(obj, key);
	double d;

	if (!cJSON_IsNumber(v))
		return -1;
	d = v->valuedouble;
	if (d != floor(d) || d < -9007199254740992.0 || d > 9007199254740992.0)
		return -1;
	*out = (int64_t)d;
	return 0;
}

void json_add_str_or_null(cJSON *obj, const char *key, const char *s)
{
	if (s)
		cJSON_AddStringToObject(obj, key, s);
	else
		cJSON_AddNullToObject(obj, key);
}

void json_add_time(cJSON *obj, const char *key, int64_t ms, int has_value)
{
	char iso[TIME_ISO_LEN];

	if (!has_value) {
		cJSON_AddNullToObject(obj, key);
		return;
	}
	cJSON_AddStringToObject(obj, key, time_format_iso(ms, iso, sizeof iso));
}

static void *hook_malloc(size_t n)
{
	return xmalloc(n);
}

void json_init(void)
{
	cJSON_Hooks hooks = { hook_malloc, free };

	cJSON_InitHooks(&hooks);
}

char *json_print(const cJSON *v)
{
	char *s = cJSON_PrintUnformatted(v);

	if (!s)
		abort(); /* only a NULL tree or OOM, both bugs given our hooks */
	return s;
}

char *json_print_pretty(const cJSON *v)
{
	char *s = cJSON_Print(v);

	if (!s)
		abort();
	return s;
}

/* ---- locating a path in JSON text (for messages) ---- */

static const char *loc_ws(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
		p++;
	return p;
}

static const char *loc_string(const char *p, const char *end)
{
	if (p >= end || *p != '"')
		return NULL;
	for (p++; p < end; p++) {
		if (*p == '\\')
			p++;
		else if (*p == '"')
			return p + 1;
	}
	return NULL;
}

/* Skip one value; NULL when malformed.  depth bounds the recursion. */
static const char *loc_skip(const char *p, const char *end, int depth)
{
	char close;

	p = loc_ws(p, end);
	if (p >= end || depth > JSON_MAX_DEPTH * 8)
		return NULL;
	if (*p == '"')
		return loc_string(p, end);
	if (*p != '{' && *p != '[') {
		while (p < end && !strchr(",]} \t\r\n", *p))
			p++;
		return p;
	}
	close = *p == '{' ? '}' : ']';
	p = loc_ws(p + 1, end);
	if (p < end && *p == close)
		return p + 1;
	for (;;) {
		if (close == '}') {
			if (!(p = loc_string(loc_ws(p, end), end)))
				return NULL;
			p = loc_ws(p, end);
			if (p >= end || *p != ':')
				return NULL;
			p++;
		}
		if (!(p = loc_skip(p, end, depth + 1)))
			return NULL;
		p = loc_ws(p, end);
		if (p < end && *p == ',') {
			p++;
			continue;
		}
		return p < end && *p == close ? p + 1 : NULL;
	}
}

/* Skip a value and the comma after it; NULL when there is no comma. */
static const char *loc_past_comma(const char *p, const char *end, int depth)
{
	if (!(p = loc_skip(p, end, depth)))
		return NULL;
	p = loc_ws(p, end);
	return p < end && *p == ',' ? p + 1 : NULL;
}

static const char *loc_find(const char *p, const char *end, const char *path, int depth)
{
	p = loc_ws(p, end);
	if (*path == '.')
		path++;
	if (!*path)
		return p < end ? p : NULL;
	if (p >= end || depth > JSON_MAX_DEPTH * 8)
		return NULL;
	if (*path == '[') {
		char *after;
		long i, n = strtol(path + 1, &after, 10);
		if (*after != ']' || n < 0 || *p != '[')
			return NULL;
		p++;
		for (i = 0; i < n; i++)
			if (!(p = loc_past_comma(p, end, depth + 1)))
				return NULL;
		if (loc_ws(p, end) < end && *loc_ws(p, end) == ']')
			return NULL;
		return loc_find(p, end, after + 1, depth + 1);
	} else {
		size_t klen = strcspn(path, ".[");
		if (*p != '{')
			return NULL;
		p = loc_ws(p + 1, end);
		if (p < end && *p == '}')
			return NULL;
		for (;;) {
			const char *k = loc_ws(p, end), *kend = loc_string(k, end);
			if (!kend)
				return NULL;
			p = loc_ws(kend, end);
			if (p >= end || *p != ':')
				return NULL;
			p++;
			if ((size_t)(kend - k - 2) == klen && !strncmp(k + 1, path, klen))
				return loc_find(p, end, path + klen, depth + 1);
			if (!(p = loc_past_comma(p, end, depth + 1)))
				return NULL;
		}
	}
}

long json_locate(const char *text, size_t len, const char *path)
{
	const char *p = loc_find(text, text + len, path, 0);

	return p ? (long)(p - text) : -1;
}

void json_line_col(const char *text, size_t off, int *line, int *col)
{
	size_t i;

	*line = 1;
	*col = 1;
	for (i = 0; i < off && text[i]; i++) {
		if (text[i] == '\n') {
			(*line)++;
			*col = 1;
		} else if (((unsigned char)text[i] & 0xC0) != 0x80) {
			(*col)++;
		}
	}
}
