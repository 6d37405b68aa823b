#include "validate.h"
#include "resp.h"
#include "common/ids.h"
#include "common/json.h"
#include "common/timeutil.h"
#include "common/utf8.h"
#include "common/xmalloc.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define STRINGS_ITEM_MAX 200
#define MONEY_MAX 1e11 /* a hundred billion in the currency unit */

void verr_add(struct verrs *v, const char *path, const char *msg, const cJSON *value)
{
	verr_add_at(v, "body", path, msg, value);
}

void verr_add_at(struct verrs *v, const char *location, const char *path, const char *msg,
		 const cJSON *value)
{
	cJSON *d = cJSON_CreateObject();

	if (!v->details)
		v->details = cJSON_CreateArray();
	cJSON_AddStringToObject(d, "type", "field");
	if (value && (cJSON_IsString(value) || cJSON_IsNumber(value) || cJSON_IsBool(value) ||
		      cJSON_IsNull(value))) {
		/* Echo scalars only, and only short ones. */
		if (!cJSON_IsString(value) || strlen(value->valuestring) <= 200)
			cJSON_AddItemToObject(d, "value", cJSON_Duplicate(value, 0));
	}
	cJSON_AddStringToObject(d, "msg", msg);
	cJSON_AddStringToObject(d, "path", path);
	cJSON_AddStringToObject(d, "location", location);
	cJSON_AddItemToArray(v->details, d);
	v->n++;
}

void verr_addf(struct verrs *v, const char *path, const cJSON *value, const char *fmt, ...)
{
	struct buf m = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(&m, fmt, ap);
	va_end(ap);
	verr_add(v, path, m.s, value);
	buf_free(&m);
}

void resp_validation(struct request *r, struct verrs *v)
{
	resp_error_details(r, 400, "VALIDATION_ERROR", "Validation failed", v->details);
	v->details = NULL;
	v->n = 0;
}

void verrs_free(struct verrs *v)
{
	cJSON_Delete(v->details);
	v->details = NULL;
	v->n = 0;
}

const char *check_text(const char *s, int maxlen, int allow_newlines)
{
	int bad_ctrl;
	long n = utf8_count(s, allow_newlines, &bad_ctrl);

	if (n < 0)
		return "must be valid UTF-8";
	if (bad_ctrl)
		return "must not contain control characters";
	if (maxlen > 0 && n > maxlen)
		return "is too long";
	return NULL;
}

const char *check_email(const char *s)
{
	const char *at = strchr(s, '@'), *p, *label;
	size_t len = strlen(s);

	if (len < 3 || len > 254 || !at || at == s || strchr(at + 1, '@') || at - s > 64)
		return "must be a valid email address";
	for (p = s; p < at; p++)
		if ((unsigned char)*p <= 0x20 || (unsigned char)*p >= 0x7f || strchr("\"(),:;<>[\\]", *p))
			return "must be a valid email address";
	if (s[0] == '.' || at[-1] == '.' || strstr(s, ".."))
		return "must be a valid email address";
	label = at + 1;
	if (!strchr(label, '.'))
		return "must be a valid email address";
	for (p = label; ; p++) {
		if (*p == '.' || *p == '\0') {
			if (p == label || label[0] == '-' || p[-1] == '-')
				return "must be a valid email address";
			if (!*p)
				break;
			label = p + 1;
		} else if (!isalnum((unsigned char)*p) && *p != '-') {
			return "must be a valid email address";
		}
	}
	return NULL;
}

const char *check_password(const char *s)
{
	size_t n = strlen(s);

	if (n < 8)
		return "must be at least 8 characters";
	if (n > 1024)
		return "must be at most 1024 bytes";
	return NULL;
}

static const char *check_phone(const char *s)
{
	int digits = 0;
	const char *p;

	if (strlen(s) > 32)
		return "is too long (at most 32 characters)";
	for (p = s; *p; p++) {
		if (isdigit((unsigned char)*p))
			digits++;
		else if (!strchr(" +-().x/", *p))
			return "must be a phone number (digits, spaces, + - ( ) . x)";
	}
	if (digits < 3)
		return "must be a phone number";
	return NULL;
}

static const char *check_url(const char *s, int maxlen)
{
	const char *p;

	if (strncmp(s, "http://", 7) && strncmp(s, "https://", 8))
		return "must be an http(s) URL";
	if ((int)strlen(s) > (maxlen > 0 ? maxlen : 2048))
		return "is too long";
	for (p = s; *p; p++)
		if ((unsigned char)*p <= 0x20 || (unsigned char)*p == 0x7f)
			return "must not contain spaces or control characters";
	return NULL;
}

static int enum_ok(const char *const *values, const char *s)
{
	for (; *values; values++)
		if (!strcmp(*values, s))
			return 1;
	return 0;
}

static void enum_msg(struct buf *b, const char *const *values)
{
	buf_addstr(b, "must be one of: ");
	for (const char *const *v = values; *v; v++)
		buf_addf(b, "%s%s", v == values ? "" : ", ", *v);
}

/* Trimmed copy of s. */
static char *trimmed(const char *s)
{
	const char *e = s + strlen(s);

	while (*s && isspace((unsigned char)*s))
		s++;
	while (e > s && isspace((unsigned char)e[-1]))
		e--;
	return xstrndup(s, (size_t)(e - s));
}

static struct fval *push(struct fvals *out, const struct field *f)
{
	struct fval *v;

	fvals_remove(out, f->json);
	if (out->n >= FVALS_MAX)
		abort(); /* a spec with more fields than FVALS_MAX: a bug */
	v = &out->v[out->n++];
	memset(v, 0, sizeof *v);
	v->f = f;
	return v;
}

static int number_of(const cJSON *j, double *d)
{
	if (cJSON_IsNumber(j)) {
		*d = j->valuedouble;
		return isfinite(*d) ? 0 : -1;
	}
	if (cJSON_IsString(j) && j->valuestring[0]) {
		/* The original accepted numeric strings ("1500.50"). */
		char *end;
		*d = strtod(j->valuestring, &end);
		return *end || !isfinite(*d) ? -1 : 0;
	}
	return -1;
}

static void parse_one(const struct field *f, const cJSON *j, struct fvals *out, struct verrs *errs)
{
	const char *name = f->json, *msg = NULL;
	struct buf m = BUF_INIT;
	struct fval *v;
	double d;

	if (cJSON_IsNull(j)) {
		if (f->flags & FF_NULLABLE)
			push(out, f)->is_null = 1;
		else
			verr_add(errs, name, "must not be null", j);
		return;
	}
	switch (f->type) {
	case FT_TEXT:
	case FT_LONGTEXT:
	case FT_EMAIL:
	case FT_PHONE:
	case FT_URL:
	case FT_UUID:
	case FT_ENUM:
	case FT_TIME: {
		char *t;
		if (!cJSON_IsString(j)) {
			verr_add(errs, name, "must be a string", j);
			return;
		}
		if (strlen(j->valuestring) > 65536) {
			verr_add(errs, name, "is too long", NULL);
			return;
		}
		t = trimmed(j->valuestring);
		if (!*t) {
			free(t);
			if (f->flags & FF_NULLABLE)
				push(out, f)->is_null = 1;
			else
				verr_add(errs, name, "must not be empty", j);
			return;
		}
		msg = check_text(t, f->maxlen, f->type == FT_LONGTEXT);
		if (!msg) {
			switch (f->type) {
			case FT_EMAIL: msg = check_email(t); break;
			case FT_PHONE: msg = check_phone(t); break;
			case FT_URL: msg = check_url(t, f->maxlen); break;
			case FT_UUID: msg = uuid_valid(t) ? NULL : "must be a UUID"; break;
			case FT_ENUM:
				if (!enum_ok(f->values, t)) {
					enum_msg(&m, f->values);
					msg = m.s;
				}
				break;
			case FT_TIME: {
				int64_t ms;
				if (time_parse_iso(t, &ms)) {
					msg = "must be an ISO-8601 date or date-time";
				} else {
					v = push(out, f);
					v->i = ms;
					free(t);
					return;
				}
				break;
			}
			default: break;
			}
		}
		if (msg) {
			verr_add(errs, name, msg, j);
			free(t);
			break;
		}
		if (f->type == FT_UUID)
			for (char *p = t; *p; p++)
				*p = (char)tolower((unsigned char)*p);
		push(out, f)->text = t;
		break;
	}
	case FT_MONEY:
		if (number_of(j, &d) || d < 0 || d > (f->max > 0 ? f->max : MONEY_MAX)) {
			verr_add(errs, name, "must be a non-negative amount", j);
			break;
		}
		push(out, f)->i = llround(d * 100.0);
		break;
	case FT_INT:
		if (!cJSON_IsNumber(j) || j->valuedouble != floor(j->valuedouble) ||
		    j->valuedouble < f->min || j->valuedouble > f->max) {
			verr_addf(errs, name, j, "must be an integer between %.0f and %.0f", f->min, f->max);
			break;
		}
		push(out, f)->i = (int64_t)j->valuedouble;
		break;
	case FT_REAL:
		if (number_of(j, &d) || d < f->min || d > f->max) {
			verr_addf(errs, name, j, "must be a number between %g and %g", f->min, f->max);
			break;
		}
		push(out, f)->d = d;
		break;
	case FT_BOOL:
		if (!cJSON_IsBool(j)) {
			verr_add(errs, name, "must be true or false", j);
			break;
		}
		push(out, f)->i = cJSON_IsTrue(j);
		break;
	case FT_JSON: {
		char *s;
		if (!cJSON_IsObject(j)) {
			verr_add(errs, name, "must be an object", j);
			break;
		}
		s = json_print(j);
		if (f->maxlen > 0 && strlen(s) > (size_t)f->maxlen) {
			verr_addf(errs, name, NULL, "is too large (at most %d bytes as JSON)", f->maxlen);
			free(s);
			break;
		}
		push(out, f)->text = s;
		break;
	}
	case FT_STRINGS: {
		const cJSON *it;
		cJSON *arr;
		int n = 0, bad = 0;
		if (!cJSON_IsArray(j)) {
			verr_add(errs, name, "must be an array of strings", j);
			break;
		}
		arr = cJSON_CreateArray();
		cJSON_ArrayForEach(it, j) {
			const char *e;
			char *t;
			if (++n > f->maxlen) {
				verr_addf(errs, name, NULL, "has too many items (at most %d)", f->maxlen);
				bad = 1;
				break;
			}
			if (!cJSON_IsString(it)) {
				verr_addf(errs, name, NULL, "item %d must be a string", n);
				bad = 1;
				break;
			}
			t = trimmed(it->valuestring);
			e = check_text(t, STRINGS_ITEM_MAX, 0);
			if (e || !*t) {
				verr_addf(errs, name, NULL, "item %d %s", n, e ? e : "must not be empty");
				free(t);
				bad = 1;
				break;
			}
			cJSON_AddItemToArray(arr, cJSON_CreateString(t));
			free(t);
		}
		if (!bad)
			push(out, f)->text = json_print(arr);
		cJSON_Delete(arr);
		break;
	}
	}
	buf_free(&m);
}

void fields_parse(const struct field *fs, size_t n, const cJSON *body, unsigned mode,
		  struct fvals *out, struct verrs *errs)
{
	size_t i;

	if (!cJSON_IsObject(body)) {
		verr_add(errs, "body", "must be a JSON object", NULL);
		return;
	}
	for (i = 0; i < n; i++) {
		const struct field *f = &fs[i];
		const cJSON *j;

		if (!(f->flags & mode))
			continue;
		j = json_get2(body, f->json, f->alias);
		if (!j) {
			if (mode == FF_CREATE && (f->flags & FF_REQUIRED))
				verr_add(errs, f->json, "is required", NULL);
			continue;
		}
		if (mode == FF_CREATE && (f->flags & FF_REQUIRED) && cJSON_IsNull(j)) {
			verr_add(errs, f->json, "is required", j);
			continue;
		}
		parse_one(f, j, out, errs);
	}
}

const struct fval *fvals_get(const struct fvals *v, const char *json_name)
{
	int i;

	for (i = 0; i < v->n; i++)
		if (!strcmp(v->v[i].f->json, json_name))
			return &v->v[i];
	return NULL;
}

void fvals_remove(struct fvals *v, const char *json_name)
{
	int i;

	for (i = 0; i < v->n; i++) {
		if (!strcmp(v->v[i].f->json, json_name)) {
			free(v->v[i].text);
			memmove(&v->v[i], &v->v[i + 1], (size_t)(v->n - i - 1) * sizeof v->v[0]);
			v->n--;
			return;
		}
	}
}

void fvals_set_text(struct fvals *v, const struct field *f, const char *text)
{
	push(v, f)->text = xstrdup(text);
}

void fvals_set_int(struct fvals *v, const struct field *f, int64_t i)
{
	push(v, f)->i = i;
}

void fvals_set_real(struct fvals *v, const struct field *f, double d)
{
	push(v, f)->d = d;
}

void fvals_set_null(struct fvals *v, const struct field *f)
{
	push(v, f)->is_null = 1;
}

void fvals_free(struct fvals *v)
{
	int i;

	for (i = 0; i < v->n; i++)
		free(v->v[i].text);
	v->n = 0;
}

const struct field *fields_find(const struct field *fs, size_t n, const char *json_name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(fs[i].json, json_name))
			return &fs[i];
	return NULL;
}

static int parse_pos_int(const char *s, int64_t *out)
{
	int64_t v = 0;

	if (!*s)
		return -1;
	for (; *s; s++) {
		if (!isdigit((unsigned char)*s) || v > 100000000)
			return -1;
		v = v * 10 + (*s - '0');
	}
	*out = v;
	return 0;
}

void parse_pagination(const struct request *r, int def_limit, int max_limit,
		      int64_t *page, int64_t *limit, struct verrs *errs)
{
	const char *p = req_query(r, "page"), *l = req_query(r, "limit");

	*page = 1;
	*limit = def_limit;
	if (p && (parse_pos_int(p, page) || *page < 1 || *page > 1000000)) {
		cJSON *v = cJSON_CreateString(p);
		verr_add_at(errs, "query", "page", "must be an integer of at least 1", v);
		cJSON_Delete(v);
		*page = 1;
	}
	if (l && (parse_pos_int(l, limit) || *limit < 1 || *limit > max_limit)) {
		cJSON *v = cJSON_CreateString(l);
		struct buf m = BUF_INIT;
		buf_addf(&m, "must be an integer from 1 to %d", max_limit);
		verr_add_at(errs, "query", "limit", m.s, v);
		buf_free(&m);
		cJSON_Delete(v);
		*limit = def_limit;
	}
}

cJSON *pagination_json(int64_t page, int64_t limit, int64_t total)
{
	cJSON *p = cJSON_CreateObject();

	cJSON_AddNumberToObject(p, "page", (double)page);
	cJSON_AddNumberToObject(p, "limit", (double)limit);
	cJSON_AddNumberToObject(p, "total", (double)total);
	cJSON_AddNumberToObject(p, "pages", (double)((total + limit - 1) / limit));
	return p;
}

static void query_problem(struct verrs *v, const char *key, const char *value, const char *msg)
{
	cJSON *j = cJSON_CreateString(strlen(value) > 64 ? "" : value);

	verr_add_at(v, "query", key, msg, j);
	cJSON_Delete(j);
}

void query_enum(const struct request *r, const char *key, const char *const *values,
		const char **out, struct verrs *v)
{
	const char *s = req_query(r, key);

	*out = NULL;
	if (!s || !*s)
		return;
	for (; *values; values++) {
		if (!strcmp(*values, s)) {
			*out = *values;
			return;
		}
	}
	query_problem(v, key, s, "is not a valid value");
}

void query_uuid(const struct request *r, const char *key, const char **out, struct verrs *v)
{
	const char *s = req_query(r, key);

	*out = NULL;
	if (!s || !*s)
		return;
	if (!uuid_valid(s)) {
		query_problem(v, key, s, "must be a UUID");
		return;
	}
	*out = s;
}

void query_time(const struct request *r, const char *key, int end_of_day, int64_t *ms, int *has,
		struct verrs *v)
{
	const char *s = req_query(r, key);

	*has = 0;
	if (!s || !*s)
		return;
	if (strlen(s) > 64 || time_parse_iso(s, ms)) {
		query_problem(v, key, s, "must be an ISO-8601 date or date-time");
		return;
	}
	if (end_of_day && strlen(s) == 10)
		*ms += 86400000 - 1;
	*has = 1;
}

void query_date_range(const struct request *r, int64_t *start, int *has_start, int64_t *end,
		      int *has_end, struct verrs *v)
{
	query_time(r, "startDate", 0, start, has_start, v);
	query_time(r, "endDate", 1, end, has_end, v);
	if (*has_start && *has_end && *start > *end)
		verr_add_at(v, "query", "endDate", "must not be before startDate", NULL);
}
